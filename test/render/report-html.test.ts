import { compilePolicies } from '../../src/analysis/compile';
import { CompiledPolicy } from '../../src/analysis/model/target';
import { ReportModel } from '../../src/analysis/report';
import { Direction } from '../../src/core/direction';
import { Protocol } from '../../src/core/protocol';
import { DETAILED_CELLS_MAX_WORKLOADS, policyAnchor, renderReportHtml } from '../../src/render/report-html';
import { loaded, netpol } from '../analysis/_support';

function compiled(namespace: string, name: string, spec: any): CompiledPolicy {
  return compilePolicies(loaded([], netpol(namespace, name, spec)).documents).policy.policies[0];
}

const XSS = '<script>alert("x")</script>';

/** A compiled policy whose every text is hostile: what the report must escape. */
function hostilePolicy(): CompiledPolicy {
  const selector = { key: XSS, matchesAll: false, matchLabels: [[XSS, XSS] as const], requirements: [{ key: XSS, operator: 'In' as const, values: new Set([XSS]) }] };
  const ref = { namespace: XSS, name: 'p"\'' };
  return {
    ref,
    document: undefined as any,
    podSelector: selector,
    directions: [Direction.INGRESS, Direction.EGRESS],
    rules: [{
      id: 0,
      ref: { ...ref, direction: Direction.INGRESS, ruleIndex: 0 },
      path: 'spec.ingress[0]',
      peers: [{ kind: 'ipBlock', cidr: undefined as any, except: [], written: { cidr: XSS, except: [XSS] } }],
      ports: [{ kind: 'named', protocol: XSS as Protocol, name: XSS, defaultProtocol: false }],
    }],
  };
}

