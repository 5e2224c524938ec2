import { comparePortSpecs, formatPort, PortRange } from '../../../src/analysis/model/port-spec';
import { Protocol } from '../../../src/core/protocol';

describe('formatPort |', () => {
  test.each<[PortRange | { protocol: Protocol; port: number }, string]>([
    [{ protocol: Protocol.TCP, port: 8080 }, 'TCP 8080'],
    [{ protocol: Protocol.TCP, port: 8080, endPort: 8080 }, 'TCP 8080'],
    [{ protocol: Protocol.TCP, port: 8000, endPort: 8099 }, 'TCP 8000-8099'],
    [{ protocol: Protocol.UDP, port: 1, endPort: 65535 }, 'UDP any port'],
    [{ protocol: Protocol.SCTP, port: 1, endPort: 79 }, 'SCTP 1-79'],
  ])('writes %j as %s, protocol first, in every output', (spec, text) => {
    expect(formatPort(spec)).toBe(text);
  });
});

describe('comparePortSpecs |', () => {
  test('orders by protocol (TCP, UDP, SCTP), then port', () => {
    const specs = [
      { protocol: Protocol.SCTP, port: 1 },
      { protocol: Protocol.UDP, port: 53 },
      { protocol: Protocol.TCP, port: 443 },
      { protocol: Protocol.TCP, port: 80 },
    ];
    expect([...specs].sort(comparePortSpecs).map(formatPort)).toEqual(['TCP 80', 'TCP 443', 'UDP 53', 'SCTP 1']);
  });
});
