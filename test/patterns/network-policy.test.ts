import { ApiObject, Chart, JsonPatch, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  IpBlock, LabelExpression, NamespaceSelector, NetworkPolicy, Peer, PolicyValidator, Direction, Port, Protocol, Selector,
} from '../../src';

function shopChart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'shop' });
}

describe('NetworkPolicy |', () => {
  test('with no rules denies all ingress to the selected pods', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new NetworkPolicy(chart, 'DenyApi', { selector: Selector.app('api') });

    // THEN
    const manifest = Testing.synth(chart);
    expect(manifest).toMatchSnapshot();
    expect(manifest[0]).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny-api', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, policyTypes: ['Ingress'] },
    });
  });

  test('derives policyTypes from the rules it holds', () => {
    // GIVEN
    const chart = shopChart();
    const policy = new NetworkPolicy(chart, 'Api', { selector: Selector.app('api') });

    // WHEN
    policy.allowFrom(Peer.pods(Selector.app('web')), Port.tcp(8080));
    policy.allowTo(Peer.cidr('10.0.0.0/8'));

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(policy.policyTypes).toEqual([Direction.INGRESS, Direction.EGRESS]);
  });

  test('renders every peer form', () => {
    // GIVEN
    const chart = shopChart();
    const policy = new NetworkPolicy(chart, 'Peers', { selector: Selector.app('api') });

    // WHEN
    policy.addIngressRule({
      peers: [
        Peer.pods(Selector.app('web')),
        Peer.podsIn(NamespaceSelector.named('monitoring'), Selector.app('prometheus')),
        Peer.namespaces(NamespaceSelector.labels({ team: 'payments' })),
        Peer.namespaces(NamespaceSelector.names(['dev', 'test'])),
        Peer.allPodsInCluster(),
        Peer.ipBlock(IpBlock.of('192.168.0.0/16', ['192.168.1.0/24'])),
      ],
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    const from = Testing.synth(chart)[0].spec.ingress[0].from;
    expect(from).toHaveLength(6);
    expect(from).toContainEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
    });
    expect(from).toContainEqual({
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['dev', 'test'] }] },
    });
    expect(from).toContainEqual({ namespaceSelector: {} });
  });

  test('renders every port form, sorted, with a protocol on each', () => {
    // GIVEN
    const chart = shopChart();
    const policy = new NetworkPolicy(chart, 'Ports');

    // WHEN
    policy.addIngressRule({
      ports: [
        Port.named('metrics'), Port.sctp(9), Port.allUdp(), Port.tcpRange(8000, 8099),
        Port.tcp(443), Port.udp(53), Port.tcp(443), Port.named('dns', Protocol.UDP),
      ],
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(Testing.synth(chart)[0].spec.ingress[0].ports).toEqual([
      { protocol: 'TCP', port: 'metrics' },
      { protocol: 'TCP', port: 443 },
      { protocol: 'TCP', port: 8000, endPort: 8099 },
      { protocol: 'UDP' },
      { protocol: 'UDP', port: 'dns' },
      { protocol: 'UDP', port: 53 },
      { protocol: 'SCTP', port: 9 },
    ]);
  });

  test('renders match expressions sorted, with sorted values', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new NetworkPolicy(chart, 'Expr', {
      selector: Selector.expressions([
        LabelExpression.oneOf('tier', ['web', 'api', 'web']),
        LabelExpression.doesNotExist('canary'),
        LabelExpression.noneOf('env', ['dev']),
        LabelExpression.exists('team'),
      ]),
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(Testing.synth(chart)[0].spec.podSelector.matchExpressions).toEqual([
      { key: 'canary', operator: 'DoesNotExist' },
      { key: 'env', operator: 'NotIn', values: ['dev'] },
      { key: 'team', operator: 'Exists' },
      { key: 'tier', operator: 'In', values: ['api', 'web'] },
    ]);
  });

  test('keeps explicit policyTypes and isolates egress with no rules', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new NetworkPolicy(chart, 'DenyAll', { policyTypes: [Direction.EGRESS, Direction.INGRESS] });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(Testing.synth(chart)[0].spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test('isolate() adds a direction with no rules', () => {
    // GIVEN
    const chart = shopChart();
    const policy = new NetworkPolicy(chart, 'Api', { selector: Selector.app('api') });
    policy.allowFrom(Peer.pods(Selector.app('web')));

    // WHEN
    policy.isolate(Direction.EGRESS);

    // THEN
    expect(Testing.synth(chart)[0].spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(Testing.synth(chart)[0].spec.egress).toBeUndefined();
  });

  test('refuses rules in a direction that explicit policyTypes leaves out', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new NetworkPolicy(chart, 'Api', {
      policyTypes: [Direction.INGRESS],
      egress: [{ peers: [Peer.cidr('10.0.0.0/8')] }],
    });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Api\] has 1 egress rule\(s\) but policyTypes \["Ingress"\] leaves out Egress/);
  });

  test('refuses an empty peers list, which Kubernetes reads as everyone', () => {
    // GIVEN
    const policy = new NetworkPolicy(shopChart(), 'Api');

    // THEN
    expect(() => policy.addIngressRule({ peers: [] })).toThrow(/\[test\/Api\] An ingress rule has an empty peers list.*Leave `peers` out/);
    expect(() => policy.addEgressRule({ ports: [] })).toThrow(/\[test\/Api\] An egress rule has an empty ports list/);
  });

  test('refuses an empty policyTypes list', () => {
    expect(() => new NetworkPolicy(shopChart(), 'Api', { policyTypes: [] })).toThrow(/\[test\/Api\] policyTypes is empty/);
  });

  test.each([
    ['Upper_Case', /Invalid NetworkPolicy name "Upper_Case"/],
    ['-leading-dash', /Invalid NetworkPolicy name "-leading-dash"/],
    ['a'.repeat(254), /must be no more than 253 characters/],
  ])('refuses the name %s, naming the construct path', (name, message) => {
    expect(() => new NetworkPolicy(shopChart(), 'Api', { name })).toThrow(/\[test\/Api\]/);
    expect(() => new NetworkPolicy(shopChart(), 'Api', { name })).toThrow(message);
  });

  test('refuses an invalid namespace', () => {
    expect(() => new NetworkPolicy(shopChart(), 'Api', { namespace: 'Shop.Prod' }))
      .toThrow(/\[test\/Api\] Invalid namespace "Shop\.Prod"/);
  });

  test('derives a readable name from the construct id', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    const policy = new NetworkPolicy(chart, 'AllowHTTPFromWeb2');

    // THEN
    expect(policy.name).toEqual('allow-http-from-web2');
  });

  test('validates the output after a JSON patch, listing every problem', () => {
    // GIVEN
    const chart = shopChart();
    const policy = new NetworkPolicy(chart, 'Api', { ingress: [{ ports: [Port.tcp(80)] }] });

    // WHEN
    ApiObject.of(policy).addJsonPatch(
      JsonPatch.replace('/spec/ingress/0/ports/0/port', 0),
      JsonPatch.add('/spec/ingress/0/ports/0/endPort', 70000),
    );

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Api\] NetworkPolicy shop\/api would be rejected by the API server: spec\.ingress\[0\]\.ports\[0\]\.port/);
    expect(() => Testing.synth(chart)).toThrow(/spec\.ingress\[0\]\.ports\[0\]\.endPort/);
  });

  test('validates a raw ApiObject NetworkPolicy in the same chart', () => {
    // GIVEN
    const chart = shopChart();
    new NetworkPolicy(chart, 'Ok');

    // WHEN
    new ApiObject(chart, 'Raw', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'raw' },
      spec: { podSelector: {}, ingress: [{ ports: [{ protocol: 'tcp', port: 80 }] }] },
    });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Raw\] NetworkPolicy shop\/raw would be rejected by the API server: spec\.ingress\[0\]\.ports\[0\]\.protocol/);
  });

  test('catches the port: 0 that cdk8s-plus-28 allTcp() renders', () => {
    // GIVEN
    const chart = shopChart();
    new NetworkPolicy(chart, 'Ok');

    // WHEN
    const kp = new kplus.NetworkPolicy(chart, 'Plus', { metadata: { name: 'plus' } });
    kp.addIngressRule(kplus.Pods.all(chart, 'AllPods'), [kplus.NetworkPolicyPort.allTcp()]);

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Plus\/Resource\] NetworkPolicy shop\/plus would be rejected by the API server: spec\.ingress\[0\]\.ports\[0\]\.port/);
  });

  test.each([
    ['a label on the object', (p: NetworkPolicy) => p.metadata.addLabel('team', 'payments'), (o: any) => expect(o.metadata.labels).toEqual({ team: 'payments' })],
    ['an annotation on the object', (p: NetworkPolicy) => p.metadata.addAnnotation('owner', 'sre'), (o: any) => expect(o.metadata.annotations).toEqual({ owner: 'sre' })],
    ['a finalizer', (p: NetworkPolicy) => p.metadata.addFinalizers('example.com/keep'), (o: any) => expect(o.metadata.finalizers).toEqual(['example.com/keep'])],
    ['a metadata field', (p: NetworkPolicy) => p.metadata.add('generateName', 'api-'), (o: any) => expect(o.metadata.generateName).toEqual('api-')],
    ['a rule', (p: NetworkPolicy) => p.allowFrom(Peer.cidr('10.0.0.0/8')), (o: any) => expect(o.spec.ingress).toHaveLength(2)],
    ['an isolated direction', (p: NetworkPolicy) => p.isolate(Direction.EGRESS), (o: any) => expect(o.spec.policyTypes).toEqual(['Ingress', 'Egress'])],
    ['a JSON patch', (p: NetworkPolicy) => p.addJsonPatch(JsonPatch.add('/metadata/labels', { patched: 'yes' })), (o: any) => expect(o.metadata.labels).toEqual({ patched: 'yes' })],
  ])('renders %s added after an earlier synthesis', (_what, change, check) => {
    // GIVEN: a synthesis that validated, and so rendered, the policy
    const chart = shopChart();
    const policy = new NetworkPolicy(chart, 'Api', { selector: Selector.app('api') });
    policy.allowFrom(Peer.pods(Selector.app('web')), Port.tcp(8080));
    const before = Testing.synth(chart)[0];
    expect(policy.node.validate()).toEqual([]); // validation alone, with no toJson() after it

    // WHEN
    change(policy);

    // THEN: both a direct toJson() and a later synthesis show the change
    check(policy.toJson());
    check(Testing.synth(chart)[0]);
    expect(Testing.synth(chart)[0]).not.toEqual(before);
  });

  test('a synthesis renders the manifest it validated', () => {
    // GIVEN
    const chart = shopChart();
    const policy = new NetworkPolicy(chart, 'Api', { selector: Selector.app('api') });
    policy.allowFrom(Peer.pods(Selector.app('web')), Port.tcp(8080));

    // WHEN
    const synthesized = Testing.synth(chart)[0];

    // THEN: the same as rendering it afresh, and unaffected by changes to the returned object
    synthesized.spec.ingress = [];
    expect(Testing.synth(chart)[0]).toEqual(policy.toJson());
    expect(policy.toJson().spec.ingress).toHaveLength(1);
  });

  test('gives byte-identical YAML for the same program', () => {
    // GIVEN
    const build = () => {
      const chart = shopChart();
      const policy = new NetworkPolicy(chart, 'Api', { selector: Selector.app('api') });
      policy.allowFrom(Peer.cidr('10.0.0.0/8'), Port.tcp(443), Port.udp(53));
      policy.allowFrom(Peer.podsIn(NamespaceSelector.names(['b', 'a']), Selector.labels({ z: '1', a: '2' })));
      return Yaml.stringify(...Testing.synth(chart));
    };

    // THEN
    expect(build()).toEqual(build());
  });

  test('renders labels and annotations of the policy object', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new NetworkPolicy(chart, 'Api', { labels: { team: 'payments' }, annotations: { 'example.com/owner': 'payments' } });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(Testing.synth(chart)[0].metadata).toEqual({
      name: 'api',
      namespace: 'shop',
      labels: { team: 'payments' },
      annotations: { 'example.com/owner': 'payments' },
    });
  });

  test('refuses selectors whose labels contradict each other when they are given, naming the path', () => {
    // GIVEN
    const chart = shopChart();
    const contradictory = Selector.app('web').intersect(Selector.labels({ 'app.kubernetes.io/name': 'api' }));

    // THEN
    expect(() => new NetworkPolicy(chart, 'Sel', { selector: contradictory }))
      .toThrow(/^\[test\/Sel\] Selector requires label "app\.kubernetes\.io\/name" to be both "web" and "api"/);
    const policy = new NetworkPolicy(chart, 'Peer');
    expect(() => policy.allowFrom(Peer.pods(contradictory)))
      .toThrow(/^\[test\/Peer\] Selector requires label "app\.kubernetes\.io\/name" to be both "web" and "api"/);
  });

  test('refuses an invalid label on the policy object when it is given', () => {
    // GIVEN
    const chart = shopChart();

    // THEN
    expect(() => new NetworkPolicy(chart, 'Api', { labels: { 'bad key!': 'x' } }))
      .toThrow(/^\[test\/Api\] Invalid metadata of NetworkPolicy "api": metadata\.labels: Invalid value: "bad key!": .* Did you mean "bad-key"\?$/);
  });

  test('refuses at synth an invalid label added through metadata afterwards', () => {
    // GIVEN
    const chart = shopChart();
    const policy = new NetworkPolicy(chart, 'Api');

    // WHEN
    policy.metadata.addLabel('bad key!', 'x');

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Api\] NetworkPolicy shop\/api would be rejected by the API server: metadata\.labels/);
  });
});

