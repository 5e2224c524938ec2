import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Contender, now, ROOT } from './harness';

/*
 * CLI start-up: wall time of `node bin/cdk8s-netpol --version`, against
 * `node -e 0` (Node's own start-up) and loading the whole library.
 */

const CLI_ENTRY = path.join(ROOT, 'lib', 'cli', 'index.js');

/** The commands timed, in table order. The first one is the baseline. */
export const CLI_COMMANDS: ReadonlyArray<{ readonly name: string; readonly args: string[] }> = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'cdk8s-netpol --version', args: ['bin/cdk8s-netpol', '--version'] },
  { name: 'cdk8s-netpol --help', args: ['bin/cdk8s-netpol', '--help'] },
  { name: "node -e \"require('./lib')\"", args: ['-e', "require('./lib')"] },
];

/** What `prepareCli` found about the compiled CLI. */
export interface CliBuild {
  /** Whether this run compiled `lib/` because it was missing. */
  readonly compiled: boolean;
  /** Newest `src/**` file newer than `lib/cli/index.js`, if any: lib may be stale. */
  readonly staleAgainst?: string;
}

/**
 * Makes sure `lib/cli/index.js` exists, compiling with jsii when it is
 * missing, and reports whether `src/` has changed since.
 */
export function prepareCli(log: (line: string) => void): CliBuild {
  let compiled = false;
  if (!fs.existsSync(CLI_ENTRY)) {
    log('  lib/cli/index.js is missing: compiling with `npx jsii --silence-warnings=reserved-word`');
    execFileSync('npx', ['jsii', '--silence-warnings=reserved-word'], { cwd: ROOT, stdio: 'inherit' });
    compiled = true;
  }
  const built = fs.statSync(CLI_ENTRY).mtimeMs;
  const newer = listFiles(path.join(ROOT, 'src')).filter(f => fs.statSync(f).mtimeMs > built);
  return { compiled, staleAgainst: newer.length > 0 ? path.relative(ROOT, newer[0]) : undefined };
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(full) : [full];
  });
}

/** One contender per command: its wall time, spawn to exit, in ms. */
export function cliContenders(): Contender[] {
  return CLI_COMMANDS.map(c => ({
    name: c.name,
    run: () => {
      const t0 = now();
      const result = spawnSync(process.execPath, c.args, { cwd: ROOT, encoding: 'utf-8' });
      const t1 = now();
      if (result.status !== 0) {
        throw new Error(`${c.name} failed (status ${result.status}):\n${result.stderr}`);
      }
      return { wall: t1 - t0 };
    },
  }));
}
