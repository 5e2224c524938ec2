import * as fc from 'fast-check';
import { PolicyValidator, ValidationIssue } from '../../src/core/policy-validator';
import { clone, FULL_POLICY, lines, policy } from '../kube/validation/_support';

/*
 * The public facade. What the validation checks is tested with its module,
 * under test/kube/validation/; here, its defaults and its promises.
 */

describe('PolicyValidator |', () => {
  describe('accepts', () => {
    test('a policy that uses every field', () => {
      // THEN
      expect(lines(PolicyValidator.validate(FULL_POLICY))).toEqual([]);
    });

    test('a policy without a name or namespace when not required', () => {
      // GIVEN
      const manifest = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', spec: { podSelector: {} } };

      // WHEN
      const issues = PolicyValidator.validate(manifest, { requireName: false, requireNamespace: false });

      // THEN
      expect(issues).toEqual([]);
    });
  });

  describe('options', () => {
    test.each<[string, object, string[]]>([
      ['require both by default', {}, ['metadata.name', 'metadata.namespace']],
      ['requireName: false', { requireName: false }, ['metadata.namespace']],
      ['requireNamespace: false', { requireNamespace: false }, ['metadata.name']],
      ['both off', { requireName: false, requireNamespace: false }, []],
    ])('%s', (_, options, paths) => {
      // GIVEN
      const manifest = policy({}, { name: undefined, namespace: undefined });

      // WHEN
      const issues = PolicyValidator.validate(manifest, options);

      // THEN
      expect(issues.map((i) => i.path)).toEqual(paths);
    });

    test('still checks a name that is present when not required', () => {
      const issues = PolicyValidator.validate(policy({}, { name: 'UPPER', namespace: 'Upper' }), { requireName: false, requireNamespace: false });
      expect(issues.map((i) => i.path)).toEqual(['metadata.name', 'metadata.namespace']);
    });
  });

  describe('isNetworkPolicy', () => {
    test.each<[string, unknown, boolean]>([
      ['a NetworkPolicy', policy(), true],
      ['an invalid NetworkPolicy', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', spec: 'x' }, true],
      ['another kind', { apiVersion: 'apps/v1', kind: 'Deployment' }, false],
      ['another version', { apiVersion: 'extensions/v1beta1', kind: 'NetworkPolicy' }, false],
      ['a kind in the wrong case', { apiVersion: 'networking.k8s.io/v1', kind: 'networkpolicy' }, false],
      ['null', null, false],
      ['a list', [policy()], false],
      ['a string', 'NetworkPolicy', false],
    ])('%s: %s', (_, manifest, expected) => {
      expect(PolicyValidator.isNetworkPolicy(manifest)).toBe(expected);
    });
  });

  describe('properties', () => {
    test('never throws on arbitrary JSON', () => {
      fc.assert(fc.property(fc.anything(), (manifest) => {
        const issues = PolicyValidator.validate(manifest);
        expect(Array.isArray(issues)).toBe(true);
        expectNoInternalErrors(issues);
        PolicyValidator.isNetworkPolicy(manifest);
      }), { numRuns: 500 });
    });

    test('never throws on arbitrary JSON in a NetworkPolicy envelope', () => {
      fc.assert(fc.property(fc.anything(), fc.anything(), (metadata, spec) => {
        const manifest = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec };
        expectNoInternalErrors(PolicyValidator.validate(manifest));
      }), { numRuns: 500 });
    });

    test('never throws on random mutations of a valid policy', () => {
      // GIVEN every path into the full policy
      const paths = allPaths(FULL_POLICY);
      const mutation = fc.record({
        at: fc.nat({ max: paths.length - 1 }),
        remove: fc.boolean(),
        value: fc.oneof(fc.anything(), fc.jsonValue(), fc.constantFrom(null, '', 0, -1, 65536, '80', [], {}, 'x'.repeat(300))),
      });

      fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (mutations) => {
        // WHEN
        const manifest = clone(FULL_POLICY) as any;
        for (const m of mutations) {
          mutate(manifest, paths[m.at], m.remove, m.value);
        }
        const issues = PolicyValidator.validate(manifest);

        // THEN
        expectNoInternalErrors(issues);
        for (const issue of issues) {
          expect(typeof issue.path).toBe('string');
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }), { numRuns: 1000 });
    });
  });
});

function expectNoInternalErrors(issues: ValidationIssue[]): void {
  expect(issues.filter((i) => i.message.startsWith('Internal error'))).toEqual([]);
}

type PathStep = string | number;

function allPaths(value: unknown, prefix: PathStep[] = []): PathStep[][] {
  const result: PathStep[][] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((v, i) => result.push(...allPaths(v, [...prefix, i])));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      result.push(...allPaths(v, [...prefix, k]));
    }
  }
  return result;
}

/** Replaces (or removes) the value at `path`, if the path still exists. */
function mutate(root: any, path: PathStep[], remove: boolean, value: unknown): void {
  if (path.length === 0) {
    return;
  }
  let parent = root;
  for (const step of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) {
      return;
    }
    parent = parent[step];
  }
  if (typeof parent !== 'object' || parent === null) {
    return;
  }
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(parent) && typeof last === 'number') {
      parent.splice(last, 1);
    } else {
      delete parent[last];
    }
  } else {
    parent[last] = value;
  }
}
