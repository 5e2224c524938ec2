import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowToApp } from './allow-to-app';
import { NetworkPolicy } from './network-policy';
import { atPath } from '../core/checks';
import { Direction } from '../core/direction';
import { Peer } from '../core/peer';
import { Port } from '../core/port';
import { Selector } from '../core/selector';
import { addAutoMirror } from './private/mirror';
import { toDnsName } from './private/names';
import { checkProps } from '../core/props';
import { inNamespace } from './private/in-namespace';

/** The id of the construct that makes the mirrored egress policy. */
const EGRESS_ID = 'Egress';

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
   * holds when the source's egress is isolated.
   *
   * An egress policy isolates the pods it selects: where the source's
   * egress was not isolated before, they would then reach only what some
   * policy allows. So by default the construct mirrors the allow only where
   * the app already isolates the source's egress: at synthesis, when some
   * NetworkPolicy of the app (from this library or not) selects every pod of
   * `source` in its namespace for egress. It then never isolates anything
   * but the destination's ingress, and never writes into a namespace where
   * the app has no egress policy. Set it to true to mirror always (e.g. when
   * the source's namespace is isolated by another app), or to false to
   * mirror never.
   *
   * @default - mirror only where the app already isolates the source's egress
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
 * Renders an ingress policy on the destination, which isolates the
 * destination's ingress, and, where the app already isolates the source's
 * egress (see `mirrorEgress`), the matching egress policy on the source.
 * It isolates no other pod or direction, and denies no flow that was
 * allowed other than into the destination. A source in another
 * namespace is matched with one peer that holds both a `namespaceSelector`
 * (by the namespace's name) and a `podSelector`: their AND.
 */
export class AllowFromApp extends Construct {
  /** The ingress policy, in the destination's namespace. */
  public readonly ingressPolicy: NetworkPolicy;

  private readonly mirrored?: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AllowFromAppProps`).
   */
  constructor(scope: Construct, id: string, props: AllowFromAppProps) {
    super(scope, id);
    checkProps(this.node.path, props, {}, ['source', 'destination']);
    const destinationNamespace = props.namespace ?? props.destination.namespace ?? Chart.of(this).namespace;
    const sourceNamespace = props.sourceNamespace ?? props.source.namespace ?? Chart.of(this).namespace ?? destinationNamespace;
    const crossNamespace = sourceNamespace !== destinationNamespace;

    const sourceToken = crossNamespace
      ? toDnsName(sourceNamespace ?? '', props.source._nameToken())
      : toDnsName(props.source._nameToken());
    const source = atPath(this.node.path, () => inNamespace(props.source, sourceNamespace));
    const destination = atPath(this.node.path, () => inNamespace(props.destination, destinationNamespace));

    this.ingressPolicy = new NetworkPolicy(this, 'Ingress', {
      name: props.name ? toDnsName(props.name, 'ingress') : toDnsName(props.destination._nameToken(), 'allow-from', sourceToken),
      namespace: destinationNamespace,
      selector: destination,
      policyTypes: [Direction.INGRESS],
      ingress: [{ peers: [Peer.pods(source)], ports: props.ports }],
    });

    if (props.mirrorEgress !== false) {
      this.mirrored = new AllowToApp(this, EGRESS_ID, {
        source,
        destination,
        ports: props.ports,
        name: props.name ? toDnsName(props.name, 'egress') : undefined,
      }).policy;
      if (props.mirrorEgress === undefined) {
        addAutoMirror(this, EGRESS_ID, this.mirrored);
      }
    }
  }

  /**
   * The egress policy, in the source's namespace, if mirrored. With the
   * default `mirrorEgress`, the app decides at its first synthesis: until
   * then this is the policy it would add, and after it, the policy only
   * when it was kept.
   */
  public get egressPolicy(): NetworkPolicy | undefined {
    return this.node.tryFindChild(EGRESS_ID) ? this.mirrored : undefined;
  }
}
