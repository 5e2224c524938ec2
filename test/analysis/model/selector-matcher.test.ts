import * as fc from 'fast-check';
import { compileSelector, Labels, selectorMatches } from '../../../src/analysis/model/selector-matcher';

type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

function expression(key: string, operator: Operator, values?: string[]) {
  return values === undefined ? { key, operator } : { key, operator, values };
}

describe('compileSelector |', () => {
  test('gives equal keys to equal selectors written in another order', () => {
    // GIVEN
    const a = {
      matchLabels: { app: 'web', tier: 'front' },
      matchExpressions: [expression('env', 'In', ['prod', 'dev']), expression('canary', 'DoesNotExist')],
    };
    const b = {
      matchExpressions: [expression('canary', 'DoesNotExist'), expression('env', 'In', ['dev', 'prod'])],
      matchLabels: { tier: 'front', app: 'web' },
    };

    // THEN
    expect(compileSelector(a).key).toBe(compileSelector(b).key);
  });

  test.each([
    ['another label value', { matchLabels: { app: 'api' } }],
    ['another label key', { matchLabels: { name: 'web' } }],
    ['an extra label', { matchLabels: { app: 'web', tier: 'front' } }],
    ['the label as an In expression', { matchExpressions: [expression('app', 'In', ['web'])] }],
    ['nothing', {}],
  ])('gives another key to a selector with %s', (_case, other) => {
    // THEN
    expect(compileSelector(other).key).not.toBe(compileSelector({ matchLabels: { app: 'web' } }).key);
  });

  test.each([
    ['{}', {}, true],
    ['undefined', undefined, true],
    ['null', null, true],
    ['empty matchLabels and matchExpressions', { matchLabels: {}, matchExpressions: [] }, true],
    ['a label', { matchLabels: { app: 'web' } }, false],
    ['an expression', { matchExpressions: [expression('app', 'Exists')] }, false],
  ])('knows that %s selects everything: %s', (_case, selector, expected) => {
    // WHEN
    const compiled = compileSelector(selector as any);

    // THEN
    expect(compiled.matchesAll).toBe(expected);
    expect(compiled.key === compileSelector({}).key).toBe(expected);
  });

  test('reads label values and expression values as strings', () => {
    // WHEN
    const compiled = compileSelector({ matchLabels: { version: 2 as any }, matchExpressions: [expression('port', 'In', [80 as any])] });

    // THEN
    expect(compiled.matchLabels).toEqual([['version', '2']]);
    expect([...compiled.requirements[0].values]).toEqual(['80']);
    expect(selectorMatches(compiled, { version: '2', port: '80' })).toBe(true);
  });

  test('the key does not depend on the order of matchLabels, matchExpressions or values', () => {
    const key = fc.constantFrom('app', 'tier', 'env', 'example.com/team');
    const value = fc.constantFrom('web', 'api', 'prod', 'dev', '');
    const expr = fc.record({
      key,
      operator: fc.constantFrom<Operator>('In', 'NotIn', 'Exists', 'DoesNotExist'),
      values: fc.uniqueArray(value, { minLength: 1, maxLength: 3 }),
    }).map(e => (e.operator === 'In' || e.operator === 'NotIn' ? e : { key: e.key, operator: e.operator }));
    const selector = fc.record({
      labels: fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, maxLength: 4 }),
      expressions: fc.array(expr, { maxLength: 4 }),
    });

    fc.assert(fc.property(selector, fc.integer(), ({ labels, expressions }, seed) => {
      // GIVEN: the same selector with every list shuffled
      const shuffle = <T>(items: T[]): T[] => [...items].map((item, i) => ({ item, rank: (seed * 31 + i * 17) % 101 }))
        .sort((x, y) => x.rank - y.rank).map(x => x.item);
      const written = { matchLabels: Object.fromEntries(labels), matchExpressions: expressions };
      const shuffled = {
        matchExpressions: shuffle(expressions).map(e => ('values' in e ? { ...e, values: shuffle(e.values as string[]) } : e)),
        matchLabels: Object.fromEntries(shuffle(labels)),
      };

      // THEN
      expect(compileSelector(shuffled).key).toBe(compileSelector(written).key);
    }));
  });
});

