import { ParsedCidr } from '../../kube/cidr';
import { DIRECTION_FIELDS, NAMESPACE_NAME_LABEL } from '../../kube/shapes';
import { compareStrings, editDistance } from '../../util/strings';
import { Evaluator } from '../evaluate';
import { LoadedManifests, PolicyDocument } from '../load';
import { lineOf, parseFieldPath } from '../manifests/source';
import { Endpoint, namespaceLabels } from '../model/endpoint';
import { PodPeerMatcher } from '../model/peer-matcher';
import { PolicyRef } from '../model/rule-ref';
import { Labels, SelectorMatcher, selectorMatches } from '../model/selector-matcher';
import { CompiledPolicy, CompiledRule, Policy } from '../model/target';
import { RowEngine } from '../rows';
import { AddressSample, addressSamples } from '../samples';

/*
 * What every lint rule works on: the compiled policies (with where they
 * were written), the inventory of namespaces and workloads, the engine over
 * them, and helpers to build findings. Internal to the analysis module.
 */

/** How serious a finding is, in SARIF's words. */
export type LintSeverity = 'error' | 'warning' | 'note';

/** The severities, most serious first. */
export const LINT_SEVERITIES: ReadonlyArray<LintSeverity> = ['error', 'warning', 'note'];

/** The annotation that turns rules off for one policy: a comma- or space-separated list of rule ids. */
export const IGNORE_ANNOTATION = 'lint.cdk8s-netpol.dev/ignore';

/** Metadata of one lint rule. */
export interface LintRule {
  /** Stable id, e.g. `NP001`. Never reused. */
  readonly id: string;
  /** Stable kebab-case name, e.g. `egress-without-dns`. */
  readonly name: string;
  /** The severity of every finding of the rule. */
  readonly severity: LintSeverity;
  /** One sentence: what the rule reports. */
  readonly summary: string;
  /** Why it matters, in a few sentences. */
  readonly description: string;
  /** How to fix it, in general; each finding has its own `fix` too. */
  readonly help: string;
  /** Whether the rule needs workloads in the manifests; skipped when there are none. */
  readonly needsInventory: boolean;
}

/** One problem found by a lint rule. */
export interface LintFinding {
  /** The rule's id, e.g. `NP001`. */
  readonly ruleId: string;
  /** The rule's name, e.g. `egress-without-dns`. */
  readonly ruleName: string;
  /** The rule's severity. */
  readonly severity: LintSeverity;
  /** What is wrong, naming the values at fault. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /** The policy at fault. */
  readonly policy: PolicyRef;
  /** The field at fault, in the API server's notation, e.g. `spec.ingress[0].from[1]`. */
  readonly path: string;
  /** The file of the policy. */
  readonly file: string;
  /** The 1-based line of the field (or its nearest written parent), when known. */
  readonly line?: number;
  /** The 1-based document index within the file, when known. */
  readonly document?: number;
}

/** A finding as a rule reports it: suppressed when the policy's `lint.cdk8s-netpol.dev/ignore` annotation turns the rule off. */
export interface RuleFinding extends LintFinding {
  readonly suppressed: boolean;
}

/** Options of the lint rules. */
export interface LintSettings {
  /** Pod IP ranges of the cluster. */
  readonly podCidrs: ReadonlyArray<ParsedCidr>;
  /** Service (ClusterIP) ranges of the cluster. */
  readonly serviceCidrs: ReadonlyArray<ParsedCidr>;
}

/** What a pod peer selects among the workloads of the manifests. */
export type PeerSelection =
  /** The peer selects pods of namespaces the manifests say nothing about: it can't be judged. */
  | { readonly kind: 'unknown' }
  /** The peer's namespaceSelector matches no namespace of the manifests. */
  | { readonly kind: 'no-namespace' }
  /** The peer's podSelector matches no workload of the namespaces it selects. */
  | { readonly kind: 'no-pod'; readonly namespaces: string[] }
  /** The workloads the peer selects (not empty). */
  | { readonly kind: 'pods'; readonly workloads: Endpoint[] };

