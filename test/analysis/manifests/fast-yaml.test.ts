import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { Document, LineCounter, parseAllDocuments, stringify } from 'yaml';
import { FastYaml, MAY_RESOLVE } from '../../../src/analysis/manifests/fast-yaml';
import { ManifestReader, ReadOptions } from '../../../src/analysis/manifests/reader';
import { REFERENCE_OPTIONS } from '../../../src/analysis/manifests/yaml-schema';

const fastYaml = new FastYaml();

function fastLoadAll(text: string) {
  return fastYaml.loadAll(text);
}

function loadYaml(text: string | Uint8Array, file: string, options?: ReadOptions) {
  return new ManifestReader(options).objects(text, file);
}

/*
 * The fast reader must give exactly what the reference parser gives: the
 * same values, documents and lines, or decline (undefined).
 */

/** What the reference parser reads: each document's value, content line and, for a sequence, item lines. */
function reference(text: string) {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { ...REFERENCE_OPTIONS, lineCounter });
  if ('empty' in docs) {
    return [];
  }
  return docs.map(doc => {
    expect(doc.errors).toEqual([]);
    expect(doc.warnings).toEqual([]);
    const contents = doc.contents as { range?: number[]; items?: Array<{ range?: number[] }> } | null;
    const value = doc.toJS();
    return {
      value: value === undefined ? null : value,
      line: contents?.range ? lineCounter.linePos(contents.range[0]).line : undefined,
      itemLines: Array.isArray(value) ? (contents?.items ?? []).map(item => (item.range ? lineCounter.linePos(item.range[0]).line : undefined)) : [],
    };
  });
}

/** Asserts the fast reader agrees with the reference, or declines; returns whether it read the text. */
function agrees(text: string): boolean {
  const fast = fastLoadAll(text);
  if (fast === undefined) {
    return false;
  }
  const expected = reference(text);
  // Empty documents are skipped, so only the numbers of the others must agree
  // (js-yaml reads a stream of only comments as one empty document).
  const nonEmpty = (docs: Array<{ value: unknown }>) => docs.flatMap((d, i) => (d.value === null ? [] : [[i + 1, d.value]]));
  expect(nonEmpty(fast)).toEqual(nonEmpty(expected));
  fast.forEach((doc, i) => {
    if (doc.value !== null) {
      expect(doc.line).toBe(expected[i].line);
    }
    const value = doc.value;
    if (Array.isArray(value)) {
      value.forEach((item, j) => {
        if (item !== null && typeof item === 'object') {
          expect(doc.itemLines[j]).toBe(expected[i].itemLines[j]);
        }
      });
    }
  });
  return true;
}

const SCALARS = [
  'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'y', 'Y', 'n', 'N',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'tRUE', 'yEs',
  '~', 'null', 'Null', 'NULL', 'nULL', '',
  '0', '-0', '+1', '007', '0777', '08', '09', '0o17', '0x1F', '0X1F', '0x_1f', '0b101', '0b', '1_000', '1__2', '_1', '1_',
  '1e3', '1E3', '1.5e-3', '-1.5E+3', '.5', '1.', '1.50', '-.5', '.', '+.', '1.2.3', '1e', 'e3',
  '.inf', '.Inf', '.INF', '-.inf', '+.inf', '.nan', '.NaN', '.NAN', '.NAn',
  '12:30:00', '190:20:30.15', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5',
  '9007199254740993', '123456789012345678901234567890', '0x7FFFFFFFFFFFFFFF',
  'web', 'app.kubernetes.io/name', '10.0.0.0/8', '::1', 'fd00:ec2::254', 'TCP', '8080/TCP', 'a b', 'a#b', 'a:b',
  '"quoted yes"', "'0777'", '"\\u00e9\\t"', "'it''s'", '"multi\\nline"',
];

