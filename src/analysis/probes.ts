import { PolicyAnalyzer } from './analyzer';
import { ADD_WORKLOAD_HINT } from './errors';
import { ManifestReader } from './manifests/reader';
import { formatLocation } from './manifests/source';
import { Verdict } from './verdict';
import { Workload } from './workload';
import { checkProtocol } from '../core/checks';
import { PolicyError } from '../core/errors';
import { Protocol } from '../core/protocol';

/*
 * Probes: a flow to check (from, to, port, expected verdict), as written in
 * a probes file or a jest matcher, and its outcome. The CLI and the cdk8s
 * validation plugin read the file's bytes; this module parses them, checks
 * each probe and asks the analyzer.
 */

/** A probe as written. */
export interface ProbeSpec {
  /** `<namespace>/<name>` or an IP address, as given. */
  readonly from: string;
  /** `<namespace>/<name>` or an IP address, as given. */
  readonly to: string;
  /** A port number, or the name of a container port of the destination, as given. */
  readonly port: number | string;
  /** The protocol, if given (upper case). */
  readonly protocol?: string;
  /** The expected outcome, if given. */
  readonly expect?: 'allow' | 'deny';
}

/** A probe, its verdict and, when the probe has `expect`, whether the verdict matches it. */
export interface ProbeOutcome {
  readonly probe: ProbeSpec;
  readonly verdict: Verdict;
  /** Set only when `probe.expect` is. */
  readonly pass?: boolean;
}

/** Counts over probe outcomes. */
export interface ProbeSummary {
  readonly total: number;
  readonly allowed: number;
  readonly denied: number;
  readonly passed: number;
  readonly failed: number;
}

/** A probe of a probes file and the line it was written on. */
export interface ReadProbe {
  readonly probe: ProbeSpec;
  readonly line?: number;
  /** Its number in the file, from 1. */
  readonly number: number;
}

/**
 * What `parseProbesFile` found: the probes that are well formed, and one
 * line per problem (`probes.yaml:3: probe 2: ...`). Check the ends of the
 * well-formed ones too before reporting, so every bad probe is reported at once.
 */
export interface ParsedProbesFile {
  readonly probes: ReadProbe[];
  readonly problems: string[];
}

/** The fields of a probe. */
export const PROBE_FIELDS = ['from', 'to', 'port', 'protocol', 'expect'];

const PROTOCOLS: string[] = Object.values(Protocol);

/**
 * A probe from a parsed value, or what is wrong with it (one sentence per
 * problem, naming the field).
 */
export function parseProbe(value: unknown): { readonly probe?: ProbeSpec; readonly problems: string[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problems: [`expected an object with from, to and port, got ${JSON.stringify(value)}`] };
  }
  const p = value as { [key: string]: unknown };
  const problems: string[] = [];
  for (const key of Object.keys(p)) {
    if (!PROBE_FIELDS.includes(key)) {
      problems.push(`unknown field "${key}". Use ${PROBE_FIELDS.join(', ')}.`);
    }
  }
  for (const field of ['from', 'to']) {
    if (typeof p[field] !== 'string' || p[field] === '') {
      problems.push(`"${field}" must be "<namespace>/<name>" or an IP address, got ${JSON.stringify(p[field])}`);
    }
  }
  const port = p.port;
  // A string of digits is a port number ("8080"), never a port name.
  const number = typeof port === 'string' && /^[0-9]+$/.test(port) ? Number(port) : port;
  const portOk = typeof number === 'number'
    ? Number.isInteger(number) && number >= 1 && number <= 65535
    : typeof number === 'string' && number !== '';
  if (!portOk) {
    problems.push(`"port" must be a number from 1 to 65535 or the name of a container port of "to", got ${JSON.stringify(port)}`);
  }
  let protocol: string | undefined;
  if (p.protocol !== undefined) {
    protocol = typeof p.protocol === 'string' ? p.protocol.toUpperCase() : undefined;
    if (protocol === undefined || !PROTOCOLS.includes(protocol)) {
      problems.push(`"protocol" must be one of ${PROTOCOLS.join(', ')}, got ${JSON.stringify(p.protocol)}`);
    }
  }
  let expect: 'allow' | 'deny' | undefined;
  if (p.expect !== undefined) {
    const e = typeof p.expect === 'string' ? p.expect.toLowerCase() : undefined;
    if (e !== 'allow' && e !== 'deny') {
      problems.push(`"expect" must be allow or deny, got ${JSON.stringify(p.expect)}`);
    }
    expect = e as 'allow' | 'deny';
  }
  if (problems.length > 0) {
    return { problems };
  }
  return {
    probe: {
      from: p.from as string,
      to: p.to as string,
      port: port as number | string,
      ...(protocol !== undefined ? { protocol } : {}),
      ...(expect !== undefined ? { expect } : {}),
    },
    problems,
  };
}

