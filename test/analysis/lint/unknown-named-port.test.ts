import { DNS, lint, policy, ruleIds } from './_support';

describe('NP008 unknown-named-port |', () => {
  test.each([
    ['NP008: a port name api does not declare', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ ports: [{ port: https }] }]`)], ['NP008']],
    ['NP008: a UDP port name used with TCP', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ ports: [{ port: stats }] }]`)], ['NP008']],
    ['NP008: an egress port name the destination does not declare', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ to: [{ podSelector: { matchLabels: { app: api } } }], ports: [{ port: grpc }] }, ${DNS}]`)], ['NP008']],
    ['NP008 not: http on api', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ ports: [{ port: http }, { protocol: UDP, port: stats }] }]`)], []],
    ['NP008 not: destinations outside the manifests', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ to: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } } }], ports: [{ protocol: UDP, port: dns }] }]`)],
    []],
  ])('%s', (_case, policies, expected) => {
    // WHEN
    const result = lint(policies as string[]);

    // THEN
    expect(ruleIds(result)).toEqual(expected);
    expect(result.skipped).toEqual([]);
  });

  test('NP008 names the protocol to set', () => {
    // WHEN
    const result = lint([policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ ports: [{ port: stats }] }]`)]);

    // THEN
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0].message).toMatch(/shop\/api declares stats as UDP 8125, but this entry is TCP \(the default\)/);
  });
});
