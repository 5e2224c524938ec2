import { NamespaceSelector, Peer, Selector } from '../../src';
import { RenderContext } from '../../src/core/render-context';

const CTX: RenderContext = { path: 'test/Policy', namespace: 'shop', appLabelKey: 'app' };
const NS = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });

describe('Peer |', () => {
  test.each([
    [Peer.pods(Selector.app('web')), { podSelector: { matchLabels: { app: 'web' } } }, 'pods app=web'],
    [Peer.pods(Selector.app('web').inNamespace('shop')), { podSelector: { matchLabels: { app: 'web' } } }, 'pods app=web in namespace shop'],
    [Peer.pods(Selector.app('web').inNamespace('front')), { namespaceSelector: NS('front'), podSelector: { matchLabels: { app: 'web' } } }, 'pods app=web in namespace front'],
    [Peer.podsIn(NamespaceSelector.named('monitoring'), Selector.app('prometheus')),
      { namespaceSelector: NS('monitoring'), podSelector: { matchLabels: { app: 'prometheus' } } }, 'pods app=prometheus in namespace monitoring'],
    [Peer.podsIn(NamespaceSelector.all(), Selector.all()), { namespaceSelector: {}, podSelector: {} }, 'pods (all pods) in (all namespaces)'],
    [Peer.namespaces(NamespaceSelector.labels({ env: 'prod' })), { namespaceSelector: { matchLabels: { env: 'prod' } } }, 'all pods in env=prod'],
    [Peer.allPodsInCluster(), { namespaceSelector: {} }, 'all pods in (all namespaces)'],
    [Peer.cidr('203.0.113.0/24'), { ipBlock: { cidr: '203.0.113.0/24' } }, '203.0.113.0/24'],
  ])('%s renders relative to the policy namespace', (peer, kube, text) => {
    expect(peer._toKube(CTX)).toEqual(kube);
    expect(peer.toString()).toEqual(text);
  });

  test('gives readable name tokens', () => {
    expect(Peer.podsIn(NamespaceSelector.named('monitoring'), Selector.app('prometheus'))._nameToken()).toEqual('monitoring-prometheus');
    expect(Peer.cidr('10.0.0.0/8')._nameToken()).toEqual('10.0.0.0-8');
  });
});
