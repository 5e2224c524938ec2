import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runAb } from './ab';
import { cliContenders, prepareCli } from './cli.bench';
import { ENGINE_PORT, engineCase, engineContenders, engineSizes, probeCount } from './engine.bench';
import {
  BenchOptions,
  ChildReport,
  compareSideBySide,
  ContenderResult,
  fitExponent,
  formatMs,
  formatNumber,
  formatRatio,
  pairedRatio,
  parseArgs,
  profileDirectory,
  ROOT,
  runChild,
  selected,
  summarizeProfile,
  USAGE,
} from './harness';
import { pipelineTargets, runPipeline } from './pipeline.bench';
import {
  checkReadEquivalence,
  loadJsYaml,
  manifestSet,
  READ_CONTENDERS,
  readContenders,
  ReadEquivalence,
  readSizes,
  removeManifestSet,
} from './read.bench';
import {
  BENCHMARKS_FILE,
  CliResults,
  EngineResults,
  EngineSizeResult,
  PARTIAL_RESULTS_FILE,
  ProfileSummary,
  ReadContenderResult,
  ReadResults,
  RESULTS_FILE,
  Results,
  RunMeta,
  SynthResults,
  TargetResult,
  updateBenchmarksMd,
  updatePipelineMd,
  writeResults,
} from './report';
import { checkEquivalence, SYNTH_CONTENDERS, synthContenders, synthInputs } from './synth.bench';

/*
 * `npm run bench [-- options]`: see USAGE in harness.ts and BENCHMARKS.md.
 */

const log = (line: string) => process.stdout.write(`${line}\n`);
const GIB = 1024;

function main(argv: string[]): void {
  const options = parseArgs(argv);
  if (options.help) {
    log(USAGE);
    return;
  }
  const started = Date.now();
  const meta: RunMeta = {
    date: new Date().toISOString(),
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    argv,
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    totalMemoryGiB: os.totalmem() / 1024 ** 3,
    loadAverageStart: os.loadavg(),
    quick: options.quick,
    rounds: options.rounds,
    warmup: options.warmup,
    filters: options.filters,
  };
  log(`${meta.command}: Node ${meta.node}, ${meta.cpus} cores (${meta.cpuModel}), load ${meta.loadAverageStart.map(l => l.toFixed(2)).join('/')}`);
  if (options.baseline) {
    const ab = runAb(options, options.baseline, log);
    meta.loadAverageEnd = os.loadavg();
    meta.durationSeconds = (Date.now() - started) / 1000;
    writeResults({ meta, targets: [], ab }, PARTIAL_RESULTS_FILE);
    log(`\nWrote ${path.relative(ROOT, PARTIAL_RESULTS_FILE)}. Done in ${Math.round(meta.durationSeconds)} s.`);
    return;
  }
  const results: Results = { meta, targets: [] };
  const profiles: ProfileSummary[] = [];

  if (selected(options, 'synth')) {
    results.synth = benchSynth(options, profiles);
  }
  if (selected(options, 'engine')) {
    results.engine = benchEngine(options, profiles);
  }
  if (selected(options, 'cli')) {
    results.cli = benchCli(options);
  }
  if (selected(options, 'read')) {
    results.read = benchRead(options, profiles);
  }
  if (selected(options, 'pipeline')) {
    log('\n== CLI at pipeline scale (whole processes)');
    results.pipeline = runPipeline(options.quick, log);
  }
  results.targets = evaluateTargets(results);
  if (profiles.length > 0) {
    results.profiles = profiles;
  }
  meta.loadAverageEnd = os.loadavg();
  meta.durationSeconds = (Date.now() - started) / 1000;

  log('\nTargets:');
  for (const t of results.targets) {
    log(`  ${t.met ? 'MET   ' : 'MISSED'} ${t.description}: ${t.measured}`);
  }
  const full = !options.quick && options.filters.length === 0;
  const write = options.write ?? full;
  if (results.pipeline && options.write !== false && !options.quick) {
    updatePipelineMd(results);
    log(`\nWrote the pipeline section of ${path.relative(ROOT, BENCHMARKS_FILE)}.`);
  }
  if (write) {
    writeResults(results, RESULTS_FILE);
    updateBenchmarksMd(results);
    log(`\nWrote ${path.relative(ROOT, RESULTS_FILE)} and the results section of ${path.relative(ROOT, BENCHMARKS_FILE)}.`);
  } else if (options.write === undefined) {
    writeResults(results, PARTIAL_RESULTS_FILE);
    log(`\nPartial run: wrote ${path.relative(ROOT, PARTIAL_RESULTS_FILE)} only (use --write to update results.json and BENCHMARKS.md).`);
  }
  log(`Done in ${Math.round(meta.durationSeconds)} s.`);
}

