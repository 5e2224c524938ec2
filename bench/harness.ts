import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as v8 from 'v8';
import * as vm from 'vm';

/*
 * The pure parts of the benchmark harness: argument parsing, statistics,
 * side-by-side rounds, child processes for memory, and formatting.
 */

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..');

/** Options of a benchmark run, from the command line. */
export interface BenchOptions {
  /** Small sizes and few rounds: a smoke test. */
  readonly quick: boolean;
  /** Only benchmarks whose name contains one of these (case-insensitive). */
  readonly filters: string[];
  /** Measured rounds per comparison. */
  readonly rounds: number;
  /** Warm-up rounds, run and thrown away. */
  readonly warmup: number;
  /** Write results.json and BENCHMARKS.md; undefined means "only for a full run". */
  readonly write?: boolean;
  /** Record a CPU profile of each child process (under os.tmpdir()). */
  readonly profile: boolean;
  /** Another checkout to compare this tree's src/ with (before/after), instead of the usual run. */
  readonly baseline?: string;
  /** Print usage and exit. */
  readonly help: boolean;
}

export const USAGE = `Usage: npm run bench -- [options] [name...]

  name...        run only these benchmarks: synth, engine, cli, read, pipeline
                 (pipeline: whole CLI processes on generated clusters with
                 all-pairs probe files, beside the previous CLI; it writes its
                 own section of BENCHMARKS.md unless --quick or --no-write)
  --quick        small sizes and 2 rounds: a smoke test
  --rounds N     measured rounds per comparison (default 5)
  --warmup N     warm-up rounds (default 1)
  --write        write bench/results.json and BENCHMARKS.md even for a partial run
  --no-write     write neither
  --profile      run each memory child with --cpu-prof and print its hottest functions
  --baseline DIR before/after: compare another checkout's src/ (DIR, sharing this
                 tree's node_modules) with this tree's, side by side, for synth
                 and engine; writes bench/results.tmp.json only
  --help         this text

A full run (no --quick, no name) writes bench/results.json and the results
section of BENCHMARKS.md; a partial run writes only bench/results.tmp.json
(git-ignored) unless --write is given.`;

/** Parses the arguments after `npm run bench --`. */
export function parseArgs(argv: readonly string[]): BenchOptions {
  let quick = false;
  let write: boolean | undefined;
  let profile = false;
  let help = false;
  let baseline: string | undefined;
  let rounds: number | undefined;
  let warmup: number | undefined;
  const filters: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) {
        throw new Error(`${arg} needs a whole number, got "${argv[i]}". ${USAGE}`);
      }
      return n;
    };
    switch (arg) {
      case '--quick': quick = true; break;
      case '--write': write = true; break;
      case '--no-write': write = false; break;
      case '--profile': profile = true; break;
      case '--rounds': rounds = value(); break;
      case '--warmup': warmup = value(); break;
      case '--baseline':
        baseline = argv[++i];
        if (!baseline) {
          throw new Error(`--baseline needs a directory.\n${USAGE}`);
        }
        break;
      case '--help': case '-h': help = true; break;
      default:
        if (arg.startsWith('-')) {
          throw new Error(`Unknown option "${arg}".\n${USAGE}`);
        }
        filters.push(arg.toLowerCase());
    }
  }
  return {
    quick,
    filters,
    rounds: Math.max(1, rounds ?? (quick ? 2 : 5)),
    warmup: warmup ?? 1,
    write,
    profile,
    baseline,
    help,
  };
}

/** Whether the benchmark `name` is selected by the filters. */
export function selected(options: BenchOptions, name: string): boolean {
  const lower = name.toLowerCase();
  return options.filters.length === 0 || options.filters.some(f => lower.includes(f) || f.includes(lower));
}

/** Summary statistics of a sample. */
export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: number[];
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median, min and max of `values`. */
export function stats(values: readonly number[]): Stats {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), samples: [...values] };
}

/**
 * The median of the per-round ratios `sample[i] / baseline[i]`. Both ran in
 * the same rounds (see `compareSideBySide`), so each ratio compares runs made
 * moments apart under the same load: steadier than a ratio of medians.
 */
export function pairedRatio(sample: Stats, baseline: Stats): number {
  const n = Math.min(sample.samples.length, baseline.samples.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) {
    ratios.push(sample.samples[i] / baseline.samples[i]);
  }
  return median(ratios);
}

