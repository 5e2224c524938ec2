import * as fs from 'fs';
import * as path from 'path';
import { CliError, CliIo, EXIT_OK, messageOf } from './cli-error';
import { collectManifestFiles, readManifests, rejectIssues } from './manifests';
import { parsePortSpec } from './matrix-command';
import { Progress } from './progress';
import { PolicyAnalyzer } from '../analysis/analyzer';
import { effectivePolicyTypes } from '../analysis/compile';
import { diffSide, externalProbes, mentionedPorts, PortSpec } from '../analysis/diff';
import { lintManifests } from '../analysis/lint';
import { LoadedManifests } from '../analysis/load';
import { Workload } from '../analysis/workload';
import { Protocol } from '../core/port';
import { flowGraph, FlowPort, renderDot, renderMermaid } from '../render/graph';
import { workloadLabels } from '../render/matrix';
import { ReportFinding, ReportModel, ReportPolicy, ReportWorkload, renderReportHtml } from '../render/report-html';
import { compareStrings } from '../util/strings';

/** Options of `cdk8s-netpol report`. */
export interface ReportCommandOptions {
  /** The file to write, or `-` for stdout. */
  readonly out: string;
  /** `80`, `443/TCP`, `53/UDP`, ...; empty for the ports the manifests mention. */
  readonly port: string[];
  readonly format: 'html' | 'mermaid' | 'dot';
}

/** At most this many ports by default; `--port` has no cap. */
const MAX_DEFAULT_PORTS = 24;

/**
 * `cdk8s-netpol report PATH... --out FILE`: an HTML report, or a Mermaid or
 * DOT graph of allowed flows. The output is written whole or not at all.
 * Bad input throws a `CliError`.
 */
export function runReportCommand(paths: string[], options: ReportCommandOptions, io: CliIo): number {
  const explicit = options.port.map(parsePortSpec);
  if (options.out !== '-') {
    checkOutputPath(options.out);
  }
  const progress = Progress.start(io, true);
  let text: string;
  try {
    progress.update('reading manifests');
    const manifests = readManifests(collectManifestFiles(paths));
    const { loaded, analyzer } = diffSide(manifests);
    rejectIssues(analyzer.issues);
    progress.update('probing');
    const flows = probeFlows(loaded, analyzer, explicit);
    switch (options.format) {
      case 'mermaid':
        text = renderMermaid(flowGraph(flows));
        break;
      case 'dot':
        text = renderDot(flowGraph(flows));
        break;
      default: {
        progress.update('linting');
        const model = reportModel(paths, flows, loaded, manifests);
        progress.update('rendering');
        text = renderReportHtml(model);
      }
    }
  } finally {
    progress.done();
  }
  writeOutput(options.out, text, io);
  return EXIT_OK;
}

/** What the graph and the heat maps show. */
interface ReportFlows {
  readonly workloads: ReportWorkload[];
  readonly ports: FlowPort[];
  readonly portsOmitted: number;
  readonly allowed: boolean[][][];
}

/**
 * The workloads (plus one external address per ipBlock range), their
 * isolation and selecting policies, and a matrix per port.
 */
function probeFlows(loaded: LoadedManifests, analyzer: PolicyAnalyzer, explicitPorts: PortSpec[]): ReportFlows {
  const cidrs = new Map<string, string>();
  const known = new Set(analyzer.workloads.flatMap(w => w.ips));
  for (const probe of externalProbes(loaded.policies)) {
    if (!known.has(probe.ip)) {
      analyzer.addWorkload(Workload.external(probe.ip));
      cidrs.set(probe.ip, probe.cidr);
    }
  }

  let ports: PortSpec[] = explicitPorts;
  let portsOmitted = 0;
  if (ports.length === 0) {
    const mentioned = mentionedPorts([loaded]);
    ports = mentioned.slice(0, MAX_DEFAULT_PORTS);
    portsOmitted = mentioned.length - ports.length;
    if (ports.length === 0) {
      ports = [{ port: 80, protocol: Protocol.TCP }];
    }
  }

  const workloads = analyzer.workloads;
  const labels = workloadLabels(workloads).map((label, i) => (workloads[i].isExternal ? cidrs.get(workloads[i].id) ?? label : label));
  const reportWorkloads: ReportWorkload[] = workloads.map((w, i) => {
    if (w.isExternal) {
      return { label: labels[i], kind: w.kind, external: true, ingressIsolated: false, egressIsolated: false, policies: [] };
    }
    // Selection does not depend on the port or the peer: probe the workload against itself.
    const verdict = analyzer.canReach({ source: w, destination: w, port: ports[0].port, protocol: ports[0].protocol });
    const policies = [...new Set([...verdict.ingress.selectedBy, ...verdict.egress.selectedBy].map(p => `${p.namespace}/${p.name}`))]
      .sort(compareStrings);
    return {
      label: labels[i],
      kind: w.kind,
      namespace: w.namespace,
      external: false,
      ingressIsolated: verdict.ingress.isolated,
      egressIsolated: verdict.egress.isolated,
      policies,
    };
  });
  const allowed = ports.map(p => analyzer.matrix({ port: p.port, protocol: p.protocol }).toArray());
  return {
    workloads: reportWorkloads,
    ports: ports.map(p => ({ port: p.port, protocol: p.protocol })),
    portsOmitted,
    allowed,
  };
}

