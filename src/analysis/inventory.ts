import { Construct } from 'constructs';
import { LoadedManifests } from './load';
import { Endpoint, EndpointPort } from './model/endpoint';
import { Labels } from './model/selector-matcher';
import { Conventions } from '../core/conventions';
import { Peer } from '../core/peer';
import { Protocol } from '../core/protocol';
import { NAMESPACE_NAME_LABEL } from '../kube/shapes';

/*
 * The cluster outside the manifests: objects that describe the cluster
 * (`kubectl get namespaces,pods,deployments -A -o yaml`, a small file of
 * well-known services) but are not under test. They add namespaces and
 * workloads; the policies under test are those of the manifests alone.
 */

/** A cluster service that policies commonly name, at the place `Conventions` assumes by default. */
export type WellKnownService = 'dns' | 'monitoring' | 'ingress';

/** Every well-known service, in the order they are added. */
export const WELL_KNOWN_SERVICES: ReadonlyArray<WellKnownService> = ['dns', 'monitoring', 'ingress'];

/**
 * The workloads and namespaces of well-known cluster services, where the
 * library's default `Conventions` look for them:
 *
 * - `dns`: Deployment `kube-system/kube-dns`, pods `k8s-app: kube-dns`,
 *   container ports `dns` (UDP 53) and `dns-tcp` (TCP 53);
 * - `monitoring`: Deployment `monitoring/prometheus`, pods
 *   `app.kubernetes.io/name: prometheus`, container port `web` (TCP 9090);
 * - `ingress`: Deployment `ingress-nginx/ingress-nginx-controller`, pods
 *   `app.kubernetes.io/name: ingress-nginx`, container ports `http` (TCP 80)
 *   and `https` (TCP 443).
 *
 * The namespaces and pod labels are read from the default `Conventions`,
 * so the two cannot drift apart.
 */
export function wellKnownServices(services: ReadonlyArray<WellKnownService>): LoadedManifests {
  const conventions = Conventions.of(new Construct(undefined as any, ''));
  const namespaces = new Map<string, Labels>();
  const endpoints: Endpoint[] = [];
  for (const service of WELL_KNOWN_SERVICES.filter(s => services.includes(s))) {
    let placed: { namespace: string; labels: Labels };
    let name: string;
    let ports: EndpointPort[];
    switch (service) {
      case 'dns':
        placed = podsOf(conventions.dns.peers[0], conventions.appLabelKey);
        name = 'kube-dns';
        ports = conventions.dns.ports
          .map(p => ({ name: p.protocol === Protocol.UDP ? 'dns' : 'dns-tcp', port: p.portNumber ?? 53, protocol: p.protocol }));
        break;
      case 'monitoring':
        placed = podsOf(conventions.monitoring, conventions.appLabelKey);
        name = 'prometheus';
        ports = [{ name: 'web', port: 9090, protocol: Protocol.TCP }];
        break;
      case 'ingress':
        placed = podsOf(conventions.ingressController, conventions.appLabelKey);
        name = 'ingress-nginx-controller';
        ports = [{ name: 'http', port: 80, protocol: Protocol.TCP }, { name: 'https', port: 443, protocol: Protocol.TCP }];
        break;
    }
    namespaces.set(placed.namespace, { [NAMESPACE_NAME_LABEL]: placed.namespace });
    endpoints.push({
      id: `${placed.namespace}/${name}`,
      kind: 'Deployment',
      namespace: placed.namespace,
      name,
      labels: placed.labels,
      ports,
      ips: [],
      external: false,
    });
  }
  return { namespaces, endpoints, documents: [], policies: [] };
}

/**
 * The manifests under test, with the namespaces and workloads of
 * `inventory` they lack. What the manifests define wins: a namespace's
 * labels, and a workload of the same kind, namespace and name; among the
 * parts of `inventory`, a later one wins. The NetworkPolicies are the
 * manifests' alone; those of the inventory are left out (they are not
 * under test).
 *
 * Pods and ReplicaSets of the inventory whose controller is also in it (as
 * `kubectl get pods,replicasets,deployments -o yaml` prints them) are folded
 * into the top-most controller, which keeps their pod IPs: one workload per
 * Deployment, not one per Pod.
 */
export function withInventory(manifests: LoadedManifests, inventory: ReadonlyArray<LoadedManifests>): LoadedManifests {
  if (inventory.length === 0) {
    return manifests;
  }
  const namespaces = new Map<string, Labels>();
  const known = new Map<string, Endpoint>();
  for (const part of inventory) {
    for (const [name, labels] of part.namespaces) {
      namespaces.set(name, labels);
    }
    for (const e of part.endpoints) {
      known.set(endpointKey(e), e);
    }
  }
  for (const [name, labels] of manifests.namespaces) {
    namespaces.set(name, labels);
  }
  const endpoints = new Map<string, Endpoint>(manifests.endpoints.map(e => [endpointKey(e), e]));
  for (const e of foldOwned([...known.values()])) {
    const key = endpointKey(e);
    if (!endpoints.has(key)) {
      endpoints.set(key, e);
    }
  }
  return { namespaces, endpoints: [...endpoints.values()], documents: manifests.documents, policies: manifests.policies };
}

/**
 * Endpoints with those whose controller is among them folded into it (up
 * the chain: Pod -> ReplicaSet -> Deployment); the controller gains their
 * IPs. Order is kept.
 */
export function foldOwned(endpoints: ReadonlyArray<Endpoint>): Endpoint[] {
  const byKey = new Map<string, Endpoint>();
  for (const e of endpoints) {
    byKey.set(endpointKey(e), e);
  }
  const top = (e: Endpoint): Endpoint => {
    let current = e;
    const seen = new Set<Endpoint>();
    while (current.owner !== undefined && !seen.has(current)) {
      seen.add(current);
      const owner = byKey.get(`${current.owner}/${current.namespace}`);
      if (owner === undefined) {
        break;
      }
      current = owner;
    }
    return current;
  };
  const ips = new Map<Endpoint, string[]>();
  for (const e of byKey.values()) {
    const owner = top(e);
    const list = ips.get(owner) ?? [...owner.ips];
    for (const ip of e.ips) {
      if (!list.includes(ip)) {
        list.push(ip);
      }
    }
    ips.set(owner, list);
  }
  return [...byKey.values()].filter(e => ips.has(e)).map(e => ({ ...e, ips: ips.get(e)! }));
}

/** `<Kind>/<name>/<namespace>`: the identity of an endpoint, as an owner reference names it plus its namespace. */
function endpointKey(e: Endpoint): string {
  return `${e.kind}/${e.name}/${e.namespace}`;
}

/** The namespace and pod labels of a peer `Peer.podsIn(NamespaceSelector.named(ns), Selector.labels(...))`. */
function podsOf(peer: Peer, appLabelKey: string): { namespace: string; labels: Labels } {
  const kube = peer._toKube({ path: 'Conventions', namespace: 'default', appLabelKey });
  return {
    namespace: kube.namespaceSelector?.matchLabels?.[NAMESPACE_NAME_LABEL] ?? 'default',
    labels: { ...kube.podSelector?.matchLabels ?? {} },
  };
}
