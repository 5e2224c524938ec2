import { CliError, CliIo, EXIT_OK } from './cli-error';
import { InventoryOptions, readInventory } from './inventory';
import { loadPaths, rejectIssues } from './manifests';
import { ChunkedOutput } from './output';
import { Progress } from './progress';
import { PolicyAnalyzer } from '../analysis/analyzer';
import { LoadedManifests } from '../analysis/load';
import { comparePortSpecs, PortSpec } from '../analysis/model/port-spec';
import { ReachabilityMatrix } from '../analysis/reachability-matrix';
import { addOutsideRegions, defaultPorts } from '../analysis/report';
import { Workload } from '../analysis/workload';
import { Protocol } from '../core/protocol';
import { validatePortName } from '../kube/names';
import { renderMatricesMarkdown, renderMatricesText, writeMatrixCsv, writeMatrixJson } from '../render/matrix';
import { closest, compareStrings } from '../util/strings';

/** Options of `cdk8s-netpol matrix`. */
export interface MatrixCommandOptions extends InventoryOptions {
  /** `80`, `443/TCP`, `53/UDP`, `http`, `dns/UDP`, ...; empty for the ports the policies and pods name. */
  readonly port: string[];
  readonly output: 'text' | 'markdown' | 'json' | 'csv';
}

/** Parses `80`, `443/tcp` or `53/UDP`. */
export function parsePortSpec(text: string): PortSpec {
  const m = /^([0-9]+)(?:\/([A-Za-z]+))?$/.exec(text.trim());
  const port = m ? Number(m[1]) : NaN;
  const protocol = (m?.[2] ?? 'TCP').toUpperCase();
  if (!m || port < 1 || port > 65535 || !(Object.values(Protocol) as string[]).includes(protocol)) {
    throw new CliError(`invalid --port "${text}". Use PORT or PORT/PROTOCOL with a port from 1 to 65535 and TCP, UDP or SCTP, e.g. 443 or 53/UDP.`);
  }
  return { port, protocol: protocol as Protocol };
}

/**
 * `cdk8s-netpol matrix PATH... [--port P]...`: who can reach whom, one
 * matrix per port (by default the ports the policies and pods name), over
 * the workloads and one endpoint per region of addresses outside the
 * cluster that the ipBlocks carve out. Bad input throws a `CliError`.
 */
export function runMatrixCommand(paths: string[], options: MatrixCommandOptions, io: CliIo): number {
  const requested = options.port.map(parseMatrixPort);
  const progress = Progress.start(io, options.output !== 'json');
  let matrices: ReachabilityMatrix[];
  try {
    progress.update('reading manifests');
    const loaded = loadPaths(paths, readInventory(options, io));
    const analyzer = PolicyAnalyzer._fromLoaded(loaded);
    rejectIssues(analyzer.issues);
    addOutsideRegions(analyzer);
    const ports = requested.length > 0 ? resolveMatrixPorts(requested, analyzer.workloads) : defaultMatrixPorts(analyzer, loaded, io);
    matrices = ports.map((p, i) => {
      progress.update(`matrix ${i + 1}/${ports.length}: ${p.port}/${p.protocol}`);
      return analyzer.matrix({ port: p.port, protocol: p.protocol });
    });
  } finally {
    progress.done();
  }
  const out = new ChunkedOutput(io.stdout);
  switch (options.output) {
    case 'json':
      writeMatrixJson(matrices, out.write);
      break;
    case 'csv':
      writeMatrixCsv(matrices, out.write);
      break;
    case 'markdown':
      out.write(renderMatricesMarkdown(matrices));
      break;
    default:
      out.write(renderMatricesText(matrices));
  }
  out.flush();
  return EXIT_OK;
}

/** A `--port` of matrix: a number or a container port name, with an optional protocol. */
export interface MatrixPort {
  readonly port?: number;
  readonly name?: string;
  readonly protocol?: Protocol;
  /** As given. */
  readonly text: string;
}

/** Parses `80`, `443/tcp`, `53/UDP`, `http` or `dns/UDP`. */
export function parseMatrixPort(text: string): MatrixPort {
  const m = /^([a-z0-9-]+)(?:\/([A-Za-z]+))?$/.exec(text.trim());
  if (m && !/^[0-9]+$/.test(m[1]) && validatePortName(m[1]).length === 0) {
    const protocol = m[2]?.toUpperCase();
    if (protocol === undefined || (Object.values(Protocol) as string[]).includes(protocol)) {
      return { name: m[1], protocol: protocol as Protocol | undefined, text };
    }
  }
  try {
    return { ...parsePortSpec(text), text };
  } catch {
    throw new CliError(`invalid --port "${text}". Use PORT or PORT/PROTOCOL with a port from 1 to 65535 or a container port name, `
      + 'and TCP, UDP or SCTP, e.g. 443, 53/UDP or http.');
  }
}

/**
 * The numeric ports of the requested ones, in order, without repeats: a
 * name stands for the container ports of that name (and protocol) of every
 * workload, one matrix per distinct number. A name no workload declares is
 * bad input.
 */
export function resolveMatrixPorts(requested: ReadonlyArray<MatrixPort>, workloads: ReadonlyArray<Workload>): PortSpec[] {
  const result = new Map<string, PortSpec>();
  const add = (spec: PortSpec) => result.set(`${spec.protocol}/${spec.port}`, spec);
  for (const r of requested) {
    if (r.name === undefined) {
      add({ port: r.port!, protocol: r.protocol ?? Protocol.TCP });
      continue;
    }
    const found = workloads.flatMap(w => w.ports)
      .filter(p => p.name === r.name && (r.protocol === undefined || (p.protocol ?? Protocol.TCP) === r.protocol))
      .map(p => ({ port: p.number, protocol: p.protocol ?? Protocol.TCP }))
      .sort(comparePortSpecs);
    if (found.length === 0) {
      const names = [...new Set(workloads.flatMap(w => w.ports).map(p => p.name).filter((n): n is string => n !== undefined))].sort(compareStrings);
      const guess = closest(r.name, names);
      throw new CliError(`--port "${r.text}": no workload has a container port named "${r.name}"${r.protocol ? ` (${r.protocol})` : ''}.`
        + `${guess ? ` Did you mean "${guess}"?` : ''}`
        + `${names.length > 0 ? ` Named ports: ${names.join(', ')}.` : ' No workload names its ports; give a port number.'}`);
    }
    found.forEach(add);
  }
  return [...result.values()];
}

/** The ports the policies and pods name (see `defaultPorts`), with a note on stderr when some are left out. */
function defaultMatrixPorts(analyzer: PolicyAnalyzer, loaded: LoadedManifests, io: CliIo): PortSpec[] {
  const { ports, omitted } = defaultPorts(analyzer._policy().policies, loaded.endpoints);
  if (omitted > 0) {
    io.stderr.write(`cdk8s-netpol: note: the manifests name ${ports.length + omitted} ports; showing the first ${ports.length}. `
      + 'Give --port for the others.\n');
  }
  return ports;
}
