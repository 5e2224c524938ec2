import { didYouMeanCaseless, portNameHint, subsetHint, suggestField } from './hints';
import { checkLabelSelector, SELECTOR_FIELDS } from './label-selector';
import { checkObjectMeta, META_FIELDS } from './object-meta';
import {
  capitalize,
  child,
  FieldIssue,
  index,
  invalid,
  isAbsent,
  isObject,
  Json,
  notSupported,
  own,
  SchemaWalker,
} from './schema';
import { isStrictSubset, ParsedCidr, parseCidr } from '../cidr';
import { validatePortName, validatePortNumber } from '../names';
import { DIRECTION_FIELDS, DirectionFields } from '../shapes';

/*
 * networking.k8s.io/v1 NetworkPolicy, as the API server's
 * ValidateNetworkPolicy checks it, plus the decoding errors of kubectl's
 * strict field validation (wrong types, unknown fields).
 */

export const NETWORK_POLICY_API_VERSION = 'networking.k8s.io/v1';
export const NETWORK_POLICY_KIND = 'NetworkPolicy';

/** What `validateNetworkPolicy` requires of the metadata. */
export interface NetworkPolicyRules {
  /** Report a missing `metadata.name` (unless `generateName` is set). */
  readonly requireName: boolean;
  /** Report a missing `metadata.namespace`. */
  readonly requireNamespace: boolean;
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];
const CIDR_ERROR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

const TOP_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
const SPEC_FIELDS = ['podSelector', 'ingress', 'egress', 'policyTypes'];
const PEER_FIELDS = ['podSelector', 'namespaceSelector', 'ipBlock'];
const IP_BLOCK_FIELDS = ['cidr', 'except'];
const PORT_FIELDS = ['protocol', 'port', 'endPort'];

/** Every problem of a NetworkPolicy manifest; empty when the API server would accept it. Never throws. */
export function validateNetworkPolicy(manifest: unknown, rules: NetworkPolicyRules): FieldIssue[] {
  return SchemaWalker.collect(walker => checkNetworkPolicy(walker, manifest, rules));
}

/** Whether `manifest` declares itself a NetworkPolicy (apiVersion and kind); says nothing of its validity. */
export function isNetworkPolicyManifest(manifest: unknown): boolean {
  return isObject(manifest)
    && own(manifest, 'apiVersion') === NETWORK_POLICY_API_VERSION
    && own(manifest, 'kind') === NETWORK_POLICY_KIND;
}

function checkNetworkPolicy(walker: SchemaWalker, manifest: unknown, rules: NetworkPolicyRules): void {
  if (!isObject(manifest)) {
    walker.typeError('', manifest, 'an object (a NetworkPolicy manifest)');
    return;
  }
  walker.fields(manifest, '', TOP_FIELDS, suggestTopField);
  if (checkTypeMeta(walker, manifest)) {
    return;
  }
  checkObjectMeta(walker, own(manifest, 'metadata'), 'metadata', {
    namespaced: true,
    requireName: rules.requireName,
    namespaceRequired: rules.requireNamespace
      ? 'Required value: a NetworkPolicy applies to pods of its own namespace; set metadata.namespace, e.g. "default"'
      : undefined,
  });
  checkSpec(walker, own(manifest, 'spec'));
  const status = own(manifest, 'status');
  if (!isAbsent(status) && !isObject(status)) {
    walker.typeError('status', status, 'an object');
  }
}

/** Checks apiVersion and kind; true when the manifest is some other kind of object. */
function checkTypeMeta(walker: SchemaWalker, manifest: Json): boolean {
  const apiVersion = walker.string(own(manifest, 'apiVersion'), 'apiVersion');
  if (apiVersion === '') {
    walker.add('apiVersion', `Required value: set apiVersion to "${NETWORK_POLICY_API_VERSION}"`);
  } else if (apiVersion !== undefined && apiVersion !== NETWORK_POLICY_API_VERSION) {
    walker.add('apiVersion', `${notSupported(apiVersion, [NETWORK_POLICY_API_VERSION])}. `
      + `NetworkPolicy is served as ${NETWORK_POLICY_API_VERSION} only.`);
  }
  const kind = walker.string(own(manifest, 'kind'), 'kind');
  if (kind === '') {
    walker.add('kind', `Required value: set kind to "${NETWORK_POLICY_KIND}"`);
  } else if (kind !== undefined && kind !== NETWORK_POLICY_KIND) {
    if (kind.toLowerCase() === NETWORK_POLICY_KIND.toLowerCase()) {
      walker.add('kind', `${notSupported(kind, [NETWORK_POLICY_KIND])}. Did you mean "${NETWORK_POLICY_KIND}"? Kinds are case-sensitive.`);
    } else {
      walker.add('kind', `${notSupported(kind, [NETWORK_POLICY_KIND])}. This validator checks NetworkPolicy manifests only; `
        + 'use PolicyValidator.isNetworkPolicy() to pick them out.');
      return true;
    }
  }
  return false;
}

