import { CliIo, EXIT_FAILED, EXIT_OK } from './cli-error';
import { InventoryOptions, readInventory } from './inventory';
import { analyzerForPaths } from './manifests';
import { ChunkedOutput } from './output';
import { ProbesFile } from './probes';
import { Progress } from './progress';
import { ProbeRunner } from '../analysis/probes';
import { ProbeReportWriter } from '../render/probe-result';

/** Options of `cdk8s-netpol test`. */
export interface TestCommandOptions extends InventoryOptions {
  readonly probes: string;
  readonly output: 'text' | 'json';
  /** JSON indented by two spaces. */
  readonly pretty?: boolean;
  /** JSON: each result with its explanation. */
  readonly explain?: boolean;
}

/**
 * `cdk8s-netpol test PATH... --probes FILE`: checks every probe; exit 0
 * when every expectation holds, 1 when one fails. Bad input throws a
 * `CliError` before any output. Results are written as they are computed.
 */
export function runTestCommand(paths: string[], options: TestCommandOptions, io: CliIo): number {
  const progress = Progress.start(io, options.output !== 'json');
  const out = new ChunkedOutput(io.stdout);
  let failed = 0;
  try {
    progress.update('reading manifests');
    const analyzer = analyzerForPaths(paths, readInventory(options, io));
    const runner = new ProbeRunner(analyzer, 'or add it with --cluster FILE or --services dns,monitoring,ingress.');
    const file = new ProbesFile(options.probes);
    progress.update('reading probes');
    const count = file.check(runner);
    const writer = new ProbeReportWriter(out.write, { format: options.output, pretty: options.pretty, explain: options.explain });
    const verdicts = writer.needsVerdict;
    file.forEach(({ probe, index }) => {
      writer.add(verdicts ? runner.outcome(probe) : runner.answer(probe));
      if (index % 10_000 === 0) {
        progress.update(`checking probes: ${index + 1}/${count}`);
      }
    });
    failed = writer.end().failed;
  } finally {
    progress.done();
  }
  out.flush();
  return failed > 0 ? EXIT_FAILED : EXIT_OK;
}
