import * as fc from 'fast-check';
import { closest, compareStrings, editDistance } from '../../src/util/strings';

describe('compareStrings |', () => {
  test('orders by UTF-16 code unit, whatever the locale: capitals before lowercase, digits first', () => {
    // GIVEN
    const words = ['b', 'a', 'B', 'A', '10', '9', 'é', 'e', ''];

    // WHEN
    const sorted = [...words].sort(compareStrings);

    // THEN
    expect(sorted).toEqual(['', '10', '9', 'A', 'B', 'a', 'b', 'e', 'é']);
  });

  test.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['same', 'same', 0],
    ['ab', 'abc', -1],
  ])('compares "%s" with "%s" as %d', (a, b, expected) => {
    // THEN
    expect(compareStrings(a, b)).toBe(expected);
  });

  test('is antisymmetric and 0 only for equal strings', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => {
      // THEN
      expect(compareStrings(a, b) + compareStrings(b, a)).toBe(0);
      expect(compareStrings(a, b) === 0).toBe(a === b);
    }));
  });
});

describe('editDistance |', () => {
  test.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['web', 'web', 0],
    ['web', 'wbe', 2],
    ['web', 'webs', 1],
    ['webs', 'web', 1],
    ['web', 'wab', 1],
    ['kitten', 'sitting', 3],
    ['ingres', 'ingress', 1],
    ['Ingress', 'ingress', 1],
    ['flaw', 'lawn', 2],
  ])('counts the edits from "%s" to "%s": %d', (a, b, expected) => {
    // THEN
    expect(editDistance(a, b)).toBe(expected);
  });

  test('is a metric: zero only for equal strings, symmetric, and within the triangle inequality', () => {
    const word = fc.string({ maxLength: 8 });
    fc.assert(fc.property(word, word, word, (a, b, c) => {
      // THEN
      expect(editDistance(a, b) === 0).toBe(a === b);
      expect(editDistance(a, b)).toBe(editDistance(b, a));
      expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c));
      expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
      expect(editDistance(a, b)).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
    }));
  });
});

describe('closest |', () => {
  test.each<[string, string[], number | undefined, string | undefined]>([
    ['shpo', ['ops', 'shop'], undefined, 'shop'],
    ['shop', ['shop', 'shops'], undefined, 'shops'],
    ['shop', ['shop'], undefined, undefined],
    ['frontend', ['web', 'api'], undefined, undefined],
    ['wbe', ['web', 'wbx'], undefined, 'wbx'],
    ['wex', ['web', 'wed'], undefined, 'web'],
    ['abcd', ['wxyz'], undefined, undefined],
    ['abcd', ['abxy'], undefined, 'abxy'],
    ['abcd', ['abxy'], 1, undefined],
    ['abcd', ['axyz'], 3, 'axyz'],
    ['web', [], undefined, undefined],
  ])('suggests for "%s" among %j (at most %s edits): %s', (value, candidates, maxDistance, expected) => {
    // THEN
    expect(closest(value, candidates, maxDistance)).toBe(expected);
  });

  test('takes any iterable, e.g. a Set or the keys of a Map', () => {
    // THEN
    expect(closest('opps', new Set(['ops', 'shop']))).toBe('ops');
    expect(closest('dta', new Map([['data', 1]]).keys())).toBe('data');
  });
});
