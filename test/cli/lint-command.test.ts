import { cli, cliOnTty, fixture, STACK_LINE } from './_support';
import { LINT_RULES } from '../../src/analysis/lint';

describe('cdk8s-netpol lint |', () => {
  test('prints each finding with its fix, then a summary, and exits 1 on warnings (lint-shop.yaml)', async () => {
    // WHEN
    const run = await cli('lint', fixture('lint-shop.yaml'));

    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatchSnapshot();
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.filter(l => !l.startsWith('  fix: ')).map(l => l.split(': ')[0]).slice(0, 4)).toEqual([
      `${fixture('lint-shop.yaml')}:39`,
      `${fixture('lint-shop.yaml')}:48`,
      `${fixture('lint-shop.yaml')}:61`,
      `${fixture('lint-shop.yaml')}:74`,
    ]);
    expect(lines[0]).toMatch(/: warning NP001 shop\/api-egress: spec\.egress: shop\/api is isolated for egress/);
    expect(lines[1]).toMatch(/^ {2}fix: Add an egress rule for DNS/);
    expect(lines[lines.length - 1]).toBe('4 findings (0 errors, 3 warnings, 1 note) in 5 NetworkPolicies and 2 workloads');
  });

  test('--output json prints only the JSON report (lint-shop.yaml)', async () => {
    // WHEN
    const run = await cli('lint', fixture('lint-shop.yaml'), '--output', 'json');

    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatchSnapshot();
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(['findings', 'skipped', 'summary']);
    expect(report.findings.map((f: any) => [f.ruleId, f.severity, f.location.name, f.location.path])).toEqual([
      ['NP001', 'warning', 'api-egress', 'spec.egress'],
      ['NP003', 'warning', 'api-ingress', 'spec.ingress[0].from[0].podSelector'],
      ['NP007', 'note', 'api-allow-web-8080', 'metadata.name'],
      ['NP006', 'warning', 'web-public', 'spec.ingress[0].from[0].ipBlock.cidr'],
    ]);
    expect(report.findings[0].location).toEqual({
      file: fixture('lint-shop.yaml'), line: 39, namespace: 'shop', name: 'api-egress', path: 'spec.egress',
    });
    expect(report.summary).toEqual({ total: 4, errors: 0, warnings: 3, notes: 1, suppressed: 0, policies: 5, workloads: 2 });
  });

  test('--output sarif prints a SARIF 2.1.0 log with rules, files, lines and policies (lint-shop.yaml)', async () => {
    // WHEN
    const run = await cli('lint', fixture('lint-shop.yaml'), '--output', 'sarif');

    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const log = JSON.parse(run.stdout);
    log.runs[0].tool.driver.semanticVersion = '<version>';
    expect(log).toMatchSnapshot();
    expect(log.version).toBe('2.1.0');
    const [sarifRun] = log.runs;
    expect(sarifRun.tool.driver.rules.map((r: any) => [r.id, r.defaultConfiguration.level]))
      .toEqual(LINT_RULES.map(r => [r.id, r.severity]));
    expect(sarifRun.results.map((r: any) => [
      r.ruleId,
      r.level,
      r.locations[0].physicalLocation.artifactLocation.uri,
      r.locations[0].physicalLocation.region.startLine,
      r.locations[0].logicalLocations[0].fullyQualifiedName,
    ])).toEqual([
      ['NP001', 'warning', 'test/fixtures/lint-shop.yaml', 39, 'shop/api-egress'],
      ['NP003', 'warning', 'test/fixtures/lint-shop.yaml', 48, 'shop/api-ingress'],
      ['NP007', 'note', 'test/fixtures/lint-shop.yaml', 61, 'shop/api-allow-web-8080'],
      ['NP006', 'warning', 'test/fixtures/lint-shop.yaml', 74, 'shop/web-public'],
    ]);
  });

  test('names the first copy of a duplicate found in another file (lint-split/)', async () => {
    // WHEN
    const run = await cli('lint', fixture('lint-split'));

    // THEN
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`${fixture('lint-split/b.yaml')}:3: error NP009 shop/api-ingress: metadata.name: `
      + `NetworkPolicy shop/api-ingress is also defined at ${fixture('lint-split/a.yaml')}:6, with a different spec. `
      + 'Kubernetes keeps only the one applied last.\n'
      + '  fix: Rename one of them, or merge their rules into one policy.\n'
      + '1 finding (1 error, 0 warnings, 0 notes) in 2 NetworkPolicies and 1 workload\n');
  });

  test('says which rules it skipped when the manifests hold no workloads (lint-policies-only.yaml)', async () => {
    // WHEN
    const run = await cli('lint', fixture('lint-policies-only.yaml'));
    const sarif = JSON.parse((await cli('lint', fixture('lint-policies-only.yaml'), '--output', 'sarif')).stdout);

    // THEN
    expect(run.code).toBe(1);
    expect(run.stdout).toMatchSnapshot();
    expect(run.stdout).toContain('\nskipped NP002, NP003, NP007, NP008, NP010: the manifests hold no Pod or workload to check the policies against\n');
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications).toHaveLength(5);
  });

  test.each([
    ['no findings', 'lint-np001-pass.yaml', [], 0],
    ['warnings, failing on warning (the default)', 'lint-shop.yaml', [], 1],
    ['warnings, failing on error', 'lint-shop.yaml', ['--fail-on', 'error'], 0],
    ['an error, failing on error', 'lint-np009-fail.yaml', ['--fail-on', 'error'], 1],
    ['a note, failing on warning', 'lint-np007-fail.yaml', [], 0],
    ['a note, failing on note', 'lint-np007-fail.yaml', ['--fail-on', 'note'], 1],
  ])('exit code with %s (%s)', async (_case, file, args, code) => {
    // WHEN
    const run = await cli('lint', fixture(file), ...args);

    // THEN
    expect(run.code).toBe(code);
    expect(run.stderr).toBe('');
  });

  test('--pod-cidr and --service-cidr replace the default ranges (lint-np005-fail.yaml)', async () => {
    // WHEN
    const defaults = await cli('lint', fixture('lint-np005-fail.yaml'), '--output', 'json');
    const custom = await cli('lint', fixture('lint-np005-fail.yaml'), '--output', 'json',
      '--pod-cidr', '10.42.0.0/16', '--service-cidr', '10.43.0.0/16', '--service-cidr', 'fd00:43::/112');

    // THEN
    expect(JSON.parse(defaults.stdout).findings.map((f: any) => f.ruleId)).toEqual(['NP005']);
    expect(custom.code).toBe(0);
    expect(JSON.parse(custom.stdout).findings).toEqual([]);
  });

  test.each([
    ['a missing file', ['nope.yaml'], /^cdk8s-netpol: nope\.yaml: no such file or directory\n$/],
    ['a YAML syntax error', [fixture('cli-syntax-error.yaml')], /^cdk8s-netpol: test\/fixtures\/cli-syntax-error\.yaml:\d+ \(document 2\): /],
    ['a YAML alias bomb', [fixture('validate-alias-bomb.yaml')], /expands too many aliases/],
    ['a policy the API server would reject', [fixture('cli-invalid-policy.yaml')],
      new RegExp('^cdk8s-netpol: test/fixtures/cli-invalid-policy\\.yaml:20: NetworkPolicy shop/bad-cidr is invalid: '
        + 'spec\\.ingress\\[0\\]\\.from\\[0\\]\\.ipBlock\\.cidr: .*\ncdk8s-netpol: lint checks policies the API server accepts')],
    ['a workload that cannot be read', [fixture('lint-bad-workload.yaml')],
      /^cdk8s-netpol: test\/fixtures\/lint-bad-workload\.yaml:7 \(document 1\): metadata\.labels\.tier: label values must be strings/],
    ['a bad --pod-cidr', [fixture('lint-shop.yaml'), '--pod-cidr', '10.244.0.0'],
      /^cdk8s-netpol: invalid --pod-cidr "10\.244\.0\.0": .*Use a CIDR such as 10\.244\.0\.0\/16\.\n$/],
    ['a bad --service-cidr', [fixture('lint-shop.yaml'), '--service-cidr', 'ten'], /^cdk8s-netpol: invalid --service-cidr "ten"/],
    ['a bad --fail-on', [fixture('lint-shop.yaml'), '--fail-on', 'info'], /argument 'info' is invalid/],
    ['a bad --output', [fixture('lint-shop.yaml'), '--output', 'html'], /argument 'html' is invalid/],
  ])('exits 2 on %s, with no stack trace and nothing on stdout', async (_case, args, message) => {
    // WHEN
    const text = await cli('lint', ...args);
    const sarif = await cli('lint', ...args, '--output', 'sarif');

    // THEN
    for (const run of [text, sarif]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toMatch(STACK_LINE);
    }
    expect(text.stderr).toMatch(message);
  });

  test('shows progress on a terminal in text mode, never in JSON or SARIF (lint-split/)', async () => {
    // WHEN
    const text = await cliOnTty('lint', fixture('lint-split'));
    const json = await cliOnTty('lint', fixture('lint-split'), '--output', 'json');
    const sarif = await cliOnTty('lint', fixture('lint-split'), '--output', 'sarif');

    // THEN
    expect(text.stderr).toBe('\r\u001b[Kcdk8s-netpol: reading manifests\r\u001b[K');
    expect(json.stderr).toBe('');
    expect(sarif.stderr).toBe('');
    expect(JSON.parse(json.stdout).summary.total).toBe(1);
  });

  test('--help lists every rule with its severity and name', async () => {
    // WHEN
    const run = await cli('lint', '--help');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
    for (const rule of LINT_RULES) {
      expect(run.stdout).toMatch(new RegExp(`^ {2}${rule.id} {2}${rule.severity} +${rule.name}: `, 'm'));
    }
  });
});
