import { quote } from './checks';
import { PolicyError } from './errors';
import { isStrictSubset, parseCidrStrict, ParsedCidr } from '../kube/cidr';
import { KubeIpBlock } from '../kube/shapes';
import { compareStrings } from '../util/strings';

/**
 * An IP range (`ipBlock`): a CIDR, minus optional `except` ranges.
 *
 * IPv4 and IPv6 are both supported. Each CIDR must be written in its
 * canonical form (no host bits set), and each `except` range must lie
 * strictly inside the CIDR and be of the same family, as the API server
 * requires.
 *
 * An ipBlock matches traffic by IP address. Pod IPs are ephemeral, so use it
 * for addresses outside the cluster, such as load balancers and external
 * services.
 *
 * @example
 * IpBlock.of('10.0.0.0/8', ['10.1.0.0/16']);
 * IpBlock.of('2001:db8::/32');
 */
export class IpBlock {
  /** Every IPv4 address (0.0.0.0/0). */
  public static anyIpv4(): IpBlock {
    return IpBlock.of('0.0.0.0/0');
  }

  /** Every IPv6 address (::/0). */
  public static anyIpv6(): IpBlock {
    return IpBlock.of('::/0');
  }

  /**
   * A CIDR, with optional ranges cut out of it.
   *
   * @param cidr e.g. "10.0.0.0/8" or "2001:db8::/32"
   * @param except ranges inside `cidr` that do not match
   */
  public static of(cidr: string, except?: string[]): IpBlock {
    return new IpBlock(cidr, except ?? []);
  }

  /** The CIDR, in canonical form. */
  public readonly cidr: string;

  /** The ranges cut out of `cidr`, canonical, sorted and without duplicates. */
  public readonly except: string[];

  /** The IP family, 4 or 6. */
  public readonly family: number;

  private constructor(cidr: string, except: string[]) {
    const parsed = parse(cidr, 'CIDR');
    if (!Array.isArray(except)) {
      throw new PolicyError('InvalidExcept', `Invalid except ${quote(except)} for CIDR "${cidr}": must be a list of CIDRs.`);
    }
    const excepts = new Map<string, ParsedCidr>();
    for (const e of except) {
      const inner = parse(e, `except range of "${cidr}"`);
      if (inner.family !== parsed.family) {
        throw new PolicyError('ExceptFamilyMismatch',
          `Invalid except "${e}" for CIDR "${cidr}": it is IPv${inner.family} and the CIDR is IPv${parsed.family}. `
          + `Put IPv${inner.family} ranges in an ipBlock of their own.`);
      }
      if (!isStrictSubset(parsed, inner)) {
        throw new PolicyError('ExceptOutsideCidr',
          `Invalid except "${e}" for CIDR "${cidr}": must be strictly inside the CIDR (a longer prefix within it). `
          + 'Remove it, or widen the CIDR.');
      }
      excepts.set(inner.canonical, inner);
    }
    this.cidr = parsed.canonical;
    this.family = parsed.family;
    this.except = [...excepts.keys()].sort(compareStrings);
  }

  /** For people, e.g. `10.0.0.0/8 except 10.1.0.0/16`. */
  public toString(): string {
    return this.except.length > 0 ? `${this.cidr} except ${this.except.join(', ')}` : this.cidr;
  }

  /** @internal */
  public _nameToken(): string {
    return this.cidr.replace(/[:/]/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  }

  /** @internal */
  public _toKube(): KubeIpBlock {
    return this.except.length > 0 ? { cidr: this.cidr, except: [...this.except] } : { cidr: this.cidr };
  }
}

function parse(value: string, what: string): ParsedCidr {
  const parsed = typeof value === 'string' ? parseCidrStrict(value) : 'must be a string';
  if (typeof parsed === 'string') {
    throw new PolicyError('InvalidCidr', `Invalid ${what} ${quote(value)}: ${parsed}`);
  }
  return parsed;
}
