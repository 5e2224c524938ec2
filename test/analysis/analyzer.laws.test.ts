import * as fc from 'fast-check';
import { namespace, netpol, pod } from './_support';
import { PolicyAnalyzer, Workload } from '../../src/analysis';
import { Protocol } from '../../src/core/protocol';

/*
 * Laws of NetworkPolicy semantics, checked with fast-check over a small
 * pool of pods and random policies built from a small vocabulary of
 * selectors, peers and ports.
 */

const POOL = [
  namespace('x', { team: 'a' }),
  namespace('y', { team: 'b' }),
  namespace('empty', { team: 'a' }),
  // z is implied.
  pod('x', 'p1', { app: 'a', tier: '1' }, { ports: [{ containerPort: 80, name: 'http' }], ips: ['10.0.0.1'] }),
  pod('x', 'p2', { app: 'b' }, { ports: [{ containerPort: 81, name: 'http' }, { containerPort: 53, name: 'dns', protocol: 'UDP' }], ips: ['10.0.0.130'] }),
  pod('y', 'p3', { app: 'a', tier: '2' }, { ports: [{ containerPort: 80, name: 'http' }] }),
  pod('y', 'p4', {}, { ips: ['fd00::4'] }),
  pod('z', 'p5', { app: 'b', tier: '1' }, { ports: [{ containerPort: 53, name: 'dns', protocol: 'UDP' }], ips: ['10.0.1.5'] }),
];
const EXTERNALS = ['10.0.0.200', '2001:db8::1'];
const PROBES = [
  { port: 80, protocol: Protocol.TCP },
  { port: 81, protocol: Protocol.TCP },
  { port: 53, protocol: Protocol.UDP },
];

