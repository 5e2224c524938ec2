import { Chart, JsonPatch, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  ClusterNetworkPolicy,
  ClusterPeer,
  ClusterPolicyAction,
  ClusterPolicyPriority,
  ClusterPolicySubject,
  ClusterPolicyTier,
  IpBlock,
  NamespaceSelector,
  Port,
  Protocol,
  Selector,
} from '../../src';
import { validateClusterNetworkPolicy } from '../../src/kube/validation/cluster-network-policy';

function cnp(props: Partial<ConstructorParameters<typeof ClusterNetworkPolicy>[2]> = {}) {
  const chart = Testing.chart();
  const policy = new ClusterNetworkPolicy(chart, 'DevNeverProd', {
    tier: ClusterPolicyTier.ADMIN,
    priority: ClusterPolicyPriority.of(10),
    subject: ClusterPolicySubject.namespaces(NamespaceSelector.labels({ env: 'prod' })),
    ...props,
  });
  return { chart, policy };
}

function rule(peers: ClusterPeer[], ports?: Port[]) {
  return { name: 'r', action: ClusterPolicyAction.DENY, peers, ports };
}

describe('ClusterNetworkPolicy |', () => {
  test('renders a cluster-scoped Admin policy with named, ordered rules', () => {
    // GIVEN
    const { chart, policy } = cnp({
      ingress: [{ name: 'deny-from-dev', action: ClusterPolicyAction.DENY, peers: [ClusterPeer.namespaces(NamespaceSelector.labels({ env: 'dev' }))] }],
    });

    // WHEN
    policy.addEgressRule({
      name: 'accept-db',
      action: ClusterPolicyAction.ACCEPT,
      peers: [ClusterPeer.pods(Selector.labels({ app: 'db' }).inNamespace('data'))],
      ports: [Port.tcp(5432), Port.udpRange(1000, 2000), Port.sctp(9), Port.named('metrics')],
    });
    policy.addEgressRule({ name: 'deny-rest', action: ClusterPolicyAction.DENY, peers: [ClusterPeer.networks(['0.0.0.0/0', '::/0'])] });
    const manifests = Testing.synth(chart);

    // THEN
    expect(manifests).toMatchSnapshot();
    const [object] = manifests;
    expect(object.apiVersion).toBe('policy.networking.k8s.io/v1alpha2');
    expect(object.metadata).toEqual({ name: 'dev-never-prod' });
    expect(object.spec.priority).toBe(10);
    expect(object.spec.egress.map((r: any) => r.name)).toEqual(['accept-db', 'deny-rest']);
    expect(object.spec.egress[0].to).toEqual([{
      pods: {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } },
        podSelector: { matchLabels: { app: 'db' } },
      },
    }]);
    expect(object.spec.egress[0].protocols).toEqual([
      { destinationNamedPort: 'metrics' },
      { tcp: { destinationPort: { number: 5432 } } },
      { udp: { destinationPort: { range: { start: 1000, end: 2000 } } } },
      { sctp: { destinationPort: { number: 9 } } },
    ]);
    expect(policy.requiresExperimentalChannel).toBe(false);
    expect(validateClusterNetworkPolicy(object, { channel: 'standard', requireName: true })).toEqual([]);
  });

  test('writes all ports of a protocol as the range 1-65535', () => {
    // GIVEN
    const { chart } = cnp({ egress: [rule([ClusterPeer.allPods()], [Port.tcpRange(1, 65535)])] });

    // THEN
    expect(Testing.synth(chart)[0].spec.egress[0].protocols).toEqual([{ tcp: { destinationPort: { range: { start: 1, end: 65535 } } } }]);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['a port-less protocol', () => cnp({ egress: [rule([ClusterPeer.allPods()], [Port.allTcp()])] }), /no port-less TCP match\. For every TCP port, use Port\.tcpRange\(1, 65535\)\./],
    ['an ipBlock with except', () => ClusterPeer.ipBlock(IpBlock.of('10.0.0.0/8', ['10.1.0.0/16'])), /has no except\. Put a rule for the excepted ranges \(10\.1\.0\.0\/16\) before this one/],
    ['26 rules', () => cnp({ egress: Array.from({ length: 26 }, (_, i) => ({ ...rule([ClusterPeer.allPods()]), name: `r${i}` })) }), /26th egress rule; the CRD allows at most 25/],
    ['26 peers', () => cnp({ egress: [rule(Array.from({ length: 26 }, () => ClusterPeer.allPods()))] }), /has 26 peers; the CRD allows at most 25/],
    ['no peers', () => cnp({ egress: [rule([])] }), /\[test\/DevNeverProd\] egress rule "r" has no peers/],
    ['a rule name over 100 characters', () => cnp({ egress: [{ ...rule([ClusterPeer.allPods()]), name: 'n'.repeat(101) }] }), /is 101 characters long; the CRD allows at most 100/],
    ['two rules of one name', () => cnp({ egress: [rule([ClusterPeer.allPods()]), rule([ClusterPeer.allPods()])] }), /second egress rule of that name/],
    ['a networks peer on ingress', () => cnp({ ingress: [rule([ClusterPeer.networks(['10.0.0.0/8'])])] }), /ingress peers are namespaces or pods only/],
    ['a named port with a networks peer', () => cnp({ egress: [rule([ClusterPeer.networks(['10.0.0.0/8'])], [Port.named('http')])] }), /named port "http" with the peer networks 10\.0\.0\.0\/8, which has no named ports/],
    ['a UDP named port', () => cnp({ egress: [rule([ClusterPeer.allPods()], [Port.named('dns', Protocol.UDP)])] }), /named port carries no protocol/],
    ['priority 1001', () => ClusterPolicyPriority.of(1001), /priority 1001: must be an integer from 0 to 1000/],
    ['a CIDR without mask', () => ClusterPeer.networks(['10.0.0.7']), /Invalid CIDR "10\.0\.0\.7": mask missing\. Did you mean "10\.0\.0\.7\/32"\?/],
    ['26 CIDRs', () => ClusterPeer.networks(Array.from({ length: 26 }, (_, i) => `10.${i}.0.0/16`)), /26 CIDRs in one networks peer/],
    ['a one-label domain name', () => ClusterPeer.domainNames(['localhost']), /needs at least two labels/],
    ['a wildcard in the middle', () => ClusterPeer.domainNames(['api.*.example.com']), /wildcard may only be the whole first label/],
    ['a URL as a domain name', () => ClusterPeer.domainNames(['https://example.com/x']), /without a scheme, port or path/],
    ['an invalid name', () => cnp({ name: 'Dev_Prod' }), /Invalid ClusterNetworkPolicy name "Dev_Prod"/],
    ['a missing subject (from JavaScript)', () => cnp({ subject: undefined }), /subject must be a ClusterPolicySubject/],
  ])('refuses %s, saying how to fix it', (_, make, message) => {
    // THEN
    expect(make).toThrow(message);
  });

  test('marks nodes and domainNames peers as experimental', () => {
    // GIVEN
    const { chart, policy } = cnp({
      egress: [
        { name: 'accept-github', action: ClusterPolicyAction.ACCEPT, peers: [ClusterPeer.domainNames(['*.github.com', 'github.com'])], ports: [Port.HTTPS] },
        rule([ClusterPeer.nodes(Selector.all())]),
      ].map((r, i) => ({ ...r, name: `r${i}` })),
    });

    // WHEN
    const [object] = Testing.synth(chart);

    // THEN
    expect(policy.requiresExperimentalChannel).toBe(true);
    expect(object.spec.egress[0].to).toEqual([{ domainNames: ['*.github.com', 'github.com'] }]);
    expect(validateClusterNetworkPolicy(object, { channel: 'experimental', requireName: true })).toEqual([]);
    expect(validateClusterNetworkPolicy(object, { channel: 'standard', requireName: true }).map(i => i.path))
      .toEqual(expect.arrayContaining(['spec.egress[0].to[0].domainNames', 'spec.egress[1].to[0].nodes']));
  });

  test('has no namespace, even in a chart that has one', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'Platform', { namespace: 'shop' });

    // WHEN
    new ClusterNetworkPolicy(chart, 'Guard', { tier: ClusterPolicyTier.ADMIN, priority: ClusterPolicyPriority.of(1), subject: ClusterPolicySubject.allNamespaces() });

    // THEN
    expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'guard' });
  });

  test('checks a JSON-patched manifest against the CRD at synth', () => {
    // GIVEN
    const { chart, policy } = cnp();

    // WHEN
    policy.addJsonPatch(JsonPatch.replace('/spec/priority', 5000));

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/ClusterNetworkPolicy dev-never-prod would be rejected by the API server: spec\.priority: .*less than or equal to 1000/);
  });

  test('refuses two ClusterNetworkPolicies of one name at synth', () => {
    // GIVEN
    const { chart } = cnp({ name: 'same' });
    new ClusterNetworkPolicy(chart, 'Other', {
      name: 'same',
      tier: ClusterPolicyTier.BASELINE,
      priority: ClusterPolicyPriority.of(1),
      subject: ClusterPolicySubject.allNamespaces(),
    });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/ClusterNetworkPolicy name "same" is also used by test\/Other/);
  });

  test('every synthesized ClusterNetworkPolicy passes the CRD of its channel (property)', () => {
    const selector = fc.constantFrom(Selector.all(), Selector.labels({ app: 'web' }), Selector.app('api'), Selector.labels({ tier: 'db' }).inNamespace('data'));
    const namespaces = fc.constantFrom(NamespaceSelector.all(), NamespaceSelector.named('prod'), NamespaceSelector.names(['a', 'b']), NamespaceSelector.labels({ env: 'dev' }));
    const inClusterPeer = fc.oneof(
      namespaces.map(n => ClusterPeer.namespaces(n)),
      fc.tuple(selector, namespaces).map(([s, n]) => ClusterPeer.pods(s, s.namespace === undefined ? n : undefined)),
    );
    const addressPeer = fc.oneof(
      fc.subarray(['10.0.0.0/8', '192.168.0.0/16', '0.0.0.0/0', '::/0', 'fd00::/8'], { minLength: 1 }).map(c => ClusterPeer.networks(c)),
      selector.filter(s => s.namespace === undefined).map(s => ClusterPeer.nodes(s)),
      fc.subarray(['github.com', '*.github.com', 'api.example.io.'], { minLength: 1 }).map(d => ClusterPeer.domainNames(d)),
    );
    const port = fc.oneof(
      fc.integer({ min: 1, max: 65535 }).map(n => Port.tcp(n)),
      fc.integer({ min: 1, max: 65534 }).chain(a => fc.integer({ min: a, max: 65535 }).map(b => Port.rangeOf(Protocol.UDP, a, b))),
      fc.integer({ min: 1, max: 65535 }).map(n => Port.sctp(n)),
    );
    const action = fc.constantFrom(ClusterPolicyAction.ACCEPT, ClusterPolicyAction.DENY, ClusterPolicyAction.PASS);
    const rules = (peer: fc.Arbitrary<ClusterPeer>) => fc.array(fc.record({
      action,
      peers: fc.array(peer, { minLength: 1, maxLength: 4 }),
      ports: fc.option(fc.array(port, { minLength: 1, maxLength: 4 }), { nil: undefined }),
    }), { maxLength: 4 });
    fc.assert(fc.property(
      fc.constantFrom(ClusterPolicyTier.ADMIN, ClusterPolicyTier.BASELINE),
      fc.integer({ min: 0, max: 1000 }),
      fc.oneof(
        namespaces.map(n => ClusterPolicySubject.namespaces(n)),
        fc.tuple(selector, namespaces).map(([s, n]) => ClusterPolicySubject.pods(s, s.namespace === undefined ? n : undefined)),
      ),
      rules(inClusterPeer),
      rules(fc.oneof(inClusterPeer, addressPeer)),
      (tier, priority, subject, ingress, egress) => {
        // GIVEN
        const chart = Testing.chart();
        const policy = new ClusterNetworkPolicy(chart, 'Policy', {
          tier,
          priority: ClusterPolicyPriority.of(priority),
          subject,
          ingress: ingress.map((r, i) => ({ ...r, name: `in-${i}` })),
          egress: egress.map((r, i) => ({ ...r, name: `out-${i}` })),
        });

        // WHEN
        const [object] = Testing.synth(chart);

        // THEN
        expect(validateClusterNetworkPolicy(object, { channel: 'experimental', requireName: true })).toEqual([]);
        if (!policy.requiresExperimentalChannel) {
          expect(validateClusterNetworkPolicy(object, { channel: 'standard', requireName: true })).toEqual([]);
        }
      }), { numRuns: 150 });
  });
});
