import * as fc from 'fast-check';
import { loaded, netpol, pod } from './_support';
import { compilePolicies } from '../../src/analysis/compile';
import { peerMatches } from '../../src/analysis/model/peer-matcher';
import { portMatches } from '../../src/analysis/model/port-matcher';
import { PROTOCOLS } from '../../src/analysis/model/port-spec';
import { CompiledPolicy } from '../../src/analysis/model/target';
import { addressSamples, mentionedPorts, portPieces } from '../../src/analysis/samples';
import { Protocol } from '../../src/core/protocol';
import { parseIp } from '../../src/kube/cidr';

function compiled(...manifests: any[]): { policies: ReadonlyArray<CompiledPolicy>; endpoints: ReturnType<typeof loaded>['endpoints'] } {
  const l = loaded([], ...manifests);
  return { policies: compilePolicies(l.documents).policy.policies, endpoints: l.endpoints };
}

/** An IPv4 address from its number. */
function toIp(n: number): string {
  return [2 ** 24, 2 ** 16, 2 ** 8, 1].map(unit => Math.floor(n / unit) % 256).join('.');
}

const API = pod('shop', 'api', { app: 'api' }, { ports: [{ containerPort: 8125, name: 'stats', protocol: 'UDP' }, { containerPort: 9090, name: 'metrics' }] });

describe('portPieces |', () => {
  test('cuts every protocol where a rule starts or stops matching, and at named ports as they resolve', () => {
    // GIVEN
    const { policies, endpoints } = compiled(API, netpol('shop', 'x', {
      podSelector: {},
      ingress: [{ ports: [{ port: 80 }, { port: 8000, endPort: 8080 }, { protocol: 'UDP', port: 'stats' }, { protocol: 'UDP', port: 65535 }] }],
    }));

    // WHEN
    const pieces = portPieces(policies, endpoints, [{ protocol: Protocol.TCP, port: 443 }]);

    // THEN
    const show = (protocol: Protocol) => pieces.filter(p => p.protocol === protocol).map(p => (p.pinned ? `[${p.port}]` : `${p.port}-${p.endPort}`));
    expect(show(Protocol.TCP)).toEqual(['1-79', '80-80', '81-442', '[443]', '444-7999', '8000-8080', '8081-65535']);
    expect(show(Protocol.UDP)).toEqual(['1-8124', '8125-8125', '8126-65534', '65535-65535']);
    expect(show(Protocol.SCTP)).toEqual(['1-65535']);
  });

  test('does not cut at a container port no named port of the rules names', () => {
    const { policies, endpoints } = compiled(API, netpol('shop', 'x', { podSelector: {}, ingress: [{ ports: [{ port: 'http' }] }] }));
    expect(portPieces(policies, endpoints).filter(p => p.protocol === Protocol.TCP)).toHaveLength(1);
  });

  test('pieces cover 1-65535 of every protocol, and every rule matches all or none of a piece (law)', () => {
    const port = fc.record({
      protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'),
      port: fc.option(fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom('stats', 'metrics')), { nil: undefined }),
      span: fc.integer({ min: 0, max: 3000 }),
    }).map(p => (typeof p.port === 'number' && p.span > 0 && p.port + p.span <= 65535
      ? { protocol: p.protocol, port: p.port, endPort: p.port + p.span }
      : p.port === undefined ? { protocol: p.protocol } : { protocol: p.protocol, port: p.port }));
    fc.assert(fc.property(fc.array(fc.array(port, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), rules => {
      const { policies, endpoints } = compiled(API, netpol('shop', 'x', { podSelector: {}, ingress: rules.map(ports => ({ ports })) }));
      const pieces = portPieces(policies, endpoints);
      const destination = { index: 0, key: '', namespaceLabels: {}, labels: {}, ports: endpoints[0].ports, ips: [], external: false };
      for (const protocol of PROTOCOLS) {
        const list = pieces.filter(p => p.protocol === protocol);
        expect(list[0].port).toBe(1);
        expect(list[list.length - 1].endPort).toBe(65535);
        list.slice(1).forEach((p, i) => expect(p.port).toBe(list[i].endPort + 1));
        for (const piece of list) {
          for (const m of policies[0].rules.flatMap(r => r.ports)) {
            const first = portMatches(m, protocol, piece.port, destination);
            for (const other of [piece.endPort, Math.floor((piece.port + piece.endPort) / 2)]) {
              expect(portMatches(m, protocol, other, destination)).toBe(first);
            }
          }
        }
      }
    }), { numRuns: 200 });
  });
});

