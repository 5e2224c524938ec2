import { Chart, Testing } from 'cdk8s';
import { EgressToCidr, Port, Selector } from '../../src';

function policies(chart: Chart): any[] {
  return Testing.synth(chart).filter(o => o.kind === 'NetworkPolicy');
}

describe('EgressToCidr |', () => {
  test('lets every pod of the namespace reach an IPv4 range', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    new EgressToCidr(chart, 'Partners', { cidr: '203.0.113.0/24' });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    const [policy] = policies(chart);
    expect(policy.metadata.name).toEqual('allow-egress-to-203.0.113.0-24');
    expect(policy.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }],
    });
  });

  test('renders except ranges and ports for selected pods', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    new EgressToCidr(chart, 'Internal', {
      source: Selector.app('api'),
      cidr: '10.0.0.0/8',
      except: ['10.2.0.0/16', '10.1.0.0/16'],
      ports: [Port.tcp(443), Port.tcpRange(8000, 8099)],
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    const [policy] = policies(chart);
    expect(policy.metadata.name).toEqual('api-egress-to-10.0.0.0-8');
    expect(policy.spec.egress).toEqual([{
      to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 8000, endPort: 8099 }],
    }]);
  });

  test('supports IPv6', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    new EgressToCidr(chart, 'V6', { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'], ports: [Port.allUdp()] });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    const [policy] = policies(chart);
    expect(policy.metadata.name).toEqual('allow-egress-to-2001-db8-32');
    expect(policy.spec.egress[0]).toEqual({
      to: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } }],
      ports: [{ protocol: 'UDP' }],
    });
  });

  test('rejects a CIDR without a mask', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // THEN
    expect(() => new EgressToCidr(chart, 'Db', { source: Selector.app('api'), cidr: '10.0.0.7' }))
      .toThrow(/Did you mean "10\.0\.0\.7\/32"/);
  });

  test('rejects a CIDR with host bits set', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // THEN
    expect(() => new EgressToCidr(chart, 'Db', { cidr: '10.0.0.7/8' })).toThrow(/Did you mean "10\.0\.0\.0\/8"/);
  });

  test('rejects an except outside the CIDR', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // THEN
    expect(() => new EgressToCidr(chart, 'Db', { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] }))
      .toThrow(/Invalid except "192\.168\.0\.0\/16" for CIDR "10\.0\.0\.0\/8": must be strictly inside/);
  });

  test('takes an explicit name and namespace', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const egress = new EgressToCidr(chart, 'Partners', { cidr: '198.51.100.0/24', namespace: 'billing', name: 'partners' });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(egress.policy.namespace).toEqual('billing');
    expect(policies(chart)[0].metadata).toEqual({ name: 'partners', namespace: 'billing' });
  });
});

describe('EgressToCidr | refusals', () => {
  test('names the construct path when the CIDR or an except is invalid', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // THEN
    expect(() => new EgressToCidr(chart, 'Db', { cidr: '10.0.0.7' })).toThrow(/^\[test\/Db\] Invalid CIDR "10\.0\.0\.7"/);
    expect(() => new EgressToCidr(chart, 'Db2', { cidr: '10.0.0.0/8', except: ['11.0.0.0/16'] }))
      .toThrow(/^\[test\/Db2\] Invalid except "11\.0\.0\.0\/16" for CIDR "10\.0\.0\.0\/8"/);
  });
});
