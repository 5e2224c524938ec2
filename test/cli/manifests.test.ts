import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, fixture, STACK_LINE } from './_support';

/*
 * Strict input, end to end through every command that reads manifests: what
 * kubectl refuses exits 2 with file:line and the fix.
 */

const COMMANDS: Array<[string, string[]]> = [
  ['validate', []],
  ['lint', []],
  ['matrix', []],
  ['report', ['--out', '-', '--format', 'dot']],
  ['test', ['--probes', fixture('cli-probes-pass.yaml')]],
];

describe('cdk8s-netpol manifests |', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-manifests-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe.each(COMMANDS)('%s', (command, extra) => {
    test.each([
      ['a 0-byte file', 'empty.yaml', '',
        /^cdk8s-netpol: .*empty\.yaml:1: no Kubernetes object in this file \(it is empty, or holds only comments and "---"\)\ncdk8s-netpol: no Kubernetes object found\. Give files that hold objects with apiVersion and kind/],
      ['a file of comments and separators', 'comments.yaml', '# nothing here\n---\n---\n', /comments\.yaml:1: no Kubernetes object in this file/],
      ['a List without items', 'list.yaml', '# an empty List\napiVersion: v1\nkind: List\nitems: []\n', /list\.yaml:2: this List has no items\n/],
      ['an object without kind', 'nokind.yaml', 'apiVersion: v1\nmetadata:\n  name: web\n',
        /^cdk8s-netpol: .*nokind\.yaml:1 \(document 1\): kind: Object 'Kind' is missing\. Set kind, e\.g\. kind: Deployment\.\n$/],
      ['an object without apiVersion', 'noapi.yaml', '---\nkind: Pod\nmetadata:\n  name: web\n',
        /^cdk8s-netpol: .*noapi\.yaml:2 \(document 1\): apiVersion: apiVersion is not set on this Pod\. Set it, e\.g\. apiVersion: v1\.\n$/],
      ['a List whose items is a string', 'string-items.yaml', 'apiVersion: v1\nkind: List\nitems: hello\n',
        /string-items\.yaml:3 \(document 1\): items: the items of a List must be a list of objects, got the string "hello"\. Write each object as a list item/],
      ['a List whose items are not objects', 'number-items.yaml', 'apiVersion: v1\nkind: List\nitems:\n  - 3\n',
        /number-items\.yaml:4 \(document 1\): items\[0\]: expected a Kubernetes object, got the number 3\./],
    ])('exits 2 on %s, with file:line and the fix', async (_case, name, text, message) => {
      // GIVEN
      const file = write(name, text);

      // WHEN
      const run = await cli(command, file, ...extra);

      // THEN
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(STACK_LINE);
    });

    test('exits 2 on an empty directory, naming it and the fix', async () => {
      // WHEN
      const run = await cli(command, dir, ...extra);

      // THEN
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`cdk8s-netpol: ${dir}: no manifests found (looked for *.yaml, *.yml and *.json files). `
        + 'Give the directory that holds them, e.g. the dist/ folder "cdk8s synth" writes.\n');
    });
  });

  test('a directory skips the construct-metadata.json that cdk8s synth writes beside the manifests (cli-shop.yaml)', async () => {
    // GIVEN: a dist/ as "cdk8s synth" writes it when a validation plugin is configured
    fs.copyFileSync(fixture('cli-shop.yaml'), path.join(dir, 'shop.k8s.yaml'));
    const metadata = write('construct-metadata.json', JSON.stringify({ version: '1.0.0', resources: { 'shop-web': { path: 'shop/Web' } } }));

    // WHEN
    const fromDir = await cli('validate', dir);
    const named = await cli('validate', metadata);

    // THEN
    expect(fromDir.code).toBe(0);
    expect(fromDir.stderr).toBe('');
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/construct-metadata\.json:1 .*kind/);
  });

  test('diff exits 2 when one side holds no Kubernetes object (diff-base.yaml)', async () => {
    // GIVEN
    const empty = write('empty.yaml', '');

    // WHEN
    const run = await cli('diff', fixture('diff-base.yaml'), empty);

    // THEN
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/empty\.yaml:1: no Kubernetes object in this file/);
  });

  test('an empty file beside a file with objects is fine, and objects of other kinds are too (validate-valid.yaml)', async () => {
    // GIVEN
    const empty = write('empty.yaml', '');
    const other = write('other.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n');

    // WHEN
    const mixed = await cli('validate', empty, fixture('validate-valid.yaml'));
    const otherOnly = await cli('validate', other);

    // THEN
    expect(mixed.code).toBe(0);
    expect(mixed.stdout).toMatch(/2 NetworkPolicies: 2 valid, 0 invalid/);
    expect(otherOnly.code).toBe(0);
    expect(otherOnly.stdout).toBe('no NetworkPolicies found\n');
  });
});
