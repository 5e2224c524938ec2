import { DirectionResult, TrafficResult } from './evaluate';
import { DirectionVerdict, Verdict, VerdictReason } from './verdict';
import { Workload } from './workload';
import { Protocol } from '../core/protocol';

/*
 * Stage 4 of the engine: results -> explanations, as data. Text belongs to
 * the render module.
 */

/** What the traffic was, for `explainTraffic`. */
export interface ExplainedTraffic {
  readonly source: Workload;
  readonly destination: Workload;
  readonly protocol: Protocol;
  readonly port: number;
  readonly portName?: string;
}

/** Explains one direction. */
export function explainDirection(result: DirectionResult, workload: Workload): DirectionVerdict {
  return {
    direction: result.direction,
    workload,
    isolated: result.isolated,
    selectedBy: result.selectedBy,
    allowed: result.allowed,
    reason: reasonOf(result),
    allowedBy: result.isolated ? result.matching[0] : undefined,
    matchingRules: result.matching,
    portMismatches: result.portMismatches,
  };
}

/** Explains a traffic result. */
export function explainTraffic(traffic: ExplainedTraffic, result: TrafficResult): Verdict {
  return {
    source: traffic.source,
    destination: traffic.destination,
    protocol: traffic.protocol,
    port: traffic.port,
    portName: traffic.portName,
    allowed: result.allowed,
    egress: explainDirection(result.egress, traffic.source),
    ingress: explainDirection(result.ingress, traffic.destination),
  };
}

function reasonOf(result: DirectionResult): VerdictReason {
  if (!result.isolated) {
    return VerdictReason.NOT_ISOLATED;
  }
  if (result.allowed) {
    return VerdictReason.ALLOWED;
  }
  if (result.ruleCount === 0) {
    return VerdictReason.NO_RULES;
  }
  return result.portMismatches.length > 0 ? VerdictReason.NO_PORT_MATCH : VerdictReason.NO_PEER_MATCH;
}
