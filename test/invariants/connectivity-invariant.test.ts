import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AllowFromApp, AllowOnlyFrom, DenyFlows, EgressToCidr, IsolatedNamespace, NamespaceSelector, NetworkPolicy, Peer, Port, Selector, WorkloadSet,
} from '../../src';

/** A Deployment whose pods carry `app.kubernetes.io/name: <name>`. */
function deploy(chart: Chart, name: string, port = 8080): kplus.Deployment {
  return new kplus.Deployment(chart, name, {
    metadata: { name },
    podMetadata: { labels: { 'app.kubernetes.io/name': name } },
    containers: [{ image: 'nginx:1.27', portNumber: port, securityContext: { ensureNonRoot: false } }],
  });
}

function payments(app: App): Chart {
  const chart = new Chart(app, 'payments', { namespace: 'payments' });
  deploy(chart, 'payments-api');
  deploy(chart, 'payments-db', 5432);
  deploy(chart, 'reports');
  new IsolatedNamespace(chart, 'Isolation');
  new AllowFromApp(chart, 'ApiToDb', { source: Selector.app('payments-api'), destination: Selector.app('payments-db'), ports: [Port.tcp(5432)] });
  return chart;
}

describe('DenyFlows |', () => {
  test('passes when no workload of the sources reaches the destinations', () => {
    // GIVEN
    const app = Testing.app();
    for (const env of ['dev', 'prod']) {
      const chart = new Chart(app, env, { namespace: env });
      deploy(chart, 'web');
      new IsolatedNamespace(chart, 'Isolation', { allowSameNamespace: true });
    }

    // WHEN
    new DenyFlows(app.charts[1], 'DevNeverReachesProd', { sources: WorkloadSet.namespace('dev'), destinations: WorkloadSet.namespace('prod') });

    // THEN
    expect(() => app.synth()).not.toThrow();
  });

  test('fails the synth naming the flow and the rule that allows it', () => {
    // GIVEN
    const app = Testing.app();
    const dev = new Chart(app, 'dev', { namespace: 'dev' });
    deploy(dev, 'web');
    const prod = new Chart(app, 'prod', { namespace: 'prod' });
    deploy(prod, 'web');
    new IsolatedNamespace(prod, 'Isolation');
    const open = new NetworkPolicy(prod, 'FromDev', { selector: Selector.app('web') });
    open.allowFrom(Peer.namespaces(NamespaceSelector.named('dev')), Port.tcp(8080));

    // WHEN
    new DenyFlows(prod, 'DevNeverReachesProd', { sources: WorkloadSet.namespace('dev'), destinations: WorkloadSet.namespace('prod') });

    // THEN
    expect(() => app.synth()).toThrow(
      /\[prod\/DevNeverReachesProd\] dev\/web -> prod\/web TCP 8080 is allowed \(egress: not isolated; ingress: prod\/from-dev rule 0\), which breaks "nothing in namespace dev reaches namespace prod"/);
  });

  test('finds a flow allowed on a port range, whatever the port', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'a', { namespace: 'a' });
    deploy(chart, 'web');
    deploy(chart, 'db', 5432);
    new IsolatedNamespace(chart, 'Isolation');
    new AllowFromApp(chart, 'Range', { source: Selector.app('web'), destination: Selector.app('db'), ports: [Port.udpRange(30000, 30010)] });

    // WHEN
    new DenyFlows(chart, 'WebNeverReachesDb', { sources: WorkloadSet.app('web'), destinations: WorkloadSet.app('db') });

    // THEN
    expect(() => app.synth()).toThrow(/a\/web -> a\/db UDP 30000 is allowed/);
  });

  test('is limited to the given ports', () => {
    // GIVEN
    const app = Testing.app();
    payments(app);

    // WHEN
    new DenyFlows(app.charts[0], 'NoApiToDbOn80', {
      sources: WorkloadSet.app('payments-api'),
      destinations: WorkloadSet.app('payments-db'),
      ports: [Port.tcp(80), Port.allUdp()],
    });

    // THEN
    expect(() => app.synth()).not.toThrow();
  });

  test('checks external addresses', () => {
    // GIVEN
    const app = Testing.app();
    const chart = payments(app);
    new EgressToCidr(chart, 'Psp', { source: Selector.app('payments-api'), cidr: '203.0.113.0/24', ports: [Port.HTTPS] });

    // WHEN
    new DenyFlows(chart, 'ReportsNeverLeave', { sources: WorkloadSet.app('reports'), destinations: WorkloadSet.ip('203.0.113.10') });
    new DenyFlows(chart, 'ApiNeverLeaves', { sources: WorkloadSet.app('payments-api'), destinations: WorkloadSet.ip('203.0.113.10') });

    // THEN
    expect(() => app.synth()).toThrow(/\[payments\/ApiNeverLeaves\] payments\/payments-api -> 203\.0\.113\.10 TCP 443 is allowed/);
    expect(() => app.synth()).not.toThrow(/ReportsNeverLeave/);
  });

  test('refuses an invariant that checks nothing, unless allowed', () => {
    // GIVEN
    const app = Testing.app();
    payments(app);

    // WHEN
    new DenyFlows(app.charts[0], 'Typo', { sources: WorkloadSet.namespace('pay'), destinations: WorkloadSet.namespace('payments') });
    new DenyFlows(app.charts[0], 'Empty', {
      sources: WorkloadSet.namespace('pay'), destinations: WorkloadSet.namespace('payments'), allowEmpty: true,
    });

    // THEN
    expect(() => app.synth()).toThrow(/\[payments\/Typo\] Invariant "nothing in namespace pay reaches namespace payments" checks nothing: sources \(namespace pay\)/);
    expect(() => app.synth()).not.toThrow(/payments\/Empty/);
  });
});