describe('fastLoadAll |', () => {
  test.each(SCALARS)('reads the plain scalar %j as a value as the reference does', (scalar) => {
    expect(agrees(`value: ${scalar}\n`)).toBe(true);
    expect(agrees(`- ${scalar}\n`)).toBe(true);
    expect(agrees(`[${scalar === '' ? '""' : scalar}]\n`)).toBe(true);
  });

  test.each(SCALARS.filter(s => s !== '' && !['~', 'null', 'Null', 'NULL'].includes(s)))('reads %j as a key as the reference does', (scalar) => {
    expect(agrees(`${scalar}: v\n`)).toBe(true);
  });

  test.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a local tag', 'a: !custom 1\n'],
    ['a directive', '%YAML 1.1\n---\na: 1\n'],
    ['a merge key', 'base: {a: 1}\nchild:\n  <<: {b: 2}\n'],
    ['a complex key', '? a\n: b\n'],
    ['a null key', '~: a\n'],
    ['an empty key', ': a\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a syntax error', 'a: [1, 2\n'],
    ['a tab indent', 'a:\n\tb: 1\n'],
  ])('leaves text with %s to the reference parser', (_what, text) => {
    expect(fastLoadAll(text)).toBeUndefined();
  });

  test.each([
    ['empty text', ''],
    ['only a comment', '# nothing\n'],
    ['a leading marker', '---\na: 1\n'],
    ['empty documents', '---\n---\na: 1\n---\n'],
    ['a document end marker', 'a: 1\n...\n---\nb: 2\n'],
    ['comments before content', '# one\n\n# two\n---\n# three\n  \na: 1\n'],
    ['content on the marker line', '--- {a: 1}\n--- [1, 2]\n--- "s"\n'],
    ['a block sequence of maps', '- a: 1\n  b: 2\n-\n  c: 3\n- # comment\n  d: 4\n'],
    ['a JSON array, as chart.toJson() saved', '[\n  {"apiVersion": "v1", "kind": "Namespace"},\n\n  {"a": [1, {"b": null}]}\n]\n'],
    ['CRLF line breaks', 'a: 1\r\nb:\r\n  - x\r\n'],
    ['block scalars', 'a: |\n  line one\n  line two\nb: >-\n  folded\n  text\n'],
    ['multi-line plain and quoted scalars', 'a: one\n  two\nb: "x\n  y"\n'],
  ])('reads %s as the reference does', (_what, text) => {
    expect(agrees(text)).toBe(true);
  });

  test('agrees with the reference on any JSON value written as YAML or JSON, in several documents', () => {
    const key = fc.oneof(fc.constantFrom(...SCALARS.filter(s => s !== '' && !s.startsWith('"') && !s.startsWith("'"))), fc.string());
    const value = fc.letrec(tie => ({
      node: fc.oneof({ depthSize: 'small' },
        fc.constantFrom<unknown>(...SCALARS.filter(s => !s.startsWith('"') && !s.startsWith("'"))),
        fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    const style = fc.constantFrom<'block' | 'flow' | 'json' | 'plain-strings'>('block', 'flow', 'json', 'plain-strings');
    let readFast = 0;
    fc.assert(fc.property(fc.array(fc.tuple(value, style), { minLength: 1, maxLength: 3 }), fc.boolean(), (docs, leadingMarker) => {
      const text = (leadingMarker ? '---\n' : '') + docs.map(([v, s]) => {
        switch (s) {
          case 'json': return JSON.stringify(v, undefined, 2) ?? 'null';
          case 'flow': return stringify(v, { version: '1.1', collectionStyle: 'flow' });
          case 'plain-strings': return stringify(v, { version: '1.1', defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' });
          default: return stringify(v, { version: '1.1' });
        }
      }).join('\n---\n');
      if (agrees(text)) {
        readFast++;
      }
    }), { numRuns: 500 });
    // The property is about the texts the fast reader takes: most of them.
    expect(readFast).toBeGreaterThan(250);
  });
});

describe('MAY_RESOLVE |', () => {
  const tests = new Document(null, REFERENCE_OPTIONS).schema.tags
    .map(t => (t as { test?: unknown }).test)
    .filter((t): t is RegExp => t instanceof RegExp);

  test('passes every scalar that some reference tag resolves', () => {
    const check = (scalar: string) => {
      if (scalar !== '' && tests.some(t => t.test(scalar))) {
        expect(MAY_RESOLVE.test(scalar)).toBe(true);
      }
    };
    SCALARS.forEach(check);
    fc.assert(fc.property(fc.string(), check), { numRuns: 2000 });
    fc.assert(fc.property(fc.stringMatching(/^[-+.0-9a-zA-Z_~:]{1,8}$/), check), { numRuns: 5000 });
  });
});

describe('ManifestReader | fast reader', () => {
  const fixtures = path.join(__dirname, '..', '..', 'fixtures');
  const files = fs.readdirSync(fixtures, { recursive: true }).map(String)
    .filter(f => /\.(ya?ml|json)$/.test(f))
    .filter(f => {
      try {
        loadYaml(fs.readFileSync(path.join(fixtures, f)), f, { referenceOnly: true });
        return true;
      } catch {
        return false; // fixtures of bad input: their errors are tested elsewhere
      }
    });

  test('reads most fixtures fast', () => {
    const fast = files.filter(f => fastLoadAll(fs.readFileSync(path.join(fixtures, f), 'utf8').replace(/^\uFEFF/, '')) !== undefined);
    expect(fast.length).toBeGreaterThan(files.length * 0.8);
  });

  test.each(files)('gives the objects and locations of the reference parser for %s', (file) => {
    // GIVEN
    const bytes = fs.readFileSync(path.join(fixtures, file));

    // WHEN
    const fast = loadYaml(bytes, file);
    const slow = loadYaml(bytes, file, { referenceOnly: true });

    // THEN
    expect(fast.map(o => o.object)).toEqual(slow.map(o => o.object));
    fast.forEach((obj, i) => {
      const a = obj.source;
      const b = slow[i].source;
      expect({ file: a.file, document: a.document, line: a.line }).toEqual({ file: b.file, document: b.document, line: b.line });
      for (const field of [['metadata', 'name'], ['spec'], ['spec', 'ingress', 0, 'from', 0], ['spec', 'no-such-field']]) {
        expect(a.locate!(field)).toBe(b.locate!(field));
      }
    });
  });
});
