import * as fc from 'fast-check';
import { externalClass, podClass } from './_support';
import { EndpointClass } from '../../../src/analysis/model/endpoint';
import { NamedPortMatcher, PortMatcher, portMatches, portMatchesAnywhere } from '../../../src/analysis/model/port-matcher';
import { Protocol } from '../../../src/core/protocol';

type AnywhereMatcher = Exclude<PortMatcher, NamedPortMatcher>;

const ANY: AnywhereMatcher = { kind: 'any' };
const UDP_ANY: AnywhereMatcher = { kind: 'protocol', protocol: Protocol.UDP };
const TCP_8000_8099: AnywhereMatcher = { kind: 'range', protocol: Protocol.TCP, port: 8000, endPort: 8099 };
const TCP_443: AnywhereMatcher = { kind: 'range', protocol: Protocol.TCP, port: 443, endPort: 443 };
const HTTP: NamedPortMatcher = { kind: 'named', protocol: Protocol.TCP, name: 'http', defaultProtocol: true };
const UDP_DNS: NamedPortMatcher = { kind: 'named', protocol: Protocol.UDP, name: 'dns', defaultProtocol: false };

/** api declares http as TCP 8080 and dns as UDP 53; legacy declares http as TCP 80 and dns as TCP 53. */
const API = podClass('shop', { app: 'api' }, {
  ports: [{ name: 'http', port: 8080, protocol: Protocol.TCP }, { name: 'dns', port: 53, protocol: Protocol.UDP }],
});
const LEGACY = podClass('shop', { app: 'legacy' }, {
  ports: [{ name: 'http', port: 80, protocol: Protocol.TCP }, { name: 'dns', port: 53, protocol: Protocol.TCP }],
});
const BARE = podClass('shop', { app: 'bare' }, { ports: [{ port: 8080, protocol: Protocol.TCP }] });

describe('portMatchesAnywhere |', () => {
  test.each<[string, AnywhereMatcher, Protocol, number, boolean]>([
    ['any port matches TCP', ANY, Protocol.TCP, 1, true],
    ['any port matches SCTP 65535', ANY, Protocol.SCTP, 65535, true],
    ['a protocol matches every port of it', UDP_ANY, Protocol.UDP, 12345, true],
    ['a protocol does not match another protocol', UDP_ANY, Protocol.TCP, 53, false],
    ['a range matches its first port', TCP_8000_8099, Protocol.TCP, 8000, true],
    ['a range matches its last port', TCP_8000_8099, Protocol.TCP, 8099, true],
    ['a range does not match the port before it', TCP_8000_8099, Protocol.TCP, 7999, false],
    ['a range does not match the port after it', TCP_8000_8099, Protocol.TCP, 8100, false],
    ['a range does not match its ports of another protocol', TCP_8000_8099, Protocol.UDP, 8050, false],
    ['a single port matches itself', TCP_443, Protocol.TCP, 443, true],
    ['a single port does not match its neighbour', TCP_443, Protocol.TCP, 444, false],
  ])('%s', (_case, matcher, protocol, port, expected) => {
    // THEN
    expect(portMatchesAnywhere(matcher, protocol, port)).toBe(expected);
  });

  test('a range matches exactly the ports from its start to its end, of its protocol', () => {
    const protocol = fc.constantFrom(Protocol.TCP, Protocol.UDP, Protocol.SCTP);
    const port = fc.integer({ min: 1, max: 65535 });
    fc.assert(fc.property(protocol, port, port, protocol, port, (p, a, b, asked, n) => {
      // GIVEN
      const [start, end] = a <= b ? [a, b] : [b, a];
      const matcher: AnywhereMatcher = { kind: 'range', protocol: p, port: start, endPort: end };

      // THEN
      expect(portMatchesAnywhere(matcher, asked, n)).toBe(asked === p && start <= n && n <= end);
    }));
  });
});

describe('portMatches |', () => {
  test.each<[string, PortMatcher, Protocol, number, EndpointClass, boolean]>([
    ['a named port matches the number the destination gives it', HTTP, Protocol.TCP, 8080, API, true],
    ['a named port does not match another number on that destination', HTTP, Protocol.TCP, 80, API, false],
    ['a named port resolves on each destination: 80 on legacy', HTTP, Protocol.TCP, 80, LEGACY, true],
    ['a named port resolves on each destination: not 8080 on legacy', HTTP, Protocol.TCP, 8080, LEGACY, false],
    ['a named port does not match traffic of another protocol', HTTP, Protocol.UDP, 8080, API, false],
    ['a named UDP port matches where the destination declares it as UDP', UDP_DNS, Protocol.UDP, 53, API, true],
    ['a named UDP port does not match where the destination declares the name as TCP', UDP_DNS, Protocol.UDP, 53, LEGACY, false],
    ['a named port does not match a destination whose port has no name', HTTP, Protocol.TCP, 8080, BARE, false],
    ['a named port never matches an external address', HTTP, Protocol.TCP, 8080, externalClass('203.0.113.1'), false],
    ['a range does not look at the destination', TCP_8000_8099, Protocol.TCP, 8080, externalClass('203.0.113.1'), true],
  ])('%s', (_case, matcher, protocol, port, destination, expected) => {
    // THEN
    expect(portMatches(matcher, protocol, port, destination)).toBe(expected);
  });

  test('a named port resolves on the destination only: the source declaring it does not help', () => {
    // GIVEN: the source would be api (http = 8080); the destination is bare
    const source = API;

    // WHEN
    const toBare = portMatches(HTTP, Protocol.TCP, 8080, BARE);
    const toSource = portMatches(HTTP, Protocol.TCP, 8080, source);

    // THEN
    expect(toBare).toBe(false);
    expect(toSource).toBe(true);
  });

  test('agrees with portMatchesAnywhere for every matcher but a named one, on any destination', () => {
    const matcher = fc.constantFrom<AnywhereMatcher>(ANY, UDP_ANY, TCP_8000_8099, TCP_443);
    const protocol = fc.constantFrom(Protocol.TCP, Protocol.UDP, Protocol.SCTP);
    const destination = fc.constantFrom(API, LEGACY, BARE, externalClass('203.0.113.1'));
    fc.assert(fc.property(matcher, protocol, fc.integer({ min: 1, max: 65535 }), destination, (m, p, n, d) => {
      // THEN
      expect(portMatches(m, p, n, d)).toBe(portMatchesAnywhere(m, p, n));
    }));
  });

  test('a named port matches only a port the destination declares with that name, protocol and number', () => {
    const entry = fc.record({
      name: fc.constantFrom('http', 'dns', undefined),
      port: fc.constantFrom(53, 80, 8080),
      protocol: fc.constantFrom(Protocol.TCP, Protocol.UDP),
    });
    fc.assert(fc.property(fc.array(entry, { maxLength: 3 }), fc.constantFrom(HTTP, UDP_DNS), fc.constantFrom(Protocol.TCP, Protocol.UDP),
      fc.constantFrom(53, 80, 8080), (ports, matcher, protocol, port) => {
        // GIVEN
        const destination = podClass('shop', {}, { ports });

        // WHEN
        const matched = portMatches(matcher, protocol, port, destination);

        // THEN
        expect(matched).toBe(protocol === matcher.protocol
          && ports.some(p => p.name === matcher.name && p.protocol === protocol && p.port === port));
      }));
  });
});
