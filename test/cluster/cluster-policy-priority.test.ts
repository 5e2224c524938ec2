import { ClusterPolicyPriority, PriorityLadder } from '../../src';

describe('ClusterPolicyPriority |', () => {
  test.each([0, 1, 500, 1000])('accepts %d', (value) => {
    // THEN
    expect(ClusterPolicyPriority.of(value).value).toBe(value);
    expect(ClusterPolicyPriority.of(value).toString()).toBe(`${value}`);
  });

  test.each([-1, 1001, 1.5, NaN])('refuses %d, pointing to PriorityLadder', (value) => {
    // THEN
    expect(() => ClusterPolicyPriority.of(value)).toThrow(/must be an integer from 0 to 1000.*PriorityLadder/);
  });
});

describe('PriorityLadder |', () => {
  test('gives each rung start + index * step, and an offset within the rung', () => {
    // GIVEN
    const ladder = PriorityLadder.of(['security', 'platform', 'delegation']);

    // THEN
    expect(ladder.priority('security').value).toBe(100);
    expect(ladder.priority('platform', 10).value).toBe(210);
    expect(ladder.priority('platform', 10).toString()).toBe('210 (platform+10)');
    expect(ladder.priority('delegation').toString()).toBe('300 (delegation)');
  });

  test('keeps the numbers of existing rungs when a rung is added at the end', () => {
    // GIVEN
    const before = PriorityLadder.of(['a', 'b'], { start: 10, step: 50 });
    const after = PriorityLadder.of(['a', 'b', 'c'], { start: 10, step: 50 });

    // THEN
    expect(['a', 'b'].map(r => after.priority(r).value)).toEqual(['a', 'b'].map(r => before.priority(r).value));
    expect(after.priority('c').value).toBe(110);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['no rungs', () => PriorityLadder.of([]), /at least one rung/],
    ['a duplicate rung', () => PriorityLadder.of(['a', 'a']), /Rung "a" appears twice/],
    ['a ladder past 1000', () => PriorityLadder.of(['a', 'b', 'c'], { start: 500, step: 300 }), /ends at 1100.*Use a step of at most 250/],
    ['an unknown rung', () => PriorityLadder.of(['a']).priority('b'), /Unknown rung "b"\. The ladder's rungs are "a"/],
    ['an offset of a whole step', () => PriorityLadder.of(['a']).priority('a', 100), /must be an integer from 0 to 99/],
    ['an offset past 1000', () => PriorityLadder.of(['a', 'b'], { start: 900, step: 100 }).priority('b', 1), /gives 1001, above the maximum priority 1000/],
  ])('refuses %s', (_, make, message) => {
    // THEN
    expect(make).toThrow(message);
  });
});
