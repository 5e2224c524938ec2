import { DNS, lint, policy, ruleIds } from './_support';

describe('NP005 ipblock-in-cluster-range |', () => {
  test.each([
    ['NP005: the kube-dns ClusterIP', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ to: [{ ipBlock: { cidr: 10.96.0.10/32 } }], ports: [{ protocol: UDP, port: 53 }] }]`)], ['NP005']],
    ['NP005: a slice of the pod range', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ ipBlock: { cidr: 10.244.3.0/24 } }] }]`)], ['NP005']],
    ['NP005 not: a block that contains the ranges', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ ipBlock: { cidr: 10.0.0.0/8 } }] }]`)], []],
  ])('%s', (_case, policies, expected) => {
    // WHEN
    const result = lint(policies as string[]);

    // THEN
    expect(ruleIds(result)).toEqual(expected);
    expect(result.skipped).toEqual([]);
  });

  test('--pod-cidr and --service-cidr replace the default ranges, IPv6 included', () => {
    // GIVEN
    const policies = [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ ipBlock: { cidr: 10.244.3.0/24 } }, { ipBlock: { cidr: 192.168.7.0/24 } }, { ipBlock: { cidr: 'fd00:10:96::a/128' } }] }]`)];

    // WHEN
    const result = lint(policies, { podCidrs: ['192.168.0.0/16'], serviceCidrs: ['fd00:10:96::/112'] });

    // THEN
    expect(result.findings.map(f => f.path)).toEqual([
      'spec.ingress[0].from[1].ipBlock.cidr',
      'spec.ingress[0].from[2].ipBlock.cidr',
    ]);
    expect(result.findings[0].message).toMatch(/lies in the pod range 192\.168\.0\.0\/16/);
    expect(result.findings[1].message).toMatch(/lies in the Service range fd00:10:96::\/112/);
  });

  test('NP005 checks the cidr, not the except ranges, and names the Service range first', () => {
    // GIVEN: 10.96.0.0/12 holds the Service range, and the pod range 10.244.0.0/16 is excepted
    const policies = [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ to: [{ ipBlock: { cidr: 10.0.0.0/8, except: [10.244.0.0/16] } }, { ipBlock: { cidr: 10.96.0.0/12 } }] }, ${DNS}]`)];

    // WHEN
    const result = lint(policies);

    // THEN
    expect(result.findings.map(f => [f.ruleId, f.path])).toEqual([['NP005', 'spec.egress[0].to[1].ipBlock.cidr']]);
    expect(result.findings[0].message).toMatch(/^ipBlock 10\.96\.0\.0\/12 lies in the Service range 10\.96\.0\.0\/12\. /);
  });
});
