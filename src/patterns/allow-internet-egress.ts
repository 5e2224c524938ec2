import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { TargetProps } from './target-props';
import { atPath } from '../core/checks';
import { Conventions } from '../core/conventions';
import { Direction } from '../core/direction';
import { PolicyError } from '../core/errors';
import { IpBlock } from '../core/ip-block';
import { Peer } from '../core/peer';
import { Port } from '../core/port';
import { intentName } from './private/names';
import { checkProps } from '../core/props';
import { isStrictSubset, parseCidrStrict, ParsedCidr } from '../kube/cidr';

/**
 * Properties for `AllowInternetEgress`.
 */
export interface AllowInternetEgressProps extends TargetProps {
  /**
   * The ports.
   *
   * @default - every port
   */
  readonly ports?: Port[];

  /**
   * Also allow the IPv6 internet (`::/0` minus unique-local and link-local ranges).
   *
   * @default true
   */
  readonly ipv6?: boolean;

  /**
   * More ranges to keep out, on top of the private, shared, loopback and
   * link-local ranges and `Conventions.clusterCidrs`.
   *
   * @default - none
   */
  readonly exclude?: string[];
}

/** Ranges that are never "the internet". */
const NOT_INTERNET = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', // RFC 1918 private
  '100.64.0.0/10', // RFC 6598 shared address space (carrier-grade NAT, some pod ranges)
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local, including cloud metadata endpoints
  'fc00::/7', // IPv6 unique local
  'fe80::/10', // IPv6 link-local
];

/**
 * Selected pods may open connections to the internet: `0.0.0.0/0` and
 * `::/0`, except private, shared, loopback and link-local ranges (so cloud
 * metadata endpoints too) and the cluster's own ranges.
 */
export class AllowInternetEgress extends Construct {
  /** The rendered policy. */
  public readonly policy: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AllowInternetEgressProps`).
   */
  constructor(scope: Construct, id: string, props: AllowInternetEgressProps = {}) {
    super(scope, id);
    checkProps(this.node.path, props);
    const clusterCidrs = Conventions.of(this).clusterCidrs;
    const excluded = [...NOT_INTERNET, ...clusterCidrs, ...props.exclude ?? []];
    const peers = atPath(this.node.path, () => {
      refuseWholeFamily(clusterCidrs, 'Conventions.clusterCidrs');
      refuseWholeFamily(props.exclude ?? [], '`exclude`');
      const v4 = [Peer.ipBlock(IpBlock.of('0.0.0.0/0', outermost(excluded, 4)))];
      const v6 = props.ipv6 ?? true ? [Peer.ipBlock(IpBlock.of('::/0', outermost(excluded, 6)))] : [];
      return [...v4, ...v6];
    });
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? intentName(props.selector?._nameToken(), 'allow-internet-egress'),
      namespace: props.namespace,
      selector: props.selector,
      policyTypes: [Direction.EGRESS],
      egress: [{ peers, ports: props.ports }],
    });
  }
}

/**
 * Refuses a range to keep out that is a whole IP family (`0.0.0.0/0`,
 * `::/0`): the policy would allow nothing of that family, and Kubernetes
 * refuses an except equal to its CIDR. `where` names where the user wrote it.
 */
function refuseWholeFamily(cidrs: string[], where: string): void {
  for (const c of cidrs) {
    const p = typeof c === 'string' ? parseCidrStrict(c) : undefined;
    if (p !== undefined && typeof p !== 'string' && p.prefix === 0) {
      throw new PolicyError('ExcludesWholeInternet',
        `${where} has "${c}", every IPv${p.family} address, so AllowInternetEgress would allow no IPv${p.family} address at all. `
        + `Give the cluster's own ranges instead, e.g. "10.0.0.0/8"${p.family === 6 ? ', or set ipv6: false' : ''}.`);
    }
  }
}

/** The ranges of one family, without those inside another one of the list. */
function outermost(cidrs: string[], family: 4 | 6): string[] {
  const parsed = cidrs.map(c => {
    const p = parseCidrStrict(c);
    if (typeof p === 'string') {
      // IpBlock.of() gives the full message, with the fix.
      IpBlock.of(c);
    }
    return p as ParsedCidr;
  }).filter(p => p.family === family);
  return parsed
    .filter(p => !parsed.some(q => isStrictSubset(q, p)))
    .map(p => p.canonical);
}
