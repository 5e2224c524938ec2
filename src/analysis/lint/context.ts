import { ParsedCidr } from '../../kube/cidr';
import { KubeLabelSelector, KubeNetworkPolicyPeer, KubeNetworkPolicyPort, KubeNetworkPolicySpec, NAMESPACE_NAME_LABEL } from '../../kube/shapes';
import { compareStrings, editDistance } from '../../util/strings';
import { parseFieldPath } from '../load';
import { Endpoint, namespaceLabels } from '../model/endpoint';
import { policyKey } from '../model/order';
import { PolicyRef } from '../model/rule-ref';
import { compileSelector, Labels, SelectorMatcher, selectorMatches } from '../model/selector-matcher';

/*
 * What every lint rule works on: the policies (with their locations), the
 * inventory of namespaces and workloads, and helpers to match selectors and
 * to build findings. Internal to the analysis module.
 */

/** How serious a finding is, in SARIF's words. */
export type LintSeverity = 'error' | 'warning' | 'note';

/** The severities, most serious first. */
export const LINT_SEVERITIES: ReadonlyArray<LintSeverity> = ['error', 'warning', 'note'];

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

/** A NetworkPolicy document found in the manifests, valid or not, with where it was written. */
export interface PolicyDocument {
  /** The manifest as parsed. */
  readonly manifest: any;
  /** The file it came from (`<manifests>` for objects passed in memory). */
  readonly file: string;
  /** The 1-based document index within the file, when known. */
  readonly document?: number;
  /** The 1-based line where the policy starts, when known. */
  readonly line?: number;
  /** The position of the policy among the NetworkPolicies of its file, from 0. */
  readonly index: number;
  /** The 1-based line of a field of the policy (or its nearest written parent), when known. */
  readonly locate: (path: ReadonlyArray<string | number>) => number | undefined;
}

/** A valid NetworkPolicy, ready for the lint rules. */
export interface LintPolicy extends PolicyDocument {
  /** `metadata.namespace`, or `default` when it is not set (as the other commands read it). */
  readonly namespace: string;
  /** `metadata.name`. */
  readonly name: string;
  /** `spec`, as the validator accepted it. */
  readonly spec: KubeNetworkPolicySpec;
  /** The position of the policy among all the policies of the input, from 0. */
  readonly order: number;
  /** Rule ids listed in the `lint.cdk8s-netpol.dev/ignore` annotation. */
  readonly ignored: ReadonlySet<string>;
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

/** Options of the lint rules. */
export interface LintSettings {
  /** Pod IP ranges of the cluster. */
  readonly podCidrs: ReadonlyArray<ParsedCidr>;
  /** Service (ClusterIP) ranges of the cluster. */
  readonly serviceCidrs: ReadonlyArray<ParsedCidr>;
}

/** What a peer selects among the workloads of the manifests. */
export type PeerSelection =
  /** The peer selects pods of namespaces the manifests say nothing about: it can't be judged. */
  | { readonly kind: 'unknown' }
  /** The peer's namespaceSelector matches no namespace of the manifests. */
  | { readonly kind: 'no-namespace' }
  /** The peer's podSelector matches no workload of the namespaces it selects. */
  | { readonly kind: 'no-pod'; readonly namespaces: string[] }
  /** The workloads the peer selects (not empty). */
  | { readonly kind: 'pods'; readonly workloads: Endpoint[] };

/** The name of the rule list of a direction and of the peers in its rules. */
export interface RuleField {
  readonly rules: 'ingress' | 'egress';
  readonly peers: 'from' | 'to';
}

/** `spec.ingress[].from` and `spec.egress[].to`. */
export const RULE_FIELDS: ReadonlyArray<RuleField> = [
  { rules: 'ingress', peers: 'from' },
  { rules: 'egress', peers: 'to' },
];

/** One rule of a policy, with its path. */
export interface RuleEntry {
  readonly field: RuleField;
  readonly index: number;
  /** e.g. `spec.ingress[0]`. */
  readonly path: string;
  readonly peers: ReadonlyArray<KubeNetworkPolicyPeer>;
  readonly ports: ReadonlyArray<KubeNetworkPolicyPort>;
  /** Whether the rule has no `from`/`to` (or an empty one): every peer. */
  readonly anyPeer: boolean;
}

/**
 * The policies and the inventory the rules look at. Build it with
 * `LintContext.create`.
 */
export class LintContext {
  /** Builds the context; `policies` are every policy of the input, in input order. */
  public static create(
    policies: ReadonlyArray<LintPolicy>,
    namespaces: ReadonlyMap<string, Labels>,
    endpoints: ReadonlyArray<Endpoint>,
    settings: LintSettings): LintContext {
    return new LintContext(policies, namespaces, endpoints, settings);
  }

