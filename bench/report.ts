import * as fs from 'fs';
import * as path from 'path';
import { AbResults } from './ab';
import { CliBuild } from './cli.bench';
import { ChildMemory, formatMs, formatNumber, formatRatio, markdownTable, ROOT, Stats } from './harness';
import { PipelineResults, renderPipelineMarkdown } from './pipeline.bench';
import { ReadEquivalence } from './read.bench';
import { Equivalence } from './synth.bench';

/*
 * bench/results.json and the results section of BENCHMARKS.md.
 */

export const RESULTS_FILE = path.join(ROOT, 'bench', 'results.json');
export const PARTIAL_RESULTS_FILE = path.join(ROOT, 'bench', 'results.tmp.json');
export const BENCHMARKS_FILE = path.join(ROOT, 'BENCHMARKS.md');
export const START_MARKER = '<!-- results:start -->';
export const END_MARKER = '<!-- results:end -->';

/** Where and how the run happened. */
export interface RunMeta {
  readonly date: string;
  readonly command: string;
  readonly argv: string[];
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemoryGiB: number;
  readonly loadAverageStart: number[];
  loadAverageEnd?: number[];
  readonly quick: boolean;
  readonly rounds: number;
  readonly warmup: number;
  readonly filters: string[];
  durationSeconds?: number;
}

export interface SynthContenderResult {
  readonly name: string;
  readonly phases: { [phase: string]: Stats };
  /** Per phase, the median of the per-round ratios to the baseline (`pairedRatio`). */
  readonly ratioToRaw: { [phase: string]: number };
  readonly memory?: ChildMemory;
}

export interface SynthResults {
  readonly policies: number;
  readonly contenders: SynthContenderResult[];
  readonly equivalence: Equivalence[];
}

export interface EngineSizeResult {
  readonly workloads: number;
  readonly policies: number;
  readonly namespaces: number;
  readonly patterns: { readonly [pattern: string]: number };
  readonly phases: { [phase: string]: Stats };
  readonly probes: number;
  readonly probesPerSecond: number;
  readonly lookupsPerSecond: number;
  readonly allowedPairs: number;
  readonly allowedProbes: number;
  readonly memory?: ChildMemory;
  /** Phase times of the single run in a fresh process (cold JIT). */
  readonly cold?: { [phase: string]: number };
}

export interface EngineResults {
  readonly port: number;
  readonly sizes: EngineSizeResult[];
  /**
   * Fitted exponent of time vs workloads, per phase: over all sizes, and
   * between the two largest (the local slope, where growth is steepest).
   */
  readonly exponents: { [phase: string]: { exponent: number; r2: number; lastStep: number } };
}

export interface CliResults {
  readonly build: CliBuild;
  readonly commands: Array<{ readonly name: string; readonly wall: Stats; readonly overBaselineMs: number }>;
}

/** A manifest set of the read benchmark, as written. */
export interface ReadSetInfo {
  readonly workloads: number;
  readonly policies: number;
  readonly namespaces: number;
  /** Namespaces, Deployments and NetworkPolicies. */
  readonly objects: number;
  readonly files: number;
  readonly yamlBytes: number;
  readonly jsonBytes: number;
}

export interface ReadContenderResult {
  readonly name: string;
  /** The files it reads: `YAML` or `JSON`. */
  readonly input: string;
  /** The size of those files. */
  readonly bytes: number;
  readonly phases: { [phase: string]: Stats };
  /** `bytes` over the median `read` time, in MB (10^6 bytes) per second. */
  readonly mbPerSecond: number;
  /** Per phase, the median of the per-round ratios to our `ManifestReader`'s same phase (`read+analyzer`: to its `read`). */
  readonly ratioToOurs: { [phase: string]: number };
}

/** The dist/ read once by the CLI read path in a fresh process. */
export interface ReadDistResult extends ReadSetInfo {
  /** Phase times of that single run (cold JIT), ms. */
  readonly times: { [phase: string]: number };
  /** `yamlBytes` over the `read` time, MB/s. */
  readonly mbPerSecond: number;
  /** Peak RSS of the process when reading ended, before the analyzer, MiB. */
  readonly readPeakRssMiB: number;
  readonly memory: ChildMemory;
}

export interface ReadResults {
  /** Versions of the parsers compared. */
  readonly versions: { [library: string]: string };
  /** The set read side by side. */
  readonly compare: ReadSetInfo;
  readonly contenders: ReadContenderResult[];
  readonly equivalence: ReadEquivalence[];
  /** Contenders left out, and why. */
  readonly skipped: string[];
  readonly dist: ReadDistResult;
}

export interface TargetResult {
  readonly id: string;
  readonly description: string;
  readonly measured: string;
  readonly met: boolean;
}

export interface ProfileSummary {
  readonly name: string;
  readonly file: string;
  readonly top: Array<{ selfMs: number; percent: number; frame: string }>;
}

export interface Results {
  readonly meta: RunMeta;
  synth?: SynthResults;
  engine?: EngineResults;
  cli?: CliResults;
  read?: ReadResults;
  pipeline?: PipelineResults;
  targets: TargetResult[];
  profiles?: ProfileSummary[];
  /** A before/after run (`--baseline`). */
  ab?: AbResults;
}

