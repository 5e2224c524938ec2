import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { atPath } from '../core/checks';
import { Direction } from '../core/direction';
import { Peer } from '../core/peer';
import { Port } from '../core/port';
import { Selector } from '../core/selector';
import { toDnsName } from './private/names';
import { checkProps } from '../core/props';
import { inNamespace } from './private/in-namespace';

/**
 * Properties for `AllowToApp`.
 */
export interface AllowToAppProps {
  /** Pods that open the connections. */
  readonly source: Selector;

  /** Pods they may connect to. */
  readonly destination: Selector;

  /**
   * Ports of `destination`.
   *
   * @default - all ports and protocols
   */
  readonly ports?: Port[];

  /**
   * The namespace of `source`, where the policy goes.
   *
   * @default - the namespace `source` carries, else the chart's namespace
   */
  readonly namespace?: string;

  /**
   * The namespace of `destination`.
   *
   * @default - the namespace `destination` carries, else the source's namespace
   */
  readonly destinationNamespace?: string;

  /**
   * `metadata.name` of the policy.
   *
   * @default - "<source>-allow-to-<destination>"
   */
  readonly name?: string;
}

/**
 * Pods of one app may open connections to pods of another app: the egress
 * side of `AllowFromApp`, for when the destination's owner writes the
 * ingress side, or the destination is not isolated.
 *
 * Like every egress policy, it isolates the source pods for egress, and no
 * other pod or direction: they reach only what some policy allows, so keep
 * DNS allowed for them (synthesis fails when a workload of the app cannot
 * reach the cluster DNS; see `PolicyChecks`).
 */
export class AllowToApp extends Construct {
  /** The rendered policy. */
  public readonly policy: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AllowToAppProps`).
   */
  constructor(scope: Construct, id: string, props: AllowToAppProps) {
    super(scope, id);
    checkProps(this.node.path, props, {}, ['source', 'destination']);
    const sourceNamespace = props.namespace ?? props.source.namespace ?? Chart.of(this).namespace;
    const destinationNamespace = props.destinationNamespace ?? props.destination.namespace ?? sourceNamespace;
    const destinationToken = destinationNamespace !== sourceNamespace
      ? toDnsName(destinationNamespace ?? '', props.destination._nameToken())
      : toDnsName(props.destination._nameToken());
    const destination = atPath(this.node.path, () => inNamespace(props.destination, destinationNamespace));
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? toDnsName(props.source._nameToken(), 'allow-to', destinationToken),
      namespace: sourceNamespace,
      selector: atPath(this.node.path, () => inNamespace(props.source, sourceNamespace)),
      policyTypes: [Direction.EGRESS],
      egress: [{ peers: [Peer.pods(destination)], ports: props.ports }],
    });
  }
}
