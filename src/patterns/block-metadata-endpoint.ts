import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { atPath } from '../core/checks';
import { Direction } from '../core/direction';
import { IpBlock } from '../core/ip-block';
import { Peer } from '../core/peer';
import { intentName } from './private/names';
import { TargetProps } from './target-props';
import { checkProps } from '../core/props';

/**
 * Properties for `BlockMetadataEndpoint`.
 */
export interface BlockMetadataEndpointProps extends TargetProps {
  /**
   * The addresses to block.
   *
   * @default ["169.254.169.254/32", "fd00:ec2::254/128"]
   */
  readonly addresses?: string[];
}

/**
 * Selected pods may not reach the cloud metadata endpoint (169.254.169.254,
 * and fd00:ec2::254 on AWS IPv6), where node credentials live; every other
 * egress stays allowed.
 *
 * Isolates exactly the egress of the pods `selector` selects in
 * `namespace` (and allows all of it but the blocked addresses); their
 * ingress, and every other pod, are left alone.
 *
 * Policies are additive: another policy that selects the same pods and
 * allows the endpoint (e.g. an allow-all egress) re-opens it.
 */
export class BlockMetadataEndpoint extends Construct {
  /** The rendered policy. */
  public readonly policy: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `BlockMetadataEndpointProps`).
   */
  constructor(scope: Construct, id: string, props: BlockMetadataEndpointProps = {}) {
    super(scope, id);
    checkProps(this.node.path, props);
    const blocked = atPath(this.node.path, () => (props.addresses ?? ['169.254.169.254/32', 'fd00:ec2::254/128']).map(a => IpBlock.of(a)));
    const v4 = blocked.filter(b => b.family === 4).map(b => b.cidr);
    const v6 = blocked.filter(b => b.family === 6).map(b => b.cidr);
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? intentName(props.selector?._nameToken(), 'block-metadata-endpoint'),
      namespace: props.namespace,
      selector: props.selector,
      policyTypes: [Direction.EGRESS],
      egress: [{
        peers: [
          Peer.allPodsInCluster(),
          ...atPath(this.node.path, () => [Peer.ipBlock(IpBlock.of('0.0.0.0/0', v4)), Peer.ipBlock(IpBlock.of('::/0', v6))]),
        ],
      }],
    });
  }
}
