import { analyzerFor } from './_support';
import { PolicyAnalyzer, Workload } from '../../src/analysis';
import { Protocol } from '../../src/core/protocol';

describe('ReachabilityMatrix |', () => {
  test('answers for every pair of workloads (netpol-e2e-cluster.yaml, netpol-e2e-default-deny-ingress.yaml)', () => {
    // GIVEN
    const analyzer = analyzerFor('netpol-e2e-cluster.yaml', 'netpol-e2e-default-deny-ingress.yaml');
    analyzer.addWorkload(Workload.external('198.51.100.1'));

    // WHEN
    const matrix = analyzer.matrix({ port: 80 });

    // THEN
    expect(matrix.protocol).toBe(Protocol.TCP);
    expect(matrix.port).toBe(80);
    expect(matrix.workloads.map(w => w.id)).toEqual(['x/a', 'x/b', 'x/c', 'y/a', 'y/b', 'y/c', 'z/a', 'z/b', 'z/c', '198.51.100.1']);
    expect(matrix.toArray().map(row => row.map(b => (b ? '.' : 'X')).join(''))).toEqual([
      'XXX.......',
      'XXX.......',
      'XXX.......',
      'XXX.......',
      'XXX.......',
      'XXX.......',
      'XXX.......',
      'XXX.......',
      'XXX.......',
      'XXX.......',
    ]);
    expect(matrix.allowedCount).toBe(70);
    expect(matrix.entries()).toHaveLength(100);
    expect(matrix.entries()[3]).toMatchObject({ source: matrix.workloads[0], destination: matrix.workloads[3], allowed: true });
    expect(matrix.isAllowed(analyzer.workload('y/a'), analyzer.workload('x/a'))).toBe(false);
  });

  test('counts pairs of workloads, not of classes, when workloads share a class', () => {
    // GIVEN: web-1 and web-2 cannot be told apart by policies; db only accepts web
    const analyzer = PolicyAnalyzer.fromManifests([{
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] },
    }]);
    analyzer.addWorkload(Workload.of('shop', { app: 'web' }, { name: 'web-1' }));
    analyzer.addWorkload(Workload.of('shop', { app: 'web' }, { name: 'web-2' }));
    analyzer.addWorkload(Workload.of('shop', { app: 'db' }, { name: 'db' }));

    // WHEN
    const matrix = analyzer.matrix({ port: 5432 });

    // THEN: 9 pairs, less db -> db
    expect(matrix.toArray()).toEqual([[true, true, true], [true, true, true], [true, true, false]]);
    expect(matrix.allowedCount).toBe(8);
  });

  test('can leave external IPs out (netpol-e2e-cluster.yaml)', () => {
    const analyzer = analyzerFor('netpol-e2e-cluster.yaml');
    analyzer.addWorkload(Workload.external('198.51.100.1'));
    expect(analyzer.matrix({ port: 80, protocol: Protocol.UDP, includeExternal: false }).workloads).toHaveLength(9);
  });

  test('finds rows by id, and rejects a workload that is not a row', () => {
    // GIVEN
    const analyzer = PolicyAnalyzer.fromManifests([]);
    analyzer.addWorkload(Workload.of('shop', { app: 'web' }, { name: 'web' }));
    const matrix = analyzer.matrix({ port: 80 });

    // THEN
    expect(matrix.isAllowed(Workload.of('shop', { app: 'web' }, { name: 'web' }), analyzer.workload('shop/web'))).toBe(true);
    expect(() => matrix.isAllowed(Workload.of('shop', {}, { name: 'api' }), analyzer.workload('shop/web')))
      .toThrow(/Workload "shop\/api" is not in this matrix/);
  });

  test('rejects a bad port', () => {
    const analyzer = PolicyAnalyzer.fromManifests([]);
    expect(() => analyzer.matrix({ port: 65536 })).toThrow(/Port 65536 is invalid/);
    expect(() => analyzer.matrix({ port: 80, protocol: 'icmp' as Protocol })).toThrow(/Invalid protocol "icmp"/);
  });
});
