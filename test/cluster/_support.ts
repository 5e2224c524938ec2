import { validateClusterNetworkPolicy } from '../../src/kube/validation/cluster-network-policy';

/*
 * Helpers shared by the tests of the ClusterNetworkPolicy constructs.
 */

/** The problems of a synthesized ClusterNetworkPolicy with the CRD of `channel`, as "path: message" lines. */
export function crdProblems(manifest: unknown, channel: 'standard' | 'experimental' = 'standard'): string[] {
  return validateClusterNetworkPolicy(manifest, { channel, requireName: true }).map(i => `${i.path}: ${i.message}`);
}
