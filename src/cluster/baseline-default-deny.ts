import { Construct } from 'constructs';
import { ClusterNetworkPolicy } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { ClusterPolicyAction } from './cluster-policy-action';
import { ClusterPolicyPriority } from './cluster-policy-priority';
import { ClusterPolicySubject } from './cluster-policy-subject';
import { ClusterPolicyTier } from './cluster-policy-tier';
import { Port } from '../core/port';
import { LabelExpression, NamespaceSelector, Selector } from '../core/selector';
import { NAMESPACE_NAME_LABEL } from '../kube/shapes';
import { ALL_ADDRESSES, dnsPods } from './private/peers';

/**
 * Properties for `BaselineDefaultDeny`.
 */
export interface BaselineDefaultDenyProps {
  /** The priority in the Baseline tier. */
  readonly priority: ClusterPolicyPriority;
  /**
   * Namespaces left out of the default deny, by name. The cluster DNS must
   * be among them (or accept queries otherwise), so that DNS keeps working.
   *
   * @default - the namespace of `dnsPods`, "kube-system" by default
   */
  readonly excludeNamespaces?: string[];
  /**
   * The DNS pods that every pod may query, with their namespace (`inNamespace()`).
   *
   * @default - the cluster DNS: k8s-app=kube-dns in kube-system
   */
  readonly dnsPods?: Selector;
  /**
   * `metadata.name`.
   *
   * @default "baseline-default-deny"
   */
  readonly name?: string;
}

/**
 * Flips the cluster's default to deny, with DNS kept: a Baseline-tier
 * policy for every pod outside `excludeNamespaces` that accepts egress to
 * the DNS pods on UDP and TCP 53, then denies all other egress and all ingress from pods.
 * A namespace owner's NetworkPolicy takes over for the pods it isolates.
 */
export class BaselineDefaultDeny extends Construct {
  /** The ClusterNetworkPolicy. */
  public readonly policy: ClusterNetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `BaselineDefaultDenyProps`).
   */
  constructor(scope: Construct, id: string, props: BaselineDefaultDenyProps) {
    super(scope, id);
    const pods = dnsPods(this.node.path, props.dnsPods);
    const excluded = props.excludeNamespaces ?? [pods.namespace!];
    const namespaces = excluded.length === 0
      ? NamespaceSelector.all()
      : NamespaceSelector.expressions([LabelExpression.noneOf(NAMESPACE_NAME_LABEL, excluded)]);
    this.policy = new ClusterNetworkPolicy(this, 'Resource', {
      name: props.name ?? 'baseline-default-deny',
      tier: ClusterPolicyTier.BASELINE,
      priority: props.priority,
      subject: ClusterPolicySubject.namespaces(namespaces),
      ingress: [{ name: 'deny-all-ingress', action: ClusterPolicyAction.DENY, peers: [ClusterPeer.allPods()] }],
      egress: [
        { name: 'accept-dns', action: ClusterPolicyAction.ACCEPT, peers: [ClusterPeer.pods(pods)], ports: [Port.DNS_UDP, Port.DNS_TCP] },
        { name: 'deny-all-egress', action: ClusterPolicyAction.DENY, peers: [ClusterPeer.networks(ALL_ADDRESSES)] },
      ],
    });
  }
}
