import { PeerMatcher } from './peer-matcher';
import { PortMatcher } from './port-matcher';
import { Direction, PolicyRef, RuleRef } from './rule-ref';
import { SelectorMatcher } from './selector-matcher';

/**
 * One rule of one policy: traffic is allowed when a peer AND a port match.
 * `peers` and `ports` are never empty: an absent or empty list compiles to a
 * single `any` matcher.
 */
export interface CompiledRule {
  readonly ref: RuleRef;
  readonly peers: ReadonlyArray<PeerMatcher>;
  readonly ports: ReadonlyArray<PortMatcher>;
}

/**
 * The pods of a namespace chosen by one podSelector, in one direction, with
 * the rules of every policy that shares that namespace and podSelector and
 * includes the direction in its effective `policyTypes`.
 */
export interface Target {
  /** Stable identity: namespace, direction and canonical selector. */
  readonly key: string;
  readonly namespace: string;
  readonly direction: Direction;
  readonly podSelector: SelectorMatcher;
  /** The policies merged into this target, sorted. */
  readonly policies: ReadonlyArray<PolicyRef>;
  /** Their rules, sorted by `RuleRef`. May be empty: isolation with no allow. */
  readonly rules: ReadonlyArray<CompiledRule>;
}

/**
 * The compiled set of valid policies.
 */
export interface Policy {
  /** Every target, sorted by key. */
  readonly targets: ReadonlyArray<Target>;
  /** The policies that compiled, sorted. */
  readonly policies: ReadonlyArray<PolicyRef>;
}
