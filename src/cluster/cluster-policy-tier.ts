/**
 * The tier of a ClusterNetworkPolicy: evaluated before or after every NetworkPolicy.
 *
 * @see https://network-policy-api.sigs.k8s.io/api-overview/
 */
export enum ClusterPolicyTier {
  /** Evaluated before every NetworkPolicy: namespace owners cannot override it. */
  ADMIN = 'Admin',
  /** Evaluated after NetworkPolicies, for pods no NetworkPolicy isolates: a default that namespace owners can override. */
  BASELINE = 'Baseline',
}
