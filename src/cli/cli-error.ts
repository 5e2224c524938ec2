/*
 * Errors and output streams shared by the commands.
 */

/** Where the CLI writes: `process.stdout` and `process.stderr`, or buffers in tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Exit codes. */
export const EXIT_OK = 0;
/** An expectation of a probe failed. */
export const EXIT_FAILED = 1;
/** Bad input: a missing file, bad YAML, an unknown workload, an invalid policy, a bad option. */
export const EXIT_BAD_INPUT = 2;

/**
 * Bad input. `lines` are printed to stderr, each prefixed with
 * `cdk8s-netpol: `; the CLI then exits with `exitCode`.
 */
export class CliError extends Error {
  public readonly lines: string[];
  public readonly exitCode: number;

  constructor(lines: string | string[], exitCode: number = EXIT_BAD_INPUT) {
    const all = typeof lines === 'string' ? [lines] : lines;
    super(all.join('\n'));
    this.name = 'CliError';
    this.lines = all;
    this.exitCode = exitCode;
  }
}

/** The message of anything thrown, on one line. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').map(l => l.trim()).filter(l => l !== '').join(' ');
}