/** Writes the results as JSON. */
export function writeResults(results: Results, file: string): void {
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

export const PIPELINE_START_MARKER = '<!-- pipeline:start -->';
export const PIPELINE_END_MARKER = '<!-- pipeline:end -->';

/**
 * Replaces the pipeline section of BENCHMARKS.md (between its own markers,
 * after the results section), so a run of that section alone records it.
 */
export function updatePipelineMd(results: Results): void {
  if (!results.pipeline) {
    return;
  }
  const section = `${PIPELINE_START_MARKER}\n${renderPipelineMarkdown(results.pipeline, results.meta.date)}\n${PIPELINE_END_MARKER}`;
  const text = fs.existsSync(BENCHMARKS_FILE) ? fs.readFileSync(BENCHMARKS_FILE, 'utf-8') : '# Benchmarks\n';
  const start = text.indexOf(PIPELINE_START_MARKER);
  const end = text.indexOf(PIPELINE_END_MARKER);
  const updated = start >= 0 && end > start
    ? `${text.slice(0, start)}${section}${text.slice(end + PIPELINE_END_MARKER.length)}`
    : `${text.trimEnd()}\n\n## The CLI at pipeline scale\n\n\`npm run bench -- pipeline\` writes this section; a full run writes it too.\n\n${section}\n`;
  fs.writeFileSync(BENCHMARKS_FILE, updated);
}

/** Replaces the results section of BENCHMARKS.md (between the markers). */
export function updateBenchmarksMd(results: Results): void {
  const section = `${START_MARKER}\n${renderMarkdown(results)}\n${END_MARKER}`;
  const text = fs.existsSync(BENCHMARKS_FILE) ? fs.readFileSync(BENCHMARKS_FILE, 'utf-8') : '# Benchmarks\n';
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  const updated = start >= 0 && end > start
    ? `${text.slice(0, start)}${section}${text.slice(end + END_MARKER.length)}`
    : `${text.trimEnd()}\n\n## Results\n\n${section}\n`;
  fs.writeFileSync(BENCHMARKS_FILE, updated);
}

const mib = (m: number | undefined) => (m === undefined ? '—' : `${formatNumber(m)} MiB`);
const ratio = (r: number | undefined) => (r === undefined || !Number.isFinite(r) ? '—' : `${r.toFixed(2)}×`);
const range = (s: Stats | undefined) => (s ? `${formatMs(s.median)} (${formatMs(s.min)}–${formatMs(s.max)})` : '—');
const med = (s: Stats | undefined) => (s ? formatMs(s.median) : '—');
const mb = (bytes: number) => `${formatNumber(bytes / 1e6)} MB`;

/** The results section: run, targets, then one table per benchmark. */
export function renderMarkdown(results: Results): string {
  const m = results.meta;
  const out: string[] = [];
  out.push(`Command: \`${m.command}\` · ${m.date} · Node ${m.node} (V8 ${m.v8}) · ${m.platform} · `
    + `${m.cpus} cores (\`os.cpus().length\`, ${m.cpuModel}) · ${m.totalMemoryGiB.toFixed(0)} GiB RAM · `
    + `load average ${m.loadAverageStart.map(l => l.toFixed(2)).join('/')} at start, `
    + `${(m.loadAverageEnd ?? []).map(l => l.toFixed(2)).join('/')} at end · `
    + `${m.rounds} rounds + ${m.warmup} warm-up · ${Math.round(m.durationSeconds ?? 0)} s`);
  if (m.quick || m.filters.length > 0) {
    out.push('', `**Partial run** (${m.quick ? '--quick' : ''}${m.filters.length > 0 ? ` filters: ${m.filters.join(', ')}` : ''}): not comparable with a full run.`);
  }
  out.push('', 'Times are medians over the rounds (min–max in brackets where shown).');

  out.push('', '### Targets', '', markdownTable(['Target', 'Measured', 'Met'],
    results.targets.map(t => [t.description, t.measured, t.met ? 'yes' : '**no**'])));

  const s = results.synth;
  if (s) {
    out.push('', `### Synthesis: ${s.policies.toLocaleString('en-US')} policies`, '');
    out.push(markdownTable(
      ['Contender', 'construct', 'chart.toJson()', 'construct+toJson', '× raw', '× raw (CPU time)', 'objects toJson (no validation)', 'Yaml.stringify',
        'peak RSS (work)'],
      s.contenders.map(c => [
        c.name,
        med(c.phases.construct),
        med(c.phases.toJson),
        range(c.phases['construct+toJson']),
        ratio(c.ratioToRaw['construct+toJson']),
        ratio(c.ratioToRaw['cpu:construct+toJson']),
        med(c.phases.objectsToJson),
        med(c.phases.yaml),
        c.memory ? `${mib(c.memory.peakRssMiB)} (${mib(c.memory.workRssMiB)})` : '—',
      ])));
    out.push('', 'Output compared with raw `KubeNetworkPolicy`: '
      + s.equivalence.map(e => `${e.contender}: ${e.identicalYaml ? 'identical YAML' : `${e.differingObjects} objects differ (${e.examples.join('; ')})`}`).join('; ')
      + '.');
  }

  const e = results.engine;
  if (e) {
    out.push('', `### Engine: generated clusters, matrix and probes on TCP ${e.port}`, '');
    out.push(markdownTable(
      ['Workloads', 'Policies', 'load', 'prepare', 'matrix()', 'cells', 'load→cells', 'canReach/s', 'isAllowed/s', 'peak RSS', 'allowed pairs'],
      e.sizes.map(z => [
        z.workloads.toLocaleString('en-US'),
        z.policies.toLocaleString('en-US'),
        med(z.phases.load),
        med(z.phases.prepare),
        med(z.phases.matrix),
        med(z.phases.cells),
        range(z.phases['load→cells']),
        Math.round(z.probesPerSecond).toLocaleString('en-US'),
        Math.round(z.lookupsPerSecond).toLocaleString('en-US'),
        mib(z.memory?.peakRssMiB),
        z.allowedPairs.toLocaleString('en-US'),
      ])));
    const cold = e.sizes.filter(z => z.cold);
    if (cold.length > 0) {
      out.push('', 'Same, single run in a fresh process (cold JIT; the run that measured peak RSS): '
        + cold.map(z => `${z.workloads.toLocaleString('en-US')}: load ${formatMs(z.cold!.load)}, matrix ${formatMs(z.cold!.matrix)}, `
          + `load→cells ${formatMs(z.cold!['load→cells'])}`).join('; ') + '.');
    }
    const [a, b] = e.sizes.slice(-2).map(z => z.workloads.toLocaleString('en-US'));
    out.push('', `Growth, time ∝ workloads^k: k fitted by least squares on log-log over all sizes, and (in brackets) between ${a} and ${b}: `
      + Object.entries(e.exponents).map(([phase, f]) => `${phase} k = ${f.exponent.toFixed(2)} (${f.lastStep.toFixed(2)})`).join(', ') + '.');
  }

  const c = results.cli;
  if (c) {
    out.push('', '### CLI start-up', '');
    out.push(markdownTable(['Command', 'wall (min–max)', 'over `node -e 0`'],
      c.commands.map(x => [`\`${x.name}\``, range(x.wall), x.name === 'node -e 0' ? '—' : formatMs(x.overBaselineMs)])));
    if (c.build.staleAgainst) {
      out.push('', `Note: \`lib/\` is older than \`${c.build.staleAgainst}\`; the CLI figures are for the last compiled build.`);
    }
  }

  const r = results.read;
  if (r) {
    const set = r.compare;
    out.push('', `### Reading manifests: ${set.workloads.toLocaleString('en-US')} workloads + ${set.policies.toLocaleString('en-US')} policies `
      + `(${set.objects.toLocaleString('en-US')} objects in ${set.files} files: ${mb(set.yamlBytes)} YAML, ${mb(set.jsonBytes)} JSON)`, '');
    out.push(markdownTable(
      ['Contender', 'input', 'read (min–max)', 'MB/s', '× netpol ManifestReader', '× (CPU time)', 'analyzer', 'read+analyzer'],
      r.contenders.map(x => [
        x.name,
        `${x.input}, ${mb(x.bytes)}`,
        range(x.phases.read),
        formatNumber(x.mbPerSecond),
        formatRatio(x.ratioToOurs.read),
        formatRatio(x.ratioToOurs['cpu:read']),
        med(x.phases.analyzer),
        x.phases['read+analyzer'] ? `${med(x.phases['read+analyzer'])} (${formatRatio(x.ratioToOurs['read+analyzer'])})` : '—',
      ])));
    out.push('', `Parsers: ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ')}. Objects read compared with those written `
      + '(`util.isDeepStrictEqual`): '
      + r.equivalence.map(x => `${x.contender}: ${x.differingObjects === 0 && x.examples.length === 0
        ? `${x.objects.toLocaleString('en-US')} equal`
        : `${x.differingObjects} differ (${x.examples.join('; ')})`}`).join('; ')
      + '.');
    if (r.skipped.length > 0) {
      out.push('', `Skipped: ${r.skipped.join('; ')}.`);
    }
    const d = r.dist;
    out.push('', `A ${mb(d.yamlBytes)} dist/ (${d.workloads.toLocaleString('en-US')} Deployments, ${d.policies.toLocaleString('en-US')} NetworkPolicies `
      + `and ${d.namespaces.toLocaleString('en-US')} Namespaces in ${d.files} YAML files), read once by the CLI read path in a fresh process: `
      + `read ${formatMs(d.times.read)} (${formatNumber(d.mbPerSecond)} MB/s), analyzer ${formatMs(d.times.analyzer)}, `
      + `read+analyzer ${formatMs(d.times['read+analyzer'])}; peak RSS ${mib(d.readPeakRssMiB)} when reading ends, `
      + `${mib(d.memory.peakRssMiB)} at the end (${mib(d.memory.workRssMiB)} of work); heap retained with the manifests and analyzer `
      + `${mib(d.memory.retainedHeapMiB)}.`);
  }
  return out.join('\n');
}
