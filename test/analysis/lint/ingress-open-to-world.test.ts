import { lint, policy, ruleIds } from './_support';

describe('NP006 ingress-open-to-world |', () => {
  test.each([
    ['NP006: 0.0.0.0/0', [policy('web-ingress', `
      podSelector: { matchLabels: { app: web } }
      ingress: [{ from: [{ ipBlock: { cidr: 0.0.0.0/0 } }], ports: [{ port: 80 }] }]`)], ['NP006']],
    ['NP006: ::/0, even with an except', [policy('web-ingress', `
      podSelector: { matchLabels: { app: web } }
      ingress: [{ from: [{ ipBlock: { cidr: '::/0', except: ['2001:db8::/32'] } }] }]`)], ['NP006']],
    ['NP006 not: egress to 0.0.0.0/0', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ to: [{ ipBlock: { cidr: 0.0.0.0/0 } }] }]`)], []],
    ['NP006 not: a narrow range', [policy('web-ingress', `
      podSelector: { matchLabels: { app: web } }
      ingress: [{ from: [{ ipBlock: { cidr: 203.0.113.0/24 } }] }]`)], []],
  ])('%s', (_case, policies, expected) => {
    // WHEN
    const result = lint(policies as string[]);

    // THEN
    expect(ruleIds(result)).toEqual(expected);
    expect(result.skipped).toEqual([]);
  });

  test('NP006 points at the cidr and counts the except ranges', () => {
    // WHEN
    const result = lint([policy('web-ingress', `
      podSelector: { matchLabels: { app: web } }
      ingress: [{ ports: [{ port: 80 }] }, { from: [{ podSelector: {} }, { ipBlock: { cidr: '::/0', except: ['2001:db8::/32', 'fd00::/8'] } }] }]`)]);

    // THEN
    expect(result.findings.map(f => [f.ruleId, f.path])).toEqual([['NP006', 'spec.ingress[1].from[1].ipBlock.cidr']]);
    expect(result.findings[0].message).toBe('spec.ingress[1] admits connections from every IPv6 address (::/0 except 2 ranges) '
      + 'to the pods this policy selects.');
  });
});
