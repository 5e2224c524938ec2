import { cli, cliOnTty, fixture, STACK_LINE } from './_support';

describe('cdk8s-netpol matrix |', () => {
  test('prints an aligned ✓/· grid for 80/TCP by default (cli-shop.yaml)', async () => {
    // WHEN
    const run = await cli('matrix', fixture('cli-shop.yaml'));

    // THEN
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatchSnapshot();
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('TCP 80: 3 of 16 allowed (✓ allowed, · denied)');
    expect(lines[1].split(/ {2,}/)).toEqual(['source \\ destination', 'shop/web', 'shop/api', 'shop/db', 'ops/monitor']);
  });

  test('prints one matrix per --port, accepting 8080 and 53/udp (cli-shop.yaml)', async () => {
    // WHEN
    const run = await cli('matrix', fixture('cli-shop.yaml'), '--port', '8080', '--port', '53/udp');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
    expect(run.stdout).toContain('TCP 8080: 4 of 16 allowed');
    expect(run.stdout).toContain('UDP 53: 3 of 16 allowed');
    // web may reach api on 8080: row shop/web, column shop/api
    expect(run.stdout).toMatch(/^shop\/web +· +✓ +· +·$/m);
  });

  test('--output markdown prints a table per port (cli-shop.yaml)', async () => {
    // WHEN
    const run = await cli('matrix', fixture('cli-shop.yaml'), '--port', '8080', '--output', 'markdown');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
    expect(run.stdout).toContain('### TCP 8080');
    expect(run.stdout).toContain('| `shop/web` | · | ✓ | · | · |');
  });

  test('--output json prints only the JSON document (cli-shop.yaml)', async () => {
    // WHEN
    const run = await cli('matrix', fixture('cli-shop.yaml'), '--port', '8080', '--port', '5432', '--output', 'json');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatchSnapshot();
    const report = JSON.parse(run.stdout);
    expect(report.ports.map((p: any) => [p.port, p.protocol])).toEqual([[8080, 'TCP'], [5432, 'TCP']]);
    expect(report.ports[0].sources).toEqual(['shop/web', 'shop/api', 'shop/db', 'ops/monitor']);
    expect(report.ports[0].destinations).toEqual(report.ports[0].sources);
    expect(report.ports[0].allowedRanges[0]).toEqual([1, 1]);
    expect(report.ports[1].allowedRanges[1]).toEqual([2, 3]);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1 + 2 * (3 + 4) + 1);
  });

  test('--output csv prints a header and one line per pair (cli-split/)', async () => {
    // WHEN
    const run = await cli('matrix', fixture('cli-split'), '--port', '8080', '--output', 'csv');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('port,protocol,source,destination,allowed');
    expect(lines).toHaveLength(1 + 4);
    expect(lines).toContain('8080,TCP,shop/web,shop/api,true');
  });

  test.each([
    ['a bad --port', ['--port', '80/ICMP'], /^cdk8s-netpol: invalid --port "80\/ICMP"/],
    ['a port out of range', ['--port', '70000'], /^cdk8s-netpol: invalid --port "70000"/],
    ['a bad --output', ['--output', 'html'], /argument 'html' is invalid/],
  ])('exits 2 on %s (cli-shop.yaml)', async (_case, args, message) => {
    // WHEN
    const run = await cli('matrix', fixture('cli-shop.yaml'), ...args);

    // THEN
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  test('exits 2 and names the policy and field of a NetworkPolicy the API server would reject (cli-invalid-policy.yaml)', async () => {
    // WHEN
    const run = await cli('matrix', fixture('cli-invalid-policy.yaml'), '--output', 'json');

    // THEN
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/cli-invalid-policy\.yaml:20: NetworkPolicy shop\/bad-cidr is invalid: spec\.ingress\[0\]\.from\[0\]\.ipBlock\.cidr: /);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  test('exits 2 on a missing path or a YAML syntax error (cli-syntax-error.yaml)', async () => {
    // WHEN
    const missing = await cli('matrix', 'no-such-dir/');
    const syntax = await cli('matrix', fixture('cli-syntax-error.yaml'));

    // THEN
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('cdk8s-netpol: no-such-dir/: no such file or directory\n');
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/cli-syntax-error\.yaml:11 /);
  });

  test('shows progress on a terminal, cleared before the output, and never in JSON mode (cli-shop.yaml)', async () => {
    // WHEN
    const text = await cliOnTty('matrix', fixture('cli-shop.yaml'), '--port', '80', '--port', '53/UDP');
    const json = await cliOnTty('matrix', fixture('cli-shop.yaml'), '--output', 'json');
    const piped = await cli('matrix', fixture('cli-shop.yaml'), '--port', '80', '--port', '53/UDP');

    // THEN: the first update shows; later ones are throttled; the line is cleared at the end
    expect(text.code).toBe(0);
    expect(text.stderr.startsWith('\r\u001b[Kcdk8s-netpol: reading manifests')).toBe(true);
    expect(text.stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(text.stdout).toBe(piped.stdout);
    expect(json.stderr).toBe('');
    expect(piped.stderr).toBe('');
  });

  test('clears the progress line before an error message (cli-syntax-error.yaml)', async () => {
    const run = await cliOnTty('matrix', fixture('cli-syntax-error.yaml'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^\r\u001b\[Kcdk8s-netpol: reading manifests\r\u001b\[Kcdk8s-netpol: .*cli-syntax-error\.yaml:11 /);
  });
});
