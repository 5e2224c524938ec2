import * as netpol from '../src';
import { GeneratedCluster, generateCluster, Prng } from './generate';
import { Contender, cpuNow, now, PhaseTimes } from './harness';

/*
 * Engine: PolicyAnalyzer on generated clusters, through the public API only.
 */

/** The destination port of the matrix and of the probes. */
export const ENGINE_PORT = 8080;

/** Cluster sizes, in workloads (and about as many policies). */
export function engineSizes(quick: boolean): number[] {
  return quick ? [50, 200, 500] : [100, 1_000, 10_000];
}

/** How many `canReach` probes each run times. */
export function probeCount(quick: boolean): number {
  return quick ? 2_000 : 20_000;
}

/** One engine run: phase times (ms) and what it found. */
export interface EngineRun {
  readonly times: PhaseTimes;
  /** How many (source, destination) pairs the matrix allows: a checksum of the results. */
  readonly allowedPairs: number;
  /** How many probes were allowed: a checksum of the results. */
  readonly allowedProbes: number;
  readonly workloads: number;
  readonly policies: number;
}

/** Pairs of workload indexes for the probes, chosen by a seeded PRNG. */
export function probePairs(workloads: number, count: number, seed = 42): Array<[number, number]> {
  const rng = new Prng(seed);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    pairs.push([rng.int(workloads), rng.int(workloads)]);
  }
  return pairs;
}

/**
 * Runs the engine once on `cluster`. Phases:
 * - `load`: `PolicyAnalyzer.fromManifests()`: reads the manifests,
 *   validates every policy with `PolicyValidator` and compiles them;
 * - `prepare`: the first `canReach()`, which groups workloads into classes
 *   and indexes targets (done once, then cached);
 * - `compile`: `load + prepare`;
 * - `matrix`: `analyzer.matrix({ port: 8080 })` on the prepared analyzer:
 *   every class row computed;
 * - `cells`: reading all N x N cells (`allowedCount`);
 * - `load→cells`: the sum: what `cdk8s-netpol matrix` waits for, less file
 *   IO and rendering;
 * - `cpu:load→cells`: the CPU time (all threads) from load to cells;
 * - `probes`: `probes` calls of `canReach()` (a full `Verdict` with its
 *   explanation) over seeded random pairs, port 8080, after compile;
 * - `lookups`: as many `matrix.isAllowed()` calls over the same pairs.
 *
 * `lib` is the library under test (this tree's `src/` by default).
 */
export function runEngine(
  cluster: GeneratedCluster,
  pairs: ReadonlyArray<[number, number]>,
  between?: () => void,
  lib: typeof netpol = netpol,
): EngineRun {
  const c0 = cpuNow();
  const t0 = now();
  const analyzer = lib.PolicyAnalyzer.fromManifests(cluster.manifests);
  const t1 = now();
  between?.();
  if (analyzer.issues.length > 0) {
    throw new Error(`generated policies have issues: ${JSON.stringify(analyzer.issues.slice(0, 3))}`);
  }
  const workloads = analyzer.workloads;
  const t2 = now();
  analyzer.canReach({ source: workloads[0], destination: workloads[workloads.length - 1], port: ENGINE_PORT });
  const t3 = now();
  between?.();
  const t4 = now();
  const matrix = analyzer.matrix({ port: ENGINE_PORT });
  const t5 = now();
  between?.();
  const t6 = now();
  const allowedPairs = matrix.allowedCount;
  const t7 = now();
  const c7 = cpuNow();
  between?.();
  let allowedProbes = 0;
  const t8 = now();
  for (const [s, d] of pairs) {
    if (analyzer.canReach({ source: workloads[s], destination: workloads[d], port: ENGINE_PORT }).allowed) {
      allowedProbes++;
    }
  }
  const t9 = now();
  between?.();
  let allowedLookups = 0;
  const t10 = now();
  for (const [s, d] of pairs) {
    if (matrix.isAllowed(workloads[s], workloads[d])) {
      allowedLookups++;
    }
  }
  const t11 = now();
  if (allowedLookups !== allowedProbes) {
    throw new Error(`canReach() and matrix() disagree: ${allowedProbes} vs ${allowedLookups} allowed of ${pairs.length}`);
  }
  return {
    times: {
      'load': t1 - t0,
      'prepare': t3 - t2,
      'compile': (t1 - t0) + (t3 - t2),
      'matrix': t5 - t4,
      'cells': t7 - t6,
      'load→cells': (t1 - t0) + (t3 - t2) + (t5 - t4) + (t7 - t6),
      'cpu:load→cells': c7 - c0,
      'probes': t9 - t8,
      'lookups': t11 - t10,
    },
    allowedPairs,
    allowedProbes,
    workloads: workloads.length,
    policies: analyzer.policies.length,
  };
}

/** A generated cluster and its probe pairs, built before timing. */
export interface EngineCase {
  readonly size: number;
  readonly cluster: GeneratedCluster;
  readonly pairs: ReadonlyArray<[number, number]>;
}

/** Builds the cluster and probe pairs of one size. */
export function engineCase(size: number, probes: number): EngineCase {
  const cluster = generateCluster({ workloads: size });
  return { size, cluster, pairs: probePairs(size, probes) };
}

/**
 * One contender per size, for `compareSideBySide`. Each run checks that the
 * results (allowed pairs and probes) are the same in every round.
 */
export function engineContenders(cases: readonly EngineCase[], checksums: Map<number, { pairs: number; probes: number }>): Contender[] {
  return cases.map(c => ({
    name: `${c.size.toLocaleString('en-US')} workloads`,
    run: () => {
      const result = runEngine(c.cluster, c.pairs);
      const seen = checksums.get(c.size);
      if (seen && (seen.pairs !== result.allowedPairs || seen.probes !== result.allowedProbes)) {
        throw new Error(`results changed between rounds at ${c.size} workloads`);
      }
      checksums.set(c.size, { pairs: result.allowedPairs, probes: result.allowedProbes });
      return result.times;
    },
  }));
}