/**
 * The exponent `k` of `y = c * x^k` fitted by least squares on
 * (log x, log y), and the coefficient of determination of the fit.
 */
export function fitExponent(points: ReadonlyArray<{ readonly x: number; readonly y: number }>): { exponent: number; r2: number } {
  const pts = points.filter(p => p.x > 0 && p.y > 0).map(p => ({ x: Math.log(p.x), y: Math.log(p.y) }));
  if (pts.length < 2) {
    return { exponent: NaN, r2: NaN };
  }
  const n = pts.length;
  const mx = pts.reduce((s, p) => s + p.x, 0) / n;
  const my = pts.reduce((s, p) => s + p.y, 0) / n;
  const sxx = pts.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = pts.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const syy = pts.reduce((s, p) => s + (p.y - my) ** 2, 0);
  const exponent = sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { exponent, r2 };
}

/** Milliseconds since an arbitrary origin, sub-millisecond precision. */
export function now(): number {
  return performance.now();
}

/**
 * CPU time (user + system) this process has used, in ms, all threads
 * (GC helpers included). Unlike wall time, it does not count time spent
 * waiting for a core that another job holds.
 */
export function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

let gcFunction: (() => void) | undefined;

/**
 * Runs a full garbage collection, so that one contender's garbage is not
 * collected on the next one's time. Works without `--expose-gc`.
 */
export function collectGarbage(): void {
  if (!gcFunction) {
    const fromGlobal = (globalThis as { gc?: () => void }).gc;
    if (fromGlobal) {
      gcFunction = fromGlobal;
    } else {
      v8.setFlagsFromString('--expose-gc');
      gcFunction = vm.runInNewContext('gc') as () => void;
    }
  }
  gcFunction();
}

/** Durations of the phases of one run, in ms, and any numbers it counted. */
export type PhaseTimes = { [phase: string]: number };

/** One contender of a side-by-side comparison. */
export interface Contender {
  readonly name: string;
  /** Runs once and returns the duration of each phase in ms. */
  run(round: number): PhaseTimes;
}

/** The result of one contender across rounds. */
export interface ContenderResult {
  readonly name: string;
  readonly phases: { [phase: string]: Stats };
}

/**
 * Runs the contenders side by side in this process: in each round every
 * contender runs once, the starting contender rotating from round to round
 * so that none always runs first (or right after the same one). A full GC
 * precedes each run. Warm-up rounds are run and dropped. Samples are kept in
 * round order, so `samples[i]` of two contenders are from the same round.
 */
export function compareSideBySide(
  contenders: readonly Contender[],
  options: { readonly rounds: number; readonly warmup: number; readonly log?: (line: string) => void },
): ContenderResult[] {
  const samples = contenders.map(() => new Map<string, number[]>());
  const total = options.warmup + options.rounds;
  for (let round = 0; round < total; round++) {
    const warm = round < options.warmup;
    const order = contenders.map((_, i) => (i + round) % contenders.length);
    const line: string[] = [];
    for (const i of order) {
      collectGarbage();
      const times = contenders[i].run(round);
      line.push(`${contenders[i].name} ${formatPhases(times)}`);
      if (warm) {
        continue;
      }
      for (const [phase, ms] of Object.entries(times)) {
        const list = samples[i].get(phase) ?? [];
        list.push(ms);
        samples[i].set(phase, list);
      }
    }
    options.log?.(`  ${warm ? 'warm-up' : `round ${round - options.warmup + 1}/${options.rounds}`}: ${line.join(' | ')}`);
  }
  return contenders.map((c, i) => ({
    name: c.name,
    phases: Object.fromEntries([...samples[i].entries()].map(([phase, list]) => [phase, stats(list)])),
  }));
}

function formatPhases(times: PhaseTimes): string {
  return Object.entries(times).map(([k, v]) => `${k}=${formatNumber(v)}`).join(' ');
}

/** What a child process reports about its memory. */
export interface ChildMemory {
  /** Peak resident set size of the child over its whole life (getrusage), MiB. */
  readonly peakRssMiB: number;
  /** Peak RSS before the measured work started (modules loaded, input built), MiB. */
  readonly baselineRssMiB: number;
  /** `peakRssMiB - baselineRssMiB`. */
  readonly workRssMiB: number;
  /** The largest `heapUsed` seen at a phase boundary (no GC forced), MiB. */
  readonly peakHeapUsedMiB: number;
  /** `heapUsed` after a full GC at the end, with the results still referenced, MiB. */
  readonly retainedHeapMiB: number;
}

