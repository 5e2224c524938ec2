import { fixtureObjects, loaded as load, namespace, netpol, pod, smallAnalyzer } from './_support';
import { PolicyAnalyzer } from '../../src/analysis/analyzer';
import { LoadedManifests, loadManifests } from '../../src/analysis/load';
import { MAX_DEFAULT_PORTS, reportFlows, reportModel, workloadLabels } from '../../src/analysis/report';
import { Protocol } from '../../src/core/protocol';

/*
 * report-shop.yaml: shop/web (443, named https) and shop/api (8080), data/db
 * (5432) and data/cache (6379), ops/monitor; a default deny in shop, web open
 * to 0.0.0.0/0 on https, web's egress to api only (NP001), and
 * data/db-from-api with separate selectors (NP004).
 */

function reportShop(): { loaded: LoadedManifests; analyzer: PolicyAnalyzer } {
  const loaded = loadManifests(fixtureObjects('report-shop.yaml'));
  return { loaded, analyzer: PolicyAnalyzer._fromLoaded(loaded) };
}

function fromObjects(...manifests: any[]): { loaded: LoadedManifests; analyzer: PolicyAnalyzer } {
  const loaded = load([], ...manifests);
  return { loaded, analyzer: PolicyAnalyzer._fromLoaded(loaded) };
}

