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

  test('--output json --pretty --explain prints only the JSON report, results in probe order (cli-shop.yaml, cli-probes-fail.yaml)', async () => {
    // WHEN
    const run = await cli('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-fail.yaml'), '--output', 'json', '--pretty', '--explain');

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
    const run = await cli('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-noexpect.json'), '--output', 'json', '--explain');

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
    const run = await cli('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-pass.yaml'), '--output', 'json', '--explain');

    // THEN
    const report = JSON.parse(run.stdout);
    expect(report.results[4].from).toBe('10.1.0.10');
    expect(report.results[4].explanation.egress.workload).toBe('shop/web');
    expect(report.results[3].explanation.ingress).toMatchObject({ workload: '203.0.113.7', isolated: false });
  });

  test('reads directories recursively: *.yml, *.json and kind: List, skipping other files (cli-split/, cli-probes-split.yaml)', async () => {
    // WHEN
    const run = await cli('test', fixture('cli-split'), '--probes', fixture('cli-probes-split.yaml'), '--output', 'json', '--explain');

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

    test('every bad probe is reported at once, each with its line and "did you mean" (cli-split/, cli-probes-pass.yaml)', async () => {
      // WHEN: cli-split/ has no shop/db, which probes 2 and 3 name
      const run = await cli('test', fixture('cli-split'), '--probes', fixture('cli-probes-pass.yaml'), '--output', 'json');

      // THEN
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^cdk8s-netpol: \S*cli-probes-pass\.yaml:3: probe 2: "to": Unknown workload "shop\/db"\. Did you mean "shop\/web"\?/);
      expect(lines[1]).toMatch(/^cdk8s-netpol: \S*cli-probes-pass\.yaml:4: probe 3: "to": Unknown workload "shop\/db"\. Did you mean "shop\/web"\?/);
      expect(run.stderr).not.toMatch(STACK_LINE);
    });

    test('a bad JSON probes file reports every bad probe, with the line of each (cli-shop.yaml)', async () => {
      // GIVEN
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-netpol-'));
      const file = path.join(dir, 'probes.json');
      fs.writeFileSync(file, [
        '[',
        '  { "from": "shop/web", "to": "shop/api", "port": 8080 },',
        '  { "from": "shop/web", "to": "shop/apl", "port": 8080 },',
        '  { "from": "shop/web",',
        '    "to": "shop/api", "port": 8080 "expect": "allow" },',
        '  { "from": "shop/web", "to": "shop/api", "port": 8080, "expected": "allow" },',
        '  { "from": "shop/wbe", "to": "shop/api", "port": "grpc" },',
        '  { "from": "shop/web", "to": "shop/api", "port": "grpc" },',
        '  "shop/web"',
        ']',
      ].join('\n'));

      // WHEN
      const run = await cli('test', fixture('cli-shop.yaml'), '--probes', file, '--output', 'json');

      // THEN
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n').map(l => l.replace(file, 'probes.json'));
      expect(lines).toEqual([
        expect.stringMatching(/^cdk8s-netpol: probes\.json:3: probe 2: "to": Unknown workload "shop\/apl"\. Did you mean "shop\/api"\?/),
        expect.stringMatching(/^cdk8s-netpol: probes\.json:5: probe 3: invalid JSON: Expected ',' or '}' after property value$/),
        expect.stringMatching(/^cdk8s-netpol: probes\.json:6: probe 4: unknown field "expected"\. Use from, to, port, protocol, expect\.$/),
        expect.stringMatching(/^cdk8s-netpol: probes\.json:7: probe 5: "from": Unknown workload "shop\/wbe"\. Did you mean "shop\/web"\?/),
        expect.stringMatching(/^cdk8s-netpol: probes\.json:8: probe 6: Workload "shop\/api" has no container port named "grpc"/),
        expect.stringMatching(/^cdk8s-netpol: probes\.json:9: probe 7: expected an object with from, to and port, got "shop\/web"$/),
      ]);
      expect(run.stderr).not.toMatch(STACK_LINE);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test('a bad probe among many valid ones gets its line too (cli-shop.yaml)', async () => {
      // GIVEN: valid probes are parsed in runs, without lines; the bad one is on line 1502
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-netpol-'));
      const file = path.join(dir, 'probes.json');
      const probes = Array.from({ length: 3000 }, (_, i) => `  {"from":"shop/web","to":"${i === 1500 ? 'shop/dbb' : 'shop/api'}","port":8080}`);
      fs.writeFileSync(file, `[\n${probes.join(',\n')}\n]\n`);

      // WHEN
      const run = await cli('test', fixture('cli-shop.yaml'), '--probes', file);

      // THEN
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.replace(file, 'probes.json'))
        .toMatch(/^cdk8s-netpol: probes\.json:1502: probe 1501: "to": Unknown workload "shop\/dbb"\. Did you mean "shop\/db"\?/);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test.each([
      ['not a list', '{ "from": "shop/web" }', /probes\.json: expected one list of probes/],
      ['an empty file', '', /probes\.json: expected one list of probes/],
      ['a trailing comma', '[\n  { "from": "shop/web", "to": "shop/api", "port": 80 },\n]', /probes\.json:3: a comma before "\]"\. Remove the trailing comma/],
      ['an empty item', '[\n  { "from": "shop/web", "to": "shop/api", "port": 80 },\n  ,\n]', /probes\.json:3: an empty item/],
      ['a list never closed', '[\n  { "from": "shop/web", "to": "shop/api", "port": 80 }\n', /probes\.json:3: the JSON list is not closed with "\]"/],
      ['text after the list', '[]\n[]', /probes\.json:2: text after the closing "\]"/],
      ['bytes that are not UTF-8', Buffer.from([0x5b, 0xff, 0x5d]), /probes\.json: the file is not valid UTF-8/],
    ])('a JSON probes file that is %s exits 2 with the file and line', async (_case, text, message) => {
      // GIVEN
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-netpol-'));
      const file = path.join(dir, 'probes.json');
      fs.writeFileSync(file, text);

      // WHEN
      const run = await cli('test', fixture('cli-shop.yaml'), '--probes', file);

      // THEN
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd()).toMatch(message);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
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

  describe('streamed output', () => {
    test.each([
      ['cli-shop.yaml', 'cli-probes-pass.yaml'],
      ['cli-shop.yaml', 'cli-probes-fail.yaml'],
      ['cli-shop.yaml', 'cli-probes-noexpect.json'],
      ['cli-split', 'cli-probes-split.yaml'],
    ])('compact JSON is the pretty --explain report without explanations, in order (%s, %s)', async (manifests, probes) => {
      // WHEN
      const full = await cli('test', fixture(manifests), '--probes', fixture(probes), '--output', 'json', '--pretty', '--explain');
      const compact = await cli('test', fixture(manifests), '--probes', fixture(probes), '--output', 'json');
      const explained = await cli('test', fixture(manifests), '--probes', fixture(probes), '--output', 'json', '--explain');
      const pretty = await cli('test', fixture(manifests), '--probes', fixture(probes), '--output', 'json', '--pretty');

      // THEN
      const report = JSON.parse(full.stdout);
      expect(full.stdout).toBe(`${JSON.stringify(report, undefined, 2)}\n`);
      expect(explained.stdout).toBe(`${JSON.stringify(report)}\n`);
      for (const result of report.results) {
        expect(Object.keys(result).pop()).toBe('explanation');
        delete result.explanation;
      }
      expect(compact.stdout).toBe(`${JSON.stringify(report)}\n`);
      expect(pretty.stdout).toBe(`${JSON.stringify(report, undefined, 2)}\n`);
      expect([compact.code, explained.code, pretty.code]).toEqual([full.code, full.code, full.code]);
    });

    test('a JSON probes file gives the same report as the same probes in YAML (cli-shop.yaml, cli-probes-pass.yaml)', async () => {
      // GIVEN
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-netpol-'));
      const file = path.join(dir, 'probes.json');
      const probes = [
        { from: 'shop/web', to: 'shop/api', port: 8080, expect: 'allow' },
        { from: 'shop/api', to: 'shop/db', port: 'postgres', expect: 'allow' },
        { from: 'shop/web', to: 'shop/db', port: 5432, expect: 'deny' },
        { from: 'shop/web', to: '203.0.113.7', port: 443, expect: 'allow' },
        { from: '10.1.0.10', to: 'shop/api', port: 'http', protocol: 'TCP', expect: 'allow' },
      ];
      fs.writeFileSync(file, JSON.stringify(probes, undefined, 2));

      // WHEN
      const yaml = await cli('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-pass.yaml'));
      const json = await cli('test', fixture('cli-shop.yaml'), '--probes', file);

      // THEN
      expect(json.code).toBe(0);
      expect(json.stdout).toBe(yaml.stdout);
      expect(json.stdout).toContain('5 probes: 4 allowed, 1 denied; 5 passed, 0 failed');
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test('a JSON probes file larger than one read is read whole, in order (cli-shop.yaml)', async () => {
      // GIVEN: 30,000 probes, about 2 MB: several chunks of 1 MiB
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-netpol-'));
      const file = path.join(dir, 'probes.json');
      const ends = ['shop/web', 'shop/api', 'shop/db', 'ops/monitor'];
      const probes = Array.from({ length: 30_000 }, (_, i) => ({
        from: ends[i % 4], to: ends[Math.floor(i / 4) % 4], port: 8080 + (i % 3), ...(i % 5 === 0 ? { expect: 'deny' } : {}),
      }));
      fs.writeFileSync(file, JSON.stringify(probes, undefined, 1));

      // WHEN
      const run = await cli('test', fixture('cli-shop.yaml'), '--probes', file, '--output', 'json');

      // THEN
      const report = JSON.parse(run.stdout);
      expect(report.results).toHaveLength(30_000);
      expect(report.results.map((r: any) => `${r.from} ${r.to} ${r.port}`))
        .toEqual(probes.map(p => `${p.from} ${p.to} ${p.port}`));
      expect(report.results[1]).toEqual({ from: 'shop/api', to: 'shop/web', port: 8081, protocol: 'TCP', allowed: false });
      expect(report.results[36]).toEqual({ from: 'shop/web', to: 'shop/api', port: 8080, protocol: 'TCP', allowed: true });
      expect(report.summary.total).toBe(30_000);
      expect(report.summary.passed + report.summary.failed).toBe(6_000);
      fs.rmSync(dir, { recursive: true, force: true });
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