function model(overrides: Partial<ReportModel> = {}): ReportModel {
  return {
    title: 'NetworkPolicy report',
    inputs: ['dist/'],
    generator: 'cdk8s-netpol report',
    workloads: [
      { label: 'shop/web', kind: 'Pod', namespace: 'shop', external: false, ingressIsolated: false, egressIsolated: false, policies: [] },
      { label: 'shop/api', kind: 'Deployment', namespace: 'shop', external: false, ingressIsolated: true, egressIsolated: false, policies: ['shop/api-from-web'] },
      { label: '203.0.113.0/24', kind: 'External', external: true, ingressIsolated: false, egressIsolated: false, policies: [] },
    ],
    ports: [{ port: 8080, protocol: Protocol.TCP }, { port: 53, protocol: Protocol.UDP }],
    portsOmitted: 0,
    allowed: [
      [[true, true, true], [true, true, true], [true, false, true]],
      [[true, false, true], [true, true, true], [true, false, true]],
    ],
    policies: [{
      policy: compiled('shop', 'api-from-web', {
        podSelector: { matchLabels: { app: 'api' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
      }),
      file: 'policies.yaml',
      line: 3,
      selects: ['shop/api'],
    }],
    findings: [],
    ...overrides,
  };
}

describe('render report html |', () => {
  test('renders the sections, a heat map per port and the graph', () => {
    // WHEN
    const html = renderReportHtml(model());

    // THEN
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    for (const id of ['matrix', 'graph', 'workloads', 'policies', 'lint']) {
      expect(html).toContain(`<section id="${id}">`);
    }
    expect([...html.matchAll(/<table class="heatmap" data-port="([^"]+)">/g)].map(m => m[1])).toEqual(['all', 'TCP 8080', 'UDP 53']);
    expect(html.match(/<td class="cell /g)).toHaveLength(9 * 3);
    // web -> api: allowed on 8080, not on 53: one of two ports
    expect(html).toContain('<td class="cell l2" data-source="shop/web" data-destination="shop/api" '
      + 'title="shop/web → shop/api: allowed on 1 of 2: TCP 8080">1</td>');
    expect(html).toContain('<td class="cell l4 self" data-source="shop/web" data-destination="shop/web"');
    expect(html).toContain('<td class="cell denied" data-source="203.0.113.0/24" data-destination="shop/api" '
      + 'title="203.0.113.0/24 → shop/api on TCP 8080: denied"></td>');
    expect(html).toContain('<path class="edge rule" data-source="shop/web" data-destination="shop/api"');
    expect(html).toContain('<b>Ingress rule 0:</b> allow from pods with app=web in namespace shop, on TCP 8080');
    expect(html).toContain('<p class="empty">No findings.</p>');
    expect(html).not.toMatch(/https?:\/\//);
  });

  test('escapes every text that comes from the manifests, the paths or the findings', () => {
    // GIVEN
    const hostile = model({
      title: XSS,
      inputs: [XSS],
      workloads: [
        { label: `${XSS}/a"b`, kind: XSS, namespace: XSS, external: false, ingressIsolated: true, egressIsolated: false, policies: [`${XSS}/p`] },
      ],
      ports: [{ port: 1, protocol: XSS as Protocol }],
      allowed: [[[true]]],
      policies: [{ policy: hostilePolicy(), file: XSS, selects: [XSS] }],
      findings: [{ ruleId: XSS, severity: 'warning" onmouseover="alert(1)', message: XSS, fix: XSS, policy: XSS, path: XSS, file: XSS, line: 1 }],
    });

    // WHEN
    const html = renderReportHtml(hostile);

    // THEN: the only script element is ours, and no attribute is broken out of.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('alert("x")');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toMatch(/" onmouseover="/);
    expect(html).toContain('class="finding warning&quot; onmouseover=&quot;alert(1)"');
    expect(html).toContain('id="policy-_script_alert__x____script__p__"');
  });

  test('says when lint did not run, and lists findings by severity and rule', () => {
    // WHEN
    const notRun = renderReportHtml(model({ findings: undefined, lintNote: 'Lint is not available.' }));
    const some = renderReportHtml(model({
      findings: [{
        ruleId: 'NP001',
        severity: 'warning',
        message: 'No DNS.',
        fix: 'Allow UDP 53.',
        policy: 'shop/api-from-web',
        path: 'spec.egress',
        file: 'policies.yaml',
        line: 7,
      }],
    }));

    // THEN
    expect(notRun).toContain('<p class="empty">Lint is not available.</p>');
    expect(notRun).toContain('lint not run');
    expect(some).toContain('<tr class="finding warning" data-rule="NP001"><td><span class="sev warning">warning</span></td><td><code>NP001</code></td>'
      + '<td><a href="#policy-shop_api-from-web">shop/api-from-web</a><br><code>spec.egress</code><br><code class="muted">policies.yaml:7</code></td>'
      + '<td>No DNS.<div class="fix">Fix: Allow UDP 53.</div></td></tr>');
    expect(some).toContain('1 lint finding</p>');
  });

  test('says what an empty inventory means', () => {
    // WHEN
    const html = renderReportHtml(model({ workloads: [], allowed: [[], []], policies: [] }));

    // THEN
    expect(html).toContain('No workloads in the manifests: nothing to probe.');
    expect(html).toContain('No NetworkPolicies: every pod can reach every pod.');
    expect(html).not.toContain('<table class="heatmap"');
  });

  test('keeps large reports small: bare cells, no per-port heat maps, no unrestricted arrows', () => {
    // GIVEN: 120 workloads in one namespace, nobody isolated, 20 ports
    const n = 120;
    const workloads = Array.from({ length: n }, (_x, i) => ({
      label: `big/w${i}`, kind: 'Pod', namespace: 'big', external: false, ingressIsolated: false, egressIsolated: false, policies: [],
    }));
    const ports = Array.from({ length: 20 }, (_x, i) => ({ port: 1000 + i, protocol: Protocol.TCP }));
    const grid = Array.from({ length: n }, () => Array.from({ length: n }, () => true));

    // WHEN
    const html = renderReportHtml(model({ workloads, ports, allowed: ports.map(() => grid), policies: [] }));

    // THEN
    expect(n).toBeGreaterThan(DETAILED_CELLS_MAX_WORKLOADS);
    expect([...html.matchAll(/<table class="heatmap" data-port="([^"]+)">/g)].map(m => m[1])).toEqual(['all']);
    expect(html).toContain('only the "All ports" heat map is drawn (one per port would hold 288000 cells)');
    expect(html.match(/<td class="cell l4">20<\/td>/g)).toHaveLength(n * n - n);
    expect(html).toContain('The 14280 flows no policy restricts are not drawn');
    expect(html).not.toContain('class="edge ');
    expect(html.length).toBeLessThan(2_000_000);
  });

  test('mentions ports left out over the cap', () => {
    expect(renderReportHtml(model({ portsOmitted: 3 }))).toContain('3 more ports the manifests mention are not shown');
  });

  test('anchors a policy by its reference', () => {
    expect(policyAnchor('shop/allow-web.v2')).toBe('policy-shop_allow-web.v2');
  });
});
