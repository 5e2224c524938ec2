import { engineCase, runEngine } from './engine.bench';
import { MemoryProbe } from './harness';
import { runCliRead } from './read.bench';
import { runSynth, SYNTH_CONTENDERS, SynthContenderName, synthInputs } from './synth.bench';

/*
 * One contender, once, in a fresh process, for its peak memory (and its
 * cold-process times). Started by `runChild()`; prints one JSON line.
 *
 *   child.ts synth <contender> <policies>
 *   child.ts engine <workloads> <probes>
 *   child.ts read <directory>
 */

function main(argv: string[]): object {
  const [kind, ...rest] = argv;
  if (kind === 'synth') {
    const contender = rest[0] as SynthContenderName;
    if (!SYNTH_CONTENDERS.includes(contender)) {
      throw new Error(`unknown contender "${contender}"`);
    }
    const inputs = synthInputs(Number(rest[1]));
    const probe = new MemoryProbe();
    const run = runSynth(contender, inputs, () => probe.sample());
    const memory = probe.finish();
    return { times: run.times, objects: run.manifests.length, yamlBytes: run.yaml.length, memory };
  }
  if (kind === 'engine') {
    const c = engineCase(Number(rest[0]), Number(rest[1]));
    const probe = new MemoryProbe();
    const run = runEngine(c.cluster, c.pairs, () => probe.sample());
    const memory = probe.finish();
    return { ...run, memory };
  }
  if (kind === 'read') {
    // The CLI read path on a directory the parent wrote; peak RSS also when reading ends.
    let readPeakKiB = 0;
    const probe = new MemoryProbe();
    const run = runCliRead(rest[0], phase => {
      probe.sample();
      if (phase === 'read') {
        readPeakKiB = process.resourceUsage().maxRSS;
      }
    });
    const memory = probe.finish();
    return {
      times: run.times,
      objects: run.manifests.length,
      workloads: run.analyzer!.workloads.length,
      policies: run.analyzer!.policies.length,
      readPeakRssMiB: readPeakKiB / 1024,
      memory,
    };
  }
  throw new Error(`usage: child.ts synth <contender> <policies> | engine <workloads> <probes> | read <directory>; got ${argv.join(' ')}`);
}

process.stdout.write(`${JSON.stringify(main(process.argv.slice(2)))}\n`);
