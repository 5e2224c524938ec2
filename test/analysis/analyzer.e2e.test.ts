import { analyzerFor, Reachability } from './_support';
import { Workload } from '../../src/analysis';
import { Protocol } from '../../src/core/protocol';

/*
 * The upstream Kubernetes network-policy e2e scenarios
 * (test/e2e/network/netpol/network_policy.go), as truth tables over the
 * model of netpol-e2e-cluster.yaml: namespaces x, y, z; pods a, b, c; ports
 * 80 and 81 on TCP, UDP and SCTP. Each scenario names its policy fixture
 * and the pods the upstream test creates. As upstream, loopback is ignored.
 */

const CLUSTER = 'netpol-e2e-cluster.yaml';
const X = 'x';
const Y = 'y';
const Z = 'z';

interface Probe {
  readonly port: number;
  readonly protocol: Protocol;
  readonly expect: (r: Reachability) => void;
}

interface Scenario {
  readonly title: string;
  readonly fixture: string;
  readonly pods: string[];
  readonly probes: Probe[];
}

const tcp = (port: number, expect: (r: Reachability) => void = () => {}): Probe => ({ port, protocol: Protocol.TCP, expect });
const udp = (port: number, expect: (r: Reachability) => void = () => {}): Probe => ({ port, protocol: Protocol.UDP, expect });
const sctp = (port: number, expect: (r: Reachability) => void = () => {}): Probe => ({ port, protocol: Protocol.SCTP, expect });

const denyIngressToX = (r: Reachability) => r.expectPeer({}, { namespace: X }, false);

