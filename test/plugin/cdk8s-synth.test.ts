import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/*
 * The plugin under the real cdk8s-cli (the pinned devDependency): a cdk8s
 * app in a temporary directory outside the repository, whose cdk8s.yaml
 * loads the plugin from the built package (lib/, as `npx projen build`
 * compiles it before the tests) by the path the README documents. Offline:
 * the upgrade check is off, and HOME is the temporary directory.
 */

const ROOT = path.join(__dirname, '..', '..');
const PLUGIN = path.join(ROOT, 'lib', 'plugin', 'index.js');
const CDK8S_CLI = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');

/** The packages the app uses: the built library and its peers, linked as npm would install them. */
const LINKED: { [name: string]: string } = {
  'cdk8s-netpol': ROOT,
  'cdk8s': path.dirname(require.resolve('cdk8s/package.json')),
  'cdk8s-plus-28': path.dirname(require.resolve('cdk8s-plus-28/package.json')),
  'constructs': path.dirname(require.resolve('constructs/package.json')),
};

/** The app's first lines: a chart `shop` with Deployments web and api. */
const SHOP = `
const { ApiObject, App, Chart } = require('cdk8s');
const kplus = require('cdk8s-plus-28');
const netpol = require('cdk8s-netpol');
const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
for (const name of ['web', 'api']) {
  new kplus.Deployment(chart, name, {
    metadata: { name },
    podMetadata: { labels: { 'app.kubernetes.io/name': name } },
    containers: [{ image: 'nginx:1.27', portNumber: 8080 }],
  });
}
`;

/** cdk8s.yaml: the plugin, with `properties` (YAML lines, indented by the caller). */
function cdk8sYaml(properties: string): string {
  return [
    'app: node main.js',
    'validations:',
    '  - package: ./node_modules/cdk8s-netpol/lib/plugin',
    '    class: NetworkPolicyValidation',
    '    version: 0.0.0',
    ...(properties ? ['    properties:', properties] : []),
    '',
  ].join('\n');
}

/** The temporary apps, removed after the tests. */
const DIRS: string[] = [];
afterAll(() => DIRS.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })));

interface SynthRun {
  readonly status: number | null;
  readonly output: string;
  readonly dir: string;
}

