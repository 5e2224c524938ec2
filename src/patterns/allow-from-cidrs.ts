import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { atPath } from '../core/checks';
import { Direction } from '../core/direction';
import { PolicyError } from '../core/errors';
import { IpBlock } from '../core/ip-block';
import { Peer } from '../core/peer';
import { Port } from '../core/port';
import { intentName } from './private/names';
import { TargetProps } from './target-props';
import { checkProps } from '../core/props';

/**
 * Properties for `AllowFromCidrs`.
 */
export interface AllowFromCidrsProps extends TargetProps {
  /**
   * The ranges allowed in, e.g. a load balancer's or an office's, IPv4 or IPv6.
   */
  readonly cidrs: string[];

  /**
   * The ports.
   *
   * @default - every port
   */
  readonly ports?: Port[];
}

/**
 * Selected pods accept connections from IP ranges outside the cluster, on
 * given ports (e.g. a load balancer's ranges).
 *
 * Whether the source address survives to the pod depends on the Service
 * (`externalTrafficPolicy: Local` keeps it); with SNAT the pod sees a node IP.
 */
export class AllowFromCidrs extends Construct {
  /** The rendered policy. */
  public readonly policy: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AllowFromCidrsProps`).
   */
  constructor(scope: Construct, id: string, props: AllowFromCidrsProps) {
    super(scope, id);
    checkProps(this.node.path, props);
    if (!props.cidrs || props.cidrs.length === 0) {
      throw new PolicyError('EmptyCidrs', `[${this.node.path}] cidrs is empty. Give at least one range, e.g. "203.0.113.0/24".`);
    }
    const blocks = atPath(this.node.path, () => props.cidrs.map(c => IpBlock.of(c)));
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? intentName(props.selector?._nameToken(),
        blocks.length === 1 ? `allow-from-${blocks[0]._nameToken()}` : 'allow-from-cidrs'),
      namespace: props.namespace,
      selector: props.selector,
      policyTypes: [Direction.INGRESS],
      ingress: [{ peers: blocks.map(b => Peer.ipBlock(b)), ports: props.ports }],
    });
  }
}
