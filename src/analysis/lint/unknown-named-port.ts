import { hasAnyPeer, LintContext, RuleFinding, LintRule, listWorkloads } from './context';
import { Direction } from '../../core/direction';
import { closest } from '../../util/strings';
import { Endpoint } from '../model/endpoint';
import { CompiledPolicy, CompiledRule } from '../model/target';

/** NP008. */
export const UNKNOWN_NAMED_PORT: LintRule = {
  id: 'NP008',
  name: 'unknown-named-port',
  severity: 'warning',
  summary: 'A rule names a port that no destination it applies to declares.',
  description: 'A named port matches only on destination pods with a container port of that name and protocol. '
    + 'When no destination declares it, the port entry matches nothing, and the traffic it was written for is denied. '
    + 'Names are case-sensitive, and a named port keeps the rule\'s protocol (TCP unless set).',
  help: 'Use a name from the destination\'s containers[].ports[].name (with its protocol), or a port number.',
  needsInventory: true,
};

/**
 * NP008: a named port (`port: http`) in a rule that no destination of the
 * rule declares with that name and protocol. The destinations are the
 * selected workloads for ingress, and the workloads the peers select for
 * egress. Rules whose destinations aren't all known (a rule with no `to`,
 * a peer in a namespace the manifests have no workloads in) are not
 * judged; nor are rules with no destination at all (NP002, NP003 report
 * those).
 */
export function checkUnknownNamedPort(ctx: LintContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const policy of ctx.policies) {
    for (const rule of policy.rules) {
      if (!rule.ports.some(p => p.kind === 'named')) {
        continue;
      }
      const destinations = destinationsOf(ctx, policy, rule);
      if (destinations === undefined || destinations.length === 0) {
        continue;
      }
      rule.ports.forEach((port, index) => {
        if (port.kind !== 'named') {
          return;
        }
        const { name, protocol } = port;
        if (destinations.some(w => w.ports.some(p => p.name === name && p.protocol === protocol))) {
          return;
        }
        const other = destinations.find(w => w.ports.some(p => p.name === name));
        const declared = destinations.flatMap(w => w.ports.filter(p => p.name).map(p => `${p.name} (${p.protocol} ${p.port})`));
        const known = [...new Set(declared)];
        let detail: string;
        if (other) {
          const actual = other.ports.find(p => p.name === name)!;
          detail = `${other.id} declares ${name} as ${actual.protocol} ${actual.port}, but this entry is ${protocol}`
            + `${port.defaultProtocol ? ' (the default)' : ''}`;
        } else {
          detail = known.length > 0 ? `they declare ${known.slice(0, 5).join(', ')}` : 'they declare no named ports';
        }
        const sameProtocol = destinations.flatMap(w => w.ports.filter(p => p.name !== undefined && p.protocol === protocol).map(p => p.name!));
        const guess = other ? undefined : closest(name, sameProtocol);
        const what = rule.ref.direction === Direction.INGRESS ? 'the pods this policy selects' : 'the destinations of this rule';
        findings.push(ctx.finding(UNKNOWN_NAMED_PORT, policy.document, `${rule.path}.ports[${index}].port`,
          `Named port ${name} (${protocol}) is declared by none of ${what} (${listWorkloads(destinations)}): ${detail}. `
          + 'The entry matches nothing.',
          other
            ? `Set protocol: ${other.ports.find(p => p.name === name)!.protocol} on this entry.`
            : `${guess !== undefined ? `Did you mean ${guess}? ` : ''}Use a port name from the destination's containers[].ports[].name, or a port number.`));
      });
    }
  }
  return findings;
}

/** The workloads a rule's traffic goes to, or undefined when some are unknown. */
function destinationsOf(ctx: LintContext, policy: CompiledPolicy, rule: CompiledRule): ReadonlyArray<Endpoint> | undefined {
  if (rule.ref.direction === Direction.INGRESS) {
    return ctx.selectedWorkloads(policy);
  }
  if (hasAnyPeer(rule)) {
    return undefined; // any pod of the cluster, described or not
  }
  const found = new Map<string, Endpoint>();
  for (const peer of rule.peers) {
    if (peer.kind !== 'pods') {
      continue; // addresses; named ports do not apply to them
    }
    const selection = ctx.peerSelection(peer, policy.ref.namespace);
    if (selection.kind === 'unknown') {
      return undefined;
    }
    if (selection.kind === 'pods') {
      for (const w of selection.workloads) {
        found.set(`${w.kind}/${w.id}`, w);
      }
    }
  }
  return [...found.values()];
}
