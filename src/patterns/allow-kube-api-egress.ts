import { Construct } from 'constructs';
import { NetworkPolicy } from './network-policy';
import { atPath } from '../core/checks';
import { Conventions } from '../core/conventions';
import { Direction } from '../core/direction';
import { PolicyError } from '../core/errors';
import { Peer } from '../core/peer';
import { Port } from '../core/port';
import { intentName } from './private/names';
import { TargetProps } from './target-props';
import { checkProps } from '../core/props';

/**
 * Properties for `AllowKubeApiEgress`.
 */
export interface AllowKubeApiEgressProps extends TargetProps {
  /**
   * The API server's addresses: the endpoints of the `kubernetes` Service
   * (`kubectl get endpoints kubernetes -n default`), or the control plane's range.
   *
   * @default - `Conventions.of(this).apiServerCidrs`
   */
  readonly cidrs?: string[];

  /**
   * The ports the API server listens on. Egress policies see the endpoint
   * port (often 6443), not the Service port 443.
   *
   * @default [Port.tcp(443), Port.tcp(6443)]
   */
  readonly ports?: Port[];
}

/**
 * Selected pods may call the Kubernetes API server (e.g. operators,
 * controllers, CI runners).
 *
 * The API server is usually not a pod, so it is reached by IP: give its
 * addresses here or once in `Conventions.apiServerCidrs`.
 */
export class AllowKubeApiEgress extends Construct {
  /** The rendered policy. */
  public readonly policy: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AllowKubeApiEgressProps`).
   */
  constructor(scope: Construct, id: string, props: AllowKubeApiEgressProps = {}) {
    super(scope, id);
    checkProps(this.node.path, props);
    const cidrs = props.cidrs ?? Conventions.of(this).apiServerCidrs;
    if (cidrs.length === 0) {
      throw new PolicyError('MissingApiServerCidrs',
        `[${this.node.path}] The API server's addresses are unknown. Set \`cidrs\` (e.g. the endpoints of `
        + '`kubectl get endpoints kubernetes -n default`), or Conventions.set(app, { apiServerCidrs: [...] }).');
    }
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? intentName(props.selector?._nameToken(), 'allow-kube-api-egress'),
      namespace: props.namespace,
      selector: props.selector,
      policyTypes: [Direction.EGRESS],
      egress: [{ peers: atPath(this.node.path, () => cidrs.map(c => Peer.cidr(c))), ports: props.ports ?? [Port.HTTPS, Port.tcp(6443)] }],
    });
  }
}