function checkSpec(walker: SchemaWalker, value: unknown): void {
  const path = 'spec';
  if (isAbsent(value)) {
    walker.add(path, 'Required value: a NetworkPolicy needs a spec with a podSelector; '
      + 'use podSelector: {} to select every pod in the namespace');
    return;
  }
  if (!isObject(value)) {
    walker.typeError(path, value, 'an object');
    return;
  }
  walker.fields(value, path, SPEC_FIELDS, suggestSpecField);

  const podSelector = own(value, 'podSelector');
  if (isAbsent(podSelector)) {
    walker.add(child(path, 'podSelector'), 'Required value: use podSelector: {} to select every pod in the namespace');
  } else {
    checkLabelSelector(walker, podSelector, child(path, 'podSelector'));
  }

  for (const direction of [DIRECTION_FIELDS.Ingress, DIRECTION_FIELDS.Egress]) {
    const rulesPath = child(path, direction.rules);
    walker.list(own(value, direction.rules), rulesPath).forEach((rule, i) => {
      checkRule(walker, rule, index(rulesPath, i), direction);
    });
  }
  checkPolicyTypes(walker, own(value, 'policyTypes'), child(path, 'policyTypes'));
}

function checkRule(walker: SchemaWalker, value: unknown, path: string, direction: DirectionFields): void {
  if (isAbsent(value)) {
    return; // an empty rule
  }
  if (!isObject(value)) {
    walker.typeError(path, value, 'an object');
    return;
  }
  const known = ['ports', direction.peers];
  walker.fields(value, path, known, (key) => suggestRuleField(key, direction, known));
  walker.list(own(value, 'ports'), child(path, 'ports')).forEach((port, i) => {
    checkPort(walker, port, index(child(path, 'ports'), i));
  });
  const peersPath = child(path, direction.peers);
  walker.list(own(value, direction.peers), peersPath).forEach((peer, i) => {
    checkPeer(walker, peer, index(peersPath, i), direction);
  });
}

function checkPeer(walker: SchemaWalker, value: unknown, path: string, direction: DirectionFields): void {
  const peer = walker.object(value, path);
  if (peer === undefined) {
    return;
  }
  walker.fields(peer, path, PEER_FIELDS, (key) => suggestPeerField(key, direction));

  let numPeers = 0;
  for (const field of ['podSelector', 'namespaceSelector'] as const) {
    const selector = own(peer, field);
    if (!isAbsent(selector)) {
      numPeers++;
      checkLabelSelector(walker, selector, child(path, field));
    }
  }
  const ipBlock = own(peer, 'ipBlock');
  if (!isAbsent(ipBlock)) {
    numPeers++;
    checkIpBlock(walker, ipBlock, child(path, 'ipBlock'));
  }

  if (numPeers === 0) {
    walker.add(path, 'Required value: must specify a peer. Set podSelector, namespaceSelector or ipBlock; '
      + `to allow all ${direction.side}s, leave out \`${direction.peers}\``);
  } else if (numPeers > 1 && !isAbsent(ipBlock)) {
    walker.add(path, 'Forbidden: may not specify both ipBlock and another peer. Put the ipBlock in a peer of its own.');
  }
}

function checkIpBlock(walker: SchemaWalker, value: unknown, path: string): void {
  if (!isObject(value)) {
    walker.typeError(path, value, 'an object');
    return;
  }
  walker.fields(value, path, IP_BLOCK_FIELDS, (key) => suggestField(key, IP_BLOCK_FIELDS));

  const cidrPath = child(path, 'cidr');
  const cidrText = walker.string(own(value, 'cidr'), cidrPath);
  let cidr: ParsedCidr | undefined;
  if (cidrText === '') {
    walker.add(cidrPath, 'Required value: an ipBlock needs a cidr, e.g. "10.0.0.0/8" or "2001:db8::/64"');
  } else if (cidrText !== undefined) {
    const parsed = parseCidr(cidrText);
    if (typeof parsed === 'string') {
      walker.add(cidrPath, `${invalid(cidrText, CIDR_ERROR)}. ${capitalize(parsed)}`);
    } else {
      cidr = parsed;
    }
  }

  const exceptPath = child(path, 'except');
  walker.list(own(value, 'except'), exceptPath).forEach((item, i) => {
    const itemPath = index(exceptPath, i);
    const text = walker.string(item, itemPath);
    if (text === undefined) {
      return;
    }
    const parsed = parseCidr(text);
    if (typeof parsed === 'string') {
      const reason = text === '' ? 'Write a CIDR inside `cidr`, or remove the entry.' : capitalize(parsed);
      walker.add(itemPath, `${invalid(text, CIDR_ERROR)}. ${reason}`);
    } else if (cidr && !isStrictSubset(cidr, parsed)) {
      walker.add(itemPath, `${invalid(text, 'must be a strict subset of `cidr`')}. ${subsetHint(cidr, parsed, cidrText ?? '')}`);
    }
  });
}

