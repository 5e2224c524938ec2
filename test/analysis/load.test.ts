import { ApiObject, Testing } from 'cdk8s';
import { fixtureText, namespace, netpol, pod } from './_support';
import { appManifests, chartManifests, DEFAULT_MAX_BYTES, loadManifests, loadYaml, ManifestError, parseFieldPath, sourceOf } from '../../src/analysis/load';

function loadError(fn: () => unknown): ManifestError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ManifestError);
    return e as ManifestError;
  }
  throw new Error('expected a ManifestError');
}

describe('loadYaml |', () => {
  test('reads every document of a multi-document file and skips empty ones', () => {
    // GIVEN
    const text = '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n---\n# only a comment\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n---\n';

    // WHEN
    const docs = loadYaml(text, 'multi.yaml');

    // THEN
    expect(docs.map(d => d.metadata.name)).toEqual(['a', 'b']);
    expect(sourceOf(docs[1])).toMatchObject({ file: 'multi.yaml', document: 4, line: 9 });
  });

  test('reads the e2e cluster fixture (netpol-e2e-cluster.yaml)', () => {
    const docs = loadYaml(Buffer.from(fixtureText('netpol-e2e-cluster.yaml')), 'netpol-e2e-cluster.yaml');
    expect(docs).toHaveLength(12);
  });

  test('reads JSON, tab-indented too, and rejects its duplicate keys', () => {
    const docs = loadYaml('{\n\t"apiVersion": "v1",\n\t"kind": "List",\n\t"items": [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}]\n}\n', 'list.json');
    expect(docs[0].items[0].metadata.name).toBe('a');
    expect(loadError(() => loadYaml('{"kind": "Pod",\n "kind": "Pod"}', 'dup.json'))).toMatchObject({ code: 'DuplicateKey', line: 2 });
  });

  test('rejects a duplicate key, naming file, document and line', () => {
    // GIVEN
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: web\n    app: api\n';

    // WHEN
    const error = loadError(() => loadYaml(text, 'dup.yaml'));

    // THEN
    expect(error.code).toBe('DuplicateKey');
    expect(error).toMatchObject({ file: 'dup.yaml', document: 2, line: 11 });
    expect(error.message).toMatch(/^dup\.yaml:11 \(document 2\): duplicate key "app": Map keys must be unique\. Keep only one of them/);
  });

  test('treats a parser warning (an unknown tag) as an error', () => {
    const error = loadError(() => loadYaml('apiVersion: v1\nkind: !Ref Namespace\nmetadata: {name: a}\n', 'tag.yaml'));
    expect(error.code).toBe('YamlWarning');
    expect(error).toMatchObject({ line: 2, document: 1 });
    expect(error.message).toMatch(/Unresolved tag: !Ref/);
  });

  test('rejects a syntax error with its line', () => {
    const error = loadError(() => loadYaml('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [a\n', 'syntax.yaml'));
    expect(error.code).toBe('InvalidYaml');
    expect(error.file).toBe('syntax.yaml');
    expect(error.line).toBeGreaterThanOrEqual(4);
  });

  test('refuses an alias bomb', () => {
    // GIVEN
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${levels.map(l => `  ${l}`).join('\n')}\n`;

    // WHEN
    const error = loadError(() => loadYaml(text, 'bomb.yaml'));

    // THEN
    expect(error.code).toBe('TooManyAliases');
    expect(error.message).toMatch(/^bomb\.yaml:1 \(document 1\): the document expands too many aliases \(limit 100\)/);
  });

  test('allows a few aliases', () => {
    const docs = loadYaml('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: &l {app: web}\n  annotations: *l\n', 'alias.yaml');
    expect(docs[0].metadata.annotations).toEqual({ app: 'web' });
  });

  test('rejects invalid UTF-8, naming the line', () => {
    // GIVEN
    const bytes = Buffer.concat([Buffer.from('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: caf'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);

    // WHEN
    const error = loadError(() => loadYaml(bytes, 'latin1.yaml'));

    // THEN
    expect(error.code).toBe('InvalidUtf8');
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/not valid UTF-8 \(byte 0xc3 at offset 52\)/);
  });

  test.each([
    ['an overlong encoding', [0xc0, 0xaf]],
    ['a surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
  ])('rejects %s', (_, bytes) => {
    expect(loadError(() => loadYaml(Uint8Array.from([0x61, 0x3a, 0x20, ...bytes]), 'bad.yaml')).code).toBe('InvalidUtf8');
  });

  test('accepts UTF-8 with a BOM and multi-byte characters', () => {
    const docs = loadYaml(Buffer.from('\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: "café ✓ 😀"}\n'), 'utf8.yaml');
    expect(docs[0].data.k).toBe('café ✓ 😀');
  });

  test('refuses an oversize file', () => {
    // GIVEN
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: "${'x'.repeat(2000)}"}\n`;

    // WHEN
    const error = loadError(() => loadYaml(text, 'big.yaml', { maxBytes: 1024 }));

    // THEN
    expect(DEFAULT_MAX_BYTES).toBe(64 * 1024 * 1024);
    expect(error.code).toBe('ManifestTooLarge');
    expect(error.message).toMatch(/^big\.yaml: the file is 2065 bytes, more than the limit of 1024 bytes/);
  });

  test('rejects a document that is not an object', () => {
    const error = loadError(() => loadYaml('apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n- a\n- b\n', 'list.yaml'));
    expect(error).toMatchObject({ code: 'NotAnObject', document: 2, line: 5 });
  });

  test('reads a top-level array, as chart.toJson() saved to a file, with the line of each item', () => {
    // GIVEN
    const text = '[\n  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}},\n  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}}\n]\n';

    // WHEN
    const docs = loadYaml(text, 'chart.json');

    // THEN
    expect(docs.map(d => d.metadata.name)).toEqual(['a', 'b']);
    expect(sourceOf(docs[1])).toMatchObject({ file: 'chart.json', document: 1, line: 3 });
    expect(loadManifests(docs).namespaces.has('b')).toBe(true);
  });

  test('rejects an array item that is not an object, naming its line', () => {
    expect(() => loadYaml('- kind: Namespace\n- 42\n', 'list.yaml')).toThrow(/list\.yaml:2.*item 1 of the document is the number 42, not an object/);
  });

  test('reads scalars as kubectl (YAML 1.1): an unquoted y is a boolean', () => {
    // GIVEN
    const docs = loadYaml('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: y\n', 'norway.yaml');

    // WHEN
    const error = loadError(() => loadManifests(docs));

    // THEN
    expect(docs[0].metadata.name).toBe(true);
    expect(error.message).toMatch(/^norway\.yaml:4 \(document 1\): metadata\.name: must be a string, got the boolean true\. YAML reads unquoted y, n, yes/);
  });

  test('keeps dates and times as strings, as kubectl does', () => {
    const docs = loadYaml('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {built: 2024-01-02, at: 1:20}\n', 'dates.yaml');
    expect(docs[0].metadata.labels).toEqual({ built: '2024-01-02', at: '1:20' });
  });
});

