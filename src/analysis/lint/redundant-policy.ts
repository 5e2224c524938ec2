import { effectivePolicyTypes } from '../compile';
import { anyPeerMatches, Prepared, Probe, ruleAllowsPort, selectedTargets } from '../evaluate';
import { LintContext, LintFinding, LintPolicy, LintRule, rulesOf } from './context';
import { prepareEngine } from './engine';
import { Protocol } from '../../core/port';
import { parseCidr } from '../../kube/cidr';
import { Endpoint, EndpointClass } from '../model/endpoint';
import { comparePolicyRefs, policyKey } from '../model/order';
import { PortMatcher, portMatches } from '../model/port-matcher';
import { Direction } from '../model/rule-ref';
import { CompiledRule, Target } from '../model/target';

/** NP007. */
export const REDUNDANT_POLICY: LintRule = {
  id: 'NP007',
  name: 'redundant-policy',
  severity: 'note',
  summary: 'Every flow the policy allows is also allowed by other policies: removing it changes nothing.',
  description: 'A policy that changes no connection is dead weight that reviewers still have to read, and it hides '
    + 'which policy really allows a flow. It is checked with the policy engine: the reachability of every pair '
    + 'of workloads of the manifests (and of sample addresses outside the cluster) is computed with and without '
    + 'the policy, on every port the policies mention; the policy is redundant when nothing changes.',
  help: 'Delete the policy, or merge what it documents into the policy that already allows its traffic.',
  needsInventory: true,
};

const PROTOCOLS: Protocol[] = [Protocol.TCP, Protocol.UDP, Protocol.SCTP];
const MAX_PORT = 65535;

/**
 * NP007: a policy with rules, selecting some workload, whose removal
 * changes no flow.
 *
 * What is compared: reachability over the workloads of the manifests plus
 * sample external addresses (for every CIDR of an ipBlock, its first
 * address and the one after its last, so that every region the CIDRs
 * carve out has a sample), on sample ports (for every protocol, port 1 and,
 * for every port or range the rules mention, its first port and the one
 * after its last; named ports as the workloads resolve them). Policies are
 * checked in namespace/name order, and one found redundant is left out
 * when checking the next: deleting every policy reported together changes
 * nothing. Policies with no rules (isolation only) allow no flow and are
 * not checked, nor are policies whose rules, on their own, allow nothing
 * over the inventory (NP003 or NP008 say why).
 *
 * How: the policies are compiled once (see `Flows`). Removing a policy
 * changes only the egress of the pods it selects for egress and the
 * ingress of those it selects for ingress, so only flows from the former
 * or to the latter are compared, and only on the sample ports its rules
 * match, unless removing it leaves one of those pods not isolated. The
 * cost per policy is at most about (pods it selects) x (ports compared) x
 * (endpoints), not a whole matrix; nothing is capped.
 */
export function checkRedundantPolicy(ctx: LintContext): LintFinding[] {
  const selected = (policy: LintPolicy) => ctx.selectedWorkloads(policy);
  const candidates = ctx.policies
    .filter(p => hasRules(p) && selected(p).length > 0)
    .sort(comparePolicyRefs);
  if (candidates.length === 0) {
    return [];
  }
  const externals = externalSamples(ctx.policies);
  const probes = probeSamples(ctx.policies, ctx.workloads);
  const flows = new Flows(prepareEngine(ctx, externals));
  // Whether the policy's rules, on their own, allow some flow: the policy
  // alone against the policy with its rules removed (isolation only).
  const allows = new Map<LintPolicy, boolean>();
  const allowsAnything = (policy: LintPolicy): boolean => {
    let result = allows.get(policy);
    if (result === undefined) {
      const key = policyKey(policy);
      result = flows.changes(key, k => k === key ? 'rules' : undefined, k => k === key ? 'isolation' : undefined, probes);
      allows.set(policy, result);
    }
    return result;
  };

  const kept = new Set(ctx.policies.map(policyKey));
  const withRules = new Map<string, Array<{ readonly policy: LintPolicy; readonly key: string }>>();
  for (const policy of ctx.policies.filter(hasRules)) {
    const list = withRules.get(policy.namespace) ?? [];
    list.push({ policy, key: policyKey(policy) });
    withRules.set(policy.namespace, list);
  }
  const findings: LintFinding[] = [];
  for (const policy of candidates) {
    if (!allowsAnything(policy)) {
      continue; // its rules match nothing: NP003 or NP008 say why
    }
    const key = policyKey(policy);
    const current: PolicySet = k => kept.has(k) ? 'rules' : undefined;
    const without: PolicySet = k => k !== key && kept.has(k) ? 'rules' : undefined;
    if (flows.changes(key, current, without, probes)) {
      continue;
    }
    kept.delete(key);
    const others = (withRules.get(policy.namespace) ?? []).filter(o => kept.has(o.key)).map(o => o.policy);
    const covering = overlapping(policy, others, selected, allowsAnything);
    findings.push(ctx.finding(REDUNDANT_POLICY, policy, 'metadata.name',
      `Every flow this policy allows is also allowed by other policies${covering ? ` (${covering})` : ''}: without it, no connection `
      + `changes, checked over the ${ctx.workloads.length} workloads of the manifests, ${externals.length} addresses outside the cluster `
      + `and ${probes.length} port samples.`,
      'Delete the policy, or merge what it documents into the policy that already allows its traffic.'));
  }
  return findings;
}