/**
 * Everything the HTML report shows: `flows`, the policies with the
 * workloads they select, and the lint findings of `documents` (the parsed
 * manifests, with the default cluster ranges).
 */
function reportModel(inputs: string[], flows: ReportFlows, loaded: LoadedManifests, documents: any[]): ReportModel {
  const policies: ReportPolicy[] = [...loaded.policies]
    .sort((a, b) => compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name))
    .map(p => {
      const ref = `${p.namespace}/${p.name}`;
      return {
        namespace: p.namespace,
        name: p.name,
        ...(p.source && p.source.file !== '<manifests>' ? { file: p.source.file, line: p.source.line } : {}),
        spec: p.manifest.spec,
        policyTypes: effectivePolicyTypes(p.manifest.spec),
        selects: flows.workloads.filter(w => w.policies.includes(ref)).map(w => w.label),
      };
    });

  return {
    title: 'NetworkPolicy report',
    inputs,
    generator: 'cdk8s-netpol report',
    ...flows,
    policies,
    ...lintFindings(documents),
  };
}

/** The lint findings (`cdk8s-netpol lint` with its defaults), and a note on the rules that did not run. */
function lintFindings(documents: any[]): { findings: ReportFinding[]; lintNote?: string } {
  const result = lintManifests(documents);
  const findings: ReportFinding[] = result.findings.map(f => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    fix: f.fix,
    policy: `${f.policy.namespace}/${f.policy.name}`,
    path: f.path,
    ...(f.file !== '<manifests>' ? { file: f.file, line: f.line } : {}),
  }));
  const notes: string[] = [];
  if (result.skipped.length > 0) {
    notes.push(`Not run: ${result.skipped.map(s => `${s.ruleId} (${s.reason})`).join('; ')}.`);
  }
  if (result.suppressed > 0) {
    notes.push(`${result.suppressed} finding${result.suppressed === 1 ? '' : 's'} suppressed by lint.cdk8s-netpol.dev/ignore annotations.`);
  }
  return { findings, ...(notes.length > 0 ? { lintNote: notes.join(' ') } : {}) };
}

/** Refuses an output path that cannot be written, before any work. */
function checkOutputPath(out: string): void {
  const dir = path.dirname(path.resolve(out));
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(out);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) {
    throw new CliError(`--out ${out}: is a directory. Give a file name, e.g. ${path.join(out, 'report.html')}.`);
  }
  try {
    if (!fs.statSync(dir).isDirectory()) {
      throw new Error('not a directory');
    }
  } catch {
    throw new CliError(`--out ${out}: the directory ${dir} does not exist. Create it first.`);
  }
}

/**
 * Writes `text` to `out` (or stdout for `-`): to a temporary file in the
 * same directory, renamed over `out` once complete, so `out` is never left
 * partly written; on failure the temporary file is removed.
 */
function writeOutput(out: string, text: string, io: CliIo): void {
  if (out === '-') {
    io.stdout.write(text);
    return;
  }
  const target = path.resolve(out);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    fs.writeFileSync(tmp, text, { flag: 'wx' });
    fs.renameSync(tmp, target);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing to remove
    }
    throw new CliError(`--out ${out}: cannot write: ${describeWriteError(e)}`);
  }
}

function describeWriteError(e: unknown): string {
  switch ((e as { code?: string })?.code) {
    case 'ENOENT': return 'no such directory';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOSPC': return 'no space left on the device';
    default: return messageOf(e);
  }
}
