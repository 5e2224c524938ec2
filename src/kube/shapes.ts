/*
 * Plain JSON shapes of Kubernetes objects, as they appear in a manifest.
 * Internal: the public API speaks in value objects.
 */

export interface KubeLabelSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: string[];
}

export interface KubeLabelSelector {
  readonly matchLabels?: { [key: string]: string };
  readonly matchExpressions?: KubeLabelSelectorRequirement[];
}

export interface KubeIpBlock {
  readonly cidr: string;
  readonly except?: string[];
}

export interface KubeNetworkPolicyPeer {
  readonly podSelector?: KubeLabelSelector;
  readonly namespaceSelector?: KubeLabelSelector;
  readonly ipBlock?: KubeIpBlock;
}

export interface KubeNetworkPolicyPort {
  readonly protocol?: string;
  readonly port?: number | string;
  readonly endPort?: number;
}

export interface KubeIngressRule {
  readonly from?: KubeNetworkPolicyPeer[];
  readonly ports?: KubeNetworkPolicyPort[];
}

export interface KubeEgressRule {
  readonly to?: KubeNetworkPolicyPeer[];
  readonly ports?: KubeNetworkPolicyPort[];
}

export interface KubeNetworkPolicySpec {
  readonly podSelector: KubeLabelSelector;
  readonly policyTypes?: string[];
  readonly ingress?: KubeIngressRule[];
  readonly egress?: KubeEgressRule[];
}

/** The label every namespace carries with its own name (Kubernetes 1.22+). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** A direction, as `policyTypes` spells it. */
export type DirectionName = 'Ingress' | 'Egress';

/** Where a direction's rules and their peers live in a NetworkPolicy spec. */
export interface DirectionFields {
  readonly name: DirectionName;
  /** `ingress` or `egress`: the rule list in `spec`. */
  readonly rules: 'ingress' | 'egress';
  /** `from` or `to`: the peer list in a rule. */
  readonly peers: 'from' | 'to';
  /** What the peers are to the selected pods. */
  readonly side: 'source' | 'destination';
}

/** The fields of each direction: `spec.ingress[].from` and `spec.egress[].to`. */
export const DIRECTION_FIELDS: { readonly [D in DirectionName]: DirectionFields } = {
  Ingress: { name: 'Ingress', rules: 'ingress', peers: 'from', side: 'source' },
  Egress: { name: 'Egress', rules: 'egress', peers: 'to', side: 'destination' },
};
