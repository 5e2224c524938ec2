import { isNetworkPolicyManifest, validateNetworkPolicy } from '../kube/validation/network-policy';

/**
 * One problem found in a manifest by `PolicyValidator.validate()`.
 */
export interface ValidationIssue {
  /**
   * Where the problem is, in the API server's field-path notation, e.g.
   * `metadata.name`, `spec.ingress[0].ports[1].endPort` or
   * `spec.egress[2].to[0].ipBlock.except[1]`. Map entries use brackets:
   * `metadata.labels[app]`. Empty when the manifest itself is the problem.
   */
  readonly path: string;

  /**
   * What is wrong, phrased as the API server phrases it, with the offending
   * value quoted and, where one is obvious, how to fix it, e.g.
   * `Invalid value: "80": a port name must contain at least one letter (a-z). For a port number, write 80 without quotes.`
   */
  readonly message: string;
}

/**
 * Options for `PolicyValidator.validate()`.
 */
export interface ValidateOptions {
  /**
   * Report a missing `metadata.name` (unless `metadata.generateName` is set).
   *
   * @default true
   */
  readonly requireName?: boolean;

  /**
   * Report a missing `metadata.namespace`. Turn this off for manifests that
   * `kubectl apply -n` will place in a namespace.
   *
   * @default true
   */
  readonly requireNamespace?: boolean;
}

/**
 * Checks `networking.k8s.io/v1` NetworkPolicy manifests with the API
 * server's rules, before they reach a cluster.
 *
 * The checks follow the API server's `ValidateNetworkPolicy`, including
 * object metadata and label selectors, plus the decoding errors that
 * `kubectl apply` reports with its default strict field validation: values
 * of the wrong type and unknown fields.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 *
 * @example
 * const issues = PolicyValidator.validate(chart.toJson()[0]);
 * for (const issue of issues) {
 *   console.error(`${issue.path}: ${issue.message}`);
 * }
 */
export class PolicyValidator {
  /**
   * Returns every problem in `manifest`, a NetworkPolicy as plain parsed
   * JSON or YAML. An empty list means the API server would accept it.
   *
   * Never throws, whatever the shape of `manifest`.
   *
   * @param manifest the parsed manifest
   * @param options what to require of the metadata
   */
  public static validate(manifest: any, options: ValidateOptions = {}): ValidationIssue[] {
    return validateNetworkPolicy(manifest, {
      requireName: options?.requireName ?? true,
      requireNamespace: options?.requireNamespace ?? true,
    });
  }

  /**
   * Whether `manifest` declares itself a NetworkPolicy: `apiVersion:
   * networking.k8s.io/v1` and `kind: NetworkPolicy`. Says nothing about its
   * validity.
   *
   * @param manifest the parsed manifest
   */
  public static isNetworkPolicy(manifest: any): boolean {
    return isNetworkPolicyManifest(manifest);
  }

  private constructor() {
  }
}
