import * as fc from 'fast-check';
import { externalClass, ipBlock, podClass } from './_support';
import { EndpointClass } from '../../../src/analysis/model/endpoint';
import { PeerMatcher, peerMatches, PodPeerMatcher } from '../../../src/analysis/model/peer-matcher';
import { compileSelector } from '../../../src/analysis/model/selector-matcher';

const ANY: PeerMatcher = { kind: 'any' };

/** A peer with a podSelector and no namespaceSelector, of a policy in `namespace`. */
function ownPods(namespace: string, matchLabels: { [key: string]: string } = {}): PodPeerMatcher {
  return { kind: 'pods', ownNamespace: namespace, podSelector: compileSelector({ matchLabels }) };
}

/** A peer with a namespaceSelector, and a podSelector when `podLabels` is given. */
function podsIn(namespaceLabels: { [key: string]: string }, podLabels?: { [key: string]: string }): PodPeerMatcher {
  return {
    kind: 'pods',
    namespaceSelector: compileSelector({ matchLabels: namespaceLabels }),
    podSelector: podLabels === undefined ? undefined : compileSelector({ matchLabels: podLabels }),
  };
}

const WEB = podClass('shop', { app: 'web' }, { ips: ['10.244.1.5'] });
const API = podClass('shop', { app: 'api' });
const OPS_MONITOR = podClass('ops', { app: 'monitor' }, { namespaceLabels: { team: 'ops' } });
const OPS_WEB = podClass('ops', { app: 'web' }, { namespaceLabels: { team: 'ops' } });
const DUAL_STACK = podClass('shop', { app: 'db' }, { ips: ['10.244.1.9', 'fd00:10:244::9'] });

