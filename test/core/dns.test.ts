import { DnsTarget, Peer, Port } from '../../src';
import { PolicyError } from '../../src/core/errors';

describe('DnsTarget |', () => {
  test('kubeDns selects k8s-app=kube-dns in kube-system on UDP and TCP 53', () => {
    // WHEN
    const dns = DnsTarget.kubeDns();

    // THEN
    expect(dns.peers.map(p => p.toString())).toEqual(['pods k8s-app=kube-dns in namespace kube-system']);
    expect(dns.ports.map(p => p.toString())).toEqual(['UDP 53', 'TCP 53']);
    expect(dns.toString()).toBe('cluster DNS (kube-system/k8s-app=kube-dns)');
  });

  test('nodeLocal takes an address and can leave kube-dns out', () => {
    // WHEN
    const dns = DnsTarget.nodeLocal({ address: 'fd00::10', includeClusterDns: false });

    // THEN
    expect(dns.peers.map(p => p.toString())).toEqual(['fd00::10/128']);
  });

  test('nodeLocal defaults to 169.254.20.10/32 and the cluster DNS pods, on UDP and TCP 53', () => {
    // WHEN
    const dns = DnsTarget.nodeLocal();

    // THEN
    expect(dns.peers.map(p => p.toString())).toEqual(['169.254.20.10/32', 'pods k8s-app=kube-dns in namespace kube-system']);
    expect(dns.ports.map(p => p.toString())).toEqual(['UDP 53', 'TCP 53']);
    expect(dns.toString()).toBe('NodeLocal DNSCache (169.254.20.10/32)');
  });

  test.each([
    ['an IPv4 address', '10.0.0.10', true, ['10.0.0.10/32', 'pods k8s-app=kube-dns in namespace kube-system']],
    ['an IPv6 address', 'fd00:10::a', true, ['fd00:10::a/128', 'pods k8s-app=kube-dns in namespace kube-system']],
    ['an IPv4 address without the cluster DNS', '10.0.0.10', false, ['10.0.0.10/32']],
  ])('nodeLocal with %s (includeClusterDns: %s) allows a host block of it', (_case, address, includeClusterDns, peers) => {
    // WHEN
    const dns = DnsTarget.nodeLocal({ address, includeClusterDns });

    // THEN
    expect(dns.peers.map(p => p.toString())).toEqual(peers);
    expect(dns.toString()).toBe(`NodeLocal DNSCache (${peers[0]})`);
  });

  test('nodeLocal refuses an address that is not an IP', () => {
    // THEN
    expect(() => DnsTarget.nodeLocal({ address: 'dns.local' })).toThrow(PolicyError);
  });

  test('custom needs a peer', () => {
    // THEN
    expect(() => DnsTarget.custom({ peers: [] })).toThrow(/needs at least one peer/);
    expect(DnsTarget.custom({ peers: [Peer.cidr('10.96.0.10/32')], ports: [Port.DNS_UDP] }).ports).toHaveLength(1);
  });

  test('custom without peers throws an EmptyDnsPeers PolicyError that names the fix', () => {
    // WHEN
    let error: unknown;
    try {
      DnsTarget.custom({ peers: undefined as any });
    } catch (e) {
      error = e;
    }

    // THEN
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).code).toBe('EmptyDnsPeers');
    expect((error as PolicyError).message).toBe('DnsTarget.custom() needs at least one peer. For the cluster DNS, use DnsTarget.kubeDns().');
  });

  test('custom defaults to UDP and TCP 53, and copies the lists it is given', () => {
    // GIVEN
    const peers = [Peer.cidr('10.96.0.10/32')];

    // WHEN
    const dns = DnsTarget.custom({ peers });
    peers.push(Peer.cidr('10.96.0.11/32'));

    // THEN
    expect(dns.ports.map(p => p.toString())).toEqual(['UDP 53', 'TCP 53']);
    expect(dns.peers.map(p => p.toString())).toEqual(['10.96.0.10/32']);
    expect(dns.toString()).toBe('custom DNS');
  });
});

describe('DnsTarget | argument types from plain JavaScript', () => {
  test('custom() refuses peers and ports of the wrong type with a library error', () => {
    expect(() => DnsTarget.custom({ peers: ['10.0.0.10/32' as any] })).toThrow(/^DnsTarget\.custom\(\) takes a list of Peer, got a list\./);
    expect(() => DnsTarget.custom({ peers: [Peer.cidr('10.0.0.10/32')], ports: [53 as any] })).toThrow(/^DnsTarget\.custom\(\) takes a list of Port, got a list\./);
    expect(() => DnsTarget.custom({ peers: [Peer.cidr('10.0.0.10/32')], ports: [53 as any] })).toThrow(PolicyError);
  });
});
