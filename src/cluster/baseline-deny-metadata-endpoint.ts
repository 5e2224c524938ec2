import { Construct } from 'constructs';
import { ClusterNetworkPolicy } from './cluster-network-policy';
import { ClusterPeer } from './cluster-peer';
import { ClusterPolicyAction } from './cluster-policy-action';
import { ClusterPolicyPriority } from './cluster-policy-priority';
import { ClusterPolicySubject } from './cluster-policy-subject';
import { ClusterPolicyTier } from './cluster-policy-tier';

/**
 * Properties for `BaselineDenyMetadataEndpoint`.
 */
export interface BaselineDenyMetadataEndpointProps {
  /** The priority in the Baseline tier. */
  readonly priority: ClusterPolicyPriority;
  /**
   * The metadata endpoint's addresses.
   *
   * @default ["169.254.169.254/32", "fd00:ec2::254/128"]
   */
  readonly cidrs?: string[];
  /**
   * `metadata.name`.
   *
   * @default "baseline-deny-metadata-endpoint"
   */
  readonly name?: string;
}

/**
 * A Baseline-tier deny of the cloud metadata endpoint for every pod: a
 * default that a namespace owner can lift with a NetworkPolicy that allows
 * the address (use an Admin-tier Deny for a guardrail no one can lift).
 */
export class BaselineDenyMetadataEndpoint extends Construct {
  /** The ClusterNetworkPolicy. */
  public readonly policy: ClusterNetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `BaselineDenyMetadataEndpointProps`).
   */
  constructor(scope: Construct, id: string, props: BaselineDenyMetadataEndpointProps) {
    super(scope, id);
    this.policy = new ClusterNetworkPolicy(this, 'Resource', {
      name: props.name ?? 'baseline-deny-metadata-endpoint',
      tier: ClusterPolicyTier.BASELINE,
      priority: props.priority,
      subject: ClusterPolicySubject.allNamespaces(),
      egress: [{
        name: 'deny-metadata-endpoint',
        action: ClusterPolicyAction.DENY,
        peers: [ClusterPeer.networks(props.cidrs ?? ['169.254.169.254/32', 'fd00:ec2::254/128'])],
      }],
    });
  }
}
