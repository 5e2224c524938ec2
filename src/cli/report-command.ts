import * as fs from 'fs';
import * as path from 'path';
import { CliError, CliIo, EXIT_OK, messageOf } from './cli-error';
import { InventoryOptions, readInventory } from './inventory';
import { loadPaths, rejectIssues } from './manifests';
import { parseMatrixPort, resolveMatrixPorts } from './matrix-command';
import { Progress } from './progress';
import { PolicyAnalyzer } from '../analysis/analyzer';
import { reportFlows, reportModel } from '../analysis/report';
import { flowGraph, renderDot, renderMermaid } from '../render/graph';
import { renderReportHtml } from '../render/report-html';

/** Options of `cdk8s-netpol report`. */
export interface ReportCommandOptions extends InventoryOptions {
  /** The file to write, or `-` for stdout. */
  readonly out: string;
  /** `80`, `443/TCP`, `53/UDP`, `http`, ...; empty for the ports the manifests mention. */
  readonly port: string[];
  readonly format: 'html' | 'mermaid' | 'dot';
}

/**
 * `cdk8s-netpol report PATH... --out FILE`: an HTML report, or a Mermaid or
 * DOT graph of allowed flows. The output is written whole or not at all;
 * then stderr names the file written and its size.
 * Bad input throws a `CliError`.
 */
export function runReportCommand(paths: string[], options: ReportCommandOptions, io: CliIo): number {
  const requested = options.port.map(parseMatrixPort);
  if (options.out !== '-') {
    checkOutputPath(options.out);
  }
  const progress = Progress.start(io, true);
  let text: string;
  try {
    progress.update('reading manifests');
    const loaded = loadPaths(paths, readInventory(options, io));
    const analyzer = PolicyAnalyzer._fromLoaded(loaded);
    rejectIssues(analyzer.issues);
    progress.update('probing');
    const flows = reportFlows(loaded, analyzer, resolveMatrixPorts(requested, analyzer.workloads));
    switch (options.format) {
      case 'mermaid':
        text = renderMermaid(flowGraph(flows));
        break;
      case 'dot':
        text = renderDot(flowGraph(flows));
        break;
      default: {
        progress.update('linting');
        const model = reportModel(paths, flows, loaded, analyzer);
        progress.update('rendering');
        text = renderReportHtml(model);
      }
    }
  } finally {
    progress.done();
  }
  writeOutput(options.out, text, io);
  if (options.out !== '-') {
    io.stderr.write(`cdk8s-netpol: wrote ${options.out} (${formatSize(Buffer.byteLength(text))})\n`);
  }
  return EXIT_OK;
}

/** A size in bytes for people: `812 B`, `14.2 KB`, `3.1 MB`. */
function formatSize(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
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
