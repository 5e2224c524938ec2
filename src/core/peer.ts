import { checkArgument } from './checks';
import { IpBlock } from './ip-block';
import { INamespaceLike, IPodSelectorLike } from './pod-selector-like';
import { RenderContext } from './render-context';
import { NamespaceSelector, Selector } from './selector';
import { KubeNetworkPolicyPeer, NAMESPACE_NAME_LABEL } from '../kube/shapes';

const SELECTOR = { type: Selector, example: 'Selector.app(\'web\')' };
const NAMESPACE_SELECTOR = { type: NamespaceSelector, example: 'NamespaceSelector.named(\'monitoring\')' };

type PeerKind =
  | { readonly kind: 'pods'; readonly pods: Selector }
  | { readonly kind: 'podsIn'; readonly namespaces: NamespaceSelector; readonly pods: Selector }
  | { readonly kind: 'namespaces'; readonly namespaces: NamespaceSelector }
  | { readonly kind: 'ipBlock'; readonly block: IpBlock };

/**
 * The other end of a rule: who may connect (ingress) or be reached (egress).
 *
 * The factories map to the three peer forms of the API:
 * - `pods()`: a `podSelector` alone, pods of the policy's own namespace;
 * - `namespaces()`: a `namespaceSelector` alone, every pod of those namespaces;
 * - `podsIn()`: both selectors in ONE peer, which is their AND: only the
 *   selected pods, only in the selected namespaces;
 * - `ipBlock()` / `cidr()`: IP ranges.
 *
 * Several peers in one rule are ORed.
 *
 * @example
 * Peer.pods(Selector.app('web'));
 * Peer.podsIn(NamespaceSelector.named('monitoring'), Selector.app('prometheus'));
 * Peer.namespaces(NamespaceSelector.labels({ env: 'prod' }));
 * Peer.cidr('203.0.113.0/24');
 * Peer.workload(deployment); // a cdk8s-plus workload
 */
export class Peer {
  /**
   * Pods selected by `pods`, in the policy's namespace, or in the namespace
   * the selector carries (then rendered in the AND form with that namespace's name).
   */
  public static pods(pods: Selector): Peer {
    checkArgument('Peer.pods', pods, SELECTOR);
    return new Peer({ kind: 'pods', pods });
  }

  /**
   * Pods selected by `pods` in namespaces selected by `namespaces` (the AND
   * form: one peer with both selectors).
   */
  public static podsIn(namespaces: NamespaceSelector, pods: Selector): Peer {
    checkArgument('Peer.podsIn', namespaces, NAMESPACE_SELECTOR);
    checkArgument('Peer.podsIn', pods, SELECTOR);
    return new Peer({ kind: 'podsIn', namespaces, pods });
  }

  /** Every pod of the namespaces selected by `namespaces`. */
  public static namespaces(namespaces: NamespaceSelector): Peer {
    checkArgument('Peer.namespaces', namespaces, NAMESPACE_SELECTOR);
    return new Peer({ kind: 'namespaces', namespaces });
  }

  /**
   * Every pod of every namespace in the cluster (`namespaceSelector: {}`).
   *
   * This does not include addresses outside the cluster; for those, add an
   * ipBlock peer or leave the rule's peers empty.
   */
  public static allPodsInCluster(): Peer {
    return Peer.namespaces(NamespaceSelector.all());
  }

  /** An IP range. */
  public static ipBlock(block: IpBlock): Peer {
    checkArgument('Peer.ipBlock', block, { type: IpBlock, example: 'IpBlock.of(\'10.0.0.0/8\')' });
    return new Peer({ kind: 'ipBlock', block });
  }

  /**
   * An IP range given as a CIDR, with optional ranges cut out of it.
   *
   * @param cidr e.g. "10.0.0.0/8" or "2001:db8::/32"
   * @param except ranges inside `cidr` that do not match
   */
  public static cidr(cidr: string, except?: string[]): Peer {
    return Peer.ipBlock(IpBlock.of(cidr, except));
  }

  /**
   * The pods of a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet,
   * Job) or Pod, of any cdk8s-plus 2.x, by its real selector and namespace.
   */
  public static workload(workload: IPodSelectorLike): Peer {
    return Peer.pods(Selector.workload(workload));
  }

  /** Every pod of a cdk8s-plus Namespace, of any cdk8s-plus 2.x. */
  public static namespace(namespace: INamespaceLike): Peer {
    return Peer.namespaces(NamespaceSelector.of(namespace));
  }

  private readonly spec: PeerKind;

  private constructor(spec: PeerKind) {
    this.spec = spec;
  }

  /** For people, e.g. `pods app=web`, `pods app=prometheus in namespace monitoring`, `10.0.0.0/8`. */
  public toString(): string {
    const s = this.spec;
    switch (s.kind) {
      case 'pods': return s.pods.namespace ? `pods ${s.pods} in namespace ${s.pods.namespace}` : `pods ${s.pods}`;
      case 'podsIn': return `pods ${s.pods} in ${s.namespaces}`;
      case 'namespaces': return `all pods in ${s.namespaces}`;
      case 'ipBlock': return s.block.toString();
    }
  }

  /**
   * A short, readable token for object names.
   *
   * @internal
   */
  public _nameToken(): string {
    const s = this.spec;
    switch (s.kind) {
      case 'pods': return s.pods._nameToken();
      case 'podsIn': return `${s.namespaces._nameToken()}-${s.pods._nameToken()}`;
      case 'namespaces': return s.namespaces._nameToken();
      case 'ipBlock': return s.block._nameToken();
    }
  }

  /**
   * Whether the peer reads a cdk8s-plus workload's selector, which can
   * change until synthesis.
   *
   * @internal
   */
  public _readsWorkload(): boolean {
    const s = this.spec;
    return (s.kind === 'pods' || s.kind === 'podsIn') && s.pods._readsWorkload();
  }

  /**
   * Refuses selectors whose labels contradict each other, among the parts known now.
   *
   * @internal
   */
  public _checkLabels(context: RenderContext): void {
    const s = this.spec;
    if (s.kind === 'podsIn' || s.kind === 'namespaces') {
      s.namespaces._checkLabels(context);
    }
    if (s.kind === 'pods' || s.kind === 'podsIn') {
      s.pods._checkLabels(context);
    }
  }

  /** @internal */
  public _toKube(context: RenderContext): KubeNetworkPolicyPeer {
    const s = this.spec;
    switch (s.kind) {
      case 'pods':
        if (s.pods.namespace !== undefined && s.pods.namespace !== context.namespace) {
          return {
            namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: s.pods.namespace } },
            podSelector: s.pods._toKube(context),
          };
        }
        return { podSelector: s.pods._toKube(context) };
      case 'podsIn':
        return { namespaceSelector: s.namespaces._toKube(context), podSelector: s.pods._toKube(context) };
      case 'namespaces':
        return { namespaceSelector: s.namespaces._toKube(context) };
      case 'ipBlock':
        return { ipBlock: s.block._toKube() };
    }
  }
}
