import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { cli, fixture } from '../cli/_support';

/*
 * The HTML report of `cdk8s-netpol report`, loaded in a real browser:
 * Debian's headless chromium (install it with scripts/ensure-chromium.sh).
 * Keeps test-reports/report.html and the screenshot test-reports/report.png.
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-reports');
const HTML = path.join(ARTIFACTS, 'report.html');
const SCREENSHOT = path.join(ARTIFACTS, 'report.png');

/** Runs headless chromium on the report with `extra` flags; returns stdout. Fails with chromium's stderr. */
function chromium(extra: string[]): string {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  try {
    const result = spawnSync(CHROMIUM, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`,
      ...extra,
      pathToFileURL(HTML).href,
    ], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
    if (result.error || result.status !== 0) {
      throw new Error(`chromium failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stderr}`);
    }
    return result.stdout;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** The width and height of a PNG, from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('report in a browser |', () => {
  let dom = '';

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: the browser test of the report needs Debian's chromium. Run scripts/ensure-chromium.sh (as root).`);
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const run = await cli('report', fixture('report-shop.yaml'), '--out', HTML);
    if (run.code !== 0) {
      throw new Error(`cdk8s-netpol report failed: ${run.stderr}`);
    }
    dom = chromium(['--dump-dom']);
  }, 120_000);

  test('chromium runs the inline script under the report\'s Content-Security-Policy (report-shop.yaml)', () => {
    expect(dom).toMatch(/<body data-script="ready">/);
  });

  test('the "All ports" heat map has a cell per pair, and one heat map per port (report-shop.yaml)', () => {
    // THEN: 7 workloads (5, and the regions 0.0.0.0/0 and ::/0 outside the cluster), 4 ports (443, 5432, 6379, 8080)
    const all = /<table class="heatmap" data-port="all">([\s\S]*?)<\/table>/.exec(dom);
    expect(all).not.toBeNull();
    expect(all![1].match(/<td class="cell /g)).toHaveLength(49);
    expect([...dom.matchAll(/<table class="heatmap" data-port="([^"]+)">/g)].map(m => m[1]))
      .toEqual(['all', 'TCP 443', 'TCP 5432', 'TCP 6379', 'TCP 8080']);
    expect(all![1]).toContain('data-source="shop/web" data-destination="shop/api" title="shop/web → shop/api: allowed on 1 of 4: TCP 8080">1</td>');
    expect(all![1]).toContain('data-source="0.0.0.0/0" data-destination="shop/web" title="0.0.0.0/0 → shop/web: allowed on 1 of 4: TCP 443">1</td>');
  });

  test('the graph shows the flow web -> api as allowed by a policy (report-shop.yaml)', () => {
    expect(dom).toMatch(/<path class="edge rule" data-source="shop\/web" data-destination="shop\/api" d="M[-0-9.,]+ Q[-0-9., ]+" marker-end="url\(#arrow-rule\)">/);
    expect(dom).toMatch(/<g class="node isolated" data-workload="shop\/api"/);
    expect(dom).toMatch(/<g class="cluster" data-cluster="data">/);
  });

  test('each policy has a section with its selector, types and rules in words (report-shop.yaml)', () => {
    const article = /<article class="policy" id="policy-data_db-from-api" data-policy="data\/db-from-api">([\s\S]*?)<\/article>/.exec(dom);
    expect(article).not.toBeNull();
    expect(article![1]).toContain('pods with app in (cache,db) in namespace data: <code>data/db</code>, <code>data/cache</code>');
    expect(article![1]).toContain('<b>Ingress rule 0:</b> allow from every pod in namespaces with team=shop, or pods with app=api '
      + 'in namespace data, on TCP 5432, TCP 6379');
    expect(dom.match(/<article class="policy"/g)).toHaveLength(5);
  });

  test('lists the lint findings (report-shop.yaml)', () => {
    expect([...dom.matchAll(/<tr class="finding (\w+)" data-rule="(NP\d+)">/g)].map(m => `${m[2]} ${m[1]}`))
      .toEqual(['NP006 warning', 'NP001 warning', 'NP004 warning']);
  });

  test('loads nothing from the network (report-shop.yaml)', () => {
    expect(dom).not.toMatch(/(src|href)="https?:/);
    expect(dom).not.toMatch(/url\(["']?https?:/);
    expect(fs.readFileSync(HTML, 'utf8')).not.toMatch(/https?:\/\//);
  });

  test('takes a 1280x1600 screenshot, kept as test-reports/report.png (report-shop.yaml)', () => {
    // GIVEN
    fs.rmSync(SCREENSHOT, { force: true });

    // WHEN
    chromium([`--screenshot=${SCREENSHOT}`, '--window-size=1280,1600']);

    // THEN
    expect(pngSize(SCREENSHOT)).toEqual({ width: 1280, height: 1600 });
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(20_000);
  }, 120_000);
});
