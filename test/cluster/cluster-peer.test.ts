import { ClusterPeer, ClusterPolicySubject, NamespaceSelector, Selector } from '../../src';

const CONTEXT = { path: 'test', namespace: '', appLabelKey: 'app.kubernetes.io/name' };

describe('ClusterPeer |', () => {
  test.each<[string, ClusterPeer, any, string]>([
    ['all pods', ClusterPeer.allPods(), { namespaces: {} }, 'all pods in (all namespaces)'],
    ['pods of a namespace carried by the selector', ClusterPeer.pods(Selector.app('web').inNamespace('shop')),
      { pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } } },
      'pods app=web in namespace shop'],
    ['networks, sorted and deduplicated', ClusterPeer.networks(['fd00::/8', '10.0.0.0/8', '10.0.0.0/8']), { networks: ['10.0.0.0/8', 'fd00::/8'] }, 'networks 10.0.0.0/8, fd00::/8'],
    ['nodes', ClusterPeer.nodes(Selector.labels({ 'node-role.kubernetes.io/control-plane': '' })),
      { nodes: { matchLabels: { 'node-role.kubernetes.io/control-plane': '' } } }, 'nodes node-role.kubernetes.io/control-plane='],
    ['domain names', ClusterPeer.domainNames(['example.com', '*.example.com']), { domainNames: ['*.example.com', 'example.com'] }, 'domain names *.example.com, example.com'],
  ])('%s', (_, peer, kube, text) => {
    // THEN
    expect(peer._toKube(CONTEXT)).toEqual(kube);
    expect(peer.toString()).toBe(text);
  });

  test('tells egress-only and experimental peers apart', () => {
    // THEN
    expect([ClusterPeer.allPods(), ClusterPeer.networks(['10.0.0.0/8']), ClusterPeer.nodes(Selector.all()), ClusterPeer.domainNames(['a.io'])]
      .map(p => [p.isEgressOnly, p.isExperimental])).toEqual([[false, false], [true, false], [true, true], [true, true]]);
  });

  test('refuses a CIDR with host bits, a workload-free node selector only, and the upstream pattern\'s stray characters', () => {
    // THEN
    expect(() => ClusterPeer.networks(['10.0.0.7/8'])).toThrow(/host bits set\. Did you mean "10\.0\.0\.0\/8"\?/);
    expect(() => ClusterPeer.nodes(Selector.all().inNamespace('x'))).toThrow(/nodes are selected by node labels/);
    expect(() => ClusterPeer.domainNames(['^x.example.com'])).toThrow(/Invalid domain name "\^x\.example\.com"/);
  });
});

describe('ClusterPolicySubject |', () => {
  test('renders namespaces or pods', () => {
    // THEN
    expect(ClusterPolicySubject.allNamespaces()._toKube(CONTEXT)).toEqual({ namespaces: {} });
    expect(ClusterPolicySubject.pods(Selector.labels({ a: 'b' }))._toKube(CONTEXT)).toEqual({ pods: { namespaceSelector: {}, podSelector: { matchLabels: { a: 'b' } } } });
    expect(ClusterPolicySubject.namespaces(NamespaceSelector.named('x')).toString()).toBe('all pods in namespace x');
  });
});
