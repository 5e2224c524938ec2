import { Testing } from 'cdk8s';
import { onlyPolicy, shopChart } from './_support';
import { AllowFromCidrs, Port, Selector } from '../../src';

describe('AllowFromCidrs |', () => {
  test('accepts load balancer ranges on given ports', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowFromCidrs(chart, 'Lb', {
      selector: Selector.app('web'),
      cidrs: ['198.51.100.0/24', '2001:db8::/48'],
      ports: [Port.tcp(443), Port.tcp(80)],
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata.name).toEqual('web-allow-from-cidrs');
    expect(onlyPolicy(chart).spec.ingress).toEqual([{
      from: [{ ipBlock: { cidr: '198.51.100.0/24' } }, { ipBlock: { cidr: '2001:db8::/48' } }],
      ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 443 }],
    }]);
  });

  test('names a single range in the policy name', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowFromCidrs(chart, 'Office', { cidrs: ['203.0.113.0/24'] });

    // THEN
    expect(onlyPolicy(chart).metadata.name).toEqual('allow-from-203.0.113.0-24');
  });

  test('refuses an empty list and bad ranges', () => {
    expect(() => new AllowFromCidrs(shopChart(), 'Lb', { cidrs: [] })).toThrow(/\[test\/Lb\] cidrs is empty/);
    expect(() => new AllowFromCidrs(shopChart(), 'Lb', { cidrs: ['10.0.0.1/8'] })).toThrow(/Did you mean "10\.0\.0\.0\/8"/);
  });
});

describe('AllowFromCidrs | refusals', () => {
  test('names the construct path when a CIDR is invalid', () => {
    // GIVEN
    const chart = shopChart();

    // THEN
    expect(() => new AllowFromCidrs(chart, 'Lb', { cidrs: ['10.0.0.7'] }))
      .toThrow(/^\[test\/Lb\] Invalid CIDR "10\.0\.0\.7": mask missing\. Did you mean "10\.0\.0\.7\/32"\?$/);
  });

  test('refuses a string where a list of ports belongs, as plain JavaScript can pass', () => {
    // GIVEN
    const chart = shopChart();

    // THEN
    expect(() => new AllowFromCidrs(chart, 'Lb', { cidrs: ['10.0.0.0/8'], ports: '443' as any }))
      .toThrow(/^\[test\/Lb\] `ports` must be a list of Port, got a string\. Make one with Port\.tcp\(8080\)/);
  });
});
