import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkDns } from './dns-check';
import { compilePolicies } from '../analysis/compile';
import { atOrAbove, LintContext, lintContext, LintFinding, LintSeverity, runLint } from '../analysis/lint';
import { checkUnknownNamedPort, UNKNOWN_NAMED_PORT } from '../analysis/lint/unknown-named-port';
import { loadManifests } from '../analysis/load';
import { Conventions } from '../core/conventions';
import { PolicyValidator } from '../core/policy-validator';

/*
 * The synth-time checks of an app, run once per validation pass. Internal:
 * `PolicyChecks` is the public switch, and `NetworkPolicy` turns the checks
 * on for its chart.
 *
 * cdk8s validates every construct of the app, parents before children, at
 * each `app.synth()` and `chart.toJson()`. The app itself comes first, so
 * its validation starts the pass: it runs the resolvers (decisions that
 * must see the whole app, such as whether `AllowFromApp` mirrors egress),
 * then installs the checks on the charts they cover. The analysis of the
 * app's manifests is computed at most once per pass, when a check first
 * asks for it, and each message is reported at the path of the object it
 * is about.
 */

/** Settings of the checks, as `PolicyChecks.enable()` sets them. */
export interface CheckSettings {
  /** Check every chart of the app, not only those that hold a library NetworkPolicy. */
  readonly allCharts: boolean;
  /** Fail when an egress-isolated workload cannot reach the cluster DNS. */
  readonly dns: boolean;
  /** Fail on a named port that no selected pod of the app declares. */
  readonly namedPorts: boolean;
  /** Fail on lint findings at or above this severity; none when undefined. */
  readonly lint?: LintSeverity;
}

/** Kinds of the objects that hold pods, as the engine reads them. */
const WORKLOAD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'];

const DEFAULT_SETTINGS: CheckSettings = { allCharts: false, dns: true, namedPorts: true };

/** The brand of an object that validates itself, so the chart guard skips its manifest check. */
const SELF_VALIDATING = Symbol.for('cdk8s-netpol.SelfValidating');

/** The brand of a NetworkPolicy the checks have given their validations. */
const CHECKED = Symbol.for('cdk8s-netpol.Checked');

/** The brand of a chart whose objects the checks cover. */
const GUARDED = Symbol.for('cdk8s-netpol.Guarded');

/** Where an app keeps its pass: a property of the app's root construct. */
const PASS = Symbol.for('cdk8s-netpol.SynthPass');

/** Marks an object that validates its own manifest, so the chart guard does not check it again. */
export function markSelfValidating(obj: IConstruct): void {
  Object.defineProperty(obj, SELF_VALIDATING, { value: true });
}

/** Turns the checks on for `chart` (and starts the app's passes). */
export function ensureChartGuard(chart: Chart): void {
  SynthPass.of(chart).guard(chart);
}

/** What one pass found, by the construct path of the object each message is about. */
type Findings = Map<string, string[]>;

/**
 * The checks of one app. One per app, kept on the root construct, whose
 * validation starts each pass.
 */
export class SynthPass {
  /** The pass of the app `scope` belongs to, created on first use. */
  public static of(scope: IConstruct): SynthPass {
    const root = scope.node.root as unknown as { [PASS]?: SynthPass };
    if (!root[PASS]) {
      Object.defineProperty(root, PASS, { value: new SynthPass(scope.node.root) });
    }
    return root[PASS]!;
  }

  private settings: CheckSettings = DEFAULT_SETTINGS;
  private readonly resolvers: Array<() => void> = [];
  private findings?: Findings;
  /** The app's NetworkPolicies and the paths of each namespace/name, found once per pass. */
  private policies?: { readonly all: ApiObject[]; readonly pathsByName: Map<string, string[]> };
  /** The manifests and settings the last findings were computed from, to reuse them while nothing changed. */
  private analyzed?: { readonly key: string; readonly findings: Findings };

  private constructor(private readonly root: IConstruct) {
    root.node.addValidation({ validate: () => this.begin() });
  }

