import { PolicyError } from '../core/errors';
import { Protocol } from '../core/port';
import { Endpoint } from './model/endpoint';
import { checkLabels, checkNamespaceName } from '../core/checks';
import { parseIp } from '../kube/cidr';
import { validateDns1123Subdomain, validatePortName, validatePortNumber } from '../kube/names';
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
   * The name of the pod or workload; the address for an external IP.
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

  /** The pod labels; empty for an external IP. */
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

function defaultName(labels: { [key: string]: string }): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => compareStrings(a, b));
  return entries.length === 0 ? '*' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

function checkPort(port: ContainerPort): ContainerPort {
  const numberProblems = port && typeof port.number === 'number' ? validatePortNumber(port.number) : ['must be a number'];
  if (numberProblems.length > 0) {
    throw new PolicyError('InvalidPort',
      `Invalid container port ${JSON.stringify(port?.number)}: ${numberProblems.join('; ')}. Use a whole number from 1 to 65535.`);
  }
  if (port.name !== undefined) {
    const problems = typeof port.name === 'string' ? validatePortName(port.name) : ['must be a string'];
    if (problems.length > 0) {
      throw new PolicyError('InvalidPortName',
        `Invalid port name ${JSON.stringify(port.name)}: ${problems.join('; ')}. Use e.g. "http" or "metrics".`);
    }
  }
  if (port.protocol !== undefined && !Object.values(Protocol).includes(port.protocol)) {
    throw new PolicyError('InvalidProtocol',
      `Invalid protocol "${port.protocol}": must be one of TCP, UDP, SCTP. Use the Protocol enum, e.g. Protocol.TCP.`);
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