/**
 * The policies and the inventory the rules look at. Build it with
 * `LintContext.create`; it owns the caches of one lint run.
 */
export class LintContext {
  /** Builds the context from loaded manifests and their compiled (valid) policies. */
  public static create(loaded: LoadedManifests, policy: Policy, settings: LintSettings): LintContext {
    return new LintContext(loaded, policy, settings);
  }

  /** Every NetworkPolicy document of the input, duplicates included, in input order. */
  public readonly documents: ReadonlyArray<PolicyDocument>;
  /** The policies in effect, compiled, in input order. */
  public readonly policies: ReadonlyArray<CompiledPolicy>;
  /** Declared namespaces and their labels. */
  public readonly declaredNamespaces: ReadonlyMap<string, Labels>;
  /** Pods and workloads of the manifests (no external IPs). */
  public readonly workloads: ReadonlyArray<Endpoint>;
  /** One address per region outside the cluster that the ipBlocks carve out. */
  public readonly addresses: ReadonlyArray<AddressSample>;
  /** Every namespace the manifests declare or use, sorted. */
  public readonly knownNamespaces: ReadonlyArray<string>;
  /** Whether the manifests hold any Pod or workload; rules that need an inventory are skipped when not. */
  public readonly hasInventory: boolean;
  public readonly settings: LintSettings;
  /** The engine over the workloads, then the sample addresses. */
  public readonly evaluator: Evaluator;
  private readonly byNamespace = new Map<string, Endpoint[]>();
  private readonly selections = new Map<CompiledPolicy, ReadonlyArray<Endpoint>>();
  private rowEngine?: RowEngine;

  private constructor(loaded: LoadedManifests, policy: Policy, settings: LintSettings) {
    this.documents = loaded.documents;
    const order = new Map(loaded.policies.map(d => [d, d.order]));
    this.policies = [...policy.policies].sort((a, b) => (order.get(a.document) ?? 0) - (order.get(b.document) ?? 0));
    this.declaredNamespaces = loaded.namespaces;
    this.workloads = loaded.endpoints.filter(e => !e.external && e.namespace !== undefined);
    for (const w of this.workloads) {
      const list = this.byNamespace.get(w.namespace!) ?? [];
      list.push(w);
      this.byNamespace.set(w.namespace!, list);
    }
    const names = new Set<string>([...loaded.namespaces.keys(), ...this.byNamespace.keys(), ...this.documents.map(p => p.namespace)]);
    this.knownNamespaces = [...names].sort(compareStrings);
    this.hasInventory = this.workloads.length > 0;
    this.settings = settings;
    this.addresses = addressSamples(this.policies);
    const externals: Endpoint[] = this.addresses.map(a => ({
      id: a.ip, kind: 'External', name: a.ip, labels: {}, ports: [], ips: [a.ip], external: true,
    }));
    this.evaluator = new Evaluator(policy, { namespaces: loaded.namespaces, endpoints: [...this.workloads, ...externals] });
  }

  /** The row engine over the workloads and sample addresses, built once per run. */
  public get rows(): RowEngine {
    this.rowEngine ??= new RowEngine(this.evaluator);
    return this.rowEngine;
  }

  /** The workloads of a namespace. */
  public workloadsIn(namespace: string): ReadonlyArray<Endpoint> {
    return this.byNamespace.get(namespace) ?? [];
  }

  /** The labels of a namespace: declared ones plus the name label. */
  public namespaceLabels(namespace: string): Labels {
    return namespaceLabels(this.declaredNamespaces, namespace);
  }

  /** The workloads of the policy's namespace that its podSelector selects (computed once per policy). */
  public selectedWorkloads(policy: CompiledPolicy): ReadonlyArray<Endpoint> {
    let selected = this.selections.get(policy);
    if (!selected) {
      selected = this.workloadsIn(policy.ref.namespace).filter(w => selectorMatches(policy.podSelector, w.labels));
      this.selections.set(policy, selected);
    }
    return selected;
  }

