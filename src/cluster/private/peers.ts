import { PolicyError } from '../../core/errors';
import { Selector } from '../../core/selector';

/** Every IPv4 and IPv6 address: the egress peer for "everything", pods and nodes included. */
export const ALL_ADDRESSES = ['0.0.0.0/0', '::/0'];

/** The cluster DNS pods: k8s-app=kube-dns in kube-system. */
export function kubeDnsPods(): Selector {
  return Selector.labels({ 'k8s-app': 'kube-dns' }).inNamespace('kube-system');
}

/** The DNS pods a construct was given, which must carry their namespace; kube-dns by default. */
export function dnsPods(path: string, given: Selector | undefined): Selector {
  const pods = given ?? kubeDnsPods();
  if (pods.namespace === undefined) {
    throw new PolicyError('DnsPodsNamespace', `[${path}] dnsPods ${pods} carries no namespace, so it would select DNS pods in every namespace. `
      + 'Give it one, e.g. Selector.labels({ "k8s-app": "kube-dns" }).inNamespace("kube-system").');
  }
  return pods;
}
