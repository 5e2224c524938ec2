import { CliError, CliIo, EXIT_OK } from './cli-error';
import { analyzerForPaths } from './manifests';
import { ChunkedOutput } from './output';
import { Progress } from './progress';
import { PortSpec } from '../analysis/model/port-spec';
import { ReachabilityMatrix } from '../analysis/reachability-matrix';
import { Protocol } from '../core/protocol';
import { renderMatricesMarkdown, renderMatricesText, writeMatrixCsv, writeMatrixJson } from '../render/matrix';

/** Options of `cdk8s-netpol matrix`. */
export interface MatrixCommandOptions {
  /** `80`, `443/TCP`, `53/UDP`, ...; empty for the default 80/TCP. */
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
 * matrix per port. Bad input throws a `CliError`.
 */
export function runMatrixCommand(paths: string[], options: MatrixCommandOptions, io: CliIo): number {
  const ports = (options.port.length > 0 ? options.port : ['80/TCP']).map(parsePortSpec);
  const progress = Progress.start(io, options.output !== 'json');
  let matrices: ReachabilityMatrix[];
  try {
    progress.update('reading manifests');
    const analyzer = analyzerForPaths(paths);
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
