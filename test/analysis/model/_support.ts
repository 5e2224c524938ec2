import { EndpointClass } from '../../../src/analysis/model/endpoint';
import { IpBlockPeerMatcher } from '../../../src/analysis/model/peer-matcher';
import { ParsedCidr, parseCidr } from '../../../src/kube/cidr';
import { NAMESPACE_NAME_LABEL } from '../../../src/kube/shapes';

/*
 * Helpers shared by the tests of the engine's model.
 */

/** A pod class in `namespace` (labelled with its name, plus `namespaceLabels`). */
export function podClass(namespace: string, labels: { [key: string]: string } = {}, options: Partial<EndpointClass> = {}): EndpointClass {
  return {
    index: 0,
    key: `${namespace}/${JSON.stringify(labels)}`,
    namespace,
    labels,
    ports: [],
    ips: [],
    external: false,
    ...options,
    namespaceLabels: { ...(options.namespaceLabels ?? {}), [NAMESPACE_NAME_LABEL]: namespace },
  };
}

/** The class of an address outside the cluster. */
export function externalClass(...ips: string[]): EndpointClass {
  return { index: 0, key: `external:${ips.join(',')}`, namespaceLabels: {}, labels: {}, ports: [], ips, external: true };
}

/** A CIDR, parsed; throws on a bad one. */
export function cidr(text: string): ParsedCidr {
  const parsed = parseCidr(text);
  if (typeof parsed === 'string') {
    throw new Error(`bad CIDR ${text}: ${parsed}`);
  }
  return parsed;
}

/** An ipBlock peer matcher. */
export function ipBlock(text: string, ...except: string[]): IpBlockPeerMatcher {
  return { kind: 'ipBlock', cidr: cidr(text), except: except.map(cidr), written: { cidr: text, except } };
}
