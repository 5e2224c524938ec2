import * as ipaddr from 'ipaddr.js';

/*
 * IP addresses and CIDRs as the API server reads them: k8s.io/utils/net
 * ParseCIDRSloppy (Go's parser, quirks included) for `ipBlock.cidr` and
 * `except`, and pkg/apis/networking/validation ValidateIPBlock's `except`
 * rule. A stricter reading for what users of this library write.
 */

/**
 * A CIDR, parsed and masked.
 */
export interface ParsedCidr {
  /** The IP family: 4 or 6. An IPv4-mapped IPv6 CIDR (::ffff:a.b.c.d/n) is 6. */
  readonly family: 4 | 6;
  /** The network address's bytes (4 or 16), host bits cleared. */
  readonly bytes: number[];
  /** The prefix length, 0-32 or 0-128. */
  readonly prefix: number;
  /** The network in canonical text form, e.g. "10.0.0.0/8" or "2001:db8::/32". */
  readonly canonical: string;
  /** Whether the text had bits set beyond the prefix, e.g. "10.0.0.7/8". */
  readonly hostBitsSet: boolean;
}

/** An IP address, parsed. */
export interface ParsedIp {
  /** The IP family: 4 or 6. */
  readonly family: 4 | 6;
  /** The address's bytes: 4 for IPv4, 16 for IPv6. */
  readonly bytes: number[];
}

/** What the sloppy IP parser learned beyond the bytes, for the strict checks. */
interface IpText extends ParsedIp {
  /** An IPv4 octet (also in IPv6's dotted tail) or an IPv6 group has a superfluous leading zero that a strict parser refuses. */
  readonly leadingZeros: boolean;
}

type IpParse = IpText | { readonly error: string };

const IPV4_RE = /^([0-9]+)\.([0-9]+)\.([0-9]+)\.([0-9]+)$/;
const IPV6_CHARS_RE = /^[0-9A-Fa-f:]*$/;

/**
 * Parses an IPv4 address as Go's sloppy parser does: four decimal octets,
 * leading zeros allowed and read as decimal (never octal or hex).
 */
function parseIpv4(text: string): { bytes: number[]; leadingZeros: boolean } | undefined {
  const m = IPV4_RE.exec(text);
  if (!m) {
    return undefined;
  }
  const bytes: number[] = [];
  let leadingZeros = false;
  for (const part of m.slice(1, 5)) {
    const n = parseInt(part, 10);
    if (!(n <= 255)) {
      return undefined;
    }
    if (part.length > 1 && part.startsWith('0')) {
      leadingZeros = true;
    }
    bytes.push(n);
  }
  return { bytes, leadingZeros };
}

/**
 * Parses an IPv6 address as Go's sloppy parser does: hex groups, at most one
 * "::", an optional dotted IPv4 tail, no zone. ipaddr.js does the "::"
 * expansion; the IPv4 tail and the group digits are checked here first,
 * because ipaddr.js also accepts octal and hex IPv4 forms.
 */
function parseIpv6(text: string): { bytes: number[]; leadingZeros: boolean } | undefined {
  let head = text;
  let tail: number[] = [];
  let leadingZeros = false;
  if (text.includes('.')) {
    const lastColon = text.lastIndexOf(':');
    if (lastColon < 0) {
      return undefined;
    }
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) {
      return undefined;
    }
    leadingZeros = v4.leadingZeros;
    tail = v4.bytes;
    head = text.slice(0, lastColon + 1);
    // "1::2:1.2.3.4" -> "1::2:" + "102:304"; "::1.2.3.4" -> "::" + "102:304"
    head += `${(tail[0] * 256 + tail[1]).toString(16)}:${(tail[2] * 256 + tail[3]).toString(16)}`;
  }
  if (!head.includes(':') || !IPV6_CHARS_RE.test(head)) {
    return undefined;
  }
  // Go accepts a group with more than 4 digits when its value fits in 16 bits
  // ("00001"); ipaddr.js does not, so drop the superfluous zeros first.
  const groups = head.split(':').map((g) => {
    if (g.length > 4) {
      leadingZeros = true;
    }
    return g.length > 1 ? g.replace(/^0+(?=.)/, '') : g;
  });
  if (groups.some((g) => g.length > 4)) {
    return undefined;
  }
  let addr: ipaddr.IPv6;
  try {
    addr = ipaddr.IPv6.parse(groups.join(':'));
  } catch {
    return undefined;
  }
  if (addr.zoneId !== undefined) {
    return undefined;
  }
  return { bytes: addr.toByteArray(), leadingZeros };
}