/**
 * Parses a probes file: one YAML or JSON document holding a list of
 * `{ from, to, port, protocol?, expect? }`. Every bad probe is reported at
 * once, each with its number and line; `probes` is empty when there is any
 * problem. Unreadable YAML throws the reader's `ManifestError`.
 */
export function parseProbesFile(input: string | Uint8Array, file: string, reader: ManifestReader = new ManifestReader()): ParsedProbesFile {
  const documents = reader.documents(input, file);
  if (documents.length !== 1 || !Array.isArray(documents[0].value)) {
    return { probes: [], problems: [`${file}: expected one list of probes, e.g. "- { from: shop/web, to: shop/api, port: 8080, expect: allow }"`] };
  }
  const doc = documents[0];
  const problems: string[] = [];
  const probes: ReadProbe[] = [];
  (doc.value as unknown[]).forEach((value, i) => {
    const line = doc.itemLine(i);
    const parsed = parseProbe(value);
    for (const problem of parsed.problems) {
      problems.push(`${formatLocation({ file, line })}: probe ${i + 1}: ${problem}`);
    }
    if (parsed.probe) {
      probes.push({ probe: parsed.probe, line, number: i + 1 });
    }
  });
  return { probes, problems };
}

/**
 * Runs one probe: resolves its ends with `analyzer.workload()` and asks
 * `canReach()`; `pass` is set when the probe has `expect`. Throws a
 * `PolicyError` for an end or a named port that does not resolve.
 */
export function runProbe(analyzer: PolicyAnalyzer, probe: ProbeSpec): ProbeOutcome {
  const verdict = checkFlow(analyzer, probe.from, probe.to, probe.port, probe.protocol);
  const pass = probe.expect === undefined ? undefined : verdict.allowed === (probe.expect === 'allow');
  return { probe, verdict, ...(pass !== undefined ? { pass } : {}) };
}

/**
 * The verdict on one flow: its ends are workloads or references that
 * `analyzer.workload()` resolves (`<namespace>/<name>`, an IP address);
 * the port is a number, digits, or the name of a container port of the
 * destination.
 */
export function checkFlow(analyzer: PolicyAnalyzer, from: string | Workload, to: string | Workload,
  port: number | string, protocol?: string): Verdict {
  const source = typeof from === 'string' ? resolve(analyzer, from, 'from') : from;
  const destination = typeof to === 'string' ? resolve(analyzer, to, 'to') : to;
  const checked = protocol === undefined ? undefined : checkProtocol(protocol);
  return typeof port === 'number' || /^[0-9]+$/.test(port)
    ? analyzer.canReach({ source, destination, port: Number(port), protocol: checked ?? Protocol.TCP })
    : analyzer.canReach({ source, destination, portName: port, protocol: checked });
}

/** What a probe found, without the explanation: `runProbe()`'s outcome, less its verdict's reasons. */
export interface ProbeAnswer {
  readonly probe: ProbeSpec;
  readonly allowed: boolean;
  /** The protocol of the flow, as resolved (a named port brings its own). */
  readonly protocol: string;
  /** Set only when `probe.expect` is. */
  readonly pass?: boolean;
}

/**
 * Checks and answers many probes against one analyzer, as a probes file
 * needs: each reference (`shop/web`, an IP) is resolved once, and each
 * verdict comes from the analyzer's cache of verdicts per pair of
 * endpoint classes and port. Lives as long as one run.
 */
export class ProbeRunner {
  /** Resolved ends by reference, for `from` and for `to` (an error names its field). */
  private readonly ends = { from: new Map<string, Workload | PolicyError>(), to: new Map<string, Workload | PolicyError>() };

