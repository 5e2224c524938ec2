import * as fs from 'fs';
import * as path from 'path';
import { Validation } from 'cdk8s-cli/plugins';
import { rawPolicy, removeSynthesized, ReportJson, runPlugin, shopChart, synthesize, SynthesizedApp } from './_support';
import { AllowFromApp, IsolatedNamespace, Port, Selector } from '../../src';
import { NetworkPolicyValidation } from '../../src/plugin';

/*
 * The plugin in-process, on apps synthesized to disk, with cdk8s-cli's own
 * ValidationContext and report. test/plugin/cdk8s-synth.test.ts runs it
 * through the real `cdk8s synth`.
 */

/** An app whose policies are valid and lint-clean: shop isolated, web -> api on 8080. */
function cleanApp(): SynthesizedApp {
  return synthesize(app => {
    const chart = shopChart(app);
    new IsolatedNamespace(chart, 'Isolation');
    new AllowFromApp(chart, 'WebToApi', { source: Selector.app('web'), destination: Selector.app('api'), ports: [Port.tcp(8080)] });
  });
}

/** An app with a raw policy that isolates web's egress and allows only TCP 443: lint's NP001 (no DNS). */
function noDnsApp(): SynthesizedApp {
  return synthesize(app => {
    const chart = shopChart(app);
    rawPolicy(chart, 'WebEgress', 'web-egress', {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      policyTypes: ['Egress'],
      egress: [{ ports: [{ protocol: 'TCP', port: 443 }] }],
    });
  });
}

/** The text of line `location`'s `file:line` names. */
function lineAt(location: string): string {
  const m = /^(.*):(\d+)(?: |$)/.exec(location);
  if (!m) {
    throw new Error(`no file:line in ${JSON.stringify(location)}`);
  }
  return fs.readFileSync(m[1], 'utf8').split('\n')[Number(m[2]) - 1];
}

function writeProbes(dir: string, text: string): string {
  const file = path.join(dir, 'probes.yaml');
  fs.writeFileSync(file, text);
  return file;
}

function ruleNames(report: ReportJson): string[] {
  return report.violations.map(v => v.ruleName);
}

afterAll(removeSynthesized);

