import * as fc from 'fast-check';
import { JsonArrayItem, JsonArrayScanner } from '../../../src/analysis/manifests/json-array';

/** Scans `text` cut into `cuts` pieces (offsets), with or without runs; returns the items or the error. */
function scan(text: string, cuts: number[] = [], runs = false): { items: JsonArrayItem[]; error?: string } {
  const items: JsonArrayItem[] = [];
  const scanner = new JsonArrayScanner('probes.json', item => items.push(item), runs);
  const offsets = [0, ...[...new Set(cuts)].filter(c => c > 0 && c < text.length).sort((a, b) => a - b), text.length];
  try {
    for (let i = 0; i + 1 < offsets.length; i++) {
      scanner.push(text.slice(offsets[i], offsets[i + 1]));
    }
    scanner.end();
  } catch (e) {
    return { items, error: (e as Error).message };
  }
  return { items };
}

/** The 1-based line of each top-level item of a JSON array, from its text as `JSON.stringify` indents it. */
function itemLines(text: string): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (/^ {2}[^\s\]}]/.test(line)) {
      lines.push(i + 1);
    }
  });
  return lines;
}

const json = fc.jsonValue({ maxDepth: 3 });

describe('JsonArrayScanner |', () => {
  test('reads every item of an array as JSON.parse does, however the text is cut, with or without runs', () => {
    fc.assert(fc.property(fc.array(json, { maxLength: 20 }), fc.array(fc.nat(4000), { maxLength: 8 }), fc.boolean(),
      (values, cuts, runs) => {
        // GIVEN
        const text = JSON.stringify(values, undefined, 2);

        // WHEN
        const { items, error } = scan(text, cuts, runs);

        // THEN
        expect(error).toBeUndefined();
        expect(items.map(i => i.value)).toEqual(JSON.parse(text));
        expect(items.map(i => i.index)).toEqual(values.map((_, i) => i));
      }));
  });

  test('gives each item the line it starts on when it reads item by item', () => {
    fc.assert(fc.property(fc.array(json, { maxLength: 20 }), fc.array(fc.nat(2000), { maxLength: 8 }), (values, cuts) => {
      // GIVEN
      const text = JSON.stringify(values, undefined, 2);

      // WHEN
      const { items } = scan(text, cuts);

      // THEN
      expect(items.map(i => i.line)).toEqual(itemLines(text));
    }));
  });

  test('reads runs of valid items with one parse, without their lines, and bad items one by one, with theirs', () => {
    // GIVEN: 400 valid items (more than one run), a bad one on line 402, one more
    const good = Array.from({ length: 400 }, (_, i) => `  {"from":"shop/web","to":"shop/api","port":${8000 + i}}`);
    const text = `[\n${[...good, '  {"from":"shop/web" "to":"shop/api"}', '  {"from":"shop/db","to":"shop/api","port":1}'].join(',\n')}\n]\n`;

    // WHEN: read in two chunks, the bad item starting the second
    const cut = text.indexOf('  {"from":"shop/web" "to"');
    const runs = scan(text, [cut], true);
    const single = scan(text, [cut], false);

    // THEN
    expect(runs.items).toHaveLength(402);
    expect(runs.items.some(i => i.line === undefined)).toBe(true);
    expect(runs.items[400]).toEqual({ index: 400, line: 402, problem: { line: 402, message: "invalid JSON: Expected ',' or '}' after property value" } });
    expect(runs.items.map(i => i.value)).toEqual(single.items.map(i => i.value));
    expect(single.items.map(i => i.line)).toEqual(Array.from({ length: 402 }, (_, i) => i + 2));
  });

  test('a comma inside a string or an object never ends an item', () => {
    // GIVEN
    const text = '[{"a":"x,y]},{","b":[1,{"c":2},3]}, "q\\",", [[],{}]]';

    // WHEN
    const { items, error } = scan(text, [3, 9, 15, 30]);

    // THEN
    expect(error).toBeUndefined();
    expect(items.map(i => i.value)).toEqual(JSON.parse(text));
  });

  test.each([
    ['not a list', '{"a": 1}', /^probes\.json:1: expected a JSON list/],
    ['nothing', '  \n', /^probes\.json:2: the text holds no JSON list/],
    ['a trailing comma', '[1,\n2,\n]', /^probes\.json:3: a comma before "\]"/],
    ['an empty item', '[1,,2]', /^probes\.json:1: an empty item/],
    ['a leading comma', '[,1]', /^probes\.json:1: an empty item/],
    ['no closing bracket', '[1,\n2', /^probes\.json:2: the JSON list is not closed/],
    ['text after the list', '[1]\n2', /^probes\.json:2: text after the closing "\]"/],
  ])('refuses %s with its line', (_case, text, message) => {
    // WHEN
    const { error } = scan(text);

    // THEN
    expect(error).toMatch(message);
  });

  test('a bad item is reported with the line of the problem, and reading goes on', () => {
    // GIVEN
    const text = '[\n  {"a": 1},\n  {"b":\n    1 "c": 2},\n  {"c": 3}\n]';

    // WHEN
    const { items, error } = scan(text);

    // THEN
    expect(error).toBeUndefined();
    expect(items).toHaveLength(3);
    expect(items[1].problem).toEqual({ line: 4, message: "invalid JSON: Expected ',' or '}' after property value" });
    expect(items[1].line).toBe(3);
    expect(items[2]).toEqual({ index: 2, line: 5, value: { c: 3 } });
  });
});
