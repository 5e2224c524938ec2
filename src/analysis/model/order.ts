import { PolicyRef, RuleRef } from './rule-ref';

/*
 * Orderings and keys of policy and rule references, so that results do not
 * depend on the order of the input.
 */

/** Orders policy references by namespace, then name. */
export function comparePolicyRefs(a: PolicyRef, b: PolicyRef): number {
  return compare(a.namespace, b.namespace) || compare(a.name, b.name);
}

/** Orders rule references by policy, direction, then rule index. */
export function compareRuleRefs(a: RuleRef, b: RuleRef): number {
  return comparePolicyRefs(a, b) || compare(a.direction, b.direction) || a.ruleIndex - b.ruleIndex;
}

/** A stable key for a policy reference. */
export function policyKey(ref: PolicyRef): string {
  return `${ref.namespace}/${ref.name}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