function child(options: BenchOptions, profiles: ProfileSummary[], name: string, args: string[]): ChildReport {
  const profileDir = options.profile ? profileDirectory(name) : undefined;
  const report = runChild(args, { profileDir });
  if (profileDir) {
    const file = fs.readdirSync(profileDir).find(f => f.endsWith('.cpuprofile'));
    if (file) {
      const full = path.join(profileDir, file);
      const top = summarizeProfile(full);
      profiles.push({ name, file: full, top });
      log(`  CPU profile of ${name} (${full}), top self time:`);
      for (const f of top) {
        log(`    ${formatNumber(f.selfMs).padStart(8)} ms ${f.percent.toFixed(1).padStart(5)}%  ${f.frame}`);
      }
    }
  }
  return report;
}

function benchSynth(options: BenchOptions, profiles: ProfileSummary[]): SynthResults {
  const n = options.quick ? 1_000 : 10_000;
  log(`\n== Synthesis: ${n.toLocaleString('en-US')} policies, ${SYNTH_CONTENDERS.length} contenders side by side`);
  const inputs = synthInputs(n);
  const equivalence = checkEquivalence(inputs);
  for (const e of equivalence) {
    log(`  ${e.contender} vs raw: ${e.identicalYaml ? 'identical YAML' : `${e.differingObjects} objects differ: ${e.examples.join('; ')}`}`);
  }
  const compared = compareSideBySide(synthContenders(inputs), { rounds: options.rounds, warmup: options.warmup, log });
  const baseline = compared[0];
  const contenders = compared.map(c => {
    log(`  memory: ${c.name} in a fresh process`);
    const report = child(options, profiles, `synth-${c.name.replace(/[^a-z0-9]+/gi, '-')}`, ['synth', c.name, String(n)]);
    return {
      ...c,
      ratioToRaw: Object.fromEntries(Object.keys(c.phases).map(p => [p, pairedRatio(c.phases[p], baseline.phases[p])])),
      memory: report.memory,
    };
  });
  for (const c of contenders) {
    log(`  ${c.name.padEnd(28)} construct ${formatMs(c.phases.construct.median)}, toJson ${formatMs(c.phases.toJson.median)}, `
      + `construct+toJson ${formatMs(c.phases['construct+toJson'].median)} (${c.ratioToRaw['construct+toJson'].toFixed(2)}× raw; `
      + `CPU time ${c.ratioToRaw['cpu:construct+toJson'].toFixed(2)}×), `
      + `yaml ${formatMs(c.phases.yaml.median)}, peak RSS ${formatNumber(c.memory.peakRssMiB)} MiB`);
  }
  return { policies: n, contenders, equivalence };
}