describe('peerMatches |', () => {
  test.each<[string, PeerMatcher, EndpointClass, boolean]>([
    // any
    ['any peer matches a pod', ANY, API, true],
    ['any peer matches an external address', ANY, externalClass('203.0.113.1'), true],

    // pods of the policy's own namespace
    ['a podSelector matches a pod of its namespace with the labels', ownPods('shop', { app: 'web' }), WEB, true],
    ['a podSelector does not match other labels', ownPods('shop', { app: 'web' }), API, false],
    ['a podSelector does not match the same labels in another namespace', ownPods('shop', { app: 'web' }), OPS_WEB, false],
    ['an empty podSelector matches every pod of its namespace', ownPods('shop'), API, true],
    ['an empty podSelector matches no pod of another namespace', ownPods('shop'), OPS_MONITOR, false],
    ['a podSelector never matches an external address', ownPods('shop'), externalClass('10.244.1.5'), false],

    // namespaceSelector, alone and ANDed with a podSelector
    ['a namespaceSelector matches every pod of the namespaces it selects', podsIn({ team: 'ops' }), OPS_MONITOR, true],
    ['a namespaceSelector does not match pods of other namespaces', podsIn({ team: 'ops' }), WEB, false],
    ['a namespaceSelector matches the name label', podsIn({ 'kubernetes.io/metadata.name': 'shop' }), WEB, true],
    ['an empty namespaceSelector matches pods of every namespace', podsIn({}), OPS_WEB, true],
    ['an empty namespaceSelector never matches an external address', podsIn({}), externalClass('203.0.113.1'), false],
    ['namespaceSelector AND podSelector: both match', podsIn({ team: 'ops' }, { app: 'monitor' }), OPS_MONITOR, true],
    ['namespaceSelector AND podSelector: only the namespace matches', podsIn({ team: 'ops' }, { app: 'web' }), OPS_MONITOR, false],
    ['namespaceSelector AND podSelector: only the pod matches', podsIn({ team: 'ops' }, { app: 'web' }), WEB, false],

    // ipBlock
    ['an ipBlock matches an external address in its CIDR', ipBlock('203.0.113.0/24'), externalClass('203.0.113.7'), true],
    ['an ipBlock does not match an address outside its CIDR', ipBlock('203.0.113.0/24'), externalClass('203.0.114.7'), false],
    ['an ipBlock does not match an address in an except range', ipBlock('10.0.0.0/8', '10.1.0.0/16'), externalClass('10.1.2.3'), false],
    ['an ipBlock matches next to an except range', ipBlock('10.0.0.0/8', '10.1.0.0/16'), externalClass('10.2.0.1'), true],
    ['an ipBlock matches the first address of its CIDR', ipBlock('10.0.0.0/8'), externalClass('10.0.0.0'), true],
    ['an ipBlock matches the last address of its CIDR', ipBlock('10.0.0.0/8'), externalClass('10.255.255.255'), true],
    ['an IPv6 ipBlock matches an IPv6 address in it', ipBlock('2001:db8::/32'), externalClass('2001:db8:1::1'), true],
    ['an IPv6 ipBlock does not match an address in its IPv6 except', ipBlock('2001:db8::/32', '2001:db8:1::/48'), externalClass('2001:db8:1::1'), false],
    ['an IPv4 ipBlock does not match an IPv6 address', ipBlock('0.0.0.0/0'), externalClass('2001:db8::1'), false],
    ['an IPv6 ipBlock does not match an IPv4 address', ipBlock('::/0'), externalClass('203.0.113.1'), false],
    ['an ipBlock matches a pod whose IP is in it', ipBlock('10.244.0.0/16'), WEB, true],
    ['an ipBlock never matches a pod without a known IP', ipBlock('0.0.0.0/0'), API, false],
    ['an IPv6 ipBlock matches a dual-stack pod by its IPv6 address', ipBlock('fd00:10:244::/64'), DUAL_STACK, true],
    ['an IPv4 ipBlock matches a dual-stack pod by its IPv4 address', ipBlock('10.244.1.0/24'), DUAL_STACK, true],
    ['an IPv4 ipBlock that excepts a dual-stack pod\'s IPv4 address does not match it by its IPv6 one', ipBlock('10.0.0.0/8', '10.244.1.9/32'),
      DUAL_STACK, false],
    ['an ipBlock matches a pod with two addresses of one family by the one it does not except', ipBlock('10.0.0.0/8', '10.244.1.9/32'),
      { ...DUAL_STACK, ips: ['10.244.1.9', '10.200.0.1'] }, true],
    ['an ipBlock matches none of a dual-stack pod\'s addresses', ipBlock('192.168.0.0/16'), DUAL_STACK, false],
  ])('%s', (_case, matcher, peer, expected) => {
    // THEN
    expect(peerMatches(matcher, peer)).toBe(expected);
  });

  test('an ipBlock with an except matches exactly the IPv4 addresses in the CIDR and outside the except', () => {
    // GIVEN: 10.0.0.0/8 except 10.1.0.0/16, over addresses written octet by octet
    const matcher = ipBlock('10.0.0.0/8', '10.1.0.0/16');
    const octet = fc.constantFrom(0, 1, 2, 9, 10, 11, 127, 255);

    fc.assert(fc.property(octet, octet, fc.nat({ max: 255 }), fc.nat({ max: 255 }), (a, b, c, d) => {
      // WHEN
      const matched = peerMatches(matcher, externalClass(`${a}.${b}.${c}.${d}`));

      // THEN
      expect(matched).toBe(a === 10 && b !== 1);
    }));
  });

  test('a pod with several IPs matches when one of them alone would', () => {
    // GIVEN
    const address = fc.oneof(
      fc.tuple(fc.nat({ max: 255 }), fc.nat({ max: 255 })).map(([c, d]) => `10.${c % 3}.${c}.${d}`),
      fc.nat({ max: 0xffff }).map(n => `fd00:${(n % 3).toString(16)}::${n.toString(16)}`),
    );
    const matchers = [ipBlock('10.0.0.0/8', '10.1.0.0/16'), ipBlock('fd00::/16', 'fd00:1::/32'), ipBlock('10.2.0.0/16')];

    fc.assert(fc.property(fc.array(address, { minLength: 1, maxLength: 3 }), fc.constantFrom(...matchers), (ips, matcher) => {
      // WHEN
      const together = peerMatches(matcher, podClass('shop', {}, { ips }));
      const alone = ips.map(ip => peerMatches(matcher, podClass('shop', {}, { ips: [ip] })));

      // THEN
      expect(together).toBe(alone.some(Boolean));
    }));
  });
});
