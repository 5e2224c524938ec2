import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliCase, writeCliCase } from './cli-cases';
import { formatMs, formatNumber, markdownTable, ROOT } from './harness';

/*
 * The CLI at pipeline scale: whole `cdk8s-netpol` processes on generated
 * clusters, as a pipeline runs them: `test` with an all-pairs JSON probes
 * file, and `matrix --output json`. Each case runs once with this tree's
 * build and once with the previous reader and renderer (the CLI at
 * PREVIOUS_COMMIT, built in a temporary directory), side by side. Wall time,
 * CPU time and peak RSS come from /usr/bin/time. The figures of one run on
 * a shared machine are noisy: CPU time is the steadier.
 */

/** The commit with the previous probe reader and renderers. */
export const PREVIOUS_COMMIT = 'fdd6984';

/** Where the previous CLI is built. */
const PREVIOUS_DIR = path.join(os.tmpdir(), `cdk8s-netpol-bench-${PREVIOUS_COMMIT}`);

/** A run of the previous CLI is stopped after this many times its case's target. */
const PREVIOUS_TIMEOUT_FACTOR = 20;

/** One whole-process case. */
export interface PipelineCase {
  readonly id: string;
  readonly workloads: number;
  /** Probes sampled from the pairs; undefined: every pair (`writeCliCase`). */
  readonly sample?: number;
  /** `test` with the probes file, or `matrix --port 8080 --output json`. */
  readonly command: 'test' | 'matrix';
  readonly targetSeconds: number;
  readonly targetMiB?: number;
}

/** The cases: the issue's targets, or small ones for --quick. */
export function pipelineCases(quick: boolean): PipelineCase[] {
  return quick
    ? [
      { id: 'test-50', workloads: 50, command: 'test', targetSeconds: 1 },
      { id: 'test-200', workloads: 200, command: 'test', targetSeconds: 1 },
      { id: 'matrix-500', workloads: 500, command: 'matrix', targetSeconds: 15 },
    ]
    : [
      { id: 'test-200', workloads: 200, command: 'test', targetSeconds: 1 },
      { id: 'test-1000', workloads: 1_000, command: 'test', targetSeconds: 15, targetMiB: 1024 },
      { id: 'test-10000', workloads: 10_000, sample: 100_000, command: 'test', targetSeconds: 8 },
      { id: 'matrix-10000', workloads: 10_000, command: 'matrix', targetSeconds: 15, targetMiB: 2048 },
    ];
}

/** What one process did. */
export interface ProcessRun {
  readonly wallSeconds: number;
  readonly userSeconds: number;
  readonly systemSeconds: number;
  readonly peakRssMiB: number;
  readonly exitCode: number | null;
  readonly outputBytes: number;
  /** Why it did not finish (a signal, a timeout, an error on stderr). */
  readonly failure?: string;
}

/** One case, both builds. */
export interface PipelineCaseResult {
  readonly case: PipelineCase;
  readonly probes?: number;
  readonly probesBytes?: number;
  readonly manifestsBytes: number;
  readonly current: ProcessRun;
  readonly previous?: ProcessRun;
  /** previous wall / current wall, when both finished. */
  readonly wallRatio?: number;
  /** previous CPU / current CPU, when both finished. */
  readonly cpuRatio?: number;
  /** Whether the current output equals the previous one less explanations (test), when compared. */
  readonly sameResults?: boolean;
}

/** The pipeline section of the results. */
export interface PipelineResults {
  readonly cores: number;
  readonly loadAverageStart: number[];
  readonly loadAverageEnd: number[];
  readonly previousCommit: string;
  readonly previousSkipped?: string;
  readonly cases: PipelineCaseResult[];
}

