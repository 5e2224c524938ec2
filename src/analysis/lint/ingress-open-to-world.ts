import { LintContext, RuleFinding, LintRule, peersPath } from './context';
import { Direction } from '../../core/direction';

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
export function checkIngressOpenToWorld(ctx: LintContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const policy of ctx.policies) {
    for (const rule of policy.rules) {
      if (rule.ref.direction !== Direction.INGRESS) {
        continue;
      }
      rule.peers.forEach((peer, i) => {
        if (peer.kind !== 'ipBlock' || peer.cidr.prefix !== 0) {
          return;
        }
        const holes = peer.except.length > 0 ? ` except ${peer.except.length} range${peer.except.length > 1 ? 's' : ''}` : '';
        findings.push(ctx.finding(INGRESS_OPEN_TO_WORLD, policy.document, `${peersPath(rule)}[${i}].ipBlock.cidr`,
          `${rule.path} admits connections from every IPv${peer.cidr.family} address (${peer.written.cidr}${holes}) to the pods this policy selects.`,
          'Narrow the CIDR to the addresses that need access; if the workload is meant to be public, '
          + 'add the annotation lint.cdk8s-netpol.dev/ignore: NP006.'));
      });
    }
  }
  return findings;
}