const SCENARIOS: Scenario[] = [
  {
    title: "should support a 'default-deny-ingress' policy",
    fixture: 'netpol-e2e-default-deny-ingress.yaml',
    pods: ['x/a', 'x/b', 'y/a', 'y/b'],
    probes: [tcp(80, denyIngressToX), udp(80, denyIngressToX), sctp(80, denyIngressToX)],
  },
  {
    title: "should support a 'default-deny-all' policy",
    fixture: 'netpol-e2e-default-deny-all.yaml',
    pods: ['x/a', 'x/b', 'y/a'],
    probes: [tcp(80, r => r.expectPeer({}, { namespace: X }, false).expectPeer({ namespace: X }, {}, false))],
  },
  {
    title: 'should enforce policy to allow traffic from pods within server namespace based on PodSelector',
    fixture: 'netpol-e2e-allow-from-pod-in-server-namespace.yaml',
    pods: ['x/a', 'x/b', 'x/c', 'y/a'],
    probes: [tcp(80, r => r.expectAllIngress('x/a', false).expect('x/b', 'x/a', true))],
  },
  {
    title: 'should enforce policy to allow ingress traffic for a target',
    fixture: 'netpol-e2e-allow-ingress-for-target.yaml',
    pods: ['x/a', 'x/b', 'y/a'],
    probes: [tcp(80, r => r.expectAllIngress('x/a', true).expectAllIngress('x/b', false))],
  },
  {
    title: 'should enforce policy to allow ingress traffic from pods in all namespaces',
    fixture: 'netpol-e2e-allow-from-all-namespaces.yaml',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    probes: [tcp(80)],
  },
  {
    title: 'should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector',
    fixture: 'netpol-e2e-allow-from-namespace.yaml',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    probes: [tcp(80, r => r.expectPeer({ namespace: X }, { namespace: X, pod: 'a' }, false)
      .expectPeer({ namespace: Z }, { namespace: X, pod: 'a' }, false))],
  },
  {
    title: 'should enforce policy based on PodSelector with MatchExpressions',
    fixture: 'netpol-e2e-pod-selector-match-expressions.yaml',
    pods: ['x/a', 'x/b', 'y/a'],
    probes: [tcp(80, r => r.expectAllIngress('x/a', false).expect('x/b', 'x/a', true))],
  },
  {
    title: 'should enforce policy based on NamespaceSelector with MatchExpressions',
    fixture: 'netpol-e2e-namespace-selector-match-expressions.yaml',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    probes: [tcp(80, r => r.expectPeer({ namespace: X }, { namespace: X, pod: 'a' }, false)
      .expectPeer({ namespace: Z }, { namespace: X, pod: 'a' }, false))],
  },
  {
    title: 'should enforce policy based on PodSelector or NamespaceSelector',
    fixture: 'netpol-e2e-pod-or-namespace-selector.yaml',
    pods: ['x/a', 'x/b', 'x/c', 'y/a'],
    probes: [tcp(80, r => r.expect('x/a', 'x/a', false).expect('x/c', 'x/a', false))],
  },
  {
    title: 'should enforce policy based on PodSelector and NamespaceSelector',
    fixture: 'netpol-e2e-pod-and-namespace-selector.yaml',
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/b'],
    probes: [tcp(80, r => r.expectAllIngress('x/a', false).expect('y/b', 'x/a', true).expect('z/b', 'x/a', true))],
  },
  {
    title: 'should enforce policy based on Multiple PodSelectors and NamespaceSelectors',
    fixture: 'netpol-e2e-multiple-pod-and-namespace-selectors.yaml',
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'y/c'],
    probes: [tcp(80, r => r.expectPeer({ namespace: X }, { namespace: X, pod: 'a' }, false).expect('y/a', 'x/a', false))],
  },
  {
    title: 'should enforce policy based on any PodSelectors',
    fixture: 'netpol-e2e-any-pod-selectors.yaml',
    pods: ['x/a', 'x/b', 'x/c'],
    probes: [tcp(80, r => r.expectAllIngress('x/a', false).expect('x/b', 'x/a', true).expect('x/c', 'x/a', true))],
  },
  {
    title: 'should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector',
    fixture: 'netpol-e2e-pod-in-other-namespace.yaml',
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'],
    probes: [
      tcp(80, r => r.expectAllIngress('x/a', false).expect('y/a', 'x/a', true)),
      udp(80, r => r.expectAllIngress('x/a', false).expect('y/a', 'x/a', true)),
      sctp(80, r => r.expectAllIngress('x/a', false).expect('y/a', 'x/a', true)),
    ],
  },
  ...[Protocol.TCP, Protocol.UDP, Protocol.SCTP].map((protocol): Scenario => ({
    title: `should enforce policy based on Ports (${protocol})`,
    fixture: `netpol-e2e-ports-${protocol.toLowerCase()}.yaml`,
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'],
    probes: [
      {
        port: 81,
        protocol,
        expect: r => r.expectPeer({ namespace: X }, { namespace: X, pod: 'a' }, false)
          .expectPeer({ namespace: Y }, { namespace: X, pod: 'a' }, true)
          .expectPeer({ namespace: Z }, { namespace: X, pod: 'a' }, false),
      },
      { port: 80, protocol, expect: r => r.expectAllIngress('x/a', false) },
    ],
  })),
  {
    title: 'should enforce multiple, stacked policies with overlapping podSelectors',
    fixture: 'netpol-e2e-stacked-policies.yaml',
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'],
    probes: [80, 81].map(port => tcp(port, r => r.expectPeer({ namespace: X }, { namespace: X, pod: 'a' }, false)
      .expectPeer({ namespace: Y }, { namespace: X, pod: 'a' }, true)
      .expectPeer({ namespace: Z }, { namespace: X, pod: 'a' }, false))),
  },
  {
    title: 'should support allow-all policy',
    fixture: 'netpol-e2e-allow-all.yaml',
    pods: ['x/a', 'x/b', 'y/a'],
    probes: [tcp(80), tcp(81)],
  },
  {
    title: 'should allow ingress access on one named port',
    fixture: 'netpol-e2e-named-port-ingress.yaml',
    pods: ['x/a', 'x/b', 'y/a'],
    probes: [tcp(81), tcp(80, denyIngressToX), udp(81, denyIngressToX)],
  },
  {
    title: 'should allow ingress access from namespace on one named port',
    fixture: 'netpol-e2e-named-port-from-namespace.yaml',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    probes: [
      tcp(80, r => r.expectPeer({ namespace: X }, { namespace: X, pod: 'a' }, false)
        .expectPeer({ namespace: Z }, { namespace: X, pod: 'a' }, false)),
      tcp(81, r => r.expectAllIngress('x/a', false)),
    ],
  },
  {
    title: 'should allow egress access on one named port',
    fixture: 'netpol-e2e-named-port-egress.yaml',
    pods: ['x/a', 'y/a'],
    probes: [tcp(80), tcp(81, r => r.expectPeer({ namespace: X }, {}, false))],
  },
  {
    title: 'should enforce updated policy',
    fixture: 'netpol-e2e-updated-policy.yaml',
    pods: ['x/a', 'y/a'],
    probes: [tcp(81, denyIngressToX)],
  },
  {
    title: 'should allow ingress access from updated namespace',
    fixture: 'netpol-e2e-updated-namespace.yaml',
    pods: ['x/a', 'y/a'],
    probes: [tcp(80, r => r.expectAllIngress('x/a', false).expectPeer({ namespace: Y }, {}, true))],
  },
  {
    title: 'should allow ingress access from updated pod',
    fixture: 'netpol-e2e-updated-pod.yaml',
    pods: ['x/a', 'x/b'],
    probes: [tcp(80, r => r.expectAllIngress('x/a', false).expect('x/b', 'x/a', true))],
  },
  {
    title: 'should deny ingress from pods on other namespaces',
    fixture: 'netpol-e2e-deny-from-other-namespaces.yaml',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    probes: [tcp(80, r => r.expectPeer({ namespace: Y }, { namespace: X }, false).expectPeer({ namespace: Z }, { namespace: X }, false))],
  },
  {
    title: 'should deny egress from pods based on PodSelector',
    fixture: 'netpol-e2e-deny-egress-pod.yaml',
    pods: ['x/a', 'x/b', 'y/a'],
    probes: [tcp(80, r => r.expectAllEgress('x/a', false))],
  },
  {
    title: 'should deny egress from all pods in a namespace',
    fixture: 'netpol-e2e-deny-egress-namespace.yaml',
    pods: ['x/a', 'x/b', 'y/a'],
    probes: [tcp(80, r => r.expectPeer({ namespace: X }, {}, false))],
  },
  {
    title: 'should work with Ingress, Egress specified together',
    fixture: 'netpol-e2e-ingress-and-egress.yaml',
    pods: ['x/a', 'x/b', 'x/c', 'y/a'],
    probes: [
      tcp(80, r => r.expectAllIngress('x/a', false).expect('x/b', 'x/a', true)),
      tcp(81, r => r.expectAllIngress('x/a', false).expectAllEgress('x/a', false).expect('x/b', 'x/a', true)),
    ],
  },
  {
    title: 'should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)',
    fixture: 'netpol-e2e-egress-denied-by-client.yaml',
    pods: ['x/a', 'y/a', 'y/b'],
    probes: [tcp(80, r => r.expectPeer({ namespace: X, pod: 'a' }, {}, false)
      .expectPeer({}, { namespace: Y, pod: 'a' }, false)
      .expectPeer({ namespace: X, pod: 'a' }, { namespace: Y, pod: 'a' }, true)
      .expectPeer({}, { namespace: Y, pod: 'b' }, false))],
  },
  {
    title: 'should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector',
    fixture: 'netpol-e2e-egress-to-pod-in-other-namespace.yaml',
    pods: ['x/a', 'y/a', 'y/b'],
    probes: [tcp(80, r => r.expectAllEgress('x/a', false).expect('x/a', 'y/a', true))],
  },
  {
    title: 'should enforce ingress policy allowing any port traffic to a server on a specific protocol',
    fixture: 'netpol-e2e-ingress-any-port-of-protocol.yaml',
    pods: ['x/a', 'y/a'],
    probes: [tcp(80), tcp(81), udp(80, r => r.expectPeer({}, { namespace: X, pod: 'a' }, false))],
  },
  {
    title: 'should enforce multiple ingress policies with ingress allow-all policy taking precedence',
    fixture: 'netpol-e2e-ingress-allow-all-precedence.yaml',
    pods: ['x/a', 'y/a'],
    probes: [tcp(81)],
  },
  {
    title: 'should enforce multiple egress policies with egress allow-all policy taking precedence',
    fixture: 'netpol-e2e-egress-allow-all-precedence.yaml',
    pods: ['x/a', 'y/a'],
    probes: [tcp(81)],
  },
  {
    title: 'should allow egress access to server in CIDR block',
    fixture: 'netpol-e2e-egress-cidr.yaml',
    pods: ['x/a', 'y/a', 'y/b'],
    probes: [tcp(80, r => r.expectAllEgress('x/a', false).expect('x/a', 'y/b', true))],
  },
  {
    title: 'should enforce except clause while egress access to server in CIDR block',
    fixture: 'netpol-e2e-egress-cidr-except.yaml',
    pods: ['x/a', 'x/b', 'x/c'],
    probes: [tcp(80, r => r.expect('x/a', 'x/b', false))],
  },
  {
    title: 'should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed',
    fixture: 'netpol-e2e-egress-cidr-except-overlap.yaml',
    pods: ['x/a', 'x/b', 'x/c'],
    probes: [tcp(80)],
  },
  {
    title: 'should enforce except clause on IPv6 pod addresses (derived)',
    fixture: 'netpol-e2e-egress-cidr-except-ipv6.yaml',
    pods: ['x/a', 'x/b', 'x/c', 'y/a'],
    probes: [tcp(80, r => r.expect('x/a', 'x/b', false))],
  },
  {
    title: 'should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector',
    fixture: 'netpol-e2e-ingress-egress-independent.yaml',
    pods: ['x/a', 'x/b', 'y/a'],
    probes: [tcp(80, r => r.expectAllIngress('x/a', false))],
  },
  {
    title: "should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP",
    fixture: 'netpol-e2e-sctp-not-tcp.yaml',
    pods: ['x/a', 'y/a'],
    probes: [tcp(81, denyIngressToX), sctp(81, r => r.expectPeer({}, { namespace: X, pod: 'b' }, false).expectPeer({}, { namespace: X, pod: 'c' }, false))],
  },
  {
    title: "should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP",
    fixture: 'netpol-e2e-sctp-isolates.yaml',
    pods: ['x/a', 'y/a'],
    probes: [tcp(81, r => r.expectAllIngress('x/a', false))],
  },
  {
    title: 'should not allow access by TCP when a policy specifies only UDP',
    fixture: 'netpol-e2e-udp-not-tcp.yaml',
    pods: ['x/a', 'y/a'],
    probes: [tcp(81, r => r.expectAllIngress('x/a', false)), udp(81)],
  },
  {
    title: 'should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label',
    fixture: 'netpol-e2e-default-namespace-label.yaml',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    probes: [tcp(80, r => r.expectPeer({ namespace: X }, { namespace: X, pod: 'a' }, false)
      .expectPeer({ namespace: Z }, { namespace: X, pod: 'a' }, false))],
  },
  {
    title: 'should enforce policy based on NamespaceSelector with MatchExpressions using default ns label',
    fixture: 'netpol-e2e-default-namespace-label-egress.yaml',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    probes: [tcp(80, r => r.expectPeer({ namespace: X, pod: 'a' }, { namespace: Y }, false))],
  },
  {
    title: 'should allow ports 80 to 81 with endPort (derived)',
    fixture: 'netpol-e2e-end-port.yaml',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    probes: [80, 81].map(port => tcp(port, r => r.expectAllIngress('x/a', false).expect('y/a', 'x/a', true)))
      .concat([udp(80, r => r.expectAllIngress('x/a', false))]),
  },
];

