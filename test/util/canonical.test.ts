import * as fc from 'fast-check';
import { canonicalKey, sortUnique } from '../../src/util/canonical';

describe('canonicalKey |', () => {
  test('ignores the order of object keys, at every depth', () => {
    // GIVEN
    const a = { matchLabels: { app: 'web', tier: 'front' }, list: [{ x: 1, y: 2 }] };
    const b = { list: [{ y: 2, x: 1 }], matchLabels: { tier: 'front', app: 'web' } };

    // THEN
    expect(canonicalKey(a)).toBe(canonicalKey(b));
    expect(canonicalKey(a)).toBe('{"list":[{"x":1,"y":2}],"matchLabels":{"app":"web","tier":"front"}}');
  });

  test('leaves out undefined members', () => {
    // THEN
    expect(canonicalKey({ a: 1, b: undefined })).toBe(canonicalKey({ a: 1 }));
    expect(canonicalKey({ a: { b: undefined } })).toBe('{"a":{}}');
  });

  test.each<[string, unknown, unknown]>([
    ['the order of list items', [1, 2], [2, 1]],
    ['null and an absent member', { a: null }, {}],
    ['a number and its digits', 1, '1'],
    ['an empty list and an empty object', [], {}],
    ['true and "true"', true, 'true'],
  ])('tells apart values that differ in %s', (_case, a, b) => {
    // THEN
    expect(canonicalKey(a)).not.toBe(canonicalKey(b));
  });

  test.each<[unknown, string]>([
    [null, 'null'],
    ['text', '"text"'],
    [42, '42'],
    [false, 'false'],
    [[null, 'a', [1]], '[null,"a",[1]]'],
  ])('writes %j as JSON: %s', (value, expected) => {
    // THEN
    expect(canonicalKey(value)).toBe(expected);
  });

  test('gives equal keys to a JSON value and its copy with shuffled keys', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      // GIVEN
      const reversed = (v: unknown): unknown => {
        if (Array.isArray(v)) {
          return v.map(reversed);
        }
        if (v !== null && typeof v === 'object') {
          return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]));
        }
        return v;
      };

      // THEN
      expect(canonicalKey(reversed(value))).toBe(canonicalKey(value));
      expect(JSON.parse(canonicalKey(value))).toEqual(JSON.parse(JSON.stringify(value)));
    }));
  });
});

describe('sortUnique |', () => {
  test('sorts by canonical key and drops duplicates, whatever their key order', () => {
    // GIVEN
    const items = [{ b: 2, a: 1 }, { a: 0 }, { a: 1, b: 2 }, { a: 0 }];

    // WHEN
    const result = sortUnique(items);

    // THEN
    expect(result).toEqual([{ a: 0 }, { a: 1, b: 2 }]);
  });

  test('sorts strings by their JSON form', () => {
    // THEN
    expect(sortUnique(['b', 'a', 'b', 'C'])).toEqual(['C', 'a', 'b']);
  });

  test('returns a copy of a list of fewer than two items', () => {
    // GIVEN
    const one = [{ a: 1 }];

    // WHEN
    const result = sortUnique(one);

    // THEN
    expect(result).toEqual(one);
    expect(result).not.toBe(one);
    expect(sortUnique([])).toEqual([]);
  });

  test('gives the same result for any order of the same items', () => {
    fc.assert(fc.property(fc.array(fc.record({ k: fc.constantFrom('a', 'b', 'c'), v: fc.nat({ max: 3 }) })), (items) => {
      // THEN
      const result = sortUnique(items);
      expect(sortUnique([...items].reverse())).toEqual(result);
      expect(new Set(result.map(canonicalKey)).size).toBe(result.length);
      expect(new Set(result.map(canonicalKey))).toEqual(new Set(items.map(canonicalKey)));
    }));
  });
});
