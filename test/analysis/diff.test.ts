import { fixtureObjects, loaded, netpol } from './_support';
import { compilePolicies } from '../../src/analysis/compile';
import { changedFields, ConnectivityDiff, diffSide, DiffSide, diffSides, policyChanges } from '../../src/analysis/diff';
import { PROTOCOLS } from '../../src/analysis/model/port-spec';
import { Protocol } from '../../src/core/protocol';

/*
 * The method of `cdk8s-netpol diff` (src/analysis/diff.ts), checked against
 * brute force.
 */

const FIXTURES = [
  'diff-base.yaml', 'diff-rule-added.yaml', 'diff-default-deny.yaml', 'diff-reordered.yaml', 'diff-port-range.yaml',
  'diff-policy-removed.yaml', 'diff-ns-relabel.yaml', 'diff-pod-relabel.yaml', 'cli-shop.yaml', 'netpol-e2e-end-port.yaml',
  'netpol-e2e-egress-cidr-except.yaml', 'netpol-e2e-named-port-ingress.yaml', 'netpol-e2e-ingress-any-port-of-protocol.yaml',
];

function side(name: string): DiffSide {
  return diffSide(fixtureObjects(name));
}

/** Ports to check by brute force: every cut point, its neighbours, and pseudo-random ports. */
function samplePorts(diff: ConnectivityDiff, protocol: Protocol): number[] {
  const ports = new Set<number>([1, 2, 65534, 65535]);
  for (const piece of diff.pieces.filter(p => p.protocol === protocol)) {
    for (const p of [piece.port - 1, piece.port, piece.port + 1, piece.endPort, piece.endPort + 1]) {
      if (p >= 1 && p <= 65535) ports.add(p);
    }
  }
  let seed = 12345;
  for (let i = 0; i < 60; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    ports.add(1 + (seed % 65535));
  }
  return [...ports];
}

describe('diff method |', () => {
  test.each(FIXTURES.flatMap(a => FIXTURES.filter(b => b !== a && (a.startsWith('diff-') === b.startsWith('diff-'))).map(b => [a, b])))(
    'every claimed change, and every unclaimed port, agrees with brute force (%s -> %s)', (oldName, newName) => {
      // GIVEN
      const before = side(oldName);
      const after = side(newName);

      // WHEN
      const diff = diffSides(before, after);

      // THEN: probe ports one by one, with the analyzers the diff prepared (union workloads included).
      for (const protocol of PROTOCOLS) {
        for (const port of samplePorts(diff, protocol)) {
          const was = before.analyzer.matrix({ port, protocol });
          const now = after.analyzer.matrix({ port, protocol });
          for (const s of diff.workloads) {
            for (const d of diff.workloads) {
              const a = was.isAllowed(s.before, d.before);
              const b = now.isAllowed(s.after, d.after);
              const claim = diff.changes.find(c => c.source === s && c.destination === d && c.protocol === protocol
                && c.port <= port && port <= c.endPort);
              const expected = a === b ? undefined : b ? 'allowed' : 'denied';
              if (claim?.kind !== expected) {
                throw new Error(`${s.workload.id} -> ${d.workload.id} ${protocol} ${port}: brute force says ${expected ?? 'no change'}, `
                  + `the diff says ${claim?.kind ?? 'no change'}`);
              }
            }
          }
        }
      }
    });

  test.each(FIXTURES)('a side diffed with itself has no change (%s)', name => {
    // WHEN
    const diff = diffSides(side(name), side(name));

    // THEN
    expect(diff.changes).toEqual([]);
    expect(diff.policies).toEqual({ added: [], removed: [], changed: [] });
  });

  test.each([
    ['diff-base.yaml', 'diff-default-deny.yaml'],
    ['diff-base.yaml', 'diff-port-range.yaml'],
    ['diff-rule-added.yaml', 'diff-ns-relabel.yaml'],
  ])('swapping OLD and NEW swaps newly allowed and newly denied (%s, %s)', (a, b) => {
    // WHEN
    const forward = diffSides(side(a), side(b));
    const backward = diffSides(side(b), side(a));

    // THEN
    const key = (c: ConnectivityDiff['changes'][number], flip: boolean) =>
      `${flip ? (c.kind === 'allowed' ? 'denied' : 'allowed') : c.kind} ${c.source.workload.id}>${c.destination.workload.id} ${c.protocol} ${c.port}-${c.endPort}`;
    expect(forward.changes.map(c => key(c, false)).sort()).toEqual(backward.changes.map(c => key(c, true)).sort());
  });

  test('probes one address per region that the ipBlocks carve out (netpol-e2e-egress-cidr-except.yaml)', () => {
    // WHEN
    const diff = diffSides(side('netpol-e2e-egress-cidr-except.yaml'), side('netpol-e2e-egress-cidr-except.yaml'));

    // THEN
    expect(diff.externals.length).toBeGreaterThan(2);
    expect(diff.externals.map(e => e.ip)).toEqual(expect.arrayContaining(['0.0.0.0', '::']));
    expect(diff.workloads.filter(w => w.workload.isExternal).map(w => w.workload.id)).toEqual(diff.externals.map(e => e.ip));
  });

  test('a policy whose lists are only reordered is not changed', () => {
    // GIVEN
    const spec = (order: number[]) => ({
      podSelector: {},
      policyTypes: order.map(i => ['Ingress', 'Egress'][i]),
      ingress: [{ ports: order.map(i => ({ port: [80, 443][i] })) }],
      egress: order.map(i => ({ to: [{ ipBlock: { cidr: ['10.0.0.0/8', '192.168.0.0/16'][i] } }] })),
    });
    const before = compilePolicies(loaded([], netpol('a', 'p', spec([0, 1]))).documents).policy.policies;
    const after = compilePolicies(loaded([], netpol('a', 'p', spec([1, 0]))).documents).policy.policies;
    const changedPort = compilePolicies(loaded([], netpol('a', 'p', { ...spec([1, 0]), ingress: [{ ports: [{ port: 81 }] }] })).documents).policy.policies;

    // THEN
    expect(policyChanges(before, after)).toEqual({ added: [], removed: [], changed: [] });
    expect(policyChanges(before, changedPort).changed.map(c => c.name)).toEqual(['p']);
  });

  test.each([
    ['a port changed', { ports: [{ port: 80 }] }, { ports: [{ port: 81 }] }, ['spec.ports[0].port']],
    ['a rule added', { ingress: [{}] }, { ingress: [{}, { from: [] }] }, ['spec.ingress[1]']],
    ['a label key with dots', { matchLabels: { 'app.kubernetes.io/name': 'a' } }, { matchLabels: { 'app.kubernetes.io/name': 'b' } },
      ['spec.matchLabels[app.kubernetes.io/name]']],
    ['key order only', { a: 1, b: 2 }, { b: 2, a: 1 }, []],
  ])('names changed fields in the API server notation: %s', (_case, a, b, expected) => {
    expect(changedFields(a, b, 'spec', 8)).toEqual(expected);
  });

  test('lists at most the given number of changed fields', () => {
    expect(changedFields({ a: 1, b: 1, c: 1 }, { a: 2, b: 2, c: 2 }, 'spec', 2)).toEqual(['spec.a', 'spec.b']);
  });
});
