import type { PolicyRef, RuleRef } from '../analysis/model/rule-ref';
import { ProbeOutcome, ProbeSpec, ProbeSummary, summarizeOutcomes } from '../analysis/probes';
import type { DirectionVerdict, Verdict } from '../analysis/verdict';

/*
 * Probe results: a probe as the user wrote it, its Verdict and whether its
 * expectation held, rendered as text or as the JSON result object. The CLI
 * decides `pass`; this module only formats.
 */

/** The explanation of one direction, as JSON. */
export interface DirectionJson {
  readonly workload: string;
  readonly isolated: boolean;
  readonly allowed: boolean;
  readonly reason: string;
  readonly selectedBy: PolicyRef[];
  readonly allowedBy?: RuleRef;
  readonly portMismatches: RuleRef[];
}

/** One element of `results` in `cdk8s-netpol test --output json`. */
export interface ProbeResultJson {
  readonly from: string;
  readonly to: string;
  readonly port: number | string;
  readonly protocol: string;
  readonly allowed: boolean;
  readonly expect?: 'allow' | 'deny';
  readonly pass?: boolean;
  readonly explanation: {
    readonly egress: DirectionJson;
    readonly ingress: DirectionJson;
  };
}

/** The whole document of `cdk8s-netpol test --output json`. */
export interface ProbeReportJson {
  readonly results: ProbeResultJson[];
  readonly summary: ProbeSummary;
}

/** A RuleRef as the engine names it: `shop/allow-web rule 0`. */
export function renderRuleRef(ref: RuleRef): string {
  return `${ref.namespace}/${ref.name} rule ${ref.ruleIndex}`;
}

/** A PolicyRef: `shop/default-deny`. */
export function renderPolicyRef(ref: PolicyRef): string {
  return `${ref.namespace}/${ref.name}`;
}

/**
 * Why one direction decided as it did, e.g. `ingress: shop/allow-web rule 0`,
 * `egress: not isolated`, `ingress: no peer match (selected by shop/deny-all)`.
 */
export function renderDirectionText(d: DirectionVerdict): string {
  const label = d.direction.toLowerCase();
  const selected = d.selectedBy.map(renderPolicyRef).join(', ');
  switch (d.reason as string) {
    case 'NotIsolated':
      return `${label}: not isolated`;
    case 'Allowed':
      return `${label}: ${d.allowedBy ? renderRuleRef(d.allowedBy) : 'allowed'}`;
    case 'NoRules':
      return `${label}: no rules (selected by ${selected})`;
    case 'NoPortMatch':
      return `${label}: no port match (${d.portMismatches.map(renderRuleRef).join(', ')})`;
    case 'NoPeerMatch':
      return `${label}: no peer match (selected by ${selected})`;
    default:
      return `${label}: ${d.reason}`;
  }
}

/**
 * One line per verdict:
 * `ALLOW shop/web -> shop/api TCP 8080  pass  (ingress: shop/allow-web rule 0; egress: not isolated)`.
 *
 * The source and destination are written as `ends` names them (a probe, as
 * it gave them); a named port reads `TCP 8080 (http)`; `pass` is shown when given.
 */
export function renderVerdictText(verdict: Verdict, ends: Pick<ProbeSpec, 'from' | 'to'>, pass?: boolean): string {
  const decision = verdict.allowed ? 'ALLOW' : 'DENY ';
  const port = verdict.portName !== undefined ? `${verdict.port} (${verdict.portName})` : `${verdict.port}`;
  const check = pass === undefined ? '' : pass ? '  pass' : '  FAIL';
  const why = `${renderDirectionText(verdict.ingress)}; ${renderDirectionText(verdict.egress)}`;
  return `${decision} ${ends.from} -> ${ends.to} ${verdict.protocol} ${port}${check}  (${why})`;
}

/** The explanation of one direction as JSON. */
export function directionToJson(d: DirectionVerdict): DirectionJson {
  return {
    workload: d.workload.id,
    isolated: d.isolated,
    allowed: d.allowed,
    reason: d.reason,
    selectedBy: d.selectedBy.map(p => ({ namespace: p.namespace, name: p.name })),
    ...(d.allowedBy ? { allowedBy: ruleRefToJson(d.allowedBy) } : {}),
    portMismatches: d.portMismatches.map(ruleRefToJson),
  };
}

/** The JSON result object of one probe; `from`, `to` and `port` repeat the probe. */
export function probeResultToJson(outcome: ProbeOutcome): ProbeResultJson {
  const { probe, verdict } = outcome;
  return {
    from: probe.from,
    to: probe.to,
    port: probe.port,
    protocol: verdict.protocol,
    allowed: verdict.allowed,
    ...(probe.expect !== undefined ? { expect: probe.expect, pass: outcome.pass === true } : {}),
    explanation: {
      egress: directionToJson(verdict.egress),
      ingress: directionToJson(verdict.ingress),
    },
  };
}

/** The summary line, e.g. `5 probes: 4 allowed, 1 denied; 5 passed, 0 failed`. */
export function renderSummaryText(summary: ProbeSummary): string {
  return `${summary.total} probe${summary.total === 1 ? '' : 's'}: ${summary.allowed} allowed, ${summary.denied} denied; `
    + `${summary.passed} passed, ${summary.failed} failed`;
}

/** The text report: one line per probe, then the summary line; ends with a newline. */
export function renderProbeReportText(outcomes: ProbeOutcome[]): string {
  const lines = outcomes.map(o => renderVerdictText(o.verdict, o.probe, o.pass));
  lines.push(renderSummaryText(summarizeOutcomes(outcomes)));
  return `${lines.join('\n')}\n`;
}

/** The JSON report object. */
export function probeReportToJson(outcomes: ProbeOutcome[]): ProbeReportJson {
  return { results: outcomes.map(probeResultToJson), summary: summarizeOutcomes(outcomes) };
}

/** The JSON report as text, pretty-printed, ending with a newline. */
export function renderProbeReportJson(outcomes: ProbeOutcome[]): string {
  return `${JSON.stringify(probeReportToJson(outcomes), undefined, 2)}\n`;
}

function ruleRefToJson(ref: RuleRef): RuleRef {
  return { namespace: ref.namespace, name: ref.name, direction: ref.direction, ruleIndex: ref.ruleIndex };
}
