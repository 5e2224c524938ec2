import { LintContext, RuleFinding, LintRule, peersPath } from './context';
import { formatSelector } from '../model/describe';
import { PodPeerMatcher } from '../model/peer-matcher';
import { selectorMatches } from '../model/selector-matcher';
import { CompiledPolicy, CompiledRule } from '../model/target';

/** NP004. */
export const SEPARATE_SELECTORS: LintRule = {
  id: 'NP004',
  name: 'separate-namespace-and-pod-selectors',
  severity: 'warning',
  summary: 'A rule lists a namespaceSelector and a podSelector as two peers where one peer with both was likely meant.',
  description: 'Peers of a rule are ORed, and the selectors within one peer are ANDed. `- namespaceSelector: X` and '
    + '`- podSelector: Y` as two list items admit every pod of the namespaces matching X, plus the pods matching Y in '
    + 'the policy\'s own namespace. One stray dash turns "pods Y in namespaces X" into something much wider.',
  help: 'To admit the pods matching Y in the namespaces matching X, write one peer with both selectors '
    + '(no dash before podSelector). If the OR is intended, suppress the finding with the '
    + '`lint.cdk8s-netpol.dev/ignore: NP004` annotation.',
  needsInventory: false,
};

/** Where a rule splits a namespaceSelector and a podSelector into two peers. */
export interface SplitPeers {
  /** Index of the namespaceSelector-only peer. */
  readonly namespacePeer: number;
  /** Index of the podSelector-only peer. */
  readonly podPeer: number;
}

/**
 * The namespaceSelector-only and podSelector-only peers of a rule, when the
 * AND form was likely meant: the podSelector-only peer selects no workload
 * of the policy's own namespace (or the manifests hold no workloads to
 * tell). When it does select some, the OR may well be intended.
 */
export function splitPeers(ctx: LintContext, policy: CompiledPolicy, rule: CompiledRule): SplitPeers | undefined {
  const namespacePeer = rule.peers.findIndex(p => p.kind === 'pods' && p.namespaceSelector !== undefined && p.podSelector === undefined);
  if (namespacePeer < 0) {
    return undefined;
  }
  const own = ctx.workloadsIn(policy.ref.namespace);
  const podPeer = rule.peers.findIndex(p => p.kind === 'pods' && p.namespaceSelector === undefined
    && (!ctx.hasInventory || !own.some(w => selectorMatches(p.podSelector!, w.labels))));
  return podPeer < 0 ? undefined : { namespacePeer, podPeer };
}

/** NP004: a rule with a namespaceSelector-only peer and a podSelector-only peer, where the AND form was likely meant. */
export function checkSeparateSelectors(ctx: LintContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const policy of ctx.policies) {
    for (const rule of policy.rules) {
      const split = splitPeers(ctx, policy, rule);
      if (!split) {
        continue;
      }
      const namespaceSelector = (rule.peers[split.namespacePeer] as PodPeerMatcher).namespaceSelector!;
      const podSelector = (rule.peers[split.podPeer] as PodPeerMatcher).podSelector!;
      const path = peersPath(rule);
      const ns = formatSelector(namespaceSelector);
      const pods = formatSelector(podSelector);
      const elsewhere = podsElsewhere(ctx, policy, { kind: 'pods', namespaceSelector, podSelector });
      findings.push(ctx.finding(SEPARATE_SELECTORS, policy.document, `${path}[${split.podPeer}]`,
        `${path} lists namespaceSelector (${ns}) at [${split.namespacePeer}] and podSelector (${pods}) at [${split.podPeer}] `
        + `as two peers, which are ORed: every pod of the namespaces matching ${ns}, plus pods matching ${pods} in ${policy.ref.namespace} only`
        + `${elsewhere ? ` (the ${pods} pods of the manifests are in ${elsewhere})` : ''}.`,
        `To admit only the pods matching ${pods} in namespaces matching ${ns}, make them one peer: `
        + '`- namespaceSelector: {...}` with `podSelector: {...}` below it, without a dash.'));
    }
  }
  return findings;
}

/** The namespaces where the AND of the two peers does select workloads. */
function podsElsewhere(ctx: LintContext, policy: CompiledPolicy, both: PodPeerMatcher): string {
  const selection = ctx.peerSelection(both, policy.ref.namespace);
  if (selection.kind !== 'pods') {
    return '';
  }
  return [...new Set(selection.workloads.map(w => w.namespace!))].join(', ');
}