describe('NetworkPolicy | messages and hard keys', () => {
  test('explains a JSON patch whose parent does not exist, without a TypeError', () => {
    // GIVEN
    const chart = shopChart();
    const policy = new NetworkPolicy(chart, 'Api', { selector: Selector.app('api') });

    // WHEN
    policy.addJsonPatch(JsonPatch.add('/metadata/labels/team', 'payments'));

    // THEN
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/Api\] JSON patch add "\/metadata\/labels\/team" does not apply: "\/metadata\/labels" does not exist in the manifest\. Add it whole first/);
    expect(() => Testing.synth(chart)).not.toThrow(/TypeError|Failed serializing/);
  });

  test('applies the documented JSON patch example to a policy without annotations', () => {
    // GIVEN
    const chart = shopChart();
    const policy = new NetworkPolicy(chart, 'Api', { selector: Selector.app('api') });

    // WHEN
    policy.addJsonPatch(JsonPatch.add('/metadata/annotations', { team: 'payments' }));

    // THEN
    expect(Testing.synth(chart)[0].metadata.annotations).toEqual({ team: 'payments' });
  });

  test('prefixes a synth-time selector message with the construct path once', () => {
    // GIVEN: a workload selector that contradicts the policy's own selector, known only at synthesis
    const chart = shopChart();
    const web = new kplus.Deployment(chart, 'Web', { containers: [{ image: 'web' }] });
    const policy = new NetworkPolicy(chart, 'Api', { selector: Selector.workload(web).intersect(Selector.labels({ 'cdk8s.io/metadata.addr': 'other' })) });

    // THEN
    expect(() => Testing.synth(chart)).toThrow(/\n {2}\[test\/Api\] Selector requires label "cdk8s\.io\/metadata\.addr"/);
    expect(() => Testing.synth(chart)).not.toThrow(/\[test\/Api\] \[/);
    expect(policy.node.path).toBe('test/Api');
  });

  test('renders the label key "constructor" in a selector as the equal expression', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new NetworkPolicy(chart, 'Api', { selector: Selector.labels({ constructor: 'x', tier: 'api' }) });

    // THEN
    const spec = Testing.synth(chart)[0].spec;
    expect(spec.podSelector).toEqual({ matchLabels: { tier: 'api' }, matchExpressions: [{ key: 'constructor', operator: 'In', values: ['x'] }] });
    expect(PolicyValidator.validate(Testing.synth(chart)[0])).toEqual([]);
  });

  test('refuses the metadata label key "constructor", which cdk8s cannot render', () => {
    expect(() => new NetworkPolicy(shopChart(), 'Api', { labels: { constructor: 'x' } }))
      .toThrow(/^\[test\/Api\] The label key "constructor" of NetworkPolicy "api" is valid in Kubernetes, but cdk8s cannot render/);
  });

  test('refuses wrong argument types from plain JavaScript with a library error', () => {
    // GIVEN
    const chart = shopChart();

    // THEN
    expect(() => new NetworkPolicy(chart, 'A', { selector: 'web' as any })).toThrow(/^\[test\/A\] `selector` must be a Selector, got a string/);
    expect(() => new NetworkPolicy(chart, 'B', { ingress: [{ peers: [Selector.app('web') as any] }] }))
      .toThrow(/^\[test\/B\] `peers` must be a list of Peer, got a list\. Make one with Peer\.pods/);
    expect(() => new NetworkPolicy(chart, 'C', { policyTypes: ['ingress' as any] }))
      .toThrow(/^\[test\/C\] `policyTypes` must be a list of Direction\.INGRESS and Direction\.EGRESS\.$/);
  });
});
