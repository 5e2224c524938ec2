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
 * Properties for `EgressToDomainNames`.
 */
export interface EgressToDomainNamesProps {
  /** The domain names, e.g. ["api.github.com", "*.githubusercontent.com"]. */
  readonly domainNames: string[];
  /** The priority in the Admin tier. */
  readonly priority: ClusterPolicyPriority;
  /**
   * The pods that may connect.
   *
   * @default ClusterPolicySubject.allNamespaces()
   */
  readonly subject?: ClusterPolicySubject;
  /**
   * The destination ports.
   *
   * @default [Port.HTTPS]
   */
  readonly ports?: Port[];
  /**
   * `metadata.name`.
   *
   * @default - derived from the construct id
   */
  readonly name?: string;
}

/**
 * An Admin-tier Accept of egress to domain names (the experimental
 * `domainNames` peer; needs the experimental CRD). To make it an allowlist,
 * follow it with a lower-precedence egress Deny.
 */
export class EgressToDomainNames extends Construct {
  /** The ClusterNetworkPolicy. */
  public readonly policy: ClusterNetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `EgressToDomainNamesProps`).
   */
  constructor(scope: Construct, id: string, props: EgressToDomainNamesProps) {
    super(scope, id);
    this.policy = new ClusterNetworkPolicy(this, 'Resource', {
      name: props.name ?? toDnsName(id),
      tier: ClusterPolicyTier.ADMIN,
      priority: props.priority,
      subject: props.subject ?? ClusterPolicySubject.allNamespaces(),
      egress: [{
        name: 'accept-domain-names',
        action: ClusterPolicyAction.ACCEPT,
        peers: [ClusterPeer.domainNames(props.domainNames)],
        ports: props.ports ?? [Port.HTTPS],
      }],
    });
  }
}