/** Runs every case; `log` gets a line per run. */
export function runPipeline(quick: boolean, log: (line: string) => void): PipelineResults {
  const loadAverageStart = os.loadavg();
  let previousSkipped: string | undefined;
  try {
    preparePrevious(log);
  } catch (e) {
    previousSkipped = `the previous CLI could not be built: ${(e as Error).message.split('\n')[0]}`;
    log(`  ${previousSkipped}`);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-netpol-bench-pipeline-'));
  const cases: PipelineCaseResult[] = [];
  try {
    for (const c of pipelineCases(quick)) {
      // A matrix needs no probes: an empty list.
      const input = writeCliCase(path.join(work, c.id), c.workloads, c.command === 'matrix' ? 0 : c.sample);
      const manifestsBytes = fs.statSync(input.manifests).size;
      log(`  ${c.id}: ${c.workloads.toLocaleString('en-US')} workloads`
        + `${c.command === 'test' ? `, ${input.probeCount.toLocaleString('en-US')} probes (${formatNumber(input.probesBytes / 1e6)} MB JSON)` : ''}`);
      const currentOut = path.join(work, `${c.id}.current.json`);
      const current = runCli(path.join(ROOT, 'bin', 'cdk8s-netpol'), argsOf(c, input), currentOut, c.targetSeconds * PREVIOUS_TIMEOUT_FACTOR);
      log(`    current:  ${describeRun(current)}`);
      let previous: ProcessRun | undefined;
      let sameResults: boolean | undefined;
      if (previousSkipped === undefined) {
        const previousOut = path.join(work, `${c.id}.previous.json`);
        previous = runCli(path.join(PREVIOUS_DIR, 'bin', 'cdk8s-netpol'), argsOf(c, input), previousOut,
          c.targetSeconds * PREVIOUS_TIMEOUT_FACTOR);
        log(`    previous: ${describeRun(previous)}`);
        if (c.command === 'test' && previous.failure === undefined && current.failure === undefined && previous.outputBytes < 512e6) {
          sameResults = sameProbeResults(previousOut, currentOut);
          log(`    results equal (previous less explanations): ${sameResults}`);
        }
        fs.rmSync(previousOut, { force: true });
      }
      fs.rmSync(currentOut, { force: true });
      const finished = previous !== undefined && previous.failure === undefined && current.failure === undefined;
      cases.push({
        case: c,
        probes: c.command === 'test' ? input.probeCount : undefined,
        probesBytes: c.command === 'test' ? input.probesBytes : undefined,
        manifestsBytes,
        current,
        previous,
        wallRatio: finished ? previous!.wallSeconds / current.wallSeconds : undefined,
        cpuRatio: finished ? cpu(previous!) / cpu(current) : undefined,
        sameResults,
      });
      fs.rmSync(path.join(work, c.id), { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { cores: os.cpus().length, loadAverageStart, loadAverageEnd: os.loadavg(), previousCommit: PREVIOUS_COMMIT, previousSkipped, cases };
}

/** CPU seconds of a run, user and system. */
export function cpu(run: ProcessRun): number {
  return run.userSeconds + run.systemSeconds;
}

function argsOf(c: PipelineCase, input: CliCase): string[] {
  return c.command === 'test'
    ? ['test', input.manifests, '--probes', input.probes, '--output', 'json']
    : ['matrix', input.manifests, '--port', '8080', '--output', 'json'];
}

/** Runs `node BIN ARGS > OUT` under /usr/bin/time. */
function runCli(bin: string, args: string[], out: string, timeoutSeconds: number): ProcessRun {
  const timing = `${out}.time`;
  const fd = fs.openSync(out, 'w');
  let result;
  try {
    result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timing, process.execPath, bin, ...args], {
      stdio: ['ignore', fd, 'pipe'],
      timeout: timeoutSeconds * 1000,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    });
  } finally {
    fs.closeSync(fd);
  }
  const outputBytes = fs.statSync(out).size;
  const fields = fs.existsSync(timing) ? fs.readFileSync(timing, 'utf-8').trim().split('\n').pop()!.split(' ').map(Number) : [];
  fs.rmSync(timing, { force: true });
  const [wall, user, system, maxKiB] = fields.length === 4 && fields.every(Number.isFinite) ? fields : [NaN, NaN, NaN, NaN];
  const stderr = String(result.stderr ?? '').trim();
  // `test` exits 1 when an expectation fails (the probes file expects some flows wrongly, on purpose).
  let failure: string | undefined;
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    failure = `stopped after ${timeoutSeconds} s`;
  } else if (result.status !== 0 && result.status !== 1) {
    failure = `exit ${result.status ?? result.signal}${stderr ? `: ${stderr.split('\n').filter(l => !l.startsWith('Command ')).slice(-1)[0] ?? ''}` : ''}`;
  }
  return {
    wallSeconds: failure?.startsWith('stopped') ? timeoutSeconds : wall,
    userSeconds: user,
    systemSeconds: system,
    peakRssMiB: maxKiB / 1024,
    exitCode: result.status,
    outputBytes,
    ...(failure !== undefined ? { failure } : {}),
  };
}

function describeRun(run: ProcessRun): string {
  const what = `${formatMs(run.wallSeconds * 1000)} wall, ${formatMs(cpu(run) * 1000)} CPU, peak RSS ${formatNumber(run.peakRssMiB)} MiB, `
    + `${formatNumber(run.outputBytes / 1e6)} MB out`;
  return run.failure === undefined ? what : `FAILED (${run.failure}) after ${what}`;
}

/** Whether the current compact report equals the previous report with each result's explanation left out. */
function sameProbeResults(previousFile: string, currentFile: string): boolean {
  const previous = JSON.parse(fs.readFileSync(previousFile, 'utf-8'));
  for (const result of previous.results) {
    delete result.explanation;
  }
  return `${JSON.stringify(previous)}\n` === fs.readFileSync(currentFile, 'utf-8');
}

/**
 * Builds the CLI at PREVIOUS_COMMIT in PREVIOUS_DIR (once): its files from
 * `git archive`, this tree's node_modules, compiled with tsc.
 */
function preparePrevious(log: (line: string) => void): void {
  if (fs.existsSync(path.join(PREVIOUS_DIR, 'lib', 'cli', 'index.js'))) {
    return;
  }
  log(`  building the previous CLI (${PREVIOUS_COMMIT}) in ${PREVIOUS_DIR}`);
  fs.rmSync(PREVIOUS_DIR, { recursive: true, force: true });
  fs.mkdirSync(PREVIOUS_DIR, { recursive: true });
  const archive = execFileSync('git', ['archive', '--format=tar', PREVIOUS_COMMIT], { cwd: ROOT, maxBuffer: 512 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', PREVIOUS_DIR], { input: archive });
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(PREVIOUS_DIR, 'node_modules'));
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
    { cwd: PREVIOUS_DIR, stdio: 'inherit' });
}

/** The markdown of the pipeline section. */
export function renderPipelineMarkdown(p: PipelineResults, date: string): string {
  const out: string[] = [];
  const s = (seconds: number | undefined) => (seconds === undefined || !Number.isFinite(seconds) ? '—' : formatMs(seconds * 1000));
  const r = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(1)}×`);
  const run = (x: ProcessRun | undefined) => (x === undefined ? '—'
    : x.failure !== undefined ? `failed: ${x.failure} (${s(x.wallSeconds)}, ${formatNumber(x.peakRssMiB)} MiB)`
      : `${s(x.wallSeconds)} wall, ${s(cpu(x))} CPU, ${formatNumber(x.peakRssMiB)} MiB`);
  out.push('### CLI at pipeline scale (whole processes)', '');
  out.push(`Run ${date} on ${p.cores} cores; load average ${p.loadAverageStart.map(l => l.toFixed(1)).join('/')} at the start, `
    + `${p.loadAverageEnd.map(l => l.toFixed(1)).join('/')} at the end. One run per cell: on a shared machine the wall times are `
    + 'noisy, CPU time (user + system) less so. "Previous" is the CLI at '
    + `\`${p.previousCommit}\` (the probe reader and renderers before streaming), built from \`git archive\`; a previous run is stopped `
    + `after ${PREVIOUS_TIMEOUT_FACTOR}× its target.`);
  if (p.previousSkipped) {
    out.push('', `Previous: skipped, ${p.previousSkipped}.`);
  }
  out.push('', markdownTable(
    ['Case', 'Input', 'Target', 'Current', 'Previous', 'Ratio wall (CPU)', 'Same results'],
    p.cases.map(c => [
      `\`${c.case.command}\` @ ${c.case.workloads.toLocaleString('en-US')}`,
      c.probes !== undefined
        ? `${c.probes.toLocaleString('en-US')} probes (${formatNumber(c.probesBytes! / 1e6)} MB JSON)`
        : '`--port 8080 --output json`',
      `≤ ${c.case.targetSeconds} s${c.case.targetMiB ? `, ≤ ${formatNumber(c.case.targetMiB / 1024)} GiB` : ''}`,
      run(c.current),
      run(c.previous),
      c.wallRatio !== undefined ? `${r(c.wallRatio)} (${r(c.cpuRatio)})` : '—',
      c.sameResults === undefined ? '—' : c.sameResults ? 'yes' : 'NO',
    ])));
  return out.join('\n');
}

