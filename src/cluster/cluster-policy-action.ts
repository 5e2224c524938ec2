/**
 * What a ClusterNetworkPolicy rule does with the traffic it matches.
 */
export enum ClusterPolicyAction {
  /** Accepts the traffic: no later ClusterNetworkPolicy or NetworkPolicy rule of this direction is consulted. */
  ACCEPT = 'Accept',
  /** Drops the traffic: no later rule is consulted. */
  DENY = 'Deny',
  /** Skips the rest of this tier: NetworkPolicies (from Admin), then Baseline, decide. */
  PASS = 'Pass',
}
