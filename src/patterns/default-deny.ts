import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { Direction } from '../core/direction';
import { PolicyError } from '../core/errors';
import { intentName } from './private/names';
import { TargetProps } from './target-props';

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
    const directions = props.directions ?? [Direction.INGRESS, Direction.EGRESS];
    if (directions.length === 0) {
      throw new PolicyError('NothingToDeny', `[${this.node.path}] directions is empty. List Direction.INGRESS and/or Direction.EGRESS.`);
    }
    const suffix = directions.length === 2 ? '' : `-${directions[0].toLowerCase()}`;
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? intentName(props.selector?._nameToken(), `default-deny${suffix}`),
      namespace: props.namespace,
      selector: props.selector,
      policyTypes: directions,
    });
  }
}
