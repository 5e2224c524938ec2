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
