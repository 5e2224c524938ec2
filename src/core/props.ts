import { checkProp, PropType } from './checks';
import { Direction } from './direction';
import { DnsTarget } from './dns';
import { PolicyError } from './errors';
import { Peer } from './peer';
import { Port } from './port';
import { Selector } from './selector';

/*
 * The types of the props the constructs share, checked before use, so that
 * plain JavaScript passing a string where a Selector belongs gets a library
 * error that names the construct path and the prop, never a TypeError. Not
 * part of the jsii API (core/index.ts does not re-export this module).
 */

const SELECTOR: PropType = { type: Selector, example: 'Selector.app(\'web\') or Selector.labels({ tier: \'db\' })' };
const PORTS: PropType = { type: Port, list: true, example: 'Port.tcp(8080) or Port.named(\'http\')' };
const PEER: PropType = { type: Peer, example: 'Peer.pods(Selector.app(\'web\')) or Peer.cidr(\'10.0.0.0/8\')' };
const PEERS: PropType = { ...PEER, list: true };

/** Props the constructs share, by name, and what each must be. */
const SHARED: { [name: string]: PropType | 'string' | 'strings' | 'boolean' | 'direction' | 'directions' } = {
  selector: SELECTOR,
  source: SELECTOR,
  destination: SELECTOR,
  pods: SELECTOR,
  ingressControllerTargets: SELECTOR,
  ports: PORTS,
  monitoringPorts: PORTS,
  ingressControllerPorts: PORTS,
  controller: PEER,
  scrapers: PEER,
  alsoFrom: PEERS,
  peers: PEERS,
  dns: { type: DnsTarget, example: 'DnsTarget.kubeDns()' },
  name: 'string',
  namespace: 'string',
  sourceNamespace: 'string',
  destinationNamespace: 'string',
  cidr: 'string',
  cidrs: 'strings',
  addresses: 'strings',
  except: 'strings',
  exclude: 'strings',
  mirrorEgress: 'boolean',
  ipv6: 'boolean',
  direction: 'direction',
  directions: 'directions',
  policyTypes: 'directions',
};

/** Props whose type differs between constructs, given by the construct. */
export interface PropTypes {
  readonly [name: string]: PropType | 'string' | 'strings';
}

/**
 * Refuses props of the wrong type (see the module comment), and missing
 * `required` props; `own` gives the types of props that only this
 * construct has.
 */
export function checkProps(path: string, props: unknown, own: PropTypes = {}, required: string[] = []): void {
  if (props === undefined && required.length === 0) {
    return;
  }
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw new PolicyError('InvalidProps', `[${path}] props must be an object, e.g. { selector: Selector.app('web') }.`);
  }
  for (const name of required) {
    if ((props as { [name: string]: unknown })[name] === undefined) {
      throw new PolicyError('MissingProp', `[${path}] \`${name}\` is required.`);
    }
  }
  for (const [name, value] of Object.entries(props)) {
    const expected = own[name] ?? SHARED[name];
    if (expected === undefined || value === undefined) {
      continue;
    }
    if (typeof expected === 'object') {
      checkProp(path, name, value, expected);
    } else if (!matches(expected, value)) {
      throw new PolicyError('InvalidProp', `[${path}] \`${name}\` must be ${WORDS[expected]}.`);
    }
  }
}

const DIRECTIONS: unknown[] = Object.values(Direction);

const WORDS = {
  string: 'a string',
  strings: 'a list of strings',
  boolean: 'true or false',
  direction: 'Direction.INGRESS or Direction.EGRESS',
  directions: 'a list of Direction.INGRESS and Direction.EGRESS',
};

function matches(expected: keyof typeof WORDS, value: unknown): boolean {
  switch (expected) {
    case 'string': return typeof value === 'string';
    case 'strings': return Array.isArray(value) && value.every(v => typeof v === 'string');
    case 'boolean': return typeof value === 'boolean';
    case 'direction': return DIRECTIONS.includes(value);
    case 'directions': return Array.isArray(value) && value.every(v => DIRECTIONS.includes(v));
  }
}
