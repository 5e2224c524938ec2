import { compilePolicies } from '../compile';
import { InvalidPoliciesError } from '../errors';
import { LoadedManifests } from '../load';
import { LINT_SEVERITIES, LintContext, LintFinding, LintRule, LintSeverity, RuleFinding } from './context';
import { checkDuplicateName, DUPLICATE_NAME } from './duplicate-name';
import { checkEgressWithoutDns, EGRESS_WITHOUT_DNS } from './egress-without-dns';
import { checkIngressOpenToWorld, INGRESS_OPEN_TO_WORLD } from './ingress-open-to-world';
import { checkIpBlockInClusterRange, IPBLOCK_IN_CLUSTER_RANGE } from './ipblock-in-cluster-range';
import { checkNamespaceWithoutWorkloads, NAMESPACE_WITHOUT_WORKLOADS } from './namespace-without-workloads';
import { checkPeerMatchesNothing, PEER_MATCHES_NOTHING } from './peer-matches-nothing';
import { checkRedundantPolicy, REDUNDANT_POLICY } from './redundant-policy';
import { checkSelectsNoWorkload, SELECTS_NO_WORKLOAD } from './selects-no-workload';
import { checkSeparateSelectors, SEPARATE_SELECTORS } from './separate-selectors';
import { checkUnknownNamedPort, UNKNOWN_NAMED_PORT } from './unknown-named-port';
import { PolicyError } from '../../core/errors';
import { ParsedCidr, parseCidr } from '../../kube/cidr';
import { compareStrings } from '../../util/strings';
import { Policy } from '../model/target';

/*
 * The lint rules: pure functions over parsed manifests that report
 * mistakes the API server accepts but that hurt in practice. Internal; the
 * CLI's `lint` command is the interface. Rules are documented in
 * docs/lint.md.
 */

export type { LintFinding, LintRule, LintSeverity } from './context';
export { LintContext } from './context';
export { IGNORE_ANNOTATION, LINT_SEVERITIES } from './context';

/** Pod IP ranges assumed when none are given: the default of kubeadm with flannel. */
export const DEFAULT_POD_CIDRS: ReadonlyArray<string> = ['10.244.0.0/16'];

/** Service ranges assumed when none are given: kubeadm's default. */
export const DEFAULT_SERVICE_CIDRS: ReadonlyArray<string> = ['10.96.0.0/12'];

/** The rules and their checks, in id order. */
const CHECKS: ReadonlyArray<readonly [LintRule, (ctx: LintContext) => RuleFinding[]]> = [
  [EGRESS_WITHOUT_DNS, checkEgressWithoutDns],
  [SELECTS_NO_WORKLOAD, checkSelectsNoWorkload],
  [PEER_MATCHES_NOTHING, checkPeerMatchesNothing],
  [SEPARATE_SELECTORS, checkSeparateSelectors],
  [IPBLOCK_IN_CLUSTER_RANGE, checkIpBlockInClusterRange],
  [INGRESS_OPEN_TO_WORLD, checkIngressOpenToWorld],
  [REDUNDANT_POLICY, checkRedundantPolicy],
  [UNKNOWN_NAMED_PORT, checkUnknownNamedPort],
  [DUPLICATE_NAME, checkDuplicateName],
  [NAMESPACE_WITHOUT_WORKLOADS, checkNamespaceWithoutWorkloads],
];

/** Every rule, by id. */
export const LINT_RULES: ReadonlyArray<LintRule> = CHECKS.map(([rule]) => rule);

/** Options of `lintManifests`. */
export interface LintOptions {
  /**
   * The cluster's pod IP ranges (CIDRs), for NP005.
   *
   * @default DEFAULT_POD_CIDRS
   */
  readonly podCidrs?: ReadonlyArray<string>;

  /**
   * The cluster's Service (ClusterIP) ranges (CIDRs), for NP005.
   *
   * @default DEFAULT_SERVICE_CIDRS
   */
  readonly serviceCidrs?: ReadonlyArray<string>;
}