describe('mentionedPorts |', () => {
  test('lists the ports and range bounds the policies name and the container ports, by protocol', () => {
    const { policies, endpoints } = compiled(API, netpol('shop', 'x', {
      podSelector: {},
      ingress: [{ ports: [{ port: 443 }, { port: 8000, endPort: 8080 }, { protocol: 'UDP' }] }],
    }));
    expect(mentionedPorts(policies, endpoints).map(p => `${p.protocol} ${p.port}`))
      .toEqual(['TCP 443', 'TCP 8000', 'TCP 8080', 'TCP 9090', 'UDP 8125']);
  });
});

describe('addressSamples |', () => {
  test('gives every region the CIDRs carve out one address, labelled as a CIDR where it is one', () => {
    // GIVEN
    const { policies } = compiled(netpol('shop', 'x', {
      podSelector: {},
      egress: [{
        to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, { ipBlock: { cidr: '2001:db8::/32' } },
          { ipBlock: { cidr: '255.255.255.0/24' } }],
      }],
    }));

    // WHEN
    const samples = addressSamples(policies);

    // THEN
    expect(samples.map(s => `${s.ip} ${s.region}`)).toEqual([
      '0.0.0.0 0.0.0.0-9.255.255.255',
      '10.0.0.0 10.0.0.0/16',
      '10.1.0.0 10.1.0.0/16',
      '10.2.0.0 10.2.0.0-10.255.255.255',
      '11.0.0.0 11.0.0.0-255.255.254.255',
      '255.255.255.0 255.255.255.0/24',
      ':: ::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff',
      '2001:db8:: 2001:db8::/32',
      '2001:db9:: 2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
  });

  test('a space no ipBlock touches is one region', () => {
    expect(addressSamples([]).map(s => s.region)).toEqual(['0.0.0.0/0', '::/0']);
  });

  test('every address of a region is matched by the same ipBlocks as its sample (law)', () => {
    const cidr = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 4, max: 24 }))
      .map(([value, prefix]) => `${toIp(value - (value % 2 ** (32 - prefix)))}/${prefix}`);
    const addresses = fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 20, maxLength: 20 });
    fc.assert(fc.property(fc.array(cidr, { minLength: 1, maxLength: 5 }), addresses, (cidrs, sampled) => {
      const { policies } = compiled(netpol('shop', 'x', { podSelector: {}, egress: [{ to: cidrs.map(c => ({ ipBlock: { cidr: c } })) }] }));
      const peers = policies[0].rules[0].peers;
      const samples = addressSamples(policies).filter(s => s.family === 4);
      const toInt = (ip: string) => parseIp(ip)!.bytes.reduce((acc, b) => acc * 256 + b, 0);
      const starts = samples.map(s => toInt(s.ip));
      const external = (ip: string) => ({ index: 0, key: ip, namespaceLabels: {}, labels: {}, ports: [], ips: [ip], external: true });
      for (const n of sampled) {
        const ip = toIp(n);
        const region = starts.filter(s => s <= n).length - 1;
        const sample = samples[region].ip;
        expect(peers.map(p => peerMatches(p, external(ip)))).toEqual(peers.map(p => peerMatches(p, external(sample))));
      }
    }), { numRuns: 200 });
  });
});
