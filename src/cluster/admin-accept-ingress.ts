import { Construct } from 'constructs';
import { ClusterNetworkPolicy } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { ClusterPolicyAction } from './cluster-policy-action';
import { ClusterPolicyPriority } from './cluster-policy-priority';
import { ClusterPolicySubject } from './cluster-policy-subject';
import { ClusterPolicyTier } from './cluster-policy-tier';
import { Port } from '../core/port';
import { toDnsName } from '../util/dns-name';

/**
 * Properties for `AdminAcceptIngress`.
 */
export interface AdminAcceptIngressProps {
  /** Who may always connect, e.g. the monitoring namespace's Prometheus pods. */
  readonly sources: ClusterPeer[];
  /** The ports they may always connect to, e.g. the metrics port. */
  readonly ports: Port[];
  /** The priority in the Admin tier. */
  readonly priority: ClusterPolicyPriority;
  /**
   * The pods that accept the traffic.
   *
   * @default ClusterPolicySubject.allNamespaces()
   */
  readonly subject?: ClusterPolicySubject;
  /**
   * `metadata.name`.
   *
   * @default - derived from the construct id
   */
  readonly name?: string;
}

/**
 * An Admin-tier Accept that no NetworkPolicy can block, e.g. "monitoring
 * scrapes every pod on its metrics port". Accept is final for ingress at
 * the subject pods; the sources' own egress is still checked.
 */
export class AdminAcceptIngress extends Construct {
  /** The ClusterNetworkPolicy. */
  public readonly policy: ClusterNetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AdminAcceptIngressProps`).
   */
  constructor(scope: Construct, id: string, props: AdminAcceptIngressProps) {
    super(scope, id);
    this.policy = new ClusterNetworkPolicy(this, 'Resource', {
      name: props.name ?? toDnsName(id),
      tier: ClusterPolicyTier.ADMIN,
      priority: props.priority,
      subject: props.subject ?? ClusterPolicySubject.allNamespaces(),
      ingress: [{ name: 'accept', action: ClusterPolicyAction.ACCEPT, peers: props.sources, ports: props.ports }],
    });
  }
}
