import { EndpointClass } from './endpoint';
import { SelectorMatcher, selectorMatches } from './selector-matcher';
import { cidrContainsAddress, ParsedCidr } from '../../kube/cidr';

/** Every endpoint: the rule has no `from` / `to`, or an empty one. */
export interface AnyPeerMatcher {
  readonly kind: 'any';
}

/**
 * Pods selected by `podSelector` and/or `namespaceSelector` of one peer.
 * Both in one peer means AND.
 */
export interface PodPeerMatcher {
  readonly kind: 'pods';
  /**
   * Set when the peer has no `namespaceSelector`: only pods of the policy's
   * own namespace.
   */
  readonly ownNamespace?: string;
  /** The peer's `namespaceSelector`, when set. */
  readonly namespaceSelector?: SelectorMatcher;
  /** The peer's `podSelector`; undefined means every pod of the namespaces. */
  readonly podSelector?: SelectorMatcher;
}

/** IP addresses in `cidr` but not in any `except` range. */
export interface IpBlockPeerMatcher {
  readonly kind: 'ipBlock';
  readonly cidr: ParsedCidr;
  readonly except: ReadonlyArray<ParsedCidr>;
  /** The CIDR and except ranges as written, for messages. */
  readonly written: { readonly cidr: string; readonly except: ReadonlyArray<string> };
}

/**
 * One entry of `from` / `to` (or the absence of one), compiled.
 */
export type PeerMatcher = AnyPeerMatcher | PodPeerMatcher | IpBlockPeerMatcher;

/**
 * Whether `peer` (the other end of the traffic) matches.
 *
 * Pod selectors never match an external IP. An ipBlock matches an address
 * in its CIDR and outside its `except` ranges: an external IP, or a pod's IP
 * when it is known; never a pod without a known IP. A pod with several IPs
 * (dual stack) matches when any of them does.
 */
export function peerMatches(matcher: PeerMatcher, peer: EndpointClass): boolean {
  switch (matcher.kind) {
    case 'any':
      return true;
    case 'pods':
      if (peer.external) {
        return false;
      }
      if (matcher.namespaceSelector) {
        if (!selectorMatches(matcher.namespaceSelector, peer.namespaceLabels)) {
          return false;
        }
      } else if (peer.namespace !== matcher.ownNamespace) {
        return false;
      }
      return matcher.podSelector === undefined || selectorMatches(matcher.podSelector, peer.labels);
    case 'ipBlock':
      return peer.ips.some(ip => cidrContainsAddress(matcher.cidr, ip)
        && !matcher.except.some(e => cidrContainsAddress(e, ip)));
  }
}