function checkPort(walker: SchemaWalker, value: unknown, path: string): void {
  if (isAbsent(value)) {
    return; // every port of every protocol
  }
  if (!isObject(value)) {
    walker.typeError(path, value, 'an object');
    return;
  }
  walker.fields(value, path, PORT_FIELDS, suggestPortField);

  // An absent protocol means TCP; an explicit "" is unsupported.
  const rawProtocol = own(value, 'protocol');
  const protocol = isAbsent(rawProtocol) ? undefined : walker.string(rawProtocol, child(path, 'protocol'));
  if (protocol !== undefined && !PROTOCOLS.includes(protocol)) {
    walker.add(child(path, 'protocol'), notSupported(protocol, PROTOCOLS) + didYouMeanCaseless(protocol, PROTOCOLS));
  }

  const portPath = child(path, 'port');
  const endPortPath = child(path, 'endPort');
  const port = own(value, 'port');
  const endPort = walker.integer(own(value, 'endPort'), endPortPath);

  if (isAbsent(port)) {
    if (endPort !== undefined) {
      walker.add(endPortPath, `${invalid(endPort, 'may not be specified when `port` is not specified')}. `
        + 'Set `port` to the first port of the range.');
    }
  } else if (typeof port === 'number' && Number.isInteger(port)) {
    for (const msg of validatePortNumber(port)) {
      const hint = port === 0 ? '. To allow every port, leave out `port`.' : '';
      walker.add(portPath, invalid(port, msg) + hint);
    }
    if (endPort !== undefined) {
      if (endPort < port) {
        walker.add(endPortPath, `${invalid(endPort, 'must be greater than or equal to `port`')}. `
          + `Did you mean port: ${endPort}, endPort: ${port}?`);
      }
      for (const msg of validatePortNumber(endPort)) {
        walker.add(endPortPath, invalid(endPort, msg));
      }
    }
  } else if (typeof port === 'string') {
    if (endPort !== undefined) {
      walker.add(endPortPath, `${invalid(endPort, 'may not be specified when `port` is non-numeric')}. `
        + 'A range needs a numeric `port`.');
    }
    for (const msg of validatePortName(port)) {
      walker.add(portPath, `${invalid(port, `a port name ${msg}`)}${portNameHint(port, msg)}`);
    }
  } else {
    walker.typeError(portPath, port, 'an integer port number (1-65535) or a port name');
  }
}

function checkPolicyTypes(walker: SchemaWalker, value: unknown, path: string): void {
  const types = walker.list(value, path);
  if (types.length > POLICY_TYPES.length) {
    walker.add(path, `${invalid(value, 'may not specify more than two policyTypes')}. `
      + 'List each of "Ingress" and "Egress" at most once.');
    return;
  }
  types.forEach((item, i) => {
    const type = walker.string(item, index(path, i));
    if (type !== undefined && !POLICY_TYPES.includes(type)) {
      walker.add(index(path, i), notSupported(type, POLICY_TYPES) + didYouMeanCaseless(type, POLICY_TYPES));
    }
  });
}

// -----------------------------------------------------------------------------
// Unknown fields: where a misplaced field belongs.

function suggestTopField(key: string): string | undefined {
  if (SPEC_FIELDS.includes(key)) {
    return `Move it under \`spec\`: spec.${key}.`;
  }
  if (META_FIELDS.includes(key)) {
    return `Move it under \`metadata\`: metadata.${key}.`;
  }
  return suggestField(key, TOP_FIELDS);
}

function suggestSpecField(key: string): string | undefined {
  if (key === 'selector' || key === 'matchLabels') {
    return 'The pods a policy applies to are chosen by `podSelector`, e.g. podSelector: { matchLabels: { app: web } }.';
  }
  if (key === 'from' || key === 'to' || key === 'ports') {
    return `\`${key}\` belongs to a rule: put it in a list item under \`${key === 'to' ? 'egress' : 'ingress'}\`.`;
  }
  return suggestField(key, SPEC_FIELDS);
}

function suggestRuleField(key: string, direction: DirectionFields, known: string[]): string | undefined {
  const other = direction.peers === 'from' ? 'to' : 'from';
  if (key === other) {
    return `Did you mean "${direction.peers}"? ${direction.name} rules list their ${direction.side}s under \`${direction.peers}\`.`;
  }
  if (PEER_FIELDS.includes(key)) {
    return `Peers go in a list under \`${direction.peers}\`, e.g. ${direction.peers}: [{ ${key}: ... }].`;
  }
  return suggestField(key, known);
}

function suggestPeerField(key: string, direction: DirectionFields): string | undefined {
  if (key === 'ports') {
    return `Ports belong to the rule: put \`ports\` next to \`${direction.peers}\`, not inside a peer.`;
  }
  if (SELECTOR_FIELDS.includes(key)) {
    return 'Put it inside podSelector or namespaceSelector.';
  }
  if (IP_BLOCK_FIELDS.includes(key)) {
    return `Put it inside ipBlock, e.g. ipBlock: { ${key}: ... }.`;
  }
  return suggestField(key, PEER_FIELDS);
}

function suggestPortField(key: string): string | undefined {
  if (key === 'name' || key === 'containerPort' || key === 'targetPort') {
    return 'A NetworkPolicy port is set with `port` (a number or a port name).';
  }
  return suggestField(key, PORT_FIELDS);
}
