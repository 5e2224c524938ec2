import { checkPortName, checkPortNumber, checkProtocol } from './checks';
import { PolicyError } from './errors';
import { Protocol } from './protocol';
import { KubeNetworkPolicyPort } from '../kube/shapes';
import { compareStrings } from '../util/strings';

/** The fix for port 0, which some write to mean every port. */
const ALL_PORTS_FIX = 'For every port of a protocol, use Port.allTcp(), Port.allUdp() or Port.allSctp().';

/**
 * A port, port range, named port or whole protocol that a rule allows.
 *
 * Use the static factories; the constructor is private. Every factory
 * validates its input with the API server's rules and throws at once.
 * A rule with no ports allows every port of every protocol.
 *
 * @example
 * Port.tcp(5432);           // TCP 5432
 * Port.tcpRange(8000, 8099); // TCP 8000-8099 (endPort)
 * Port.named('metrics');    // the container port named "metrics", TCP
 * Port.allUdp();            // every UDP port
 */
export class Port {
  /** DNS over UDP (53). */
  public static readonly DNS_UDP = Port.udp(53);

  /** DNS over TCP (53), used for large answers and zone transfers. */
  public static readonly DNS_TCP = Port.tcp(53);

  /** HTTPS (TCP 443), e.g. for the Kubernetes API server. */
  public static readonly HTTPS = Port.tcp(443);

  /**
   * A single TCP port.
   *
   * @param port the port number, 1..65535
   */
  public static tcp(port: number): Port {
    return Port.number(Protocol.TCP, port);
  }

  /**
   * A single UDP port.
   *
   * @param port the port number, 1..65535
   */
  public static udp(port: number): Port {
    return Port.number(Protocol.UDP, port);
  }

  /**
   * A single SCTP port.
   *
   * @param port the port number, 1..65535
   */
  public static sctp(port: number): Port {
    return Port.number(Protocol.SCTP, port);
  }

  /**
   * A single port of the given protocol.
   *
   * @param protocol the transport protocol
   * @param port the port number, 1..65535
   */
  public static number(protocol: Protocol, port: number): Port {
    return new Port(protocol, port);
  }

  /**
   * An inclusive TCP port range, e.g. `Port.tcpRange(8000, 8099)`.
   *
   * Rendered as `port` and `endPort`. Needs Kubernetes 1.25+ and a network
   * plugin that supports `endPort`.
   */
  public static tcpRange(start: number, end: number): Port {
    return Port.rangeOf(Protocol.TCP, start, end);
  }

  /** An inclusive UDP port range. */
  public static udpRange(start: number, end: number): Port {
    return Port.rangeOf(Protocol.UDP, start, end);
  }

  /** An inclusive SCTP port range. */
  public static sctpRange(start: number, end: number): Port {
    return Port.rangeOf(Protocol.SCTP, start, end);
  }

  /**
   * An inclusive port range of the given protocol.
   *
   * A range whose start equals its end is rendered as a single port.
   */
  public static rangeOf(protocol: Protocol, start: number, end: number): Port {
    checkPortNumber(start, 'Port range start', ALL_PORTS_FIX);
    checkPortNumber(end, 'Port range end', ALL_PORTS_FIX);
    if (end < start) {
      throw new PolicyError('PortRangeInverted',
        `Port range ${start}-${end} ends before it starts. Did you mean ${end}-${start}?`);
    }
    return new Port(protocol, start, end === start ? undefined : end);
  }

  /**
   * A named container port, resolved on each destination pod.
   *
   * The name must be an IANA service name as Kubernetes defines it: at most
   * 15 characters of lowercase letters, digits and '-', with at least one
   * letter, and no leading, trailing or double '-'.
   *
   * @param name the container port name, e.g. "http"
   * @param protocol the protocol of the named port
   * @default protocol Protocol.TCP
   */
  public static named(name: string, protocol?: Protocol): Port {
    return new Port(protocol ?? Protocol.TCP, undefined, undefined, checkPortName(name));
  }

  /**
   * Every TCP port.
   *
   * Rendered as `protocol: TCP` with no `port` (never `port: 0`, which the API
   * server rejects).
   */
  public static allTcp(): Port {
    return new Port(Protocol.TCP);
  }

  /** Every UDP port. */
  public static allUdp(): Port {
    return new Port(Protocol.UDP);
  }

  /** Every SCTP port. */
  public static allSctp(): Port {
    return new Port(Protocol.SCTP);
  }

  /**
   * Every port of the given protocol.
   */
  public static allOf(protocol: Protocol): Port {
    return new Port(protocol);
  }

  /**
   * Sorts ports into a stable order (protocol, number, range end, name) and
   * drops duplicates.
   *
   * @internal
   */
  public static _normalize(ports: Port[]): Port[] {
    const byKey = new Map<string, Port>();
    for (const port of ports) {
      byKey.set(port._key(), port);
    }
    return [...byKey.values()].sort(comparePorts);
  }

  /** The protocol. */
  public readonly protocol: Protocol;

  /**
   * The port number, or the start of the range.
   *
   * @default - no number: a named port, or every port of the protocol
   */
  public readonly portNumber?: number;

  /**
   * The last port of an inclusive range.
   *
   * @default - a single port
   */
  public readonly endPort?: number;

  /**
   * The name of a container port.
   *
   * @default - not a named port
   */
  public readonly name?: string;

  private constructor(protocol: Protocol, port?: number, endPort?: number, name?: string) {
    this.protocol = checkProtocol(protocol);
    if (port !== undefined) {
      checkPortNumber(port, 'Port', ALL_PORTS_FIX);
    }
    this.portNumber = port;
    this.endPort = endPort;
    this.name = name;
  }

  /**
   * Whether this is a whole protocol (no number and no name).
   */
  public get isAllPorts(): boolean {
    return this.portNumber === undefined && this.name === undefined;
  }

  /**
   * For explanations and CLI output, e.g. "TCP 8000-8099", "TCP http", "UDP (all ports)".
   */
  public toString(): string {
    if (this.name !== undefined) {
      return `${this.protocol} ${this.name}`;
    }
    if (this.portNumber === undefined) {
      return `${this.protocol} (all ports)`;
    }
    const range = this.endPort !== undefined ? `${this.portNumber}-${this.endPort}` : `${this.portNumber}`;
    return `${this.protocol} ${range}`;
  }

  /** @internal */
  public _toKube(): KubeNetworkPolicyPort {
    return {
      protocol: this.protocol,
      port: this.name ?? this.portNumber,
      endPort: this.endPort,
    };
  }

  /** @internal */
  public _key(): string {
    return `${this.protocol}/${this.portNumber ?? ''}/${this.endPort ?? ''}/${this.name ?? ''}`;
  }
}

const PROTOCOL_ORDER: { [p: string]: number } = { TCP: 0, UDP: 1, SCTP: 2 };

/** Whole protocol first, then named ports, then numbers. */
function portKind(p: Port): number {
  return p.name !== undefined ? 1 : p.portNumber !== undefined ? 2 : 0;
}

function comparePorts(a: Port, b: Port): number {
  return (PROTOCOL_ORDER[a.protocol] - PROTOCOL_ORDER[b.protocol])
    || (portKind(a) - portKind(b))
    || ((a.portNumber ?? -1) - (b.portNumber ?? -1))
    || ((a.endPort ?? -1) - (b.endPort ?? -1))
    || compareStrings(a.name ?? '', b.name ?? '');
}
