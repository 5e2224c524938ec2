import { PeerMatcher } from './peer-matcher';
import { PortMatcher } from './port-matcher';
import { formatPort } from './port-spec';
import { SelectorMatcher } from './selector-matcher';
import { CompiledRule } from './target';
import { Direction } from '../../core/direction';
import { compareStrings } from '../../util/strings';

/*
 * The one describer of the compiled model in words, for lint messages, the
 * report and explanations alike. Selectors use kubectl's notation.
 */

/**
 * A label selector in kubectl's notation: `app=web,tier in (a,b),!legacy`;
 * `{}` (every pod or namespace) reads `{}`.
 */
export function formatSelector(selector: SelectorMatcher): string {
  const parts = [
    ...selector.matchLabels.map(([k, v]) => `${k}=${v}`),
    ...selector.requirements.map(r => {
      const values = [...r.values].sort(compareStrings).join(',');
      switch (r.operator) {
        case 'In': return `${r.key} in (${values})`;
        case 'NotIn': return `${r.key} notin (${values})`;
        case 'Exists': return r.key;
        default: return `!${r.key}`;
      }
    }),
  ];
  return parts.length === 0 ? '{}' : parts.join(',');
}

/** The pods a podSelector picks in its namespace: `pods with app=api in namespace shop`, `every pod in namespace shop`. */
export function describeSubject(podSelector: SelectorMatcher, namespace: string): string {
  return podSelector.matchesAll ? `every pod in namespace ${namespace}` : `pods with ${formatSelector(podSelector)} in namespace ${namespace}`;
}

/**
 * One peer in words: `pods with app=web in namespace shop`, `every pod in
 * namespaces with team=payments`, `addresses in 10.0.0.0/8 except
 * 10.1.0.0/16`, `any peer (every pod and address)` when the rule names none.
 */
export function describePeer(peer: PeerMatcher): string {
  switch (peer.kind) {
    case 'any':
      return 'any peer (every pod and address)';
    case 'ipBlock':
      return `addresses in ${peer.written.cidr}${peer.written.except.length > 0 ? ` except ${peer.written.except.join(', ')}` : ''}`;
    case 'pods': {
      const pods = peer.podSelector === undefined || peer.podSelector.matchesAll ? 'every pod' : `pods with ${formatSelector(peer.podSelector)}`;
      if (peer.namespaceSelector === undefined) {
        return `${pods} in namespace ${peer.ownNamespace}`;
      }
      return `${pods} in ${peer.namespaceSelector.matchesAll ? 'every namespace' : `namespaces with ${formatSelector(peer.namespaceSelector)}`}`;
    }
  }
}

/** One port entry in words: `TCP 8080`, `TCP 8000-8099`, `UDP any port`, `TCP port named "http"`, `any port`. */
export function describePortMatcher(port: PortMatcher): string {
  switch (port.kind) {
    case 'any':
      return 'any port';
    case 'protocol':
      return formatPort({ protocol: port.protocol, port: 1, endPort: 65535 });
    case 'named':
      return `${port.protocol} port named "${port.name}"`;
    case 'range':
      return formatPort(port);
  }
}

/**
 * A rule in words: `allow from pods with app=web in namespace shop, on TCP
 * 8080`; a rule with no peers allows `any source` (ingress) or `any
 * destination` (egress).
 */
export function describeRule(rule: CompiledRule): string {
  const ingress = rule.ref.direction === Direction.INGRESS;
  const who = rule.peers.map(p => (p.kind === 'any' ? `any ${ingress ? 'source' : 'destination'} (every pod and address)` : describePeer(p)));
  const where = rule.ports.map(describePortMatcher).join(', ');
  return `allow ${ingress ? 'from' : 'to'} ${who.join(', or ')}, on ${where}`;
}
