import { LintContext, RuleFinding, LintRule, peersPath } from './context';
import { isStrictSubset, ParsedCidr } from '../../kube/cidr';

/** NP005. */
export const IPBLOCK_IN_CLUSTER_RANGE: LintRule = {
  id: 'NP005',
  name: 'ipblock-in-cluster-range',
  severity: 'warning',
  summary: 'An ipBlock lies in the cluster\'s pod or Service IP range.',
  description: 'ipBlock is meant for addresses outside the cluster. Policies see traffic after a Service\'s '
    + 'ClusterIP has been translated to a pod IP, so a block of Service IPs never matches traffic to a Service. '
    + 'Pod IPs change whenever pods restart, and whether ipBlock applies to traffic between pods at all depends '
    + 'on the network plugin. The ranges are set with --pod-cidr and --service-cidr (default 10.244.0.0/16 and '
    + '10.96.0.0/12, the kubeadm and flannel defaults).',
  help: 'Select the pods with podSelector and namespaceSelector instead; for a Service, select the pods behind it '
    + 'and allow their target port.',
  needsInventory: false,
};

/**
 * NP005: an ipBlock CIDR equal to, or inside, a pod or Service range.
 * Wider blocks that merely contain a range (0.0.0.0/0, 10.0.0.0/8) are
 * not reported: they are written for the addresses outside the cluster.
 * `except` entries are not checked.
 */
export function checkIpBlockInClusterRange(ctx: LintContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const policy of ctx.policies) {
    for (const rule of policy.rules) {
      rule.peers.forEach((peer, i) => {
        if (peer.kind !== 'ipBlock') {
          return;
        }
        const cidr = peer.cidr;
        const written = peer.written.cidr;
        const path = `${peersPath(rule)}[${i}].ipBlock.cidr`;
        const service = ctx.settings.serviceCidrs.find(range => within(range, cidr));
        const pods = ctx.settings.podCidrs.find(range => within(range, cidr));
        if (service) {
          findings.push(ctx.finding(IPBLOCK_IN_CLUSTER_RANGE, policy.document, path,
            `ipBlock ${written} lies in the Service range ${service.canonical}. Policies see traffic after a ClusterIP `
            + 'is translated to a pod IP, so this block never matches traffic to a Service.',
            'Select the pods behind the Service with podSelector (and namespaceSelector), and allow their target port.'));
        } else if (pods) {
          findings.push(ctx.finding(IPBLOCK_IN_CLUSTER_RANGE, policy.document, path,
            `ipBlock ${written} lies in the pod range ${pods.canonical}. Pod IPs change when pods restart, and whether `
            + 'ipBlock applies to traffic between pods depends on the network plugin.',
            'Select the pods with podSelector (and namespaceSelector) instead.'));
        }
      });
    }
  }
  return findings;
}

/** Whether `cidr` is `range` or lies inside it. */
function within(range: ParsedCidr, cidr: ParsedCidr): boolean {
  return (range.family === cidr.family && range.canonical === cidr.canonical) || isStrictSubset(range, cidr);
}
