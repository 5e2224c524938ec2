import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { TargetProps } from './target-props';
import { Conventions } from '../core/conventions';
import { Direction } from '../core/direction';
import { IpBlock } from '../core/ip-block';
import { Peer } from '../core/peer';
import { Port } from '../core/port';
import { intentName } from './private/names';
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
    const excluded = [...NOT_INTERNET, ...Conventions.of(this).clusterCidrs, ...props.exclude ?? []];
    const v4 = IpBlock.of('0.0.0.0/0', outermost(excluded, 4));
    const peers = [Peer.ipBlock(v4)];
    if (props.ipv6 ?? true) {
      peers.push(Peer.ipBlock(IpBlock.of('::/0', outermost(excluded, 6))));
    }
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? intentName(props.selector?._nameToken(), 'allow-internet-egress'),
      namespace: props.namespace,
      selector: props.selector,
      policyTypes: [Direction.EGRESS],
      egress: [{ peers, ports: props.ports }],
    });
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
