import { INVENTORY, lint, policy } from './_support';
import { InvalidPoliciesError } from '../../../src/analysis/errors';
import {
  atOrAbove,
  DEFAULT_POD_CIDRS,
  DEFAULT_SERVICE_CIDRS,
  IGNORE_ANNOTATION,
  LINT_RULES,
  LINT_SEVERITIES,
  lintManifests,
  LintSeverity,
} from '../../../src/analysis/lint';
import { loadManifests } from '../../../src/analysis/load';
import { PolicyError } from '../../../src/core/errors';
import { readYaml } from '../_support';

describe('lintManifests |', () => {
  test('the lint.cdk8s-netpol.dev/ignore annotation suppresses the rules it lists, for that policy only', () => {
    // WHEN
    const result = lint([
      policy('public', 'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ ipBlock: { cidr: 0.0.0.0/0 } }] }]',
        'shop', 'lint.cdk8s-netpol.dev/ignore: "np006, NP002"'),
      policy('public', 'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ ipBlock: { cidr: 0.0.0.0/0 } }] }]', 'ops'),
    ]);

    // THEN
    expect(result.findings.map(f => [f.ruleId, f.policy.namespace])).toEqual([['NP002', 'ops'], ['NP006', 'ops']]);
    expect(result.suppressed).toBe(1);
  });

  test('the ignore annotation takes ids separated by spaces, and ignores rules that do not fire', () => {
    // GIVEN
    const open = 'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ ipBlock: { cidr: 0.0.0.0/0 } }] }]';

    // WHEN
    const spaced = lint([policy('public', open, 'shop', `${IGNORE_ANNOTATION}: "NP001   np006"`)]);
    const other = lint([policy('public', open, 'shop', `${IGNORE_ANNOTATION}: "NP009"`)]);

    // THEN
    expect(spaced.findings).toEqual([]);
    expect(spaced.suppressed).toBe(1);
    expect(other.findings.map(f => f.ruleId)).toEqual(['NP006']);
    expect(other.suppressed).toBe(0);
  });

  test('findings come by file in input order, then line', () => {
    // GIVEN
    const first = readYaml(`${INVENTORY}\n---\n${policy('z-deny', 'podSelector: {}\npolicyTypes: [Ingress]', 'shpo')}`, 'b.yaml');
    const second = readYaml(policy('a-deny', 'podSelector: {}\npolicyTypes: [Ingress]', 'nope'), 'a.yaml');

    // WHEN
    const result = lintManifests(loadManifests([...first, ...second]));

    // THEN
    expect(result.findings.map(f => `${f.file}:${f.line}`)).toEqual(['b.yaml:32', 'a.yaml:3']);
  });

  test('findings on one line come by rule id, then path', () => {
    // GIVEN: NP006 on from[1] and NP005 on from[0], both written on the ingress line
    const text = policy('api-ingress', 'podSelector: { matchLabels: { app: api } }\n'
      + 'ingress: [{ from: [{ ipBlock: { cidr: 0.0.0.0/0 } }, { ipBlock: { cidr: 10.244.3.0/24 } }, { ipBlock: { cidr: \'::/0\' } }] }]');

    // WHEN
    const result = lint([text]);

    // THEN
    expect(result.findings.map(f => [f.ruleId, f.path])).toEqual([
      ['NP005', 'spec.ingress[0].from[1].ipBlock.cidr'],
      ['NP006', 'spec.ingress[0].from[0].ipBlock.cidr'],
      ['NP006', 'spec.ingress[0].from[2].ipBlock.cidr'],
    ]);
    expect(new Set(result.findings.map(f => f.line)).size).toBe(1);
  });

  test('skips the rules that need an inventory, and says why', () => {
    // WHEN
    const result = lint([policy('deny', 'podSelector: { matchLabels: { app: nothing } }\npolicyTypes: [Ingress]')], {}, false);

    // THEN
    expect(result.findings).toEqual([]);
    expect(result.skipped.map(s => s.ruleId)).toEqual(['NP002', 'NP003', 'NP007', 'NP008', 'NP010']);
    expect(result.skipped[0].reason).toBe('the manifests hold no Pod or workload to check the policies against');
    expect(result.workloadCount).toBe(0);
  });

  test('throws InvalidPoliciesError when the API server would reject a policy', () => {
    // GIVEN
    const docs = loadManifests(readYaml(policy('bad', 'podSelector: {}\ningress: [{ from: [{ ipBlock: { cidr: 10.0.0.7 } }] }]'), 'bad.yaml'));

    // THEN
    expect(() => lintManifests(docs)).toThrow(InvalidPoliciesError);
    try {
      lintManifests(docs);
    } catch (e) {
      expect((e as InvalidPoliciesError).issues).toMatchObject([{ name: 'bad', path: 'spec.ingress[0].from[0].ipBlock.cidr', file: 'bad.yaml', line: 6 }]);
    }
  });

  test('throws a PolicyError for a bad CIDR option', () => {
    // THEN
    expect(() => lint([], { podCidrs: ['10.244.0.0'] })).toThrow(PolicyError);
    expect(() => lint([], { serviceCidrs: ['nope'] })).toThrow(/Invalid Service CIDR "nope"/);
  });

  test('counts policies and workloads', () => {
    // WHEN
    const result = lint([policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]')]);

    // THEN
    expect(result).toMatchObject({ policyCount: 1, workloadCount: 3, suppressed: 0 });
  });

  test('counts duplicates among the policies', () => {
    // WHEN
    const result = lint([policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]'), policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]')]);

    // THEN
    expect(result.policyCount).toBe(2);
    expect(result.findings.map(f => f.ruleId)).toEqual(['NP009']);
  });

  test('assumes the kubeadm and flannel ranges by default', () => {
    // THEN
    expect(DEFAULT_POD_CIDRS).toEqual(['10.244.0.0/16']);
    expect(DEFAULT_SERVICE_CIDRS).toEqual(['10.96.0.0/12']);
  });
});

describe('LINT_RULES |', () => {
  test('ids are NP001 to NP010, in order, with unique names', () => {
    // THEN
    expect(LINT_RULES.map(r => r.id)).toEqual(Array.from({ length: 10 }, (_, i) => `NP${String(i + 1).padStart(3, '0')}`));
    expect(new Set(LINT_RULES.map(r => r.name)).size).toBe(LINT_RULES.length);
    for (const rule of LINT_RULES) {
      expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.summary).toMatch(/\.$/);
    }
  });

  test('every rule has a severity, a description and help', () => {
    // THEN
    for (const rule of LINT_RULES) {
      expect(LINT_SEVERITIES).toContain(rule.severity);
      expect(rule.description.length).toBeGreaterThan(rule.summary.length);
      expect(rule.help).toMatch(/\.$/);
    }
  });

  test('the rules that need an inventory are the ones skipped without workloads', () => {
    // THEN
    expect(LINT_RULES.filter(r => r.needsInventory).map(r => r.id)).toEqual(['NP002', 'NP003', 'NP007', 'NP008', 'NP010']);
  });
});

describe('atOrAbove |', () => {
  test.each([
    ['error', 'error', true],
    ['warning', 'error', false],
    ['error', 'warning', true],
    ['warning', 'warning', true],
    ['note', 'warning', false],
    ['note', 'note', true],
    ['error', 'note', true],
  ])('a %s finding is at or above %s: %s', (severity, threshold, expected) => {
    // THEN
    expect(atOrAbove(severity as LintSeverity, threshold as LintSeverity)).toBe(expected);
  });
});