describe('NetworkPolicyValidation |', () => {
  test('is a cdk8s-cli validation plugin', () => {
    // GIVEN
    const plugin: Validation = new NetworkPolicyValidation({});

    // THEN
    expect(typeof plugin.validate).toBe('function');
  });

  test('passes an app whose policies are valid and lint-clean', async () => {
    // GIVEN
    const app = cleanApp();

    // WHEN
    const report = await runPlugin(app);

    // THEN
    expect(report.violations).toEqual([]);
    expect(report.summary.status).toBe('success');
    expect(report.summary.metadata).toEqual({ NetworkPolicies: '4', Lint: '0 findings, 0 at or above warning' });
  });

  test('fails a raw NetworkPolicy the API server would reject, naming its construct path, file:line and field', async () => {
    // GIVEN
    const app = synthesize(a => {
      const chart = shopChart(a);
      rawPolicy(chart, 'Raw', 'web-raw', {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
        policyTypes: ['Egress'],
        egress: [{ ports: [{ protocol: 'TCP', port: 0 }] }],
      });
    });

    // WHEN
    const report = await runPlugin(app);

    // THEN
    expect(report.summary.status).toBe('failure');
    expect(ruleNames(report)).toEqual(['cdk8s-netpol invalid-network-policy']);
    const [violation] = report.violations;
    expect(violation.recommendation).toMatch(/^The API server would reject NetworkPolicy shop\/web-raw: spec\.egress\[0\]\.ports\[0\]\.port: .*must be between 1 and 65535/);
    const [construct] = violation.violatingConstructs;
    expect(construct).toMatchObject({ resourceName: 'web-raw', constructPath: 'shop/Raw', manifestPath: app.manifests[0] });
    expect(construct.locations).toEqual([expect.stringMatching(/^.*shop\.k8s\.yaml:\d+ spec\.egress\[0\]\.ports\[0\]\.port$/)]);
    expect(lineAt(construct.locations[0])).toMatch(/port: 0/);
    expect(report.summary.metadata).toEqual({ NetworkPolicies: '1', Lint: 'skipped: a NetworkPolicy is invalid' });
  });

  test('fails a lint finding at or above failOn (warning by default), naming the rule, construct path and field', async () => {
    // GIVEN
    const app = noDnsApp();

    // WHEN
    const report = await runPlugin(app);

    // THEN
    expect(report.summary.status).toBe('failure');
    expect(ruleNames(report)).toEqual(['NP001 egress-without-dns (warning)']);
    const [construct] = report.violations[0].violatingConstructs;
    expect(construct).toMatchObject({ resourceName: 'web-egress', constructPath: 'shop/WebEgress' });
    expect(construct.locations).toEqual([expect.stringMatching(/shop\.k8s\.yaml:\d+ spec\.egress$/)]);
    expect(lineAt(construct.locations[0])).toMatch(/^ *(egress:|- ports:)$/);
    expect(report.violations[0].fix).not.toBe('');
  });

  test('lists a lint finding below failOn and passes', async () => {
    // GIVEN
    const app = noDnsApp();

    // WHEN
    const report = await runPlugin(app, { failOn: 'error' });

    // THEN
    expect(report.summary.status).toBe('success');
    expect(ruleNames(report)).toEqual(['NP001 egress-without-dns (warning)']);
    expect(report.summary.metadata?.Lint).toBe('1 finding, 0 at or above error');
  });

  test('runs no lint rule with lint: false', async () => {
    // GIVEN
    const app = noDnsApp();

    // WHEN
    const report = await runPlugin(app, { lint: false });

    // THEN
    expect(report.violations).toEqual([]);
    expect(report.summary).toMatchObject({ status: 'success', metadata: { Lint: 'off' } });
  });

  test('passes probes that hold', async () => {
    // GIVEN
    const app = cleanApp();
    const probes = writeProbes(app.dir, [
      '- { from: shop/web, to: shop/api, port: 8080, expect: allow }',
      '- { from: shop/api, to: shop/web, port: 8080, expect: deny }',
    ].join('\n'));

    // WHEN
    const report = await runPlugin(app, { probes });

    // THEN
    expect(report.violations).toEqual([]);
    expect(report.summary).toMatchObject({ status: 'success', metadata: { Probes: '2 passed, 0 failed' } });
  });

  test('fails a probe that expects a denied flow, naming the policies that isolate it', async () => {
    // GIVEN
    const app = cleanApp();
    const probes = writeProbes(app.dir, [
      '- { from: shop/web, to: shop/api, port: 8080, expect: allow }',
      '- { from: shop/api, to: shop/web, port: 8080, expect: allow }',
    ].join('\n'));

    // WHEN
    const report = await runPlugin(app, { probes });

    // THEN
    expect(report.summary).toMatchObject({ status: 'failure', metadata: { Probes: '1 passed, 1 failed' } });
    expect(ruleNames(report)).toEqual(['cdk8s-netpol probe-failed']);
    const [violation] = report.violations;
    expect(violation.recommendation).toMatch(/probes\.yaml:2: probe 2 expects allow: DENY  shop\/api -> shop\/web TCP 8080  FAIL/);
    const paths = violation.violatingConstructs.map(c => c.constructPath);
    expect(paths).toContain('shop/Isolation/DefaultDeny/Resource');
    for (const construct of violation.violatingConstructs) {
      expect(lineAt(construct.locations[0])).toMatch(/podSelector/);
    }
  });

  test('fails a probe that expects an allowed flow to be denied, naming the rules that allow it', async () => {
    // GIVEN
    const app = cleanApp();
    const probes = writeProbes(app.dir, '- { from: shop/web, to: shop/api, port: 8080, expect: deny }\n');

    // WHEN
    const report = await runPlugin(app, { probes });

    // THEN
    expect(report.summary.status).toBe('failure');
    const locations = report.violations[0].violatingConstructs.flatMap(c => c.locations);
    expect(locations).toEqual(expect.arrayContaining([
      expect.stringMatching(/ spec\.ingress\[0\]$/),
      expect.stringMatching(/ spec\.egress\[0\]$/),
    ]));
    expect(report.violations[0].fix).toMatch(/Narrow or remove the rule that allows it/);
  });

  test('reports a probe of an unknown workload with its file:line', async () => {
    // GIVEN
    const app = cleanApp();
    const probes = writeProbes(app.dir, '- { from: shop/web, to: shop/apj, port: 8080, expect: allow }\n');

    // WHEN
    const report = await runPlugin(app, { probes });

    // THEN
    expect(report.summary.status).toBe('failure');
    expect(ruleNames(report)).toEqual(['cdk8s-netpol invalid-probes']);
    expect(report.violations[0].recommendation).toMatch(/probes\.yaml:1: probe 1: .*shop\/apj/);
    expect(report.violations[0].violatingConstructs[0].locations).toEqual([`${probes}:1`]);
  });

  test('reports a missing probes file', async () => {
    // GIVEN
    const app = cleanApp();

    // WHEN
    const report = await runPlugin(app, { probes: path.join(app.dir, 'nope.yaml') });

    // THEN
    expect(report.summary).toMatchObject({ status: 'failure', metadata: { Probes: 'not run: the probes file is invalid' } });
    expect(report.violations[0].recommendation).toMatch(/nope\.yaml: cannot read it \(no such file\), looked for at /);
  });

  test('reports every bad probe at once, malformed and unresolved, one per line in probe order', async () => {
    // GIVEN
    const app = cleanApp();
    const probes = writeProbes(app.dir, [
      '- { from: shop/web, to: shop/apj, port: 8080, expect: allow }',
      '- { from: shop/web, to: shop/api, port: 0 }',
      '- { from: shop/web, to: shop/api, port: 8080, expect: allow }',
      '- { from: shop/wbe, to: shop/api, port: 8080 }',
      '',
    ].join('\n'));

    // WHEN
    const report = await runPlugin(app, { probes });

    // THEN
    expect(ruleNames(report)).toEqual(['cdk8s-netpol invalid-probes']);
    const lines = report.violations[0].recommendation.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/probes\.yaml:1: probe 1: .*shop\/apj/);
    expect(lines[1]).toMatch(/probes\.yaml:2: probe 2: "port" must be/);
    expect(lines[2]).toMatch(/probes\.yaml:4: probe 4: .*shop\/wbe.*Did you mean "shop\/web"/);
  });

  test.each([
    [{ failon: 'error' }, /unknown property "failon". Did you mean "failOn"\?/],
    [{ failOn: 'fatal' }, /"failOn" must be one of error, warning, note, got "fatal"/],
    [{ lint: 'yes' }, /"lint" must be true or false, got "yes"/],
    [{ podCidrs: ['10.244.0.0'] }, /"podCidrs" holds an invalid CIDR "10\.244\.0\.0"/],
    [{ probes: 3 }, /"probes" must be the path of a probes file/],
    ['warning', /expected a map of lint, failOn, probes, podCidrs, serviceCidrs, got "warning"/],
  ])('fails on bad properties %j, saying what is wrong', async (properties, message) => {
    // GIVEN
    const app = cleanApp();

    // WHEN
    const report = await runPlugin(app, properties);

    // THEN
    expect(report.summary.status).toBe('failure');
    expect(ruleNames(report)).toEqual(['cdk8s-netpol invalid-properties']);
    expect(report.violations[0].recommendation).toMatch(message);
  });

  test('names a resource whose name another object shares by namespace/name, so that no wrong construct path shows', async () => {
    // GIVEN: a policy named like the Deployment "web"
    const app = synthesize(a => {
      const chart = shopChart(a);
      rawPolicy(chart, 'WebEgress', 'web', {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
        policyTypes: ['Egress'],
        egress: [{ ports: [{ protocol: 'TCP', port: 443 }] }],
      });
    });

    // WHEN
    const report = await runPlugin(app);

    // THEN
    const [construct] = report.violations[0].violatingConstructs;
    expect(construct.resourceName).toBe('shop/web');
    expect(construct.constructPath).toBeUndefined();
  });

  test('with --stdout, locations name the manifest file only, since it is temporary', async () => {
    // GIVEN
    const app = noDnsApp();

    // WHEN
    const report = await runPlugin(app, {}, { stdout: true });

    // THEN
    const [construct] = report.violations[0].violatingConstructs;
    expect(construct.manifestPath).toBe('STDOUT');
    expect(construct.locations[0]).toMatch(/^shop\.k8s\.yaml:\d+ /);
  });

  test('reports a manifest it cannot read with its file:line', async () => {
    // GIVEN
    const app = cleanApp();
    const broken = path.join(app.dir, 'broken.k8s.yaml');
    fs.writeFileSync(broken, 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a\n');

    // WHEN
    const report = await runPlugin({ ...app, manifests: [...app.manifests, broken] });

    // THEN
    expect(report.summary.status).toBe('failure');
    expect(ruleNames(report)).toEqual(['cdk8s-netpol unreadable-manifest']);
    expect(report.violations[0].violatingConstructs[0].locations[0]).toMatch(/broken\.k8s\.yaml:\d+/);
  });
});