/** A rule that did not run, and why. */
export interface SkippedRule {
  readonly ruleId: string;
  readonly reason: string;
}

/** What `lintManifests` found. */
export interface LintResult {
  /** The findings, by file (in input order), line, then rule id. */
  readonly findings: LintFinding[];
  /** Rules that did not run. */
  readonly skipped: SkippedRule[];
  /** How many findings `lint.cdk8s-netpol.dev/ignore` annotations suppressed. */
  readonly suppressed: number;
  /** How many NetworkPolicies were linted (duplicates included). */
  readonly policyCount: number;
  /** How many Pods and workloads the manifests hold. */
  readonly workloadCount: number;
}

/**
 * Lints loaded manifests: their NetworkPolicies, against the namespaces and
 * workloads they also hold.
 *
 * Throws `InvalidPoliciesError` when the API server would reject a policy
 * (lint looks at valid policies only; the validator says what is wrong),
 * and a `PolicyError` for a bad CIDR in `options`.
 */
export function lintManifests(loaded: LoadedManifests, options: LintOptions = {}): LintResult {
  const { policy, issues } = compilePolicies(loaded.documents);
  if (issues.length > 0) {
    throw new InvalidPoliciesError(issues);
  }
  return runLint(lintContext(loaded, policy, options));
}

/**
 * The context every rule works on, for manifests whose policies compiled
 * without issues; build it once and share it between `runLint` and other
 * checks of the same manifests. Throws a `PolicyError` for a bad CIDR in
 * `options`.
 */
export function lintContext(loaded: LoadedManifests, policy: Policy, options: LintOptions = {}): LintContext {
  return LintContext.create(loaded, policy, {
    podCidrs: parseRanges(options.podCidrs ?? DEFAULT_POD_CIDRS, 'pod'),
    serviceCidrs: parseRanges(options.serviceCidrs ?? DEFAULT_SERVICE_CIDRS, 'Service'),
  });
}

/**
 * Runs the rules over a context from `lintContext`; `skip` lists rule ids
 * not to run (another check reports them).
 */
export function runLint(ctx: LintContext, skip: ReadonlyArray<string> = []): LintResult {
  const skipped: SkippedRule[] = [];
  const found: RuleFinding[] = [];
  for (const [rule, check] of CHECKS) {
    if (skip.includes(rule.id)) {
      continue;
    }
    if (rule.needsInventory && !ctx.hasInventory) {
      skipped.push({ ruleId: rule.id, reason: 'the manifests hold no Pod or workload to check the policies against' });
      continue;
    }
    found.push(...check(ctx));
  }

  const findings: LintFinding[] = found.filter(f => !f.suppressed).map(({ suppressed, ...finding }) => finding);
  const fileRank = new Map<string, number>();
  for (const doc of ctx.documents) {
    if (!fileRank.has(doc.source.file)) {
      fileRank.set(doc.source.file, fileRank.size);
    }
  }
  findings.sort((a, b) => (fileRank.get(a.file)! - fileRank.get(b.file)!)
    || ((a.line ?? 0) - (b.line ?? 0))
    || compareStrings(a.ruleId, b.ruleId)
    || compareStrings(a.path, b.path));
  return {
    findings,
    skipped,
    suppressed: found.length - findings.length,
    policyCount: ctx.documents.length,
    workloadCount: ctx.workloads.length,
  };
}

/** Whether `severity` is at least as serious as `threshold`. */
export function atOrAbove(severity: LintSeverity, threshold: LintSeverity): boolean {
  return LINT_SEVERITIES.indexOf(severity) <= LINT_SEVERITIES.indexOf(threshold);
}

function parseRanges(values: ReadonlyArray<string>, what: string): ParsedCidr[] {
  return values.map(text => {
    const cidr = parseCidr(text);
    if (typeof cidr === 'string') {
      throw new PolicyError('InvalidCidr', `Invalid ${what} CIDR "${text}": ${cidr}. Write it as e.g. "10.244.0.0/16".`);
    }
    return cidr;
  });
}
