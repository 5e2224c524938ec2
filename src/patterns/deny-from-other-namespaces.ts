import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { Direction } from '../core/direction';
import { Peer } from '../core/peer';
import { Selector } from '../core/selector';
import { intentName } from './private/names';
import { TargetProps } from './target-props';
import { checkProps } from '../core/props';

/**
 * Properties for `DenyFromOtherNamespaces`.
 */
export interface DenyFromOtherNamespacesProps extends TargetProps {
  /**
   * Also accept these peers from elsewhere (e.g. the ingress controller).
   *
   * @default - none
   */
  readonly alsoFrom?: Peer[];
}

/**
 * Selected pods accept connections only from pods of their own namespace:
 * traffic from other namespaces, and from outside the cluster, is denied
 * unless another policy allows it.
 *
 * Isolates exactly the ingress of the pods `selector` selects in
 * `namespace`; their egress, and every other pod, are left alone.
 */
export class DenyFromOtherNamespaces extends Construct {
  /** The rendered policy. */
  public readonly policy: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `DenyFromOtherNamespacesProps`).
   */
  constructor(scope: Construct, id: string, props: DenyFromOtherNamespacesProps = {}) {
    super(scope, id);
    checkProps(this.node.path, props);
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? intentName(props.selector?._nameToken(), 'deny-from-other-namespaces'),
      namespace: props.namespace,
      selector: props.selector,
      policyTypes: [Direction.INGRESS],
      ingress: [{ peers: [Peer.pods(Selector.all()), ...props.alsoFrom ?? []] }],
    });
  }
}
