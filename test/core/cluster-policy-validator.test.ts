import { ClusterPolicyValidator, CrdChannel } from '../../src';

const DOMAIN_NAMES = {
  apiVersion: 'policy.networking.k8s.io/v1alpha2',
  kind: 'ClusterNetworkPolicy',
  metadata: { name: 'github' },
  spec: {
    tier: 'Admin',
    priority: 10,
    subject: { namespaces: {} },
    egress: [{ name: 'accept-github', action: 'Accept', to: [{ domainNames: ['*.github.com'] }] }],
  },
};

describe('ClusterPolicyValidator |', () => {
  test('checks against the experimental channel by default, and the standard one on request', () => {
    // THEN
    expect(ClusterPolicyValidator.validate(DOMAIN_NAMES)).toEqual([]);
    expect(ClusterPolicyValidator.validate(DOMAIN_NAMES, { channel: CrdChannel.STANDARD }).map(i => i.path))
      .toEqual(['spec.egress[0].to[0].domainNames', 'spec.egress[0].to[0]']);
  });

  test('requires a name unless told otherwise, and never throws', () => {
    // GIVEN
    const unnamed = { ...DOMAIN_NAMES, metadata: {} };

    // THEN
    expect(ClusterPolicyValidator.validate(unnamed)).toEqual([{ path: 'metadata.name', message: 'Required value: name or generateName is required' }]);
    expect(ClusterPolicyValidator.validate(unnamed, { requireName: false })).toEqual([]);
    expect(ClusterPolicyValidator.validate(undefined)).toHaveLength(1);
  });

  test('tells ClusterNetworkPolicies apart by apiVersion and kind', () => {
    // THEN
    expect(ClusterPolicyValidator.isClusterNetworkPolicy(DOMAIN_NAMES)).toBe(true);
    expect(ClusterPolicyValidator.isClusterNetworkPolicy({ ...DOMAIN_NAMES, apiVersion: 'policy.networking.k8s.io/v1alpha1' })).toBe(false);
  });
});