describe('loadManifests |', () => {
  test('flattens kind: List, also inside YAML, and keeps lines of the items (netpol-e2e-cluster.yaml)', () => {
    // GIVEN
    const docs = loadYaml('apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: PodList\n    items:\n      - apiVersion: v1\n        kind: Pod\n        metadata:\n          name: p\n          labels: {app: 7}\n', 'list.yaml');

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
    const loaded = loadManifests(manifests);

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
    expect(sourceOf(manifests[1])).toBeUndefined();
  });

  test('puts objects with no namespace in default, and lets a later duplicate replace an earlier one', () => {
    const loaded = loadManifests([
      pod('default', 'a', { v: '1' }),
      { ...pod('x', 'a', { v: '2' }), metadata: { name: 'a', labels: { v: '2' } } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec: { podSelector: {} } },
    ]);
    expect(loaded.endpoints).toHaveLength(1);
    expect(loaded.endpoints[0]).toMatchObject({ id: 'default/a', labels: { v: '2' } });
    expect(loaded.policies[0].namespace).toBe('default');
  });

  test('reads container ports of init containers (sidecars) too', () => {
    const manifest = pod('shop', 'p', {});
    manifest.spec.initContainers = [{ name: 'sidecar', restartPolicy: 'Always', ports: [{ containerPort: 15090, name: 'envoy-prom' }] }];
    expect(loadManifests([manifest]).endpoints[0].ports).toEqual([{ name: 'envoy-prom', port: 15090, protocol: 'TCP' }]);
  });

  test('names a pod with only generateName after its prefix', () => {
    const manifest = { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'job-', namespace: 'ci' } };
    expect(loadManifests([manifest]).endpoints[0].id).toBe('ci/job-*');
  });

  test.each([
    ['a missing kind', { apiVersion: 'v1', metadata: { name: 'a' } }, 'MissingKind', /Object 'Kind' is missing/],
    ['a missing apiVersion', { kind: 'Pod', metadata: { name: 'a' } }, 'MissingApiVersion', /apiVersion is not set on this Pod/],
    ['a non-object', 'Pod', 'NotAnObject', /expected a Kubernetes object, got the string "Pod"/],
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
    ['an old NetworkPolicy apiVersion', { ...netpol('s', 'p', {}), apiVersion: 'extensions/v1beta1' }, 'UnsupportedApiVersion', /Use apiVersion: networking\.k8s\.io\/v1/],
  ])('rejects %s', (_, manifest, code, message) => {
    const error = loadError(() => loadManifests([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'first' } }, manifest]));
    expect(error.code).toBe(code);
    expect(error.document).toBe(2);
    expect(error.file).toBe('<manifests>');
    expect(error.message).toMatch(message);
  });

  test('rejects something that is not a list', () => {
    expect(loadError(() => loadManifests({} as any)).code).toBe('NotAList');
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

describe('parseFieldPath |', () => {
  test.each([
    ['spec.ingress[0].from[1].ipBlock.cidr', ['spec', 'ingress', 0, 'from', 1, 'ipBlock', 'cidr']],
    ['metadata.labels[app.kubernetes.io/name]', ['metadata', 'labels', 'app.kubernetes.io/name']],
    ['', []],
  ])('parses %s', (path, expected) => {
    expect(parseFieldPath(path)).toEqual(expected);
  });
});
