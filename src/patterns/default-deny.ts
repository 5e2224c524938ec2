import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { Direction } from '../core/direction';
import { PolicyError } from '../core/errors';
import { intentName } from './private/names';
import { TargetProps } from './target-props';
import { checkProps } from '../core/props';

/**
 * Properties for `DefaultDeny`.
 */
export interface DefaultDenyProps extends TargetProps {
  /**
   * The directions to deny.
   *
   * @default [Direction.INGRESS, Direction.EGRESS]
   */
  readonly directions?: Direction[];
}

/**
 * Default deny for selected pods: they accept (ingress) and open (egress)
 * no connection unless another policy allows it.
 *
 * Isolates exactly the pods `selector` selects in `namespace`, in each of
 * `directions`, and no other pod or direction.
 *
 * For every pod of a namespace with DNS kept working, use `IsolatedNamespace`.
 * Denying egress also blocks DNS: add `AllowDnsEgress`.
 */
export class DefaultDeny extends Construct {
  /** The rendered policy. */
  public readonly policy: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `DefaultDenyProps`).
   */
  constructor(scope: Construct, id: string, props: DefaultDenyProps = {}) {
    super(scope, id);
    checkProps(this.node.path, props);
    const directions = [...new Set(props.directions ?? [Direction.INGRESS, Direction.EGRESS])];
    if (directions.length === 0) {
      throw new PolicyError('NothingToDeny', `[${this.node.path}] directions is empty. List Direction.INGRESS and/or Direction.EGRESS.`);
    }
    // Named after the directions it isolates, once each: "default-deny" for both.
    const suffix = directions.length === 2 ? '' : `-${directions[0].toLowerCase()}`;
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? intentName(props.selector?._nameToken(), `default-deny${suffix}`),
      namespace: props.namespace,
      selector: props.selector,
      policyTypes: directions,
    });
  }
}
