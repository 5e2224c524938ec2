import { LintContext, RuleFinding, LintRule, listWorkloads, suggestLabels } from './context';
import { formatSelector } from '../model/describe';

/** NP002. */
export const SELECTS_NO_WORKLOAD: LintRule = {
  id: 'NP002',
  name: 'selects-no-workload',
  severity: 'warning',
  summary: 'The policy\'s podSelector selects no workload of its namespace.',
  description: 'A policy applies only to the pods its podSelector selects in its own namespace. One that selects '
    + 'none protects nothing, usually because of a typo in a label or because the labels of the pod template changed.',
  help: 'Make spec.podSelector match the labels of the pod template (spec.template.metadata.labels) of the workload '
    + 'to protect, or delete the policy.',
  needsInventory: true,
};

/**
 * NP002: a policy whose namespace has workloads, none of which its
 * podSelector selects. (A namespace with no workloads at all is NP010.)
 */
export function checkSelectsNoWorkload(ctx: LintContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const policy of ctx.policies) {
    const workloads = ctx.workloadsIn(policy.ref.namespace);
    if (workloads.length === 0 || ctx.selectedWorkloads(policy).length > 0) {
      continue;
    }
    const hint = suggestLabels(policy.podSelector, workloads.map(w => w.labels));
    findings.push(ctx.finding(SELECTS_NO_WORKLOAD, policy.document, 'spec.podSelector',
      `spec.podSelector (${formatSelector(policy.podSelector)}) selects no workload of namespace ${policy.ref.namespace} `
      + `(it has ${listWorkloads(workloads)}), so the policy applies to nothing.${hint}`,
      'Make spec.podSelector match the pod template labels of the workload to protect, or delete the policy.'));
  }
  return findings;
}