  /** Changes the settings; those not given keep their value. */
  public configure(settings: Partial<CheckSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  /**
   * Adds a decision to make at the start of every pass, before any check
   * reads the app's manifests.
   */
  public addResolver(resolve: () => void): void {
    this.resolvers.push(resolve);
  }

  /** Turns the checks on for `chart`. */
  public guard(chart: Chart): void {
    const branded = chart as unknown as { [GUARDED]?: boolean };
    if (!branded[GUARDED]) {
      Object.defineProperty(branded, GUARDED, { value: true });
      chart.node.addValidation({ validate: () => this.checkChart(chart) });
    }
  }

  /** The validation of the root: starts a pass. */
  private begin(): string[] {
    this.findings = undefined;
    this.policies = undefined;
    for (const resolve of this.resolvers) {
      resolve();
    }
    if (this.settings.allCharts) {
      this.root.node.findAll().filter(Chart.isChart).forEach(chart => this.guard(chart));
    }
    return [];
  }

  /**
   * The validation of a guarded chart. cdk8s validates a chart before its
   * objects, so this gives each NetworkPolicy of the chart its checks
   * before cdk8s reaches it: the manifest check for one the library did not
   * make (raw `ApiObject`, cdk8s-plus, JSON patches included), and the
   * app-wide findings about it. It also refuses two NetworkPolicies with
   * the same namespace and name in the app.
   */
  private checkChart(chart: Chart): string[] {
    const { all, pathsByName } = this.policies ??= this.indexPolicies();
    const mine = all.filter(obj => isUnder(obj, chart));
    for (const obj of mine) {
      const branded = obj as unknown as { [CHECKED]?: boolean; [SELF_VALIDATING]?: boolean };
      if (branded[CHECKED]) {
        continue;
      }
      Object.defineProperty(obj, CHECKED, { value: true });
      if (!branded[SELF_VALIDATING]) {
        obj.node.addValidation({ validate: () => checkForeignPolicy(obj) });
      }
      obj.node.addValidation({ validate: () => this.findingsOf(obj) });
    }

    // Names must be unique per namespace across the whole app.
    const errors: string[] = [];
    const reported = new Set<string>();
    for (const obj of mine) {
      const key = policyName(obj);
      const paths = pathsByName.get(key)!;
      if (paths.length > 1 && !reported.has(key)) {
        reported.add(key);
        errors.push(`NetworkPolicy name "${obj.name}" in namespace "${obj.metadata.namespace}" is used ${paths.length} times `
          + `(${paths.join(', ')}), so all but one would be overwritten on apply. Give each a distinct \`name\`.`);
      }
    }
    return errors;
  }

  /** The app's NetworkPolicies, and the construct paths of the policies of each namespace/name. */
  private indexPolicies(): { readonly all: ApiObject[]; readonly pathsByName: Map<string, string[]> } {
    const all = policiesUnder(this.root);
    const pathsByName = new Map<string, string[]>();
    for (const obj of all) {
      const key = policyName(obj);
      const paths = pathsByName.get(key);
      if (paths) {
        paths.push(obj.node.path);
      } else {
        pathsByName.set(key, [obj.node.path]);
      }
    }
    return { all, pathsByName };
  }

  /** The app-wide findings about one NetworkPolicy object. */
  private findingsOf(obj: ApiObject): string[] {
    this.findings ??= this.analyze();
    return this.findings.get(obj.node.path) ?? [];
  }

  /**
   * Analyzes the app's manifests once: DNS, named ports and lint, as the
   * settings ask. Nothing is reported when a manifest cannot be rendered
   * or read, or a policy is invalid: the objects' own checks say why.
   */
  private analyze(): Findings {
    const findings: Findings = new Map();
    const { dns, namedPorts, lint } = this.settings;
    if (!dns && !namedPorts && lint === undefined) {
      return findings;
    }
    const objects = this.root.node.findAll().filter(ApiObject.isApiObject);
    if (lint === undefined && !objects.some(o => WORKLOAD_KINDS.includes(o.kind))) {
      return findings; // the DNS and named-port checks judge the app's workloads, and it has none
    }
    const sourced = [];
    for (const obj of objects) {
      try {
        sourced.push({ object: obj.toJson(), source: { file: obj.node.path, document: 1 } });
      } catch {
        return findings;
      }
    }
    // cdk8s validates the whole app again for each chart it writes: the
    // analysis of unchanged manifests is reused.
    const key = JSON.stringify([this.settings, Conventions.of(this.root).dns.toString(), sourced]);
    if (this.analyzed?.key === key) {
      return this.analyzed.findings;
    }
    this.analyzed = { key, findings };
    let ctx: LintContext;
    try {
      const loaded = loadManifests(sourced);
      const compiled = compilePolicies(loaded.documents);
      if (compiled.issues.length > 0) {
        return findings;
      }
      ctx = lintContext(loaded, compiled.policy);
    } catch {
      return findings;
    }
    const add = (path: string, message: string) => findings.set(path, [...findings.get(path) ?? [], message]);
    const report = (finding: LintFinding) => add(finding.file, `${sentence(finding.message)} ${finding.fix}`);

    if (dns) {
      for (const problem of checkDns(ctx, Conventions.of(this.root).dns)) {
        add(problem.file, problem.message);
      }
    }
    if (namedPorts && ctx.hasInventory) {
      checkUnknownNamedPort(ctx).filter(f => !f.suppressed).forEach(report);
    }
    if (lint !== undefined) {
      const skip = [...dns ? ['NP001'] : [], ...namedPorts ? [UNKNOWN_NAMED_PORT.id] : []];
      runLint(ctx, skip).findings.filter(f => atOrAbove(f.severity, lint))
        .forEach(f => add(f.file, `${f.ruleId} ${f.ruleName} (${f.severity}) at ${f.path}: ${sentence(f.message)} ${f.fix}`));
    }
    return findings;
  }
}

/** Text that ends as a sentence does. */
function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

function isNetworkPolicy(obj: ApiObject): boolean {
  return obj.kind === 'NetworkPolicy' && obj.apiVersion === 'networking.k8s.io/v1';
}

function isUnder(obj: IConstruct, scope: IConstruct): boolean {
  for (let s = obj.node.scope; s; s = s.node.scope) {
    if (s === scope) {
      return true;
    }
  }
  return false;
}

/** The NetworkPolicy objects under `scope`, in tree order. */
export function policiesUnder(scope: IConstruct): ApiObject[] {
  return scope.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && isNetworkPolicy(c));
}

/** The problems of a NetworkPolicy the library did not make, as its manifest reads after patches. */
function checkForeignPolicy(obj: ApiObject): string[] {
  let manifest: unknown;
  try {
    manifest = obj.toJson();
  } catch (e) {
    return [(e as Error).message];
  }
  return PolicyValidator.validate(manifest).map(issue =>
    `NetworkPolicy ${obj.metadata.namespace ?? '(no namespace)'}/${obj.name} would be rejected by the API server: ${issue.path}: ${issue.message}`);
}

/** A policy's `<namespace>/<name>`, its identity in the cluster. */
function policyName(obj: ApiObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.name}`;
}
