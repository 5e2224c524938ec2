import { loadManifests } from '../../../src/analysis/load';
import { DEFAULT_MAX_BYTES, ManifestReader, ReadOptions } from '../../../src/analysis/manifests/reader';
import { ManifestError } from '../../../src/analysis/manifests/source';
import { fixtureText } from '../_support';

function read(text: string | Uint8Array, file: string, options?: ReadOptions) {
  return new ManifestReader(options).objects(text, file);
}

function loadError(fn: () => unknown): ManifestError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ManifestError);
    return e as ManifestError;
  }
  throw new Error('expected a ManifestError');
}

describe('ManifestReader |', () => {
  test('reads every document of a multi-document file and skips empty ones', () => {
    // GIVEN
    const text = '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n---\n# only a comment\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n---\n';

    // WHEN
    const docs = read(text, 'multi.yaml');

    // THEN
    expect(docs.map(d => d.object.metadata.name)).toEqual(['a', 'b']);
    expect(docs[1].source).toMatchObject({ file: 'multi.yaml', document: 4, line: 9 });
  });

  test('reads the e2e cluster fixture (netpol-e2e-cluster.yaml)', () => {
    const docs = read(Buffer.from(fixtureText('netpol-e2e-cluster.yaml')), 'netpol-e2e-cluster.yaml');
    expect(docs).toHaveLength(12);
  });

  test('reads JSON, tab-indented too, and rejects its duplicate keys', () => {
    const docs = read('{\n\t"apiVersion": "v1",\n\t"kind": "List",\n\t"items": [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}]\n}\n', 'list.json');
    expect(docs[0].object.items[0].metadata.name).toBe('a');
    expect(loadError(() => read('{"kind": "Pod",\n "kind": "Pod"}', 'dup.json'))).toMatchObject({ code: 'DuplicateKey', line: 2 });
  });

  test('rejects a duplicate key, naming file, document and line', () => {
    // GIVEN
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: web\n    app: api\n';

    // WHEN
    const error = loadError(() => read(text, 'dup.yaml'));

    // THEN
    expect(error.code).toBe('DuplicateKey');
    expect(error).toMatchObject({ file: 'dup.yaml', document: 2, line: 11 });
    expect(error.message).toMatch(/^dup\.yaml:11 \(document 2\): duplicate key "app": Map keys must be unique\. Keep only one of them/);
  });

  test('treats a parser warning (an unknown tag) as an error', () => {
    const error = loadError(() => read('apiVersion: v1\nkind: !Ref Namespace\nmetadata: {name: a}\n', 'tag.yaml'));
    expect(error.code).toBe('YamlWarning');
    expect(error).toMatchObject({ line: 2, document: 1 });
    expect(error.message).toMatch(/Unresolved tag: !Ref/);
  });

  test('rejects a syntax error with its line', () => {
    const error = loadError(() => read('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [a\n', 'syntax.yaml'));
    expect(error.code).toBe('InvalidYaml');
    expect(error.file).toBe('syntax.yaml');
    expect(error.line).toBeGreaterThanOrEqual(4);
  });

  test('refuses an alias bomb', () => {
    // GIVEN
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${levels.map(l => `  ${l}`).join('\n')}\n`;

    // WHEN
    const error = loadError(() => read(text, 'bomb.yaml'));

    // THEN
    expect(error.code).toBe('TooManyAliases');
    expect(error.message).toMatch(/^bomb\.yaml:1 \(document 1\): the document expands too many aliases \(limit 100\)/);
  });

  test('allows a few aliases', () => {
    const docs = read('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: &l {app: web}\n  annotations: *l\n', 'alias.yaml');
    expect(docs[0].object.metadata.annotations).toEqual({ app: 'web' });
  });

  test('rejects invalid UTF-8, naming the line', () => {
    // GIVEN
    const bytes = Buffer.concat([Buffer.from('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: caf'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);

    // WHEN
    const error = loadError(() => read(bytes, 'latin1.yaml'));

    // THEN
    expect(error.code).toBe('InvalidUtf8');
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/not valid UTF-8 \(byte 0xc3 at offset 52\)/);
  });

  test.each([
    ['an overlong encoding', [0xc0, 0xaf]],
    ['a surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
  ])('rejects %s', (_, bytes) => {
    expect(loadError(() => read(Uint8Array.from([0x61, 0x3a, 0x20, ...bytes]), 'bad.yaml')).code).toBe('InvalidUtf8');
  });

  test('accepts UTF-8 with a BOM and multi-byte characters', () => {
    const docs = read(Buffer.from('\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: "café ✓ 😀"}\n'), 'utf8.yaml');
    expect(docs[0].object.data.k).toBe('café ✓ 😀');
  });

  test('refuses an oversize file', () => {
    // GIVEN
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: "${'x'.repeat(2000)}"}\n`;

    // WHEN
    const error = loadError(() => read(text, 'big.yaml', { maxBytes: 1024 }));

    // THEN
    expect(DEFAULT_MAX_BYTES).toBe(64 * 1024 * 1024);
    expect(error.code).toBe('ManifestTooLarge');
    expect(error.message).toMatch(/^big\.yaml: the file is 2065 bytes, more than the limit of 1024 bytes/);
  });

  test('rejects a document that is not an object', () => {
    const error = loadError(() => read('apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n- a\n- b\n', 'list.yaml'));
    expect(error).toMatchObject({ code: 'NotAnObject', document: 2, line: 5 });
  });

  test('reads a top-level array, as chart.toJson() saved to a file, with the line of each item', () => {
    // GIVEN
    const text = '[\n  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}},\n  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}}\n]\n';

    // WHEN
    const docs = read(text, 'chart.json');

    // THEN
    expect(docs.map(d => d.object.metadata.name)).toEqual(['a', 'b']);
    expect(docs[1].source).toMatchObject({ file: 'chart.json', document: 1, line: 3 });
    expect(loadManifests(docs).namespaces.has('b')).toBe(true);
  });

  test('rejects an array item that is not an object, naming its line', () => {
    expect(() => read('- kind: Namespace\n- 42\n', 'list.yaml')).toThrow(/list\.yaml:2.*item 1 of the document is the number 42, not an object/);
  });

  test('reads scalars as kubectl (YAML 1.1): an unquoted y is a boolean', () => {
    // GIVEN
    const docs = read('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: y\n', 'norway.yaml');

    // WHEN
    const error = loadError(() => loadManifests(docs));

    // THEN
    expect(docs[0].object.metadata.name).toBe(true);
    expect(error.message).toMatch(/^norway\.yaml:4 \(document 1\): metadata\.name: must be a string, got the boolean true\. YAML reads unquoted y, n, yes/);
  });

  test('keeps dates and times as strings, as kubectl does', () => {
    const docs = read('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {built: 2024-01-02, at: 1:20}\n', 'dates.yaml');
    expect(docs[0].object.metadata.labels).toEqual({ built: '2024-01-02', at: '1:20' });
  });
});

