import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { Direction } from '../core/direction';
import { intentName } from './private/names';
import { TargetProps } from './target-props';
import { checkProps } from '../core/props';

/**
 * Properties for `AllowAll`.
 */
export interface AllowAllProps extends TargetProps {
  /**
   * The direction to open.
   */
  readonly direction: Direction;
}

/**
 * Explicitly allows all traffic in one direction for selected pods, from or
 * to anywhere, on every port, whatever other policies deny.
 *
 * Renders one rule with no peers and no ports (`ingress: [{}]`), which
 * Kubernetes reads as "everything".
 */
export class AllowAll extends Construct {
  /** The rendered policy. */
  public readonly policy: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AllowAllProps`).
   */
  constructor(scope: Construct, id: string, props: AllowAllProps) {
    super(scope, id);
    checkProps(this.node.path, props, {}, ['direction']);
    const ingress = props.direction === Direction.INGRESS;
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? intentName(props.selector?._nameToken(), `allow-all-${ingress ? 'ingress' : 'egress'}`),
      namespace: props.namespace,
      selector: props.selector,
      policyTypes: [props.direction],
      ingress: ingress ? [{}] : undefined,
      egress: ingress ? undefined : [{}],
    });
  }
}
