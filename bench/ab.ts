import * as fs from 'fs';
import * as path from 'path';
import * as current from '../src';
import { engineCase, engineSizes, probeCount, runEngine } from './engine.bench';
import { BenchOptions, compareSideBySide, Contender, ContenderResult, formatMs, pairedRatio, selected } from './harness';
import { NetpolLibrary, runSynth, synthInputs } from './synth.bench';

/*
 * Before/after: this tree's `src/` against another checkout's, side by side
 * in one process, after checking that both give the same output.
 *
 *   git worktree add ../netpol-base <commit> && ln -s "$PWD/node_modules" ../netpol-base/
 *   npm run bench -- --baseline ../netpol-base [synth|engine]
 */

/** What an A/B run measured. */
export interface AbResults {
  readonly baseline: string;
  readonly synth?: ContenderResult[];
  readonly engine?: ContenderResult[];
}

/** Loads the other checkout's `src/`, which must share this tree's cdk8s. */
export function loadBaseline(dir: string): NetpolLibrary {
  const root = path.resolve(dir);
  if (!fs.existsSync(path.join(root, 'src', 'index.ts'))) {
    throw new Error(`--baseline ${dir}: no src/index.ts there. Give the root of another checkout.`);
  }
  const ours = fs.realpathSync(require.resolve('cdk8s'));
  let theirs: string;
  try {
    theirs = fs.realpathSync(require.resolve('cdk8s', { paths: [root] }));
  } catch {
    theirs = '(not found)';
  }
  if (ours !== theirs) {
    throw new Error(`--baseline ${dir} resolves cdk8s to ${theirs}, this tree to ${ours}. `
      + `Link this tree's node_modules there: ln -s "${path.resolve(__dirname, '..', 'node_modules')}" "${root}/node_modules"`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(root, 'src')) as NetpolLibrary;
}

/** Runs the selected comparisons of `baseline` against this tree. */
export function runAb(options: BenchOptions, dir: string, log: (line: string) => void): AbResults {
  const baseline = loadBaseline(dir);
  const results: { baseline: string; synth?: ContenderResult[]; engine?: ContenderResult[] } = { baseline: path.resolve(dir) };

  if (selected(options, 'synth')) {
    const n = options.quick ? 1_000 : 10_000;
    const inputs = synthInputs(n);
    log(`\n== A/B synthesis: ${n.toLocaleString('en-US')} policies, baseline ${results.baseline} vs this tree`);
    for (const name of ['netpol NetworkPolicy', 'netpol AllowFromApp'] as const) {
      if (runSynth(name, inputs, undefined, baseline).yaml !== runSynth(name, inputs).yaml) {
        throw new Error(`${name}: this tree renders different YAML from the baseline`);
      }
    }
    const contenders: Contender[] = [
      { name: 'raw KubeNetworkPolicy', run: () => runSynth('raw KubeNetworkPolicy', inputs).times },
      { name: 'NetworkPolicy (baseline)', run: () => runSynth('netpol NetworkPolicy', inputs, undefined, baseline).times },
      { name: 'NetworkPolicy (this tree)', run: () => runSynth('netpol NetworkPolicy', inputs).times },
      { name: 'AllowFromApp (baseline)', run: () => runSynth('netpol AllowFromApp', inputs, undefined, baseline).times },
      { name: 'AllowFromApp (this tree)', run: () => runSynth('netpol AllowFromApp', inputs).times },
      { name: 'cdk8s-plus-28 NetworkPolicy', run: () => runSynth('cdk8s-plus-28 NetworkPolicy', inputs).times },
    ];
    results.synth = compareSideBySide(contenders, { rounds: options.rounds, warmup: options.warmup, log });
    const raw = results.synth[0].phases['construct+toJson'];
    for (const c of results.synth) {
      const p = c.phases['construct+toJson'];
      log(`  ${c.name.padEnd(28)} construct+toJson ${formatMs(p.median)} (${formatMs(p.min)}–${formatMs(p.max)}), `
        + `${pairedRatio(p, raw).toFixed(2)}× raw (median of per-round ratios; by CPU time `
        + `${pairedRatio(c.phases['cpu:construct+toJson'], results.synth![0].phases['cpu:construct+toJson']).toFixed(2)}×); `
        + `toJson ${formatMs(c.phases.toJson.median)}`);
    }
  }

  if (selected(options, 'engine')) {
    const sizes = engineSizes(options.quick);
    const probes = probeCount(options.quick);
    log(`\n== A/B engine: ${sizes.join(', ')} workloads, baseline ${results.baseline} vs this tree`);
    const cases = sizes.map(size => engineCase(size, probes));
    for (const c of cases) {
      const a = runEngine(c.cluster, c.pairs, undefined, baseline);
      const b = runEngine(c.cluster, c.pairs);
      if (a.allowedPairs !== b.allowedPairs || a.allowedProbes !== b.allowedProbes) {
        throw new Error(`${c.size} workloads: results differ (allowed pairs ${a.allowedPairs} vs ${b.allowedPairs}, `
          + `probes ${a.allowedProbes} vs ${b.allowedProbes})`);
      }
      checkVerdicts(baseline, c.cluster.manifests, c.pairs.slice(0, 2_000));
    }
    const contenders: Contender[] = cases.flatMap(c => [
      { name: `${c.size} (baseline)`, run: () => runEngine(c.cluster, c.pairs, undefined, baseline).times },
      { name: `${c.size} (this tree)`, run: () => runEngine(c.cluster, c.pairs).times },
    ]);
    results.engine = compareSideBySide(contenders, { rounds: options.rounds, warmup: options.warmup, log });
    for (const c of results.engine) {
      const t = (p: string) => `${formatMs(c.phases[p].median)}`;
      log(`  ${c.name.padEnd(20)} load ${t('load')}, prepare ${t('prepare')}, matrix ${t('matrix')}, cells ${t('cells')}, `
        + `load→cells ${t('load→cells')}, ${Math.round(probes / (c.phases.probes.median / 1000)).toLocaleString('en-US')} canReach/s`);
    }
  }
  return results;
}

/** Every verdict field (workloads by id) must be the same in both trees, on several ports. */
function checkVerdicts(baseline: NetpolLibrary, manifests: any[], pairs: ReadonlyArray<[number, number]>): void {
  const a = baseline.PolicyAnalyzer.fromManifests(manifests);
  const b = current.PolicyAnalyzer.fromManifests(manifests);
  const wa = a.workloads;
  const wb = b.workloads;
  const byId = (key: string, value: any) => (['source', 'destination', 'workload'].includes(key) && value?.id ? value.id : value);
  for (const [s, d] of pairs) {
    for (const port of [53, 443, 5432, 8080, 9090]) {
      const va = JSON.stringify(a.canReach({ source: wa[s], destination: wa[d], port }), byId);
      const vb = JSON.stringify(b.canReach({ source: wb[s], destination: wb[d], port }), byId);
      if (va !== vb) {
        throw new Error(`verdicts differ for ${wa[s].id} -> ${wa[d].id}:${port}:\n  baseline  ${va}\n  this tree ${vb}`);
      }
    }
  }
}
