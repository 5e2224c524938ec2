import * as path from 'path';
import { main } from '../../src/cli';

/*
 * Helpers shared by the CLI tests.
 */

/** test/fixtures, relative to the working directory, so messages and snapshots do not hold absolute paths. */
export const FIXTURES = path.relative(process.cwd(), path.join(__dirname, '..', 'fixtures')) || '.';

/** The path of a fixture, as a user would type it. */
export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** What one CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cdk8s-netpol ARGV` in-process, capturing stdout and stderr. */
export async function cli(...argv: string[]): Promise<CliRun> {
  return runCli(argv);
}

/** Runs `cdk8s-netpol ARGV` in-process with stderr as a terminal, where progress shows. */
export async function cliOnTty(...argv: string[]): Promise<CliRun> {
  return runCli(argv, { isTTY: true });
}

/** How `runCli` runs the CLI. */
export interface CliRunOptions {
  /**
   * Whether stderr is a terminal, where progress shows.
   *
   * @default false
   */
  readonly isTTY?: boolean;

  /**
   * The working directory of the run; the previous one is restored after it.
   *
   * @default - the current working directory
   */
  readonly cwd?: string;
}

/** Runs `cdk8s-netpol ARGV` in-process, capturing stdout and stderr. */
export async function runCli(argv: string[], options: CliRunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const previous = process.cwd();
  if (options.cwd !== undefined) {
    process.chdir(options.cwd);
  }
  try {
    const code = await main(argv, {
      stdout: { write: (text: string) => { stdout += text; return true; } },
      stderr: { isTTY: options.isTTY ?? false, write: (text: string) => { stderr += text; return true; } } as any,
    });
    return { code, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}

/** Lines of a stack trace. */
export const STACK_LINE = /^ {4}at /m;
