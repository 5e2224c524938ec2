import { LintContext, RuleFinding, LintRule, listWorkloads } from './context';
import { Direction } from '../../core/direction';
import { Protocol } from '../../core/protocol';
import { Endpoint, EndpointClass } from '../model/endpoint';
import { policyKey } from '../model/order';
import { PortMatcher, portMatches } from '../model/port-matcher';
import { CompiledPolicy } from '../model/target';

/** NP001. */
export const EGRESS_WITHOUT_DNS: LintRule = {
  id: 'NP001',
  name: 'egress-without-dns',
  severity: 'warning',
  summary: 'Pods are isolated for egress, and no egress rule that applies to them allows DNS (UDP 53).',
  description: 'Once a policy selects a pod for Egress, the pod may only send what some egress rule allows. '
    + 'Without a rule for UDP port 53 it cannot resolve names, so connections to Services by name fail, '
    + 'even those that other rules allow.',
  help: 'Allow UDP and TCP 53 to the cluster DNS (kube-dns in kube-system), in this policy or in a policy '
    + 'that selects the same pods, e.g. a namespace-wide allow-dns policy.',
  needsInventory: false,
};

const DNS_PORT = 53;

const FIX = 'Add an egress rule for DNS, in this policy or in one that selects the same pods: '
  + '`- to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, '
  + 'podSelector: {matchLabels: {k8s-app: kube-dns}}}]` with `ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]`.';

/**
 * NP001: for every workload that egress policies select and whose egress
 * rules (of every policy selecting it) allow something but not UDP 53 to
 * any destination, one finding on each policy that selects it for egress.
 * A workload with no egress rule at all sends nothing, and needs no DNS.
 *
 * With no workloads in the manifests, each policy is checked with its own
 * egress rules plus those of the namespace-wide (`podSelector: {}`) egress
 * policies of its namespace.
 */
export function checkEgressWithoutDns(ctx: LintContext): RuleFinding[] {
  return ctx.hasInventory ? checkWorkloads(ctx) : checkPolicies(ctx);
}

function checkWorkloads(ctx: LintContext): RuleFinding[] {
  const classes = ctx.evaluator.classes;
  const lacking = new Map<string, { ids: Set<string>; workloads: Endpoint[] }>();
  ctx.workloads.forEach((workload, i) => {
    const selection = ctx.evaluator.selection(classes.all[classes.ofInventory[i]], Direction.EGRESS);
    if (selection.rules.length === 0 || selection.rules.some(r => r.ports.some(m => allowsDns(m, classes.all)))) {
      return;
    }
    for (const ref of selection.selectedBy) {
      const key = policyKey(ref);
      const entry = lacking.get(key) ?? { ids: new Set(), workloads: [] };
      if (!entry.ids.has(workload.id)) {
        entry.ids.add(workload.id);
        entry.workloads.push(workload);
      }
      lacking.set(key, entry);
    }
  });
  const findings: RuleFinding[] = [];
  for (const policy of ctx.policies) {
    const entry = lacking.get(policyKey(policy.ref));
    if (entry) {
      findings.push(ctx.finding(EGRESS_WITHOUT_DNS, policy.document, egressPath(policy),
        `${listWorkloads(entry.workloads)} ${entry.workloads.length === 1 ? 'is' : 'are'} isolated for egress by this policy, `
        + 'and no egress rule that applies to '
        + `${entry.workloads.length === 1 ? 'it' : 'them'} allows DNS (UDP ${DNS_PORT}), so name lookups fail.`,
        FIX));
    }
  }
  return findings;
}

function checkPolicies(ctx: LintContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const egressPolicies = ctx.policies.filter(p => p.directions.includes(Direction.EGRESS));
  const namespaceWide = egressPolicies.filter(p => p.podSelector.matchesAll);
  for (const policy of egressPolicies) {
    const rules = [policy, ...namespaceWide.filter(p => p.ref.namespace === policy.ref.namespace)]
      .flatMap(p => p.rules.filter(r => r.ref.direction === Direction.EGRESS));
    // No workloads resolve named ports here: a named UDP port may be kube-dns's.
    if (rules.length === 0 || rules.some(rule => rule.ports.some(m => allowsDns(m, [])))) {
      continue;
    }
    findings.push(ctx.finding(EGRESS_WITHOUT_DNS, policy.document, egressPath(policy),
      `The pods this policy selects are isolated for egress, and no egress rule of it or of a namespace-wide policy of ${policy.ref.namespace} `
      + `allows DNS (UDP ${DNS_PORT}), so name lookups fail.`,
      FIX));
  }
  return findings;
}

function egressPath(policy: CompiledPolicy): string {
  return policy.rules.some(r => r.ref.direction === Direction.EGRESS) ? 'spec.egress' : 'spec.policyTypes';
}

/**
 * Whether a port entry admits UDP 53 to some destination. A named UDP port
 * counts when a workload maps it to 53, or when no workload of the
 * manifests declares it (it may well be kube-dns's `dns` port).
 */
function allowsDns(matcher: PortMatcher, classes: ReadonlyArray<EndpointClass>): boolean {
  switch (matcher.kind) {
    case 'any':
      return true;
    case 'protocol':
      return matcher.protocol === Protocol.UDP;
    case 'range':
      return matcher.protocol === Protocol.UDP && matcher.port <= DNS_PORT && DNS_PORT <= matcher.endPort;
    case 'named':
      return matcher.protocol === Protocol.UDP && (classes.some(c => portMatches(matcher, Protocol.UDP, DNS_PORT, c))
        || !classes.some(c => c.ports.some(p => p.name === matcher.name && p.protocol === Protocol.UDP)));
  }
}
