import { checkLabelSelector, SELECTOR_FIELDS } from '../../../src/kube/validation/label-selector';
import { FieldIssue, SchemaWalker } from '../../../src/kube/validation/schema';

/** The issues of a selector checked at `path`. */
function check(selector: unknown, path = 'spec.podSelector'): FieldIssue[] {
  const walker = new SchemaWalker();
  checkLabelSelector(walker, selector, path);
  return walker.issues;
}

describe('checkLabelSelector |', () => {
  describe('accepts', () => {
    test.each<[string, any]>([
      ['Exists with an empty values list', { matchExpressions: [{ key: 'app', operator: 'Exists', values: [] }] }],
      ['an empty label value', { matchLabels: { app: '' } }],
      ['a null label value (Go reads "")', { matchLabels: { app: null } }],
      ['a 63-character label name and value', { matchLabels: { ['k'.repeat(63)]: 'v'.repeat(63) } }],
    ])('%s', (_, selector) => {
      expect(check(selector)).toEqual([]);
    });
  });

  describe('rejects', () => {
    test.each<[string, any, string, RegExp | string]>([
      ['labels directly in podSelector', { app: 'web' }, 'spec.podSelector.app', 'unknown field "app". Labels go under matchLabels, e.g. matchLabels: {"app": "web"}.'],
      ['a string podSelector', 'app=web', 'spec.podSelector', 'Invalid value: "app=web": must be an object. Write it as matchLabels: {"app": "web"}.'],
      ['an invalid matchLabels key', { matchLabels: { '-app': 'web' } }, 'spec.podSelector.matchLabels', /^Invalid value: "-app": name part must consist/],
      ['an invalid matchLabels value', { matchLabels: { app: '-web' } }, 'spec.podSelector.matchLabels', /^Invalid value: "-web": a valid label must be/],
      ['an unknown operator', { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['a'] }] },
        'spec.podSelector.matchExpressions[0].operator', 'Invalid value: "Equals": not a valid selector operator. Use one of In, NotIn, Exists, DoesNotExist.'],
      ['an operator in the wrong case', { matchExpressions: [{ key: 'app', operator: 'in', values: ['a'] }] },
        'spec.podSelector.matchExpressions[0].operator', 'Invalid value: "in": not a valid selector operator. Did you mean "In"?'],
      ['a missing operator', { matchExpressions: [{ key: 'app' }] }, 'spec.podSelector.matchExpressions[0].operator', /^Invalid value: "": not a valid selector operator/],
      ['In without values', { matchExpressions: [{ key: 'app', operator: 'In' }] },
        'spec.podSelector.matchExpressions[0].values', /^Required value: must be specified when `operator` is 'In' or 'NotIn'/],
      ['NotIn with empty values', { matchExpressions: [{ key: 'app', operator: 'NotIn', values: [] }] },
        'spec.podSelector.matchExpressions[0].values', /^Required value/],
      ['Exists with values', { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['a'] }] },
        'spec.podSelector.matchExpressions[0].values', /^Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'/],
      ['DoesNotExist with values', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist', values: ['a'] }] },
        'spec.podSelector.matchExpressions[0].values', /^Forbidden/],
      ['an invalid expression key', { matchExpressions: [{ key: 'a b', operator: 'Exists' }] },
        'spec.podSelector.matchExpressions[0].key', /^Invalid value: "a b": name part must consist/],
      ['a missing expression key', { matchExpressions: [{ operator: 'Exists' }] },
        'spec.podSelector.matchExpressions[0].key', 'Invalid value: "": name part must be non-empty'],
      ['an invalid expression value', { matchExpressions: [{ key: 'app', operator: 'In', values: ['ok', 'not ok'] }] },
        'spec.podSelector.matchExpressions[0].values[1]', /^Invalid value: "not ok": a valid label must be/],
      ['a numeric expression value', { matchExpressions: [{ key: 'v', operator: 'In', values: [2] }] },
        'spec.podSelector.matchExpressions[0].values[0]', 'Invalid value: 2: must be a string. Quote it: "2".'],
      ['an unknown selector field', { matchLabel: { app: 'x' } }, 'spec.podSelector.matchLabel', /Did you mean "matchLabels"\?/],
      ['an unknown expression field', { matchExpressions: [{ key: 'a', operator: 'Exists', value: [] }] },
        'spec.podSelector.matchExpressions[0].value', /Did you mean "values"\?/],
    ])('%s', (_, selector, path, message) => {
      // WHEN
      const issues = check(selector);

      // THEN
      const atPath = issues.filter((i) => i.path === path).map((i) => i.message);
      if (typeof message === 'string') {
        expect(atPath).toContain(message);
      } else {
        expect(atPath).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
      }
    });

    test('an invalid namespaceSelector, at the path of the peer', () => {
      // WHEN
      const issues = check({ matchLabels: { 'kubernetes.io/': 'x' } }, 'spec.ingress[0].from[0].namespaceSelector');

      // THEN
      expect(new Set(issues.map((i) => i.path))).toEqual(new Set(['spec.ingress[0].from[0].namespaceSelector.matchLabels']));
      expect(issues.map((i) => i.message)).toEqual(expect.arrayContaining([expect.stringMatching(/name part must be non-empty/)]));
    });
  });

  describe('hints', () => {
    test.each<[string, unknown, string]>([
      ['a number, without a hint', 42, 'Invalid value: 42: must be an object'],
      ['a list, without a hint', [], 'Invalid value: []: must be an object'],
      ['a key=value string, as matchLabels', 'tier == back', 'Invalid value: "tier == back": must be an object. Write it as matchLabels: {"tier": "back"}.'],
      ['a string that is not key=value, without a hint', 'app in (web)', 'Invalid value: "app in (web)": must be an object'],
    ])('reports a selector written as %s', (_case, selector, message) => {
      // THEN
      expect(check(selector)).toEqual([{ path: 'spec.podSelector', message }]);
    });

    test.each<[string, any, string]>([
      ['a label with a number', { version: 2 }, 'unknown field "version". Labels go under matchLabels, e.g. matchLabels: {"version": "2"}.'],
      ['a label with null', { app: null }, 'unknown field "app". Labels go under matchLabels, e.g. matchLabels: {"app": ""}.'],
      ['an object under an unknown key', { selector: { app: 'web' } }, 'unknown field "selector"'],
      ['a misspelt field', { matchExpression: [] }, 'unknown field "matchExpression". Did you mean "matchExpressions"?'],
    ])('says where %s belongs', (_case, selector, message) => {
      // THEN
      expect(check(selector).map((i) => i.message)).toEqual([message]);
    });

    test('knows the fields of a selector', () => {
      // THEN
      expect(SELECTOR_FIELDS).toEqual(['matchLabels', 'matchExpressions']);
    });
  });
});
