import { App, Chart, Testing } from 'cdk8s';
import { onlyPolicy, shopChart } from './_support';
import { AllowInternetEgress, Conventions, Port, Selector } from '../../src';

describe('AllowInternetEgress |', () => {
  test('allows 0.0.0.0/0 and ::/0 except private, shared, loopback and link-local ranges', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowInternetEgress(chart, 'Internet', { selector: Selector.app('crawler'), ports: [Port.HTTPS] });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata.name).toEqual('crawler-allow-internet-egress');
    expect(onlyPolicy(chart).spec.egress[0].to).toEqual([
      { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'] } },
      { ipBlock: { cidr: '::/0', except: ['fc00::/7', 'fe80::/10'] } },
    ]);
  });

  test('also keeps the cluster ranges out, dropping those already excluded', () => {
    // GIVEN
    const app = new App();
    Conventions.set(app, { clusterCidrs: ['10.96.0.0/12', '198.18.0.0/15', 'fd10::/64'] });
    const chart = new Chart(app, 'test', { namespace: 'shop' });

    // WHEN
    new AllowInternetEgress(chart, 'Internet', { ipv6: false, exclude: ['203.0.113.0/24'] });

    // THEN
    const to = onlyPolicy(chart).spec.egress[0].to;
    expect(to).toHaveLength(1);
    expect(to[0].ipBlock.except).toEqual([
      '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '198.18.0.0/15', '203.0.113.0/24',
    ]);
  });
});

describe('AllowInternetEgress | refusals', () => {
  test('names the construct path when a range to keep out is invalid', () => {
    // GIVEN
    const chart = shopChart();

    // THEN
    expect(() => new AllowInternetEgress(chart, 'Out', { exclude: ['10.0.0.7'] }))
      .toThrow(/^\[test\/Out\] Invalid CIDR "10\.0\.0\.7": mask missing/);
  });

  test('refuses cluster ranges that cover a whole family, quoting only what the user wrote', () => {
    // GIVEN
    const app = new App();
    Conventions.set(app, { clusterCidrs: ['0.0.0.0/0'] });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });

    // WHEN
    const make = () => new AllowInternetEgress(chart, 'Out');

    // THEN
    expect(make).toThrow(/^\[shop\/Out\] Conventions\.clusterCidrs has "0\.0\.0\.0\/0", every IPv4 address/);
    expect(make).not.toThrow(/except/);
  });

  test('refuses an exclude of every IPv6 address and says how to leave IPv6 out', () => {
    // GIVEN
    const chart = shopChart();

    // THEN
    expect(() => new AllowInternetEgress(chart, 'Out', { exclude: ['::/0'] }))
      .toThrow(/^\[test\/Out\] `exclude` has "::\/0", every IPv6 address.*or set ipv6: false\.$/);
  });
});