/** What `runChild` returns: the child's JSON report plus its memory. */
export interface ChildReport {
  readonly memory: ChildMemory;
  readonly [key: string]: unknown;
}

/**
 * Runs `bench/child.ts <args>` in a fresh Node process (ts-node,
 * transpile-only, `--expose-gc`) and returns the JSON it prints last.
 * A fresh process is the honest way to measure one contender's peak RSS.
 */
export function runChild(args: readonly string[], options: { readonly profileDir?: string } = {}): ChildReport {
  const nodeArgs = ['--expose-gc', '-r', require.resolve('ts-node/register/transpile-only')];
  if (options.profileDir) {
    nodeArgs.push('--cpu-prof', '--cpu-prof-dir', options.profileDir);
  }
  const result = spawnSync(process.execPath, [...nodeArgs, path.join(__dirname, 'child.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json') },
    encoding: 'utf-8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`child ${args.join(' ')} failed (status ${result.status}, signal ${result.signal}):\n${result.stderr}`);
  }
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as ChildReport;
}

/** Tracks memory inside a child process; see `ChildMemory`. */
export class MemoryProbe {
  private readonly baselineKiB: number;
  private peakHeapUsed = 0;

  /** Call when the measured work is about to start. */
  constructor() {
    collectGarbage();
    this.baselineKiB = process.resourceUsage().maxRSS;
    this.peakHeapUsed = process.memoryUsage().heapUsed;
  }

  /** Call at each phase boundary. */
  public sample(): void {
    this.peakHeapUsed = Math.max(this.peakHeapUsed, process.memoryUsage().heapUsed);
  }

  /** Call at the end, while the results are still referenced. */
  public finish(): ChildMemory {
    this.sample();
    const peakKiB = process.resourceUsage().maxRSS;
    collectGarbage();
    const retained = process.memoryUsage().heapUsed;
    return {
      peakRssMiB: peakKiB / 1024,
      baselineRssMiB: this.baselineKiB / 1024,
      workRssMiB: (peakKiB - this.baselineKiB) / 1024,
      peakHeapUsedMiB: this.peakHeapUsed / 1048576,
      retainedHeapMiB: retained / 1048576,
    };
  }
}

/** A new temporary directory for CPU profiles. */
export function profileDirectory(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cdk8s-netpol-bench-${name}-`));
}

/**
 * A self-time summary of a `.cpuprofile` file: the hottest functions, leaving
 * out ts-node's TypeScript transpilation. Line numbers are those of the
 * transpiled JavaScript, close to but not always the TypeScript lines.
 */
export function summarizeProfile(file: string, top = 15): Array<{ selfMs: number; percent: number; frame: string }> {
  const profile = JSON.parse(fs.readFileSync(file, 'utf-8')) as {
    nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = (profile.timeDeltas[i] ?? 0) / 1000;
    total += delta;
    const frame = byId.get(id)!.callFrame;
    if (/node_modules\/(typescript|ts-node)\//.test(frame.url)) {
      return;
    }
    const url = frame.url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '');
    const key = `${frame.functionName || '(anonymous)'} ${url ? `${url}:${frame.lineNumber + 1}` : ''}`.trim();
    self.set(key, (self.get(key) ?? 0) + delta);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([frame, ms]) => ({ selfMs: ms, percent: (100 * ms) / total, frame }));
}

/** Formats ms (or a count) with sensible precision. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  const abs = Math.abs(value);
  if (abs >= 100) {
    return Math.round(value).toLocaleString('en-US');
  }
  if (abs >= 10) {
    return value.toFixed(1);
  }
  return value.toFixed(2);
}

/** Formats a ratio as "1.23×", or with two significant digits below 0.1 ("0.0071×"). */
export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) {
    return '—';
  }
  return r >= 0.1 ? `${r.toFixed(2)}×` : `${r.toPrecision(2)}×`;
}

/** Formats a duration in ms as "123 ms" or "4.56 s". */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${formatNumber(ms)} ms`;
}

/** A Markdown table. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
