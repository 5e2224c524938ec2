import * as ipaddr from 'ipaddr.js';

/*
 * The API server's validation rules for names, labels, ports and CIDRs, as
 * pure functions over strings and numbers. Each `validateXxx` returns the
 * problems it found, phrased as Kubernetes phrases them (empty = valid).
 *
 * Sources (kubernetes/kubernetes):
 * - apimachinery/pkg/util/validation: IsQualifiedName, IsValidLabelValue,
 *   IsDNS1123Subdomain, IsDNS1123Label, IsValidPortNum, IsValidPortName
 * - k8s.io/utils/net ParseCIDRSloppy: the CIDR grammar ipBlock accepts
 * - pkg/apis/networking/validation ValidateIPBlock: the `except` rule
 *
 * Lengths are counted in UTF-8 bytes, as Go's len() counts them.
 */

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_MAX = 63;
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MAX = 63;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_LABEL_MAX = 63;
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);

const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MAX = 253;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

const PORT_NAME_MAX = 15;
const PORT_NAME_CHARSET_RE = /^[-a-z0-9]+$/;
const PORT_NAME_ONE_LETTER_RE = /[a-z]/;

/** The number of bytes `value` takes in UTF-8, which is what Go's len() counts. */
export function utf8Length(value: string): number {
  return Buffer.byteLength(value, 'utf8'); // a lone surrogate counts 3, as Go's U+FFFD does
}

function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

function emptyError(): string {
  return 'must be non-empty';
}

function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** Formats a regex failure the way apimachinery's RegexError does. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) {
    return `${msg} (regex used for validation is '${fmt}')`;
  }
  const eg = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${eg}regex used for validation is '${fmt}')`;
}

/**
 * A label key or other "qualified name": an optional DNS subdomain prefix of
 * at most 253 characters and a '/', then a name of 1 to 63 characters.
 *
 * Mirrors apimachinery `IsQualifiedName`.
 */
export function validateQualifiedName(value: string): string[] {
  // Label keys repeat across policies (app.kubernetes.io/name, ...): remember the valid ones.
  if (VALID_QUALIFIED_NAMES.has(value)) {
    return [];
  }
  const errs = checkQualifiedName(value);
  if (errs.length === 0 && VALID_QUALIFIED_NAMES.size < 10_000) {
    VALID_QUALIFIED_NAMES.add(value);
  }
  return errs;
}

const VALID_QUALIFIED_NAMES = new Set<string>();

function checkQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  switch (parts.length) {
    case 1:
      name = parts[0];
      break;
    case 2: {
      const prefix = parts[0];
      name = parts[1];
      if (prefix.length === 0) {
        errs.push(`prefix part ${emptyError()}`);
      } else {
        errs.push(...validateDns1123Subdomain(prefix).map((m) => `prefix part ${m}`));
      }
      break;
    }
    default:
      return [`a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`
        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (name.length === 0) {
    errs.push(`name part ${emptyError()}`);
  } else if (utf8Length(name) > QUALIFIED_NAME_MAX) {
    errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX)}`);
  }
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  }
  return errs;
}

/**
 * A label value: empty, or at most 63 alphanumerics, '-', '_' and '.',
 * starting and ending with an alphanumeric.
 *
 * Mirrors apimachinery `IsValidLabelValue`.
 */
export function validateLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > LABEL_VALUE_MAX) {
    errs.push(maxLenError(LABEL_VALUE_MAX));
  }
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

/**
 * A DNS-1123 subdomain, as object names use: at most 253 characters of
 * lowercase alphanumerics, '-' and '.', each dot-separated part starting and
 * ending with an alphanumeric.
 *
 * Mirrors apimachinery `IsDNS1123Subdomain`.
 */
export function validateDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX) {
    errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  }
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errs;
}

/**
 * A DNS-1123 label, as namespace names use: at most 63 characters of
 * lowercase alphanumerics and '-', starting and ending with an alphanumeric.
 *
 * Mirrors apimachinery `IsDNS1123Label`.
 */
export function validateDns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_LABEL_MAX) {
    errs.push(maxLenError(DNS1123_LABEL_MAX));
  }
  if (!DNS1123_LABEL_RE.test(value)) {
    if (DNS1123_SUBDOMAIN_RE.test(value)) {
      // A valid subdomain but not a label: length is checked, so it must be dots.
      errs.push('must not contain dots');
    } else {
      errs.push(regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
    }
  }
  return errs;
}

/**
 * A port number: an integer from 1 to 65535.
 *
 * Mirrors apimachinery `IsValidPortNum`; a non-integer is also refused, as
 * the API server's decoder refuses it.
 */
export function validatePortNumber(value: number): string[] {
  const errs: string[] = [];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    errs.push('must be an integer');
  }
  if (!(value >= 1 && value <= 65535)) {
    errs.push(inclusiveRangeError(1, 65535));
  }
  return errs;
}

/**
 * A port name (IANA_SVC_NAME): at most 15 characters of [-a-z0-9], with at
 * least one letter, no leading or trailing '-' and no '--'. Returns one
 * message per broken rule.
 *
 * Mirrors apimachinery `IsValidPortName`.
 */
export function validatePortName(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > PORT_NAME_MAX) {
    errs.push(maxLenError(PORT_NAME_MAX));
  }
  if (!PORT_NAME_CHARSET_RE.test(value)) {
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  }
  if (!PORT_NAME_ONE_LETTER_RE.test(value)) {
    errs.push('must contain at least one letter (a-z)');
  }
  if (value.includes('--')) {
    errs.push('must not contain consecutive hyphens');
  }
  if (value.length > 0 && (value.startsWith('-') || value.endsWith('-'))) {
    errs.push('must not begin or end with a hyphen');
  }
  return errs;
}

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
function formatIp(bytes: number[]): string {
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