function parseIpText(text: string): IpParse {
  if (text.includes('%')) {
    return { error: `"${text}" has a zone index ("%..."), which is not allowed here` };
  }
  const v4 = parseIpv4(text);
  if (v4) {
    return { family: 4, ...v4 };
  }
  const v6 = text.includes(':') ? parseIpv6(text) : undefined;
  if (v6) {
    return { family: 6, ...v6 };
  }
  if (/^[0-9a-fA-Fx.]+$/.test(text) && text.includes('.')) {
    return { error: `"${text}" is not a valid IP address; write IPv4 addresses as four decimal numbers from 0 to 255, e.g. "10.0.0.1"` };
  }
  return { error: `"${text}" is not a valid IP address` };
}

/** The canonical text of an address: dotted decimal, or RFC 5952 for IPv6. */
export function formatIp(bytes: number[]): string {
  if (bytes.length === 4) {
    return bytes.join('.');
  }
  return ipaddr.fromByteArray(bytes).toString();
}

function maskBytes(bytes: number[], prefix: number): number[] {
  return bytes.map((b, i) => {
    const hostBits = 8 - Math.max(0, Math.min(8, prefix - i * 8));
    const unit = 2 ** hostBits;
    return Math.floor(b / unit) * unit;
  });
}

function isIpv4Mapped(bytes: number[]): boolean {
  return bytes.length === 16
    && bytes.slice(0, 10).every((b) => b === 0)
    && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** Parses an IP address as the API server's sloppy parser does (see `parseCidr`). */
export function parseIp(value: string): ParsedIp | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const ip = parseIpText(value);
  return 'error' in ip ? undefined : { family: ip.family, bytes: ip.bytes };
}

interface CidrText {
  readonly cidr: ParsedCidr;
  readonly leadingZeros: boolean;
  /** The address as written, host bits included. */
  readonly address: number[];
}

function parseCidrText(value: string): CidrText | string {
  if (typeof value !== 'string') {
    return 'must be a string';
  }
  const slash = value.indexOf('/');
  if (slash < 0) {
    const ip = parseIpText(value);
    if ('error' in ip) {
      return `not a CIDR: expected an IP address, "/" and a prefix length, e.g. "10.0.0.0/8" or "2001:db8::/64"; ${ip.error}`;
    }
    return `mask missing. Did you mean "${formatIp(ip.bytes)}/${ip.family === 4 ? 32 : 128}"?`;
  }
  const addrText = value.slice(0, slash);
  const maskText = value.slice(slash + 1);
  const ip = parseIpText(addrText);
  if ('error' in ip) {
    return ip.error;
  }
  const bits = ip.family === 4 ? 32 : 128;
  if (!/^[0-9]+$/.test(maskText)) {
    return `prefix length "${maskText}" is not a number from 0 to ${bits}`;
  }
  const prefix = parseInt(maskText, 10);
  if (!(prefix <= bits)) {
    return `prefix length ${maskText} is out of range: IPv${ip.family} allows 0 to ${bits}`;
  }
  const bytes = maskBytes(ip.bytes, prefix);
  return {
    cidr: {
      family: ip.family,
      bytes,
      prefix,
      canonical: `${formatIp(bytes)}/${prefix}`,
      hostBitsSet: bytes.some((b, i) => b !== ip.bytes[i]),
    },
    leadingZeros: ip.leadingZeros || (maskText.length > 1 && maskText.startsWith('0')),
    address: ip.bytes,
  };
}

/**
 * Parses a CIDR as the API server parses `ipBlock.cidr` and `except`
 * (k8s.io/utils/net `ParseCIDRSloppy`): an IPv4 or IPv6 address, '/', and a
 * prefix length. IPv4 octets with leading zeros are read as decimal, and host
 * bits may be set (they are masked off). Returns a message when the value is
 * not a CIDR: missing mask, mask out of range, zone index or garbage.
 */
