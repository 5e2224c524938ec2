import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AllowFromApp, IsolatedNamespace, NetworkPolicy, Peer, PolicyChecks, Port, Selector } from '../../src';

const IMAGE = { image: 'nginx:1.27', portNumber: 8080 };

function policies(chart: Chart): any[] {
  return Testing.synth(chart).filter(o => o.kind === 'NetworkPolicy');
}

describe('cdk8s-plus-28 interop |', () => {
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