/** What a policy of a set contributes: its rules, or only the isolation of the pods it selects. */
type Share = 'rules' | 'isolation';

/** A set of the compiled policies: what each, by `policyKey`, contributes; undefined when it is not in the set. */
type PolicySet = (key: string) => Share | undefined;

/** A policy that selects a class in a direction, with its rules in that direction. */
interface Selecting {
  readonly key: string;
  readonly rules: ReadonlyArray<CompiledRule>;
}

/** One direction of one class under a policy set: whether it is isolated, and the rules that allow traffic. */
interface Side {
  readonly isolated: boolean;
  readonly rules: ReadonlyArray<CompiledRule>;
}

/**
 * The peers that one direction of a class admits on one probe, by class
 * index (`row` undefined: not isolated, every peer), with a key naming the
 * rules that made it: equal keys, equal rows.
 */
interface Row {
  readonly key: string;
  readonly row?: Uint8Array;
}

const EVERY_PEER: Row = { key: '*' };

/** A class no named port resolves on, for the port matchers that don't look at the destination. */
const NOWHERE: EndpointClass = { index: -1, key: '', namespaceLabels: {}, labels: {}, ports: [], ips: [], external: true };

/**
 * Every policy of the input compiled once over the endpoint classes, so
 * that any subset of them can be evaluated without compiling again: for
 * each class and direction, the policies that select it; for each policy,
 * the classes it selects; for each rule, the classes its peers match (they
 * depend neither on the port nor on the other policies).
 */
class Flows {
  private readonly classes: ReadonlyArray<EndpointClass>;
  private readonly selecting: Array<{ readonly ingress: Selecting[]; readonly egress: Selecting[] }> = [];
  private readonly selected = new Map<string, { readonly ingress: number[]; readonly egress: number[] }>();
  private readonly rules = new Map<string, CompiledRule[]>();
  private readonly ruleIds = new Map<CompiledRule, number>();
  private readonly peerSets = new Map<CompiledRule, Uint8Array>();

  constructor(prepared: Prepared) {
    this.classes = prepared.classes.slice();
    for (const target of prepared.policy.targets) {
      for (const rule of target.rules) {
        const key = policyKey(rule.ref);
        const list = this.rules.get(key) ?? [];
        list.push(rule);
        this.rules.set(key, list);
        this.ruleIds.set(rule, this.ruleIds.size);
      }
    }
    const byTarget = new Map<Target, Selecting[]>();
    const entries = (target: Target): Selecting[] => {
      let list = byTarget.get(target);
      if (!list) {
        list = target.policies.map(ref => {
          const key = policyKey(ref);
          return { key, rules: target.rules.filter(r => policyKey(r.ref) === key) };
        });
        byTarget.set(target, list);
      }
      return list;
    };
    for (const cls of this.classes) {
      const sel = {
        ingress: selectedTargets(prepared, cls, Direction.INGRESS).flatMap(entries),
        egress: selectedTargets(prepared, cls, Direction.EGRESS).flatMap(entries),
      };
      this.selecting[cls.index] = sel;
      for (const direction of [Direction.INGRESS, Direction.EGRESS]) {
        for (const entry of direction === Direction.INGRESS ? sel.ingress : sel.egress) {
          let classes = this.selected.get(entry.key);
          if (!classes) {
            classes = { ingress: [], egress: [] };
            this.selected.set(entry.key, classes);
          }
          (direction === Direction.INGRESS ? classes.ingress : classes.egress).push(cls.index);
        }
      }
    }
  }

