import { KubeLabelSelector } from './shapes';

/*
 * Plain JSON shapes of policy.networking.k8s.io/v1alpha2
 * ClusterNetworkPolicy, as they appear in a manifest. Internal: the public
 * API speaks in value objects.
 */

/** The API version of ClusterNetworkPolicy. */
export const CLUSTER_NETWORK_POLICY_API_VERSION = 'policy.networking.k8s.io/v1alpha2';

/** The kind of ClusterNetworkPolicy. */
export const CLUSTER_NETWORK_POLICY_KIND = 'ClusterNetworkPolicy';

/** The CRD channel a ClusterNetworkPolicy is checked against: experimental is the superset. */
export type CrdChannelName = 'standard' | 'experimental';

/** Pods in namespaces: both selectors ANDed. */
export interface KubeNamespacedPod {
  readonly namespaceSelector: KubeLabelSelector;
  readonly podSelector: KubeLabelSelector;
}

/** `spec.subject`: exactly one field. */
export interface KubeClusterNetworkPolicySubject {
  readonly namespaces?: KubeLabelSelector;
  readonly pods?: KubeNamespacedPod;
}

/** A peer of either direction: exactly one field; networks, nodes and domainNames are egress-only. */
export interface KubeClusterNetworkPolicyPeer {
  readonly namespaces?: KubeLabelSelector;
  readonly pods?: KubeNamespacedPod;
  readonly networks?: string[];
  readonly nodes?: KubeLabelSelector;
  readonly domainNames?: string[];
}

/** `destinationPort`: exactly one of number or range. */
export interface KubeClusterNetworkPolicyPort {
  readonly number?: number;
  readonly range?: { readonly start: number; readonly end: number };
}

/** One item of `protocols`: exactly one field. */
export interface KubeClusterNetworkPolicyProtocol {
  readonly tcp?: { readonly destinationPort: KubeClusterNetworkPolicyPort };
  readonly udp?: { readonly destinationPort: KubeClusterNetworkPolicyPort };
  readonly sctp?: { readonly destinationPort: KubeClusterNetworkPolicyPort };
  readonly destinationNamedPort?: string;
}

/** An ingress rule. */
export interface KubeClusterNetworkPolicyIngressRule {
  readonly name?: string;
  readonly action: string;
  readonly from: KubeClusterNetworkPolicyPeer[];
  readonly protocols?: KubeClusterNetworkPolicyProtocol[];
}

/** An egress rule. */
export interface KubeClusterNetworkPolicyEgressRule {
  readonly name?: string;
  readonly action: string;
  readonly to: KubeClusterNetworkPolicyPeer[];
  readonly protocols?: KubeClusterNetworkPolicyProtocol[];
}

/** `spec` of a ClusterNetworkPolicy. */
export interface KubeClusterNetworkPolicySpec {
  readonly tier: string;
  readonly priority: number;
  readonly subject: KubeClusterNetworkPolicySubject;
  readonly ingress?: KubeClusterNetworkPolicyIngressRule[];
  readonly egress?: KubeClusterNetworkPolicyEgressRule[];
}