  /** Every policy of the input, duplicates included, in input order. */
  public readonly allPolicies: ReadonlyArray<LintPolicy>;
  /** The effective policies: of two with the same namespace and name, the later one, as `kubectl apply` leaves it. */
  public readonly policies: ReadonlyArray<LintPolicy>;
  /** Declared namespaces and their labels. */
  public readonly declaredNamespaces: ReadonlyMap<string, Labels>;
  /** Pods and workloads of the manifests (no external IPs). */
  public readonly workloads: ReadonlyArray<Endpoint>;
  /** Every namespace the manifests declare or use, sorted. */
  public readonly knownNamespaces: ReadonlyArray<string>;
  /** Whether the manifests hold any Pod or workload; rules that need an inventory are skipped when not. */
  public readonly hasInventory: boolean;
  public readonly settings: LintSettings;
  private readonly byNamespace = new Map<string, Endpoint[]>();
  private readonly origins = new WeakMap<LintFinding, LintPolicy>();
  private readonly selections = new Map<LintPolicy, ReadonlyArray<Endpoint>>();

  private constructor(
    policies: ReadonlyArray<LintPolicy>,
    namespaces: ReadonlyMap<string, Labels>,
    endpoints: ReadonlyArray<Endpoint>,
    settings: LintSettings) {
    this.allPolicies = policies;
    const effective = new Map<string, LintPolicy>();
    for (const p of policies) {
      effective.set(policyKey(p), p); // a later duplicate replaces an earlier one, as on apply
    }
    this.policies = [...effective.values()].sort((a, b) => a.order - b.order);
    this.declaredNamespaces = namespaces;
    this.workloads = endpoints.filter(e => !e.external && e.namespace !== undefined);
    for (const w of this.workloads) {
      const list = this.byNamespace.get(w.namespace!) ?? [];
      list.push(w);
      this.byNamespace.set(w.namespace!, list);
    }
    const names = new Set<string>([...namespaces.keys(), ...this.byNamespace.keys(), ...policies.map(p => p.namespace)]);
    this.knownNamespaces = [...names].sort(compareStrings);
    this.hasInventory = this.workloads.length > 0;
    this.settings = settings;
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
  public selectedWorkloads(policy: LintPolicy): ReadonlyArray<Endpoint> {
    let selected = this.selections.get(policy);
    if (!selected) {
      const selector = compileSelector(policy.spec.podSelector);
      selected = this.workloadsIn(policy.namespace).filter(w => selectorMatches(selector, w.labels));
      this.selections.set(policy, selected);
    }
    return selected;
  }

  /**
   * What a pod peer (podSelector and/or namespaceSelector, no ipBlock) of a
   * policy in `namespace` selects among the workloads of the manifests.
   */
  public peerSelection(peer: KubeNetworkPolicyPeer, namespace: string): PeerSelection {
    const podSelector = peer.podSelector ? compileSelector(peer.podSelector) : undefined;
    let namespaces: string[];
    if (peer.namespaceSelector) {
      const nsSelector = compileSelector(peer.namespaceSelector);
      namespaces = this.knownNamespaces.filter(ns => selectorMatches(nsSelector, this.namespaceLabels(ns)));
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
      .filter(w => podSelector === undefined || selectorMatches(podSelector, w.labels));
    return workloads.length > 0 ? { kind: 'pods', workloads } : { kind: 'no-pod', namespaces };
  }

  /** The policy a finding of `finding()` is about. */
  public policyOf(finding: LintFinding): LintPolicy | undefined {
    return this.origins.get(finding);
  }

  /** A finding of `rule` on `policy` at `path`. */
  public finding(rule: LintRule, policy: LintPolicy, path: string, message: string, fix: string): LintFinding {
    const finding: LintFinding = {
      ruleId: rule.id,
      ruleName: rule.name,
      severity: rule.severity,
      message,
      fix,
      policy: { namespace: policy.namespace, name: policy.name },
      path,
      file: policy.file,
      line: policy.locate(parseFieldPath(path)) ?? policy.line,
      document: policy.document,
    };
    this.origins.set(finding, policy);
    return finding;
  }
}

/** The rules of a policy, ingress then egress, whether or not `policyTypes` includes their direction. */
export function rulesOf(policy: LintPolicy): RuleEntry[] {
  const entries: RuleEntry[] = [];
  for (const field of RULE_FIELDS) {
    const rules = policy.spec[field.rules];
    if (!Array.isArray(rules)) {
      continue;
    }
    rules.forEach((rule, index) => {
      const peers = ((rule as { [key: string]: unknown })[field.peers] ?? []) as KubeNetworkPolicyPeer[];
      entries.push({
        field,
        index,
        path: `spec.${field.rules}[${index}]`,
        peers: Array.isArray(peers) ? peers : [],
        ports: Array.isArray(rule.ports) ? rule.ports : [],
        anyPeer: !Array.isArray(peers) || peers.length === 0,
      });
    });
  }
  return entries;
}

/** Whether a selector pins namespaces by their `kubernetes.io/metadata.name` label. */
function namesNamespace(selector: KubeLabelSelector): boolean {
  return Object.prototype.hasOwnProperty.call(selector.matchLabels ?? {}, NAMESPACE_NAME_LABEL)
    || (selector.matchExpressions ?? []).some(e => e.key === NAMESPACE_NAME_LABEL && e.operator === 'In');
}

/**
 * A label selector in kubectl's notation: `app=web,tier in (a,b),!legacy`;
 * `{}` (every pod or namespace) reads `{}`.
 */
export function formatSelector(selector: KubeLabelSelector | SelectorMatcher | undefined): string {
  const matcher = selector && 'key' in selector && typeof selector.key === 'string'
    ? selector as SelectorMatcher
    : compileSelector(selector as KubeLabelSelector | undefined);
  const parts = [
    ...matcher.matchLabels.map(([k, v]) => `${k}=${v}`),
    ...matcher.requirements.map(r => {
      const values = [...r.values].sort(compareStrings).join(',');
      switch (r.operator) {
        case 'In': return `${r.key} in (${values})`;
        case 'NotIn': return `${r.key} notin (${values})`;
        case 'Exists': return r.key;
        default: return `!${r.key}`;
      }
    }),
  ];
  return parts.length === 0 ? '{}' : parts.join(',');
}

/**
 * `Did you mean app=web?` when a `matchLabels` value is a typo of one the
 * candidates carry: same key, edit distance at most 2. Empty otherwise.
 */
export function suggestLabels(selector: KubeLabelSelector | undefined, candidates: ReadonlyArray<Labels>): string {
  const entries = Object.entries(selector?.matchLabels ?? {});
  if (entries.length === 0) {
    return '';
  }
  let best: { labels: string; distance: number } | undefined;
  for (const labels of candidates) {
    let distance = 0;
    for (const [k, v] of entries) {
      const actual = labels[k];
      distance += actual === undefined ? Infinity : editDistance(String(v), actual);
    }
    if (distance > 0 && distance <= 2 && (!best || distance < best.distance)) {
      best = { labels: entries.map(([k]) => `${k}=${labels[k]}`).join(','), distance };
    }
  }
  return best ? ` Did you mean ${best.labels}?` : '';
}

/** The closest of `candidates` to `value` within edit distance 2, if any. */
export function closest(value: string, candidates: ReadonlyArray<string>): string | undefined {
  let best: { value: string; distance: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(value, c);
    if (d > 0 && d <= 2 && (!best || d < best.distance)) {
      best = { value: c, distance: d };
    }
  }
  return best?.value;
}

/** Names of workloads for messages: `shop/web, shop/api` and, past `max`, `and N more`. */
export function listWorkloads(workloads: ReadonlyArray<Endpoint>, max = 3): string {
  const ids = [...new Set(workloads.map(w => w.id))];
  const shown = ids.slice(0, max).join(', ');
  return ids.length > max ? `${shown} and ${ids.length - max} more` : shown;
}
