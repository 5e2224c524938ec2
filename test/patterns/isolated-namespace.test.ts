import { Chart, Testing } from 'cdk8s';
import { DnsTarget, IsolatedNamespace, Peer, Port } from '../../src';

function policies(chart: Chart): any[] {
  return Testing.synth(chart).filter(o => o.kind === 'NetworkPolicy');
}

function byName(chart: Chart, name: string): any {
  const found = policies(chart).find(p => p.metadata.name === name);
  if (!found) {
    throw new Error(`no policy named ${name}`);
  }
  return found;
}

describe('IsolatedNamespace |', () => {
  test('defaults to default-deny in both directions with DNS to kube-dns', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    new IsolatedNamespace(chart, 'Isolation');

    // THEN
    const manifest = Testing.synth(chart);
    expect(manifest).toMatchSnapshot();
    expect(byName(chart, 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(byName(chart, 'allow-dns-egress').spec.egress).toEqual([{
      to: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      }],
      ports: [{ protocol: 'TCP', port: 53 }, { protocol: 'UDP', port: 53 }],
    }]);
  });

  test('isolates ingress only, with no DNS policy', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    new IsolatedNamespace(chart, 'Isolation', { isolateEgress: false });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(policies(chart).map(p => p.metadata.name)).toEqual(['default-deny-ingress']);
    expect(byName(chart, 'default-deny-ingress').spec.policyTypes).toEqual(['Ingress']);
  });

  test('isolates egress only, keeping DNS', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    new IsolatedNamespace(chart, 'Isolation', { isolateIngress: false });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(policies(chart).map(p => p.metadata.name)).toEqual(['default-deny-egress', 'allow-dns-egress']);
    expect(byName(chart, 'default-deny-egress').spec.policyTypes).toEqual(['Egress']);
  });

  test('can leave DNS blocked on request', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    new IsolatedNamespace(chart, 'Isolation', { allowDns: false });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(policies(chart).map(p => p.metadata.name)).toEqual(['default-deny']);
  });

  test('sends DNS to NodeLocal DNSCache and kube-dns', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    new IsolatedNamespace(chart, 'Isolation', { dns: DnsTarget.nodeLocal() });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(byName(chart, 'allow-dns-egress').spec.egress[0].to).toContainEqual({ ipBlock: { cidr: '169.254.20.10/32' } });
    expect(byName(chart, 'allow-dns-egress').spec.egress[0].to).toHaveLength(2);
  });

  test('sends DNS to a custom target', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    new IsolatedNamespace(chart, 'Isolation', {
      dns: DnsTarget.custom({ peers: [Peer.cidr('10.96.0.10/32')], ports: [Port.DNS_UDP] }),
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(byName(chart, 'allow-dns-egress').spec.egress).toEqual([{
      to: [{ ipBlock: { cidr: '10.96.0.10/32' } }],
      ports: [{ protocol: 'UDP', port: 53 }],
    }]);
  });

  test('allows traffic within the namespace on request', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    new IsolatedNamespace(chart, 'Isolation', { allowSameNamespace: true });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(byName(chart, 'allow-same-namespace').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    });
  });

  test('takes the namespace from props over the chart', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    const isolation = new IsolatedNamespace(chart, 'Isolation', { namespace: 'billing' });

    // THEN
    expect(isolation.namespace).toEqual('billing');
    expect(policies(chart).every(p => p.metadata.namespace === 'billing')).toBe(true);
  });

  test('refuses to isolate nothing', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // THEN
    expect(() => new IsolatedNamespace(chart, 'Isolation', { isolateIngress: false, isolateEgress: false }))
      .toThrow(/\[test\/Isolation\] isolateIngress and isolateEgress are both false/);
  });

  test('refuses a chart with no namespace, naming the construct path', () => {
    // GIVEN
    const chart = Testing.chart();

    // THEN
    expect(() => new IsolatedNamespace(chart, 'Isolation'))
      .toThrow(/\[test\/Isolation\/DefaultDeny\/Resource\] NetworkPolicy "default-deny" has no namespace\. Set `namespace`/);
  });
});
