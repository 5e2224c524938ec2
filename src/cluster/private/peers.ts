import { NamespaceSelector, Selector } from '../../core/selector';
import { ClusterPeer } from '../cluster-peer';

/** Every IPv4 and IPv6 address: the egress peer for "everything", pods and nodes included. */
export const ALL_ADDRESSES = ['0.0.0.0/0', '::/0'];

/** The cluster DNS pods: k8s-app=kube-dns in kube-system. */
export function kubeDns(): ClusterPeer {
  return ClusterPeer.pods(Selector.labels({ 'k8s-app': 'kube-dns' }), NamespaceSelector.named('kube-system'));
}

