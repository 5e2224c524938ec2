import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { pod } from './_support';
import {
  AllowDnsEgress, AllowFromApp, AllowFromCidrs, AllowToApp, DenyFlows, IsolatedNamespace, LintFailureLevel, NetworkPolicy,
  Peer, PolicyChecks, Port, Selector, WorkloadSet,
} from '../../src';
import { LintContext } from '../../src/analysis/lint/context';

function rawPolicy(chart: Chart, id: string, spec: any): ApiObject {
  return new ApiObject(chart, id, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: id.toLowerCase() },
    spec,
  });
}

/** The validation messages of a failed synthesis, one per line. */
function errorsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    return (e as Error).message.split('\n').slice(1).map(l => l.trim());
  }
  throw new Error('expected the synthesis to fail');
}

describe('PolicyChecks |', () => {
  test('checks a raw NetworkPolicy in a chart whose only library construct is an invariant', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    rawPolicy(chart, 'Raw', { podSelector: {}, ingress: [{ ports: [{ protocol: 'TCP', port: 0 }] }] });
    new DenyFlows(chart, 'NoDev', { sources: WorkloadSet.namespace('dev'), destinations: WorkloadSet.namespace('shop'), allowEmpty: true });

    // WHEN
    PolicyChecks.of(app).enable();

    // THEN
    expect(errorsOf(() => app.synth())).toEqual([
      expect.stringMatching(/^\[shop\/Raw\] NetworkPolicy shop\/raw would be rejected by the API server: spec\.ingress\[0\]\.ports\[0\]\.port: .*/),
      // The invariant has no verdict on an invalid policy, and says so rather than pass.
      expect.stringMatching(/^\[shop\/NoDev\] Invariant "nothing in namespace dev reaches namespace shop" could not be checked: NetworkPolicy shop\/raw would be rejected/),
    ]);
  });

  test('an invariant turns the checks on for its chart, so a violated invariant never hides behind an invalid policy', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    rawPolicy(chart, 'Raw', { podSelector: {}, ingress: [{ ports: [{ protocol: 'TCP', port: 0 }] }] });

    // WHEN
    new DenyFlows(chart, 'NoDev', { sources: WorkloadSet.namespace('dev'), destinations: WorkloadSet.namespace('shop'), allowEmpty: true });

    // THEN
    expect(errorsOf(() => app.synth())).toEqual([
      expect.stringMatching(/^\[shop\/Raw\] NetworkPolicy shop\/raw would be rejected by the API server: spec\.ingress\[0\]\.ports\[0\]\.port:/),
      // The invariant has no verdict on an invalid policy, and says so rather than pass.
      expect.stringMatching(/^\[shop\/NoDev\] Invariant "nothing in namespace dev reaches namespace shop" could not be checked: NetworkPolicy shop\/raw would be rejected/),
    ]);
  });

  test('is opt-in for charts without library policies: without it the raw policy synthesizes', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });

    // WHEN
    rawPolicy(chart, 'Raw', { podSelector: {}, ingress: [{ ports: [{ protocol: 'TCP', port: 0 }] }] });

    // THEN
    expect(() => app.synth()).not.toThrow();
  });

  test('checks cdk8s-plus policies, and raw ones after JSON patches, in every chart of the app', () => {
    // GIVEN
    const app = Testing.app();
    PolicyChecks.of(app).enable();
    const plus = new Chart(app, 'plus', { namespace: 'plus' });
    const policy = new kplus.NetworkPolicy(plus, 'Plus', { selector: kplus.Pods.all(plus, 'All') });
    policy.addIngressRule(kplus.Pods.all(plus, 'Peers'), [kplus.NetworkPolicyPort.allTcp()]);
    const raw = new Chart(app, 'raw', { namespace: 'raw' });
    const patched = rawPolicy(raw, 'Patched', { podSelector: {}, policyTypes: ['Ingress'] });

    // WHEN
    patched.addJsonPatch(JsonPatch.replace('/spec/policyTypes', ['Sideways']));

    // THEN
    const errors = errorsOf(() => app.synth());
    expect(errors).toEqual([
      expect.stringMatching(/^\[plus\/Plus\/Resource\] NetworkPolicy plus\/.* would be rejected by the API server: spec\.ingress\[0\]\.ports\[0\]\.port: /),
      expect.stringMatching(/^\[raw\/Patched\] NetworkPolicy raw\/patched would be rejected by the API server: spec\.policyTypes\[0\]: /),
    ]);
    expect(errors.every(e => (e.match(/\[/g) ?? []).length === 1 || !e.slice(1).includes('] ['))).toBe(true);
  });

  test('fails an egress-isolated workload that cannot reach the cluster DNS, naming the policies and the fix', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    pod(chart, 'web');
    pod(chart, 'api');

    // WHEN
    new AllowToApp(chart, 'WebToApi', { source: Selector.app('web'), destination: Selector.app('api') });
    new NetworkPolicy(chart, 'WebExtra', { selector: Selector.app('web'), egress: [{ peers: [Peer.cidr('10.0.0.0/8')] }] });

    // THEN
    expect(errorsOf(() => app.synth())).toEqual([
      '[shop/WebToApi/Resource] shop/web is isolated for egress by shop/web-allow-to-api, shop/web-extra, and it cannot reach '
      + 'cluster DNS (kube-system/k8s-app=kube-dns) on UDP 53, so name lookups fail. Allow DNS for it with '
      + "new AllowDnsEgress(this, 'Dns', { namespace: 'shop' }) (IsolatedNamespace adds it too), or, if it resolves no names, "
      + 'opt out with PolicyChecks.of(app).enable({ dns: false }).',
    ]);
  });

  test('passes once DNS is allowed, and with the documented opt-out', () => {
    // GIVEN
    const withDns = Testing.app();
    const a = new Chart(withDns, 'shop', { namespace: 'shop' });
    pod(a, 'web');
    new AllowToApp(a, 'WebToApi', { source: Selector.app('web'), destination: Selector.app('api') });
    const optedOut = Testing.app();
    const b = new Chart(optedOut, 'shop', { namespace: 'shop' });
    pod(b, 'web');
    new AllowToApp(b, 'WebToApi', { source: Selector.app('web'), destination: Selector.app('api') });

    // WHEN
    new AllowDnsEgress(a, 'Dns', { selector: Selector.app('web') });
    PolicyChecks.of(optedOut).enable({ dns: false });

    // THEN
    expect(() => withDns.synth()).not.toThrow();
    expect(() => optedOut.synth()).not.toThrow();
  });

  test('an isolated namespace keeps DNS, so it passes', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    pod(chart, 'web');

    // WHEN
    new IsolatedNamespace(chart, 'Isolation');

    // THEN
    expect(() => app.synth()).not.toThrow();
  });

  test('fails a named port that no selected pod of the app declares, with "did you mean"', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    pod(chart, 'api', { ports: { metrics: 9090, http: 8080 } });

    // WHEN
    new AllowFromApp(chart, 'Scrape', {
      source: Selector.app('prometheus').inNamespace('monitoring'),
      destination: Selector.app('api'),
      ports: [Port.named('metrcis')],
    });

    // THEN
    expect(errorsOf(() => app.synth())).toEqual([
      expect.stringMatching(/^\[shop\/Scrape\/Ingress\] Named port metrcis \(TCP\) is declared by none of the pods this policy selects \(shop\/api\): .*The entry matches nothing\. Did you mean metrics\?/),
    ]);
  });

  test('fails Port.named("metrcis") on a cdk8s-plus Deployment of the chart that declares metrics', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const api = new kplus.Deployment(chart, 'Api', {
      containers: [{ image: 'nginx:1.27', portNumber: 8080, ports: [{ number: 9090, name: 'metrics' }] }],
    });

    // WHEN
    new AllowFromApp(chart, 'Scrape', {
      source: Selector.app('prometheus').inNamespace('monitoring'),
      destination: Selector.workload(api),
      ports: [Port.named('metrcis')],
    });

    // THEN
    expect(errorsOf(() => app.synth())).toEqual([
      expect.stringMatching(/^\[shop\/Scrape\/Ingress\] Named port metrcis \(TCP\) is declared by none of the pods this policy selects \(shop\/shop-api-.*\): they declare metrics \(TCP 9090\)\. The entry matches nothing\. Did you mean metrics\?/),
    ]);
  });

  test('does not judge a named port when the app declares none of the pods', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    pod(chart, 'web');

    // WHEN
    new AllowFromApp(chart, 'Scrape', { source: Selector.app('web'), destination: Selector.app('api'), ports: [Port.named('metrcis')] });

    // THEN
    expect(() => app.synth()).not.toThrow();
  });

  test('runs the lint rules at the chosen level', () => {
    // GIVEN
    const build = (level: LintFailureLevel) => {
      const app = Testing.app();
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      pod(chart, 'web');
      new AllowFromCidrs(chart, 'World', { selector: Selector.app('web'), cidrs: ['0.0.0.0/0'], ports: [Port.tcp(443)] });
      PolicyChecks.of(app).enable({ lint: level });
      return app;
    };

    // WHEN
    const warning = build(LintFailureLevel.WARNING);
    const error = build(LintFailureLevel.ERROR);

    // THEN
    expect(errorsOf(() => warning.synth())).toEqual([
      expect.stringMatching(/^\[shop\/World\/Resource\] NP006 ingress-open-to-world \(warning\) at spec\.ingress\[0\]\.from\[0\]\.ipBlock\.cidr: spec\.ingress\[0\] admits connections from every IPv4 address/),
    ]);
    expect(() => error.synth()).not.toThrow();
  });

  test('analyzes the app once per synthesis, however many policies and charts it checks', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    pod(chart, 'web');
    pod(chart, 'api');
    new IsolatedNamespace(chart, 'Isolation');
    for (const name of ['a', 'b', 'c']) {
      new AllowFromApp(chart, `From-${name}`, { source: Selector.app(name), destination: Selector.app('api') });
    }
    new IsolatedNamespace(new Chart(app, 'other', { namespace: 'other' }), 'Isolation');
    const spy = jest.spyOn(LintContext, 'create');

    // WHEN
    app.synth();

    // THEN
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  test('refuses a lint level that is not one of LintFailureLevel', () => {
    // GIVEN
    const app = Testing.app();

    // THEN
    expect(() => PolicyChecks.of(app).enable({ lint: 'loud' as LintFailureLevel }))
      .toThrow(/Invalid lint level "loud": use LintFailureLevel\.ERROR, WARNING or NOTE\./);
  });
});
