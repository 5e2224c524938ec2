import { App, Chart, Testing } from 'cdk8s';
import { onlyPolicy, shopChart } from './_support';
import { AllowKubeApiEgress, Conventions, Selector } from '../../src';

describe('AllowKubeApiEgress |', () => {
  test('allows 443 and 6443 to the API server addresses', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowKubeApiEgress(chart, 'Api', { selector: Selector.app('operator'), cidrs: ['172.20.0.10/32'] });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata.name).toEqual('operator-allow-kube-api-egress');
    expect(onlyPolicy(chart).spec.egress).toEqual([{
      to: [{ ipBlock: { cidr: '172.20.0.10/32' } }],
      ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }],
    }]);
  });

  test('reads the addresses from the conventions', () => {
    // GIVEN
    const app = new App();
    Conventions.set(app, { apiServerCidrs: ['10.0.0.1/32'] });
    const chart = new Chart(app, 'test', { namespace: 'ci' });

    // WHEN
    new AllowKubeApiEgress(chart, 'Api');

    // THEN
    expect(onlyPolicy(chart).spec.egress[0].to).toEqual([{ ipBlock: { cidr: '10.0.0.1/32' } }]);
  });

  test('refuses to guess the addresses', () => {
    expect(() => new AllowKubeApiEgress(shopChart(), 'Api')).toThrow(/\[test\/Api\] The API server's addresses are unknown\. Set `cidrs`/);
    expect(() => Conventions.set(new App(), { apiServerCidrs: ['10.0.0.1'] })).toThrow(/Conventions\.apiServerCidrs: .*Did you mean "10\.0\.0\.1\/32"/);
  });
});

describe('AllowKubeApiEgress | refusals', () => {
  test('names the construct path when an address is invalid', () => {
    // GIVEN
    const chart = shopChart();

    // THEN
    expect(() => new AllowKubeApiEgress(chart, 'Api', { cidrs: ['10.96.0.1'] }))
      .toThrow(/^\[test\/Api\] Invalid CIDR "10\.96\.0\.1": mask missing/);
  });
});
