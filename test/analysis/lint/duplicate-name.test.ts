import { API_FROM_WEB, lint, policy, ruleIds } from './_support';

describe('NP009 duplicate-name |', () => {
  test.each([
    ['NP009: the same name twice', [policy('api-ingress', API_FROM_WEB), policy('api-ingress', API_FROM_WEB)], ['NP009']],
    ['NP009 not: the same name in two namespaces', [
      policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]'),
      policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]', 'ops'),
    ], []],
  ])('%s', (_case, policies, expected) => {
    // WHEN
    const result = lint(policies as string[]);

    // THEN
    expect(ruleIds(result)).toEqual(expected);
    expect(result.skipped).toEqual([]);
  });

  test('NP009 is on the later copy and names the first', () => {
    // WHEN
    const result = lint([policy('api-ingress', API_FROM_WEB), policy('api-ingress', API_FROM_WEB)]);

    // THEN
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ ruleId: 'NP009', severity: 'error', document: 6, path: 'metadata.name' });
    expect(result.findings[0].message).toBe('NetworkPolicy shop/api-ingress is also defined at lint.yaml:30, with the same spec. '
      + 'Kubernetes keeps only the one applied last.');
  });

  test('NP009 says when the copies differ, and how to merge them', () => {
    // WHEN
    const result = lint([policy('api-ingress', API_FROM_WEB), policy('api-ingress', 'podSelector: {}\npolicyTypes: [Ingress]')]);

    // THEN
    expect(result.findings.filter(f => f.ruleId === 'NP009').map(f => [f.message, f.fix])).toEqual([[
      'NetworkPolicy shop/api-ingress is also defined at lint.yaml:30, with a different spec. Kubernetes keeps only the one applied last.',
      'Rename one of them, or merge their rules into one policy.',
    ]]);
  });
});
