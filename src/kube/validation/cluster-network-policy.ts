import { didYouMeanCaseless, suggestField } from './hints';
import { checkObjectMeta, META_FIELDS } from './object-meta';
import {
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
  show,
} from './schema';
import { parseCidrCel } from '../cidr';
import { CLUSTER_NETWORK_POLICY_API_VERSION, CLUSTER_NETWORK_POLICY_KIND, CrdChannelName } from '../cluster-shapes';

/*
 * policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy, as the API server
 * checks it with the CRD of either channel: the OpenAPI schema (types,
 * enums, bounds, list and property counts, patterns), then the CEL rules,
 * each at the field path and in the words the API server reports, plus the
 * unknown fields that kubectl's strict field validation refuses. The schema
 * is written here as data; the experimental channel adds `nodes` and
 * `domainNames` peers and one CEL rule.
 */

/** What `validateClusterNetworkPolicy` checks against. */
export interface ClusterNetworkPolicyRules {
  /** The CRD channel installed in the cluster. */
  readonly channel: CrdChannelName;
  /** Report a missing `metadata.name` (unless `generateName` is set). */
  readonly requireName: boolean;
}

/** A CEL rule of the CRD: `check` is false where the rule fails. */
interface CelRule {
  readonly message: string;
  readonly check: (value: Json) => boolean;
  /** Only in the experimental CRD. */
  readonly experimental?: boolean;
}

interface ObjectNode {
  readonly type: 'object';
  readonly properties: { readonly [key: string]: SchemaNode };
  readonly required?: readonly string[];
  readonly minProperties?: number;
  readonly maxProperties?: number;
  /** A map of strings (matchLabels). */
  readonly stringMap?: boolean;
  readonly rules?: readonly CelRule[];
  /** Why this object exists, for hints on its unknown fields. */
  readonly hint?: (key: string) => string | undefined;
}

interface ArrayNode {
  readonly type: 'array';
  readonly items: SchemaNode;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** `x-kubernetes-list-type: set`: no duplicates. */
  readonly set?: boolean;
}

interface StringNode {
  readonly type: 'string';
  readonly enum?: readonly string[];
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  /** The CEL rule `isCIDR(self)`. */
  readonly cidr?: boolean;
  /** A fix to add after a pattern or CEL failure. */
  readonly fix?: (value: string) => string | undefined;
}

interface IntegerNode {
  readonly type: 'integer';
  readonly minimum?: number;
  readonly maximum?: number;
}

type SchemaNode = (ObjectNode | ArrayNode | StringNode | IntegerNode) & {
  /** Only in the experimental CRD; an unknown field in the standard one. */
  readonly experimental?: boolean;
};

/** The bound of `rules`, peers, protocols, networks and domainNames. */
export const CLUSTER_NETWORK_POLICY_MAX_ITEMS = 25;
/** The longest rule name. */
export const CLUSTER_NETWORK_POLICY_MAX_RULE_NAME = 100;
/** The lowest `spec.priority`, evaluated first. */
export const CLUSTER_NETWORK_POLICY_PRIORITY_MIN = 0;
/** The highest `spec.priority`, evaluated last. */
export const CLUSTER_NETWORK_POLICY_PRIORITY_MAX = 1000;

/**
 * The CRD's pattern for one domain name, as written upstream (its `A-z`
 * also admits the characters between `Z` and `a`).
 */
export const DOMAIN_NAME_PATTERN = /^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;
const DOMAIN_NAME_PATTERN_TEXT = '^(\\*\\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.?$';

/** The message of the experimental CEL rule on egress rules. */
export const NAMED_PORT_RULE_MESSAGE = 'networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames';
const RANGE_RULE_MESSAGE = 'Start port must be less than End port';
const CIDR_RULE_MESSAGE = 'Invalid CIDR format provided';

const TIERS = ['Admin', 'Baseline'];
const ACTIONS = ['Accept', 'Deny', 'Pass'];
const TOP_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];

