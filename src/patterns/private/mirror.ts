import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { policiesUnder, SynthPass } from '../../checks/synth-pass';
import { KubeLabelSelector, KubeLabelSelectorRequirement } from '../../kube/shapes';

/*
 * The default of `AllowFromApp.mirrorEgress`: mirror the allow on the
 * source's egress side only where the app already isolates the source's
 * egress, so that the mirrored policy never isolates anything new.
 *
 * The construct makes its egress policy at once; the app decides at the
 * start of the first synthesis, when every policy of the app is known
 * whatever the order of construction, and drops the egress policies it
 * does not need from the tree.
 */

/** An egress policy that the app keeps only where the source's egress is already isolated. */
interface Candidate {
  /** The construct that holds the egress policy. */
  readonly owner: Construct;
  /** The id of the child of `owner` that makes the egress policy. */
  readonly childId: string;
  /** The egress policy. */
  readonly policy: ApiObject;
  /** Whether the app has decided: the policy is then kept or dropped for good. */
  decided: boolean;
}

const MIRRORS = Symbol.for('cdk8s-netpol.AutoMirrors');

/** Registers an egress policy to keep only where the app already isolates its pods' egress. */
export function addAutoMirror(owner: Construct, childId: string, policy: ApiObject): void {
  const root = owner.node.root as unknown as { [MIRRORS]?: Candidate[] };
  if (!root[MIRRORS]) {
    const candidates: Candidate[] = [];
    Object.defineProperty(root, MIRRORS, { value: candidates });
    SynthPass.of(owner).addResolver(() => resolve(owner.node.root, candidates));
  }
  root[MIRRORS]!.push({ owner, childId, policy, decided: false });
}

/**
 * Decides each undecided candidate against the other NetworkPolicies of
 * the app (candidates excluded, so none justifies another).
 */
function resolve(root: IConstruct, candidates: Candidate[]): void {
  const pending = candidates.filter(c => !c.decided);
  if (pending.length === 0) {
    return;
  }
  const excluded = new Set<IConstruct>(candidates.map(c => c.policy));
  const isolating: { namespace: string; podSelector: KubeLabelSelector }[] = [];
  for (const obj of policiesUnder(root)) {
    if (excluded.has(obj)) {
      continue;
    }
    let manifest: any;
    try {
      manifest = obj.toJson();
    } catch {
      continue; // the object's own check reports it
    }
    if (isolatesEgress(manifest)) {
      isolating.push({ namespace: manifest.metadata?.namespace ?? 'default', podSelector: manifest.spec?.podSelector ?? {} });
    }
  }
  for (const candidate of pending) {
    candidate.decided = true;
    const manifest = candidate.policy.toJson();
    const namespace = manifest.metadata?.namespace ?? 'default';
    const source: KubeLabelSelector = manifest.spec?.podSelector ?? {};
    if (!isolating.some(p => p.namespace === namespace && selectorImplies(source, p.podSelector))) {
      candidate.owner.node.tryRemoveChild(candidate.childId);
    }
  }
}

/** Whether a NetworkPolicy manifest isolates the pods it selects for egress. */
function isolatesEgress(manifest: any): boolean {
  const types = manifest?.spec?.policyTypes;
  return Array.isArray(types) && types.length > 0 ? types.includes('Egress') : manifest?.spec?.egress !== undefined;
}

/**
 * Whether every pod that `a` selects is also selected by `b`, judged
 * requirement by requirement: each requirement of `b` must follow from one
 * requirement of `a` on the same key. Sound, not complete: false may
 * still mean "it does" for selectors that only imply `b` together.
 */
export function selectorImplies(a: KubeLabelSelector, b: KubeLabelSelector): boolean {
  const given = requirements(a);
  return requirements(b).every(req => given.some(g => g.key === req.key && implies(g, req)));
}

function requirements(selector: KubeLabelSelector): KubeLabelSelectorRequirement[] {
  return [
    ...Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({ key, operator: 'In', values: [value] })),
    ...selector.matchExpressions ?? [],
  ];
}

/** Whether requirement `g` on a key implies requirement `r` on the same key. */
function implies(g: KubeLabelSelectorRequirement, r: KubeLabelSelectorRequirement): boolean {
  const gv = g.values ?? [];
  const rv = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return g.operator === 'In' && gv.length > 0 && gv.every(v => rv.includes(v));
    case 'NotIn':
      return (g.operator === 'In' && gv.every(v => !rv.includes(v)))
        || (g.operator === 'NotIn' && rv.every(v => gv.includes(v)))
        || g.operator === 'DoesNotExist';
    case 'Exists':
      return (g.operator === 'In' && gv.length > 0) || g.operator === 'Exists';
    case 'DoesNotExist':
      return g.operator === 'DoesNotExist';
    default:
      return false;
  }
}
