import { ApiObject, Chart, Testing } from 'cdk8s';
import { AllowFromApp, Conventions, IsolatedNamespace, PolicyAnalyzer, Port, Protocol, Selector, Workload } from '../../src';
import { pod } from '../checks/_support';

function policies(chart: Chart): any[] {
  return Testing.synth(chart).filter(o => o.kind === 'NetworkPolicy');
}

describe('AllowFromApp |', () => {
  test('emits the ingress policy and the mirrored egress policy', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    new AllowFromApp(chart, 'WebToApi', {
      source: Selector.app('web'),
      destination: Selector.app('api'),
      ports: [Port.tcp(8080)],
      mirrorEgress: true,
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    const [ingress, egress] = policies(chart);
    expect(ingress.metadata).toEqual({ name: 'api-allow-from-web', namespace: 'shop' });
    expect(ingress.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }],
    });
    expect(egress.metadata).toEqual({ name: 'web-allow-to-api', namespace: 'shop' });
    expect(egress.spec.egress).toEqual([{
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    }]);
  });

  test('allows all ports when none are given', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    new AllowFromApp(chart, 'WebToApi', { source: Selector.app('web'), destination: Selector.app('api'), mirrorEgress: true });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    const [ingress, egress] = policies(chart);
    expect(ingress.spec.ingress[0].ports).toBeUndefined();
    expect(egress.spec.egress[0].ports).toBeUndefined();
  });

  test('matches a source in another namespace with the AND form', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    new AllowFromApp(chart, 'Scrape', {
      source: Selector.app('prometheus').inNamespace('monitoring'),
      destination: Selector.app('api'),
      ports: [Port.named('metrics')],
      mirrorEgress: true,
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    const [ingress, egress] = policies(chart);
    expect(ingress.metadata).toEqual({ name: 'api-allow-from-monitoring-prometheus', namespace: 'shop' });
    expect(ingress.spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
    }]);
    expect(egress.metadata).toEqual({ name: 'prometheus-allow-to-shop-api', namespace: 'monitoring' });
    expect(egress.spec.egress[0].to).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
    }]);
    expect(ingress.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 'metrics' }]);
  });

  test('can skip the mirrored egress policy', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    const allow = new AllowFromApp(chart, 'WebToApi', {
      source: Selector.app('web'),
      destination: Selector.app('api'),
      mirrorEgress: false,
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(allow.egressPolicy).toBeUndefined();
    expect(policies(chart).map(p => p.spec.policyTypes)).toEqual([['Ingress']]);
  });

  test('uses a base name when given', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    new AllowFromApp(chart, 'WebToApi', { source: Selector.app('web'), destination: Selector.app('api'), name: 'checkout', mirrorEgress: true });

    // THEN
    expect(policies(chart).map(p => p.metadata.name)).toEqual(['checkout-ingress', 'checkout-egress']);
  });

  test('reads the app label key from the conventions of the app', () => {
    // GIVEN
    const app = Testing.app();
    Conventions.set(app, { appLabelKey: 'app' });
    const chart = new Chart(app, 'test', { namespace: 'shop' });

    // WHEN
    new AllowFromApp(chart, 'WebToApi', { source: Selector.app('web'), destination: Selector.app('api'), mirrorEgress: true });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(policies(chart)[0].spec.podSelector).toEqual({ matchLabels: { app: 'api' } });
  });

  test('refuses two AllowFromApp that render the same name', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    new AllowFromApp(chart, 'A', { source: Selector.app('web'), destination: Selector.app('api'), ports: [Port.tcp(80)] });
    new AllowFromApp(chart, 'B', { source: Selector.app('web'), destination: Selector.app('api'), ports: [Port.tcp(81)] });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/NetworkPolicy name "api-allow-from-web" in namespace "shop" is used 2 times \(test\/A\/Ingress, test\/B\/Ingress\).*Give each a distinct `name`/);
  });

  test('takes explicit namespaces for both sides', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new AllowFromApp(chart, 'FrontToBack', {
      source: Selector.app('web'),
      sourceNamespace: 'front',
      destination: Selector.app('api'),
      namespace: 'back',
      ports: [Port.tcp(8080)],
      mirrorEgress: true,
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    const [ingress, egress] = policies(chart);
    expect(ingress.metadata).toEqual({ name: 'api-allow-from-front-web', namespace: 'back' });
    expect(egress.metadata).toEqual({ name: 'web-allow-to-back-api', namespace: 'front' });
    expect(ingress.spec.ingress[0].from[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'front' } });
  });

  test('keeps a source without a namespace in the chart namespace when the destination is elsewhere', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'ops' });

    // WHEN
    new AllowFromApp(chart, 'Backup', {
      source: Selector.app('backup'),
      destination: Selector.app('db').inNamespace('payments'),
      ports: [Port.tcp(5432)],
      mirrorEgress: true,
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    const [ingress, egress] = policies(chart);
    expect(ingress.metadata).toEqual({ name: 'db-allow-from-ops-backup', namespace: 'payments' });
    expect(ingress.spec.ingress[0].from[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'ops' } });
    expect(egress.metadata).toEqual({ name: 'backup-allow-to-payments-db', namespace: 'ops' });
  });
});