function benchEngine(options: BenchOptions, profiles: ProfileSummary[]): EngineResults {
  const sizes = engineSizes(options.quick);
  const probes = probeCount(options.quick);
  log(`\n== Engine: ${sizes.map(s => s.toLocaleString('en-US')).join(', ')} workloads, side by side; ${probes.toLocaleString('en-US')} probes per run`);
  const cases = sizes.map(size => engineCase(size, probes));
  const checksums = new Map<number, { pairs: number; probes: number }>();
  const compared = compareSideBySide(engineContenders(cases, checksums), { rounds: options.rounds, warmup: options.warmup, log });
  const results: EngineSizeResult[] = cases.map((c, i) => {
    log(`  memory: ${c.size.toLocaleString('en-US')} workloads in a fresh process`);
    const report = child(options, profiles, `engine-${c.size}`, ['engine', String(c.size), String(probes)]);
    const phases = compared[i].phases;
    const sums = checksums.get(c.size)!;
    if (report.allowedPairs !== sums.pairs) {
      throw new Error(`the fresh process found ${report.allowedPairs} allowed pairs, the side-by-side run ${sums.pairs}`);
    }
    return {
      workloads: c.size,
      policies: c.cluster.policyCount,
      namespaces: c.cluster.namespaces.length,
      patterns: c.cluster.patterns,
      phases,
      probes,
      probesPerSecond: probes / (phases.probes.median / 1000),
      lookupsPerSecond: probes / (phases.lookups.median / 1000),
      allowedPairs: sums.pairs,
      allowedProbes: sums.probes,
      memory: report.memory,
      cold: report.times as { [phase: string]: number },
    };
  });
  const exponents = Object.fromEntries(['load', 'prepare', 'matrix', 'cells', 'load→cells'].map(phase => {
    const points = results.map(r => ({ x: r.workloads, y: r.phases[phase].median }));
    return [phase, { ...fitExponent(points), lastStep: fitExponent(points.slice(-2)).exponent }];
  }));
  for (const r of results) {
    log(`  ${r.workloads.toLocaleString('en-US').padStart(6)} workloads, ${r.policies.toLocaleString('en-US')} policies: load ${formatMs(r.phases.load.median)}, `
      + `prepare ${formatMs(r.phases.prepare.median)}, matrix ${formatMs(r.phases.matrix.median)}, cells ${formatMs(r.phases.cells.median)}, `
      + `load→cells ${formatMs(r.phases['load→cells'].median)}, ${Math.round(r.probesPerSecond).toLocaleString('en-US')} canReach/s, `
      + `peak RSS ${formatNumber(r.memory!.peakRssMiB)} MiB`);
  }
  log(`  growth exponents (all sizes; two largest): ${Object.entries(exponents)
    .map(([p, f]) => `${p} ${f.exponent.toFixed(2)}; ${f.lastStep.toFixed(2)}`).join(', ')}`);
  return { port: ENGINE_PORT, sizes: results, exponents };
}

function benchCli(options: BenchOptions): CliResults {
  log('\n== CLI start-up');
  const build = prepareCli(log);
  if (build.staleAgainst) {
    log(`  warning: lib/ is older than ${build.staleAgainst}; timing the last compiled CLI`);
  }
  const rounds = options.quick ? 3 : Math.max(15, options.rounds * 3);
  const compared = compareSideBySide(cliContenders(), { rounds, warmup: options.warmup, log: () => undefined });
  const baseline = compared[0].phases.wall.median;
  const commands = compared.map(c => ({ name: c.name, wall: c.phases.wall, overBaselineMs: c.phases.wall.median - baseline }));
  for (const c of commands) {
    log(`  ${c.name.padEnd(28)} ${formatMs(c.wall.median)} (min ${formatMs(c.wall.min)}, max ${formatMs(c.wall.max)}; ${rounds} rounds)`);
  }
  return { build, commands };
}

