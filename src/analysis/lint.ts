import { validationIssues } from './compile';
import { InvalidPoliciesError } from './errors';
import {
  LINT_SEVERITIES,
  LintContext,
  LintFinding,
  LintPolicy,
  LintRule,
  LintSeverity,
  PolicyDocument,
} from './lint/context';
import { checkDuplicateName, DUPLICATE_NAME } from './lint/duplicate-name';
import { checkEgressWithoutDns, EGRESS_WITHOUT_DNS } from './lint/egress-without-dns';
import { checkIngressOpenToWorld, INGRESS_OPEN_TO_WORLD } from './lint/ingress-open-to-world';
import { checkIpBlockInClusterRange, IPBLOCK_IN_CLUSTER_RANGE } from './lint/ipblock-in-cluster-range';
import { checkNamespaceWithoutWorkloads, NAMESPACE_WITHOUT_WORKLOADS } from './lint/namespace-without-workloads';
import { checkPeerMatchesNothing, PEER_MATCHES_NOTHING } from './lint/peer-matches-nothing';
import { checkRedundantPolicy, REDUNDANT_POLICY } from './lint/redundant-policy';
import { checkSelectsNoWorkload, SELECTS_NO_WORKLOAD } from './lint/selects-no-workload';
import { checkSeparateSelectors, SEPARATE_SELECTORS } from './lint/separate-selectors';
import { checkUnknownNamedPort, UNKNOWN_NAMED_PORT } from './lint/unknown-named-port';
import { loadManifests, OBJECTS_FILE, SourceLocation, sourceOf } from './load';
import { PolicyIssue } from './model/policy-issue';
import { PolicyError } from '../core/errors';
import { parseCidr, ParsedCidr } from '../kube/cidr';
import { compareStrings } from '../util/strings';

/*
 * The lint rules: pure functions over parsed manifests that report
 * mistakes the API server accepts but that hurt in practice. Internal; the
 * CLI's `lint` command is the interface. Rules are documented in
 * docs/lint.md.
 */

export type { LintFinding, LintRule, LintSeverity, PolicyDocument } from './lint/context';
export { LINT_SEVERITIES } from './lint/context';

/** Pod IP ranges assumed when none are given: the default of kubeadm with flannel. */
export const DEFAULT_POD_CIDRS: ReadonlyArray<string> = ['10.244.0.0/16'];

/** Service ranges assumed when none are given: kubeadm's default. */
export const DEFAULT_SERVICE_CIDRS: ReadonlyArray<string> = ['10.96.0.0/12'];

/** The annotation that turns rules off for one policy: a comma- or space-separated list of rule ids. */
export const IGNORE_ANNOTATION = 'lint.cdk8s-netpol.dev/ignore';

/** The rules and their checks, in id order. */
const CHECKS: ReadonlyArray<readonly [LintRule, (ctx: LintContext) => LintFinding[]]> = [
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
 * The NetworkPolicies among parsed manifests (`loadYaml` output or plain
 * objects), valid or not, in input order. `kind: List` (and any `*List`
 * with `items`) is flattened. A kind spelled with other capitals
 * (`Networkpolicy`) counts too, so that validation can point it out.
 */
export function collectPolicyDocuments(documents: ReadonlyArray<unknown>): PolicyDocument[] {
  const result: PolicyDocument[] = [];
  const perFile = new Map<string, number>();
  const visit = (obj: unknown, source: SourceLocation, prefix: Array<string | number>): void => {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      return;
    }
    const o = obj as { [key: string]: any };
    if (typeof o.kind !== 'string') {
      return;
    }
    if (o.kind.endsWith('List') && Array.isArray(o.items)) {
      o.items.forEach((item: unknown, i: number) => visit(item, source, [...prefix, 'items', i]));
      return;
    }
    if (o.kind.toLowerCase() !== 'networkpolicy') {
      return;
    }
    const index = perFile.get(source.file) ?? 0;
    perFile.set(source.file, index + 1);
    const locate = (path: ReadonlyArray<string | number>) => source.locate?.([...prefix, ...path]);
    result.push({
      manifest: o,
      file: source.file,
      document: source.document,
      line: prefix.length === 0 ? source.line : locate([]) ?? source.line,
      index,
      locate,
    });
  };
  documents.forEach((d, i) => visit(d, sourceOf(d) ?? { file: OBJECTS_FILE, document: i + 1 }, []));
  return result;
}

