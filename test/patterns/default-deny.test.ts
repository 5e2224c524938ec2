import { Testing } from 'cdk8s';
import { onlyPolicy, shopChart } from './_support';
import { DefaultDeny, Direction, Selector } from '../../src';

describe('DefaultDeny |', () => {
  test('denies both directions for every pod by default', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new DefaultDeny(chart, 'Deny');

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata.name).toEqual('default-deny');
    expect(onlyPolicy(chart).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test.each([
    [Direction.INGRESS, 'api-default-deny-ingress', ['Ingress']],
    [Direction.EGRESS, 'api-default-deny-egress', ['Egress']],
  ])('denies %s alone for selected pods', (direction, name, types) => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new DefaultDeny(chart, 'Deny', { selector: Selector.app('api'), directions: [direction] });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata.name).toEqual(name);
    expect(onlyPolicy(chart).spec.policyTypes).toEqual(types);
    expect(onlyPolicy(chart).spec.ingress).toBeUndefined();
    expect(onlyPolicy(chart).spec.egress).toBeUndefined();
  });

  test('refuses an empty directions list', () => {
    expect(() => new DefaultDeny(shopChart(), 'Deny', { directions: [] })).toThrow(/\[test\/Deny\] directions is empty/);
  });
});

describe('DefaultDeny | names', () => {
  test.each([
    [[Direction.INGRESS, Direction.EGRESS, Direction.INGRESS], 'default-deny', ['Ingress', 'Egress']],
    [[Direction.EGRESS, Direction.EGRESS], 'default-deny-egress', ['Egress']],
    [[Direction.EGRESS, Direction.INGRESS], 'default-deny', ['Ingress', 'Egress']],
  ])('names the policy after the directions it isolates, once each (%j)', (directions, name, types) => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new DefaultDeny(chart, 'Deny', { directions });

    // THEN
    const policy = onlyPolicy(chart);
    expect(policy.metadata.name).toBe(name);
    expect(policy.spec.policyTypes).toEqual(types);
  });

  test('derives a valid name from a label value with ".-" in it', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new DefaultDeny(chart, 'Deny', { selector: Selector.labels({ track: 'v1.-rc' }) });

    // THEN
    expect(onlyPolicy(chart).metadata.name).toBe('track-v1-rc-default-deny');
  });
});