export function parseCidr(value: string): ParsedCidr | string {
  const parsed = parseCidrText(value);
  return typeof parsed === 'string' ? parsed : parsed.cidr;
}

/**
 * Parses a CIDR written by a user of this library. Stricter than
 * `parseCidr`: also refuses leading zeros, host bits and IPv4-mapped IPv6,
 * which the API server accepts but other tools read differently. The
 * message suggests the fix, e.g. `"10.0.0.7/8" has host bits set. Did you
 * mean "10.0.0.0/8"?`.
 */
export function parseCidrStrict(value: string): ParsedCidr | string {
  const parsed = parseCidrText(value);
  if (typeof parsed === 'string') {
    return parsed;
  }
  const { cidr, leadingZeros } = parsed;
  if (leadingZeros) {
    return `"${value}" has leading zeros, which some tools read as octal. Did you mean "${cidr.canonical}"?`;
  }
  if (cidr.family === 6 && isIpv4Mapped(cidr.bytes) && cidr.prefix >= 96) {
    const v4 = `${cidr.bytes.slice(12).join('.')}/${cidr.prefix - 96}`;
    return `"${value}" is an IPv4-mapped IPv6 CIDR, which tools read differently. Did you mean "${v4}"?`;
  }
  if (cidr.hostBitsSet) {
    return `"${value}" has host bits set. Did you mean "${cidr.canonical}"?`;
  }
  return cidr;
}

/**
 * Parses a CIDR as the API server's CEL function `isCIDR` does (Go's
 * `netip.ParsePrefix`, which custom resources such as ClusterNetworkPolicy
 * use): host bits may be set, but leading zeros, a zone and an IPv4-mapped
 * IPv6 address are refused. Returns a message when `isCIDR` is false.
 */
export function parseCidrCel(value: string): ParsedCidr | string {
  const parsed = parseCidrText(value);
  if (typeof parsed === 'string') {
    return parsed;
  }
  if (parsed.leadingZeros) {
    return `"${value}" has leading zeros, which Go's strict parser refuses. Did you mean "${formatIp(parsed.address)}/${parsed.cidr.prefix}"?`;
  }
  if (parsed.cidr.family === 6 && isIpv4Mapped(parsed.address)) {
    const v4 = `${parsed.address.slice(12).join('.')}/${Math.max(0, parsed.cidr.prefix - 96)}`;
    return `"${value}" is an IPv4-mapped IPv6 CIDR, which is not allowed. Did you mean "${v4}"?`;
  }
  return parsed.cidr;
}

/**
 * Go's view of an address or network for containment: an IPv4-mapped IPv6
 * address is an IPv4 address (net.IP.To4), and a mapped network's mask loses
 * its first 96 bits.
 */
function effective(bytes: number[], prefix: number): { bytes: number[]; prefix: number } {
  if (isIpv4Mapped(bytes)) {
    return { bytes: bytes.slice(12), prefix: Math.max(0, prefix - 96) };
  }
  return { bytes, prefix };
}

function contains(network: { bytes: number[]; prefix: number }, address: number[]): boolean {
  if (network.bytes.length !== address.length) {
    return false;
  }
  const masked = maskBytes(address, network.prefix);
  return masked.every((b, i) => b === network.bytes[i]);
}

/**
 * The API server's `except` rule: `inner` must be a strict subset of
 * `outer`. That is, they are of the same family, `outer` contains `inner`'s
 * network address, and `outer.prefix < inner.prefix`.
 *
 * Like the API server (Go's net.IPNet.Contains), this treats an IPv4-mapped
 * IPv6 address as IPv4 when checking containment, while comparing the prefix
 * lengths as written.
 */
export function isStrictSubset(outer: ParsedCidr, inner: ParsedCidr): boolean {
  const net = effective(outer.bytes, outer.prefix);
  const addr = effective(inner.bytes, 128).bytes;
  return contains(net, addr) && outer.prefix < inner.prefix;
}

/**
 * Whether `address` (an IP address, as `parseIp` reads it) lies in `cidr`.
 * False when the address does not parse or is of the other family.
 */
export function cidrContainsAddress(cidr: ParsedCidr, address: string): boolean {
  const ip = parseIp(address);
  if (!ip) {
    return false;
  }
  return contains(effective(cidr.bytes, cidr.prefix), effective(ip.bytes, 128).bytes);
}
