import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AllowFromNamespaces, AllowToApp, Baseline, NamespaceSelector, Port, Selector } from '../../src';

function policies(chart: Chart): any[] {
  return Testing.synth(chart).filter(o => o.kind === 'NetworkPolicy');
}

function tenantApp(chart: Chart, namespace: string): void {
  new kplus.Deployment(chart, `${namespace}-web`, {
    metadata: { name: 'web', namespace },
    podMetadata: { labels: { 'app.kubernetes.io/name': 'web' } },
    containers: [{ image: 'nginx:1.27', portNumber: 8080, securityContext: { ensureNonRoot: false } }],
  });
}

describe('Baseline |', () => {
  test('applies isolation, DNS, monitoring and the ingress controller to each namespace', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new Baseline(chart, 'Tenants', {
      namespaces: ['tenant-a', 'tenant-b'],
      allowSameNamespace: true,
      monitoringPorts: [Port.named('metrics')],
      ingressControllerTargets: Selector.app('web'),
      ingressControllerPorts: [Port.tcp(8080)],
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    const names = policies(chart).map(p => `${p.metadata.namespace}/${p.metadata.name}`);
    expect(names).toEqual([
      'tenant-a/default-deny', 'tenant-a/allow-dns-egress', 'tenant-a/allow-same-namespace', 'tenant-a/allow-monitoring',
      'tenant-a/web-allow-from-ingress-controller',
      'tenant-b/default-deny', 'tenant-b/allow-dns-egress', 'tenant-b/allow-same-namespace', 'tenant-b/allow-monitoring',
      'tenant-b/web-allow-from-ingress-controller',
    ]);
  });

  test('blocks the metadata endpoint where egress is not isolated', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new Baseline(chart, 'Legacy', { namespaces: ['legacy'], isolateEgress: false });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(policies(chart).map(p => p.metadata.name)).toEqual(['default-deny-ingress', 'block-metadata-endpoint']);
  });

  test('refuses to block the metadata endpoint where egress is isolated', () => {
    expect(() => new Baseline(Testing.chart(), 'B', { namespaces: ['a'], blockMetadataEndpoint: true }))
      .toThrow(/\[test\/B\] blockMetadataEndpoint allows every other egress, which would undo isolateEgress/);
  });

  test('refuses an empty or invalid namespace list', () => {
    expect(() => new Baseline(Testing.chart(), 'B', { namespaces: [] })).toThrow(/\[test\/B\] namespaces is empty/);
    expect(() => new Baseline(Testing.chart(), 'B', { namespaces: ['Tenant A'] })).toThrow(/Invalid namespace name "Tenant A"/);
  });

  test('its invariant fails the synth when one tenant opens to another', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'platform');
    tenantApp(chart, 'tenant-a');
    tenantApp(chart, 'tenant-b');
    new Baseline(chart, 'Tenants', { namespaces: ['tenant-a', 'tenant-b'], allowSameNamespace: true, forbidCrossNamespaceTraffic: true });
    expect(() => app.synth()).not.toThrow();

    // WHEN: tenant-b lets tenant-a in, and tenant-a's egress is opened too
    new AllowFromNamespaces(chart, 'Leak', { namespace: 'tenant-b', namespaces: NamespaceSelector.named('tenant-a') });
    new AllowToApp(chart, 'LeakOut', { source: Selector.all().inNamespace('tenant-a'), destination: Selector.all().inNamespace('tenant-b') });

    // THEN
    expect(() => app.synth()).toThrow(/\[platform\/Tenants\/tenant-a\/NoCrossNamespaceTraffic\] tenant-a\/web -> tenant-b\/web TCP 1 is allowed/);
  });
});

describe('Baseline | refusals', () => {
  test('names the construct path when a namespace is invalid', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'org');

    // THEN
    expect(() => new Baseline(chart, 'Tenants', { namespaces: ['tenant-a', 'Tenant_B'] }))
      .toThrow(/^\[org\/Tenants\] Invalid namespace name "Tenant_B"/);
  });
});
