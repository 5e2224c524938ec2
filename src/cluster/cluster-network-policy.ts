import { ApiObject, Chart, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterPeer } from './cluster-peer';
import { ClusterPolicyAction } from './cluster-policy-action';
import { ClusterPolicyPriority } from './cluster-policy-priority';
import { ClusterPolicySubject } from './cluster-policy-subject';
import { ClusterPolicyTier } from './cluster-policy-tier';
import { Conventions } from '../core/conventions';
import { PolicyError } from '../core/errors';
import { Port } from '../core/port';
import { Protocol } from '../core/protocol';
import { RenderContext } from '../core/render-context';
import {
  CLUSTER_NETWORK_POLICY_API_VERSION,
  CLUSTER_NETWORK_POLICY_KIND,
  KubeClusterNetworkPolicyProtocol,
  KubeClusterNetworkPolicySpec,
} from '../kube/cluster-shapes';
import { validateDns1123Subdomain } from '../kube/names';
import {
  CLUSTER_NETWORK_POLICY_MAX_ITEMS,
  CLUSTER_NETWORK_POLICY_MAX_RULE_NAME,
  validateClusterNetworkPolicy,
} from '../kube/validation/cluster-network-policy';
import { validateObjectMeta } from '../kube/validation/object-meta';
import { toDnsName } from '../util/dns-name';

/**
 * One named rule of a ClusterNetworkPolicy: `action` for traffic with any of
 * `peers`, on any of `ports`. Rules are evaluated in the order they are added.
 */
export interface ClusterNetworkPolicyRule {
  /**
   * The rule's name, shown by implementations and in explanations.
   *
   * At most 100 characters, unique within its direction.
   */
  readonly name: string;

  /** What the rule does with the traffic it matches. */
  readonly action: ClusterPolicyAction;

  /** The sources (ingress) or destinations (egress), 1 to 25. Several peers are ORed. */
  readonly peers: ClusterPeer[];

  /**
   * The destination ports, 1 to 25: numbers and ranges of TCP, UDP or SCTP,
   * or named container ports. A ClusterNetworkPolicy has no port-less
   * protocol: for every TCP port, write `Port.tcpRange(1, 65535)`.
   *
   * @default - every port of every protocol
   */
  readonly ports?: Port[];
}

/**
 * Properties for `ClusterNetworkPolicy`.
 */
export interface ClusterNetworkPolicyProps {
  /**
   * `metadata.name`: a DNS-1123 subdomain, unique in the cluster.
   *
   * @default - derived from the construct id: "DevNeverProd" becomes "dev-never-prod"
   */
  readonly name?: string;

  /** The tier: Admin (before NetworkPolicies) or Baseline (after them). */
  readonly tier: ClusterPolicyTier;

  /** The priority within the tier: lower is evaluated first. */
  readonly priority: ClusterPolicyPriority;

  /** The pods the policy applies to. */
  readonly subject: ClusterPolicySubject;

  /**
   * Ingress rules, in evaluation order. More can be added with `addIngressRule()`.
   *
   * @default - none: the policy does not affect ingress
   */
  readonly ingress?: ClusterNetworkPolicyRule[];

  /**
   * Egress rules, in evaluation order. More can be added with `addEgressRule()`.
   *
   * @default - none: the policy does not affect egress
   */
  readonly egress?: ClusterNetworkPolicyRule[];

  /**
   * Labels of the ClusterNetworkPolicy object itself.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations of the ClusterNetworkPolicy object itself.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A typed `policy.networking.k8s.io/v1alpha2` ClusterNetworkPolicy: a
 * cluster-scoped policy of the Admin tier (evaluated before every
 * NetworkPolicy) or the Baseline tier (after them), with named, ordered
 * Accept, Deny and Pass rules.
 *
 * Everything it renders passes the CRD's schema and CEL rules; it refuses at
 * once what the CRD would reject, and says how to write it instead. Policies
 * that use nodes or domainNames peers need the experimental channel of the
 * CRD (`requiresExperimentalChannel`).
 *
 * @example
 * new ClusterNetworkPolicy(chart, 'DevNeverProd', {
 *   tier: ClusterPolicyTier.ADMIN,
 *   priority: ClusterPolicyPriority.of(10),
 *   subject: ClusterPolicySubject.namespaces(NamespaceSelector.labels({ env: 'prod' })),
 *   ingress: [{
 *     name: 'deny-from-dev',
 *     action: ClusterPolicyAction.DENY,
 *     peers: [ClusterPeer.namespaces(NamespaceSelector.labels({ env: 'dev' }))],
 *   }],
 * });
 */
export class ClusterNetworkPolicy extends ApiObject {
  /** The API version of the objects this construct renders. */
  public static readonly API_VERSION = CLUSTER_NETWORK_POLICY_API_VERSION;