const CASES = SCENARIOS.flatMap(s => s.probes.map(p => ({ ...s, probe: p, name: `${s.title} [${p.protocol} ${p.port}] (${s.fixture})` })));

describe('PolicyAnalyzer | upstream e2e', () => {
  test.each(CASES)('$name', ({ fixture, pods, probe }) => {
    // GIVEN
    const analyzer = analyzerFor(CLUSTER, fixture);
    const expected = new Reachability(pods, true);
    probe.expect(expected);

    // WHEN
    const matrix = analyzer.matrix({ port: probe.port, protocol: probe.protocol });
    const actual = expected.table((s, d) => matrix.isAllowed(analyzer.workload(s), analyzer.workload(d)));

    // THEN
    expect(analyzer.issues).toEqual([]);
    expect(actual).toEqual(expected.table());
    for (const s of pods) {
      for (const d of pods) {
        const verdict = analyzer.canReach({
          source: analyzer.workload(s), destination: analyzer.workload(d), port: probe.port, protocol: probe.protocol,
        });
        expect(`${s}>${d} ${verdict.allowed}`).toEqual(`${s}>${d} ${matrix.isAllowed(analyzer.workload(s), analyzer.workload(d))}`);
      }
    }
  });

  test('default-deny egress still lets pods resolve names through kube-dns (netpol-e2e-egress-deny-allow-dns.yaml)', () => {
    // GIVEN
    const analyzer = analyzerFor(CLUSTER, 'netpol-e2e-egress-deny-allow-dns.yaml');
    analyzer.addNamespace('kube-system');
    analyzer.addWorkload(Workload.of('kube-system', { 'k8s-app': 'kube-dns' }, {
      name: 'coredns',
      ports: [{ number: 53, name: 'dns', protocol: Protocol.UDP }, { number: 53, name: 'dns-tcp' }],
    }));
    const xa = analyzer.workload('x/a');
    const dns = analyzer.workload('kube-system/coredns');

    // WHEN
    const udpDns = analyzer.canReach({ source: xa, destination: dns, port: 53, protocol: Protocol.UDP });
    const tcpDns = analyzer.canReach({ source: xa, destination: dns, portName: 'dns-tcp' });
    const http = analyzer.canReach({ source: xa, destination: dns, port: 80 });
    const toY = analyzer.canReach({ source: xa, destination: analyzer.workload('y/a'), port: 53, protocol: Protocol.UDP });

    // THEN
    expect(udpDns.allowed).toBe(true);
    expect(udpDns.egress.allowedBy).toEqual({ namespace: 'x', name: 'allow-dns', direction: 'Egress', ruleIndex: 0 });
    expect(tcpDns.allowed).toBe(true);
    expect(http.allowed).toBe(false);
    expect(http.egress.reason).toBe('NoPortMatch');
    expect(toY.allowed).toBe(false);
    expect(toY.egress.reason).toBe('NoPeerMatch');
    expect(toY.egress.selectedBy.map(p => p.name)).toEqual(['allow-dns', 'default-deny-egress']);
  });
});
