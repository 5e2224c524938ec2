import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, cliOnTty, fixture, STACK_LINE } from './_support';

describe('cdk8s-netpol test |', () => {
  test('exits 0 and prints one line per probe when every expectation holds (cli-shop.yaml, cli-probes-pass.yaml)', async () => {
    // WHEN
    const run = await cli('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-pass.yaml'));

    // THEN
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatchSnapshot();
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('ALLOW shop/web -> shop/api TCP 8080  pass  '
      + '(ingress: shop/api-allow-from-web rule 0; egress: shop/web-allow-to-api rule 0)');
    expect(lines[lines.length - 1]).toBe('5 probes: 4 allowed, 1 denied; 5 passed, 0 failed');
  });

  test('exits 1 and marks the failing probe when an expectation fails (cli-shop.yaml, cli-probes-fail.yaml)', async () => {
    // WHEN
    const run = await cli('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-fail.yaml'));

    // THEN
    expect(run.code).toBe(1);
    expect(run.stdout).toMatchSnapshot();
    expect(run.stdout).toMatch(/^DENY {2}ops\/monitor -> shop\/api TCP 8080 {2}FAIL {2}\(ingress: no peer match/m);
    expect(run.stdout).toContain('3 probes: 1 allowed, 2 denied; 2 passed, 1 failed');
  });

  test('exits 0 without expectations, and resolves named ports, IPs and protocols (cli-shop.yaml, cli-probes-noexpect.json)', async () => {
    // WHEN
    const run = await cli('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-noexpect.json'));

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
    expect(run.stdout).not.toMatch(/ {2}(pass|FAIL) {2}/);
    expect(run.stdout).toContain('DENY  shop/api -> shop/api UDP 8125 (stats)');
    expect(run.stdout).toContain('4 probes: 1 allowed, 3 denied; 0 passed, 0 failed');
  });

  test('--output json prints only the JSON report, results in probe order (cli-shop.yaml, cli-probes-fail.yaml)', async () => {
    // WHEN
    const run = await cli('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-fail.yaml'), '--output', 'json');

    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatchSnapshot();
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(['results', 'summary']);
    expect(report.summary).toEqual({ total: 3, allowed: 1, denied: 2, passed: 2, failed: 1 });
    expect(report.results.map((r: any) => r.from)).toEqual(['shop/web', 'ops/monitor', 'shop/web']);
    expect(report.results[1]).toMatchObject({ to: 'shop/api', port: 8080, protocol: 'TCP', allowed: false, expect: 'allow', pass: false });
    expect(report.results[0].explanation.ingress.allowedBy)
      .toEqual({ namespace: 'shop', name: 'api-allow-from-web', direction: 'Ingress', ruleIndex: 0 });
    expect(report.results[2].explanation.egress.reason).toBe('NoPortMatch');
  });

  test('--output json repeats from, to and port as given, and leaves out expect and pass when not given (cli-probes-noexpect.json)', async () => {
    // WHEN
    const run = await cli('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-noexpect.json'), '--output', 'json');

    // THEN
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.results[1]).toMatchObject({ from: 'shop/api', to: 'shop/web', port: 'http', protocol: 'TCP', allowed: false });
    expect(report.results[2]).toMatchObject({ from: '198.51.100.1', port: 80 });
    expect(report.results[2].explanation.egress).toMatchObject({ workload: '198.51.100.1', isolated: false, reason: 'NotIsolated' });
    expect(report.results[3].protocol).toBe('UDP');
    for (const result of report.results) {
      expect(result).not.toHaveProperty('expect');
      expect(result).not.toHaveProperty('pass');
    }
    expect(report.summary).toEqual({ total: 4, allowed: 1, denied: 3, passed: 0, failed: 0 });
  });

  test('an IP of a pod in the manifests names that pod, other IPs are external (cli-shop.yaml, cli-probes-pass.yaml)', async () => {
    // WHEN
    const run = await cli('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-pass.yaml'), '--output', 'json');

    // THEN
    const report = JSON.parse(run.stdout);
    expect(report.results[4].from).toBe('10.1.0.10');
    expect(report.results[4].explanation.egress.workload).toBe('shop/web');
    expect(report.results[3].explanation.ingress).toMatchObject({ workload: '203.0.113.7', isolated: false });
  });

  test('reads directories recursively: *.yml, *.json and kind: List, skipping other files (cli-split/, cli-probes-split.yaml)', async () => {
    // WHEN
    const run = await cli('test', fixture('cli-split'), '--probes', fixture('cli-probes-split.yaml'), '--output', 'json');

    // THEN
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toEqual({ total: 3, allowed: 2, denied: 1, passed: 3, failed: 0 });
    expect(report.results[0]).toMatchObject({ port: 'http', protocol: 'TCP', allowed: true });
    expect(report.results[0].explanation.ingress.allowedBy).toMatchObject({ name: 'api-allow-from-web', ruleIndex: 0 });
  });

  describe('bad input exits 2 with a one-line message', () => {
    test.each([
      ['a missing manifest file', ['nope.yaml', '--probes', 'cli-probes-pass.yaml'], /^cdk8s-netpol: nope\.yaml: no such file or directory$/],
      ['a missing probes file', ['cli-shop.yaml', '--probes', 'nope-probes.yaml'], /^cdk8s-netpol: nope-probes\.yaml: no such file or directory$/],
      ['a YAML syntax error, with file and line', ['cli-syntax-error.yaml', '--probes', 'cli-probes-pass.yaml'],
        /^cdk8s-netpol: \S*cli-syntax-error\.yaml:11 \(document 2\): /],
      ['a duplicate key, with file and line', ['cli-duplicate-key.yaml', '--probes', 'cli-probes-pass.yaml'],
        /^cdk8s-netpol: \S*cli-duplicate-key\.yaml:6 \(document 1\): duplicate key "name": Map keys must be unique/],
      ['an unknown workload in a probe', ['cli-shop.yaml', '--probes', 'cli-probes-unknown.yaml'],
        /^cdk8s-netpol: \S*cli-probes-unknown\.yaml:4: probe 3: "to": Unknown workload "shop\/nope"\. Use/],
      ['a workload the manifests lack (cli-split/ has no db)', ['cli-split', '--probes', 'cli-probes-pass.yaml'],
        /^cdk8s-netpol: \S*cli-probes-pass\.yaml:3: probe 2: "to": Unknown workload "shop\/db"\. Did you mean "shop\/web"\?/],
      ['a NetworkPolicy the API server would reject, with policy, file and field', ['cli-invalid-policy.yaml', '--probes', 'cli-probes-pass.yaml'],
        /^cdk8s-netpol: \S*cli-invalid-policy\.yaml:20: NetworkPolicy shop\/bad-cidr is invalid: spec\.ingress\[0\]\.from\[0\]\.ipBlock\.cidr: .*10\.0\.0\.7\/32/],
      ['a probes file that is not a list', ['cli-shop.yaml', '--probes', 'cli-shop.yaml'], /: expected one list of probes/],
      ['a manifest given as probes', ['cli-shop.yaml', '--probes', 'cli-split/policies/api.json'], /api\.json: expected one list of probes/],
    ])('%s', async (_case, args, message) => {
      // GIVEN
      const [paths, flag, probes] = args;
      const resolve = (name: string) => (name.startsWith('nope') ? name : fixture(name));

      // WHEN
      const run = await cli('test', resolve(paths), flag, resolve(probes));

      // THEN
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd()).toMatch(message);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(STACK_LINE);
    });

    test('messages for bad probes name the probe and the field (cli-shop.yaml)', async () => {
      // GIVEN
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-netpol-'));
      const cases: Array<[string, RegExp]> = [
        ['- { from: shop/web, to: shop/api, port: 8080, expected: allow }', /probe 1: unknown field "expected"/],
        ['- { from: shop/web, to: shop/api, port: 0 }', /probe 1: "port" must be a number from 1 to 65535/],
        ['- { from: shop/web, to: shop/api, port: 80, protocol: ICMP }', /probe 1: "protocol" must be one of TCP, UDP, SCTP/],
        ['- { from: shop/web, to: shop/api, port: 80, expect: maybe }', /probe 1: "expect" must be allow or deny/],
        ['- { from: shop/web, to: shop/api, port: 80 }\n- { to: shop/api, port: 80 }', /probe 2: "from" must be/],
        ['- { from: shop/web, to: shop/api, port: grpc }', /probe 1: Workload "shop\/api" has no container port named "grpc"/],
        ['- { from: shop/web, to: 10.0.0.300, port: 80 }', /probe 1: "to": Unknown workload "10\.0\.0\.300"\. It is not a valid IP address either\./],
        ['- { from: shop/web, to: shop/api, port: 80, port: 81 }', /probes-\d+\.yaml:1 \(document 1\): duplicate key "port": Map keys must be unique/],
      ];

      for (const [i, [text, message]] of cases.entries()) {
        const file = path.join(dir, `probes-${i}.yaml`);
        fs.writeFileSync(file, text);

        // WHEN
        const run = await cli('test', fixture('cli-shop.yaml'), '--probes', file);

        // THEN
        expect(run.code).toBe(2);
        expect(run.stderr.trimEnd()).toMatch(message);
        expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(run.stderr).not.toMatch(STACK_LINE);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test('JSON mode prints nothing to stdout on bad input (cli-invalid-policy.yaml)', async () => {
      // WHEN
      const run = await cli('test', fixture('cli-invalid-policy.yaml'), '--probes', fixture('cli-probes-pass.yaml'), '--output', 'json');

      // THEN
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/NetworkPolicy shop\/bad-cidr/);
    });

    test('a missing --probes option or a bad --output is a usage error', async () => {
      // WHEN
      const missing = await cli('test', fixture('cli-shop.yaml'));
      const badOutput = await cli('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-pass.yaml'), '--output', 'xml');

      // THEN
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/^cdk8s-netpol: required option '--probes <file>' not specified/);
      expect(badOutput.code).toBe(2);
      expect(badOutput.stderr).toMatch(/argument 'xml' is invalid/);
      expect(badOutput.stdout).toBe('');
    });
  });

  test('shows progress on a terminal, and never in JSON mode (cli-shop.yaml, cli-probes-pass.yaml)', async () => {
    // WHEN
    const text = await cliOnTty('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-pass.yaml'));
    const json = await cliOnTty('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-pass.yaml'), '--output', 'json');

    // THEN
    expect(text.code).toBe(0);
    expect(text.stderr.startsWith('\r\u001b[Kcdk8s-netpol: reading manifests')).toBe(true);
    expect(text.stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout).summary.failed).toBe(0);
  });
});