describe('reportFlows |', () => {
  test('adds one address per region outside the cluster, labelled with its region (report-shop.yaml)', () => {
    // GIVEN
    const { loaded, analyzer } = reportShop();

    // WHEN
    const flows = reportFlows(loaded, analyzer, []);

    // THEN
    expect(flows.workloads.map(w => w.label)).toEqual(['shop/web', 'shop/api', 'data/db', 'data/cache', 'ops/monitor', '0.0.0.0/0', '::/0']);
    expect(analyzer.workloads.filter(w => w.isExternal).map(w => w.id)).toEqual(['0.0.0.0', '::']);
    expect(flows.workloads[5]).toEqual({ label: '0.0.0.0/0', kind: 'External', external: true, ingressIsolated: false, egressIsolated: false, policies: [] });
  });

  test('does not add an address twice, and labels it with its region again (report-shop.yaml)', () => {
    // GIVEN
    const { loaded, analyzer } = reportShop();
    reportFlows(loaded, analyzer, []);

    // WHEN
    const again = reportFlows(loaded, analyzer, []);

    // THEN
    expect(analyzer.workloads).toHaveLength(7);
    expect(again.workloads.filter(w => w.external).map(w => w.label)).toEqual(['0.0.0.0/0', '::/0']);
  });

  test('gives each workload its isolation and the policies that select it, sorted (report-shop.yaml)', () => {
    // GIVEN
    const { loaded, analyzer } = reportShop();

    // WHEN
    const flows = reportFlows(loaded, analyzer, []);

    // THEN
    expect(flows.workloads.slice(0, 5).map(w => [w.label, w.kind, w.namespace, w.ingressIsolated, w.egressIsolated, w.policies])).toEqual([
      ['shop/web', 'Deployment', 'shop', true, true, ['shop/default-deny', 'shop/web-egress', 'shop/web-from-internet']],
      ['shop/api', 'Deployment', 'shop', true, false, ['shop/api-from-web', 'shop/default-deny']],
      ['data/db', 'StatefulSet', 'data', true, false, ['data/db-from-api']],
      ['data/cache', 'Deployment', 'data', true, false, ['data/db-from-api']],
      ['ops/monitor', 'DaemonSet', 'ops', false, false, []],
    ]);
  });

  test('uses the explicit ports, all of them (report-shop.yaml)', () => {
    // GIVEN
    const { loaded, analyzer } = reportShop();
    const ports = [{ protocol: Protocol.UDP, port: 53 }, { protocol: Protocol.TCP, port: 8080 }];

    // WHEN
    const flows = reportFlows(loaded, analyzer, ports);

    // THEN
    expect(flows.ports).toEqual(ports);
    expect(flows.portsOmitted).toBe(0);
    expect(flows.allowed).toHaveLength(2);
  });

  test('uses the ports the policies and containers mention when none are given (report-shop.yaml)', () => {
    // GIVEN
    const { loaded, analyzer } = reportShop();

    // WHEN
    const flows = reportFlows(loaded, analyzer, []);

    // THEN
    expect(flows.ports.map(p => `${p.protocol} ${p.port}`)).toEqual(['TCP 443', 'TCP 5432', 'TCP 6379', 'TCP 8080']);
    expect(flows.portsOmitted).toBe(0);
  });

  test('caps the mentioned ports at MAX_DEFAULT_PORTS and counts the rest', () => {
    // GIVEN: a pod with 30 container ports
    const ports = Array.from({ length: 30 }, (_, i) => ({ containerPort: 9000 + i }));
    const { loaded, analyzer } = fromObjects(pod('shop', 'many', { app: 'many' }, { ports }));

    // WHEN
    const flows = reportFlows(loaded, analyzer, []);

    // THEN
    expect(MAX_DEFAULT_PORTS).toBe(24);
    expect(flows.ports).toHaveLength(MAX_DEFAULT_PORTS);
    expect(flows.ports[0]).toEqual({ protocol: Protocol.TCP, port: 9000 });
    expect(flows.ports[23]).toEqual({ protocol: Protocol.TCP, port: 9023 });
    expect(flows.portsOmitted).toBe(6);
  });

  test('falls back to TCP 80 when nothing mentions a port', () => {
    // GIVEN
    const { loaded, analyzer } = fromObjects(pod('shop', 'web', { app: 'web' }), netpol('shop', 'deny', { podSelector: {} }));

    // WHEN
    const flows = reportFlows(loaded, analyzer, []);

    // THEN
    expect(flows.ports).toEqual([{ protocol: Protocol.TCP, port: 80 }]);
    expect(flows.portsOmitted).toBe(0);
  });

  test('holds one matrix per port over the workloads and addresses (report-shop.yaml)', () => {
    // GIVEN
    const { loaded, analyzer } = reportShop();
    const ports = [{ protocol: Protocol.TCP, port: 443 }, { protocol: Protocol.TCP, port: 8080 }];

    // WHEN
    const flows = reportFlows(loaded, analyzer, ports);

    // THEN
    const [web, api, , , monitor, internet] = [0, 1, 2, 3, 4, 5];
    const [on443, on8080] = flows.allowed;
    expect(on443).toHaveLength(7);
    expect(on443.every(row => row.length === 7)).toBe(true);
    expect(on443[internet][web]).toBe(true);
    expect(on8080[internet][web]).toBe(false);
    expect(on8080[web][api]).toBe(true);
    expect(on8080[monitor][api]).toBe(true);
    expect(on443[web][internet]).toBe(false);
  });
});

describe('workloadLabels |', () => {
  test('labels workloads that share an id with their kind', () => {
    // THEN
    expect(workloadLabels(smallAnalyzer().workloads)).toEqual(['shop/Pod/web', 'shop/Deployment/web', 'shop/db', '203.0.113.1']);
  });

  test('keeps the ids of workloads that share a name in different namespaces', () => {
    // GIVEN
    const analyzer = PolicyAnalyzer.fromManifests([pod('shop', 'web', { app: 'web' }), pod('ops', 'web', { app: 'web' })]);

    // WHEN
    const labels = workloadLabels(analyzer.workloads);

    // THEN
    expect(labels).toEqual(['shop/web', 'ops/web']);
  });
});