/** Writes an app (main.js, cdk8s.yaml, other files) to a temporary directory and runs `cdk8s synth` in it. */
function synth(files: { [file: string]: string }): SynthRun {
  if (!fs.existsSync(PLUGIN)) {
    throw new Error(`${PLUGIN} is missing: compile the package first (npx projen compile)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-cdk8s-synth-'));
  DIRS.push(dir);
  fs.mkdirSync(path.join(dir, 'node_modules'));
  for (const [name, target] of Object.entries(LINKED)) {
    fs.symlinkSync(target, path.join(dir, 'node_modules', name), 'dir');
  }
  for (const [file, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, file), text);
  }
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, CDK8S_CHECK_UPGRADE: 'false' };
  const run = spawnSync(process.execPath, [CDK8S_CLI, 'synth', '--check-upgrade=false'], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  // eslint-disable-next-line no-control-regex
  const output = `${run.stdout}${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  return { status: run.status, output, dir };
}

describe('cdk8s synth with NetworkPolicyValidation |', () => {
  jest.setTimeout(180_000);

  test('passes a clean app whose probes hold (exit 0)', () => {
    // GIVEN
    const main = `${SHOP}
new netpol.IsolatedNamespace(chart, 'Isolation');
new netpol.AllowFromApp(chart, 'WebToApi', {
  source: netpol.Selector.app('web'),
  destination: netpol.Selector.app('api'),
  ports: [netpol.Port.tcp(8080)],
});
app.synth();
`;
    const probes = '- { from: shop/web, to: shop/api, port: 8080, expect: allow }\n- { from: shop/api, to: shop/web, port: 8080, expect: deny }\n';

    // WHEN
    const run = synth({ 'main.js': main, 'probes.yaml': probes, 'cdk8s.yaml': cdk8sYaml('      probes: probes.yaml') });

    // THEN
    expect(run.output).toMatch(/Validations ended succesfully/);
    expect(run.output).toMatch(/Status\s+│ success/);
    expect(run.output).toMatch(/Probes\s+│ 2 passed, 0 failed/);
    expect(run.output).not.toMatch(/occurrences\)/);
    expect(run.status).toBe(0);
    expect(fs.existsSync(path.join(run.dir, 'dist', 'shop.k8s.yaml'))).toBe(true);
  });

  test('fails an app with a raw NetworkPolicy the API server would reject, naming resource, file:line and construct path', () => {
    // GIVEN: a chart with no construct of the library but the import, so the app's synth does not check it
    const main = `${SHOP}
new ApiObject(chart, 'Raw', {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'web-raw' },
  spec: {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
    policyTypes: ['Egress'],
    egress: [{ ports: [{ protocol: 'TCP', port: 0 }] }],
  },
});
app.synth();
`;

    // WHEN
    const run = synth({ 'main.js': main, 'cdk8s.yaml': cdk8sYaml('') });

    // THEN
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/cdk8s-netpol invalid-network-policy \(1 occurrences\)/);
    expect(run.output).toMatch(/Construct Path: shop\/Raw\n\s+- Manifest Path: dist\/shop\.k8s\.yaml\n\s+- Resource Name: web-raw/);
    expect(run.output).toMatch(/> dist\/shop\.k8s\.yaml:\d+ spec\.egress\[0\]\.ports\[0\]\.port/);
    expect(run.output).toMatch(/Validation failed/);
    expect(run.output).not.toMatch(/^\s+at /m);
  });

  test('gives the README\'s output for its cdk8s.yaml: a lint finding and a failed probe, each with resource, file:line and construct path', () => {
    // GIVEN: the README's cdk8s.yaml and app: web's egress isolated without DNS (NP001), a probe that expects web -> api
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### In `cdk8s synth`: the cdk8s CLI validation plugin'));
    const config = /```yaml\n# cdk8s\.yaml\n([\s\S]*?)```/.exec(section)![1].replace(/^app: .*$/m, 'app: node main.js');
    const shown = /```console\n\$ npx cdk8s synth\n([\s\S]*?)```/.exec(section)![1];
    const main = `${SHOP}
new ApiObject(chart, 'WebEgress', {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'web-egress' },
  spec: {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
    policyTypes: ['Egress'],
    egress: [{ ports: [{ protocol: 'TCP', port: 443 }] }],
  },
});
app.synth();
`;
    const probes = '- { from: shop/web, to: shop/api, port: 8080, expect: allow }\n';

    // WHEN
    const run = synth({ 'main.js': main, 'probes.yaml': probes, 'cdk8s.yaml': config });

    // THEN
    expect(run.status).toBe(2);
    expect(run.output).toMatch(/NP001 egress-without-dns \(warning\)/);
    expect(run.output).toMatch(/probes\.yaml:1: probe 1 expects allow: DENY  shop\/web -> shop\/api TCP 8080/);
    expect(run.output).toMatch(/Construct Path: shop\/WebEgress\n\s+- Manifest Path: dist\/shop\.k8s\.yaml\n\s+- Resource Name: web-egress/);
    expect(run.output).toMatch(/> dist\/shop\.k8s\.yaml:\d+ spec\.podSelector/);
    // The summary names the app's directory; from the violations on, the output is the README's.
    const violations = (text: string) => text.slice(text.indexOf('(Violations)'));
    expect(violations(run.output)).toEqual(violations(shown));
  });

  test('fails on bad properties with the property and the fix, and no stack trace', () => {
    // GIVEN
    const main = `${SHOP}app.synth();\n`;

    // WHEN
    const run = synth({ 'main.js': main, 'cdk8s.yaml': cdk8sYaml('      failon: error') });

    // THEN
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/unknown property "failon". Did you mean "failOn"\?/);
    expect(run.output).toMatch(/> properties\.failon/);
    expect(run.output).not.toMatch(/^\s+at /m);
  });
});
