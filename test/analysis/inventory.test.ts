import { Testing } from 'cdk8s';
import { loaded, namespace, netpol, pod } from './_support';
import { foldOwned, wellKnownServices, withInventory } from '../../src/analysis/inventory';
import { Endpoint } from '../../src/analysis/model/endpoint';
import { Conventions } from '../../src/core/conventions';

function endpoint(kind: string, name: string, options: { owner?: string; ips?: string[] } = {}): Endpoint {
  return {
    id: `ns/${name}`,
    kind,
    namespace: 'ns',
    name,
    labels: {},
    ports: [],
    ips: options.ips ?? [],
    external: false,
    ...(options.owner ? { owner: options.owner } : {}),
  };
}

describe('withInventory |', () => {
  test('adds the namespaces and workloads the manifests lack; the manifests win, and only their policies count', () => {
    // GIVEN
    const manifests = loaded([], namespace('shop', { team: 'a' }), pod('shop', 'web', { app: 'web' }),
      netpol('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }));
    const cluster = loaded([], namespace('shop', { team: 'b' }), namespace('kube-system'),
      pod('shop', 'web', { app: 'old' }), pod('kube-system', 'dns', { 'k8s-app': 'kube-dns' }),
      netpol('kube-system', 'live', { podSelector: {}, policyTypes: ['Ingress'] }));

    // WHEN
    const merged = withInventory(manifests, [cluster]);

    // THEN
    expect(merged.namespaces.get('shop')).toMatchObject({ team: 'a' });
    expect([...merged.namespaces.keys()].sort()).toEqual(['kube-system', 'shop']);
    expect(merged.endpoints.map(e => [e.id, e.labels])).toEqual([
      ['shop/web', { app: 'web' }],
      ['kube-system/dns', { 'k8s-app': 'kube-dns' }],
    ]);
    expect(merged.policies.map(p => p.name)).toEqual(['deny']);
  });

  test('a later part of the inventory wins over an earlier one', () => {
    // GIVEN
    const first = loaded([], pod('ns', 'a', { v: '1' }));
    const second = loaded([], pod('ns', 'a', { v: '2' }));

    // WHEN
    const merged = withInventory(loaded([], namespace('ns')), [first, second]);

    // THEN
    expect(merged.endpoints.map(e => e.labels)).toEqual([{ v: '2' }]);
  });
});

describe('foldOwned |', () => {
  test('folds Pods and ReplicaSets into the top-most controller present, which gains their IPs', () => {
    // GIVEN
    const endpoints = [
      endpoint('Pod', 'web-1-a', { owner: 'ReplicaSet/web-1', ips: ['10.0.0.1'] }),
      endpoint('Pod', 'web-1-b', { owner: 'ReplicaSet/web-1', ips: ['10.0.0.2'] }),
      endpoint('ReplicaSet', 'web-1', { owner: 'Deployment/web' }),
      endpoint('Deployment', 'web'),
      endpoint('Pod', 'job-x', { owner: 'Job/gone', ips: ['10.0.0.3'] }),
    ];

    // WHEN
    const folded = foldOwned(endpoints);

    // THEN
    expect(folded.map(e => [e.kind, e.name, e.ips])).toEqual([
      ['Deployment', 'web', ['10.0.0.1', '10.0.0.2']],
      ['Pod', 'job-x', ['10.0.0.3']],
    ]);
  });

  test('stops on an ownership cycle and keeps both ends', () => {
    // GIVEN
    const endpoints = [endpoint('ReplicaSet', 'a', { owner: 'ReplicaSet/b' }), endpoint('ReplicaSet', 'b', { owner: 'ReplicaSet/a' })];

    // WHEN
    const folded = foldOwned(endpoints);

    // THEN
    expect(folded.map(e => e.name)).toEqual(['a', 'b']);
  });
});

describe('wellKnownServices |', () => {
  test('places each service where the default Conventions look for it', () => {
    // GIVEN
    const conventions = Conventions.of(Testing.chart());
    const peers = [conventions.dns.peers[0], conventions.monitoring, conventions.ingressController]
      .map(p => p._toKube({ path: 'test', namespace: 'default', appLabelKey: conventions.appLabelKey }));

    // WHEN
    const services = wellKnownServices(['ingress', 'dns', 'monitoring']);

    // THEN
    expect(services.endpoints.map(e => e.id)).toEqual(['kube-system/kube-dns', 'monitoring/prometheus', 'ingress-nginx/ingress-nginx-controller']);
    services.endpoints.forEach((e, i) => {
      expect(e.labels).toEqual(peers[i].podSelector?.matchLabels);
      expect(peers[i].namespaceSelector?.matchLabels).toEqual({ 'kubernetes.io/metadata.name': e.namespace });
    });
    expect(services.endpoints[0].ports).toEqual([
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    ]);
    expect([...services.namespaces.keys()]).toEqual(['kube-system', 'monitoring', 'ingress-nginx']);
  });
});
