import * as fc from 'fast-check';
import { comparePolicyRefs, compareRuleRefs, policyKey } from '../../../src/analysis/model/order';
import { RuleRef } from '../../../src/analysis/model/rule-ref';
import { Direction } from '../../../src/core/direction';

function rule(namespace: string, name: string, direction: Direction, ruleIndex: number): RuleRef {
  return { namespace, name, direction, ruleIndex };
}

describe('comparePolicyRefs |', () => {
  test('orders by namespace, then name, by code unit whatever the locale', () => {
    // GIVEN
    const refs = [
      { namespace: 'shop', name: 'b' },
      { namespace: 'ops', name: 'z' },
      { namespace: 'shop', name: 'a' },
      { namespace: 'shop', name: 'B' },
      { namespace: 'ops', name: 'a' },
    ];

    // WHEN
    const sorted = [...refs].sort(comparePolicyRefs).map(policyKey);

    // THEN
    expect(sorted).toEqual(['ops/a', 'ops/z', 'shop/B', 'shop/a', 'shop/b']);
  });

  test('gives 0 for equal references only', () => {
    // THEN
    expect(comparePolicyRefs({ namespace: 'a', name: 'b' }, { namespace: 'a', name: 'b' })).toBe(0);
    expect(comparePolicyRefs({ namespace: 'a', name: 'b' }, { namespace: 'a', name: 'c' })).toBeLessThan(0);
    expect(comparePolicyRefs({ namespace: 'b', name: 'a' }, { namespace: 'a', name: 'z' })).toBeGreaterThan(0);
  });
});

describe('compareRuleRefs |', () => {
  test('orders by policy, then direction (ingress first), then rule index as a number', () => {
    // GIVEN
    const refs = [
      rule('shop', 'b', Direction.INGRESS, 0),
      rule('shop', 'a', Direction.INGRESS, 10),
      rule('shop', 'a', Direction.INGRESS, 2),
      rule('shop', 'a', Direction.EGRESS, 5),
      rule('ops', 'z', Direction.INGRESS, 0),
    ];

    // WHEN
    const sorted = [...refs].sort(compareRuleRefs).map(r => `${policyKey(r)} ${r.direction} ${r.ruleIndex}`);

    // THEN
    expect(sorted).toEqual(['ops/z Ingress 0', 'shop/a Ingress 2', 'shop/a Ingress 10', 'shop/a Egress 5', 'shop/b Ingress 0']);
  });

  test('is a total order: antisymmetric, and 0 only for equal references', () => {
    const ref = fc.record({
      namespace: fc.constantFrom('ops', 'shop'),
      name: fc.constantFrom('a', 'b', 'B'),
      direction: fc.constantFrom(Direction.INGRESS, Direction.EGRESS),
      ruleIndex: fc.nat({ max: 12 }),
    });
    fc.assert(fc.property(ref, ref, (a, b) => {
      // WHEN
      const ab = compareRuleRefs(a, b);
      const ba = compareRuleRefs(b, a);

      // THEN
      expect(Math.sign(ab) + Math.sign(ba)).toBe(0);
      expect(ab === 0).toBe(JSON.stringify(a) === JSON.stringify(b));
    }));
  });
});

describe('policyKey |', () => {
  test('is <namespace>/<name>, for a policy or a rule of it', () => {
    // THEN
    expect(policyKey({ namespace: 'shop', name: 'allow-web' })).toBe('shop/allow-web');
    expect(policyKey(rule('shop', 'allow-web', Direction.EGRESS, 3))).toBe('shop/allow-web');
  });
});
