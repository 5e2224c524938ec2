import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { CliError, CliIo, EXIT_BAD_INPUT, EXIT_OK, messageOf } from './cli-error';
import type * as MatrixCommand from './matrix-command';
import type * as TestCommand from './test-command';
import { PolicyError } from '../core/errors';

/*
 * The `cdk8s-netpol` command line. `bin/cdk8s-netpol` calls `run()`; tests
 * call `main(argv, io)`. The engine is loaded inside the command handlers,
 * so `--version` and `--help` stay fast.
 */

export type { CliIo } from './cli-error';

const NAME = 'cdk8s-netpol';

const HELP_FOOTER = `
Exit codes:
  0  every probe's expectation holds (or none was given)
  1  a probe's expectation failed
  2  bad input: a missing file, invalid YAML, an unknown workload, a
     NetworkPolicy the API server would reject, or a bad option

Examples:
  $ ${NAME} test dist/ --probes probes.yaml
  $ ${NAME} matrix dist/ --port 80 --port 53/UDP --output markdown
`;

const PROBES_HELP = `
PATH is a YAML or JSON file, or a directory searched recursively for *.yaml,
*.yml and *.json files (in sorted order). Files may hold several documents
and kind: List.

The probes file (YAML or JSON) is a list of probes:
  - from: shop/web              # <namespace>/<name> of a Pod or workload, or an IP
    to: shop/api
    port: 8080                  # a number, or a named container port of "to"
    protocol: TCP               # TCP (default), UDP or SCTP; a named port brings its own
    expect: allow               # allow | deny (optional)

An IP address names the pod with that IP (status.podIP), else an endpoint
outside the cluster.

Exit codes: 0 every expectation holds (or none given), 1 an expectation
failed, 2 bad input.
`;

const MATRIX_HELP = `
Rows are sources, columns destinations. In text and markdown, ✓ marks an
allowed pair and · a denied one. CSV has a header and one
"port,protocol,source,destination,allowed" line per pair.
`;

/**
 * Runs the CLI with `process.argv` and sets `process.exitCode`.
 */
export function run(): void {
  main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  }, error => {
    process.stderr.write(`${NAME}: internal error: ${messageOf(error)}\n`);
    process.exitCode = EXIT_BAD_INPUT;
  });
}

/**
 * Runs the CLI in-process and resolves to the exit code: 0 ok, 1 a probe's
 * expectation failed, 2 bad input. Never exits the process and never prints
 * a stack trace.
 *
 * @param argv the arguments after the program name
 * @param io where to write
 */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command(NAME)
    .description('Test and explain Kubernetes NetworkPolicies: who can reach whom, and which rule decides.')
    .exitOverride()
    .configureOutput({
      writeOut: text => io.stdout.write(text),
      writeErr: text => io.stderr.write(text),
      outputError: (text, write) => write(`${NAME}: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError(`(run "${NAME} --help" for usage)`)
    .version(readVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print help')
    .addHelpText('after', HELP_FOOTER);

  program.command('test')
    .description('check probes (from, to, port, expect) against the NetworkPolicies of the manifests')
    .argument('<path...>', 'YAML or JSON files, or directories of them')
    .requiredOption('--probes <file>', 'YAML or JSON list of probes')
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', PROBES_HELP)
    .action(async (paths: string[], options: TestCommand.TestCommandOptions) => {
      exitCode = guard(io, () => loadTestCommand().runTestCommand(paths, options, io));
    });

  program.command('matrix')
    .description('print who can reach whom, one matrix per port')
    .argument('<path...>', 'YAML or JSON files, or directories of them')
    .option('--port <port>', 'port and protocol, e.g. 443 or 53/UDP; repeatable (default: 80/TCP)', collect, [])
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'markdown', 'json', 'csv']).default('text'))
    .addHelpText('after', MATRIX_HELP)
    .action(async (paths: string[], options: MatrixCommand.MatrixCommandOptions) => {
      exitCode = guard(io, () => loadMatrixCommand().runMatrixCommand(paths, options, io));
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT_OK : EXIT_BAD_INPUT;
    }
    return reportError(io, e);
  }
  return exitCode;
}

/** Runs a command, turning any error into a message on stderr and exit code 2. */
function guard(io: CliIo, command: () => number): number {
  try {
    return command();
  } catch (e) {
    return reportError(io, e);
  }
}

function reportError(io: CliIo, error: unknown): number {
  if (error instanceof CliError) {
    for (const line of error.lines) {
      io.stderr.write(`${NAME}: ${line}\n`);
    }
    return error.exitCode;
  }
  if (error instanceof PolicyError) {
    // A ManifestError names the file, line and field; other PolicyErrors say what is wrong.
    io.stderr.write(`${NAME}: ${messageOf(error)}\n`);
    return EXIT_BAD_INPUT;
  }
  io.stderr.write(`${NAME}: internal error: ${messageOf(error)}\n`);
  return EXIT_BAD_INPUT;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/* Loaded on demand: the engine is only needed once a command runs. */

function loadTestCommand(): typeof TestCommand {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./test-command');
}

function loadMatrixCommand(): typeof MatrixCommand {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./matrix-command');
}
