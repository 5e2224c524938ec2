import { Protocol } from '../../core/protocol';

/** A destination port and its protocol: what a probe asks about. */
export interface PortSpec {
  readonly protocol: Protocol;
  readonly port: number;
}

/** An inclusive range of ports of one protocol. */
export interface PortRange extends PortSpec {
  /** The last port of the range; equal to `port` for a single port. */
  readonly endPort: number;
}

/** The protocols, in the order outputs list them. */
export const PROTOCOLS: ReadonlyArray<Protocol> = [Protocol.TCP, Protocol.UDP, Protocol.SCTP];

/** The highest port number. */
export const MAX_PORT = 65535;

/** Orders port specs by protocol (TCP, UDP, SCTP), then port. */
export function comparePortSpecs(a: PortSpec, b: PortSpec): number {
  return PROTOCOLS.indexOf(a.protocol) - PROTOCOLS.indexOf(b.protocol) || a.port - b.port;
}

/**
 * A port or range as every output writes it: `TCP 8080`, `TCP 8000-8099`,
 * `UDP any port` for the whole protocol.
 */
export function formatPort(spec: PortSpec | PortRange): string {
  const endPort = 'endPort' in spec ? spec.endPort : spec.port;
  if (spec.port === 1 && endPort === MAX_PORT) {
    return `${spec.protocol} any port`;
  }
  return endPort === spec.port ? `${spec.protocol} ${spec.port}` : `${spec.protocol} ${spec.port}-${endPort}`;
}
