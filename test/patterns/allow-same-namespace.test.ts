import { Testing } from 'cdk8s';
import { onlyPolicy, shopChart } from './_support';
import { AllowSameNamespace, Direction, Port, Selector } from '../../src';

describe('AllowSameNamespace |', () => {
  test('accepts ingress from every pod of the namespace by default', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowSameNamespace(chart, 'Same');

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata.name).toEqual('allow-same-namespace');
    expect(onlyPolicy(chart).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] });
  });

  test('opens both directions on given ports for selected pods', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowSameNamespace(chart, 'Same', {
      selector: Selector.app('api'),
      directions: [Direction.INGRESS, Direction.EGRESS],
      ports: [Port.tcp(8080)],
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    const rule = { podSelector: {} };
    expect(onlyPolicy(chart).spec.ingress).toEqual([{ from: [rule], ports: [{ protocol: 'TCP', port: 8080 }] }]);
    expect(onlyPolicy(chart).spec.egress).toEqual([{ to: [rule], ports: [{ protocol: 'TCP', port: 8080 }] }]);
  });
});
