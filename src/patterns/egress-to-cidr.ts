import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { atPath } from '../core/checks';
import { Direction } from '../core/direction';
import { IpBlock } from '../core/ip-block';
import { Peer } from '../core/peer';
import { Port } from '../core/port';
import { Selector } from '../core/selector';
import { toDnsName } from './private/names';
import { checkProps } from '../core/props';

/**
 * Properties for `EgressToCidr`.
 */
export interface EgressToCidrProps {
  /**
   * The IPv4 or IPv6 range, in canonical CIDR form, e.g. "10.0.0.0/8" or "2001:db8::/32".
   */
  readonly cidr: string;

  /**
   * Ranges inside `cidr` that stay blocked.
   *
   * @default - none
   */
  readonly except?: string[];

  /**
   * Ports the pods may connect to.
   *
   * @default - all ports and protocols
   */
  readonly ports?: Port[];

  /**
   * The pods that may open the connections.
   *
   * @default Selector.all()
   */
  readonly source?: Selector;

  /**
   * The namespace of the pods.
   *
   * @default - the namespace `source` carries, else the chart's namespace
   */
  readonly namespace?: string;

  /**
   * `metadata.name` of the policy.
   *
   * @default - "<source>-egress-to-<cidr>", e.g. "api-egress-to-10.0.0.0-8"
   */
  readonly name?: string;
}

/**
 * Selected pods may open connections to an IPv4 or IPv6 range, with except
 * ranges and ports.
 *
 * Renders one egress policy. It isolates the selected pods for egress, and
 * no other pod or direction, so add DNS (e.g. with `AllowDnsEgress`) if
 * they resolve names (synthesis fails when a workload of the app cannot
 * reach the cluster DNS; see `PolicyChecks`).
 */
export class EgressToCidr extends Construct {
  /** The rendered policy. */
  public readonly policy: NetworkPolicy;

  /** The allowed range. */
  public readonly block: IpBlock;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `EgressToCidrProps`).
   */
  constructor(scope: Construct, id: string, props: EgressToCidrProps) {
    super(scope, id);
    checkProps(this.node.path, props, {}, ['cidr']);
    this.block = atPath(this.node.path, () => IpBlock.of(props.cidr, props.except));
    const source = props.source ?? Selector.all();
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? toDnsName(source.isAll ? 'allow' : source._nameToken(), 'egress-to', this.block._nameToken()),
      namespace: props.namespace,
      selector: source,
      policyTypes: [Direction.EGRESS],
      egress: [{ peers: [Peer.ipBlock(this.block)], ports: props.ports }],
    });
  }
}
