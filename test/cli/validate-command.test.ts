import { cli, cliOnTty, fixture, STACK_LINE } from './_support';

describe('cdk8s-netpol validate |', () => {
  test('prints one line per policy, the errors below, and exits 1 when one is invalid (validate-mixed.yaml, validate-valid.yaml)', async () => {
    // WHEN
    const run = await cli('validate', fixture('validate-mixed.yaml'), fixture('validate-valid.yaml'));

    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatchSnapshot();
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${fixture('validate-mixed.yaml')}:7 shop/api-allow-web: valid`);
    expect(lines).toContain(`${fixture('validate-mixed.yaml')}:17 shop/bad-range: invalid`);
    expect(lines).toContain('  spec.ingress[0].ports[0].endPort (line 26): Invalid value: 80: must be greater than or equal to `port`. '
      + 'Did you mean port: 80, endPort: 8080?');
    expect(run.stdout).toMatch(/:29 <no namespace>\/no-namespace: valid \(no metadata\.namespace: the API server takes it from the request/);
    expect(run.stdout).toMatch(/:37 shop\/<no name>: invalid\n {2}metadata\.name \(line 39\): Required value/);
    expect(lines[lines.length - 1]).toBe('8 NetworkPolicies: 5 valid, 3 invalid');
  });

  test('--output json prints only the JSON document, with per-file indexes (validate-mixed.yaml, validate-valid.yaml)', async () => {
    // WHEN
    const run = await cli('validate', fixture('validate-mixed.yaml'), fixture('validate-valid.yaml'), '--output', 'json');

    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatchSnapshot();
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(['results', 'summary']);
    expect(report.summary).toEqual({ total: 8, valid: 5, invalid: 3 });
    expect(report.results.map((r: any) => [r.index, r.name, r.namespace, r.valid])).toEqual([
      [0, 'api-allow-web', 'shop', true],
      [1, 'bad-range', 'shop', false],
      [2, 'no-namespace', null, true],
      [3, null, 'shop', false],
      [4, 'in-list', 'shop', true],
      [5, 'old-api', 'shop', false],
      [0, 'default-deny', 'shop', true],
      [1, 'allow-dns', 'shop', true],
    ]);
    for (const r of report.results) {
      expect(Object.keys(r)).toEqual(['file', 'index', 'kind', 'name', 'namespace', 'valid', 'errors']);
    }
    expect(report.results[1].errors).toEqual([{
      path: 'spec.ingress[0].ports[0].endPort',
      message: 'Invalid value: 80: must be greater than or equal to `port`. Did you mean port: 80, endPort: 8080?',
    }]);
    expect(report.results[5].errors.map((e: any) => e.path)).toEqual(['apiVersion', 'spec.ingres']);
    expect(report.results[6].file).toBe(fixture('validate-valid.yaml'));
  });

  test('checks ClusterNetworkPolicies with the experimental CRD by default (validate-cnp.yaml)', async () => {
    // WHEN
    const run = await cli('validate', fixture('validate-cnp.yaml'));

    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatchSnapshot();
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${fixture('validate-cnp.yaml')}:2 ClusterNetworkPolicy dev-never-reaches-prod: valid`);
    expect(lines).toContain(`${fixture('validate-cnp.yaml')}:21 ClusterNetworkPolicy broken: invalid`);
    expect(lines).toContain('  spec.priority (line 27): Invalid value: 1001: spec.priority in body should be less than or equal to 1000');
    expect(lines).toContain('  spec.egress[0].to[0].networks[0] (line 35): Invalid value: "string": Invalid CIDR format provided. '
      + '"169.254.169.254": mask missing. Did you mean "169.254.169.254/32"?');
    expect(lines).toContain(`${fixture('validate-cnp.yaml')}:37 ClusterNetworkPolicy egress-to-github: valid`);
    expect(lines[lines.length - 1]).toBe('1 NetworkPolicy and 3 ClusterNetworkPolicies: 3 valid, 1 invalid');
  });

  test('--channel standard refuses experimental fields, at their field path (validate-cnp.yaml)', async () => {
    // WHEN
    const run = await cli('validate', fixture('validate-cnp.yaml'), '--channel', 'standard', '--output', 'json');

    // THEN
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.results.map((r: any) => [r.kind, r.index, r.name, r.namespace, r.valid])).toEqual([
      ['ClusterNetworkPolicy', 0, 'dev-never-reaches-prod', null, true],
      ['ClusterNetworkPolicy', 1, 'broken', null, false],
      ['ClusterNetworkPolicy', 2, 'egress-to-github', null, false],
      ['NetworkPolicy', 0, 'default-deny', 'shop', true],
    ]);
    expect(report.results[2].errors.map((e: any) => e.path)).toEqual(['spec.egress[0].to[0].domainNames', 'spec.egress[0].to[0]']);
    expect(report.results[2].errors[0].message).toMatch(/^unknown field "domainNames"\. .*experimental channel/);
  });

  test('reads ClusterNetworkPolicies in a List; the named-port rule is experimental only (validate-cnp-list.yaml)', async () => {
    // WHEN
    const experimental = await cli('validate', fixture('validate-cnp-list.yaml'));
    const standard = await cli('validate', fixture('validate-cnp-list.yaml'), '--channel', 'standard');

    // THEN
    expect(experimental.code).toBe(1);
    expect(experimental.stdout).toContain('  spec.ingress[0].action (line 17): Unsupported value: "Allow": supported values: "Accept", "Deny", "Pass"\n');
    expect(experimental.stdout).toContain(`${fixture('validate-cnp-list.yaml')}:20 ClusterNetworkPolicy named-port-to-network: invalid\n`
      + '  spec.egress[0] (line 30): Invalid value: "object": networks/nodes/domainNames peer cannot be set with namedPorts '
      + 'since there are no namedPorts for networks/nodes/domainNames\n');
    expect(standard.stdout).toContain(`${fixture('validate-cnp-list.yaml')}:20 ClusterNetworkPolicy named-port-to-network: valid\n`);
    expect(standard.stdout.trimEnd().split('\n').pop()).toBe('2 ClusterNetworkPolicies: 1 valid, 1 invalid');
  });

  test('refuses an unknown --channel with exit code 2', async () => {
    // WHEN
    const run = await cli('validate', fixture('validate-cnp.yaml'), '--channel', 'beta');

    // THEN
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/--channel.*beta.*standard, experimental|standard.*experimental/);
  });

  test('exits 0 when every policy is valid (validate-valid.yaml)', async () => {
    // WHEN
    const run = await cli('validate', fixture('validate-valid.yaml'));

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${fixture('validate-valid.yaml')}:2 shop/default-deny: valid\n`
      + `${fixture('validate-valid.yaml')}:9 shop/allow-dns: valid\n2 NetworkPolicies: 2 valid, 0 invalid\n`);
  });

  test('exits 0 with an empty report when there are no policies (cli-split/inventory.yml)', async () => {
    // WHEN
    const text = await cli('validate', fixture('cli-split/inventory.yml'));
    const json = await cli('validate', fixture('cli-split/inventory.yml'), '--output', 'json');

    // THEN
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('no NetworkPolicies found\n');
    expect(JSON.parse(json.stdout)).toEqual({ results: [], summary: { total: 0, valid: 0, invalid: 0 } });
  });

  test('reads directories recursively (lint-split/)', async () => {
    // WHEN
    const run = await cli('validate', fixture('lint-split'), '--output', 'json');

    // THEN
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).results.map((r: any) => [r.file, r.index])).toEqual([
      [fixture('lint-split/a.yaml'), 0],
      [fixture('lint-split/b.yaml'), 0],
    ]);
  });

  test.each([
    ['a missing file', ['nope.yaml'], /^cdk8s-netpol: nope\.yaml: no such file or directory\n$/],
    ['a YAML syntax error', [fixture('cli-syntax-error.yaml')], /^cdk8s-netpol: test\/fixtures\/cli-syntax-error\.yaml:\d+ \(document 2\): /],
    ['a YAML alias bomb', [fixture('validate-alias-bomb.yaml')],
      /^cdk8s-netpol: test\/fixtures\/validate-alias-bomb\.yaml:2 \(document 1\): the document expands too many aliases \(limit 100\)/],
    ['a bad --output', [fixture('validate-valid.yaml'), '--output', 'yaml'], /argument 'yaml' is invalid/],
  ])('exits 2 on %s, with one line and no stack trace', async (_case, args, message) => {
    // WHEN
    const text = await cli('validate', ...args);
    const json = await cli('validate', ...args, '--output', 'json');

    // THEN
    for (const run of [text, json]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toMatch(STACK_LINE);
    }
    expect(text.stderr).toMatch(message);
  });

  test('shows progress on a terminal, in text mode only (validate-valid.yaml)', async () => {
    // WHEN
    const text = await cliOnTty('validate', fixture('validate-valid.yaml'), fixture('validate-mixed.yaml'));
    const json = await cliOnTty('validate', fixture('validate-valid.yaml'), '--output', 'json');

    // THEN
    expect(text.stderr).toBe('\r\u001b[Kcdk8s-netpol: reading manifests\r\u001b[K');
    expect(text.stdout).not.toContain('reading');
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout).summary.total).toBe(2);
  });

  test('--help says what index, name and namespace mean', async () => {
    // WHEN
    const run = await cli('validate', '--help');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
    expect(run.stdout).toContain('"index" is the policy\'s position among the policies of its kind\nin its file, from 0');
    expect(run.stdout).toContain('--channel <channel>');
  });
});
