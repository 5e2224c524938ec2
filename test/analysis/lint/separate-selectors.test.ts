import { lint, policy, ruleIds } from './_support';

describe('NP004 separate-namespace-and-pod-selectors |', () => {
  test.each([
    ['NP004: ops namespaces OR monitor pods of shop (there are none)', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } } }, { podSelector: { matchLabels: { app: monitor } } }] }]`)],
    ['NP004']],
    ['NP004 not: the podSelector peer selects pods of shop, so the OR may be meant', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } } }, { podSelector: { matchLabels: { app: web } } }] }]`)], []],
    ['NP004 not: one peer with both selectors', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } }, podSelector: { matchLabels: { app: monitor } } }] }]`)], []],
  ])('%s', (_case, policies, expected) => {
    // WHEN
    const result = lint(policies as string[]);

    // THEN
    expect(ruleIds(result)).toEqual(expected);
    expect(result.skipped).toEqual([]);
  });

  test('NP004 says where the pods are', () => {
    // WHEN
    const result = lint([policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } } }, { podSelector: { matchLabels: { app: monitor } } }] }]`)]);

    // THEN
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0].message).toMatch(/\(the app=monitor pods of the manifests are in ops\)/);
  });

  test('without workloads, still checks separate selectors', () => {
    // WHEN
    const result = lint([policy('api-ingress', 'podSelector: {}\n'
      + 'ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } } }, { podSelector: { matchLabels: { app: monitor } } }] }]')], {}, false);

    // THEN
    expect(ruleIds(result)).toEqual(['NP004']);
  });
});
