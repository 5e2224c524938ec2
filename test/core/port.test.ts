import { Port, Protocol } from '../../src';

describe('Port |', () => {
  test.each([
    [Port.tcp(80), { protocol: 'TCP', port: 80 }, 'TCP 80'],
    [Port.udp(53), { protocol: 'UDP', port: 53 }, 'UDP 53'],
    [Port.sctp(1), { protocol: 'SCTP', port: 1 }, 'SCTP 1'],
    [Port.number(Protocol.TCP, 65535), { protocol: 'TCP', port: 65535 }, 'TCP 65535'],
    [Port.tcpRange(8000, 8099), { protocol: 'TCP', port: 8000, endPort: 8099 }, 'TCP 8000-8099'],
    [Port.udpRange(1, 65535), { protocol: 'UDP', port: 1, endPort: 65535 }, 'UDP 1-65535'],
    [Port.sctpRange(10, 10), { protocol: 'SCTP', port: 10 }, 'SCTP 10'],
    [Port.named('http'), { protocol: 'TCP', port: 'http' }, 'TCP http'],
    [Port.named('dns-udp', Protocol.UDP), { protocol: 'UDP', port: 'dns-udp' }, 'UDP dns-udp'],
    [Port.allTcp(), { protocol: 'TCP' }, 'TCP (all ports)'],
    [Port.allUdp(), { protocol: 'UDP' }, 'UDP (all ports)'],
    [Port.allSctp(), { protocol: 'SCTP' }, 'SCTP (all ports)'],
    [Port.allOf(Protocol.UDP), { protocol: 'UDP' }, 'UDP (all ports)'],
    [Port.DNS_UDP, { protocol: 'UDP', port: 53 }, 'UDP 53'],
    [Port.DNS_TCP, { protocol: 'TCP', port: 53 }, 'TCP 53'],
    [Port.HTTPS, { protocol: 'TCP', port: 443 }, 'TCP 443'],
  ])('%s renders and prints', (port, kube, text) => {
    expect(JSON.parse(JSON.stringify(port._toKube()))).toEqual(kube);
    expect(port.toString()).toEqual(text);
  });

  test('all-ports of a protocol never renders port 0', () => {
    expect(Port.allTcp()._toKube().port).toBeUndefined();
    expect(Port.allTcp().isAllPorts).toBe(true);
  });

  test.each([
    [() => Port.tcp(0), /Port 0 is invalid.*use Port\.allTcp\(\)/],
    [() => Port.tcp(65536), /Port 65536 is invalid.*1 to 65535/],
    [() => Port.udp(-1), /Port -1 is invalid/],
    [() => Port.tcp(80.5), /Port 80\.5 is invalid/],
    [() => Port.tcp(NaN), /^Port \(not a number\) is invalid: must be an integer/],
    [() => Port.tcpRange(9000, 8000), /Port range 9000-8000 ends before it starts\. Did you mean 8000-9000\?/],
    [() => Port.tcpRange(0, 80), /Port range start 0 is invalid/],
    [() => Port.tcpRange(80, 70000), /Port range end 70000 is invalid/],
    [() => Port.named('80'), /Invalid port name "80":.*at least one letter.*use Port\.tcp\(80\)/],
    [() => Port.named('HTTP'), /Invalid port name "HTTP"/],
    [() => Port.named('very-long-port-name'), /Invalid port name "very-long-port-name":.*15/],
    [() => Port.named('-http'), /Invalid port name "-http"/],
    [() => Port.named('http-'), /Invalid port name "http-"/],
    [() => Port.named('ht--tp'), /Invalid port name "ht--tp"/],
    [() => Port.named('my_port'), /Invalid port name "my_port"/],
    [() => Port.number('tcp' as Protocol, 80), /Invalid protocol "tcp": must be one of TCP, UDP, SCTP/],
  ])('rejects bad input %#', (make, message) => {
    expect(make).toThrow(message);
  });

  test.each(['a', 'http', 'h2c', 'grpc-web', 'a'.repeat(15), '1a'])('accepts the port name %s', name => {
    expect(Port.named(name).name).toEqual(name);
  });

  test('_normalize sorts by protocol, number, end and name and drops duplicates', () => {
    const sorted = Port._normalize([Port.udp(53), Port.tcp(443), Port.named('web'), Port.tcp(443), Port.allSctp(), Port.tcpRange(80, 90), Port.tcp(80)]);
    expect(sorted.map(p => p.toString())).toEqual(['TCP web', 'TCP 80', 'TCP 80-90', 'TCP 443', 'UDP 53', 'SCTP (all ports)']);
  });
});
