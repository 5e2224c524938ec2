import { Testing } from 'cdk8s';
import { onlyPolicy, shopChart } from './_support';
import { AllowAll, Direction, Selector } from '../../src';

describe('AllowAll |', () => {
  test('opens all ingress with one empty rule', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowAll(chart, 'Open', { selector: Selector.app('web'), direction: Direction.INGRESS });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata.name).toEqual('web-allow-all-ingress');
    expect(onlyPolicy(chart).spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      policyTypes: ['Ingress'],
      ingress: [{}],
    });
  });

  test('opens all egress for every pod', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowAll(chart, 'Open', { direction: Direction.EGRESS });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata.name).toEqual('allow-all-egress');
    expect(onlyPolicy(chart).spec).toEqual({ podSelector: {}, policyTypes: ['Egress'], egress: [{}] });
  });
});
