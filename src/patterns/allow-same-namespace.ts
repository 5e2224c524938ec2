import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { Direction } from '../core/direction';
import { Peer } from '../core/peer';
import { Port } from '../core/port';
import { Selector } from '../core/selector';
import { intentName } from './private/names';
import { TargetProps } from './target-props';
import { checkProps } from '../core/props';

/**
 * Properties for `AllowSameNamespace`.
 */
export interface AllowSameNamespaceProps extends TargetProps {
  /**
   * The directions to open between pods of the namespace.
   *
   * @default [Direction.INGRESS]
   */
  readonly directions?: Direction[];

  /**
   * The ports.
   *
   * @default - every port
   */
  readonly ports?: Port[];
}

/**
 * Selected pods accept connections from (and, on request, open connections
 * to) every pod of their own namespace.
 */
export class AllowSameNamespace extends Construct {
  /** The rendered policy. */
  public readonly policy: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AllowSameNamespaceProps`).
   */
  constructor(scope: Construct, id: string, props: AllowSameNamespaceProps = {}) {
    super(scope, id);
    checkProps(this.node.path, props);
    const directions = props.directions ?? [Direction.INGRESS];
    const rule = { peers: [Peer.pods(Selector.all())], ports: props.ports };
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? intentName(props.selector?._nameToken(), 'allow-same-namespace'),
      namespace: props.namespace,
      selector: props.selector,
      policyTypes: directions,
      ingress: directions.includes(Direction.INGRESS) ? [rule] : undefined,
      egress: directions.includes(Direction.EGRESS) ? [rule] : undefined,
    });
  }
}
