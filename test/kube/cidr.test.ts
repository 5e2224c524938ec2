import * as fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { cidrContainsAddress, isStrictSubset, parseCidr, parseCidrCel, parseCidrStrict, ParsedCidr, parseIp } from '../../src/kube/cidr';

function cidr(value: string): ParsedCidr {
  const parsed = parseCidr(value);
  if (typeof parsed === 'string') {
    throw new Error(`test setup: ${value}: ${parsed}`);
  }
  return parsed;
}

describe('parseCidr |', () => {
  test.each<[string, 4 | 6, number, string, boolean]>([
    ['10.0.0.0/8', 4, 8, '10.0.0.0/8', false],
    ['0.0.0.0/0', 4, 0, '0.0.0.0/0', false],
    ['192.168.1.1/32', 4, 32, '192.168.1.1/32', false],
    ['10.0.0.7/8', 4, 8, '10.0.0.0/8', true],
    ['192.168.1.129/25', 4, 25, '192.168.1.128/25', true],
    ['010.001.000.000/16', 4, 16, '10.1.0.0/16', false], // decimal, not octal
    ['10.0.0.0/08', 4, 8, '10.0.0.0/8', false],
    ['2001:db8::/32', 6, 32, '2001:db8::/32', false],
    ['2001:DB8:0:0:0:0:0:0/64', 6, 64, '2001:db8::/64', false],
    ['2001:db8::1/64', 6, 64, '2001:db8::/64', true],
    ['::/0', 6, 0, '::/0', false],
    ['::1/128', 6, 128, '::1/128', false],
    ['fe80::/10', 6, 10, 'fe80::/10', false],
    ['1:2:3:4:5:6:7::/128', 6, 128, '1:2:3:4:5:6:7:0/128', false],
    ['::ffff:10.0.0.0/104', 6, 104, '::ffff:a00:0/104', false],
    ['::10.0.0.1/128', 6, 128, '::a00:1/128', false],
    ['00001::/16', 6, 16, '1::/16', false], // Go reads a 5-digit group that fits in 16 bits
  ])('accepts %j', (value, family, prefix, canonical, hostBitsSet) => {
    // WHEN
    const parsed = cidr(value);

    // THEN
    expect(parsed).toMatchObject({ family, prefix, canonical, hostBitsSet });
    expect(parsed.bytes).toHaveLength(family === 4 ? 4 : 16);
  });

  test('returns the masked network bytes', () => {
    expect(cidr('10.1.2.3/16').bytes).toEqual([10, 1, 0, 0]);
    expect(cidr('2001:db8:ffff::/33').bytes).toEqual([0x20, 0x01, 0x0d, 0xb8, 0x80, ...new Array(11).fill(0)]);
  });

  test.each<[string, RegExp]>([
    ['10.0.0.7', /^mask missing\. Did you mean "10\.0\.0\.7\/32"\?$/],
    ['2001:db8::1', /^mask missing\. Did you mean "2001:db8::1\/128"\?$/],
    ['10.0.0.0/33', /prefix length 33 is out of range: IPv4 allows 0 to 32/],
    ['2001:db8::/129', /prefix length 129 is out of range: IPv6 allows 0 to 128/],
    ['10.0.0.0/', /prefix length "" is not a number/],
    ['10.0.0.0/-1', /prefix length "-1" is not a number/],
    ['10.0.0.0/+8', /prefix length "\+8" is not a number/],
    ['10.0.0.0/8 ', /prefix length "8 " is not a number/],
    ['10.0.0.0/8/8', /prefix length "8\/8" is not a number/],
    ['256.0.0.0/8', /"256\.0\.0\.0" is not a valid IP address/],
    ['10.0.0/24', /"10\.0\.0" is not a valid IP address/],
    ['0x0a.0.0.0/8', /"0x0a\.0\.0\.0" is not a valid IP address/], // ipaddr.js alone would accept hex
    ['012.0.0.0.0/8', /not a valid IP address/],
    ['167772160/8', /not a valid IP address/], // a single 32-bit number, which ipaddr.js alone accepts
    ['10.1/16', /not a valid IP address/],
    [' 10.0.0.0/8', /not a valid IP address/],
    ['fe80::1%eth0/64', /zone index/],
    ['1:2:3:4:5:6:7/64', /not a valid IP address/],
    ['1::2::3/64', /not a valid IP address/],
    ['12345::/16', /not a valid IP address/],
    ['::ffff:0x0a.0.0.0/104', /not a valid IP address/],
    ['1:2:3:4:5:6:7:8::/128', /not a valid IP address/],
    ['/8', /not a valid IP address/],
    ['', /^not a CIDR/],
    ['garbage', /^not a CIDR.*"garbage" is not a valid IP address/],
  ])('rejects %j', (value, message) => {
    expect(parseCidr(value)).toMatch(message);
  });

  test('round-trips canonical IPv4 CIDRs', () => {
    fc.assert(fc.property(ipv4Cidr(), ({ text, prefix }) => {
      // WHEN
      const parsed = cidr(text);

      // THEN
      expect(parsed).toMatchObject({ family: 4, prefix, canonical: text, hostBitsSet: false });
      expect(parseCidrStrict(text)).toEqual(parsed);
    }));
  });

  test('round-trips canonical IPv6 CIDRs', () => {
    fc.assert(fc.property(ipv6Cidr(), ({ text, prefix }) => {
      // WHEN
      const parsed = cidr(text);

      // THEN
      expect(parsed).toMatchObject({ family: 6, prefix, canonical: text, hostBitsSet: false });
    }));
  });

  test('masks any address to the network that contains it', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
      fc.integer({ min: 0, max: 32 }),
      (bytes, prefix) => {
        // WHEN
        const parsed = cidr(`${bytes.join('.')}/${prefix}`);

        // THEN
        expect(cidrContainsAddress(parsed, bytes.join('.'))).toBe(true);
        expect(parsed.hostBitsSet).toBe(parsed.bytes.join('.') !== bytes.join('.'));
        expect(cidr(parsed.canonical)).toEqual({ ...parsed, hostBitsSet: false });
      }));
  });

  test('never throws', () => {
    fc.assert(fc.property(fc.string(), (value) => {
      const result = parseCidr(value);
      expect(typeof result === 'string' || typeof result === 'object').toBe(true);
    }));
    fc.assert(fc.property(fc.stringMatching(/^[0-9a-fA-F:.%/x]{0,40}$/), (value) => {
      parseCidr(value);
      parseCidrStrict(value);
    }));
  });
});

