import { PolicyError } from '../core/errors';
import { Protocol } from '../core/protocol';
import { Endpoint } from './model/endpoint';
import { checkLabels, checkNamespaceName, checkPortName, checkPortNumber, checkProtocol, quote } from '../core/checks';
import { parseIp } from '../kube/cidr';
import { validateDns1123Subdomain } from '../kube/names';
import { compareStrings } from '../util/strings';

/**
 * A container port of a workload, for named ports in policies.
 */
export interface ContainerPort {
  /**
   * The port number, 1..65535.
   */
  readonly number: number;

  /**
   * The port name, which policies can use instead of the number.
   *
   * @default - unnamed
   */
  readonly name?: string;

  /**
   * The protocol.
   *
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/**
 * Options for `Workload.of()`.
 */
export interface WorkloadOptions {
  /**
   * The name of the workload, for `PolicyAnalyzer.workload()` and output.
   *
   * @default - the labels, e.g. "app=web,tier=api"
   */
  readonly name?: string;

  /**
   * Container ports, needed to resolve named ports in policies and probes.
   *
   * @default - no ports
   */
  readonly ports?: ContainerPort[];

  /**
   * The pod IP (`status.podIP`), which `ipBlock` peers can match.
   *
   * @default - no known IP: ipBlock peers never match this workload
   */
  readonly ip?: string;

  /**
   * More pod IPs (`status.podIPs`), e.g. the IPv6 address of a dual-stack pod.
   *
   * @default - none
   */
  readonly ips?: string[];
}

/**
 * A traffic endpoint: the pods of a workload (or one pod), or an IP address
 * outside the cluster.
 *
 * Policies see a pod through its namespace, its labels, its container ports
 * (for named ports) and its IPs (for ipBlock peers). The namespace's labels
 * come from the analyzer's inventory.
 *
 * @example
 * Workload.of('shop', { app: 'web' }, { ports: [{ number: 8080, name: 'http' }] });
 * Workload.external('203.0.113.7');
 */
export class Workload {
  /**
   * Pods in `namespace` with `labels`.
   *
   * @param namespace the namespace of the pods
   * @param labels the pod labels
   */
  public static of(namespace: string, labels: { [key: string]: string }, options: WorkloadOptions = {}): Workload {
    checkNamespaceName(namespace);
    checkLabels(labels);
    const name = options.name ?? defaultName(labels);
    if (options.name !== undefined) {
      const problems = typeof name === 'string' ? validateDns1123Subdomain(name) : ['must be a string'];
      if (problems.length > 0) {
        throw new PolicyError('InvalidWorkloadName',
          `Invalid workload name ${JSON.stringify(name)}: ${problems.join('; ')}. Use lowercase letters, digits, "-" and ".", e.g. "web".`);
      }
    }
    const ports = (options.ports ?? []).map(checkPort);
    const ips: string[] = [];
    for (const ip of [...(options.ip !== undefined ? [options.ip] : []), ...(options.ips ?? [])]) {
      checkIp(ip, 'pod IP');
      if (!ips.includes(ip)) {
        ips.push(ip);
      }
    }
    return new Workload({
      id: `${namespace}/${name}`,
      kind: 'Workload',
      namespace,
      name,
      labels: { ...labels },
      ports: ports.map(p => ({ name: p.name, port: p.number, protocol: p.protocol ?? Protocol.TCP })),
      ips,
      external: false,
    });
  }

  /**
   * An IP address outside the cluster. Only `ipBlock` peers (and rules with
   * no peers) match it; no policy selects it, so it is never isolated.
   *
   * @param ip an IPv4 or IPv6 address, e.g. "203.0.113.7"
   */
  public static external(ip: string): Workload {
    checkIp(ip, 'external IP');
    return new Workload({
      id: ip,
      kind: 'External',
      name: ip,
      labels: {},
      ports: [],
      ips: [ip],
      external: true,
    });
  }

  /** @internal */
  public static _fromEndpoint(endpoint: Endpoint): Workload {
    return new Workload(endpoint);
  }

