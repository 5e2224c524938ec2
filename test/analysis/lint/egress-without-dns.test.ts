import { DNS, lint, policy, ruleIds } from './_support';

describe('NP001 egress-without-dns |', () => {
  test.each([
    ['NP001: egress to api only', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ to: [{ podSelector: { matchLabels: { app: api } } }], ports: [{ port: 8080 }] }]`)], ['NP001']],
    ['NP001: DNS over TCP only', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ ports: [{ protocol: TCP, port: 53 }] }]`)], ['NP001']],
    ['NP001 not: a rule for UDP 53', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ to: [{ podSelector: { matchLabels: { app: api } } }], ports: [{ port: 8080 }] }, ${DNS}]`)], []],
    ['NP001 not: a UDP range over 53', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ ports: [{ protocol: UDP, port: 50, endPort: 60 }] }]`)], []],
    ['NP001 not: a rule with no ports', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ to: [{ ipBlock: { cidr: 203.0.113.0/24 } }] }]`)], []],
    ['NP001 not: egress denied entirely', [policy('web-deny-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]`)], []],
    ['NP001 not: DNS allowed by a namespace-wide policy', [
      policy('web-egress', `
        podSelector: { matchLabels: { app: web } }
        policyTypes: [Egress]
        egress: [{ to: [{ podSelector: { matchLabels: { app: api } } }], ports: [{ port: 8080 }] }]`),
      policy('allow-dns', `
        podSelector: {}
        policyTypes: [Egress]
        egress: [${DNS}]`),
    ], []],
    ['NP001 not: a named UDP port that no workload declares (kube-dns\'s "dns")', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ ports: [{ protocol: UDP, port: dns }] }]`)], []],
  ])('%s', (_case, policies, expected) => {
    // WHEN
    const result = lint(policies as string[]);

    // THEN
    expect(ruleIds(result)).toEqual(expected);
    expect(result.skipped).toEqual([]);
  });

  test('NP001 reports every policy that isolates the pod for egress', () => {
    // WHEN
    const result = lint([
      policy('default-deny-egress', 'podSelector: {}\npolicyTypes: [Egress]'),
      policy('web-egress', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\negress: [{ ports: [{ port: 8080 }] }]'),
    ]);

    // THEN
    expect(result.findings.map(f => [f.ruleId, f.policy.name, f.path])).toEqual([
      ['NP001', 'default-deny-egress', 'spec.policyTypes'],
      ['NP001', 'web-egress', 'spec.egress'],
    ]);
    expect(result.findings[1].message).toBe('shop/web is isolated for egress by this policy, and no egress rule that applies to it '
      + 'allows DNS (UDP 53), so name lookups fail.');
  });

  test.each([
    ['an egress policy without DNS', [policy('web-egress', 'podSelector: { matchLabels: { app: web } }\negress: [{ ports: [{ port: 443 }] }]')], ['NP001']],
    ['an egress policy with DNS from a namespace-wide policy', [
      policy('web-egress', 'podSelector: { matchLabels: { app: web } }\negress: [{ ports: [{ port: 443 }] }]'),
      policy('allow-dns', `podSelector: {}\npolicyTypes: [Egress]\negress: [${DNS}]`),
    ], []],
    ['an egress policy with a named UDP port', [policy('web-egress', 'podSelector: {}\negress: [{ ports: [{ protocol: UDP, port: dns }] }]')], []],
  ])('without workloads, still checks %s', (_case, policies, expected) => {
    // WHEN
    const result = lint(policies as string[], {}, false);

    // THEN
    expect(ruleIds(result)).toEqual(expected);
  });
});
