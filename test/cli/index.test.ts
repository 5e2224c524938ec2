import * as fs from 'fs';
import * as path from 'path';
import { cli, STACK_LINE } from './_support';
import { run } from '../../src/cli';

const VERSION = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;

describe('cdk8s-netpol |', () => {
  test('--version prints the package version', async () => {
    // WHEN
    const result = await cli('--version');

    // THEN
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${VERSION}\n`);
    expect(result.stderr).toBe('');
  });

  test('--help lists the commands and the exit codes', async () => {
    // WHEN
    const result = await cli('--help');

    // THEN
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchSnapshot();
    expect(result.stdout).toMatch(/^ {2}test \[options\] <path\.\.\.>/m);
    expect(result.stdout).toMatch(/^ {2}matrix \[options\] <path\.\.\.>/m);
    for (const command of ['validate', 'lint', 'diff', 'report']) {
      expect(result.stdout).toMatch(new RegExp(`^ {2}${command} \\[options\\]`, 'm'));
    }
    expect(result.stdout).toContain('Exit codes (every command):');
    expect(result.stdout).toContain('Progress shows on stderr only when');
  });

  test.each(['test', 'matrix', 'diff', 'report', 'validate', 'lint'])('%s --help shows each default once, and none that says nothing', async command => {
    // WHEN
    const result = await cli(command, '--help');

    // THEN: an option's help entry runs from its flag to the next flag
    expect(result.code).toBe(0);
    const options = result.stdout.split(/\nOptions:\n/)[1].split(/\n\n/)[0];
    const entries = options.split(/\n(?= {2}-)/);
    expect(entries.length).toBeGreaterThan(1);
    for (const entry of entries) {
      expect(entry.match(/\(default:|, default:/g)?.length ?? 0).toBeLessThanOrEqual(1);
      expect(entry).not.toMatch(/default: \[\]/);
    }
  });

  test.each(['test', 'matrix', 'diff', 'report', 'lint'])('%s --help offers --cluster and --services', async command => {
    // WHEN
    const result = await cli(command, '--help');

    // THEN
    expect(result.stdout).toMatch(/^ {2}--cluster <path> /m);
    expect(result.stdout).toMatch(/^ {2}--services <names> /m);
    expect(result.stdout).toContain('The cluster outside the manifests:');
  });

  test('test --help describes the probes file', async () => {
    // WHEN
    const result = await cli('test', '--help');

    // THEN
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchSnapshot();
    expect(result.stdout).toContain('expect: allow');
  });

  test.each([
    ['no command', []],
    ['an unknown command', ['check']],
    ['an unknown option', ['matrix', '--nope', 'x.yaml']],
    ['a missing path', ['matrix']],
  ])('exits 2 on %s', async (_case, argv) => {
    // WHEN
    const result = await cli(...argv);

    // THEN
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toBe('');
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  test('--version does not load the engine', async () => {
    // GIVEN: loading the analyzer fails
    let code: number | undefined;
    await jest.isolateModulesAsync(async () => {
      jest.doMock('../../src/analysis/analyzer', () => {
        throw new Error('the engine was loaded');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const isolated = require('../../src/cli') as typeof import('../../src/cli');

      // WHEN
      let stdout = '';
      code = await isolated.main(['--version'], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } });

      // THEN
      expect(stdout).toBe(`${VERSION}\n`);
    });
    expect(code).toBe(0);
    jest.dontMock('../../src/analysis/analyzer');
  });

  test('run() passes process.argv to main and sets process.exitCode', async () => {
    // GIVEN
    const argv = process.argv;
    const exitCode = process.exitCode;
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    process.argv = ['node', 'cdk8s-netpol', '--version'];

    try {
      // WHEN
      run();
      await new Promise(resolve => setTimeout(resolve, 50));

      // THEN
      expect(process.exitCode).toBe(0);
      expect(write).toHaveBeenCalledWith(`${VERSION}\n`);
    } finally {
      process.argv = argv;
      process.exitCode = exitCode;
      write.mockRestore();
    }
  });
});
