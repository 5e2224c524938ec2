import { lint, policy, ruleIds } from './_support';

describe('NP003 peer-matches-nothing |', () => {
  test.each([
    ['NP003: a podSelector that matches no pod of shop', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ podSelector: { matchLabels: { app: frontend } } }] }]`)], ['NP003']],
    ['NP003: a namespaceSelector that matches no namespace', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: opz } } }] }]`)], ['NP003']],
    ['NP003: a podSelector that matches no pod of the selected namespaces', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } }, podSelector: { matchLabels: { app: monitr } } }] }]`)],
    ['NP003']],
    ['NP003 not: pods of ops', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } }, podSelector: { matchLabels: { app: monitor } } }] }]`)], []],
    ['NP003 not: kube-system, which the manifests do not describe', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }, podSelector: {} }] }]`)], []],
    ['NP003 not: every namespace', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: {} }] }]`)], []],
  ])('%s', (_case, policies, expected) => {
    // WHEN
    const result = lint(policies as string[]);

    // THEN
    expect(ruleIds(result)).toEqual(expected);
    expect(result.skipped).toEqual([]);
  });

  test('NP003 suggests a namespace label', () => {
    // WHEN
    const result = lint([policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: opz } } }] }]`)]);

    // THEN
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0].message).toMatch(/Did you mean team=ops\?/);
  });
});