  /**
   * `<namespace>/<name>` for pods and workloads, the address for an external IP.
   */
  public readonly id: string;

  /**
   * The name of the pod or workload, or the address of an external IP.
   */
  public readonly name: string;

  /**
   * Where the workload came from: `Pod`, `Deployment`, `StatefulSet`, ...,
   * `Workload` when declared with `Workload.of()`, `External` for an IP.
   */
  public readonly kind: string;

  /**
   * The namespace.
   *
   * @default - none: an external IP
   */
  public readonly namespace?: string;

  /** The pod labels, empty for an external IP. */
  public readonly labels: { [key: string]: string };

  /** The container ports. */
  public readonly ports: ContainerPort[];

  /** Known IP addresses. */
  public readonly ips: string[];

  /** Whether this is an IP address outside the cluster. */
  public readonly isExternal: boolean;

  private readonly endpoint: Endpoint;

  private constructor(endpoint: Endpoint) {
    this.endpoint = endpoint;
    this.id = endpoint.id;
    this.name = endpoint.name;
    this.kind = endpoint.kind;
    this.namespace = endpoint.namespace;
    this.labels = { ...endpoint.labels };
    this.ports = endpoint.ports.map(p => ({ number: p.port, name: p.name, protocol: p.protocol }));
    this.ips = [...endpoint.ips];
    this.isExternal = endpoint.external;
  }

  /**
   * The id, e.g. "shop/web" or "203.0.113.7".
   */
  public toString(): string {
    return this.id;
  }

  /** @internal */
  public _toEndpoint(): Endpoint {
    return this.endpoint;
  }
}

/** A reference to a workload: `<namespace>/<name>`, or `<namespace>/<Kind>/<name>` when a name is ambiguous. */
export interface WorkloadRef {
  /** The namespace of the workload. */
  readonly namespace: string;

  /**
   * The kind, e.g. `Deployment`, to tell apart workloads that share a name.
   *
   * @default - any kind with that namespace and name
   */
  readonly kind?: string;

  /** The name of the pod or workload. */
  readonly name: string;
}

/** Parses `<namespace>/<name>` or `<namespace>/<Kind>/<name>`; undefined for anything else. */
export function parseWorkloadRef(ref: string): WorkloadRef | undefined {
  const parts = typeof ref === 'string' ? ref.split('/') : [];
  if (parts.some(p => p === '')) {
    return undefined;
  }
  if (parts.length === 2) {
    return { namespace: parts[0], name: parts[1] };
  }
  return parts.length === 3 ? { namespace: parts[0], kind: parts[1], name: parts[2] } : undefined;
}

/** Whether a workload is the one `ref` names. */
export function matchesRef(workload: Workload, ref: WorkloadRef): boolean {
  return workload.namespace === ref.namespace && workload.name === ref.name && (ref.kind === undefined || workload.kind === ref.kind);
}

function defaultName(labels: { [key: string]: string }): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => compareStrings(a, b));
  return entries.length === 0 ? '*' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

function checkPort(port: ContainerPort): ContainerPort {
  if (port === null || typeof port !== 'object') {
    throw new PolicyError('InvalidPort', `Invalid container port ${quote(port)}: give { number, name?, protocol? }, e.g. { number: 8080, name: 'http' }.`);
  }
  checkPortNumber(port.number, 'Container port');
  if (port.name !== undefined) {
    checkPortName(port.name);
  }
  if (port.protocol !== undefined) {
    checkProtocol(port.protocol);
  }
  return port;
}

function checkIp(ip: string, what: string): void {
  if (typeof ip === 'string' && parseIp(ip) !== undefined) {
    return;
  }
  const hint = typeof ip === 'string' && ip.includes('/')
    ? ' Give one address, not a CIDR, e.g. "10.0.0.7".'
    : ' Use an IPv4 or IPv6 address, e.g. "10.0.0.7" or "2001:db8::7".';
  throw new PolicyError('InvalidIp', `Invalid ${what} ${JSON.stringify(ip)}.${hint}`);
}
