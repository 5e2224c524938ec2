import { checkArgument } from './checks';
import { PolicyError } from './errors';
import { IpBlock } from './ip-block';
import { Peer } from './peer';
import { Port } from './port';
import { NamespaceSelector, Selector } from './selector';

/**
 * Options for `DnsTarget.nodeLocal()`.
 */
export interface NodeLocalDnsOptions {
  /**
   * The link-local address NodeLocal DNSCache listens on.
   *
   * @default "169.254.20.10"
   */
  readonly address?: string;

  /**
   * Also allow the cluster DNS pods, which the node-local cache forwards to
   * and which pods reach while the cache restarts.
   *
   * @default true
   */
  readonly includeClusterDns?: boolean;
}

/**
 * Options for `DnsTarget.custom()`.
 */
export interface CustomDnsOptions {
  /**
   * Where the DNS servers are.
   */
  readonly peers: Peer[];

  /**
   * The ports they answer on.
   *
   * @default - UDP 53 and TCP 53
   */
  readonly ports?: Port[];
}

/**
 * Where pods send DNS queries, so that egress isolation can keep DNS working.
 *
 * @example
 * DnsTarget.kubeDns();                       // kube-system pods k8s-app=kube-dns, UDP+TCP 53
 * DnsTarget.nodeLocal();                     // 169.254.20.10 and kube-dns
 * DnsTarget.custom({ peers: [Peer.cidr('10.96.0.10/32')] });
 */
export class DnsTarget {
  /**
   * The cluster DNS pods: `k8s-app: kube-dns` in `kube-system`, on UDP and
   * TCP 53. CoreDNS keeps this label on kubeadm, EKS, GKE and AKS clusters.
   */
  public static kubeDns(): DnsTarget {
    return new DnsTarget(
      [Peer.podsIn(NamespaceSelector.named('kube-system'), Selector.labels({ 'k8s-app': 'kube-dns' }))],
      [Port.DNS_UDP, Port.DNS_TCP],
      'cluster DNS (kube-system/k8s-app=kube-dns)');
  }

  /**
   * NodeLocal DNSCache: its link-local address (a /32 ipBlock), and by
   * default the cluster DNS pods too.
   */
  public static nodeLocal(options: NodeLocalDnsOptions = {}): DnsTarget {
    const address = options.address ?? '169.254.20.10';
    const block = IpBlock.of(address.includes(':') ? `${address}/128` : `${address}/32`);
    const peers = [Peer.ipBlock(block)];
    if (options.includeClusterDns ?? true) {
      peers.push(...DnsTarget.kubeDns().peers);
    }
    return new DnsTarget(peers, [Port.DNS_UDP, Port.DNS_TCP], `NodeLocal DNSCache (${block.cidr})`);
  }

  /**
   * Any other DNS servers.
   */
  public static custom(options: CustomDnsOptions): DnsTarget {
    if (options?.peers !== undefined) {
      checkArgument('DnsTarget.custom', options.peers, { type: Peer, list: true, example: 'Peer.cidr(\'10.0.0.10/32\')' });
    }
    if (options?.ports !== undefined) {
      checkArgument('DnsTarget.custom', options.ports, { type: Port, list: true, example: 'Port.udp(53)' });
    }
    if (!options?.peers || options.peers.length === 0) {
      throw new PolicyError('EmptyDnsPeers',
        'DnsTarget.custom() needs at least one peer. For the cluster DNS, use DnsTarget.kubeDns().');
    }
    return new DnsTarget(options.peers, options.ports ?? [Port.DNS_UDP, Port.DNS_TCP], 'custom DNS');
  }

  /** The DNS servers. */
  public readonly peers: Peer[];

  /** The ports they answer on. */
  public readonly ports: Port[];

  private readonly description: string;

  private constructor(peers: Peer[], ports: Port[], description: string) {
    this.peers = [...peers];
    this.ports = [...ports];
    this.description = description;
  }

  /** For people, e.g. `cluster DNS (kube-system/k8s-app=kube-dns)`. */
  public toString(): string {
    return this.description;
  }
}
