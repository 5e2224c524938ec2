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

describe('Peer | argument types from plain JavaScript', () => {
  test.each([
    ['Peer.pods(undefined)', () => Peer.pods(undefined as any), /^Peer\.pods\(\) takes a Selector, got no value\. Make one with Selector\.app\('web'\)\.$/],
    ['Peer.pods(string)', () => Peer.pods('web' as any), /^Peer\.pods\(\) takes a Selector, got a string\./],
    ['Peer.podsIn(string, selector)', () => Peer.podsIn('shop' as any, Selector.all()), /^Peer\.podsIn\(\) takes a NamespaceSelector, got a string\./],
    ['Peer.namespaces(Selector)', () => Peer.namespaces(Selector.all() as any), /^Peer\.namespaces\(\) takes a NamespaceSelector, got a Selector\./],
    ['Peer.ipBlock(string)', () => Peer.ipBlock('10.0.0.0/8' as any), /^Peer\.ipBlock\(\) takes an IpBlock, got a string\. Make one with IpBlock\.of/],
  ])('%s is a library error, not a TypeError', (_what, make, message) => {
    expect(make).toThrow(message);
    expect(() => NamespaceSelector.all().intersect(Selector.all() as any)).toThrow(/^NamespaceSelector\.intersect\(\) takes a NamespaceSelector/);
  });
});
