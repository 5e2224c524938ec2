import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { Conventions } from '../core/conventions';
import { Direction } from '../core/direction';
import { DnsTarget } from '../core/dns';
import { intentName } from './private/names';
import { TargetProps } from './target-props';
import { checkProps } from '../core/props';

/**
 * Properties for `AllowDnsEgress`.
 */
export interface AllowDnsEgressProps extends TargetProps {
  /**
   * Where pods send DNS queries, e.g. `DnsTarget.nodeLocal()` for NodeLocal DNSCache.
   *
   * @default - `Conventions.of(this).dns` (the cluster DNS pods)
   */
  readonly dns?: DnsTarget;
}

/**
 * Selected pods may send DNS queries (UDP and TCP 53) to the cluster DNS.
 *
 * Needed wherever egress is isolated: without it, every name lookup fails.
 */
export class AllowDnsEgress extends Construct {
  /** The rendered policy. */
  public readonly policy: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AllowDnsEgressProps`).
   */
  constructor(scope: Construct, id: string, props: AllowDnsEgressProps = {}) {
    super(scope, id);
    checkProps(this.node.path, props);
    const dns = props.dns ?? Conventions.of(this).dns;
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? intentName(props.selector?._nameToken(), 'allow-dns-egress'),
      namespace: props.namespace,
      selector: props.selector,
      policyTypes: [Direction.EGRESS],
      egress: [{ peers: dns.peers, ports: dns.ports }],
    });
  }
}
