/*
 * @acme/netpol-standards: ACME's platform team packages its NetworkPolicy
 * standards once, on top of cdk8s-netpol, and every app team uses them.
 *
 * In a published package these imports read `from 'cdk8s-netpol'`; inside
 * this repository they point at the library's source.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AllowFromApp, AllowOnlyFrom, Baseline, Conventions, DnsTarget, NamespaceSelector, Peer, Port, Selector, WorkloadSet,
} from '../../../src';

/**
 * ACME's cluster conventions, applied once per app.
 */
export class AcmeConventions {
  /** Applies ACME's conventions to an app: labels, DNS, shared services, ranges. */
  public static apply(app: App): void {
    Conventions.set(app, {
      appLabelKey: 'app.kubernetes.io/name',
      dns: DnsTarget.nodeLocal(),
      ingressController: Peer.podsIn(NamespaceSelector.named('ingress'), Selector.labels({ 'app.kubernetes.io/name': 'traefik' })),
      monitoring: Peer.podsIn(NamespaceSelector.named('observability'), Selector.labels({ 'app.kubernetes.io/name': 'prometheus' })),
      clusterCidrs: ['10.32.0.0/12', '10.96.0.0/12'],
    });
  }
}

/**
 * Properties for `AcmeAppChart`.
 */
export interface AcmeAppChartProps extends ChartProps {
  /** The team's namespace. */
  readonly namespace: string;
}

/**
 * A chart with ACME's baseline already applied to its namespace: isolation
 * with DNS, Prometheus scraping on "metrics", the ingress controller to
 * pods labelled `acme.io/public: "true"` on "http".
 */
export class AcmeAppChart extends Chart {
  constructor(scope: Construct, id: string, props: AcmeAppChartProps) {
    super(scope, id, props);
    new Baseline(this, 'AcmeBaseline', {
      namespaces: [props.namespace],
      allowSameNamespace: false,
      monitoringPorts: [Port.named('metrics')],
      ingressControllerTargets: Selector.labels({ 'acme.io/public': 'true' }),
      ingressControllerPorts: [Port.named('http')],
    });
  }

  /**
   * Lets the app `client` call the data store app `store` on `port`, and
   * keeps the store reachable from nobody else: ACME's rule for data stores,
   * checked at every synth.
   */
  public protectDataStore(store: string, client: string, port: Port): void {
    new AllowFromApp(this, `${client}-to-${store}`, { source: Selector.app(client), destination: Selector.app(store), ports: [port] });
    new AllowOnlyFrom(this, `${store}-only-from-${client}`, {
      destinations: WorkloadSet.app(store, this.namespace),
      sources: [WorkloadSet.app(client, this.namespace)],
    });
  }
}