describe('reportModel |', () => {
  test('lists every policy with where it was written and the workloads it selects (report-shop.yaml)', () => {
    // GIVEN
    const { loaded, analyzer } = reportShop();
    const flows = reportFlows(loaded, analyzer, []);

    // WHEN
    const model = reportModel(['report-shop.yaml'], flows, loaded, analyzer);

    // THEN
    expect(model).toMatchObject({ title: 'NetworkPolicy report', inputs: ['report-shop.yaml'], generator: 'cdk8s-netpol report' });
    expect(model.workloads).toBe(flows.workloads);
    expect(model.allowed).toBe(flows.allowed);
    expect(model.policies.map(p => [`${p.policy.ref.namespace}/${p.policy.ref.name}`, p.file, p.line, p.selects])).toEqual([
      ['data/db-from-api', 'report-shop.yaml', 117, ['data/db', 'data/cache']],
      ['shop/api-from-web', 'report-shop.yaml', 105, ['shop/api']],
      ['shop/default-deny', 'report-shop.yaml', 79, ['shop/web', 'shop/api']],
      ['shop/web-egress', 'report-shop.yaml', 95, ['shop/web']],
      ['shop/web-from-internet', 'report-shop.yaml', 86, ['shop/web']],
    ]);
  });

  test('holds the lint findings, by file and line, and no note when every rule ran (report-shop.yaml)', () => {
    // GIVEN
    const { loaded, analyzer } = reportShop();

    // WHEN
    const model = reportModel(['report-shop.yaml'], reportFlows(loaded, analyzer, []), loaded, analyzer);

    // THEN
    expect(model.findings!.map(f => [f.ruleId, f.policy, f.path, f.file, f.line])).toEqual([
      ['NP006', 'shop/web-from-internet', 'spec.ingress[0].from[0].ipBlock.cidr', 'report-shop.yaml', 92],
      ['NP001', 'shop/web-egress', 'spec.egress', 'report-shop.yaml', 102],
      ['NP004', 'data/db-from-api', 'spec.ingress[0].from[1]', 'report-shop.yaml', 125],
    ]);
    expect(model.findings![1]).toMatchObject({ severity: 'warning', message: expect.stringMatching(/^shop\/web is isolated for egress/), fix: expect.stringMatching(/^Add an egress rule for DNS/) });
    expect(model.lintNote).toBeUndefined();
  });

  test('gives no file or line for manifests passed as objects', () => {
    // GIVEN
    const { loaded, analyzer } = fromObjects(
      pod('shop', 'web', { app: 'web' }),
      netpol('shop', 'open', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }));

    // WHEN
    const model = reportModel([], reportFlows(loaded, analyzer, []), loaded, analyzer);

    // THEN
    expect(model.policies).toHaveLength(1);
    expect('file' in model.policies[0]).toBe(false);
    expect(model.policies[0].selects).toEqual(['shop/web']);
    expect(model.findings!.map(f => f.ruleId)).toEqual(['NP006']);
    expect('file' in model.findings![0]).toBe(false);
  });

  test('notes the rules that did not run', () => {
    // GIVEN: no workloads
    const { loaded, analyzer } = fromObjects(namespace('shop'), netpol('shop', 'deny', { podSelector: {} }));

    // WHEN
    const model = reportModel([], reportFlows(loaded, analyzer, []), loaded, analyzer);

    // THEN
    expect(model.findings).toEqual([]);
    expect(model.lintNote).toBe('Not run: '
      + ['NP002', 'NP003', 'NP007', 'NP008', 'NP010'].map(id => `${id} (the manifests hold no Pod or workload to check the policies against)`).join('; ')
      + '.');
  });

  test('notes how many findings the ignore annotations suppressed', () => {
    // GIVEN
    const open = { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }] }] };
    const quiet = netpol('shop', 'open', open);
    quiet.metadata.annotations = { 'lint.cdk8s-netpol.dev/ignore': 'NP006' };
    const { loaded, analyzer } = fromObjects(pod('shop', 'web', { app: 'web' }), quiet);

    // WHEN
    const model = reportModel([], reportFlows(loaded, analyzer, []), loaded, analyzer);

    // THEN
    expect(model.findings).toEqual([]);
    expect(model.lintNote).toBe('2 findings suppressed by lint.cdk8s-netpol.dev/ignore annotations.');
  });
});
