import * as fs from 'fs';
import { fixture } from './_support';
import {
  changedFields,
  ConnectivityDiff,
  DIFF_PROTOCOLS,
  diffSide,
  DiffSide,
  diffSides,
  externalProbes,
  mentionedPorts,
  portPieces,
} from '../../src/analysis/diff';
import { loadManifests, loadYaml } from '../../src/analysis/load';
import { Protocol } from '../../src/core/port';

/*
 * The method of `cdk8s-netpol diff` (src/analysis/diff.ts), checked against
 * brute force. (These engine tests live beside the CLI tests that use them.)
 */

const FIXTURES = [
  'diff-base.yaml', 'diff-rule-added.yaml', 'diff-default-deny.yaml', 'diff-reordered.yaml', 'diff-port-range.yaml',
  'diff-policy-removed.yaml', 'diff-ns-relabel.yaml', 'diff-pod-relabel.yaml', 'cli-shop.yaml', 'netpol-e2e-end-port.yaml',
  'netpol-e2e-egress-cidr-except.yaml', 'netpol-e2e-named-port-ingress.yaml', 'netpol-e2e-ingress-any-port-of-protocol.yaml',
];

function manifests(name: string): any[] {
  return loadYaml(fs.readFileSync(fixture(name)), fixture(name));
}

function side(name: string): DiffSide {
  return diffSide(manifests(name));
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
      for (const protocol of DIFF_PROTOCOLS) {
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

  test('cuts each protocol into contiguous pieces covering 1-65535 at ports, range ends and container ports (diff-port-range.yaml)', () => {
    // GIVEN
    const loaded = loadManifests(manifests('diff-port-range.yaml'));
    const workloads = diffSide(manifests('diff-port-range.yaml')).analyzer.workloads;

    // WHEN
    const pieces = portPieces([loaded], workloads, [{ port: 443, protocol: Protocol.TCP }]);

    // THEN
    const tcp = pieces.filter(p => p.protocol === Protocol.TCP).map(p => (p.pinned ? `[${p.port}]` : `${p.port}-${p.endPort}`));
    expect(tcp).toEqual(['1-79', '80-80', '81-442', '[443]', '444-5431', '5432-5432', '5433-7999', '8000-8079', '8080-8080',
      '8081-8099', '8100-65535']);
    expect(pieces.filter(p => p.protocol === Protocol.UDP).map(p => `${p.port}-${p.endPort}`)).toEqual(['1-65535']);
    for (const protocol of DIFF_PROTOCOLS) {
      const list = pieces.filter(p => p.protocol === protocol);
      expect(list[0].port).toBe(1);
      expect(list[list.length - 1].endPort).toBe(65535);
      list.slice(1).forEach((p, i) => expect(p.port).toBe(list[i].endPort + 1));
    }
  });

  test('lists the ports that policies and container ports mention, by protocol (cli-shop.yaml)', () => {
    expect(mentionedPorts([loadManifests(manifests('cli-shop.yaml'))]).map(p => `${p.port}/${p.protocol}`))
      .toEqual(['80/TCP', '443/TCP', '5432/TCP', '8080/TCP', '8125/UDP']);
  });

  test('probes the network address of every ipBlock cidr and except range (netpol-e2e-egress-cidr-except.yaml)', () => {
    // GIVEN
    const loaded = loadManifests([{
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p', namespace: 'x' },
      spec: {
        podSelector: {},
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, { ipBlock: { cidr: '2001:db8::/32' } }] }],
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }],
      },
    }]);

    // THEN
    expect(externalProbes(loaded.policies)).toEqual([
      { ip: '10.0.0.0', cidr: '10.0.0.0/8' },
      { ip: '10.1.0.0', cidr: '10.1.0.0/16' },
      { ip: '2001:db8::', cidr: '2001:db8::/32' },
    ]);
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
