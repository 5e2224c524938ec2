import { CliIo, EXIT_FAILED, EXIT_OK } from './cli-error';
import { InventoryOptions, readInventory } from './inventory';
import { analyzerForPaths } from './manifests';
import { readProbes, runProbes } from './probes';
import { Progress } from './progress';
import { ProbeOutcome } from '../analysis/probes';
import { renderProbeReportJson, renderProbeReportText } from '../render/probe-result';

/** Options of `cdk8s-netpol test`. */
export interface TestCommandOptions extends InventoryOptions {
  readonly probes: string;
  readonly output: 'text' | 'json';
}

/**
 * `cdk8s-netpol test PATH... --probes FILE`: checks every probe; exit 0
 * when every expectation holds, 1 when one fails. Bad input throws a
 * `CliError`.
 */
export function runTestCommand(paths: string[], options: TestCommandOptions, io: CliIo): number {
  const progress = Progress.start(io, options.output !== 'json');
  let outcomes: ProbeOutcome[];
  try {
    progress.update('reading manifests');
    const analyzer = analyzerForPaths(paths, readInventory(options, io));
    const probes = readProbes(options.probes);
    progress.update(`checking ${probes.length} probes`);
    outcomes = runProbes(analyzer, probes, options.probes);
  } finally {
    progress.done();
  }
  io.stdout.write(options.output === 'json' ? renderProbeReportJson(outcomes) : renderProbeReportText(outcomes));
  return outcomes.some(o => o.pass === false) ? EXIT_FAILED : EXIT_OK;
}
