import { LintContext, RuleFinding, LintRule } from './context';
import { closest } from '../../util/strings';

/** NP010. */
export const NAMESPACE_WITHOUT_WORKLOADS: LintRule = {
  id: 'NP010',
  name: 'namespace-without-workloads',
  severity: 'warning',
  summary: 'The policy is in a namespace where the manifests have no Pod or workload.',
  description: 'A policy applies only to pods of its own namespace. When the manifests put no workload there, '
    + 'the namespace is often misspelled, or metadata.namespace was left out and the policy lands in the namespace '
    + 'of whoever applies it.',
  help: 'Set metadata.namespace to the namespace of the workloads to protect, or lint the policy together with '
    + 'the manifests of that namespace\'s workloads.',
  needsInventory: true,
};

/** NP010: a policy in a namespace with no workloads in the manifests. */
export function checkNamespaceWithoutWorkloads(ctx: LintContext): RuleFinding[] {
  const populated = ctx.knownNamespaces.filter(ns => ctx.workloadsIn(ns).length > 0);
  const findings: RuleFinding[] = [];
  for (const { document: doc } of ctx.policies) {
    if (ctx.workloadsIn(doc.namespace).length > 0) {
      continue;
    }
    const guess = closest(doc.namespace, populated);
    const declared = ctx.declaredNamespaces.has(doc.namespace) ? '' : ' (nor a Namespace object)';
    findings.push(ctx.finding(NAMESPACE_WITHOUT_WORKLOADS, doc, doc.namespaceWritten ? 'metadata.namespace' : 'metadata',
      doc.namespaceWritten
        ? `Namespace ${doc.namespace} has no Pod or workload in the manifests${declared}, so this policy selects nothing there.`
          + (guess ? ` Did you mean ${guess}?` : '')
        : 'The policy has no metadata.namespace, so it lands in the namespace it is applied to '
          + `(read as ${doc.namespace}, which has no Pod or workload in the manifests).`,
      doc.namespaceWritten
        ? 'Set metadata.namespace to the namespace of the workloads to protect, or lint the policy with their manifests.'
        : `Set metadata.namespace, e.g. to ${populated[0] ?? 'the namespace of the workloads to protect'}.`));
  }
  return findings;
}