/** The namespace and name of a policy document, as the engine reads them; null when not set. */
export function policyIdentity(doc: PolicyDocument): { namespace: string | null; name: string | null } {
  const meta = doc.manifest?.metadata;
  const ok = meta !== null && typeof meta === 'object' && !Array.isArray(meta);
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  return {
    namespace: ok ? text(meta.namespace) : null,
    name: ok ? text(meta.name) ?? (text(meta.generateName) !== null ? `${meta.generateName}*` : null) : null,
  };
}

/**
 * What the API server would reject in the policies, as `PolicyValidator`
 * reports it (a missing namespace is fine: the API server fills it in).
 */
export function policyIssues(docs: ReadonlyArray<PolicyDocument>): PolicyIssue[] {
  return docs.flatMap(doc => {
    const { namespace, name } = policyIdentity(doc);
    return validationIssues({
      namespace: namespace ?? 'default',
      name: name ?? '',
      manifest: doc.manifest,
      source: { file: doc.file, document: doc.document, line: doc.line, locate: doc.locate },
    });
  });
}

/**
 * Lints parsed manifests: their NetworkPolicies, against the namespaces and
 * workloads they also hold.
 *
 * Throws `InvalidPoliciesError` when the API server would reject a policy
 * (lint looks at valid policies only; `PolicyValidator` says what is
 * wrong), a `ManifestError` when a workload can't be read, and a
 * `PolicyError` for a bad CIDR in `options`.
 */
export function lintManifests(documents: ReadonlyArray<unknown>, options: LintOptions = {}): LintResult {
  const docs = collectPolicyDocuments(documents);
  const issues = policyIssues(docs);
  if (issues.length > 0) {
    throw new InvalidPoliciesError(issues);
  }
  const inventory = loadManifests([...documents]);
  const policies: LintPolicy[] = docs.map((doc, order) => {
    const { namespace, name } = policyIdentity(doc);
    return {
      ...doc,
      namespace: namespace ?? 'default',
      name: name ?? '',
      spec: doc.manifest.spec,
      order,
      ignored: ignoredRules(doc.manifest),
    };
  });
  const ctx = LintContext.create(policies, inventory.namespaces, inventory.endpoints, {
    podCidrs: parseRanges(options.podCidrs ?? DEFAULT_POD_CIDRS, 'pod'),
    serviceCidrs: parseRanges(options.serviceCidrs ?? DEFAULT_SERVICE_CIDRS, 'Service'),
  });

  const skipped: SkippedRule[] = [];
  const found: LintFinding[] = [];
  for (const [rule, check] of CHECKS) {
    if (rule.needsInventory && !ctx.hasInventory) {
      skipped.push({ ruleId: rule.id, reason: 'the manifests hold no Pod or workload to check the policies against' });
      continue;
    }
    found.push(...check(ctx));
  }

  const findings = found.filter(f => !ctx.policyOf(f)?.ignored.has(f.ruleId));
  const fileRank = new Map<string, number>();
  for (const p of policies) {
    if (!fileRank.has(p.file)) {
      fileRank.set(p.file, fileRank.size);
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
    policyCount: policies.length,
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

function ignoredRules(manifest: any): ReadonlySet<string> {
  const value = manifest?.metadata?.annotations?.[IGNORE_ANNOTATION];
  if (typeof value !== 'string') {
    return new Set();
  }
  return new Set(value.split(/[\s,]+/).filter(s => s !== '').map(s => s.toUpperCase()));
}
