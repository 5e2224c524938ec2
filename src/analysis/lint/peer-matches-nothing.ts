import { LintContext, RuleFinding, LintRule, peersPath, suggestLabels } from './context';
import { splitPeers } from './separate-selectors';
import { formatSelector } from '../model/describe';

/** NP003. */
export const PEER_MATCHES_NOTHING: LintRule = {
  id: 'NP003',
  name: 'peer-matches-nothing',
  severity: 'warning',
  summary: 'A peer\'s namespaceSelector or podSelector matches no namespace or workload of the manifests.',
  description: 'A peer that matches nothing allows nothing, so the traffic the rule was written for is denied. '
    + 'The usual causes are a misspelled label, labels that changed on the workload, or a namespace label that '
    + 'the Namespace object does not carry (every namespace has kubernetes.io/metadata.name).',
  help: 'Make the selector match the labels of the pods (their pod template) or of the Namespace objects. '
    + 'Select a namespace by name with kubernetes.io/metadata.name.',
  needsInventory: true,
};

/**
 * NP003: a pod peer (no ipBlock) whose namespaceSelector matches no
 * namespace of the manifests, or whose podSelector matches no workload of
 * the namespaces it selects. Peers that reach into namespaces without
 * workloads in the manifests, or that name a namespace the manifests don't
 * mention (kube-system, say), are not judged. A podSelector-only peer that
 * NP004 reports is left to NP004.
 */
export function checkPeerMatchesNothing(ctx: LintContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const policy of ctx.policies) {
    const namespace = policy.ref.namespace;
    for (const rule of policy.rules) {
      const split = splitPeers(ctx, policy, rule);
      rule.peers.forEach((peer, i) => {
        if (peer.kind !== 'pods' || split?.podPeer === i) {
          return;
        }
        const path = `${peersPath(rule)}[${i}]`;
        const selection = ctx.peerSelection(peer, namespace);
        if (selection.kind === 'no-namespace') {
          const hint = suggestLabels(peer.namespaceSelector, ctx.knownNamespaces.map(ns => ctx.namespaceLabels(ns)));
          findings.push(ctx.finding(PEER_MATCHES_NOTHING, policy.document, `${path}.namespaceSelector`,
            `namespaceSelector (${formatSelector(peer.namespaceSelector!)}) matches no namespace of the manifests `
            + `(${ctx.knownNamespaces.join(', ')}), so this peer allows nothing.${hint}`,
            'Match the labels of a Namespace object, or select the namespace by name with kubernetes.io/metadata.name.'));
        } else if (selection.kind === 'no-pod') {
          const candidates = selection.namespaces.flatMap(ns => ctx.workloadsIn(ns));
          const hint = suggestLabels(peer.podSelector, candidates.map(w => w.labels));
          const where = peer.namespaceSelector
            ? `the namespaces it selects (${selection.namespaces.join(', ')})`
            : `namespace ${namespace}`;
          findings.push(ctx.finding(PEER_MATCHES_NOTHING, policy.document, `${path}.podSelector`,
            `podSelector (${formatSelector(peer.podSelector!)}) matches no workload of ${where}, so this peer allows nothing.${hint}`,
            peer.namespaceSelector
              ? 'Match the pod template labels of the workloads to admit.'
              : `Match the pod template labels of the workloads to admit. A podSelector alone selects pods of ${namespace} only; `
                + 'for pods of other namespaces, add a namespaceSelector to the same peer.'));
        }
      });
    }
  }
  return findings;
}
