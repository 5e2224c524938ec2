import * as fs from 'fs';
import { PolicyAnalyzer, Workload } from '../../src/analysis';
import { loadManifests } from '../../src/analysis/load';
import { ManifestReader } from '../../src/analysis/manifests/reader';
import { Protocol } from '../../src/core/protocol';
import {
  probeReportToJson,
  renderDirectionText,
  renderProbeReportText,
  renderRuleRef,
  renderSummaryText,
  renderVerdictText,
} from '../../src/render';
import { fixture } from '../cli/_support';

function shop(): PolicyAnalyzer {
  const file = fixture('cli-shop.yaml');
  return PolicyAnalyzer._fromLoaded(loadManifests(new ManifestReader().objects(fs.readFileSync(file), file)));
}

describe('render probe results |', () => {
  test('renders a RuleRef as the engine names it', () => {
    expect(renderRuleRef({ namespace: 'shop', name: 'allow-web', direction: 'Ingress' as any, ruleIndex: 2 })).toBe('shop/allow-web rule 2');
  });

  test.each([
    ['shop/web', 'shop/api', 8080, 'ALLOW shop/web -> shop/api TCP 8080  (ingress: shop/api-allow-from-web rule 0; egress: shop/web-allow-to-api rule 0)'],
    ['shop/web', 'shop/db', 5432, 'DENY  shop/web -> shop/db TCP 5432  (ingress: no peer match (selected by shop/db-allow-from-api, '
      + 'shop/default-deny-ingress); egress: no peer match (selected by shop/web-allow-to-api))'],
    ['shop/web', 'shop/api', 9999, 'DENY  shop/web -> shop/api TCP 9999  (ingress: no port match (shop/api-allow-from-web rule 0); '
      + 'egress: no port match (shop/web-allow-to-api rule 0))'],
    ['ops/monitor', 'shop/web', 80, 'DENY  ops/monitor -> shop/web TCP 80  (ingress: no rules (selected by shop/default-deny-ingress); egress: not isolated)'],
  ])('renders %s -> %s on %d as one line (cli-shop.yaml)', (from, to, port, line) => {
    // GIVEN
    const analyzer = shop();

    // WHEN
    const verdict = analyzer.canReach({ source: analyzer.workload(from), destination: analyzer.workload(to), port });

    // THEN
    expect(renderVerdictText(verdict, { from, to })).toBe(line);
  });

  test('marks pass and FAIL, and names a named port (cli-shop.yaml)', () => {
    // GIVEN
    const analyzer = shop();
    const verdict = analyzer.canReach({ source: analyzer.workload('shop/api'), destination: analyzer.workload('shop/db'), portName: 'postgres' });

    // WHEN
    const pass = renderVerdictText(verdict, { from: 'shop/api', to: 'shop/db' }, true);
    const fail = renderVerdictText(verdict, { from: 'shop/api', to: 'shop/db' }, false);

    // THEN
    expect(pass).toBe('ALLOW shop/api -> shop/db TCP 5432 (postgres)  pass  (ingress: shop/db-allow-from-api rule 0; egress: not isolated)');
    expect(fail).toMatch(/^ALLOW shop\/api -> shop\/db TCP 5432 \(postgres\) {2}FAIL {2}/);
    expect(renderDirectionText(verdict.egress)).toBe('egress: not isolated');
  });

  test('the JSON report repeats the probe and counts only expectations as passed or failed (cli-shop.yaml)', () => {
    // GIVEN
    const analyzer = shop();
    const web = analyzer.workload('shop/web');
    const outside = Workload.external('203.0.113.9');
    const allowed = analyzer.canReach({ source: web, destination: outside, port: 443 });
    const denied = analyzer.canReach({ source: web, destination: outside, port: 53, protocol: Protocol.UDP });

    // WHEN
    const outcomes = [
      { probe: { from: 'shop/web', to: '203.0.113.9', port: 443, expect: 'allow' as const }, verdict: allowed, pass: true },
      { probe: { from: 'shop/web', to: '203.0.113.9', port: 53, protocol: 'UDP' }, verdict: denied },
    ];
    const report = probeReportToJson(outcomes);

    // THEN
    expect(report).toMatchSnapshot();
    expect(report.summary).toEqual({ total: 2, allowed: 1, denied: 1, passed: 1, failed: 0 });
    expect(report.results[1]).not.toHaveProperty('expect');
    expect(report.results[1].explanation!.egress.allowedBy).toBeUndefined();
    expect(report.results[0].explanation!.egress.allowedBy).toEqual({ namespace: 'shop', name: 'web-allow-to-api', direction: 'Egress', ruleIndex: 1 });
    expect(renderProbeReportText(outcomes).trimEnd().split('\n')).toHaveLength(3);
  });

  test('the summary line counts probes', () => {
    expect(renderSummaryText({ total: 1, allowed: 1, denied: 0, passed: 0, failed: 0 })).toBe('1 probe: 1 allowed, 0 denied; 0 passed, 0 failed');
    expect(renderSummaryText({ total: 5, allowed: 4, denied: 1, passed: 5, failed: 0 })).toBe('5 probes: 4 allowed, 1 denied; 5 passed, 0 failed');
  });
});
