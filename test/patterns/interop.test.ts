import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus28 from 'cdk8s-plus-28';
import * as kplus34 from 'cdk8s-plus-34';
import { AllowFromApp, IsolatedNamespace, NamespaceSelector, NetworkPolicy, Peer, PolicyAnalyzer, PolicyChecks, Port, Selector } from '../../src';

const IMAGE = { image: 'nginx:1.27', portNumber: 8080 };

function policies(chart: Chart): any[] {
  return Testing.synth(chart).filter(o => o.kind === 'NetworkPolicy');
}

// The oldest supported cdk8s-plus and the newest, installed side by side
// (cdk8s-plus-34 as an npm alias): every behaviour holds for both. The -34
// module is typed as -28 here only to share one table; the tests below it
// type-check -34 objects against the library's structural types.
describe.each([
  ['cdk8s-plus-28', kplus28],
  ['cdk8s-plus-34', kplus34 as unknown as typeof kplus28],
])('%s interop |', (_version, kplus) => {
  test.each([
    ['Deployment', (c: Chart) => new kplus.Deployment(c, 'Web', { containers: [IMAGE] })],
    ['StatefulSet', (c: Chart) => new kplus.StatefulSet(c, 'Web', {
      containers: [IMAGE],
      service: new kplus.Service(c, 'Svc', { ports: [{ port: 80 }] }),
    })],
    ['DaemonSet', (c: Chart) => new kplus.DaemonSet(c, 'Web', { containers: [IMAGE] })],
    ['Job', (c: Chart) => new kplus.Job(c, 'Web', { containers: [IMAGE] })],
    ['Pod', (c: Chart) => new kplus.Pod(c, 'Web', { containers: [IMAGE] })],
  ])('targets a %s by its real selector labels', (_kind, make) => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const workload = make(chart);

    // WHEN
    new NetworkPolicy(chart, 'WebPolicy', { selector: Selector.workload(workload) });

    // THEN
    const manifest = Testing.synth(chart);
    const policy = manifest.find(o => o.kind === 'NetworkPolicy');
    const template = manifest.find(o => o.kind !== 'NetworkPolicy' && o.kind !== 'Service');
    const podLabels = template.kind === 'Pod' ? template.metadata.labels : template.spec.template.metadata.labels;
    expect(Object.keys(policy.spec.podSelector.matchLabels).length).toBeGreaterThan(0);
    for (const [k, v] of Object.entries(policy.spec.podSelector.matchLabels)) {
      expect(podLabels[k]).toEqual(v);
    }
    expect(policy.metadata.namespace).toEqual('shop');
  });

  test('uses a Deployment as destination and a peer, following later select() calls', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const web = new kplus.Deployment(chart, 'Web', { containers: [IMAGE], select: false, podMetadata: { labels: { app: 'web' } } });
    const api = new kplus.Deployment(chart, 'Api', { containers: [IMAGE] });

    // WHEN
    new AllowFromApp(chart, 'WebToApi', {
      source: Selector.workload(web),
      destination: Selector.workload(api),
      ports: [Port.tcp(8080)],
      mirrorEgress: true,
    });
    // (web is isolated for egress and resolves no names here)
    PolicyChecks.of(chart).enable({ dns: false });
    web.select(kplus.LabelSelector.of({ labels: { app: 'web' } }));

    // THEN
    expect(policies(chart)).toMatchSnapshot();
    const [ingress, egress] = policies(chart);
    expect(ingress.metadata.name).toEqual('api-allow-from-web');
    expect(ingress.spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { app: 'web' } } }]);
    expect(egress.spec.podSelector).toEqual({ matchLabels: { app: 'web' } });
    expect(ingress.spec.podSelector.matchLabels['cdk8s.io/metadata.addr']).toMatch(/^test-Api-/);
  });

  test('falls back to the pod address label for a workload without a selector', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    const web = new kplus.Deployment(chart, 'Web', { containers: [IMAGE], select: false });

    // WHEN
    new NetworkPolicy(chart, 'WebPolicy', { selector: Selector.workload(web) });

    // THEN
    const policy = Testing.synth(chart).find(o => o.kind === 'NetworkPolicy');
    expect(Object.keys(policy.spec.podSelector.matchLabels)).toEqual(['cdk8s.io/metadata.addr']);
  });

  test('matches a workload of another namespace with the AND form', () => {
    // GIVEN
    const app = Testing.app();
    const monitoring = new Chart(app, 'monitoring', { namespace: 'monitoring' });
    const prometheus = new kplus.Deployment(monitoring, 'Prometheus', {
      containers: [IMAGE], select: false, podMetadata: { labels: { app: 'prometheus' } },
    });
    prometheus.select(kplus.LabelSelector.of({ labels: { app: 'prometheus' } }));
    const shop = new Chart(app, 'shop', { namespace: 'shop' });

    // WHEN
    const policy = new NetworkPolicy(shop, 'Scrape', { selector: Selector.app('api') });
    policy.allowFrom(Peer.workload(prometheus), Port.named('metrics'));

    // THEN
    expect(policies(shop)).toMatchSnapshot();
    expect(policies(shop)[0].spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
      podSelector: { matchLabels: { app: 'prometheus' } },
    }]);
  });

  test('takes a Namespace as a peer and as the isolated namespace, by name', () => {
    // GIVEN
    const chart = Testing.chart();
    const ns = new kplus.Namespace(chart, 'Tenant', { metadata: { name: 'tenant-a' } });
    const gateway = new kplus.Namespace(chart, 'Gateway', { metadata: { name: 'gateway' } });

    // WHEN
    new IsolatedNamespace(chart, 'Isolation', { namespace: ns.name });
    const policy = new NetworkPolicy(chart, 'FromGateway', { namespace: ns.name });
    policy.allowFrom(Peer.namespace(gateway));

    // THEN
    expect(policies(chart)).toMatchSnapshot();
    expect(policies(chart).every(p => p.metadata.namespace === 'tenant-a')).toBe(true);
    expect(policies(chart).find(p => p.metadata.name === 'from-gateway').spec.ingress[0].from)
      .toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway' } } }]);
  });
});

