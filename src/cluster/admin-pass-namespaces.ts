import { Construct } from 'constructs';
import { ClusterNetworkPolicy } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { ClusterPolicyAction } from './cluster-policy-action';
import { ClusterPolicyPriority } from './cluster-policy-priority';
import { ClusterPolicySubject } from './cluster-policy-subject';
import { ClusterPolicyTier } from './cluster-policy-tier';
import { NamespaceSelector } from '../core/selector';
import { toDnsName } from '../util/dns-name';
import { ALL_ADDRESSES } from './private/peers';

/**
 * Properties for `AdminPassNamespaces`.
 */
export interface AdminPassNamespacesProps {
  /** The namespaces whose traffic their owners decide, e.g. team=payments. */
  readonly namespaces: NamespaceSelector;
  /** The priority in the Admin tier: Admin rules after it no longer apply to this traffic. */
  readonly priority: ClusterPolicyPriority;
  /**
   * `metadata.name`.
   *
   * @default - "pass-<namespaces>", e.g. "pass-team-payments"
   */
  readonly name?: string;
}

/**
 * Delegates a namespace group to its owners: an Admin-tier Pass of all the
 * group's ingress (from every pod) and egress (to every address), so that
 * lower-precedence Admin rules skip it and the group's NetworkPolicies,
 * then Baseline, decide.
 */
export class AdminPassNamespaces extends Construct {
  /** The ClusterNetworkPolicy. */
  public readonly policy: ClusterNetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AdminPassNamespacesProps`).
   */
  constructor(scope: Construct, id: string, props: AdminPassNamespacesProps) {
    super(scope, id);
    this.policy = new ClusterNetworkPolicy(this, 'Resource', {
      name: props.name ?? toDnsName('pass', props.namespaces._nameToken()),
      tier: ClusterPolicyTier.ADMIN,
      priority: props.priority,
      subject: ClusterPolicySubject.namespaces(props.namespaces),
      ingress: [{ name: 'pass-ingress', action: ClusterPolicyAction.PASS, peers: [ClusterPeer.allPods()] }],
      egress: [{ name: 'pass-egress', action: ClusterPolicyAction.PASS, peers: [ClusterPeer.networks(ALL_ADDRESSES)] }],
    });
  }
}
