import { PolicyRef, RuleRef } from './rule-ref';
import { Direction } from '../../core/direction';
import { compareStrings } from '../../util/strings';

/*
 * Orderings and keys of policy and rule references, so that results do not
 * depend on the order of the input.
 */

/** Orders policy references by namespace, then name. */
export function comparePolicyRefs(a: PolicyRef, b: PolicyRef): number {
  return compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name);
}

/** Orders rule references by policy, direction (ingress first, as a policy's spec), then rule index. */
export function compareRuleRefs(a: RuleRef, b: RuleRef): number {
  return comparePolicyRefs(a, b) || directionRank(a.direction) - directionRank(b.direction) || a.ruleIndex - b.ruleIndex;
}

function directionRank(direction: Direction): number {
  return direction === Direction.INGRESS ? 0 : 1;
}

/** A stable key for a policy reference. */
export function policyKey(ref: PolicyRef): string {
  return `${ref.namespace}/${ref.name}`;
}