  /** The kind of the objects this construct renders. */
  public static readonly KIND = CLUSTER_NETWORK_POLICY_KIND;

  /** The tier. */
  public readonly tier: ClusterPolicyTier;

  /** The priority within the tier. */
  public readonly priority: ClusterPolicyPriority;

  /** The pods the policy applies to. */
  public readonly subject: ClusterPolicySubject;

  private readonly ingressRules: ClusterNetworkPolicyRule[] = [];
  private readonly egressRules: ClusterNetworkPolicyRule[] = [];
  private readonly context: RenderContext;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `ClusterNetworkPolicyProps`).
   */
  constructor(scope: Construct, id: string, props: ClusterNetworkPolicyProps) {
    const path = [scope.node.path, id].filter(p => p).join('/');
    const name = props.name ?? toDnsName(id);
    checkMetadata(path, name, props);
    if (!Object.values(ClusterPolicyTier).includes(props.tier)) {
      throw new PolicyError('InvalidTier', `[${path}] Invalid tier ${JSON.stringify(props.tier)}: use ClusterPolicyTier.ADMIN or ClusterPolicyTier.BASELINE.`);
    }
    if (!(props.subject instanceof ClusterPolicySubject)) {
      throw new PolicyError('MissingSubject', `[${path}] subject must be a ClusterPolicySubject, e.g. ClusterPolicySubject.allNamespaces() `
        + 'or ClusterPolicySubject.namespaces(NamespaceSelector.labels({ env: "prod" })).');
    }
    if (!(props.priority instanceof ClusterPolicyPriority)) {
      throw new PolicyError('InvalidPriority', `[${path}] priority must be a ClusterPolicyPriority, e.g. ClusterPolicyPriority.of(100) or a PriorityLadder rung.`);
    }
    super(scope, id, {
      apiVersion: ClusterNetworkPolicy.API_VERSION,
      kind: ClusterNetworkPolicy.KIND,
      metadata: { name, labels: props.labels, annotations: props.annotations },
      spec: Lazy.any({ produce: () => this._toKube() }),
    });
    if (Chart.of(this).namespace !== undefined) {
      // cdk8s gives every object its chart's namespace; a cluster-scoped object has none.
      this.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
    this.tier = props.tier;
    this.priority = props.priority;
    this.subject = props.subject;
    this.context = { path: this.node.path, namespace: '', appLabelKey: Conventions.of(this).appLabelKey };
    props.subject._checkLabels(this.context);
    for (const rule of props.ingress ?? []) {
      this.addIngressRule(rule);
    }
    for (const rule of props.egress ?? []) {
      this.addEgressRule(rule);
    }
    this.node.addValidation({ validate: () => this.validatePolicy() });
  }

  /** The ingress rules, in evaluation order. */
  public get ingress(): ClusterNetworkPolicyRule[] {
    return [...this.ingressRules];
  }

  /** The egress rules, in evaluation order. */
  public get egress(): ClusterNetworkPolicyRule[] {
    return [...this.egressRules];
  }

  /** Whether the policy uses nodes or domainNames peers, which only the experimental channel of the CRD has. */
  public get requiresExperimentalChannel(): boolean {
    return this.egressRules.some(r => r.peers.some(p => p.isExperimental));
  }

  /** Adds an ingress rule after the existing ones. Ingress peers are namespaces or pods. */
  public addIngressRule(rule: ClusterNetworkPolicyRule): void {
    this.ingressRules.push(checkRule(this.context, 'ingress', rule, this.ingressRules));
  }

  /** Adds an egress rule after the existing ones. */
  public addEgressRule(rule: ClusterNetworkPolicyRule): void {
    this.egressRules.push(checkRule(this.context, 'egress', rule, this.egressRules));
  }

  /**
   * The rendered `spec`.
   *
   * @internal
   */
  public _toKube(): KubeClusterNetworkPolicySpec {
    const context = this.context;
    const spec: { -readonly [K in keyof KubeClusterNetworkPolicySpec]: KubeClusterNetworkPolicySpec[K] } = {
      tier: this.tier,
      priority: this.priority.value,
      subject: this.subject._toKube(context),
    };
    if (this.ingressRules.length > 0) {
      spec.ingress = this.ingressRules.map(r => ({
        name: r.name, action: r.action, from: r.peers.map(p => p._toKube(context)), protocols: renderPorts(r.ports),
      }));
    }
    if (this.egressRules.length > 0) {
      spec.egress = this.egressRules.map(r => ({
        name: r.name, action: r.action, to: r.peers.map(p => p._toKube(context)), protocols: renderPorts(r.ports),
      }));
    }
    return spec;
  }

  /** What types cannot guarantee: selectors that cannot render, metadata changed or JSON patches applied after construction, a name used twice. */
  private validatePolicy(): string[] {
    const errors: string[] = [];
    try {
      this._toKube();
    } catch (e) {
      errors.push((e as Error).message);
    }
    if (errors.length === 0) {
      // The whole manifest, JSON patches and metadata changes included, with the CRD's superset (experimental) channel.
      for (const issue of validateClusterNetworkPolicy(this.toJson(), { channel: 'experimental', requireName: true })) {
        errors.push(`ClusterNetworkPolicy ${this.name} would be rejected by the API server: ${issue.path}: ${issue.message}`);
      }
    }
    const same = this.node.root.node.findAll().filter(c => c !== this && ApiObject.isApiObject(c)
      && c.kind === ClusterNetworkPolicy.KIND && c.apiVersion === ClusterNetworkPolicy.API_VERSION && c.name === this.name);
    if (same.length > 0) {
      errors.push(`ClusterNetworkPolicy name "${this.name}" is also used by ${same.map(c => c.node.path).join(', ')}; `
        + 'it is cluster-scoped, so all but one would be overwritten on apply. Give each a distinct `name`.');
    }
    return errors;
  }
}

function renderPorts(ports: Port[] | undefined): KubeClusterNetworkPolicyProtocol[] | undefined {
  return ports ? Port._normalize(ports).map(p => toProtocol(p)) : undefined;
}

function toProtocol(port: Port): KubeClusterNetworkPolicyProtocol {
  if (port.name !== undefined) {
    return { destinationNamedPort: port.name };
  }
  const key = port.protocol.toLowerCase() as 'tcp' | 'udp' | 'sctp';
  const destinationPort = port.endPort !== undefined
    ? { range: { start: port.portNumber!, end: port.endPort } }
    : { number: port.portNumber! };
  return { [key]: { destinationPort } };
}

function checkRule(context: RenderContext, direction: 'ingress' | 'egress', rule: ClusterNetworkPolicyRule,
  existing: ClusterNetworkPolicyRule[]): ClusterNetworkPolicyRule {
  const path = context.path;
  const where = `[${path}] ${direction} rule ${JSON.stringify(rule.name)}`;
  if (typeof rule.name !== 'string' || rule.name === '') {
    throw new PolicyError('MissingRuleName', `[${path}] An ${direction} rule has no name. Name each rule, e.g. "deny-from-dev": `
      + 'implementations report it and explanations cite it.');
  }
  if ([...rule.name].length > CLUSTER_NETWORK_POLICY_MAX_RULE_NAME) {
    throw new PolicyError('RuleNameTooLong', `${where} is ${[...rule.name].length} characters long; the CRD allows at most 100. Shorten it.`);
  }
  if (existing.some(r => r.name === rule.name)) {
    throw new PolicyError('DuplicateRuleName', `${where} is the second ${direction} rule of that name. Give each rule a distinct name.`);
  }
  if (existing.length >= CLUSTER_NETWORK_POLICY_MAX_ITEMS) {
    throw new PolicyError('TooManyRules', `${where} would be the ${existing.length + 1}th ${direction} rule; the CRD allows at most 25. `
      + 'Merge rules with the same action, or split the policy in two with adjacent priorities.');
  }
  if (!Object.values(ClusterPolicyAction).includes(rule.action)) {
    throw new PolicyError('InvalidAction', `${where} has action ${JSON.stringify(rule.action)}: use ClusterPolicyAction.ACCEPT, DENY or PASS.`);
  }
  if (!Array.isArray(rule.peers) || rule.peers.length === 0) {
    throw new PolicyError('EmptyPeers', `${where} has no peers; the CRD needs at least one. `
      + `For every pod, use ClusterPeer.allPods()${direction === 'egress' ? '; for every address, ClusterPeer.networks(["0.0.0.0/0", "::/0"])' : ''}.`);
  }
  if (rule.peers.length > CLUSTER_NETWORK_POLICY_MAX_ITEMS) {
    throw new PolicyError('TooManyPeers', `${where} has ${rule.peers.length} peers; the CRD allows at most 25. Split it into two rules with the same action.`);
  }
  for (const peer of rule.peers) {
    if (direction === 'ingress' && peer.isEgressOnly) {
      throw new PolicyError('EgressOnlyPeer', `${where} has the peer ${peer}, but ingress peers are namespaces or pods only. `
        + 'Select the sources by namespace or pod, or write the rule as an egress rule of the sources.');
    }
    peer._checkLabels(context);
  }
  if (rule.ports !== undefined) {
    if (rule.ports.length === 0) {
      throw new PolicyError('EmptyPorts', `${where} has an empty ports list, which the CRD refuses. Leave \`ports\` out to match every port.`);
    }
    const ports = Port._normalize(rule.ports);
    if (ports.length > CLUSTER_NETWORK_POLICY_MAX_ITEMS) {
      throw new PolicyError('TooManyPorts', `${where} has ${ports.length} ports; the CRD allows at most 25. Use ranges, or split the rule.`);
    }
    for (const port of ports) {
      checkPort(where, port);
    }
    const named = ports.find(p => p.name !== undefined);
    const address = rule.peers.find(p => p.isEgressOnly);
    if (named && address) {
      throw new PolicyError('NamedPortWithAddressPeer', `${where} uses the named port "${named.name}" with the peer ${address}, `
        + 'which has no named ports (the CRD refuses it). Use the port number, e.g. Port.tcp(8080), or move the named port to a rule with pods peers.');
    }
  }
  return { name: rule.name, action: rule.action, peers: [...rule.peers], ports: rule.ports ? [...rule.ports] : undefined };
}

function checkPort(where: string, port: Port): void {
  if (port.name !== undefined && port.protocol !== Protocol.TCP) {
    throw new PolicyError('NamedPortProtocol', `${where} has the named port ${port}: a ClusterNetworkPolicy named port carries no protocol `
      + `(the container port's own applies). Use Port.named(${JSON.stringify(port.name)}).`);
  }
  if (port.isAllPorts) {
    throw new PolicyError('PortlessProtocol', `${where} has ${port}, but a ClusterNetworkPolicy has no port-less ${port.protocol} match. `
      + `For every ${port.protocol} port, use Port.${port.protocol.toLowerCase()}Range(1, 65535).`);
  }
}

function checkMetadata(path: string, name: string, props: ClusterNetworkPolicyProps): void {
  const nameProblems = validateDns1123Subdomain(name);
  if (nameProblems.length > 0) {
    throw new PolicyError('InvalidName',
      `[${path}] Invalid ClusterNetworkPolicy name ${JSON.stringify(name)}: ${nameProblems.join('; ')}. `
      + 'Use lowercase letters, digits, "-" and ".", e.g. "dev-never-reaches-prod".');
  }
  const metadata = validateObjectMeta({ labels: props.labels, annotations: props.annotations }, { namespaced: false, requireName: false });
  if (metadata.length > 0) {
    throw new PolicyError('InvalidMetadata',
      `[${path}] Invalid metadata of ClusterNetworkPolicy "${name}": ${metadata.map(i => `${i.path}: ${i.message}`).join('; ')}`);
  }
}
