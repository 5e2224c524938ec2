import * as path from 'path';
import { LINT_RULES, LintFinding, LintResult } from '../../src/analysis/lint';
import {
  artifactLocation,
  LINT_DOCS_URL,
  lintReportToSarif,
  renderLintJson,
  renderLintSarif,
  renderLintText,
} from '../../src/render/lint';

const DUPLICATE: LintFinding = {
  ruleId: 'NP009',
  ruleName: 'duplicate-name',
  severity: 'error',
  message: 'NetworkPolicy shop/api is also defined at a.yaml:3, with a different spec. Kubernetes keeps only the one applied last.',
  fix: 'Rename one of them, or merge their rules into one policy.',
  policy: { namespace: 'shop', name: 'api' },
  path: 'metadata.name',
  file: 'manifests/b c.yaml',
  line: 12,
  document: 2,
};

const REDUNDANT: LintFinding = {
  ruleId: 'NP007',
  ruleName: 'redundant-policy',
  severity: 'note',
  message: 'Every flow this policy allows is also allowed by other policies.',
  fix: 'Delete the policy.',
  policy: { namespace: 'shop', name: 'web' },
  path: 'metadata.name',
  file: 'manifests/b c.yaml',
};

const RESULT: LintResult = {
  findings: [DUPLICATE, REDUNDANT],
  skipped: [{ ruleId: 'NP003', reason: 'no workloads' }, { ruleId: 'NP008', reason: 'no workloads' }],
  suppressed: 1,
  policyCount: 3,
  workloadCount: 1,
};

const CLEAN: LintResult = { findings: [], skipped: [], suppressed: 0, policyCount: 1, workloadCount: 1 };

describe('renderLintText |', () => {
  test('prints a line and a fix per finding, then a summary', () => {
    // WHEN
    const text = renderLintText(RESULT);

    // THEN
    expect(text).toMatchSnapshot();
    expect(text.split('\n').slice(0, 2)).toEqual([
      'manifests/b c.yaml:12: error NP009 shop/api: metadata.name: NetworkPolicy shop/api is also defined at a.yaml:3, '
        + 'with a different spec. Kubernetes keeps only the one applied last.',
      '  fix: Rename one of them, or merge their rules into one policy.',
    ]);
    expect(text).toContain('\nmanifests/b c.yaml: note NP007 shop/web: ');
    expect(text).toContain('\n2 findings (1 error, 0 warnings, 1 note) in 3 NetworkPolicies and 1 workload\n');
    expect(text).toContain('\n1 finding suppressed by lint.cdk8s-netpol.dev/ignore annotations\n');
    expect(text).toContain('\nskipped NP003, NP008: no workloads\n');
  });

  test('says so when there is nothing to report', () => {
    // THEN
    expect(renderLintText(CLEAN)).toBe('no findings in 1 NetworkPolicy and 1 workload\n');
  });
});

describe('renderLintJson |', () => {
  test('prints findings, skipped rules and a summary', () => {
    // WHEN
    const text = renderLintJson(RESULT);

    // THEN
    expect(text).toMatchSnapshot();
    const report = JSON.parse(text);
    expect(Object.keys(report)).toEqual(['findings', 'skipped', 'summary']);
    expect(report.findings.map((f: any) => [f.ruleId, f.severity, f.location.line])).toEqual([['NP009', 'error', 12], ['NP007', 'note', null]]);
    expect(report.findings[1]).toEqual({
      ruleId: 'NP007',
      rule: 'redundant-policy',
      severity: 'note',
      message: REDUNDANT.message,
      fix: REDUNDANT.fix,
      location: { file: 'manifests/b c.yaml', line: null, namespace: 'shop', name: 'web', path: 'metadata.name' },
    });
    expect(report.skipped).toEqual([{ ruleId: 'NP003', reason: 'no workloads' }, { ruleId: 'NP008', reason: 'no workloads' }]);
    expect(report.summary).toEqual({ total: 2, errors: 1, warnings: 0, notes: 1, suppressed: 1, policies: 3, workloads: 1 });
  });
});

describe('renderLintSarif |', () => {
  test('writes a SARIF 2.1.0 log with the rules and a located result per finding', () => {
    // WHEN
    const text = renderLintSarif(RESULT, { rules: LINT_RULES, toolVersion: '1.2.3' });
    const log = JSON.parse(text);

    // THEN
    expect(text).toMatchSnapshot();
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'cdk8s-netpol', semanticVersion: '1.2.3' });
    expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual(LINT_RULES.map(r => r.id));
    expect(run.tool.driver.rules[8]).toMatchObject({
      id: 'NP009',
      name: 'duplicate-name',
      defaultConfiguration: { level: 'error' },
      helpUri: `${LINT_DOCS_URL}#np009-duplicate-name`,
    });
    expect(run.results[0]).toMatchObject({
      ruleId: 'NP009',
      ruleIndex: 8,
      level: 'error',
      locations: [{
        physicalLocation: { artifactLocation: { uri: 'manifests/b%20c.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 12 } },
        logicalLocations: [{ name: 'api', fullyQualifiedName: 'shop/api', kind: 'resource' }],
      }],
      partialFingerprints: { 'cdk8sNetpolFinding/v1': 'NP009|shop/api|metadata.name' },
    });
    expect(run.results[0].message.text).toMatch(/^metadata\.name: NetworkPolicy shop\/api .* Fix: Rename one of them/);
    // A finding without a line has no region.
    expect(run.results[1].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'manifests/b%20c.yaml', uriBaseId: '%SRCROOT%' },
    });
    expect(run.invocations[0].toolExecutionNotifications.map((n: any) => n.descriptor.id)).toEqual(['NP003', 'NP008']);
  });

  test('every result level is a SARIF level and every ruleIndex points at its rule', () => {
    // WHEN
    const log = lintReportToSarif(RESULT, { rules: LINT_RULES, toolVersion: '0.0.0' }) as any;

    // THEN
    for (const result of log.runs[0].results) {
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(log.runs[0].tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    }
  });

  test('with no findings, results is empty', () => {
    // WHEN
    const log = lintReportToSarif(CLEAN, { rules: LINT_RULES, toolVersion: '0.0.0' }) as any;

    // THEN
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].invocations[0]).toEqual({ executionSuccessful: true, toolExecutionNotifications: [] });
  });
});

describe('artifactLocation |', () => {
  test.each([
    ['dist/shop.k8s.yaml', { uri: 'dist/shop.k8s.yaml', uriBaseId: '%SRCROOT%' }],
    [path.join('a b', 'c#d.yaml'), { uri: 'a%20b/c%23d.yaml', uriBaseId: '%SRCROOT%' }],
    ['/tmp/x y.yaml', { uri: 'file:///tmp/x%20y.yaml' }],
  ])('%s', (file, expected) => {
    // THEN
    expect(artifactLocation(file)).toEqual(expected);
  });
});
