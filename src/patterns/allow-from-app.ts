import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowToApp } from './allow-to-app';
import { NetworkPolicy } from './network-policy';
import { Direction } from '../core/direction';
import { Peer } from '../core/peer';
import { Port } from '../core/port';
import { Selector } from '../core/selector';
import { toDnsName } from './private/names';

/**
 * Properties for `AllowFromApp`.
 */
export interface AllowFromAppProps {
  /**
   * Pods that receive the traffic, e.g. `Selector.app('api')` or
   * `Selector.workload(deployment)`.
   */
  readonly destination: Selector;

  /**
   * Pods allowed to open connections to `destination`.
   */
  readonly source: Selector;

  /**
   * Ports `source` may connect to.
   *
   * @default - all ports and protocols
   */
  readonly ports?: Port[];

  /**
   * The namespace of `destination`, where the ingress policy goes.
   *
   * @default - the namespace `destination` carries, else the chart's namespace
   */
  readonly namespace?: string;

  /**
   * The namespace of `source`, where the egress policy goes.
   *
   * @default - the namespace `source` carries, else the chart's namespace, else the destination's namespace
   */
  readonly sourceNamespace?: string;

  /**
   * Also add the matching egress policy for `source`, so that the allow
   * holds even when the source's namespace isolates egress.
   *
   * An egress policy isolates the pods it selects: where the source's
   * egress was not isolated before, it now reaches only what some policy
   * allows (add `AllowDnsEgress` there, or set this to false).
   *
   * @default true
   */
  readonly mirrorEgress?: boolean;

  /**
   * Base name of the rendered policies: "<name>-ingress" and "<name>-egress".
   *
   * @default - "<destination>-allow-from-<source>" and "<source>-allow-to-<destination>"
   */
  readonly name?: string;
}

/**
 * Pods of one app accept traffic from pods of another app, in the same or
 * another namespace, on the given ports.
 *
 * Renders an ingress policy on the destination and, unless `mirrorEgress` is
 * false, the matching egress policy on the source. A source in another
 * namespace is matched with one peer that holds both a `namespaceSelector`
 * (by the namespace's name) and a `podSelector`: their AND.
 */
export class AllowFromApp extends Construct {
  /** The ingress policy, in the destination's namespace. */
  public readonly ingressPolicy: NetworkPolicy;

  /**
   * The egress policy, in the source's namespace, if mirrored.
   */
  public readonly egressPolicy?: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AllowFromAppProps`).
   */
  constructor(scope: Construct, id: string, props: AllowFromAppProps) {
    super(scope, id);
    const destinationNamespace = props.namespace ?? props.destination.namespace ?? Chart.of(this).namespace;
    const sourceNamespace = props.sourceNamespace ?? props.source.namespace ?? Chart.of(this).namespace ?? destinationNamespace;
    const crossNamespace = sourceNamespace !== destinationNamespace;

    const sourceToken = crossNamespace
      ? toDnsName(sourceNamespace ?? '', props.source._nameToken())
      : toDnsName(props.source._nameToken());
    const source = sourceNamespace !== undefined ? props.source.inNamespace(sourceNamespace) : props.source;
    const destination = destinationNamespace !== undefined ? props.destination.inNamespace(destinationNamespace) : props.destination;

    this.ingressPolicy = new NetworkPolicy(this, 'Ingress', {
      name: props.name ? toDnsName(props.name, 'ingress') : toDnsName(props.destination._nameToken(), 'allow-from', sourceToken),
      namespace: destinationNamespace,
      selector: destination,
      policyTypes: [Direction.INGRESS],
      ingress: [{ peers: [Peer.pods(source)], ports: props.ports }],
    });

    if (props.mirrorEgress ?? true) {
      this.egressPolicy = new AllowToApp(this, 'Egress', {
        source,
        destination,
        ports: props.ports,
        name: props.name ? toDnsName(props.name, 'egress') : undefined,
      }).policy;
    }
  }
}
