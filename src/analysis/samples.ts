import { EndpointPort } from './model/endpoint';
import { comparePortSpecs, MAX_PORT, PortRange, PortSpec, PROTOCOLS } from './model/port-spec';
import { CompiledPolicy } from './model/target';
import { Protocol } from '../core/protocol';
import { formatIp, ParsedCidr } from '../kube/cidr';

/*
 * The one sample generator: the ports and the outside addresses worth
 * probing, read from the compiled policies. Every verdict is constant
 * within a port piece and within an address region, so one sample of each
 * decides them all: diff, lint, invariants and the report probe these.
 */

/** A piece of one protocol's port space: every port in it gets the same verdicts. */
export interface PortPiece extends PortRange {
  /** A port asked for on its own: never merged with its neighbours. */
  readonly pinned: boolean;
}

/**
 * The pieces each protocol's ports 1-65535 are cut into, so that every port
 * of a piece gets the same verdict for every pair of endpoints: cut at each
 * port the rules name and after it, at each range start and after each
 * range end, at each container port that a named port of the rules can
 * resolve to (on `endpoints`) and after it, and at each `pinned` port.
 */
export function portPieces(policies: ReadonlyArray<CompiledPolicy>, endpoints: ReadonlyArray<{ readonly ports: ReadonlyArray<EndpointPort> }>,
  pinned: ReadonlyArray<PortSpec> = []): PortPiece[] {
  const cuts = new Map<Protocol, Set<number>>(PROTOCOLS.map(p => [p, new Set([1])]));
  const cut = (protocol: Protocol, first: number, last: number) => {
    const set = cuts.get(protocol)!;
    set.add(first);
    if (last < MAX_PORT) {
      set.add(last + 1);
    }
  };
  const named = new Map<string, Protocol>();
  for (const policy of policies) {
    for (const rule of policy.rules) {
      for (const m of rule.ports) {
        if (m.kind === 'range') {
          cut(m.protocol, m.port, m.endPort);
        } else if (m.kind === 'named') {
          named.set(`${m.protocol}/${m.name}`, m.protocol);
        }
      }
    }
  }
  for (const endpoint of endpoints) {
    for (const p of endpoint.ports) {
      if (p.name !== undefined && named.has(`${p.protocol}/${p.name}`)) {
        cut(p.protocol, p.port, p.port);
      }
    }
  }
  const pinnedKeys = new Set(pinned.map(p => `${p.protocol}/${p.port}`));
  for (const p of pinned) {
    cut(p.protocol, p.port, p.port);
  }
  const pieces: PortPiece[] = [];
  for (const protocol of PROTOCOLS) {
    const starts = [...cuts.get(protocol)!].sort((a, b) => a - b);
    starts.forEach((port, i) => {
      const endPort = i + 1 < starts.length ? starts[i + 1] - 1 : MAX_PORT;
      pieces.push({ protocol, port, endPort, pinned: pinnedKeys.has(`${protocol}/${port}`) && endPort === port });
    });
  }
  return pieces;
}

/**
 * The ports the policies name (each port, range start and range end) and
 * the container ports of `endpoints`, sorted: the ports a reader of the
 * policies asks about.
 */
export function mentionedPorts(policies: ReadonlyArray<CompiledPolicy>,
  endpoints: ReadonlyArray<{ readonly ports: ReadonlyArray<EndpointPort> }>): PortSpec[] {
  const seen = new Map<string, PortSpec>();
  const add = (protocol: Protocol, port: number) => seen.set(`${protocol}/${port}`, { protocol, port });
  for (const policy of policies) {
    for (const rule of policy.rules) {
      for (const m of rule.ports) {
        if (m.kind === 'range') {
          add(m.protocol, m.port);
          add(m.protocol, m.endPort);
        }
      }
    }
  }
  for (const endpoint of endpoints) {
    for (const p of endpoint.ports) {
      add(p.protocol, p.port);
    }
  }
  return [...seen.values()].sort(comparePortSpecs);
}