  /** What a pod peer of a policy in `namespace` selects among the workloads of the manifests. */
  public peerSelection(peer: PodPeerMatcher, namespace: string): PeerSelection {
    let namespaces: string[];
    if (peer.namespaceSelector) {
      namespaces = this.knownNamespaces.filter(ns => selectorMatches(peer.namespaceSelector!, this.namespaceLabels(ns)));
      if (namespaces.length === 0) {
        // A selector that names a namespace the manifests do not mention
        // (kube-system, say) may well match in the cluster.
        return namesNamespace(peer.namespaceSelector) ? { kind: 'unknown' } : { kind: 'no-namespace' };
      }
    } else {
      namespaces = [namespace];
    }
    if (namespaces.some(ns => this.workloadsIn(ns).length === 0)) {
      return { kind: 'unknown' };
    }
    const workloads = namespaces.flatMap(ns => this.workloadsIn(ns))
      .filter(w => peer.podSelector === undefined || selectorMatches(peer.podSelector, w.labels));
    return workloads.length > 0 ? { kind: 'pods', workloads } : { kind: 'no-pod', namespaces };
  }

  /** A finding of `rule` on the policy of `document` at `path`. */
  public finding(rule: LintRule, document: PolicyDocument, path: string, message: string, fix: string): RuleFinding {
    return {
      ruleId: rule.id,
      ruleName: rule.name,
      severity: rule.severity,
      message,
      fix,
      policy: { namespace: document.namespace, name: document.name },
      path,
      file: document.source.file,
      line: lineOf(document.source, parseFieldPath(path)),
      document: document.source.document,
      suppressed: ignoredRules(document).has(rule.id),
    };
  }
}

/** The field of a rule's peers: `spec.ingress[0].from`, `spec.egress[2].to`. */
export function peersPath(rule: CompiledRule): string {
  return `${rule.path}.${DIRECTION_FIELDS[rule.ref.direction].peers}`;
}

/** Whether the rule has no `from`/`to` (or an empty one): every peer. */
export function hasAnyPeer(rule: CompiledRule): boolean {
  return rule.peers.length === 1 && rule.peers[0].kind === 'any';
}

/** Rule ids listed in the policy's `lint.cdk8s-netpol.dev/ignore` annotation. */
function ignoredRules(document: PolicyDocument): ReadonlySet<string> {
  const value = document.manifest?.metadata?.annotations?.[IGNORE_ANNOTATION];
  if (typeof value !== 'string') {
    return new Set();
  }
  return new Set(value.split(/[\s,]+/).filter(s => s !== '').map(s => s.toUpperCase()));
}

/** Whether a selector pins namespaces by their `kubernetes.io/metadata.name` label. */
function namesNamespace(selector: SelectorMatcher): boolean {
  return selector.matchLabels.some(([key]) => key === NAMESPACE_NAME_LABEL)
    || selector.requirements.some(r => r.key === NAMESPACE_NAME_LABEL && r.operator === 'In');
}

/**
 * `Did you mean app=web?` when a `matchLabels` value is a typo of one the
 * candidates carry: same key, edit distance at most 2. Empty otherwise.
 */
export function suggestLabels(selector: SelectorMatcher | undefined, candidates: ReadonlyArray<Labels>): string {
  const entries = selector?.matchLabels ?? [];
  if (entries.length === 0) {
    return '';
  }
  let best: { labels: string; distance: number } | undefined;
  for (const labels of candidates) {
    let distance = 0;
    for (const [k, v] of entries) {
      const actual = labels[k];
      distance += actual === undefined ? Infinity : editDistance(v, actual);
    }
    if (distance > 0 && distance <= 2 && (!best || distance < best.distance)) {
      best = { labels: entries.map(([k]) => `${k}=${labels[k]}`).join(','), distance };
    }
  }
  return best ? ` Did you mean ${best.labels}?` : '';
}

/** Names of workloads for messages: `shop/web, shop/api` and, past `max`, `and N more`. */
export function listWorkloads(workloads: ReadonlyArray<Endpoint>, max = 3): string {
  const ids = [...new Set(workloads.map(w => w.id))];
  const shown = ids.slice(0, max).join(', ');
  return ids.length > max ? `${shown} and ${ids.length - max} more` : shown;
}
