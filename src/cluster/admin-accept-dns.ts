import { Construct } from 'constructs';
import { ClusterNetworkPolicy } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { ClusterPolicyAction } from './cluster-policy-action';
import { ClusterPolicyPriority } from './cluster-policy-priority';
import { ClusterPolicySubject } from './cluster-policy-subject';
import { ClusterPolicyTier } from './cluster-policy-tier';
import { Port } from '../core/port';
import { Selector } from '../core/selector';
import { dnsPods } from './private/peers';

/**
 * Properties for `AdminAcceptDns`.
 */
export interface AdminAcceptDnsProps {
  /** The priority in the Admin tier. */
  readonly priority: ClusterPolicyPriority;
  /**
   * `metadata.name` of the egress policy; the ingress policy adds "-ingress".
   *
   * @default "accept-dns"
   */
  readonly name?: string;
  /**
   * The DNS pods, with their namespace (`inNamespace()`).
   *
   * @default - the cluster DNS: k8s-app=kube-dns in kube-system
   */
  readonly dnsPods?: Selector;
}

/**
 * "DNS always works": an Admin-tier Accept of every pod's queries to the
 * cluster DNS (by default kube-system, k8s-app=kube-dns; UDP and TCP 53), at both
 * ends. Two ClusterNetworkPolicies, because an egress Accept does not open
 * the destination's ingress: `egress` for every pod, `ingress` for the DNS
 * pods.
 */
export class AdminAcceptDns extends Construct {
  /** The egress Accept, whose subject is every pod. */
  public readonly egress: ClusterNetworkPolicy;
  /** The ingress Accept, whose subject is the DNS pods. */
  public readonly ingress: ClusterNetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AdminAcceptDnsProps`).
   */
  constructor(scope: Construct, id: string, props: AdminAcceptDnsProps) {
    super(scope, id);
    const name = props.name ?? 'accept-dns';
    const ports = [Port.DNS_UDP, Port.DNS_TCP];
    const pods = dnsPods(this.node.path, props.dnsPods);
    this.egress = new ClusterNetworkPolicy(this, 'Egress', {
      name,
      tier: ClusterPolicyTier.ADMIN,
      priority: props.priority,
      subject: ClusterPolicySubject.allNamespaces(),
      egress: [{ name: 'accept-dns-queries', action: ClusterPolicyAction.ACCEPT, peers: [ClusterPeer.pods(pods)], ports }],
    });
    this.ingress = new ClusterNetworkPolicy(this, 'Ingress', {
      name: `${name}-ingress`,
      tier: ClusterPolicyTier.ADMIN,
      priority: props.priority,
      subject: ClusterPolicySubject.pods(pods),
      ingress: [{ name: 'accept-dns-queries', action: ClusterPolicyAction.ACCEPT, peers: [ClusterPeer.allPods()], ports }],
    });
  }
}
