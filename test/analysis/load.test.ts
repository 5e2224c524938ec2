import { ApiObject, Testing } from 'cdk8s';
import { loaded as load, namespace, netpol, pod, readYaml } from './_support';
import { compilePolicies } from '../../src/analysis/compile';
import { appManifests, chartManifests, loadManifests, sourcedObjects } from '../../src/analysis/load';
import { ManifestError } from '../../src/analysis/manifests/source';

function loadError(fn: () => unknown): ManifestError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ManifestError);
    return e as ManifestError;
  }
  throw new Error('expected a ManifestError');
}

describe('loadManifests |', () => {
  test('flattens kind: List, also inside YAML, and keeps lines of the items (netpol-e2e-cluster.yaml)', () => {
    // GIVEN
    const docs = readYaml('apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: PodList\n    items:\n      - apiVersion: v1\n        kind: Pod\n        metadata:\n          name: p\n          labels: {app: 7}\n', 'list.yaml');

    // WHEN
    const error = loadError(() => loadManifests(docs));

    // THEN
    expect(error.code).toBe('InvalidLabelValue');
    expect(error.line).toBe(11);
    expect(error.detail).toMatch(/^items\[0\]\.items\[0\]\.metadata\.labels\.app: label values must be strings, got the number 7/);
  });

  test('reads namespaces, pods and the pod templates of workloads', () => {
    // GIVEN
    const template = (labels: object) => ({ metadata: { labels }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'http' }] }] } });
    const manifests = [
      { apiVersion: 'v1', kind: 'List', items: [namespace('shop', { 'team': 'shop', 'kubernetes.io/metadata.name': 'other' })] },
      pod('shop', 'web', { app: 'web' }, { ips: ['10.0.0.1', 'fd00::1'], ports: [{ containerPort: 53, name: 'dns', protocol: 'UDP' }] }),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'shop' }, spec: { template: template({ app: 'd' }) } },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'shop' }, spec: { template: template({ app: 's' }) } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds' }, spec: { template: template({ app: 'ds' }) } },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { template: template({ app: 'rs' }) } },
      { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { template: template({ app: 'rc' }) } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: template({ app: 'j' }) } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj' }, spec: { jobTemplate: { spec: { template: template({ app: 'cj' }) } } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ignored' } },
      netpol('shop', 'p', { podSelector: {} }),
    ];

    // WHEN
    const loaded = load([], ...manifests);

    // THEN
    expect(loaded.namespaces).toEqual(new Map([['shop', { 'team': 'shop', 'kubernetes.io/metadata.name': 'shop' }]]));
    expect(loaded.endpoints.map(e => `${e.kind} ${e.id} ${JSON.stringify(e.labels)}`)).toEqual([
      'Pod shop/web {"app":"web"}',
      'Deployment shop/d {"app":"d"}',
      'StatefulSet shop/s {"app":"s"}',
      'DaemonSet default/ds {"app":"ds"}',
      'ReplicaSet default/rs {"app":"rs"}',
      'ReplicationController default/rc {"app":"rc"}',
      'Job default/j {"app":"j"}',
      'CronJob default/cj {"app":"cj"}',
    ]);
    expect(loaded.endpoints[0]).toMatchObject({ ips: ['10.0.0.1', 'fd00::1'], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] });
    expect(loaded.endpoints[1].ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    expect(loaded.policies.map(p => `${p.namespace}/${p.name}`)).toEqual(['shop/p']);
    expect(loaded.endpoints[0]).not.toHaveProperty('source');
  });

  test('puts objects with no namespace in default, and lets a later duplicate replace an earlier one', () => {
    const loaded = load([],
      pod('default', 'a', { v: '1' }),
      { ...pod('x', 'a', { v: '2' }), metadata: { name: 'a', labels: { v: '2' } } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec: { podSelector: {} } },
    );
    expect(loaded.endpoints).toHaveLength(1);
    expect(loaded.endpoints[0]).toMatchObject({ id: 'default/a', labels: { v: '2' } });
    expect(loaded.policies[0].namespace).toBe('default');
  });

  test('reads container ports of init containers (sidecars) too', () => {
    const manifest = pod('shop', 'p', {});
    manifest.spec.initContainers = [{ name: 'sidecar', restartPolicy: 'Always', ports: [{ containerPort: 15090, name: 'envoy-prom' }] }];
    expect(load([], manifest).endpoints[0].ports).toEqual([{ name: 'envoy-prom', port: 15090, protocol: 'TCP' }]);
  });

  test('names a pod with only generateName after its prefix', () => {
    const manifest = { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'job-', namespace: 'ci' } };
    expect(load([], manifest).endpoints[0].id).toBe('ci/job-*');
  });

  test.each([
    ['a missing kind', { apiVersion: 'v1', metadata: { name: 'a' } }, 'MissingKind', /Object 'Kind' is missing/],
    ['a missing apiVersion', { kind: 'Pod', metadata: { name: 'a' } }, 'MissingApiVersion', /apiVersion is not set on this Pod/],
    ['a missing name', { apiVersion: 'v1', kind: 'Pod', metadata: {} }, 'MissingName', /Pod has no name/],
    ['no metadata', { apiVersion: 'v1', kind: 'Namespace' }, 'MissingMetadata', /Namespace has no metadata/],
    ['an invalid name', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Shop' } }, 'InvalidName', /Invalid Namespace name "Shop"/],
    ['an invalid namespace', pod('Shop', 'p', {}), 'InvalidNamespace', /Invalid namespace "Shop"/],
    ['a numeric namespace', pod(7 as any, 'p', {}), 'InvalidNamespace', /must be a string, got the number 7\. YAML reads unquoted digits/],
    ['labels that are a list', { ...pod('s', 'p', {}), metadata: { name: 'p', labels: ['a'] } }, 'InvalidLabels', /must be a map/],
    ['an invalid label key', pod('s', 'p', { 'a b': 'c' }), 'InvalidLabelKey', /Invalid label key "a b"/],
    ['an invalid label value', pod('s', 'p', { a: 'b c' }), 'InvalidLabelValue', /Invalid label value "b c"/],
    ['a port out of range', pod('s', 'p', {}, { ports: [{ containerPort: 70000 }] }), 'InvalidPort', /containerPort 70000/],
    ['an unknown protocol', pod('s', 'p', {}, { ports: [{ containerPort: 80, protocol: 'ICMP' }] }), 'InvalidProtocol', /Unsupported protocol "ICMP"/],
    ['an invalid port name', pod('s', 'p', {}, { ports: [{ containerPort: 80, name: 'HTTP_1' }] }), 'InvalidPortName', /Invalid port name "HTTP_1"/],
    ['an invalid pod IP', pod('s', 'p', {}, { ips: ['10.0.0.300'] }), 'InvalidPodIp', /Invalid pod IP "10.0.0.300"/],
    ['containers that are not a list', { ...pod('s', 'p', {}), spec: { containers: {} } }, 'InvalidContainers', /must be a list/],
    ['a workload with no template', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: {} }, 'MissingTemplate', /no pod template at spec\.template/],
  ])('rejects %s', (_, manifest, code, message) => {
    const error = loadError(() => load([], { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'first' } }, manifest));
    expect(error.code).toBe(code);
    expect(error.document).toBe(2);
    expect(error.file).toBe('<manifests>');
    expect(error.message).toMatch(message);
  });

  test('rejects something that is not a list, or an item that is not an object', () => {
    expect(loadError(() => sourcedObjects({})).code).toBe('NotAList');
    expect(loadError(() => sourcedObjects([namespace('a'), 'Pod'])).message).toMatch(/^<manifests> \(document 2\): expected a Kubernetes object, got the string "Pod"/);
  });

  test('keeps a NetworkPolicy of another apiVersion or a miscapitalized kind, for validation to point out', () => {
    const loaded = load([], { ...netpol('s', 'old', {}), apiVersion: 'extensions/v1beta1' }, { ...netpol('s', 'typo', {}), kind: 'Networkpolicy' });
    expect(loaded.documents.map(d => d.name)).toEqual(['old', 'typo']);
    const issues = compilePolicies(loaded.documents).issues;
    expect(issues.map(i => `${i.name} ${i.path}`)).toEqual(expect.arrayContaining(['old apiVersion', 'typo kind']));
  });

  test('reads the namespace and name of a policy once, for every command', () => {
    const loaded = load([], { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { generateName: 'p-' }, spec: { podSelector: {} } });
    expect(loaded.documents[0]).toMatchObject({ namespace: 'default', namespaceWritten: false, name: 'p-*' });
  });

  test('reads the manifests of a chart and of an app', () => {
    // GIVEN
    const app = Testing.app();
    const one = Testing.chart();
    new ApiObject(one, 'ns', namespace('one'));

    // WHEN
    const chartDocs = chartManifests(one);
    const appDocs = appManifests(app);

    // THEN
    expect(chartDocs.map(d => d.metadata.name)).toEqual(['one']);
    expect(appDocs).toEqual([]);
  });
});

