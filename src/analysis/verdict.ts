import { Direction } from '../core/direction';
import { Protocol } from '../core/protocol';
import { PolicyRef, RuleRef } from './model/rule-ref';
import { Workload } from './workload';

/**
 * Why a direction allowed or denied the traffic.
 */
export enum VerdictReason {
  /** No policy selects the pod in this direction, so everything is allowed. */
  NOT_ISOLATED = 'NotIsolated',
  /** A rule of a selecting policy allows the traffic (see `allowedBy`). */
  ALLOWED = 'Allowed',
  /** The selecting policies have no rules in this direction: deny all. */
  NO_RULES = 'NoRules',
  /** No rule's peers (`from` / `to`) match the other end of the traffic. */
  NO_PEER_MATCH = 'NoPeerMatch',
  /** Some rules' peers match, but none of them allows the port and protocol (see `portMismatches`). */
  NO_PORT_MATCH = 'NoPortMatch',
}

/**
 * The decision of one direction: egress on the source, or ingress on the
 * destination, with its explanation.
 */
export interface DirectionVerdict {
  /** The direction. */
  readonly direction: Direction;

  /** The workload this direction was checked on: the source for egress, the destination for ingress. */
  readonly workload: Workload;

  /** Whether a policy selects the workload in this direction. */
  readonly isolated: boolean;

  /** The policies that select the workload in this direction, sorted by namespace and name. */
  readonly selectedBy: PolicyRef[];

  /** Whether this direction lets the traffic through. */
  readonly allowed: boolean;

  /** Why. */
  readonly reason: VerdictReason;

  /**
   * The first rule (by namespace, name, rule index) that allows the traffic.
   *
   * @default - none: not isolated, or denied
   */
  readonly allowedBy?: RuleRef;

  /** Every rule that allows the traffic, sorted. */
  readonly matchingRules: RuleRef[];

  /** Rules whose peers match the traffic but whose ports do not, sorted. */
  readonly portMismatches: RuleRef[];
}

/**
 * Whether traffic passes, and why: it passes only when egress on the source
 * and ingress on the destination both allow it.
 */
export interface Verdict {
  /** The workload that opens the connection. */
  readonly source: Workload;

  /** The workload that receives it. */
  readonly destination: Workload;

  /** The protocol. */
  readonly protocol: Protocol;

  /** The destination port (a named probe port resolved to its number). */
  readonly port: number;

  /**
   * The container port name the probe asked for.
   *
   * @default - the probe gave a port number
   */
  readonly portName?: string;

  /** Whether the traffic passes. */
  readonly allowed: boolean;

  /** The egress decision, on the source. */
  readonly egress: DirectionVerdict;

  /** The ingress decision, on the destination. */
  readonly ingress: DirectionVerdict;
}
