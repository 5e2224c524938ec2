import { cli, cliOnTty, fixture, STACK_LINE } from './_support';

describe('cdk8s-netpol matrix |', () => {
  test('prints an aligned ✓/· grid per port the policies and pods name, by default, with the outside regions as endpoints (cli-shop.yaml)', async () => {
    // WHEN
    const run = await cli('matrix', fixture('cli-shop.yaml'));

    // THEN
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatchSnapshot();
    const titles = run.stdout.split('\n').filter(l => /^[A-Z]+ [0-9]+: /.test(l)).map(l => l.split(':')[0]);
    expect(titles).toEqual(['TCP 80', 'TCP 443', 'TCP 5432', 'TCP 8080', 'UDP 8125']);
    const header = run.stdout.split('\n')[1].split(/ {2,}/);
    expect(header).toEqual(['source \\ destination', 'shop/web', 'shop/api', 'shop/db', 'ops/monitor',
      '0.0.0.0-203.0.112.255', '203.0.113.0/24', '203.0.114.0-255.255.255.255', '::/0']);
  });

  test('shop/web reaches only 203.0.113.0/24 outside the cluster on 443, a range printed as a range (cli-shop.yaml)', async () => {
    // WHEN
    const run = await cli('matrix', fixture('cli-shop.yaml'), '--port', '443');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^shop\/web +· +· +· +· +· +✓ +· +·$/m);
  });

  test('prints one matrix per --port, accepting 8080 and 53/udp (cli-shop.yaml)', async () => {
    // WHEN
    const run = await cli('matrix', fixture('cli-shop.yaml'), '--port', '8080', '--port', '53/udp');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
    expect(run.stdout).toContain('TCP 8080: 36 of 64 allowed');
    expect(run.stdout).toContain('UDP 53: 35 of 64 allowed');
    // web may reach api on 8080: row shop/web, column shop/api
    expect(run.stdout).toMatch(/^shop\/web +· +✓ +· +· +· +· +· +·$/m);
  });

  test('a named --port stands for the container ports of that name: http is 80 on shop/web and 8080 on shop/api (cli-shop.yaml)', async () => {
    // WHEN
    const named = await cli('matrix', fixture('cli-shop.yaml'), '--port', 'http', '--output', 'csv');
    const numbered = await cli('matrix', fixture('cli-shop.yaml'), '--port', '80', '--port', '8080', '--output', 'csv');

    // THEN
    expect(named.code).toBe(0);
    expect(named.stdout).toBe(numbered.stdout);
  });

  test('exits 2 on a port name no workload declares, with a guess and the names there are (cli-shop.yaml)', async () => {
    // WHEN
    const run = await cli('matrix', fixture('cli-shop.yaml'), '--port', 'htp');

    // THEN
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('cdk8s-netpol: --port "htp": no workload has a container port named "htp". Did you mean "http"? '
      + 'Named ports: http, postgres, stats.\n');
  });

  test('--output markdown prints a table per port (cli-shop.yaml)', async () => {
    // WHEN
    const run = await cli('matrix', fixture('cli-shop.yaml'), '--port', '8080', '--output', 'markdown');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
    expect(run.stdout).toContain('### TCP 8080');
    expect(run.stdout).toContain('| `shop/web` | · | ✓ | · | · | · | · | · | · |');
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
    expect(report.ports[0].sources).toEqual(['shop/web', 'shop/api', 'shop/db', 'ops/monitor',
      '0.0.0.0-203.0.112.255', '203.0.113.0/24', '203.0.114.0-255.255.255.255', '::/0']);
    expect(report.ports[0].destinations).toEqual(report.ports[0].sources);
    expect(report.ports[0].allowedRanges[0]).toEqual([1, 1]);
    expect(report.ports[1].allowedRanges[1]).toEqual([2, 7]);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1 + 2 * (3 + 8) + 1);
  });

  test('--output csv prints a header and one line per pair (cli-split/)', async () => {
    // WHEN
    const run = await cli('matrix', fixture('cli-split'), '--port', '8080', '--output', 'csv');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('port,protocol,source,destination,allowed');
    expect(lines).toHaveLength(1 + 4 * 4); // shop/web, shop/api, 0.0.0.0/0 and ::/0
    expect(lines).toContain('8080,TCP,shop/web,0.0.0.0/0,true');
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
