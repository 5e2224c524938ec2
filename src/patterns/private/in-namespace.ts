import { Selector } from '../../core/selector';

/** The same pods in `namespace`, when one is known. */
export function inNamespace(selector: Selector, namespace: string | undefined): Selector {
  return namespace !== undefined ? selector.inNamespace(namespace) : selector;
}
