import { spawnSync } from 'child_process';
import * as path from 'path';
import { fixture, STACK_LINE } from './_support';

/*
 * The CLI as a process whose reader has gone (`| head -1` after its line,
 * here `| true`, which reads nothing): the output ends quietly, with the
 * command's exit code and without a stack trace.
 */

const ROOT = path.join(__dirname, '..', '..');
const CLI = 'node -r ts-node/register/transpile-only -e "require(\'./src/cli/index.ts\').run()" cdk8s-netpol';

function piped(args: string): { status: string; stderr: string } {
  const result = spawnSync('bash', ['-c', `${CLI} ${args} | true; echo "status=\${PIPESTATUS[0]}" >&2`], { cwd: ROOT, encoding: 'utf8' });
  const status = /status=(\d+)/.exec(result.stderr)?.[1] ?? '';
  return { status, stderr: result.stderr.replace(/status=\d+\n?/, '') };
}

describe('cdk8s-netpol | a closed pipe', () => {
  test.each([
    ['lint --help', 'lint --help', '0'],
    ['validate --help', 'validate --help', '0'],
    ['matrix of a cluster', `matrix ${fixture('cli-shop.yaml')}`, '0'],
  ])('%s | true: no stack trace, the exit code of the command', (_case, args, status) => {
    // WHEN
    const run = piped(args);

    // THEN
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr).not.toMatch(/EPIPE/);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(status);
  });
});