describe('selectorMatches |', () => {
  const WEB: Labels = { app: 'web', tier: 'front' };

  test.each<[string, any, Labels, boolean]>([
    ['{} matches a pod without labels', {}, {}, true],
    ['matchLabels matches equal values', { matchLabels: { app: 'web' } }, WEB, true],
    ['matchLabels needs every entry', { matchLabels: { app: 'web', tier: 'back' } }, WEB, false],
    ['matchLabels does not match an absent label', { matchLabels: { env: 'prod' } }, WEB, false],
    ['an empty matchLabels value matches an empty label only', { matchLabels: { app: '' } }, { app: '' }, true],
    ['an empty matchLabels value does not match an absent label', { matchLabels: { app: '' } }, {}, false],
    ['In matches a listed value', { matchExpressions: [expression('app', 'In', ['api', 'web'])] }, WEB, true],
    ['In does not match another value', { matchExpressions: [expression('app', 'In', ['api'])] }, WEB, false],
    ['In does not match an absent label', { matchExpressions: [expression('env', 'In', ['prod'])] }, WEB, false],
    ['NotIn does not match a listed value', { matchExpressions: [expression('app', 'NotIn', ['web'])] }, WEB, false],
    ['NotIn matches another value', { matchExpressions: [expression('app', 'NotIn', ['api'])] }, WEB, true],
    ['NotIn matches an absent label', { matchExpressions: [expression('env', 'NotIn', ['prod'])] }, WEB, true],
    ['Exists matches a present label', { matchExpressions: [expression('tier', 'Exists')] }, WEB, true],
    ['Exists matches a present empty label', { matchExpressions: [expression('tier', 'Exists')] }, { tier: '' }, true],
    ['Exists does not match an absent label', { matchExpressions: [expression('env', 'Exists')] }, WEB, false],
    ['DoesNotExist matches an absent label', { matchExpressions: [expression('env', 'DoesNotExist')] }, WEB, true],
    ['DoesNotExist does not match a present label', { matchExpressions: [expression('app', 'DoesNotExist')] }, WEB, false],
    ['labels and expressions are ANDed', { matchLabels: { app: 'web' }, matchExpressions: [expression('tier', 'In', ['back'])] }, WEB, false],
    ['Exists looks at own labels only, not at Object.prototype', { matchExpressions: [expression('constructor', 'Exists')] }, {}, false],
    ['DoesNotExist looks at own labels only', { matchExpressions: [expression('toString', 'DoesNotExist')] }, {}, true],
    ['matchLabels looks at own labels only', { matchLabels: { hasOwnProperty: 'x' } }, {}, false],
    ['an unknown operator never matches', { matchExpressions: [expression('app', 'Equals' as Operator, ['web'])] }, WEB, false],
  ])('%s', (_case, selector, labels, expected) => {
    // THEN
    expect(selectorMatches(compileSelector(selector), labels)).toBe(expected);
  });

  const labelsArb = fc.dictionary(fc.constantFrom('app', 'tier', 'env'), fc.constantFrom('web', 'api', 'prod', ''), { maxKeys: 3 });
  const valuesArb = fc.uniqueArray(fc.constantFrom('web', 'api', 'prod', ''), { minLength: 1, maxLength: 3 });

  test('NotIn is the complement of In over labels that have the key', () => {
    fc.assert(fc.property(labelsArb, fc.constantFrom('app', 'tier', 'env'), valuesArb, (labels, key, values) => {
      fc.pre(key in labels);

      // WHEN
      const isIn = selectorMatches(compileSelector({ matchExpressions: [expression(key, 'In', values)] }), labels);
      const notIn = selectorMatches(compileSelector({ matchExpressions: [expression(key, 'NotIn', values)] }), labels);

      // THEN
      expect(notIn).toBe(!isIn);
      expect(isIn).toBe(values.includes(labels[key]));
    }));
  });

  test('DoesNotExist is the complement of Exists, and In or NotIn holds only where Exists or NotIn says', () => {
    fc.assert(fc.property(labelsArb, fc.constantFrom('app', 'tier', 'env'), valuesArb, (labels, key, values) => {
      // WHEN
      const exists = selectorMatches(compileSelector({ matchExpressions: [expression(key, 'Exists')] }), labels);
      const absent = selectorMatches(compileSelector({ matchExpressions: [expression(key, 'DoesNotExist')] }), labels);
      const isIn = selectorMatches(compileSelector({ matchExpressions: [expression(key, 'In', values)] }), labels);
      const notIn = selectorMatches(compileSelector({ matchExpressions: [expression(key, 'NotIn', values)] }), labels);

      // THEN
      expect(absent).toBe(!exists);
      expect(isIn ? exists : true).toBe(true);
      expect(absent ? notIn : true).toBe(true);
    }));
  });

  test('matchLabels { k: v } selects exactly what In (v) on k selects', () => {
    fc.assert(fc.property(labelsArb, fc.constantFrom('app', 'tier', 'env'), fc.constantFrom('web', 'api', 'prod', ''), (labels, key, value) => {
      // THEN
      expect(selectorMatches(compileSelector({ matchLabels: { [key]: value } }), labels))
        .toBe(selectorMatches(compileSelector({ matchExpressions: [expression(key, 'In', [value])] }), labels));
    }));
  });
});
