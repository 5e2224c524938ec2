import { lint, policy, ruleIds } from './_support';

describe('NP010 namespace-without-workloads |', () => {
  test.each([
    ['NP010: a misspelled namespace', [policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]', 'shpo')], ['NP010']],
    ['NP010: no namespace, read as default', [policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]', null)], ['NP010']],
    ['NP010 not: a namespace with workloads', [policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]', 'ops')], []],
  ])('%s', (_case, policies, expected) => {
    // WHEN
    const result = lint(policies as string[]);

    // THEN
    expect(ruleIds(result)).toEqual(expected);
    expect(result.skipped).toEqual([]);
  });

  test('NP010 suggests a namespace', () => {
    // WHEN
    const result = lint([policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]', 'shpo')]);

    // THEN
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0].message).toMatch(/Did you mean shop\?/);
  });

  test('NP010 says when the namespace is not declared either', () => {
    // WHEN
    const result = lint([policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]', 'shpo')]);

    // THEN
    expect(result.findings[0]).toMatchObject({ ruleId: 'NP010', path: 'metadata.namespace' });
    expect(result.findings[0].message).toBe('Namespace shpo has no Pod or workload in the manifests (nor a Namespace object), '
      + 'so this policy selects nothing there. Did you mean shop?');
  });

  test('NP010 on a policy without metadata.namespace points at metadata and names a namespace with workloads', () => {
    // WHEN
    const result = lint([policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]', null)]);

    // THEN
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ ruleId: 'NP010', path: 'metadata', fix: 'Set metadata.namespace, e.g. to ops.' });
    expect(result.findings[0].message).toBe('The policy has no metadata.namespace, so it lands in the namespace it is applied to '
      + '(read as default, which has no Pod or workload in the manifests).');
  });
});
