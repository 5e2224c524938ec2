import { fixtureObjects, loaded, netpol } from './_support';
import { compilePolicies, effectivePolicyTypes } from '../../src/analysis/compile';
import { loadManifests } from '../../src/analysis/load';
import { Direction } from '../../src/core/direction';

function compile(...manifests: any[]) {
  return compilePolicies(loaded([], ...manifests).documents);
}

describe('compilePolicies |', () => {
  test.each([
    ['absent, no egress', {}, ['Ingress']],
    ['absent, empty egress', { egress: [] }, ['Ingress']],
    ['absent, one egress rule', { egress: [{}] }, ['Ingress', 'Egress']],
    ['empty list, one egress rule', { policyTypes: [], egress: [{}] }, ['Ingress', 'Egress']],
    ['Egress only', { policyTypes: ['Egress'], ingress: [{}] }, ['Egress']],
    ['Ingress only', { policyTypes: ['Ingress'], egress: [{}] }, ['Ingress']],
    ['both, in any order', { policyTypes: ['Egress', 'Ingress'] }, ['Ingress', 'Egress']],
  ])('effective policyTypes: %s', (_, spec, expected) => {
    expect(effectivePolicyTypes({ podSelector: {}, ...spec } as any)).toEqual(expected);
  });

  test('merges policies that share a namespace and podSelector into one target per direction', () => {
    // GIVEN
    const selector = { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'b', operator: 'Exists' }, { key: 'a', operator: 'In', values: ['2', '1'] }] };
    const sameSelector = { matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '2'] }, { key: 'b', operator: 'Exists' }], matchLabels: { app: 'api' } };

    // WHEN
    const { policy, issues } = compile(
      netpol('shop', 'z-two', { podSelector: sameSelector, ingress: [{}, {}] }),
      netpol('shop', 'a-one', { podSelector: selector, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] }),
      netpol('other', 'a-one', { podSelector: selector, ingress: [{}] }),
    );

    // THEN
    expect(issues).toEqual([]);
    expect(policy.policies.map(p => `${p.ref.namespace}/${p.ref.name}`)).toEqual(['other/a-one', 'shop/a-one', 'shop/z-two']);
    const shop = policy.targets.filter(t => t.namespace === 'shop');
    expect(shop.map(t => t.direction)).toEqual([Direction.EGRESS, Direction.INGRESS]);
    const ingress = shop.find(t => t.direction === Direction.INGRESS)!;
    expect(ingress.policies.map(p => p.name)).toEqual(['a-one', 'z-two']);
    expect(ingress.rules.map(r => `${r.ref.name}#${r.ref.ruleIndex}`)).toEqual(['a-one#0', 'z-two#0', 'z-two#1']);
    expect(ingress.rules[0].ref).toEqual({ namespace: 'shop', name: 'a-one', direction: Direction.INGRESS, ruleIndex: 0 });
  });

  test('compiles peers and ports to matchers', () => {
    // WHEN
    const { policy } = compile(netpol('shop', 'p', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { app: 'web' } } },
            { namespaceSelector: {} },
            { namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: {} },
            { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
          ],
          ports: [{ port: 80 }, { port: 8000, endPort: 8080, protocol: 'UDP' }, { port: 'http' }, { protocol: 'SCTP' }],
        },
        {},
      ],
    }));

    // THEN
    const [withPeers, empty] = policy.targets[0].rules;
    expect(withPeers.peers).toMatchObject([
      { kind: 'pods', ownNamespace: 'shop', podSelector: { matchesAll: false } },
      { kind: 'pods', namespaceSelector: { matchesAll: true }, podSelector: undefined },
      { kind: 'pods', namespaceSelector: { matchesAll: false }, podSelector: { matchesAll: true } },
      { kind: 'ipBlock', cidr: { canonical: '10.0.0.0/8' }, except: [{ canonical: '10.1.0.0/16' }] },
    ]);
    expect(withPeers.ports).toEqual([
      { kind: 'range', protocol: 'TCP', port: 80, endPort: 80 },
      { kind: 'range', protocol: 'UDP', port: 8000, endPort: 8080 },
      { kind: 'named', protocol: 'TCP', name: 'http', defaultProtocol: true },
      { kind: 'protocol', protocol: 'SCTP' },
    ]);
    expect(empty.peers).toEqual([{ kind: 'any' }]);
    expect(empty.ports).toEqual([{ kind: 'any' }]);
  });

  test('leaves out the rules of a direction the policy does not isolate', () => {
    const { policy } = compile(netpol('shop', 'p', { podSelector: {}, policyTypes: ['Egress'], ingress: [{}], egress: [] }));
    expect(policy.targets).toHaveLength(1);
    expect(policy.targets[0]).toMatchObject({ direction: Direction.EGRESS, rules: [] });
  });

  test('reports a policy the API server would reject, with file and line, and does not compile it (analysis-invalid-policy.yaml)', () => {
    // WHEN
    const { policy, issues } = compilePolicies(loadManifests(fixtureObjects('analysis-invalid-policy.yaml')).documents);

    // THEN
    expect(policy.policies.map(p => p.ref.name)).toEqual(['fine']);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      namespace: 'shop',
      name: 'bad-cidr',
      path: 'spec.ingress[0].from[0].ipBlock.cidr',
      file: 'analysis-invalid-policy.yaml',
      line: 22,
      document: 2,
    });
    expect(issues[0].message).toMatch(/10\.0\.0\.7/);
  });

  test('reports problems of policies passed as objects without a line', () => {
    // WHEN
    const { issues } = compile(netpol('shop', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 80, endPort: 70 }] }] }));

    // THEN
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toMatchObject({ namespace: 'shop', name: 'p', file: '<manifests>', document: 1, line: undefined });
    expect(issues[0].path).toMatch(/^spec\.ingress\[0\]\.ports\[0\]/);
  });

  test('reports a policy without a spec', () => {
    const { issues } = compile({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' } });
    expect(issues.map(i => i.path)).toContain('spec');
  });
});
