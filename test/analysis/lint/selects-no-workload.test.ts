import { lint, policy, ruleIds } from './_support';

describe('NP002 selects-no-workload |', () => {
  test.each([
    ['NP002: a misspelled label', [policy('web-ingress', `
      podSelector: { matchLabels: { app: wbe } }
      policyTypes: [Ingress]`)], ['NP002']],
    ['NP002 not: matchExpressions that select web', [policy('web-ingress', `
      podSelector: { matchExpressions: [{ key: app, operator: In, values: [web, frontend] }] }
      policyTypes: [Ingress]`)], []],
  ])('%s', (_case, policies, expected) => {
    // WHEN
    const result = lint(policies as string[]);

    // THEN
    expect(ruleIds(result)).toEqual(expected);
    expect(result.skipped).toEqual([]);
  });

  test('a finding names the policy, field, line and severity, with a fix', () => {
    // WHEN
    const result = lint([policy('web-ingress', `
      podSelector: { matchLabels: { app: wbe } }
      policyTypes: [Ingress]`)]);

    // THEN
    expect(result.findings).toEqual([{
      ruleId: 'NP002',
      ruleName: 'selects-no-workload',
      severity: 'warning',
      message: 'spec.podSelector (app=wbe) selects no workload of namespace shop (it has shop/web, shop/api), '
        + 'so the policy applies to nothing. Did you mean app=web?',
      fix: expect.stringMatching(/^Make spec.podSelector match/),
      policy: { namespace: 'shop', name: 'web-ingress' },
      path: 'spec.podSelector',
      file: 'lint.yaml',
      line: 34,
      document: 5,
    }]);
  });
});