const podSelector = fc.constantFrom<any>(
  {},
  { matchLabels: { app: 'a' } },
  { matchLabels: { app: 'b' } },
  { matchLabels: { tier: '1' } },
  { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['1'] }] },
  { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
  { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] },
  { matchLabels: { app: 'a' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['1', '2'] }] },
);
const namespaceSelector = fc.constantFrom<any>(
  {},
  { matchLabels: { team: 'a' } },
  { matchLabels: { 'kubernetes.io/metadata.name': 'z' } },
  { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['a'] }] },
);
const peer = fc.oneof(
  podSelector.map(s => ({ podSelector: s })),
  namespaceSelector.map(s => ({ namespaceSelector: s })),
  fc.tuple(namespaceSelector, podSelector).map(([n, p]) => ({ namespaceSelector: n, podSelector: p })),
  fc.constantFrom<any>(
    { ipBlock: { cidr: '10.0.0.0/24' } },
    { ipBlock: { cidr: '10.0.0.0/24', except: ['10.0.0.128/25'] } },
    { ipBlock: { cidr: 'fd00::/64' } },
    { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.1.0/24'] } },
  ),
);
const port = fc.constantFrom<any>(
  { port: 80 },
  { port: 81, protocol: 'TCP' },
  { port: 'http' },
  { protocol: 'UDP' },
  { port: 80, endPort: 81 },
  { port: 53, protocol: 'UDP' },
  { port: 'dns', protocol: 'UDP' },
);
const peers = fc.option(fc.array(peer, { maxLength: 2 }), { nil: undefined });
const ports = fc.option(fc.array(port, { maxLength: 2 }), { nil: undefined });
const ingressRule = fc.record({ from: peers, ports }, { requiredKeys: [] });
const egressRule = fc.record({ to: peers, ports }, { requiredKeys: [] });
const policyTypes = fc.option(fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress'], ['Egress', 'Ingress'], []), { nil: undefined });

interface Spec {
  readonly namespace: string;
  readonly spec: any;
}

const policySpec: fc.Arbitrary<Spec> = fc.record({
  namespace: fc.constantFrom('x', 'y', 'z'),
  spec: fc.record({
    podSelector,
    policyTypes,
    ingress: fc.option(fc.array(ingressRule, { maxLength: 2 }), { nil: undefined }),
    egress: fc.option(fc.array(egressRule, { maxLength: 2 }), { nil: undefined }),
  }, { requiredKeys: ['podSelector'] }),
});

function manifests(specs: Spec[]): any[] {
  return specs.map((s, i) => netpol(s.namespace, `p${i}`, clean(s.spec)));
}

/** Drops undefined fields, as a manifest would not have them. */
function clean(value: any): any {
  return JSON.parse(JSON.stringify(value));
}

function analyze(policies: any[]): PolicyAnalyzer {
  const analyzer = PolicyAnalyzer.fromManifests([...POOL, ...policies]);
  for (const ip of EXTERNALS) {
    analyzer.addWorkload(Workload.external(ip));
  }
  expect(analyzer.issues).toEqual([]);
  return analyzer;
}

function matrices(analyzer: PolicyAnalyzer): boolean[][][] {
  return PROBES.map(p => analyzer.matrix(p).toArray());
}

const RUNS = { numRuns: 150 };

describe('PolicyAnalyzer | laws', () => {
  test('adding an allow rule never removes reachability', () => {
    fc.assert(fc.property(
      fc.array(policySpec, { minLength: 1, maxLength: 4 }), fc.nat(), fc.boolean(), ingressRule, egressRule,
      (specs, which, toEgress, newIngress, newEgress) => {
        // GIVEN
        const target = specs[which % specs.length];
        const types: string[] | undefined = target.spec.policyTypes;
        // Adding the first egress rule to a policy without policyTypes adds
        // Egress isolation (see the next test), so add ingress rules there.
        const egressIsolated = types && types.length > 0 ? types.includes('Egress') : (target.spec.egress ?? []).length > 0;
        const ingressIsolated = types && types.length > 0 ? types.includes('Ingress') : true;
        fc.pre(toEgress ? egressIsolated : ingressIsolated);
        const widened = specs.map(s => (s !== target ? s : {
          ...s,
          spec: toEgress
            ? { ...s.spec, egress: [...(s.spec.egress ?? []), newEgress] }
            : { ...s.spec, ingress: [...(s.spec.ingress ?? []), newIngress] },
        }));

        // WHEN
        const before = matrices(analyze(manifests(specs)));
        const after = matrices(analyze(manifests(widened)));

        // THEN
        before.forEach((m, p) => m.forEach((row, s) => row.forEach((allowed, d) => {
          if (allowed) {
            expect(after[p][s][d]).toBe(true);
          }
        })));
      }), RUNS);
  });

  test('adding the first egress rule to a policy without policyTypes isolates egress (why the law above needs policyTypes)', () => {
    // GIVEN
    const without = [netpol('x', 'p', { podSelector: {}, ingress: [{}] })];
    const withEgress = [netpol('x', 'p', { podSelector: {}, ingress: [{}], egress: [{ to: [{ podSelector: { matchLabels: { app: 'b' } } }] }] })];

    // WHEN
    const before = analyze(without).matrix({ port: 80 });
    const after = analyze(withEgress).matrix({ port: 80 });

    // THEN
    expect(before.allowedCount).toBeGreaterThan(after.allowedCount);
  });

  test('the order of policies never matters', () => {
    fc.assert(fc.property(
      fc.array(policySpec, { minLength: 2, maxLength: 5 }).chain(specs => fc.tuple(
        fc.constant(specs),
        fc.shuffledSubarray(specs.map((_, i) => i), { minLength: specs.length, maxLength: specs.length }),
      )),
      ([specs, order]) => {
        // GIVEN
        const policies = manifests(specs);
        const shuffled = order.map(i => policies[i]);

        // WHEN
        const a = analyze(policies);
        const b = analyze(shuffled);

        // THEN
        expect(matrices(b)).toEqual(matrices(a));
        const [p1, p2] = [a.workload('x/p1'), a.workload('x/p2')];
        expect(b.canReach({ source: p2, destination: p1, port: 80 })).toEqual(a.canReach({ source: p2, destination: p1, port: 80 }));
      }), RUNS);
  });

  test('a policy that selects nothing changes nothing', () => {
    fc.assert(fc.property(
      fc.array(policySpec, { maxLength: 4 }), policySpec, fc.boolean(),
      (specs, extra, inEmptyNamespace) => {
        // GIVEN
        const idle = inEmptyNamespace
          ? { namespace: 'empty', spec: { ...extra.spec, podSelector: {} } }
          : { namespace: extra.namespace, spec: { ...extra.spec, podSelector: { matchLabels: { nobody: 'here' } } } };

        // WHEN
        const before = matrices(analyze(manifests(specs)));
        const after = matrices(analyze(manifests([...specs, idle])));

        // THEN
        expect(after).toEqual(before);
      }), RUNS);
  });

  test('the matrix agrees with canReach for every pair, and counts what toArray() shows', () => {
    fc.assert(fc.property(fc.array(policySpec, { maxLength: 4 }), (specs) => {
      // GIVEN
      const analyzer = analyze(manifests(specs));

      // WHEN
      const all = matrices(analyzer);

      // THEN
      PROBES.forEach((probe, p) => analyzer.workloads.forEach((source, s) => analyzer.workloads.forEach((destination, d) => {
        expect(analyzer.canReach({ source, destination, ...probe }).allowed).toBe(all[p][s][d]);
      })));
      PROBES.forEach((probe, p) => {
        expect(analyzer.matrix(probe).allowedCount).toBe(all[p].flat().filter(allowed => allowed).length);
      });
    }), { numRuns: 100 });
  });

  test('an external IP is never isolated, and pods of a namespace without policies are not isolated', () => {
    fc.assert(fc.property(fc.array(policySpec, { maxLength: 4 }), (specs) => {
      const analyzer = analyze(manifests(specs.filter(s => s.namespace !== 'z')));
      const verdict = analyzer.canReach({ source: analyzer.workload('10.0.0.200'), destination: analyzer.workload('z/p5'), port: 53, protocol: Protocol.UDP });
      expect(verdict.egress.isolated).toBe(false);
      expect(verdict.ingress.isolated).toBe(false);
      expect(verdict.allowed).toBe(true);
    }), { numRuns: 50 });
  });
});
