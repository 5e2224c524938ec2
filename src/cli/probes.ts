import * as net from 'net';
import { parseAllDocuments } from 'yaml';
import { CliError, messageOf } from './cli-error';
import { readFileOrThrow } from './manifests';
import { PolicyAnalyzer } from '../analysis/analyzer';
import { Workload } from '../analysis/workload';
import { PolicyError } from '../core/errors';
import { Protocol } from '../core/port';
import { ProbeOutcome, ProbeSpec } from '../render/probe-result';

/*
 * Probes files: parse, validate, resolve endpoints, ask the analyzer.
 */

const FIELDS = ['from', 'to', 'port', 'protocol', 'expect'];
const PROTOCOLS: string[] = Object.values(Protocol);

/**
 * Reads a probes file: one YAML or JSON document holding a list of
 * `{ from, to, port, protocol?, expect? }`. Errors name the file and, for a
 * bad probe, its 1-based number.
 */
export function readProbes(file: string): ProbeSpec[] {
  const bytes = readFileOrThrow(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`${file}: the file is not valid UTF-8. Save it as UTF-8.`);
  }
  const docs = parseAllDocuments(text, { uniqueKeys: true, strict: true, prettyErrors: true });
  const list = 'empty' in docs ? [] : docs;
  for (const doc of list) {
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) {
      const line = problem.linePos?.[0]?.line;
      const first = problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new CliError(`${file}${line !== undefined ? `:${line}` : ''}: ${first}`);
    }
  }
  const values = list.map(d => d.toJS({ maxAliasCount: 100 })).filter(v => v !== null && v !== undefined);
  if (values.length !== 1 || !Array.isArray(values[0])) {
    throw new CliError(`${file}: expected one list of probes, e.g. "- { from: shop/web, to: shop/api, port: 8080, expect: allow }"`);
  }
  return (values[0] as unknown[]).map((p, i) => checkProbe(p, `${file}: probe ${i + 1}`));
}

/** Runs every probe in order; `pass` is set when the probe has `expect`. */
export function runProbes(analyzer: PolicyAnalyzer, probes: ProbeSpec[], file: string): ProbeOutcome[] {
  return probes.map((probe, i) => {
    const where = `${file}: probe ${i + 1}`;
    try {
      const source = resolveEndpoint(analyzer, probe.from, 'from', where);
      const destination = resolveEndpoint(analyzer, probe.to, 'to', where);
      const protocol = probe.protocol as Protocol | undefined;
      const verdict = typeof probe.port === 'number' || /^[0-9]+$/.test(probe.port)
        ? analyzer.canReach({ source, destination, port: Number(probe.port), protocol: protocol ?? Protocol.TCP })
        : analyzer.canReach({ source, destination, portName: probe.port, protocol });
      const pass = probe.expect === undefined ? undefined : verdict.allowed === (probe.expect === 'allow');
      return { probe, verdict, ...(pass !== undefined ? { pass } : {}) };
    } catch (e) {
      if (e instanceof CliError) {
        throw e;
      }
      if (e instanceof PolicyError) {
        throw new CliError(`${where}: ${messageOf(e)}`);
      }
      throw e;
    }
  });
}

/**
 * `<namespace>/<name>` (or `<namespace>/<Kind>/<name>`) names a Pod or a
 * workload of the manifests. An IP address names the pod with that IP
 * (`status.podIP` / `status.podIPs`), else an endpoint outside the cluster.
 */
function resolveEndpoint(analyzer: PolicyAnalyzer, ref: string, field: string, where: string): Workload {
  if (net.isIP(ref) !== 0) {
    const pods = analyzer.workloads.filter(w => !w.isExternal && w.ips.includes(ref));
    if (pods.length > 1) {
      throw new CliError(`${where}: IP "${ref}" in "${field}" belongs to ${pods.map(w => w.id).join(' and ')}. Name the workload instead.`);
    }
    return pods.length === 1 ? pods[0] : Workload.external(ref);
  }
  try {
    return analyzer.workload(ref);
  } catch (e) {
    if (e instanceof PolicyError && e.code === 'UnknownWorkload') {
      throw new CliError(`${where}: unknown workload "${ref}" in "${field}". `
        + 'Use "<namespace>/<name>" of a Pod or workload in the manifests, or an IP address.');
    }
    throw e;
  }
}

function checkProbe(value: unknown, where: string): ProbeSpec {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError(`${where}: expected an object with from, to and port, got ${JSON.stringify(value)}`);
  }
  const p = value as { [key: string]: unknown };
  const unknown = Object.keys(p).filter(k => !FIELDS.includes(k));
  if (unknown.length > 0) {
    throw new CliError(`${where}: unknown field "${unknown[0]}". Use ${FIELDS.join(', ')}.`);
  }
  for (const field of ['from', 'to']) {
    if (typeof p[field] !== 'string' || p[field] === '') {
      throw new CliError(`${where}: "${field}" must be "<namespace>/<name>" or an IP address, got ${JSON.stringify(p[field])}`);
    }
  }
  const port = p.port;
  const portOk = typeof port === 'number'
    ? Number.isInteger(port) && port >= 1 && port <= 65535
    : typeof port === 'string' && port !== '';
  if (!portOk) {
    throw new CliError(`${where}: "port" must be a number from 1 to 65535 or the name of a container port of "to", got ${JSON.stringify(port)}`);
  }
  let protocol: string | undefined;
  if (p.protocol !== undefined) {
    protocol = typeof p.protocol === 'string' ? p.protocol.toUpperCase() : undefined;
    if (protocol === undefined || !PROTOCOLS.includes(protocol)) {
      throw new CliError(`${where}: "protocol" must be one of ${PROTOCOLS.join(', ')}, got ${JSON.stringify(p.protocol)}`);
    }
  }
  let expect: 'allow' | 'deny' | undefined;
  if (p.expect !== undefined) {
    const e = typeof p.expect === 'string' ? p.expect.toLowerCase() : undefined;
    if (e !== 'allow' && e !== 'deny') {
      throw new CliError(`${where}: "expect" must be allow or deny, got ${JSON.stringify(p.expect)}`);
    }
    expect = e;
  }
  return {
    from: p.from as string,
    to: p.to as string,
    port: port as number | string,
    ...(protocol !== undefined ? { protocol } : {}),
    ...(expect !== undefined ? { expect } : {}),
  };
}