const LABEL_SELECTOR: ObjectNode = {
  type: 'object',
  properties: {
    matchLabels: { type: 'object', properties: {}, stringMap: true },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: {
          key: { type: 'string' },
          operator: { type: 'string' },
          values: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
  hint: (key) => suggestField(key, ['matchLabels', 'matchExpressions'])
    ?? `Labels go under matchLabels, e.g. matchLabels: {${JSON.stringify(key)}: ...}.`,
};

const NAMESPACED_POD: ObjectNode = {
  type: 'object',
  required: ['podSelector'],
  properties: { namespaceSelector: LABEL_SELECTOR, podSelector: LABEL_SELECTOR },
  hint: (key) => suggestField(key, ['namespaceSelector', 'podSelector']),
};

function port(): IntegerNode {
  return { type: 'integer', minimum: 1, maximum: 65535 };
}

const DESTINATION_PORT: ObjectNode = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  properties: {
    number: port(),
    range: {
      type: 'object',
      required: ['end', 'start'],
      properties: { end: port(), start: port() },
      rules: [{
        message: RANGE_RULE_MESSAGE,
        check: (r) => !(typeof r.start === 'number' && typeof r.end === 'number') || r.start < r.end,
      }],
    },
  },
  hint: (key) => (key === 'port' ? 'Did you mean "number"?' : key === 'start' || key === 'end'
    ? 'Put it inside range, e.g. range: { start: ..., end: ... }.' : suggestField(key, ['number', 'range'])),
};

function protocolMatch(): ObjectNode {
  return {
    type: 'object',
    minProperties: 1,
    properties: { destinationPort: DESTINATION_PORT },
    hint: (key) => (key === 'port' || key === 'number' || key === 'range'
      ? `Put it inside destinationPort, e.g. destinationPort: { ${key === 'range' ? 'range' : 'number'}: ... }.`
      : suggestField(key, ['destinationPort'])),
  };
}

const PROTOCOL: ObjectNode = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  properties: {
    destinationNamedPort: { type: 'string' },
    sctp: protocolMatch(),
    tcp: protocolMatch(),
    udp: protocolMatch(),
  },
  hint: (key) => (['TCP', 'UDP', 'SCTP'].includes(key)
    ? `Did you mean "${key.toLowerCase()}"? Protocol fields are lowercase.`
    : suggestField(key, ['tcp', 'udp', 'sctp', 'destinationNamedPort'])),
};

function peers(egress: boolean): ArrayNode {
  const properties: { [key: string]: SchemaNode } = { namespaces: LABEL_SELECTOR, pods: NAMESPACED_POD };
  if (egress) {
    properties.networks = {
      type: 'array',
      minItems: 1,
      maxItems: CLUSTER_NETWORK_POLICY_MAX_ITEMS,
      set: true,
      items: {
        type: 'string',
        maxLength: 43,
        cidr: true,
      },
    };
    properties.nodes = { ...LABEL_SELECTOR, experimental: true };
    properties.domainNames = {
      type: 'array',
      experimental: true,
      minItems: 1,
      maxItems: CLUSTER_NETWORK_POLICY_MAX_ITEMS,
      set: true,
      items: { type: 'string', pattern: DOMAIN_NAME_PATTERN, fix: domainNameFix },
    };
  }
  const known = Object.keys(properties);
  return {
    type: 'array',
    minItems: 1,
    maxItems: CLUSTER_NETWORK_POLICY_MAX_ITEMS,
    items: {
      type: 'object',
      minProperties: 1,
      maxProperties: 1,
      properties,
      hint: (key) => peerHint(key, egress, known),
    },
  };
}

function rule(egress: boolean): ArrayNode {
  const peersField = egress ? 'to' : 'from';
  const properties: { [key: string]: SchemaNode } = {
    action: { type: 'string', enum: ACTIONS },
    name: { type: 'string', maxLength: CLUSTER_NETWORK_POLICY_MAX_RULE_NAME },
    protocols: { type: 'array', minItems: 1, maxItems: CLUSTER_NETWORK_POLICY_MAX_ITEMS, items: PROTOCOL },
    [peersField]: peers(egress),
  };
  const known = Object.keys(properties);
  return {
    type: 'array',
    maxItems: CLUSTER_NETWORK_POLICY_MAX_ITEMS,
    items: {
      type: 'object',
      required: ['action', peersField],
      properties,
      rules: egress ? [{ message: NAMED_PORT_RULE_MESSAGE, check: namedPortRule, experimental: true }] : [],
      hint: (key) => ruleHint(key, egress, known),
    },
  };
}

