import { CliError, CliIo, EXIT_FAILED, EXIT_OK } from './cli-error';
import { collectManifestFiles, readManifests, renderIssue } from './manifests';
import { parsePortSpec } from './matrix-command';
import { diffSide, DiffSide, diffSides } from '../analysis/diff';
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
  try {
    progress.update(`reading ${oldPath}`);
    const before = loadSide(oldPath);
    progress.update(`reading ${newPath}`);
    const after = loadSide(newPath);
    const diff = diffSides(before, after, {
      pinned,
      onProgress: (done, total) => progress.update(`probing port pieces ${done}/${total}`),
    });
    progress.done();
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
  } finally {
    progress.done();
  }
}

/** Reads one side (a file or a directory) and refuses policies the API server would reject. */
export function loadSide(p: string): DiffSide {
  const side = diffSide(readManifests(collectManifestFiles([p])));
  const issues = side.analyzer.issues;
  if (issues.length > 0) {
    throw new CliError(issues.map(renderIssue));
  }
  return side;
}

/**
 * Progress on stderr, only when stderr is a terminal: one line rewritten in
 * place, at most every 100 ms, cleared when done. Never used in JSON mode.
 */
export class Progress {
  /** Progress for a command; silent unless `enabled` and stderr is a TTY. */
  public static start(io: CliIo, enabled: boolean): Progress {
    const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
    return new Progress(io, enabled && tty);
  }

  private last = 0;
  private shown = false;

  private constructor(private readonly io: CliIo, private readonly enabled: boolean) {
  }

  /** Shows `text` (throttled; the first update always shows). */
  public update(text: string): void {
    if (!this.enabled) {
      return;
    }
    const now = Date.now();
    if (this.shown && now - this.last < 100) {
      return;
    }
    this.last = now;
    this.shown = true;
    this.io.stderr.write(`\r\u001b[Kcdk8s-netpol: ${text}`);
  }

  /** Clears the progress line. */
  public done(): void {
    if (this.shown) {
      this.io.stderr.write('\r\u001b[K');
      this.shown = false;
    }
  }
}
