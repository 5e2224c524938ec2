import { LintContext, LintFinding, LintRule, rulesOf } from './context';
import { parseCidr } from '../../kube/cidr';

/** NP006. */
export const INGRESS_OPEN_TO_WORLD: LintRule = {
  id: 'NP006',
  name: 'ingress-open-to-world',
  severity: 'warning',
  summary: 'An ingress rule admits every IPv4 or IPv6 address (0.0.0.0/0 or ::/0).',
  description: 'An ipBlock of 0.0.0.0/0 or ::/0 in `from` opens the selected pods to the whole internet, as far '
    + 'as the network lets traffic in (a LoadBalancer or NodePort Service does). `except` entries only carve holes '
    + 'into it. Such rules are often left over from debugging.',
  help: 'Narrow the CIDR to the addresses that need access (a load balancer, an office range). If the workload '
    + 'is meant to be public, suppress the finding with the `lint.cdk8s-netpol.dev/ignore: NP006` annotation.',
  needsInventory: false,
};

/** NP006: an ingress ipBlock with prefix length 0. */
export function checkIngressOpenToWorld(ctx: LintContext): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const policy of ctx.policies) {
    for (const rule of rulesOf(policy)) {
      if (rule.field.rules !== 'ingress') {
        continue;
      }
      rule.peers.forEach((peer, i) => {
        const cidr = peer?.ipBlock ? parseCidr(peer.ipBlock.cidr) : undefined;
        if (cidr === undefined || typeof cidr === 'string' || cidr.prefix !== 0) {
          return;
        }
        const except = peer.ipBlock!.except ?? [];
        const holes = except.length > 0 ? ` except ${except.length} range${except.length > 1 ? 's' : ''}` : '';
        findings.push(ctx.finding(INGRESS_OPEN_TO_WORLD, policy, `${rule.path}.from[${i}].ipBlock.cidr`,
          `${rule.path} admits connections from every IPv${cidr.family} address (${peer.ipBlock!.cidr}${holes}) to the pods this policy selects.`,
          'Narrow the CIDR to the addresses that need access; if the workload is meant to be public, '
          + 'add the annotation lint.cdk8s-netpol.dev/ignore: NP006.'));
      });
    }
  }
  return findings;
}
