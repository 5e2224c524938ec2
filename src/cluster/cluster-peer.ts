import { namespacesOf } from './private/namespaces';
import { PolicyError } from '../core/errors';
import { IpBlock } from '../core/ip-block';
import { RenderContext } from '../core/render-context';
import { NamespaceSelector, Selector } from '../core/selector';
import { parseCidrStrict } from '../kube/cidr';
import { KubeClusterNetworkPolicyPeer } from '../kube/cluster-shapes';
import { CLUSTER_NETWORK_POLICY_MAX_ITEMS, DOMAIN_NAME_PATTERN } from '../kube/validation/cluster-network-policy';

type PeerKind =
  | { readonly kind: 'namespaces'; readonly namespaces: NamespaceSelector }
  | { readonly kind: 'pods'; readonly namespaces: NamespaceSelector; readonly pods: Selector }
  | { readonly kind: 'networks'; readonly cidrs: string[] }
  | { readonly kind: 'nodes'; readonly nodes: Selector }
  | { readonly kind: 'domainNames'; readonly names: string[] };

/**
 * The other end of a ClusterNetworkPolicy rule: who connects (ingress) or
 * who is reached (egress).
 *
 * Ingress peers are namespaces or pods. Egress peers may also be networks
 * (CIDRs, which match pod and node IPs too), nodes and domain names; nodes
 * and domain names need the experimental channel of the CRD. Host-network
 * pods are never namespaces or pods peers.
 *
 * @example
 * ClusterPeer.namespaces(NamespaceSelector.labels({ env: 'dev' }));
 * ClusterPeer.pods(Selector.app('prometheus'), NamespaceSelector.named('monitoring'));
 * ClusterPeer.networks(['169.254.169.254/32']);
 * ClusterPeer.domainNames(['*.github.com']);
 */
export class ClusterPeer {
  /** Every pod of every namespace (`namespaces: {}`). */
  public static allPods(): ClusterPeer {
    return ClusterPeer.namespaces(NamespaceSelector.all());
  }

  /** Every pod of the namespaces `namespaces` selects. */
  public static namespaces(namespaces: NamespaceSelector): ClusterPeer {
    return new ClusterPeer({ kind: 'namespaces', namespaces });
  }

  /**
   * The pods `pods` selects in the namespaces `namespaces` selects.
   *
   * @param pods the pods; a selector that carries a namespace limits them to it
   * @param namespaces the namespaces
   * @default namespaces - the namespace `pods` carries, else every namespace
   */
  public static pods(pods: Selector, namespaces?: NamespaceSelector): ClusterPeer {
    return new ClusterPeer({ kind: 'pods', pods, namespaces: namespacesOf(pods, namespaces) });
  }

  /**
   * IP ranges (egress only). They match every address in them, pods' and
   * nodes' included: `0.0.0.0/0` is all IPv4 traffic.
   *
   * @param cidrs 1 to 25 CIDRs, e.g. ["10.0.0.0/8", "fd00::/8"]
   */
  public static networks(cidrs: string[]): ClusterPeer {
    if (!Array.isArray(cidrs) || cidrs.length === 0) {
      throw new PolicyError('EmptyNetworks', 'ClusterPeer.networks() needs at least one CIDR, e.g. ["10.0.0.0/8"]. '
        + 'For every address, use ["0.0.0.0/0", "::/0"].');
    }
    const canonical: string[] = [];
    for (const cidr of cidrs) {
      const parsed = parseCidrStrict(cidr);
      if (typeof parsed === 'string') {
        throw new PolicyError('InvalidCidr', `Invalid CIDR ${JSON.stringify(cidr)}: ${parsed}`);
      }
      if (!canonical.includes(parsed.canonical)) {
        canonical.push(parsed.canonical);
      }
    }
    checkCount(canonical.length, 'CIDRs in one networks peer', 'Split them across peers: ClusterPeer.networks() twice.');
    return new ClusterPeer({ kind: 'networks', cidrs: canonical.sort() });
  }

  /**
   * An `IpBlock` as a networks peer (egress only). A ClusterNetworkPolicy
   * has no `except`, so a block with one is refused.
   */
  public static ipBlock(block: IpBlock): ClusterPeer {
    if (block.except.length > 0) {
      throw new PolicyError('NetworksExcept',
        `IpBlock ${block} has except ranges, but a ClusterNetworkPolicy networks peer has no except. `
        + `Put a rule for the excepted ranges (${block.except.join(', ')}) before this one, e.g. a Pass or Deny rule, `
        + `and keep ClusterPeer.networks(["${block.cidr}"]) in the later rule.`);
    }
    return ClusterPeer.networks([block.cidr]);
  }

  /**
   * The IPs of the nodes `nodes` selects by node labels, for egress rules in the experimental channel. `Selector.all()` selects every node.
   */
  public static nodes(nodes: Selector): ClusterPeer {
    if (nodes._readsWorkload() || nodes.namespace !== undefined) {
      throw new PolicyError('InvalidNodeSelector',
        `Invalid node selector ${nodes}: nodes are selected by node labels, not by a workload or a namespace. `
        + 'Use Selector.labels({ "node-role.kubernetes.io/control-plane": "" }) or Selector.all().');
    }
    return new ClusterPeer({ kind: 'nodes', nodes });
  }

