/*
 * The part of cdk8s-cli's validation plugin contract (`cdk8s-cli/plugins`)
 * that the plugin uses, declared structurally so that the package needs no
 * cdk8s-cli at run time: cdk8s-cli loads the plugin and passes its own
 * objects. test/plugin checks that these match cdk8s-cli's types.
 */

/** A resource that breaks a rule, as cdk8s-cli's `ValidationViolatingResource`. */
export interface ViolatingResource {
  /** `metadata.name`: cdk8s-cli looks the construct path up by it. */
  readonly resourceName: string;
  /** Where in the resource the problem is, e.g. `dist/shop.k8s.yaml:14 spec.ingress[0]`. */
  readonly locations: readonly string[];
  /** The manifest file that holds the resource. */
  readonly manifestPath: string;
}

/** One violation of a rule, as cdk8s-cli's `ValidationViolation`. */
export interface Violation {
  /** The rule, e.g. `NP001 egress-without-dns (warning)`. */
  readonly ruleName: string;
  /** What is wrong. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The resources at fault. */
  readonly violatingResources: readonly ViolatingResource[];
}

/** The report a validation fills, as cdk8s-cli's `ValidationReport`. */
export interface ValidationReport {
  /** Adds a violation; only before `submit`. */
  addViolation(violation: Violation): void;
  /** Ends the report; `failure` makes `cdk8s synth` exit non-zero. */
  submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
}

/** What cdk8s-cli passes to `validate()`, as its `ValidationContext`. */
export interface ValidationContext {
  /** The manifest files that `cdk8s synth` wrote. */
  readonly manifests: readonly string[];
  /** Whether `cdk8s synth --stdout` runs: the manifest files are temporary then. */
  readonly stdout?: boolean;
  /** The report to fill and submit. */
  readonly report: ValidationReport;
}