/** One region of the address space outside the cluster, and the address that stands for it. */
export interface AddressSample {
  /** The first address of the region. */
  readonly ip: string;
  readonly family: 4 | 6;
  /** The region: a CIDR when it is one (`203.0.113.0/24`), else `first-last`. */
  readonly region: string;
}

/**
 * One address per region that the ipBlocks of the policies (their `cidr`
 * and `except` ranges) carve out of the IPv4 and IPv6 spaces: every
 * boundary of a range starts a region, so each region is inside or outside
 * every range, and its first address decides for all of it. A space no
 * ipBlock touches is one region (`0.0.0.0/0`, `::/0`).
 */
export function addressSamples(policies: ReadonlyArray<CompiledPolicy>): AddressSample[] {
  const starts = regionStarts(policies);
  const samples: AddressSample[] = [];
  for (const family of [4, 6] as const) {
    const size = 2n ** (family === 4 ? 32n : 128n);
    const sorted = [...starts[family]].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    sorted.forEach((first, i) => {
      const last = (i + 1 < sorted.length ? sorted[i + 1] : size) - 1n;
      samples.push({ ip: formatAddress(family, first), family, region: formatRegion(family, first, last) });
    });
  }
  return samples;
}

/**
 * One address per region of `addressSamples` that lies in `cidr`: the
 * CIDR's first address, and each region start inside it. Every address of
 * the CIDR gets the verdict of one of these.
 */
export function addressesIn(policies: ReadonlyArray<CompiledPolicy>, cidr: ParsedCidr): string[] {
  const bits = cidr.bytes.length * 8;
  const first = toBigInt(cidr.bytes);
  const end = first + 2n ** BigInt(bits - cidr.prefix);
  const inside = [...regionStarts(policies)[cidr.family]].filter(start => start > first && start < end);
  return [first, ...inside.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))].map(v => formatAddress(cidr.family, v));
}

/** Where the regions start that the ipBlocks of the policies carve out of each family's space. */
function regionStarts(policies: ReadonlyArray<CompiledPolicy>): { [F in 4 | 6]: Set<bigint> } {
  const starts: { [F in 4 | 6]: Set<bigint> } = { 4: new Set([0n]), 6: new Set([0n]) };
  const add = (cidr: ParsedCidr) => {
    const bits = cidr.bytes.length * 8;
    const first = toBigInt(cidr.bytes);
    const next = first + 2n ** BigInt(bits - cidr.prefix);
    starts[cidr.family].add(first);
    if (next < 2n ** BigInt(bits)) {
      starts[cidr.family].add(next);
    }
  };
  for (const policy of policies) {
    for (const rule of policy.rules) {
      for (const peer of rule.peers) {
        if (peer.kind === 'ipBlock') {
          add(peer.cidr);
          peer.except.forEach(add);
        }
      }
    }
  }
  return starts;
}

function toBigInt(bytes: ReadonlyArray<number>): bigint {
  return bytes.reduce((acc, b) => acc * 256n + BigInt(b), 0n);
}

function formatAddress(family: 4 | 6, value: bigint): string {
  const count = family === 4 ? 4 : 16;
  const bytes: number[] = [];
  let rest = value;
  for (let i = 0; i < count; i++) {
    bytes.unshift(Number(rest % 256n));
    rest /= 256n;
  }
  return formatIp(bytes);
}

/** A CIDR when the region is one, else `first-last`. */
function formatRegion(family: 4 | 6, first: bigint, last: bigint): string {
  const size = last - first + 1n;
  const bits = family === 4 ? 32 : 128;
  let hostBits = 0;
  while (2n ** BigInt(hostBits) < size) {
    hostBits++;
  }
  if (2n ** BigInt(hostBits) === size && first % size === 0n) {
    return `${formatAddress(family, first)}/${bits - hostBits}`;
  }
  return `${formatAddress(family, first)}-${formatAddress(family, last)}`;
}
