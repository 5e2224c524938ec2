import { EndpointClass } from './endpoint';
import { Protocol } from '../../core/protocol';

/** Every port of every protocol: the rule has no `ports`, or an empty list. */
export interface AnyPortMatcher {
  readonly kind: 'any';
}

/** Every port of one protocol: an entry with a protocol and no `port`. */
export interface ProtocolPortMatcher {
  readonly kind: 'protocol';
  readonly protocol: Protocol;
}

/** A port number, or an inclusive range with `endPort`. */
export interface RangePortMatcher {
  readonly kind: 'range';
  readonly protocol: Protocol;
  readonly port: number;
  readonly endPort: number;
}

/** A named port, resolved on the destination pod. */
export interface NamedPortMatcher {
  readonly kind: 'named';
  readonly protocol: Protocol;
  readonly name: string;
  /** Whether the protocol was left out and defaults to TCP. */
  readonly defaultProtocol: boolean;
}

/** One entry of `ports` (or the absence of one), compiled. */
export type PortMatcher = AnyPortMatcher | ProtocolPortMatcher | RangePortMatcher | NamedPortMatcher;

/**
 * Whether traffic to `port`/`protocol` on `destination` matches.
 *
 * A named port matches when the destination has a container port of that
 * name and protocol whose number is `port`, in ingress and egress rules
 * alike. An external IP has no named ports.
 */
export function portMatches(matcher: PortMatcher, protocol: Protocol, port: number, destination: EndpointClass): boolean {
  if (matcher.kind === 'named') {
    return matcher.protocol === protocol && destination.ports.some(p =>
      p.name === matcher.name && p.protocol === matcher.protocol && p.port === port);
  }
  return portMatchesAnywhere(matcher, protocol, port);
}

/** Whether a matcher that does not look at the destination (any but a named port) admits `port`/`protocol`. */
export function portMatchesAnywhere(matcher: Exclude<PortMatcher, NamedPortMatcher>, protocol: Protocol, port: number): boolean {
  switch (matcher.kind) {
    case 'any':
      return true;
    case 'protocol':
      return matcher.protocol === protocol;
    case 'range':
      return matcher.protocol === protocol && port >= matcher.port && port <= matcher.endPort;
  }
}
