import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/*
 * What `npm pack` puts in the package: what users need (lib/, bin/, docs/,
 * README.md, API.md, LICENSE, the bundled dependencies), no development
 * file, and documentation whose relative links resolve inside it.
 */

const ROOT = path.join(__dirname, '..', '..');

/** Development files and folders: none may be in the package. */
const DEVELOPMENT = [
  /^bench\//, /^\.ci\//, /^scripts\//, /^BENCHMARKS\.md$/, /^examples\//, /^test\//, /^src\//, /^projenrc\//,
  /^\.projen\//, /^\.projenrc\.ts$/, /^\.eslintrc\.json$/, /^tsconfig(\.[a-z]+)?\.json$/, /^test-reports\//, /^coverage\//,
  /^package-lock\.json$/, /\.tgz$/, /^\.git/,
];

function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
  });
  return (JSON.parse(out)[0].files as Array<{ path: string }>).map(f => f.path.replace(/\\/g, '/'));
}

describe('npm package |', () => {
  const files = packedFiles();

  test('lists no development file', () => {
    // THEN
    const development = files.filter(f => DEVELOPMENT.some(re => re.test(f)));
    expect(development).toEqual([]);
  });

  test('holds what users need: the command, the docs, API.md, README and LICENSE', () => {
    // THEN
    expect(files).toEqual(expect.arrayContaining(['bin/cdk8s-netpol', 'README.md', 'API.md', 'LICENSE', 'package.json',
      'docs/cli.md', 'docs/lint.md', 'docs/recipes.md']));
  });

  test('relative links of README.md and docs/ resolve to files of the package', () => {
    // GIVEN
    const docs = files.filter(f => f === 'README.md' || /^docs\/.*\.md$/.test(f));
    const packed = new Set(files);

    // WHEN
    const broken: string[] = [];
    for (const doc of docs) {
      const text = fs.readFileSync(path.join(ROOT, doc), 'utf8');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1].split('#')[0];
        if (target === '' || /^[a-z]+:/i.test(target)) {
          continue; // an anchor, or an absolute URL
        }
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(doc), target)).replace(/\/$/, '');
        const found = packed.has(resolved) || files.some(f => f.startsWith(`${resolved}/`));
        if (!found) {
          broken.push(`${doc}: ${m[1]}`);
        }
      }
    }

    // THEN
    expect(docs).toEqual(expect.arrayContaining(['README.md', 'docs/cli.md']));
    expect(broken).toEqual([]);
  });

  test('source maps are separate files, not inline in the JavaScript', () => {
    // GIVEN
    const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));

    // THEN
    expect(tsconfig.compilerOptions).toMatchObject({ inlineSourceMap: false, sourceMap: true });
    const inline = files.filter(f => /^lib\/.*\.js$/.test(f))
      .filter(f => fs.readFileSync(path.join(ROOT, f), 'utf8').includes('sourceMappingURL=data:'));
    expect(inline).toEqual([]);
  });

  test('API.md gives every public member a summary that is a whole sentence', () => {
    // GIVEN
    const api = fs.readFileSync(path.join(ROOT, 'API.md'), 'utf8');

    // WHEN: the description column of every member table
    const summaries = [...api.matchAll(/^\| <code>.*\| ([^|]+) \|$/gm)].map(m => m[1].trim());

    // THEN
    expect(summaries.length).toBeGreaterThan(100);
    expect(summaries.filter(s => s === '*No description.*')).toEqual([]);
    expect(summaries.filter(s => !/[.!?)`]$/.test(s) || /;$/.test(s))).toEqual([]);
  });
});
