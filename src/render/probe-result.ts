import type { PolicyRef, RuleRef } from '../analysis/model/rule-ref';
import { addToSummary, ProbeAnswer, ProbeOutcome, ProbeSpec, ProbeSummary, summarizeOutcomes } from '../analysis/probes';
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

/** One element of `results` in `cdk8s-netpol test --output json`; `explanation` only with `--explain`. */
export interface ProbeResultJson {
  readonly from: string;
  readonly to: string;
  readonly port: number | string;
  readonly protocol: string;
  readonly allowed: boolean;
  readonly expect?: 'allow' | 'deny';
  readonly pass?: boolean;
  readonly explanation?: {
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

/** How a `ProbeReportWriter` writes. */
export interface ProbeReportOptions {
  /** Text (one line per probe, with its reasons) or the JSON report. */
  readonly format: 'text' | 'json';
  /**
   * JSON: indented by two spaces, as `JSON.stringify(report, undefined, 2)`.
   *
   * @default false: compact, as `JSON.stringify(report)`
   */
  readonly pretty?: boolean;
  /**
   * JSON: give each result its `explanation`. Text always gives the reasons.
   *
   * @default false
   */
  readonly explain?: boolean;
}

/**
 * The report of a `cdk8s-netpol test` run, written as each probe is
 * answered: `add()` per probe, in order, then `end()`. The text is exactly
 * that of the whole report rendered at once (`renderProbeReportText`, or
 * `JSON.stringify` of `probeReportToJson` with or without indentation, the
 * explanations left out unless asked for), so memory holds one result at a
 * time.
 */
export class ProbeReportWriter {
  private readonly summary = { total: 0, allowed: 0, denied: 0, passed: 0, failed: 0 };
  private readonly quoted = new Map<string, string>();

  constructor(private readonly write: (text: string) => void, private readonly options: ProbeReportOptions) {
  }

  /** Whether `add()` needs each probe's verdict (text, or JSON with explanations), not only its answer. */
  public get needsVerdict(): boolean {
    return this.options.format === 'text' || this.options.explain === true;
  }

  /** Writes the result of the next probe; an answer without verdict only when `needsVerdict` is false. */
  public add(result: ProbeOutcome | ProbeAnswer): void {
    const first = this.summary.total === 0;
    addToSummary(this.summary, result);
    if (this.options.format === 'text') {
      if (!('verdict' in result)) {
        throw new Error('the text report needs the verdict of each probe');
      }
      this.write(`${renderVerdictText(result.verdict, result.probe, result.pass)}\n`);
      return;
    }
    if (this.options.pretty) {
      const json = JSON.stringify(this.resultJson(result), undefined, 2).replace(/\n/g, '\n    ');
      this.write(`${first ? '{\n  "results": [\n    ' : ',\n    '}${json}`);
      return;
    }
    const json = this.options.explain || 'verdict' in result ? JSON.stringify(this.resultJson(result)) : this.compactAnswer(result);
    this.write(`${first ? '{"results":[' : ','}${json}`);
  }

  /** Writes the summary and the end of the report; returns the counts. */
  public end(): ProbeSummary {
    const summary = { ...this.summary };
    const none = summary.total === 0;
    if (this.options.format === 'text') {
      this.write(`${renderSummaryText(summary)}\n`);
    } else if (this.options.pretty) {
      const json = JSON.stringify(summary, undefined, 2).replace(/\n/g, '\n  ');
      this.write(`${none ? '{\n  "results": []' : '\n  ]'},\n  "summary": ${json}\n}\n`);
    } else {
      this.write(`${none ? '{"results":[' : ''}],"summary":${JSON.stringify(summary)}}\n`);
    }
    return summary;
  }

  private resultJson(result: ProbeOutcome | ProbeAnswer): ProbeResultJson {
    if ('verdict' in result) {
      const json = probeResultToJson(result);
      if (this.options.explain) {
        return json;
      }
      const { explanation: _, ...rest } = json;
      return rest;
    }
    const { probe } = result;
    return {
      from: probe.from,
      to: probe.to,
      port: probe.port,
      protocol: result.protocol,
      allowed: result.allowed,
      ...(probe.expect !== undefined ? { expect: probe.expect, pass: result.pass === true } : {}),
    };
  }

  /** `JSON.stringify(this.resultJson(answer))`, built from quoted strings kept per run. */
  private compactAnswer(answer: ProbeAnswer): string {
    const { probe } = answer;
    const port = typeof probe.port === 'number' ? String(probe.port) : this.quote(probe.port);
    const expect = probe.expect === undefined ? '' : `,"expect":${this.quote(probe.expect)},"pass":${answer.pass === true}`;
    return `{"from":${this.quote(probe.from)},"to":${this.quote(probe.to)},"port":${port},`
      + `"protocol":${this.quote(answer.protocol)},"allowed":${answer.allowed}${expect}}`;
  }

  private quote(text: string): string {
    let quoted = this.quoted.get(text);
    if (quoted === undefined) {
      quoted = JSON.stringify(text);
      if (this.quoted.size < 100_000) {
        this.quoted.set(text, quoted);
      }
    }
    return quoted;
  }
}

function ruleRefToJson(ref: RuleRef): RuleRef {
  return { namespace: ref.namespace, name: ref.name, direction: ref.direction, ruleIndex: ref.ruleIndex };
}