const SPEC: ObjectNode = {
  type: 'object',
  required: ['priority', 'subject', 'tier'],
  properties: {
    egress: rule(true),
    ingress: rule(false),
    priority: { type: 'integer', minimum: CLUSTER_NETWORK_POLICY_PRIORITY_MIN, maximum: CLUSTER_NETWORK_POLICY_PRIORITY_MAX },
    subject: {
      type: 'object',
      minProperties: 1,
      maxProperties: 1,
      properties: { namespaces: LABEL_SELECTOR, pods: NAMESPACED_POD },
      hint: (key) => (key === 'podSelector' || key === 'namespaceSelector'
        ? 'A subject is either namespaces: <selector> or pods: { namespaceSelector: ..., podSelector: ... }.'
        : suggestField(key, ['namespaces', 'pods'])),
    },
    tier: { type: 'string', enum: TIERS },
  },
  hint: (key) => (key === 'podSelector' || key === 'selector'
    ? 'The pods a ClusterNetworkPolicy applies to are chosen by `subject`.'
    : key === 'policyTypes' ? 'A ClusterNetworkPolicy has no policyTypes: it affects a direction only through its rules there.'
      : suggestField(key, ['tier', 'priority', 'subject', 'ingress', 'egress'])),
};

const STATUS: ObjectNode = {
  type: 'object',
  required: ['conditions'],
  properties: {
    conditions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['lastTransitionTime', 'message', 'reason', 'status', 'type'],
        properties: {
          lastTransitionTime: { type: 'string' },
          message: { type: 'string', maxLength: 32768 },
          observedGeneration: { type: 'integer', minimum: 0 },
          reason: { type: 'string', maxLength: 1024 },
          status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
          type: { type: 'string', maxLength: 316 },
        },
      },
    },
  },
};

/** Every problem of a ClusterNetworkPolicy manifest; empty when the API server would accept it. Never throws. */
export function validateClusterNetworkPolicy(manifest: unknown, rules: ClusterNetworkPolicyRules): FieldIssue[] {
  return SchemaWalker.collect(walker => checkClusterNetworkPolicy(new CrdWalk(walker, rules.channel), manifest, rules));
}

/** Whether `manifest` declares itself a ClusterNetworkPolicy (apiVersion and kind); says nothing of its validity. */
export function isClusterNetworkPolicyManifest(manifest: unknown): boolean {
  return isObject(manifest)
    && own(manifest, 'apiVersion') === CLUSTER_NETWORK_POLICY_API_VERSION
    && own(manifest, 'kind') === CLUSTER_NETWORK_POLICY_KIND;
}

function checkClusterNetworkPolicy(walk: CrdWalk, manifest: unknown, rules: ClusterNetworkPolicyRules): void {
  const walker = walk.walker;
  if (!isObject(manifest)) {
    walker.typeError('', manifest, 'an object (a ClusterNetworkPolicy manifest)');
    return;
  }
  walker.fields(manifest, '', TOP_FIELDS, (key) => (key === 'tier' || key === 'priority' || key === 'subject'
    ? `Move it under \`spec\`: spec.${key}.` : META_FIELDS.includes(key) ? `Move it under \`metadata\`: metadata.${key}.`
      : suggestField(key, TOP_FIELDS)));
  const apiVersion = walker.string(own(manifest, 'apiVersion'), 'apiVersion');
  if (apiVersion === '') {
    walker.add('apiVersion', `Required value: set apiVersion to "${CLUSTER_NETWORK_POLICY_API_VERSION}"`);
  } else if (apiVersion !== undefined && apiVersion !== CLUSTER_NETWORK_POLICY_API_VERSION) {
    const hint = apiVersion.startsWith('policy.networking.k8s.io/')
      ? ` ClusterNetworkPolicy is served as ${CLUSTER_NETWORK_POLICY_API_VERSION}; AdminNetworkPolicy and BaselineAdminNetworkPolicy were v1alpha1.`
      : '';
    walker.add('apiVersion', `${notSupported(apiVersion, [CLUSTER_NETWORK_POLICY_API_VERSION])}.${hint}`);
  }
  const kind = walker.string(own(manifest, 'kind'), 'kind');
  if (kind === '') {
    walker.add('kind', `Required value: set kind to "${CLUSTER_NETWORK_POLICY_KIND}"`);
  } else if (kind !== undefined && kind !== CLUSTER_NETWORK_POLICY_KIND) {
    walker.add('kind', notSupported(kind, [CLUSTER_NETWORK_POLICY_KIND]) + didYouMeanCaseless(kind, [CLUSTER_NETWORK_POLICY_KIND]));
  }
  const metadata = own(manifest, 'metadata');
  if (isAbsent(metadata)) {
    walker.add('metadata', 'Required value');
  } else {
    // A cluster-scoped object: the API server clears metadata.namespace.
    checkObjectMeta(walker, metadata, 'metadata', { namespaced: false, requireName: rules.requireName });
  }
  const spec = own(manifest, 'spec');
  if (isAbsent(spec)) {
    walker.add('spec', 'Required value: a ClusterNetworkPolicy needs a spec with tier, priority and subject');
  } else {
    walk.check(SPEC, spec, 'spec');
  }
  const status = own(manifest, 'status');
  if (!isAbsent(status)) {
    walk.check(STATUS, status, 'status');
  }
}

