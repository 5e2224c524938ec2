/**
 * A problem that makes the API server reject a NetworkPolicy. The analyzer
 * does not evaluate policies while any has an issue.
 */
export interface PolicyIssue {
  /** The namespace of the policy (`default` when the manifest sets none). */
  readonly namespace: string;

  /** The name of the policy, as written (may be empty when missing). */
  readonly name: string;

  /**
   * The field at fault, in the API server's notation, e.g.
   * `spec.ingress[0].from[1].ipBlock.cidr`. Empty for the whole manifest.
   */
  readonly path: string;

  /** What is wrong and how to fix it, as `PolicyValidator` reports it. */
  readonly message: string;

  /**
   * The file the policy was read from.
   *
   * @default - the policy was not read from a file
   */
  readonly file?: string;

  /**
   * The 1-based line of the field at fault (or its nearest written parent).
   *
   * @default - unknown, e.g. for manifests passed as objects
   */
  readonly line?: number;

  /**
   * The 1-based index of the document (or array element) that holds the policy.
   *
   * @default - unknown
   */
  readonly document?: number;
}
