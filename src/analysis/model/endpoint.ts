import { Labels } from './selector-matcher';
import { Protocol } from '../../core/protocol';
import { NAMESPACE_NAME_LABEL } from '../../kube/shapes';
import { canonicalKey } from '../../util/canonical';
import { compareStrings } from '../../util/strings';

/** A container port of a pod or pod template. */
export interface EndpointPort {
  /** The port name, for named ports in policies. */
  readonly name?: string;
  /** The container port number. */
  readonly port: number;
  /** The protocol; Kubernetes defaults it to TCP. */
  readonly protocol: Protocol;
}

/**
 * A traffic endpoint: a pod, the pods of a workload, or an IP address
 * outside the cluster.
 */
export interface Endpoint {
  /** `<namespace>/<name>` for pods and workloads; the address for an external IP. */
  readonly id: string;
  /** `Pod`, `Deployment`, ..., `Workload` for one declared in code, `External` for an IP. */
  readonly kind: string;
  /** The namespace; undefined for an external IP. */
  readonly namespace?: string;
  /** The name of the pod or workload; the address for an external IP. */
  readonly name: string;
  /** Pod labels (of the pod template for a workload). */
  readonly labels: Labels;
  /** Container ports, for resolving named ports. */
  readonly ports: ReadonlyArray<EndpointPort>;
  /** Known IP addresses: `status.podIP(s)` of a pod, or the external address. */
  readonly ips: ReadonlyArray<string>;
  /** Whether this is an IP outside the cluster. */
  readonly external: boolean;
  /**
   * The controller that owns it, `<Kind>/<name>` in the same namespace
   * (`metadata.ownerReferences`, e.g. `ReplicaSet/web-7d9f` for a Pod of a
   * Deployment), as `kubectl get -o yaml` prints it; undefined when none.
   */
  readonly owner?: string;
}

/**
 * What the engine knows of the cluster: declared namespaces (with their
 * labels) and endpoints.
 */
export interface Inventory {
  /** Declared namespaces and their labels, the name label included. */
  readonly namespaces: ReadonlyMap<string, Labels>;
  /** Pods, workloads and external IPs. */
  readonly endpoints: ReadonlyArray<Endpoint>;
}

/**
 * The labels of a namespace: declared ones, or just the name label when the
 * namespace is only referenced. The name label always wins, as the API
 * server sets it.
 */
export function namespaceLabels(namespaces: ReadonlyMap<string, Labels>, name: string): Labels {
  return { ...(namespaces.get(name) ?? {}), [NAMESPACE_NAME_LABEL]: name };
}

/**
 * The pods that policies cannot tell apart: same namespace (and namespace
 * labels), pod labels, container ports and IPs. Each is evaluated once.
 */
export interface EndpointClass {
  /** Index in the class table. */
  readonly index: number;
  /** The equivalence key. */
  readonly key: string;
  readonly namespace?: string;
  readonly namespaceLabels: Labels;
  readonly labels: Labels;
  readonly ports: ReadonlyArray<EndpointPort>;
  readonly ips: ReadonlyArray<string>;
  readonly external: boolean;
}

/** The equivalence key of an endpoint in a namespace with `nsLabels`. */
export function classKey(endpoint: Endpoint, nsLabels: Labels): string {
  if (endpoint.external) {
    return `external:${[...endpoint.ips].sort(compareStrings).join(',')}`;
  }
  const ports = endpoint.ports
    .map(p => `${p.protocol}/${p.port}/${p.name ?? ''}`)
    .sort(compareStrings);
  return canonicalKey({
    namespace: endpoint.namespace,
    namespaceLabels: nsLabels,
    labels: endpoint.labels,
    ports,
    ips: [...endpoint.ips].sort(compareStrings),
  });
}