function benchRead(options: BenchOptions, profiles: ProfileSummary[]): ReadResults {
  const sizes = readSizes(options.quick);
  const jsYaml = loadJsYaml();
  const skipped = jsYaml.lib ? [] : [`js-yaml loadAll (${jsYaml.problem})`];
  const names = READ_CONTENDERS.filter(n => n !== 'js-yaml loadAll' || jsYaml.lib);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const versions: { [library: string]: string } = { yaml: (require('yaml/package.json') as { version: string }).version };
  if (jsYaml.version) {
    versions['js-yaml'] = jsYaml.version;
  }
  log(`\n== Reading manifests: ${sizes.compare.toLocaleString('en-US')} workloads side by side, ${names.length} contenders; `
    + `${sizes.dist.toLocaleString('en-US')} workloads once in a fresh process`);
  for (const s of skipped) {
    log(`  note: skipping ${s}`);
  }

  const { set, manifests } = manifestSet(sizes.compare);
  const compare = {
    workloads: set.workloads,
    policies: set.policies,
    namespaces: set.namespaces,
    objects: set.objects,
    files: set.yamlFiles.length,
    yamlBytes: set.yamlBytes,
    jsonBytes: set.jsonBytes,
  };
  log(`  wrote ${set.objects.toLocaleString('en-US')} objects to ${set.yamlFiles.length} YAML files (${formatNumber(set.yamlBytes / 1e6)} MB) `
    + `and ${set.jsonFiles.length} JSON files (${formatNumber(set.jsonBytes / 1e6)} MB) under ${set.dir}`);
  let equivalence: ReadEquivalence[];
  let compared: ContenderResult[];
  try {
    equivalence = checkReadEquivalence(names, set, manifests, jsYaml.lib);
    for (const e of equivalence) {
      log(`  ${e.contender} vs written: ${e.differingObjects === 0 && e.examples.length === 0
        ? `${e.objects.toLocaleString('en-US')} objects, all equal`
        : `${e.differingObjects} objects differ: ${e.examples.join('; ')}`}`);
    }
    // The equivalence check ran every contender once: it counts as the first warm-up round.
    const warmup = Math.max(0, options.warmup - 1);
    compared = compareSideBySide(readContenders(names, set, jsYaml.lib), { rounds: options.rounds, warmup, log });
  } finally {
    removeManifestSet(set);
  }
  const ours = compared[0];
  const contenders: ReadContenderResult[] = compared.map(c => {
    const json = c.name === 'JSON.parse' || c.name === 'netpol ManifestReader on .json';
    const bytes = json ? set.jsonBytes : set.yamlBytes;
    const ratioToOurs: { [phase: string]: number } = {
      'read': pairedRatio(c.phases.read, ours.phases.read),
      'cpu:read': pairedRatio(c.phases['cpu:read'], ours.phases['cpu:read']),
    };
    if (c.phases['read+analyzer']) {
      ratioToOurs['read+analyzer'] = pairedRatio(c.phases['read+analyzer'], ours.phases.read);
    }
    return { name: c.name, input: json ? 'JSON' : 'YAML', bytes, phases: c.phases, mbPerSecond: bytes / 1e6 / (c.phases.read.median / 1000), ratioToOurs };
  });
  for (const c of contenders) {
    log(`  ${c.name.padEnd(26)} ${c.input} read ${formatMs(c.phases.read.median)} (${formatMs(c.phases.read.min)}–${formatMs(c.phases.read.max)}), `
      + `${formatNumber(c.mbPerSecond)} MB/s, ${formatRatio(c.ratioToOurs.read)} netpol ManifestReader (CPU time ${formatRatio(c.ratioToOurs['cpu:read'])})`
      + (c.phases.analyzer ? `; analyzer ${formatMs(c.phases.analyzer.median)}, read+analyzer ${formatMs(c.phases['read+analyzer'].median)}` : ''));
  }

  const { set: dist } = manifestSet(sizes.dist, false);
  log(`  dist/: ${dist.objects.toLocaleString('en-US')} objects in ${dist.yamlFiles.length} YAML files (${formatNumber(dist.yamlBytes / 1e6)} MB); `
    + 'the CLI read path once in a fresh process');
  let report: ChildReport;
  try {
    report = child(options, profiles, 'read-dist', ['read', dist.yamlDir]);
  } finally {
    removeManifestSet(dist);
  }
  if (report.objects !== dist.objects || report.workloads !== dist.workloads || report.policies !== dist.policies) {
    throw new Error(`the fresh process read ${report.objects} objects, ${report.workloads} workloads and ${report.policies} policies; `
      + `${dist.objects}, ${dist.workloads} and ${dist.policies} were written`);
  }
  const times = report.times as { [phase: string]: number };
  const distResult = {
    workloads: dist.workloads,
    policies: dist.policies,
    namespaces: dist.namespaces,
    objects: dist.objects,
    files: dist.yamlFiles.length,
    yamlBytes: dist.yamlBytes,
    jsonBytes: 0,
    times,
    mbPerSecond: dist.yamlBytes / 1e6 / (times.read / 1000),
    readPeakRssMiB: report.readPeakRssMiB as number,
    memory: report.memory,
  };
  log(`  dist/ ${formatNumber(dist.yamlBytes / 1e6)} MB: read ${formatMs(times.read)} (${formatNumber(distResult.mbPerSecond)} MB/s), `
    + `analyzer ${formatMs(times.analyzer)}; peak RSS ${formatNumber(distResult.readPeakRssMiB)} MiB after reading, `
    + `${formatNumber(report.memory.peakRssMiB)} MiB at the end; retained heap ${formatNumber(report.memory.retainedHeapMiB)} MiB`);
  return { versions, compare, contenders, equivalence, skipped, dist: distResult };
}

