import { fixtureDocs, loaded as load, netpol, pod } from './_support';
import { compilePolicies } from '../../src/analysis/compile';
import { Evaluator } from '../../src/analysis/evaluate';
import { matrixOf } from '../../src/analysis/rows';
import { Direction } from '../../src/core/direction';
import { Protocol } from '../../src/core/protocol';

function prepared(manifests: any[]) {
  const loaded = load([], ...manifests);
  const { policy } = compilePolicies(loaded.documents);
  return { loaded, prepared: new Evaluator(policy, { namespaces: loaded.namespaces, endpoints: loaded.endpoints }) };
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
    expect(p.classes.all).toHaveLength(5);
    expect(new Set(p.classes.ofInventory.slice(0, 50)).size).toBe(1);
  });

  test('adds a class for an endpoint that is not in the inventory', () => {
    // GIVEN
    const { prepared: p } = prepared([pod('shop', 'web', { app: 'web' })]);

    // WHEN
    const same = p.classes.classOf({ id: 'shop/x', kind: 'Workload', namespace: 'shop', name: 'x', labels: { app: 'web' }, ports: [], ips: [], external: false });
    const other = p.classes.classOf({ id: '1.2.3.4', kind: 'External', name: '1.2.3.4', labels: {}, ports: [], ips: ['1.2.3.4'], external: true });

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
    const web = p.classes.all[0];

    // WHEN
    const ingress = p.selection(web, Direction.INGRESS).targets;
    const egress = p.selection(web, Direction.EGRESS).targets;

    // THEN
    expect(ingress.map(t => t.policies[0].name)).toEqual(['in']);
    expect(egress.map(t => t.policies[0].name)).toEqual(['out']);
    expect(p.selection(web, Direction.INGRESS).targets).toBe(ingress);
  });

  test.each([
    [Protocol.TCP, 80], [Protocol.TCP, 81], [Protocol.UDP, 80], [Protocol.SCTP, 81],
  ])('the class matrix agrees with pairwise evaluation on %s %d (netpol-e2e-cluster.yaml and every e2e policy)', (protocol, port) => {
    // GIVEN
    const docs = fixtureDocs('netpol-e2e-cluster.yaml', 'netpol-e2e-egress-denied-by-client.yaml', 'netpol-e2e-named-port-ingress.yaml',
      'netpol-e2e-egress-cidr-except.yaml', 'netpol-e2e-pod-or-namespace-selector.yaml', 'netpol-e2e-ports-udp.yaml');
    const { prepared: p } = prepared(docs);

    // WHEN
    const matrix = matrixOf(p, { protocol, port });

    // THEN
    let allowed = 0;
    for (const source of p.classes.all) {
      for (const destination of p.classes.all) {
        const result = p.evaluate({ source, destination, port: { protocol, port } });
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
    const [web, api, legacy] = p.classes.all;

    // WHEN
    const on8080 = matrixOf(p, { protocol: Protocol.TCP, port: 8080 });
    const on80 = matrixOf(p, { protocol: Protocol.TCP, port: 80 });

    // THEN
    expect([on8080.allowed(web.index, api.index), on8080.allowed(web.index, legacy.index)]).toEqual([true, false]);
    expect([on80.allowed(web.index, api.index), on80.allowed(web.index, legacy.index)]).toEqual([false, true]);
  });
});

describe('EndpointClasses |', () => {
  test('gives an endpoint the class it was given before, without keying it again', () => {
    // GIVEN
    const { prepared: p } = prepared([pod('shop', 'web', { app: 'web' })]);
    const endpoint = { id: 'shop/x', kind: 'Workload', namespace: 'shop', name: 'x', labels: { app: 'api' }, ports: [], ips: [], external: false };

    // WHEN
    const first = p.classes.classOf(endpoint);
    const second = p.classes.classOf(endpoint);

    // THEN
    expect(second).toBe(first);
    expect(p.classes.all).toHaveLength(2);
  });

  test('gives a class the declared namespace labels plus the name label', () => {
    // GIVEN
    const { prepared: p } = prepared([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops', labels: { team: 'ops' } } },
      pod('ops', 'monitor', { app: 'monitor' }),
      pod('shop', 'web', { app: 'web' }),
    ]);

    // WHEN
    const [monitor, web] = p.classes.ofInventory.map(i => p.classes.all[i]);

    // THEN
    expect(monitor.namespaceLabels).toEqual({ 'team': 'ops', 'kubernetes.io/metadata.name': 'ops' });
    expect(web.namespaceLabels).toEqual({ 'kubernetes.io/metadata.name': 'shop' });
    expect(p.classes.namespaceLabels('ops')).toEqual(monitor.namespaceLabels);
  });

  test('keeps only the addresses of an external endpoint', () => {
    // GIVEN
    const { prepared: p } = prepared([]);

    // WHEN
    const cls = p.classes.classOf({
      id: '203.0.113.1',
      kind: 'External',
      namespace: 'shop',
      name: '203.0.113.1',
      labels: { app: 'x' },
      ports: [{ port: 80, protocol: Protocol.TCP }],
      ips: ['203.0.113.1'],
      external: true,
    });

    // THEN
    expect(cls).toMatchObject({ namespace: undefined, namespaceLabels: {}, labels: {}, ports: [], ips: ['203.0.113.1'], external: true });
  });

  test('gives the class of each inventory endpoint, in inventory order', () => {
    // GIVEN
    const { loaded, prepared: p } = prepared([pod('shop', 'a', { app: 'web' }), pod('shop', 'b', { app: 'api' }), pod('shop', 'c', { app: 'web' })]);

    // THEN
    expect(loaded.endpoints.map(e => e.name)).toEqual(['a', 'b', 'c']);
    expect(p.classes.ofInventory).toEqual([0, 1, 0]);
  });
});