/** Targets of the pipeline section: time and memory per case, and 10× the previous CLI. */
export function pipelineTargets(p: PipelineResults): Array<{ id: string; description: string; measured: string; met: boolean }> {
  return p.cases.map(c => {
    const timeOk = c.current.failure === undefined && c.current.wallSeconds <= c.case.targetSeconds;
    const memoryOk = c.case.targetMiB === undefined || c.current.peakRssMiB <= c.case.targetMiB;
    // A previous run that failed or was stopped gives a lower bound of the ratio.
    const ratioOk = c.previous !== undefined && c.current.failure === undefined && c.previous.wallSeconds / c.current.wallSeconds >= 10;
    return {
      id: `pipeline-${c.case.id}`,
      description: `\`${c.case.command}\` @ ${c.case.workloads.toLocaleString('en-US')} workloads `
        + `≤ ${c.case.targetSeconds} s${c.case.targetMiB ? ` and ≤ ${c.case.targetMiB} MiB` : ''}, ≥ 10× the previous CLI (wall, whole process)`,
      measured: `${formatMs(c.current.wallSeconds * 1000)}, ${formatNumber(c.current.peakRssMiB)} MiB; `
        + (c.previous === undefined ? 'previous not run'
          : c.previous.failure !== undefined ? `previous failed (${c.previous.failure})` : `${(c.wallRatio ?? NaN).toFixed(1)}× the previous`),
      met: timeOk && memoryOk && ratioOk,
    };
  });
}