  /**
   * Whether `before` and `after`, which differ only in what policy `key`
   * contributes, differ on some flow between classes on some probe.
   *
   * Only the egress of the classes the policy selects for egress
   * (`sources`) and the ingress of those it selects for ingress
   * (`destinations`) can differ, so only flows from a source or to a
   * destination are compared. Unless `after` leaves one of them not
   * isolated, only the probes the policy's rules match can differ. Rows
   * and their differences are computed once per set of matching rules,
   * not once per probe.
   */
  public changes(key: string, before: PolicySet, after: PolicySet, probes: ReadonlyArray<Probe>): boolean {
    const size = this.classes.length;
    const { egress: sources, ingress: destinations } = this.selected.get(key) ?? { egress: [], ingress: [] };
    if (sources.length === 0 && destinations.length === 0) {
      return false;
    }
    const isSource = new Uint8Array(size);
    const isDestination = new Uint8Array(size);
    sources.forEach(c => isSource[c] = 1);
    destinations.forEach(c => isDestination[c] = 1);
    const memo = (direction: Direction, set: PolicySet): (c: number) => Side => {
      const sides = new Map<number, Side>();
      return c => {
        let side = sides.get(c);
        if (!side) {
          side = this.side(c, direction, set);
          sides.set(c, side);
        }
        return side;
      };
    };
    const ingressBefore = memo(Direction.INGRESS, before);
    const egressBefore = memo(Direction.EGRESS, before);
    const ingressAfter = memo(Direction.INGRESS, after);
    const egressAfter = memo(Direction.EGRESS, after);

    const deisolates = sources.some(c => !egressAfter(c).isolated) || destinations.some(c => !ingressAfter(c).isolated);
    const relevant = deisolates ? probes : this.matchedProbes(key, destinations, probes);
    const rows = new Map<string, Uint8Array>();
    const diffs = new Map<string, number[]>();
    for (const probe of relevant) {
      const inBefore = destinations.map(d => this.ingressRow(ingressBefore(d), d, probe, rows));
      const inAfter = destinations.map(d => this.ingressRow(ingressAfter(d), d, probe, rows));
      // Flows to a destination from a class that is not a source: only the ingress differs.
      for (let i = 0; i < destinations.length; i++) {
        const d = destinations[i];
        for (const s of this.diff(inBefore[i], inAfter[i], diffs)) {
          if (isSource[s] === 0 && this.allows(egressBefore(s), d, d, probe)) {
            return true;
          }
        }
      }
      // Flows from a source: its egress differs, and so may the ingress of a destination.
      for (const s of sources) {
        const outBefore = this.egressRow(egressBefore(s), probe, rows);
        const outAfter = this.egressRow(egressAfter(s), probe, rows);
        for (const d of this.diff(outBefore, outAfter, diffs)) {
          if (isDestination[d] === 0 && this.allows(ingressBefore(d), s, d, probe)) {
            return true;
          }
        }
        for (let i = 0; i < destinations.length; i++) {
          const d = destinations[i];
          if ((has(outBefore, d) && has(inBefore[i], s)) !== (has(outAfter, d) && has(inAfter[i], s))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** A direction of a class under a policy set. */
  private side(c: number, direction: Direction, set: PolicySet): Side {
    const sel = this.selecting[c];
    let isolated = false;
    const rules: CompiledRule[] = [];
    for (const entry of direction === Direction.INGRESS ? sel.ingress : sel.egress) {
      const share = set(entry.key);
      if (share !== undefined) {
        isolated = true;
        if (share === 'rules') {
          rules.push(...entry.rules);
        }
      }
    }
    return { isolated, rules };
  }

  /** The sources that the ingress side of class `d` admits on `probe`: the peers of the rules whose ports match on `d`. */
  private ingressRow(side: Side, d: number, probe: Probe, rows: Map<string, Uint8Array>): Row {
    if (!side.isolated) {
      return EVERY_PEER;
    }
    const matching = side.rules.filter(rule => ruleAllowsPort(rule, probe, this.classes[d]));
    const key = `in:${matching.map(rule => this.ruleIds.get(rule)).join(',')}`;
    let row = rows.get(key);
    if (!row) {
      row = new Uint8Array(this.classes.length);
      for (const rule of matching) {
        const peers = this.peerSet(rule);
        for (let c = 0; c < row.length; c++) {
          if (peers[c] === 1) {
            row[c] = 1;
          }
        }
      }
      rows.set(key, row);
    }
    return { key, row };
  }

  /**
   * The destinations that an egress side admits on `probe`: the peers of
   * the rules whose ports match, on the destination for named ports.
   */
  private egressRow(side: Side, probe: Probe, rows: Map<string, Uint8Array>): Row {
    if (!side.isolated) {
      return EVERY_PEER;
    }
    const matching: Array<{ rule: CompiledRule; everywhere: boolean }> = [];
    const parts: string[] = [];
    for (const rule of side.rules) {
      const admits = portsAdmit(rule, probe);
      if (admits !== false) {
        matching.push({ rule, everywhere: admits === true });
        parts.push(admits ? `${this.ruleIds.get(rule)}` : `${this.ruleIds.get(rule)}@${probe.protocol}/${probe.port}`);
      }
    }
    const key = `out:${parts.join(',')}`;
    let row = rows.get(key);
    if (!row) {
      row = new Uint8Array(this.classes.length);
      for (const { rule, everywhere } of matching) {
        const peers = this.peerSet(rule);
        for (let c = 0; c < row.length; c++) {
          if (row[c] === 0 && peers[c] === 1 && (everywhere || ruleAllowsPort(rule, probe, this.classes[c]))) {
            row[c] = 1;
          }
        }
      }
      rows.set(key, row);
    }
    return { key, row };
  }

  /** The indexes where two rows differ. */
  private diff(a: Row, b: Row, diffs: Map<string, number[]>): number[] {
    const key = `${a.key}|${b.key}`;
    let result = diffs.get(key);
    if (!result) {
      result = [];
      if (a.key !== b.key) {
        for (let c = 0; c < this.classes.length; c++) {
          if (has(a, c) !== has(b, c)) {
            result.push(c);
          }
        }
      }
      diffs.set(key, result);
    }
    return result;
  }

  /** Whether a side (the ingress of `destination`, or the egress of the source) admits class `peer` on `probe`. */
  private allows(side: Side, peer: number, destination: number, probe: Probe): boolean {
    return !side.isolated
      || side.rules.some(rule => this.peerSet(rule)[peer] === 1 && ruleAllowsPort(rule, probe, this.classes[destination]));
  }

  /** The classes that a rule's peers match. */
  private peerSet(rule: CompiledRule): Uint8Array {
    let set = this.peerSets.get(rule);
    if (!set) {
      set = new Uint8Array(this.classes.length);
      for (let c = 0; c < set.length; c++) {
        set[c] = anyPeerMatches(rule, this.classes[c]) ? 1 : 0;
      }
      this.peerSets.set(rule, set);
    }
    return set;
  }

  /**
   * The probes that some rule of policy `key` matches: those on which it
   * can allow a flow. Named ports resolve on the destination: for an
   * ingress rule, a class the policy selects for ingress; for an egress
   * rule, a class its peers match.
   */
  private matchedProbes(key: string, destinations: ReadonlyArray<number>, probes: ReadonlyArray<Probe>): Probe[] {
    const matchers: PortMatcher[] = [];
    const named = new Map<Protocol, Set<number>>();
    for (const rule of this.rules.get(key) ?? []) {
      for (const matcher of rule.ports) {
        if (matcher.kind !== 'named') {
          matchers.push(matcher);
          continue;
        }
        const peers = rule.ref.direction === Direction.EGRESS ? this.peerSet(rule) : undefined;
        const classes = peers ? this.classes.filter(c => peers[c.index] === 1) : destinations.map(d => this.classes[d]);
        for (const cls of classes) {
          for (const p of cls.ports) {
            if (p.name === matcher.name && p.protocol === matcher.protocol) {
              const ports = named.get(p.protocol) ?? new Set<number>();
              ports.add(p.port);
              named.set(p.protocol, ports);
            }
          }
        }
      }
    }
    return probes.filter(probe => named.get(probe.protocol)?.has(probe.port)
      || matchers.some(m => portMatches(m, probe.protocol, probe.port, NOWHERE)));
  }
}

function has(row: Row, index: number): boolean {
  return row.row === undefined || row.row[index] === 1;
}

/**
 * Whether a rule's ports admit `probe` on every destination (true), on
 * none (false), or on those where a named port of the rule resolves to it
 * (undefined).
 */
function portsAdmit(rule: CompiledRule, probe: Probe): boolean | undefined {
  let named = false;
  for (const m of rule.ports) {
    if (m.kind === 'named') {
      named = named || m.protocol === probe.protocol;
    } else if (portMatches(m, probe.protocol, probe.port, NOWHERE)) {
      return true;
    }
  }
  return named ? undefined : false;
}

/**
 * The other policies of the namespace that select some of the same
 * workloads in a same direction and allow some flow, e.g.
 * `shop/api-allow-web`.
 */
function overlapping(
  policy: LintPolicy,
  others: ReadonlyArray<LintPolicy>,
  selected: (p: LintPolicy) => ReadonlyArray<Endpoint>,
  allowsAnything: (p: LintPolicy) => boolean): string {
  const mine = new Set(selected(policy));
  const directions = effectivePolicyTypes(policy.spec);
  const names = others
    .filter(o => o.namespace === policy.namespace
      && effectivePolicyTypes(o.spec).some(d => directions.includes(d))
      && selected(o).some(w => mine.has(w))
      && allowsAnything(o))
    .map(policyKey);
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

function hasRules(policy: LintPolicy): boolean {
  return effectivePolicyTypes(policy.spec).some(d => {
    const rules = d === Direction.INGRESS ? policy.spec.ingress : policy.spec.egress;
    return Array.isArray(rules) && rules.length > 0;
  });
}

/** Sample ports: every protocol's port 1, and the bounds of every port, range and resolved named port of the rules. */
export function probeSamples(policies: ReadonlyArray<LintPolicy>, workloads: ReadonlyArray<Endpoint>): Probe[] {
  const ports = new Map<Protocol, Set<number>>(PROTOCOLS.map(p => [p, new Set([1])]));
  const add = (protocol: Protocol, first: number, last: number) => {
    const set = ports.get(protocol);
    if (!set) {
      return;
    }
    set.add(first);
    if (last + 1 <= MAX_PORT) {
      set.add(last + 1);
    }
  };
  for (const policy of policies) {
    for (const rule of rulesOf(policy)) {
      for (const entry of rule.ports) {
        const protocol = (entry?.protocol ?? Protocol.TCP) as Protocol;
        if (typeof entry?.port === 'number') {
          add(protocol, entry.port, entry.endPort ?? entry.port);
        } else if (typeof entry?.port === 'string') {
          for (const w of workloads) {
            for (const p of w.ports) {
              if (p.name === entry.port && p.protocol === protocol) {
                add(protocol, p.port, p.port);
              }
            }
          }
        }
      }
    }
  }
  return PROTOCOLS.flatMap(protocol => [...ports.get(protocol)!].sort((a, b) => a - b).map(port => ({ protocol, port })));
}

/**
 * Sample external addresses: `0.0.0.0` and `::`, and for every CIDR of an
 * ipBlock (`cidr` and `except`), its first address and the one after its last.
 */
export function externalSamples(policies: ReadonlyArray<LintPolicy>): Endpoint[] {
  const samples = new Map<string, Endpoint>();
  const add = (family: 4 | 6, value: bigint) => {
    const ip = formatAddress(family, value);
    samples.set(ip, { id: ip, kind: 'External', name: ip, labels: {}, ports: [], ips: [ip], external: true });
  };
  add(4, 0n);
  add(6, 0n);
  for (const policy of policies) {
    for (const rule of rulesOf(policy)) {
      for (const peer of rule.peers) {
        if (!peer?.ipBlock) {
          continue;
        }
        for (const text of [peer.ipBlock.cidr, ...(peer.ipBlock.except ?? [])]) {
          const cidr = parseCidr(text);
          if (typeof cidr === 'string') {
            continue;
          }
          const bits = cidr.bytes.length * 8;
          const start = cidr.bytes.reduce((acc, b) => acc * 256n + BigInt(b), 0n);
          const next = start + 2n ** BigInt(bits - cidr.prefix);
          add(cidr.family, start);
          if (next < 2n ** BigInt(bits)) {
            add(cidr.family, next);
          }
        }
      }
    }
  }
  return [...samples.values()];
}

function formatAddress(family: 4 | 6, value: bigint): string {
  const groups: string[] = [];
  let rest = value;
  const count = family === 4 ? 4 : 8;
  const base = family === 4 ? 256n : 65536n;
  for (let i = 0; i < count; i++) {
    const part = rest % base;
    groups.unshift(family === 4 ? part.toString(10) : part.toString(16));
    rest = rest / base;
  }
  return groups.join(family === 4 ? '.' : ':');
}