describe('parseCidrStrict |', () => {
  test.each(['10.0.0.0/8', '10.0.0.7/32', '0.0.0.0/0', '2001:db8::/32', '2001:0db8::/32', '::/0', '::1/128'])('accepts %j', (value) => {
    expect(typeof parseCidrStrict(value)).toBe('object');
  });

  test.each<[string, string]>([
    ['10.0.0.7/8', '"10.0.0.7/8" has host bits set. Did you mean "10.0.0.0/8"?'],
    ['2001:db8::1/64', '"2001:db8::1/64" has host bits set. Did you mean "2001:db8::/64"?'],
    ['10.0.0.7', 'mask missing. Did you mean "10.0.0.7/32"?'],
    ['2001:db8::1', 'mask missing. Did you mean "2001:db8::1/128"?'],
    ['010.0.0.0/8', '"010.0.0.0/8" has leading zeros, which some tools read as octal. Did you mean "10.0.0.0/8"?'],
    ['10.0.0.0/08', '"10.0.0.0/08" has leading zeros, which some tools read as octal. Did you mean "10.0.0.0/8"?'],
    ['00001::/16', '"00001::/16" has leading zeros, which some tools read as octal. Did you mean "1::/16"?'],
    ['::ffff:10.0.0.0/104', '"::ffff:10.0.0.0/104" is an IPv4-mapped IPv6 CIDR, which tools read differently. Did you mean "10.0.0.0/8"?'],
  ])('rejects %j', (value, message) => {
    expect(parseCidrStrict(value)).toBe(message);
  });

  test('rejects what parseCidr rejects, with the same message', () => {
    expect(parseCidrStrict('10.0.0.0/33')).toBe(parseCidr('10.0.0.0/33'));
  });
});

describe('parseCidrCel |', () => {
  test.each<[string, string]>([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.7/8', '10.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['::/0', '::/0'],
  ])('accepts "%s" as isCIDR does (host bits allowed), as %s', (text, canonical) => {
    // THEN
    expect((parseCidrCel(text) as ParsedCidr).canonical).toBe(canonical);
  });

  test.each<[string, RegExp]>([
    ['10.0.0.7', /mask missing/],
    ['010.0.0.0/8', /leading zeros/],
    ['10.0.0.0/08', /leading zeros/],
    ['::ffff:10.0.0.0/104', /IPv4-mapped IPv6 CIDR.*Did you mean "10\.0\.0\.0\/8"/],
    ['fe80::1%eth0/64', /zone/],
    ['10.0.0.0/33', /out of range/],
  ])('refuses "%s"', (text, message) => {
    // THEN
    expect(parseCidrCel(text)).toMatch(message);
  });
});