describe('AllowOnlyFrom |', () => {
  test('passes when only the listed sources reach the destination', () => {
    // GIVEN
    const app = Testing.app();
    const chart = payments(app);

    // WHEN
    const invariant = new AllowOnlyFrom(chart, 'DbOnlyFromApi', {
      destinations: WorkloadSet.workload('payments/payments-db'),
      sources: [WorkloadSet.workload('payments/payments-api')],
    });

    // THEN
    expect(() => app.synth()).not.toThrow();
    expect(invariant.description).toEqual('payments/payments-db accepts connections only from payments/payments-api');
  });

  test('fails when another workload reaches the destination, even from another chart', () => {
    // GIVEN
    const app = Testing.app();
    const chart = payments(app);
    new AllowOnlyFrom(chart, 'DbOnlyFromApi', {
      destinations: WorkloadSet.workload('payments/payments-db'),
      sources: [WorkloadSet.workload('payments/payments-api')],
      description: 'payments-db accepts connections only from payments-api',
    });

    // WHEN
    const other = new Chart(app, 'ops', { namespace: 'ops' });
    deploy(other, 'backup');
    new AllowFromApp(other, 'Backup', {
      source: Selector.app('backup'),
      destination: Selector.app('payments-db').inNamespace('payments'),
      ports: [Port.tcp(5432)],
    });

    // THEN
    expect(() => app.synth()).toThrow(
      /\[payments\/DbOnlyFromApi\] ops\/backup -> payments\/payments-db TCP 5432 is allowed \(egress: not isolated; ingress: payments\/payments-db-allow-from-ops-backup rule 0\), which breaks "payments-db accepts connections only from payments-api"/);
  });
});

describe('DenyFlows | charts without library policies', () => {
  /** A raw NetworkPolicy with `port: 0`, which the API server rejects. */
  function rawPortZero(chart: Chart): void {
    new ApiObject(chart, 'Raw', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'raw' },
      spec: { podSelector: {}, ingress: [{ ports: [{ port: 0 }] }] },
    });
  }

  test('fails on a raw policy with port 0 in a chart whose only library construct is an invariant', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    deploy(chart, 'web');
    rawPortZero(chart);

    // WHEN
    new DenyFlows(chart, 'NoWeb', { sources: WorkloadSet.all(), destinations: WorkloadSet.app('web') });

    // THEN
    expect(() => app.synth()).toThrow(
      /\[shop\/NoWeb\] Invariant "nothing in every workload reaches app web" could not be checked: NetworkPolicy shop\/raw would be rejected by the API server: spec\.ingress\[0\]\.ports\[0\]\.port/);
  });

  test('reports an object that cannot be rendered by its reason, not as a bare serialization failure', () => {
    // GIVEN: a library policy whose JSON patch does not apply
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    deploy(chart, 'web');
    const policy = new NetworkPolicy(chart, 'Api', { selector: Selector.app('web') });
    policy.addJsonPatch(JsonPatch.add('/metadata/labels/team', 'x'));

    // WHEN
    new DenyFlows(chart, 'NoWeb', { sources: WorkloadSet.all(), destinations: WorkloadSet.app('web') });

    // THEN
    expect(() => app.synth()).toThrow(/\[shop\/NoWeb\] Invariant "nothing in every workload reaches app web" could not be checked: shop\/Api cannot be rendered/);
    expect(() => app.synth()).not.toThrow(/Failed serializing|TypeError/);
  });
});

describe('WorkloadSet |', () => {
  test.each([
    [() => WorkloadSet.workload('db'), /Invalid workload reference "db"/],
    [() => WorkloadSet.namespace('Bad'), /Invalid namespace name "Bad"/],
    [() => WorkloadSet.ip('300.1.1.1'), /Invalid IP address "300\.1\.1\.1"/],
    [() => WorkloadSet.namespaces([]), /needs at least one name/],
    [() => WorkloadSet.app('web server'), /^Invalid app name "web server": .*It is the value of the app label \(Conventions\.appLabelKey\)/],
    [() => WorkloadSet.app(undefined as any), /^Invalid app name \(nothing\): must be a string\./],
  ])('rejects bad input %#', (make, message) => {
    expect(make).toThrow(message);
  });

  test.each([
    [WorkloadSet.all(), 'every workload'],
    [WorkloadSet.namespaces(['b', 'a']), 'namespace a, b'],
    [WorkloadSet.labels({ tier: 'db' }, 'shop'), 'tier=db in shop'],
    [WorkloadSet.app('web'), 'app web'],
    [WorkloadSet.ip('2001:db8::1'), '2001:db8::1'],
  ])('%s prints', (set, text) => {
    expect(set.toString()).toEqual(text);
  });
});
