import { Testing } from 'cdk8s';
import { onlyPolicy, shopChart } from './_support';
import { AllowDnsEgress, DnsTarget, Selector } from '../../src';

describe('AllowDnsEgress |', () => {
  test('allows UDP and TCP 53 to kube-dns', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowDnsEgress(chart, 'Dns', { selector: Selector.app('api') });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata.name).toEqual('api-allow-dns-egress');
    expect(onlyPolicy(chart).spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 53 }, { protocol: 'UDP', port: 53 }]);
  });

  test('supports NodeLocal DNSCache', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowDnsEgress(chart, 'Dns', { dns: DnsTarget.nodeLocal({ includeClusterDns: false }) });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).spec.egress[0].to).toEqual([{ ipBlock: { cidr: '169.254.20.10/32' } }]);
  });
});
