import { namespacesOf } from './private/namespaces';
import { RenderContext } from '../core/render-context';
import { NamespaceSelector, Selector } from '../core/selector';
import { KubeClusterNetworkPolicySubject } from '../kube/cluster-shapes';

type SubjectKind =
  | { readonly kind: 'namespaces'; readonly namespaces: NamespaceSelector }
  | { readonly kind: 'pods'; readonly namespaces: NamespaceSelector; readonly pods: Selector };

/**
 * The pods a ClusterNetworkPolicy applies to (`spec.subject`): every pod of
 * some namespaces, or some pods of some namespaces. Host-network pods are
 * never subjects.
 *
 * @example
 * ClusterPolicySubject.allNamespaces();
 * ClusterPolicySubject.namespaces(NamespaceSelector.labels({ env: 'prod' }));
 * ClusterPolicySubject.pods(Selector.labels({ 'k8s-app': 'kube-dns' }), NamespaceSelector.named('kube-system'));
 */
export class ClusterPolicySubject {
  /** Every pod of every namespace (`namespaces: {}`). */
  public static allNamespaces(): ClusterPolicySubject {
    return ClusterPolicySubject.namespaces(NamespaceSelector.all());
  }

  /** Every pod of the namespaces `namespaces` selects. */
  public static namespaces(namespaces: NamespaceSelector): ClusterPolicySubject {
    return new ClusterPolicySubject({ kind: 'namespaces', namespaces });
  }

  /**
   * The pods `pods` selects in the namespaces `namespaces` selects.
   *
   * @param pods the pods; a selector that carries a namespace (a cdk8s-plus
   * workload's, or `inNamespace()`) limits them to it
   * @param namespaces the namespaces
   * @default namespaces - the namespace `pods` carries, else every namespace
   */
  public static pods(pods: Selector, namespaces?: NamespaceSelector): ClusterPolicySubject {
    return new ClusterPolicySubject({ kind: 'pods', pods, namespaces: namespacesOf(pods, namespaces) });
  }

  private readonly spec: SubjectKind;

  private constructor(spec: SubjectKind) {
    this.spec = spec;
  }

  /** For people, e.g. `all pods in namespaces env=prod`. */
  public toString(): string {
    const s = this.spec;
    return s.kind === 'namespaces' ? `all pods in ${s.namespaces}` : `pods ${s.pods} in ${s.namespaces}`;
  }

  /** @internal */
  public _nameToken(): string {
    const s = this.spec;
    return s.kind === 'namespaces' ? s.namespaces._nameToken() : `${s.namespaces._nameToken()}-${s.pods._nameToken()}`;
  }

  /** @internal */
  public _checkLabels(context: RenderContext): void {
    this.spec.namespaces._checkLabels(context);
    if (this.spec.kind === 'pods') {
      this.spec.pods._checkLabels(context);
    }
  }

  /** @internal */
  public _toKube(context: RenderContext): KubeClusterNetworkPolicySubject {
    const s = this.spec;
    return s.kind === 'namespaces'
      ? { namespaces: s.namespaces._toKube(context) }
      : { pods: { namespaceSelector: s.namespaces._toKube(context), podSelector: s.pods._toKube(context) } };
  }
}
