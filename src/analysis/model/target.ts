import { EndpointClass } from './endpoint';
import { PeerMatcher } from './peer-matcher';
import { PortMatcher, portMatches } from './port-matcher';
import { PortSpec } from './port-spec';
import { PolicyRef, RuleRef } from './rule-ref';
import { SelectorMatcher } from './selector-matcher';
import { Direction } from '../../core/direction';
import type { PolicyDocument } from '../load';

/**
 * One rule of one policy: traffic is allowed when a peer AND a port match.
 * `peers` and `ports` are never empty: an absent or empty list compiles to a
 * single `any` matcher; otherwise entry `i` compiles entry `i` of the rule.
 */
export interface CompiledRule {
  /** The rule's index among all the rules of the compiled set: a key for caches. */
  readonly id: number;
  readonly ref: RuleRef;
  /** The rule's field path, e.g. `spec.ingress[2]`. */
  readonly path: string;
  readonly peers: ReadonlyArray<PeerMatcher>;
  readonly ports: ReadonlyArray<PortMatcher>;
}

/** One valid NetworkPolicy, compiled. */
export interface CompiledPolicy {
  readonly ref: PolicyRef;
  /** The document it was compiled from: where it was written, and the manifest. */
  readonly document: PolicyDocument;
  /** The pods of `ref.namespace` it applies to. */
  readonly podSelector: SelectorMatcher;
  /** The directions it isolates: its effective `policyTypes`, Ingress first. */
  readonly directions: ReadonlyArray<Direction>;
  /**
   * Every rule, ingress then egress, in written order, including those of a
   * direction that `directions` leaves out (Kubernetes ignores them; lint
   * does not).
   */
  readonly rules: ReadonlyArray<CompiledRule>;
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
  /** Every policy, sorted by namespace and name. */
  readonly policies: ReadonlyArray<CompiledPolicy>;
  /** Every target, sorted by key. */
  readonly targets: ReadonlyArray<Target>;
}

/** Whether some port of `rule` admits `port` on the class `destination` (named ports resolve there). */
export function ruleAllowsPort(rule: CompiledRule, port: PortSpec, destination: EndpointClass): boolean {
  for (const matcher of rule.ports) {
    if (portMatches(matcher, port.protocol, port.port, destination)) {
      return true;
    }
  }
  return false;
}
