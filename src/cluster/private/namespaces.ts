import { NamespaceSelector, Selector } from '../../core/selector';

/**
 * The namespaces of a pods selector: the given ones, else the namespace the
 * selector carries, else all.
 */
export function namespacesOf(pods: Selector, namespaces: NamespaceSelector | undefined): NamespaceSelector {
  if (namespaces !== undefined) {
    return pods.namespace !== undefined ? namespaces.intersect(NamespaceSelector.named(pods.namespace)) : namespaces;
  }
  return pods.namespace !== undefined ? NamespaceSelector.named(pods.namespace) : NamespaceSelector.all();
}