/** Walks a value against a schema node, reporting as the API server does. */
class CrdWalk {
  constructor(public readonly walker: SchemaWalker, private readonly channel: CrdChannelName) {
  }

  public check(node: SchemaNode, value: unknown, path: string): void {
    switch (node.type) {
      case 'object': return this.checkObject(node, value, path);
      case 'array': return this.checkArray(node, value, path);
      case 'string': return this.checkString(node, value, path);
      case 'integer': return this.checkInteger(node, value, path);
    }
  }

  private typeError(path: string, value: unknown, type: string): void {
    const actual = Array.isArray(value) ? 'array' : typeof value === 'number' ? 'number' : typeof value === 'object' ? 'object' : typeof value;
    this.walker.add(path, `${invalid(actual, `${path} in body must be of type ${type}: ${JSON.stringify(actual)}`)}`);
  }

  private known(node: ObjectNode): string[] {
    return Object.keys(node.properties).filter(k => this.channel === 'experimental' || !node.properties[k].experimental);
  }

  private checkObject(node: ObjectNode, value: unknown, path: string): void {
    if (!isObject(value)) {
      this.typeError(path, value, 'object');
      return;
    }
    if (node.stringMap) {
      for (const key of Object.keys(value)) {
        const v = own(value, key);
        if (!isAbsent(v) && typeof v !== 'string') {
          this.typeError(`${path}.${key}`, v, 'string');
        }
      }
      return;
    }
    const known = this.known(node);
    for (const key of Object.keys(value)) {
      if (known.includes(key) || isAbsent(own(value, key))) {
        continue;
      }
      if (node.properties[key]?.experimental) {
        this.walker.add(child(path, key), `unknown field "${key}". \`${key}\` is in the experimental channel of the `
          + 'ClusterNetworkPolicy CRD only: install the experimental CRD (and validate with --channel experimental), or remove it.');
      } else {
        const text = node.hint?.(key);
        this.walker.add(child(path, key), `unknown field "${key}"${text ? `. ${text}` : ''}`);
      }
    }
    // Unknown fields and nulls are pruned before the schema is checked.
    const present = known.filter(k => !isAbsent(own(value, k)));
    for (const key of node.required ?? []) {
      if (!present.includes(key)) {
        this.walker.add(child(path, key), 'Required value');
      }
    }
    if (node.minProperties !== undefined && present.length < node.minProperties) {
      this.walker.add(path, `${invalid(present.length, `${path} in body should have at least ${node.minProperties} properties`)}. `
        + `Set one of ${known.map(k => `\`${k}\``).join(', ')}.`);
    }
    if (node.maxProperties !== undefined && present.length > node.maxProperties) {
      this.walker.add(path, `Too many: ${present.length}: must have at most ${node.maxProperties} items. `
        + `Set only one of ${present.map(k => `\`${k}\``).join(', ')}${node === PROTOCOL || node.properties.networks
          ? '; use one list item per choice' : ''}.`);
    }
    for (const key of present) {
      this.check(node.properties[key], own(value, key), child(path, key));
    }
    for (const r of node.rules ?? []) {
      if ((this.channel === 'experimental' || !r.experimental) && !r.check(value)) {
        this.walker.add(path, invalid('object', r.message));
      }
    }
  }

  private checkArray(node: ArrayNode, value: unknown, path: string): void {
    if (!Array.isArray(value)) {
      this.typeError(path, value, 'array');
      return;
    }
    if (node.minItems !== undefined && value.length < node.minItems) {
      this.walker.add(path, invalid(value.length, `${path} in body should have at least ${node.minItems} items`));
    }
    if (node.maxItems !== undefined && value.length > node.maxItems) {
      this.walker.add(path, `Too many: ${value.length}: must have at most ${node.maxItems} items. Split the list across rules or policies.`);
    }
    const seen = new Set<string>();
    value.forEach((item, i) => {
      if (node.set && typeof item === 'string') {
        if (seen.has(item)) {
          this.walker.add(index(path, i), `Duplicate value: ${show(item)}`);
        }
        seen.add(item);
      }
      if (isAbsent(item)) {
        this.typeError(index(path, i), item, node.items.type);
        return;
      }
      this.check(node.items, item, index(path, i));
    });
  }

  private checkString(node: StringNode, value: unknown, path: string): void {
    if (typeof value !== 'string') {
      this.typeError(path, value, 'string');
      return;
    }
    if (node.enum && !node.enum.includes(value)) {
      this.walker.add(path, notSupported(value, node.enum) + didYouMeanCaseless(value, node.enum));
    }
    if (node.maxLength !== undefined && [...value].length > node.maxLength) {
      this.walker.add(path, `Too long: may not be more than ${node.maxLength} bytes`);
    }
    if (node.pattern && !node.pattern.test(value)) {
      const fix = node.fix?.(value);
      this.walker.add(path, invalid(value, `${path} in body should match '${DOMAIN_NAME_PATTERN_TEXT}'`) + (fix ? `. ${fix}` : ''));
    }
    if (node.cidr) {
      const parsed = parseCidrCel(value);
      if (typeof parsed === 'string') {
        this.walker.add(path, `${invalid('string', CIDR_RULE_MESSAGE)}. ${show(value)}: ${parsed}`);
      }
    }
  }

  private checkInteger(node: IntegerNode, value: unknown, path: string): void {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      if (typeof value === 'number') {
        this.walker.add(path, invalid(value, `${path} in body must be of type integer: "number"`));
      } else {
        this.typeError(path, value, 'integer');
      }
      return;
    }
    if (node.minimum !== undefined && value < node.minimum) {
      this.walker.add(path, invalid(value, `${path} in body should be greater than or equal to ${node.minimum}`));
    }
    if (node.maximum !== undefined && value > node.maximum) {
      this.walker.add(path, invalid(value, `${path} in body should be less than or equal to ${node.maximum}`));
    }
  }
}

/** The experimental egress rule: no destinationNamedPort beside a networks, nodes or domainNames peer. */
function namedPortRule(r: Json): boolean {
  const to = own(r, 'to');
  const protocols = own(r, 'protocols');
  if (!Array.isArray(to) || !Array.isArray(protocols)) {
    return true;
  }
  const has = (obj: unknown, key: string) => isObject(obj) && !isAbsent(own(obj, key));
  const addressPeer = to.some(p => has(p, 'networks') || has(p, 'nodes') || has(p, 'domainNames'));
  return !(addressPeer && protocols.some(p => has(p, 'destinationNamedPort')));
}

function domainNameFix(value: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return 'Write the host name alone, without a scheme or path, e.g. "api.example.com".';
  }
  if (value.includes('*') && !value.startsWith('*.')) {
    return 'A wildcard may only be the whole first label: "*.example.com".';
  }
  if (!value.replace(/^\*\./, '').replace(/\.$/, '').includes('.')) {
    return 'A domain name needs at least two labels, e.g. "example.com".';
  }
  return undefined;
}

function peerHint(key: string, egress: boolean, known: string[]): string | undefined {
  if (!egress && (key === 'networks' || key === 'nodes' || key === 'domainNames')) {
    return `\`${key}\` peers are for egress only: ingress peers are namespaces or pods.`;
  }
  if (key === 'ipBlock' || key === 'cidr') {
    return egress ? 'Write CIDRs as networks: ["10.0.0.0/8"]; there is no except.' : 'Ingress peers are namespaces or pods.';
  }
  if (key === 'podSelector' || key === 'namespaceSelector') {
    return 'Write pods: { namespaceSelector: ..., podSelector: ... }, or namespaces: <selector>.';
  }
  return suggestField(key, known);
}

function ruleHint(key: string, egress: boolean, known: string[]): string | undefined {
  if (key === (egress ? 'from' : 'to')) {
    return `Did you mean "${egress ? 'to' : 'from'}"? ${egress ? 'Egress' : 'Ingress'} rules list their peers under \`${egress ? 'to' : 'from'}\`.`;
  }
  if (key === 'ports') {
    return 'Ports are written as protocols: [{ tcp: { destinationPort: { number: 443 } } }].';
  }
  return suggestField(key, known);
}
