import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { Conventions } from '../core/conventions';
import { Direction } from '../core/direction';
import { Peer } from '../core/peer';
import { Port } from '../core/port';
import { intentName } from './private/names';
import { TargetProps } from './target-props';
import { checkProps } from '../core/props';

/**
 * Properties for `AllowFromIngressController`.
 */
export interface AllowFromIngressControllerProps extends TargetProps {
  /**
   * The ports the controller forwards to.
   *
   * @default - every port
   */
  readonly ports?: Port[];

  /**
   * The ingress controller's pods.
   *
   * @default - `Conventions.of(this).ingressController`
   */
  readonly controller?: Peer;
}

/**
 * Selected pods accept connections from the cluster's ingress controller.
 */
export class AllowFromIngressController extends Construct {
  /** The rendered policy. */
  public readonly policy: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AllowFromIngressControllerProps`).
   */
  constructor(scope: Construct, id: string, props: AllowFromIngressControllerProps = {}) {
    super(scope, id);
    checkProps(this.node.path, props);
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? intentName(props.selector?._nameToken(), 'allow-from-ingress-controller'),
      namespace: props.namespace,
      selector: props.selector,
      policyTypes: [Direction.INGRESS],
      ingress: [{ peers: [props.controller ?? Conventions.of(this).ingressController], ports: props.ports }],
    });
  }
}
