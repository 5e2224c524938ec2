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
 * Properties for `AllowMonitoring`.
 */
export interface AllowMonitoringProps extends TargetProps {
  /**
   * The metrics ports.
   *
   * @default [Port.named('metrics')]
   */
  readonly ports?: Port[];

  /**
   * The scrapers.
   *
   * @default - `Conventions.of(this).monitoring` (Prometheus in `monitoring`)
   */
  readonly scrapers?: Peer;
}

/**
 * Selected pods let the monitoring system (e.g. Prometheus in its
 * namespace) scrape their metrics port.
 */
export class AllowMonitoring extends Construct {
  /** The rendered policy. */
  public readonly policy: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AllowMonitoringProps`).
   */
  constructor(scope: Construct, id: string, props: AllowMonitoringProps = {}) {
    super(scope, id);
    checkProps(this.node.path, props);
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? intentName(props.selector?._nameToken(), 'allow-monitoring'),
      namespace: props.namespace,
      selector: props.selector,
      policyTypes: [Direction.INGRESS],
      ingress: [{ peers: [props.scrapers ?? Conventions.of(this).monitoring], ports: props.ports ?? [Port.named('metrics')] }],
    });
  }
}
