import { ValidationIssue } from './policy-validator';
import { isClusterNetworkPolicyManifest, validateClusterNetworkPolicy } from '../kube/validation/cluster-network-policy';

/**
 * A channel of the ClusterNetworkPolicy CRD, as installed in a cluster.
 */
export enum CrdChannel {
  /** The standard channel: namespaces, pods and networks peers. */
  STANDARD = 'standard',
  /** The experimental channel, a superset: also nodes and domainNames peers, and one more CEL rule. */
  EXPERIMENTAL = 'experimental',
}

/**
 * Options for `ClusterPolicyValidator.validate()`.
 */
export interface ClusterValidateOptions {
  /**
   * The CRD channel to check against. With `STANDARD`, nodes and
   * domainNames peers are unknown fields.
   *
   * @default CrdChannel.EXPERIMENTAL
   */
  readonly channel?: CrdChannel;

  /**
   * Report a missing `metadata.name` (unless `metadata.generateName` is set).
   *
   * @default true
   */
  readonly requireName?: boolean;
}

/**
 * Checks `policy.networking.k8s.io/v1alpha2` ClusterNetworkPolicy manifests
 * with the rules of the CRD, before they reach a cluster.
 *
 * The checks are the CRD's OpenAPI schema (types, enums, bounds, list and
 * property counts, the domain name pattern) and its CEL rules (CIDRs, port
 * ranges, and in the experimental channel named ports beside networks,
 * nodes or domainNames peers), object metadata, and the unknown fields that
 * `kubectl apply` refuses. Field paths and messages are the API server's.
 *
 * @see https://network-policy-api.sigs.k8s.io/reference/spec/
 *
 * @example
 * const issues = ClusterPolicyValidator.validate(manifest, { channel: CrdChannel.STANDARD });
 */
export class ClusterPolicyValidator {
  /**
   * Returns every problem in `manifest`, a ClusterNetworkPolicy as plain
   * parsed JSON or YAML. An empty list means the API server would accept it.
   *
   * Never throws, whatever the shape of `manifest`.
   *
   * @param manifest the parsed manifest
   * @param options the CRD channel, and what to require of the metadata
   */
  public static validate(manifest: any, options: ClusterValidateOptions = {}): ValidationIssue[] {
    return validateClusterNetworkPolicy(manifest, {
      channel: options?.channel ?? CrdChannel.EXPERIMENTAL,
      requireName: options?.requireName ?? true,
    });
  }

  /**
   * Whether `manifest` declares itself a ClusterNetworkPolicy: `apiVersion:
   * policy.networking.k8s.io/v1alpha2` and `kind: ClusterNetworkPolicy`.
   * Says nothing about its validity.
   *
   * @param manifest the parsed manifest
   */
  public static isClusterNetworkPolicy(manifest: any): boolean {
    return isClusterNetworkPolicyManifest(manifest);
  }

  private constructor() {
  }
}
