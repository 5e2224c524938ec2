import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, cliOnTty, fixture, STACK_LINE } from './_support';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
});

afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('cdk8s-netpol report |', () => {
  test('writes one self-contained HTML file with the heat maps, graph, policies and lint sections (diff-new/)', async () => {
    // GIVEN
    const out = path.join(dir, 'report.html');

    // WHEN
    const run = await cli('report', fixture('diff-new'), '--out', out);

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const size = fs.statSync(out).size;
    expect(run.stderr).toBe(`cdk8s-netpol: wrote ${out} (${(size / 1024).toFixed(1)} KB)\n`);
    expect(fs.readdirSync(dir)).toEqual(['report.html']); // no temporary file left behind
    const html = fs.readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/);
    // a heat map for all ports, then one per port the manifests mention
    const ports = ['TCP 80', 'TCP 443', 'TCP 5432', 'TCP 6379', 'TCP 8080', 'TCP 8443', 'TCP 9187', 'UDP 53'];
    expect([...html.matchAll(/<table class="heatmap" data-port="([^"]+)">/g)].map(m => m[1])).toEqual(['all', ...ports]);
    // 9 workloads (5, and 4 regions outside the cluster around 203.0.113.0/24): 81 cells per heat map
    expect(html.match(/<td class="cell /g)).toHaveLength(81 * (1 + ports.length));
    expect(html).toContain('<path class="edge rule" data-source="shop/web" data-destination="shop/api"');
    expect(html).toContain('<path class="edge open" data-source="ops/monitor" data-destination="shop/cache"');
    expect(html).toContain('<article class="policy" id="policy-shop_web-egress" data-policy="shop/web-egress">');
    expect(html).toContain('<b>Egress rule 2:</b> allow to addresses in 203.0.113.0/24, on TCP 443');
    expect(html).toContain('<section id="lint">');
  });

  test('includes the lint findings, linked to their policies (report-shop.yaml)', async () => {
    // GIVEN
    const out = path.join(dir, 'report.html');

    // WHEN
    const run = await cli('report', fixture('report-shop.yaml'), '--out', out);

    // THEN
    expect(run.code).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain('3 lint findings</p>');
    expect([...html.matchAll(/<tr class="finding (\w+)" data-rule="(NP\d+)">/g)].map(m => `${m[2]} ${m[1]}`))
      .toEqual(['NP006 warning', 'NP001 warning', 'NP004 warning']);
    expect(html).toContain('<a href="#policy-shop_web-egress">shop/web-egress</a><br><code>spec.egress</code><br>'
      + '<code class="muted">test/fixtures/report-shop.yaml:102</code>');
    expect(html).toContain('<article class="policy" id="policy-shop_web-egress" data-policy="shop/web-egress">');
  });

  test('--format mermaid --out - prints a flowchart of allowed flows (cli-shop.yaml)', async () => {
    // WHEN
    const run = await cli('report', fixture('cli-shop.yaml'), '--format', 'mermaid', '--out', '-');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatchSnapshot();
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain('  subgraph c1["shop"]');
    expect(lines).toContain('  n0 -->|"TCP 8080"| n1'); // shop/web -> shop/api
    expect(lines).toContain('  n1 -->|"TCP 5432"| n2'); // shop/api -> shop/db
  });

  test('--format dot --out - prints a digraph of allowed flows (cli-shop.yaml)', async () => {
    // WHEN
    const run = await cli('report', fixture('cli-shop.yaml'), '--format', 'dot', '--out', '-');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
    expect(run.stdout.startsWith('digraph netpol {\n')).toBe(true);
    expect(run.stdout).toContain('    n0 [label="web", fillcolor="#e8f5e9"];');
    expect(run.stdout).toContain('  n0 -> n1 [label="TCP 8080"];');
    expect(run.stdout.endsWith('}\n')).toBe(true);
  });

  test('--format mermaid --out FILE writes what --out - prints; --port picks the ports (cli-shop.yaml)', async () => {
    // GIVEN
    const out = path.join(dir, 'flows.mmd');

    // WHEN
    const toFile = await cli('report', fixture('cli-shop.yaml'), '--format', 'mermaid', '--out', out, '--port', '8080');
    const toStdout = await cli('report', fixture('cli-shop.yaml'), '--format', 'mermaid', '--out', '-', '--port', '8080');

    // THEN
    expect(toFile.code).toBe(0);
    expect(toFile.stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toBe(toStdout.stdout);
    expect(toStdout.stdout).toContain('  n0 -->|"TCP 8080"| n1');
    expect(toStdout.stdout).not.toContain('TCP 5432');
  });

  test('escapes text from the manifests: a file name holding HTML (diff-base.yaml)', async () => {
    // GIVEN
    const evil = path.join(dir, '<img src=x onerror=alert(1)>.yaml');
    fs.copyFileSync(fixture('diff-base.yaml'), evil);
    const out = path.join(dir, 'report.html');

    // WHEN
    const run = await cli('report', evil, '--out', out);

    // THEN
    expect(run.code).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.yaml');
  });

  test('writes nothing, and keeps an existing file, when the input is bad (cli-invalid-policy.yaml)', async () => {
    // GIVEN
    const fresh = path.join(dir, 'fresh.html');
    const existing = path.join(dir, 'existing.html');
    fs.writeFileSync(existing, 'the previous report');

    // WHEN
    const first = await cli('report', fixture('cli-invalid-policy.yaml'), '--out', fresh);
    const second = await cli('report', fixture('cli-invalid-policy.yaml'), '--out', existing);

    // THEN
    for (const run of [first, second]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^cdk8s-netpol: test\/fixtures\/cli-invalid-policy\.yaml:20: NetworkPolicy shop\/bad-cidr is invalid: /);
      expect(run.stderr).not.toMatch(STACK_LINE);
    }
    expect(fs.readdirSync(dir)).toEqual(['existing.html']);
    expect(fs.readFileSync(existing, 'utf8')).toBe('the previous report');
  });

  test('removes its temporary file and keeps the old output when writing fails (cli-shop.yaml)', async () => {
    // GIVEN
    const out = path.join(dir, 'report.html');
    fs.writeFileSync(out, 'the previous report');
    // The module object itself: `import * as fs` gives a read-only namespace.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeFs: typeof fs = require('fs');
    jest.spyOn(nodeFs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });

    // WHEN
    const run = await cli('report', fixture('cli-shop.yaml'), '--out', out);

    // THEN
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`cdk8s-netpol: --out ${out}: cannot write: no space left on the device\n`);
    expect(fs.readdirSync(dir)).toEqual(['report.html']);
    expect(fs.readFileSync(out, 'utf8')).toBe('the previous report');
  });

  test.each([
    ['a missing input', () => ['no-such.yaml', '--out', path.join(dir, 'r.html')], /^cdk8s-netpol: no-such\.yaml: no such file or directory\n$/],
    ['a YAML syntax error', () => [fixture('cli-syntax-error.yaml'), '--out', path.join(dir, 'r.html')], /cli-syntax-error\.yaml:11 \(document 2\): /],
    ['an --out in a missing directory', () => [fixture('cli-shop.yaml'), '--out', path.join(dir, 'nope', 'r.html')],
      /^cdk8s-netpol: --out .*nope\/r\.html: the directory .*nope does not exist\. Create it first\.\n$/],
    ['an --out that is a directory', () => [fixture('cli-shop.yaml'), '--out', dir], /^cdk8s-netpol: --out .*: is a directory\. Give a file name/],
    ['no --out', () => [fixture('cli-shop.yaml')], /required option '--out <file>' not specified/],
    ['a bad --format', () => [fixture('cli-shop.yaml'), '--out', '-', '--format', 'svg'], /argument 'svg' is invalid/],
    ['a bad --port', () => [fixture('cli-shop.yaml'), '--out', '-', '--port', '0'], /^cdk8s-netpol: invalid --port "0"/],
  ])('exits 2 on %s, writes nothing and prints no stack trace', async (_case, args, message) => {
    // WHEN
    const run = await cli('report', ...args());

    // THEN
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('--port takes a container port name, standing for the ports of that name (cli-shop.yaml)', async () => {
    // WHEN
    const named = await cli('report', fixture('cli-shop.yaml'), '--format', 'dot', '--out', '-', '--port', 'http');
    const numbered = await cli('report', fixture('cli-shop.yaml'), '--format', 'dot', '--out', '-', '--port', '80', '--port', '8080');
    const unknown = await cli('report', fixture('cli-shop.yaml'), '--format', 'dot', '--out', '-', '--port', 'grpc');

    // THEN
    expect(named.code).toBe(0);
    expect(named.stdout).toBe(numbered.stdout);
    expect(named.stdout).toContain('label="TCP 8080"');
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/^cdk8s-netpol: --port "grpc": no workload has a container port named "grpc"\. Named ports: http, postgres, stats\.\n$/);
  });

  test('shows progress only on a TTY stderr (cli-shop.yaml)', async () => {
    // GIVEN
    const out = path.join(dir, 'report.html');

    // WHEN
    const tty = await cliOnTty('report', fixture('cli-shop.yaml'), '--out', out);
    const plain = await cli('report', fixture('cli-shop.yaml'), '--out', out);

    // THEN
    expect([tty.code, plain.code]).toEqual([0, 0]);
    expect(tty.stderr).toContain('cdk8s-netpol: reading manifests');
    expect(tty.stderr).toMatch(/\r\u001b\[Kcdk8s-netpol: wrote .*report\.html \([0-9.]+ KB\)\n$/);
    expect(plain.stderr).toMatch(/^cdk8s-netpol: wrote .*report\.html \([0-9.]+ KB\)\n$/);
  });

  test('report --help describes the formats and the default ports', async () => {
    // WHEN
    const run = await cli('report', '--help');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
    expect(run.stdout).toContain('--format <format>');
    expect(run.stdout).toContain('written whole or not at all');
  });
});