describe('isStrictSubset |', () => {
  test.each<[string, string, boolean]>([
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.0.0.0/8', '10.255.255.255/32', true],
    ['0.0.0.0/0', '10.0.0.0/8', true],
    ['10.0.0.0/8', '10.0.0.0/9', true],
    ['10.0.0.0/8', '10.0.0.0/8', false], // equal
    ['10.0.0.0/16', '10.0.0.0/8', false], // larger
    ['10.0.0.0/8', '11.0.0.0/16', false], // outside
    ['10.0.0.0/8', '10.1.2.3/16', true], // host bits of the except are masked first
    ['2001:db8::/32', '2001:db8:1::/48', true],
    ['::/0', '2001:db8::/32', true],
    ['2001:db8::/32', '2001:db8::/32', false],
    ['2001:db8::/32', '2001:db9::/48', false],
    ['10.0.0.0/8', '2001:db8::/64', false], // mixed families
    ['::/0', '10.0.0.0/8', false],
    ['0.0.0.0/0', '::/64', false],
    // Go's net.IPNet.Contains reads IPv4-mapped IPv6 addresses as IPv4
    ['10.0.0.0/8', '::ffff:10.1.0.0/112', true],
    ['::ffff:10.0.0.0/104', '::ffff:10.1.0.0/112', true],
    ['::ffff:10.0.0.0/104', '10.1.0.0/16', false], // prefix lengths compare as written
  ])('%s except %s: %s', (outer, inner, expected) => {
    expect(isStrictSubset(cidr(outer), cidr(inner))).toBe(expected);
  });

  test('holds for any longer prefix inside the CIDR', () => {
    fc.assert(fc.property(
      ipv4Cidr(31),
      fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
      fc.integer({ min: 1, max: 32 }),
      ({ text, prefix }, hostBytes, extra) => {
        // GIVEN an address inside the outer CIDR and a longer prefix
        const outer = cidr(text);
        const innerAddress = outer.bytes.map((b, i) => {
          const hostBits = 8 - Math.max(0, Math.min(8, prefix - i * 8));
          return b + (hostBytes[i] % 2 ** hostBits);
        });
        const innerPrefix = Math.min(32, prefix + extra);
        const inner = cidr(`${innerAddress.join('.')}/${innerPrefix}`);

        // THEN
        expect(isStrictSubset(outer, inner)).toBe(true);
        expect(isStrictSubset(inner, outer)).toBe(false);
        expect(isStrictSubset(outer, outer)).toBe(false);
      }));
  });
});

describe('cidrContainsAddress |', () => {
  test.each<[string, string, boolean]>([
    ['10.0.0.0/8', '10.1.2.3', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['10.0.0.0/8', '010.1.2.3', true],
    ['0.0.0.0/0', '255.255.255.255', true],
    ['192.168.1.0/24', '192.168.2.1', false],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['::/0', '10.0.0.1', false],
    ['10.0.0.0/8', '2001:db8::1', false],
    ['10.0.0.0/8', '::ffff:10.0.0.1', true],
    ['10.0.0.0/8', 'not-an-ip', false],
    ['10.0.0.0/8', '10.0.0.1/32', false],
  ])('%s contains %s: %s', (network, address, expected) => {
    expect(cidrContainsAddress(cidr(network), address)).toBe(expected);
  });
});

describe('parseIp |', () => {
  test.each<[string, 4 | 6, number[]]>([
    ['10.1.2.3', 4, [10, 1, 2, 3]],
    ['010.001.002.003', 4, [10, 1, 2, 3]],
    ['0.0.0.0', 4, [0, 0, 0, 0]],
    ['::1', 6, [...new Array(15).fill(0), 1]],
    ['2001:DB8::', 6, [0x20, 0x01, 0x0d, 0xb8, ...new Array(12).fill(0)]],
    ['::ffff:1.2.3.4', 6, [...new Array(10).fill(0), 0xff, 0xff, 1, 2, 3, 4]],
  ])('parses %j', (value, family, bytes) => {
    expect(parseIp(value)).toEqual({ family, bytes });
  });

  test.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '0x1.2.3.4', '1e1.0.0.1', 'fe80::1%eth0', ':::', '1.2.3.4/32', 'localhost'])('rejects %j', (value) => {
    expect(parseIp(value)).toBeUndefined();
  });
});

/** Canonical IPv4 CIDRs with a prefix of at most `maxPrefix`. */
function ipv4Cidr(maxPrefix = 32): fc.Arbitrary<{ text: string; prefix: number }> {
  return fc.tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: maxPrefix }))
    .map(([bytes, prefix]) => {
      const network = ipaddr.IPv4.networkAddressFromCIDR(`${bytes.join('.')}/${prefix}`).toString();
      return { text: `${network}/${prefix}`, prefix };
    });
}

/** Canonical IPv6 CIDRs. */
function ipv6Cidr(): fc.Arbitrary<{ text: string; prefix: number }> {
  // Mostly zero bytes, so that "::" compression is exercised.
  const byte = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 255 }));
  return fc.tuple(fc.array(byte, { minLength: 16, maxLength: 16 }), fc.integer({ min: 0, max: 128 }))
    .filter(([bytes]) => !(bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff))
    .map(([bytes, prefix]) => {
      const address = ipaddr.fromByteArray(bytes).toString();
      const network = ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`).toString();
      return { text: `${network}/${prefix}`, prefix };
    });
}
