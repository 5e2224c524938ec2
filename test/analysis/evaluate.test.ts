import { fixtureDocs, netpol, pod } from './_support';
import { compilePolicies } from '../../src/analysis/compile';
import { classOf, evaluateMatrix, evaluateTraffic, prepare, selectedTargets } from '../../src/analysis/evaluate';
import { loadManifests } from '../../src/analysis/load';
import { Direction } from '../../src/analysis/model/rule-ref';
import { Protocol } from '../../src/core/port';

function prepared(manifests: any[]) {
  const loaded = loadManifests(manifests);
  const { policy } = compilePolicies(loaded.policies);
  return { loaded, prepared: prepare(policy, { namespaces: loaded.namespaces, endpoints: loaded.endpoints }) };
}

describe('evaluate |', () => {
  test('pods that policies cannot tell apart share one class', () => {
    // GIVEN
    const manifests = [
      ...Array.from({ length: 50 }, (_, i) => pod('shop', `web-${i}`, { app: 'web' })),
      pod('shop', 'api', { app: 'api' }),
      pod('shop', 'api-with-ip', { app: 'api' }, { ips: ['10.0.0.1'] }),
      pod('shop', 'api-with-port', { app: 'api' }, { ports: [{ containerPort: 80, name: 'http' }] }),
      pod('ops', 'web', { app: 'web' }),
    ];

    // WHEN
    const { prepared: p } = prepared(manifests);

    // THEN
    expect(p.classes).toHaveLength(5);
    expect(new Set(p.endpointClasses.slice(0, 50)).size).toBe(1);
  });

  test('adds a class for an endpoint that is not in the inventory', () => {
    // GIVEN
    const { prepared: p } = prepared([pod('shop', 'web', { app: 'web' })]);

    // WHEN
    const same = classOf(p, { id: 'shop/x', kind: 'Workload', namespace: 'shop', name: 'x', labels: { app: 'web' }, ports: [], ips: [], external: false });
    const other = classOf(p, { id: '1.2.3.4', kind: 'External', name: '1.2.3.4', labels: {}, ports: [], ips: ['1.2.3.4'], external: true });

    // THEN
    expect(same.index).toBe(0);
    expect(other.index).toBe(1);
    expect(other.external).toBe(true);
  });

  test('selects the targets of the class namespace only, once per class', () => {
    // GIVEN
    const { prepared: p } = prepared([
      pod('shop', 'web', { app: 'web' }),
      netpol('shop', 'in', { podSelector: { matchLabels: { app: 'web' } } }),
      netpol('shop', 'out', { podSelector: {}, policyTypes: ['Egress'] }),
      netpol('ops', 'other', { podSelector: {} }),
    ]);
    const web = p.classes[0];

    // WHEN
    const ingress = selectedTargets(p, web, Direction.INGRESS);
    const egress = selectedTargets(p, web, Direction.EGRESS);

    // THEN
    expect(ingress.map(t => t.policies[0].name)).toEqual(['in']);
    expect(egress.map(t => t.policies[0].name)).toEqual(['out']);
    expect(selectedTargets(p, web, Direction.INGRESS)).toBe(ingress);
  });

  test.each([
    [Protocol.TCP, 80], [Protocol.TCP, 81], [Protocol.UDP, 80], [Protocol.SCTP, 81],
  ])('the class matrix agrees with pairwise evaluation on %s %d (netpol-e2e-cluster.yaml and every e2e policy)', (protocol, port) => {
    // GIVEN
    const docs = fixtureDocs('netpol-e2e-cluster.yaml', 'netpol-e2e-egress-denied-by-client.yaml', 'netpol-e2e-named-port-ingress.yaml',
      'netpol-e2e-egress-cidr-except.yaml', 'netpol-e2e-pod-or-namespace-selector.yaml', 'netpol-e2e-ports-udp.yaml');
    const { prepared: p } = prepared(docs);

    // WHEN
    const matrix = evaluateMatrix(p, { protocol, port });

    // THEN
    let allowed = 0;
    for (const source of p.classes) {
      for (const destination of p.classes) {
        const result = evaluateTraffic(p, { source, destination, probe: { protocol, port } });
        expect(matrix.allowed(source.index, destination.index)).toBe(result.allowed);
        allowed += result.allowed ? 1 : 0;
      }
    }
    expect(matrix.size).toBe(9);
    expect(allowed).toBeGreaterThan(0);
    expect(allowed).toBeLessThan(81);
  });

  test('the egress side resolves named ports on each destination', () => {
    // GIVEN
    const { prepared: p } = prepared([
      pod('shop', 'web', { app: 'web' }),
      pod('shop', 'api', { app: 'api' }, { ports: [{ containerPort: 8080, name: 'http' }] }),
      pod('shop', 'legacy', { app: 'legacy' }, { ports: [{ containerPort: 80, name: 'http' }] }),
      netpol('shop', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] }),
    ]);
    const [web, api, legacy] = p.classes;

    // WHEN
    const on8080 = evaluateMatrix(p, { protocol: Protocol.TCP, port: 8080 });
    const on80 = evaluateMatrix(p, { protocol: Protocol.TCP, port: 80 });

    // THEN
    expect([on8080.allowed(web.index, api.index), on8080.allowed(web.index, legacy.index)]).toEqual([true, false]);
    expect([on80.allowed(web.index, api.index), on80.allowed(web.index, legacy.index)]).toEqual([false, true]);
  });
});
