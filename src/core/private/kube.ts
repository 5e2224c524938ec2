/**
 * Plain JSON shapes of networking.k8s.io/v1 NetworkPolicy, as they appear in
 * a manifest. Internal: the public API speaks in value objects.
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

/** Compares strings by UTF-16 code units, independent of locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The Levenshtein distance between two strings: edits to turn one into the other, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * A stable key for a JSON value: object keys sorted, so that two equal values
 * give the same key whatever order their keys were written in.
 */
export function canonicalKey(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalKey).join(',')}]`;
  }
  const obj = value as { [key: string]: unknown };
  const keys = Object.keys(obj).filter(k => obj[k] !== undefined).sort(compareStrings);
  return `{${keys.map(k => `${JSON.stringify(k)}:${canonicalKey(obj[k])}`).join(',')}}`;
}

/** Sorts by canonical key and drops duplicates. */
export function sortUnique<T>(items: T[]): T[] {
  if (items.length < 2) {
    return [...items]; // nothing to sort or merge: skip the canonical keys
  }
  const byKey = new Map<string, T>();
  for (const item of items) {
    byKey.set(canonicalKey(item), item);
  }
  return [...byKey.keys()].sort(compareStrings).map(k => byKey.get(k)!);
}
