import { CliIo, EXIT_FAILED, EXIT_OK } from './cli-error';
import { collectManifestFiles, readManifests, rejectIssues } from './manifests';
import { parsePortSpec } from './matrix-command';
import { Progress } from './progress';
import { ConnectivityDiff, diffSide, DiffSide, diffSides } from '../analysis/diff';
import { diffHasChanges, renderDiffJson, renderDiffMarkdown, renderDiffText } from '../render/diff';

/** Options of `cdk8s-netpol diff`. */
export interface DiffCommandOptions {
  /** `80`, `443/TCP`, `53/UDP`, ...: ports to report on their own. */
  readonly port: string[];
  readonly output: 'text' | 'markdown' | 'json';
  /** Exit 1 when anything changed. */
  readonly exitCode?: boolean;
}

/**
 * `cdk8s-netpol diff OLD NEW`: the connectivity changes from OLD to NEW.
 * Exit 0, or 1 with `--exit-code` when anything changed. Bad input throws a
 * `CliError`.
 */
export function runDiffCommand(oldPath: string, newPath: string, options: DiffCommandOptions, io: CliIo): number {
  const pinned = options.port.map(parsePortSpec);
  const progress = Progress.start(io, options.output !== 'json');
  let diff: ConnectivityDiff;
  try {
    progress.update(`reading ${oldPath}`);
    const before = loadSide(oldPath);
    progress.update(`reading ${newPath}`);
    const after = loadSide(newPath);
    diff = diffSides(before, after, {
      pinned,
      onProgress: (done, total) => progress.update(`probing port pieces ${done}/${total}`),
    });
  } finally {
    progress.done();
  }
  switch (options.output) {
    case 'json':
      io.stdout.write(renderDiffJson(diff));
      break;
    case 'markdown':
      io.stdout.write(renderDiffMarkdown(diff));
      break;
    default:
      io.stdout.write(renderDiffText(diff));
  }
  return options.exitCode && diffHasChanges(diff) ? EXIT_FAILED : EXIT_OK;
}

/** Reads one side (a file or a directory) and refuses policies the API server would reject. */
function loadSide(p: string): DiffSide {
  const side = diffSide(readManifests(collectManifestFiles([p])));
  rejectIssues(side.analyzer.issues);
  return side;
}