  /**
   * @param analyzer the analyzer that answers
   * @param addHint how the caller adds a workload the manifests lack (the
   *   CLI: `--cluster` or `--services`), said instead of `addWorkload()`
   */
  constructor(private readonly analyzer: PolicyAnalyzer, private readonly addHint?: string) {
  }

  /**
   * What keeps a probe from running: an end that does not resolve (with
   * "did you mean"), or a named port the destination lacks. One sentence
   * each, naming the field; empty when it runs.
   */
  public problems(probe: ProbeSpec): string[] {
    const problems: string[] = [];
    const source = this.end(probe.from, 'from');
    const destination = this.end(probe.to, 'to');
    for (const end of [source, destination]) {
      if (end instanceof PolicyError) {
        problems.push(end.message);
      }
    }
    if (source instanceof Workload && destination instanceof Workload) {
      try {
        this.answer(probe);
      } catch (e) {
        if (!(e instanceof PolicyError)) {
          throw e;
        }
        problems.push(e.message);
      }
    }
    return problems;
  }

  /** The verdict and whether the expectation holds, without explanation. Throws a `PolicyError` as `runProbe()` does. */
  public answer(probe: ProbeSpec): ProbeAnswer {
    const source = this.workload(probe.from, 'from');
    const destination = this.workload(probe.to, 'to');
    const protocol = probe.protocol === undefined ? undefined : checkProtocol(probe.protocol);
    const flow = typeof probe.port === 'number' || /^[0-9]+$/.test(probe.port)
      ? this.analyzer._allows({ source, destination, port: Number(probe.port), protocol: protocol ?? Protocol.TCP })
      : this.analyzer._allows({ source, destination, portName: probe.port, protocol });
    const pass = probe.expect === undefined ? undefined : flow.allowed === (probe.expect === 'allow');
    return { probe, allowed: flow.allowed, protocol: flow.protocol, ...(pass !== undefined ? { pass } : {}) };
  }

  /** The outcome with its full verdict (explanations), as `runProbe()` gives it. */
  public outcome(probe: ProbeSpec): ProbeOutcome {
    const verdict = checkFlow(this.analyzer, this.workload(probe.from, 'from'), this.workload(probe.to, 'to'), probe.port, probe.protocol);
    const pass = probe.expect === undefined ? undefined : verdict.allowed === (probe.expect === 'allow');
    return { probe, verdict, ...(pass !== undefined ? { pass } : {}) };
  }

  private workload(ref: string, field: 'from' | 'to'): Workload {
    const end = this.end(ref, field);
    if (end instanceof PolicyError) {
      throw end;
    }
    return end;
  }

  /** One end, resolved once per reference and field. */
  private end(ref: string, field: 'from' | 'to'): Workload | PolicyError {
    const ends = this.ends[field];
    let end = ends.get(ref);
    if (end === undefined) {
      try {
        end = resolve(this.analyzer, ref, field, this.addHint);
      } catch (e) {
        if (!(e instanceof PolicyError)) {
          throw e;
        }
        end = e;
      }
      ends.set(ref, end);
    }
    return end;
  }
}

/** Counts: passed and failed cover only probes with `expect`. */
export function summarizeOutcomes(outcomes: ReadonlyArray<ProbeOutcome>): ProbeSummary {
  const summary = { total: 0, allowed: 0, denied: 0, passed: 0, failed: 0 };
  for (const o of outcomes) {
    addToSummary(summary, o);
  }
  return summary;
}

/** Adds one outcome to running counts. */
export function addToSummary(summary: { -readonly [K in keyof ProbeSummary]: number }, outcome: ProbeOutcome | ProbeAnswer): void {
  summary.total++;
  if ('verdict' in outcome ? outcome.verdict.allowed : outcome.allowed) {
    summary.allowed++;
  } else {
    summary.denied++;
  }
  if (outcome.pass === true) {
    summary.passed++;
  } else if (outcome.pass === false) {
    summary.failed++;
  }
}

/** One end of a flow, by reference; an error names the field it came from. */
function resolve(analyzer: PolicyAnalyzer, ref: string, field: 'from' | 'to', addHint = ADD_WORKLOAD_HINT): Workload {
  try {
    return analyzer._workload(ref, addHint);
  } catch (e) {
    if (e instanceof PolicyError) {
      throw new PolicyError(e.code, `"${field}": ${e.message}`);
    }
    throw e;
  }
}