  /**
   * Domain names, for egress rules in the experimental channel.
   *
   * Exact names, or
   * `*.` followed by a name to match one or more labels before it.
   * Meant for Admin-tier Accept rules, followed by a lower-precedence Deny.
   *
   * @param names 1 to 25 names, e.g. ["api.github.com", "*.github.com"]
   */
  public static domainNames(names: string[]): ClusterPeer {
    if (!Array.isArray(names) || names.length === 0) {
      throw new PolicyError('EmptyDomainNames', 'ClusterPeer.domainNames() needs at least one name, e.g. ["api.github.com"].');
    }
    const unique: string[] = [];
    for (const name of names) {
      if (typeof name !== 'string' || !DOMAIN_NAME_PATTERN.test(name) || /[[\\\]^`]/.test(name)) {
        throw new PolicyError('InvalidDomainName', `Invalid domain name ${JSON.stringify(name)}: ${domainNameProblem(name)}`);
      }
      if (!unique.includes(name)) {
        unique.push(name);
      }
    }
    checkCount(unique.length, 'domain names in one peer', 'Split them across peers: ClusterPeer.domainNames() twice.');
    return new ClusterPeer({ kind: 'domainNames', names: unique.sort() });
  }

  private readonly spec: PeerKind;

  private constructor(spec: PeerKind) {
    this.spec = spec;
  }

  /** Whether the peer is a networks, nodes or domainNames peer, which only egress rules may use. */
  public get isEgressOnly(): boolean {
    return this.spec.kind === 'networks' || this.spec.kind === 'nodes' || this.spec.kind === 'domainNames';
  }

  /** Whether the peer needs the experimental channel of the CRD (nodes, domainNames). */
  public get isExperimental(): boolean {
    return this.spec.kind === 'nodes' || this.spec.kind === 'domainNames';
  }

  /** For people, e.g. `all pods in namespaces env=dev`, `networks 10.0.0.0/8`, `domain names *.github.com`. */
  public toString(): string {
    const s = this.spec;
    switch (s.kind) {
      case 'namespaces': return `all pods in ${s.namespaces}`;
      case 'pods': return `pods ${s.pods} in ${s.namespaces}`;
      case 'networks': return `networks ${s.cidrs.join(', ')}`;
      case 'nodes': return `nodes ${s.nodes}`;
      case 'domainNames': return `domain names ${s.names.join(', ')}`;
    }
  }

  /** @internal */
  public _nameToken(): string {
    const s = this.spec;
    switch (s.kind) {
      case 'namespaces': return s.namespaces._nameToken();
      case 'pods': return `${s.namespaces._nameToken()}-${s.pods._nameToken()}`;
      case 'networks': return s.cidrs.join('-');
      case 'nodes': return `nodes-${s.nodes._nameToken()}`;
      case 'domainNames': return s.names.join('-').replace(/\*/g, 'any');
    }
  }

  /** @internal */
  public _checkLabels(context: RenderContext): void {
    const s = this.spec;
    if (s.kind === 'namespaces' || s.kind === 'pods') {
      s.namespaces._checkLabels(context);
    }
    if (s.kind === 'pods') {
      s.pods._checkLabels(context);
    }
    if (s.kind === 'nodes') {
      s.nodes._checkLabels(context);
    }
  }

  /** @internal */
  public _toKube(context: RenderContext): KubeClusterNetworkPolicyPeer {
    const s = this.spec;
    switch (s.kind) {
      case 'namespaces': return { namespaces: s.namespaces._toKube(context) };
      case 'pods': return { pods: { namespaceSelector: s.namespaces._toKube(context), podSelector: s.pods._toKube(context) } };
      case 'networks': return { networks: [...s.cidrs] };
      case 'nodes': return { nodes: s.nodes._toKube(context) };
      case 'domainNames': return { domainNames: [...s.names] };
    }
  }
}

function checkCount(count: number, what: string, fix: string): void {
  if (count > CLUSTER_NETWORK_POLICY_MAX_ITEMS) {
    throw new PolicyError('TooMany', `${count} ${what}: a ClusterNetworkPolicy allows at most ${CLUSTER_NETWORK_POLICY_MAX_ITEMS}. ${fix}`);
  }
}

function domainNameProblem(name: unknown): string {
  if (typeof name !== 'string') {
    return 'must be a string, e.g. "api.github.com".';
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name) || name.includes('/')) {
    return 'write the host name alone, without a scheme, port or path, e.g. "api.github.com".';
  }
  if (name.includes('*') && !/^\*\.[^*]*$/.test(name)) {
    return 'a wildcard may only be the whole first label, e.g. "*.github.com".';
  }
  if (!name.replace(/^\*\./, '').replace(/\.$/, '').includes('.')) {
    return 'a domain name needs at least two labels, e.g. "github.com".';
  }
  return 'labels are letters, digits, "-" and "_", and start and end with a letter or digit, e.g. "api.github.com".';
}
