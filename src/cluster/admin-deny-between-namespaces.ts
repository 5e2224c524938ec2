import { Construct } from 'constructs';
import { ClusterNetworkPolicy } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { ClusterPolicyAction } from './cluster-policy-action';
import { ClusterPolicyPriority } from './cluster-policy-priority';
import { ClusterPolicySubject } from './cluster-policy-subject';
import { ClusterPolicyTier } from './cluster-policy-tier';
import { Port } from '../core/port';
import { NamespaceSelector } from '../core/selector';
import { toDnsName } from '../util/dns-name';

/**
 * Properties for `AdminDenyBetweenNamespaces`.
 */
export interface AdminDenyBetweenNamespacesProps {
  /** The namespaces whose pods may never connect, e.g. env=dev. */
  readonly source: NamespaceSelector;
  /** The namespaces they may never reach, e.g. env=prod. */
  readonly destination: NamespaceSelector;
  /** The priority in the Admin tier. */
  readonly priority: ClusterPolicyPriority;
  /**
   * Deny only these ports.
   *
   * @default - every port
   */
  readonly ports?: Port[];
  /**
   * `metadata.name`.
   *
   * @default - "deny-<source>-to-<destination>", e.g. "deny-env-dev-to-env-prod"
   */
  readonly name?: string;
}

/**
 * An Admin-tier guardrail: pods of the `source` namespaces never reach pods
 * of the `destination` namespaces, whatever NetworkPolicy a namespace owner
 * writes. One ClusterNetworkPolicy whose subject is the destination
 * namespaces, with one ingress Deny rule.
 */
export class AdminDenyBetweenNamespaces extends Construct {
  /** The ClusterNetworkPolicy. */
  public readonly policy: ClusterNetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AdminDenyBetweenNamespacesProps`).
   */
  constructor(scope: Construct, id: string, props: AdminDenyBetweenNamespacesProps) {
    super(scope, id);
    const source = props.source._nameToken();
    this.policy = new ClusterNetworkPolicy(this, 'Resource', {
      name: props.name ?? toDnsName('deny', source, 'to', props.destination._nameToken()),
      tier: ClusterPolicyTier.ADMIN,
      priority: props.priority,
      subject: ClusterPolicySubject.namespaces(props.destination),
      ingress: [{ name: toDnsName('deny-from', source), action: ClusterPolicyAction.DENY, peers: [ClusterPeer.namespaces(props.source)], ports: props.ports }],
    });
  }
}
