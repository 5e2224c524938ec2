import { CliError, CliIo, EXIT_FAILED, EXIT_OK } from './cli-error';
import { InventoryOptions, readInventory } from './inventory';
import { loadPaths, rejectIssues } from './manifests';
import { parsePortSpec } from './matrix-command';
import { Progress } from './progress';
import { PolicyAnalyzer } from '../analysis/analyzer';
import { ConnectivityDiff, DiffSide, diffSides } from '../analysis/diff';
import { LoadedManifests } from '../analysis/load';
import { diffHasChanges, renderDiffJson, renderDiffMarkdown, renderDiffText } from '../render/diff';

/** Options of `cdk8s-netpol diff`. */
export interface DiffCommandOptions extends InventoryOptions {
  /** `--old PATH`, repeatable: the manifests before, instead of the OLD argument. */
  readonly old?: string[];
  /** `--new PATH`, repeatable: the manifests after, instead of the NEW argument. */
  readonly new?: string[];
  /** `80`, `443/TCP`, `53/UDP`, ...: ports to report on their own; none when not given. */
  readonly port?: string[];
  readonly output: 'text' | 'markdown' | 'json';
  /** Exit 1 when anything changed. */
  readonly exitCode?: boolean;
}

/**
 * `cdk8s-netpol diff OLD NEW` (or `--old PATH... --new PATH...`): the
 * connectivity changes from OLD to NEW, each side with the shared
 * inventory of `--cluster` and `--services`. Exit 0, or 1 with
 * `--exit-code` when anything changed. Bad input throws a `CliError`.
 */
export function runDiffCommand(args: string[], options: DiffCommandOptions, io: CliIo): number {
  const { oldPaths, newPaths } = diffPaths(args, options);
  const pinned = (options.port ?? []).map(parsePortSpec);
  const progress = Progress.start(io, options.output !== 'json');
  let diff: ConnectivityDiff;
  try {
    if ((options.cluster ?? []).length > 0) {
      progress.update(`reading ${options.cluster!.join(' ')}`);
    }
    const inventory = readInventory(options, io);
    progress.update(`reading ${oldPaths.join(' ')}`);
    const before = loadSide(oldPaths, inventory);
    progress.update(`reading ${newPaths.join(' ')}`);
    const after = loadSide(newPaths, inventory);
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

/**
 * The paths of each side: the OLD and NEW arguments, or the `--old` and
 * `--new` options (each repeatable), never a mix.
 */
export function diffPaths(args: string[], options: DiffCommandOptions): { oldPaths: string[]; newPaths: string[] } {
  const oldOption = options.old ?? [];
  const newOption = options.new ?? [];
  const usage = 'Give OLD and NEW (cdk8s-netpol diff main-dist/ dist/), or several paths per side with '
    + '--old and --new (cdk8s-netpol diff --old a/ --old b/ --new c/ --new d/).';
  if (oldOption.length > 0 || newOption.length > 0) {
    if (args.length > 0) {
      throw new CliError(`diff takes either OLD NEW arguments or --old/--new options, got both (${args.join(' ')}). ${usage}`);
    }
    if (oldOption.length === 0 || newOption.length === 0) {
      throw new CliError(`diff needs both sides: ${oldOption.length === 0 ? '--old' : '--new'} is missing. ${usage}`);
    }
    return { oldPaths: oldOption, newPaths: newOption };
  }
  if (args.length !== 2) {
    throw new CliError(`diff needs OLD and NEW, got ${args.length === 0 ? 'none' : args.join(' ')}. ${usage}`);
  }
  return { oldPaths: [args[0]], newPaths: [args[1]] };
}

/** Reads one side (files or directories) with the inventory, and refuses policies the API server would reject. */
function loadSide(paths: string[], inventory: ReadonlyArray<LoadedManifests>): DiffSide {
  const loaded = loadPaths(paths, inventory);
  const side: DiffSide = { loaded, analyzer: PolicyAnalyzer._fromLoaded(loaded) };
  rejectIssues(side.analyzer.issues);
  return side;
}