describe('cdk8s-plus-34 types |', () => {
  test('a cdk8s-plus-34 Deployment, Pod and Namespace type-check as selectors, peers and targets', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const api = new kplus34.Deployment(chart, 'Api', { containers: [IMAGE] });
    const web = new kplus34.Pod(chart, 'Web', { containers: [IMAGE] });
    const gateway = new kplus34.Namespace(chart, 'Gateway', { metadata: { name: 'gateway' } });

    // WHEN
    new AllowFromApp(chart, 'WebToApi', { source: Selector.workload(web), destination: Selector.workload(api), ports: [Port.tcp(8080)] });
    const policy = new NetworkPolicy(chart, 'FromGateway', { selector: Selector.workload(api) });
    policy.allowFrom(Peer.namespace(gateway));
    policy.allowFrom(Peer.workload(web));
    policy.allowFrom(Peer.namespaces(NamespaceSelector.of(gateway)));

    // THEN
    const rendered = policies(chart);
    const ingress = rendered.find(p => p.metadata.name === 'api-allow-from-web');
    expect(ingress.spec.podSelector.matchLabels['cdk8s.io/metadata.addr']).toMatch(/^shop-Api-/);
    expect(ingress.spec.ingress[0].from[0].podSelector.matchLabels['cdk8s.io/metadata.addr']).toMatch(/^shop-Web-/);
    expect(rendered.find(p => p.metadata.name === 'from-gateway').spec.ingress.map((r: any) => r.from[0]))
      .toContainEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway' } } });
  });

  test('workloads of cdk8s-plus-28 and -34 meet in one app, and the analyzer follows both', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const web = new kplus28.Deployment(chart, 'Web', { containers: [IMAGE] });
    const api = new kplus34.Deployment(chart, 'Api', { containers: [IMAGE] });
    new IsolatedNamespace(chart, 'Isolation');

    // WHEN
    new AllowFromApp(chart, 'WebToApi', { source: Selector.workload(web), destination: Selector.workload(api), ports: [Port.tcp(8080)] });

    // THEN
    const analyzer = PolicyAnalyzer.fromChart(chart);
    const [webWorkload, apiWorkload] = [analyzer.workload(`shop/${web.name}`), analyzer.workload(`shop/${api.name}`)];
    expect(analyzer.canReach({ source: webWorkload, destination: apiWorkload, port: 8080 }).allowed).toBe(true);
    expect(analyzer.canReach({ source: apiWorkload, destination: webWorkload, port: 8080 }).allowed).toBe(false);
  });
});

describe('cdk8s-plus dependency |', () => {
  test('the library forces no cdk8s-plus version on its users: no peer dependency, no import from src', () => {
    // GIVEN
    const root = path.join(__dirname, '..', '..');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const sources = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
      e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);

    // THEN
    expect(Object.keys({ ...pkg.peerDependencies, ...pkg.dependencies }).filter(d => d.startsWith('cdk8s-plus'))).toEqual([]);
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['cdk8s-plus-28', 'cdk8s-plus-34']));
    const importing = sources(path.join(root, 'src')).filter(f => /from 'cdk8s-plus-|require\('cdk8s-plus-/.test(fs.readFileSync(f, 'utf8')));
    expect(importing).toEqual([]);
  });
});
