import { Direction } from '../../core/direction';

/**
 * A NetworkPolicy, by namespace and name.
 */
export interface PolicyRef {
  /** The namespace of the policy. */
  readonly namespace: string;

  /** The name of the policy. */
  readonly name: string;
}

/**
 * One rule of a NetworkPolicy: the provenance of every allow decision.
 *
 * @example
 * // spec.ingress[2] of shop/allow-web
 * { namespace: 'shop', name: 'allow-web', direction: Direction.INGRESS, ruleIndex: 2 }
 */
export interface RuleRef {
  /** The namespace of the policy. */
  readonly namespace: string;

  /** The name of the policy. */
  readonly name: string;

  /** Whether the rule is in `spec.ingress` or `spec.egress`. */
  readonly direction: Direction;

  /** The index of the rule in `spec.ingress` or `spec.egress`, from 0. */
  readonly ruleIndex: number;
}