describe('AllowFromApp | refusals and names', () => {
  test('names the construct path when a namespace is invalid', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });

    // THEN
    expect(() => new AllowFromApp(chart, 'In', { source: Selector.app('web'), destination: Selector.app('api'), sourceNamespace: 'Bad_NS' }))
      .toThrow(/^\[shop\/In\] Invalid namespace name "Bad_NS"/);
  });

  test('refuses a string source from plain JavaScript with a library error', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });

    // THEN
    expect(() => new AllowFromApp(chart, 'In', { source: 'web' as any, destination: Selector.app('api') }))
      .toThrow(/^\[shop\/In\] `source` must be a Selector, got a string/);
  });

  test('derives a valid name from an app name with "_." in it', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });

    // WHEN
    new AllowFromApp(chart, 'In', { source: Selector.app('web'), destination: Selector.app('api_.v2') });

    // THEN
    expect(policies(chart).map(p => p.metadata.name)).toContain('api-v2-allow-from-web');
  });

  test('names equal selections alike: Selector.labels({}) and Selector.expressions([]) are every pod', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });

    // WHEN
    new AllowFromApp(chart, 'A', { source: Selector.labels({}), destination: Selector.app('api') });
    new AllowFromApp(chart, 'B', { source: Selector.expressions([]), destination: Selector.app('db') });

    // THEN
    const names = policies(chart).map(p => p.metadata.name);
    expect(names).toContain('api-allow-from-all-pods');
    expect(names).toContain('db-allow-from-all-pods');
  });

  test('works with the app label key "constructor", which cdk8s cannot render as a map key', () => {
    // GIVEN
    const app = Testing.app();
    Conventions.set(app, { appLabelKey: 'constructor' });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });

    // WHEN
    new AllowFromApp(chart, 'In', { source: Selector.app('web'), destination: Selector.app('api') });

    // THEN
    const ingress = policies(chart).find(p => p.spec.policyTypes.includes('Ingress'));
    expect(ingress.spec.podSelector).toEqual({ matchExpressions: [{ key: 'constructor', operator: 'In', values: ['api'] }] });
  });
});