function evaluateTargets(results: Results): TargetResult[] {
  const targets: TargetResult[] = [];
  const s = results.synth;
  if (s) {
    const raw = s.contenders.find(c => c.name === 'raw KubeNetworkPolicy')!;
    const plus = s.contenders.find(c => c.name === 'cdk8s-plus-28 NetworkPolicy')!;
    for (const ours of s.contenders.filter(c => c.name.startsWith('netpol'))) {
      const r = ours.ratioToRaw['construct+toJson'];
      targets.push({
        id: `synth-vs-raw:${ours.name}`,
        description: `${ours.name}: construct+toJson ≤ 1.1× raw (${s.policies.toLocaleString('en-US')} policies)`,
        measured: `${r.toFixed(2)}× (${formatMs(ours.phases['construct+toJson'].median)} vs ${formatMs(raw.phases['construct+toJson'].median)}; `
          + `by CPU time ${ours.ratioToRaw['cpu:construct+toJson'].toFixed(2)}×)`,
        met: r <= 1.1,
      });
      const p = pairedRatio(ours.phases['construct+toJson'], plus.phases['construct+toJson']);
      targets.push({
        id: `synth-vs-plus:${ours.name}`,
        description: `${ours.name}: faster than cdk8s-plus-28 (construct+toJson)`,
        measured: `${p.toFixed(2)}× cdk8s-plus-28 (which is ${plus.ratioToRaw['construct+toJson'].toFixed(2)}× raw)`,
        met: p < 1,
      });
    }
  }
  const e = results.engine;
  if (e) {
    const largest = e.sizes[e.sizes.length - 1];
    const middle = e.sizes.length > 1 ? e.sizes[1] : largest;
    const fmt = (z: EngineSizeResult) => `load→cells ${formatMs(z.phases['load→cells'].median)} (matrix() alone ${formatMs(z.phases.matrix.median)}; `
      + `cold process ${formatMs(z.cold?.['load→cells'] ?? NaN)})`;
    targets.push({
      id: 'engine-matrix-1k',
      description: `${middle.workloads.toLocaleString('en-US')} workloads + ${middle.policies.toLocaleString('en-US')} policies: full matrix ≤ 1 s`,
      measured: fmt(middle),
      met: middle.phases['load→cells'].median <= 1000,
    });
    targets.push({
      id: 'engine-matrix-10k',
      description: `${largest.workloads.toLocaleString('en-US')} workloads + ${largest.policies.toLocaleString('en-US')} policies: full matrix ≤ 15 s`,
      measured: fmt(largest),
      met: largest.phases['load→cells'].median <= 15_000 && (largest.cold?.['load→cells'] ?? 0) <= 15_000,
    });
    targets.push({
      id: 'engine-memory-10k',
      description: `${largest.workloads.toLocaleString('en-US')} workloads: peak memory ≤ 2 GiB`,
      measured: `peak RSS ${formatNumber(largest.memory!.peakRssMiB)} MiB (whole process)`,
      met: largest.memory!.peakRssMiB <= 2 * GIB,
    });
    const slowest = e.sizes.reduce((a, b) => (a.probesPerSecond <= b.probesPerSecond ? a : b));
    targets.push({
      id: 'engine-probes',
      description: '≥ 200,000 canReach probes/s after compile (every size)',
      measured: e.sizes.map(z => `${Math.round(z.probesPerSecond).toLocaleString('en-US')}/s at ${z.workloads.toLocaleString('en-US')}`).join(', '),
      met: slowest.probesPerSecond >= 200_000,
    });
  }
  const c = results.cli;
  if (c) {
    const version = c.commands.find(x => x.name === 'cdk8s-netpol --version')!;
    targets.push({
      id: 'cli-version',
      description: '`cdk8s-netpol --version` ≤ 300 ms (wall, Node start-up included)',
      measured: `${formatMs(version.wall.median)} (${formatMs(version.overBaselineMs)} over \`node -e 0\`)`,
      met: version.wall.median <= 300,
    });
  }
  if (results.pipeline) {
    targets.push(...pipelineTargets(results.pipeline));
  }
  return targets;
}

main(process.argv.slice(2));