describe('AllowFromApp default mirrorEgress |', () => {
  const KUBE_DNS = Workload.of('kube-system', { 'k8s-app': 'kube-dns' });

  test('isolates only the destination: no egress policy, nothing written into another namespace, no flow lost', () => {
    // GIVEN: web -> api and prometheus (monitoring) -> api, and no isolation anywhere
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    pod(chart, 'web');
    pod(chart, 'api', { ports: { metrics: 9090 } });
    pod(chart, 'prometheus', { namespace: 'monitoring' });
    pod(chart, 'payments-api', { namespace: 'payments' });

    // WHEN
    const web = new AllowFromApp(chart, 'WebToApi', { source: Selector.app('web'), destination: Selector.app('api') });
    new AllowFromApp(chart, 'Scrape', {
      source: Selector.app('prometheus').inNamespace('monitoring'),
      destination: Selector.app('api'),
      ports: [Port.named('metrics')],
    });

    // THEN
    const synthesized = policies(chart);
    expect(synthesized.map(p => `${p.metadata.namespace}/${p.metadata.name} ${p.spec.policyTypes}`)).toEqual([
      'shop/api-allow-from-web Ingress',
      'shop/api-allow-from-monitoring-prometheus Ingress',
    ]);
    expect(web.egressPolicy).toBeUndefined();
    const analyzer = PolicyAnalyzer.fromChart(chart);
    const prometheus = analyzer.workload('monitoring/prometheus');
    expect(analyzer.canReach({ source: analyzer.workload('shop/web'), destination: KUBE_DNS, port: 53, protocol: Protocol.UDP }).allowed).toBe(true);
    expect(analyzer.canReach({ source: prometheus, destination: KUBE_DNS, port: 53, protocol: Protocol.UDP }).allowed).toBe(true);
    expect(analyzer.canReach({ source: prometheus, destination: analyzer.workload('payments/payments-api'), port: 9090 }).allowed).toBe(true);
    expect(analyzer.canReach({ source: prometheus, destination: analyzer.workload('shop/api'), portName: 'metrics' }).allowed).toBe(true);
  });

  test('mirrors where the app isolates the source\'s egress, even when the isolation is written later', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    pod(chart, 'web');
    pod(chart, 'api');
    const allow = new AllowFromApp(chart, 'WebToApi', { source: Selector.app('web'), destination: Selector.app('api'), ports: [Port.tcp(8080)] });

    // WHEN
    new IsolatedNamespace(chart, 'Isolation');

    // THEN
    const names = policies(chart).map(p => p.metadata.name);
    expect(names).toContain('web-allow-to-api');
    expect(allow.egressPolicy?.name).toEqual('web-allow-to-api');
    const analyzer = PolicyAnalyzer.fromChart(chart);
    expect(analyzer.canReach({ source: analyzer.workload('shop/web'), destination: analyzer.workload('shop/api'), port: 8080 }).allowed).toBe(true);
  });

  test('mirrors where a raw NetworkPolicy selects every source pod for egress, not where it selects only some', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    new ApiObject(chart, 'RawWeb', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web-egress' },
      spec: {
        podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['web', 'shop'] }] },
        policyTypes: ['Egress'],
        egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }],
      },
    });
    new ApiObject(chart, 'RawCanary', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'canary-egress' },
      spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'track': 'canary' } }, policyTypes: ['Egress'] },
    });

    // WHEN
    const fromWeb = new AllowFromApp(chart, 'WebToApi', { source: Selector.app('web'), destination: Selector.app('db') });
    const fromApi = new AllowFromApp(chart, 'ApiToDb', { source: Selector.app('api'), destination: Selector.app('db') });

    // THEN
    const names = policies(chart).map(p => p.metadata.name);
    expect(names).toContain('web-allow-to-db');
    expect(names).not.toContain('api-allow-to-db');
    expect(fromWeb.egressPolicy).toBeDefined();
    expect(fromApi.egressPolicy).toBeUndefined();
  });

  test('mirrors where another chart of the app isolates the source\'s namespace', () => {
    // GIVEN
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const allow = new AllowFromApp(shop, 'Scrape', { source: Selector.app('prometheus').inNamespace('monitoring'), destination: Selector.app('api') });

    // WHEN
    new IsolatedNamespace(new Chart(app, 'monitoring', { namespace: 'monitoring' }), 'Isolation');

    // THEN
    expect(policies(shop).map(p => `${p.metadata.namespace}/${p.metadata.name}`))
      .toEqual(['shop/api-allow-from-monitoring-prometheus', 'monitoring/prometheus-allow-to-shop-api']);
    expect(allow.egressPolicy?.namespace).toEqual('monitoring');
  });

  test('mirrorEgress: true writes the egress policy into a namespace the app does not isolate, when asked', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });

    // WHEN
    new AllowFromApp(chart, 'Scrape', {
      source: Selector.app('prometheus').inNamespace('monitoring'),
      destination: Selector.app('api'),
      mirrorEgress: true,
    });

    // THEN
    expect(policies(chart).map(p => `${p.metadata.namespace}/${p.metadata.name}`))
      .toEqual(['shop/api-allow-from-monitoring-prometheus', 'monitoring/prometheus-allow-to-shop-api']);
  });

  test('decides once: a second synthesis renders the same policies', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    new AllowFromApp(chart, 'WebToApi', { source: Selector.app('web'), destination: Selector.app('api') });

    // WHEN
    const first = Testing.synth(chart);
    const second = Testing.synth(chart);

    // THEN
    expect(second).toEqual(first);
    expect(first).toHaveLength(1);
  });
});
