import type { Evaluator } from './evaluate';
import { EndpointClass } from './model/endpoint';
import { policyKey } from './model/order';
import { peerMatches, PodPeerMatcher } from './model/peer-matcher';
import { portMatchesAnywhere } from './model/port-matcher';
import { PortSpec } from './model/port-spec';
import { Labels, selectorMatches } from './model/selector-matcher';
import { CompiledRule, ruleAllowsPort, Target } from './model/target';
import { Direction } from '../core/direction';

/*
 * The row engine: for one direction of one class, on one port, the set of
 * peer classes it admits, as a row of bits. The reachability matrix is two
 * rows per class (egress as source, ingress as destination); the
 * redundancy lint compares rows with and without one policy through a
 * `PolicyView`.
 *
 * Rows are keyed by the rules that make them, so classes that the same
 * rules admit share a row, and each rule's peers are matched once.
 */

/** What a policy contributes to a view: its rules, or only the isolation of the pods it selects. */
export type Share = 'rules' | 'isolation';

/** A subset of the compiled policies: what each, by `policyKey`, contributes; undefined when left out. */
export type PolicyView = (key: string) => Share | undefined;

/** Every policy, with its rules. */
export const FULL_VIEW: PolicyView = () => 'rules';

/** One direction of one class under a view: whether it is isolated, and the rules that allow traffic. */
export interface Side {
  readonly isolated: boolean;
  readonly rules: ReadonlyArray<CompiledRule>;
}

/**
 * The peers one direction of a class admits on one port, by class index,
 * with a key naming the rules that made it: equal keys, equal rows.
 * `row` undefined: not isolated, every peer.
 */
export interface Row {
  readonly key: string;
  readonly row?: Uint8Array;
}

/** The row of a direction that is not isolated. */
export const EVERY_PEER: Row = { key: '*' };

/**
 * Reachability between all classes on one port.
 *
 * `allowed(s, d)` answers in O(1) from the per-class rows.
 */
export interface ClassMatrix {
  /** The number of classes covered (classes added later are not). */
  readonly size: number;
  /** Whether class `source` can reach class `destination`. */
  allowed(source: number, destination: number): boolean;
  /** How many pairs of `rows` (class indexes, repeats counted) are allowed. */
  countAllowed(rows: readonly number[]): number;
}

/** A policy that selects a class in a direction, with its rules in that direction. */
interface Selecting {
  readonly key: string;
  readonly rules: ReadonlyArray<CompiledRule>;
}

/**
 * Rows over the classes an evaluator has seen when the engine is built.
 * Caches live here: build one engine per matrix or per lint run.
 */
export class RowEngine {
  /** The classes the rows cover. */
  public readonly classes: ReadonlyArray<EndpointClass>;
  private readonly byNamespace = new Map<string, { readonly labels: Labels; readonly members: number[] }>();
  private readonly peerLists = new Map<number, number[]>();
  private readonly peerSets = new Map<number, Uint8Array>();
  private readonly rows = new Map<string, Row>();
  private readonly selecting = new Map<Target, Selecting[]>();

  constructor(private readonly evaluator: Evaluator) {
    this.classes = evaluator.classes.all.slice();
    // Pod peers only match pods of some namespaces: test a namespaceSelector
    // once per namespace, and a podSelector only on that namespace's classes.
    this.classes.forEach((cls, c) => {
      if (!cls.external && cls.namespace !== undefined) {
        let group = this.byNamespace.get(cls.namespace);
        if (!group) {
          group = { labels: cls.namespaceLabels, members: [] };
          this.byNamespace.set(cls.namespace, group);
        }
        group.members.push(c);
      }
    });
  }

  /** A direction of a class with every policy. */
  public fullSide(c: number, direction: Direction): Side {
    const sel = this.evaluator.selection(this.classes[c], direction);
    return { isolated: sel.targets.length > 0, rules: sel.rules };
  }

  /** A direction of a class under `view`. */
  public side(c: number, direction: Direction, view: PolicyView): Side {
    let isolated = false;
    const rules: CompiledRule[] = [];
    for (const target of this.evaluator.selection(this.classes[c], direction).targets) {
      for (const entry of this.selectingOf(target)) {
        const share = view(entry.key);
        if (share !== undefined) {
          isolated = true;
          if (share === 'rules') {
            rules.push(...entry.rules);
          }
        }
      }
    }
    return { isolated, rules };
  }

  /** The classes a rule's peers match, each once (they depend neither on the port nor on other rules). */
  public peerList(rule: CompiledRule): number[] {
    let list = this.peerLists.get(rule.id);
    if (!list) {
      const matched: number[] = [];
      for (const matcher of rule.peers) {
        if (matcher.kind === 'pods' && matcher.namespaceSelector === undefined) {
          this.markPods(matched, matcher, this.byNamespace.get(matcher.ownNamespace!)?.members ?? []);
        } else if (matcher.kind === 'pods') {
          for (const group of this.byNamespace.values()) {
            if (selectorMatches(matcher.namespaceSelector!, group.labels)) {
              this.markPods(matched, matcher, group.members);
            }
          }
        } else {
          this.classes.forEach((cls, c) => {
            if (peerMatches(matcher, cls)) {
              matched.push(c);
            }
          });
        }
      }
      // Several peers of one rule may match the same class: keep each once.
      list = rule.peers.length > 1 ? [...new Set(matched)] : matched;
      this.peerLists.set(rule.id, list);
    }
    return list;
  }

  /**
   * The sources that the ingress side of class `d` admits on `port`: the
   * peers of the rules whose ports match on `d` (named ports resolve there).
   */
  public ingressRow(side: Side, d: number, port: PortSpec): Row {
    if (!side.isolated) {
      return EVERY_PEER;
    }
    const matching = side.rules.filter(rule => ruleAllowsPort(rule, port, this.classes[d]));
    const key = `in:${matching.map(rule => rule.id).join(',')}`;
    let row = this.rows.get(key);
    if (!row) {
      const bits = new Uint8Array(this.classes.length);
      for (const rule of matching) {
        for (const c of this.peerList(rule)) {
          bits[c] = 1;
        }
      }
      row = { key, row: bits };
      this.rows.set(key, row);
    }
    return row;
  }

  /**
   * The destinations that an egress side admits on `port`: the peers of the
   * rules whose ports match, on the destination for named ports.
   */
  public egressRow(side: Side, port: PortSpec): Row {
    if (!side.isolated) {
      return EVERY_PEER;
    }
    const matching: Array<{ readonly rule: CompiledRule; readonly everywhere: boolean }> = [];
    const parts: string[] = [];
    for (const rule of side.rules) {
      const admits = portsAdmit(rule, port);
      if (admits !== false) {
        matching.push({ rule, everywhere: admits === true });
        parts.push(admits ? `${rule.id}` : `${rule.id}@`);
      }
    }
    // A named port resolves per destination: such a row holds for this port only.
    const named = matching.some(m => !m.everywhere);
    const key = `out:${named ? `${port.protocol}/${port.port}:` : ''}${parts.join(',')}`;
    let row = this.rows.get(key);
    if (!row) {
      const bits = new Uint8Array(this.classes.length);
      for (const { rule, everywhere } of matching) {
        for (const c of this.peerList(rule)) {
          if (bits[c] === 0 && (everywhere || ruleAllowsPort(rule, port, this.classes[c]))) {
            bits[c] = 1;
          }
        }
      }
      row = { key, row: bits };
      this.rows.set(key, row);
    }
    return row;
  }

  /** Whether a side (the ingress of `destination`, or the egress of the source) admits class `peer` on `port`. */
  public admits(side: Side, peer: number, destination: number, port: PortSpec): boolean {
    return !side.isolated
      || side.rules.some(rule => this.peerSet(rule)[peer] === 1 && ruleAllowsPort(rule, port, this.classes[destination]));
  }

  /** The classes a rule's peers match, as bits. */
  private peerSet(rule: CompiledRule): Uint8Array {
    let set = this.peerSets.get(rule.id);
    if (!set) {
      set = new Uint8Array(this.classes.length);
      for (const c of this.peerList(rule)) {
        set[c] = 1;
      }
      this.peerSets.set(rule.id, set);
    }
    return set;
  }

  private markPods(matched: number[], matcher: PodPeerMatcher, members: number[]): void {
    for (const c of members) {
      if (matcher.podSelector === undefined || selectorMatches(matcher.podSelector, this.classes[c].labels)) {
        matched.push(c);
      }
    }
  }

  private selectingOf(target: Target): Selecting[] {
    let list = this.selecting.get(target);
    if (!list) {
      list = target.policies.map(ref => {
        const key = policyKey(ref);
        return { key, rules: target.rules.filter(r => policyKey(r.ref) === key) };
      });
      this.selecting.set(target, list);
    }
    return list;
  }
}

/** Whether the row has class `index`: always, for a direction that is not isolated. */
export function rowHas(row: Row, index: number): boolean {
  return row.row === undefined || row.row[index] === 1;
}

/** The reachability between every pair of the classes an evaluator has seen, on one port. */
export function matrixOf(evaluator: Evaluator, port: PortSpec): ClassMatrix {
  const engine = new RowEngine(evaluator);
  const size = engine.classes.length;
  const everyone = new Uint8Array(size).fill(1);
  const ingressRows: Uint8Array[] = [];
  const egressRows: Uint8Array[] = [];
  for (let c = 0; c < size; c++) {
    ingressRows.push(engine.ingressRow(engine.fullSide(c, Direction.INGRESS), c, port).row ?? everyone);
    egressRows.push(engine.egressRow(engine.fullSide(c, Direction.EGRESS), port).row ?? everyone);
  }
  return {
    size,
    allowed: (s, d) => egressRows[s][d] === 1 && ingressRows[d][s] === 1,
    countAllowed: (rows: readonly number[]) => countAllowed(rows, egressRows, ingressRows),
  };
}

/**
 * How many (source, destination) pairs of `rows` (class indexes, repeats
 * counted) are allowed.
 *
 * A pair is allowed when egressRows[s][d] and ingressRows[d][s] are both 1.
 * Classes share rows, so group sources by egress row R and destinations by
 * ingress row Q: the pairs of one group pair count
 * (sum of R[d] over its destinations) x (sum of Q[s] over its sources).
 */
function countAllowed(rows: readonly number[], egressRows: Uint8Array[], ingressRows: Uint8Array[]): number {
  const weight = new Map<number, number>();
  for (const c of rows) {
    weight.set(c, (weight.get(c) ?? 0) + 1);
  }
  const group = (rowsOf: Uint8Array[]) => {
    const groups = new Map<Uint8Array, { members: number[]; weights: number[] }>();
    for (const [c, w] of weight) {
      let g = groups.get(rowsOf[c]);
      if (!g) {
        g = { members: [], weights: [] };
        groups.set(rowsOf[c], g);
      }
      g.members.push(c);
      g.weights.push(w);
    }
    return [...groups];
  };
  const sources = group(egressRows);
  const destinations = group(ingressRows);
  let count = 0;
  for (const [egress, s] of sources) {
    for (const [ingress, d] of destinations) {
      let toDestinations = 0;
      for (let i = 0; i < d.members.length; i++) {
        toDestinations += egress[d.members[i]] * d.weights[i];
      }
      if (toDestinations === 0) {
        continue;
      }
      let fromSources = 0;
      for (let i = 0; i < s.members.length; i++) {
        fromSources += ingress[s.members[i]] * s.weights[i];
      }
      count += toDestinations * fromSources;
    }
  }
  return count;
}

/**
 * Whether a rule's ports admit `port` on every destination (true), on
 * none (false), or on those where a named port of the rule resolves to it
 * (undefined).
 */
export function portsAdmit(rule: CompiledRule, port: PortSpec): boolean | undefined {
  let named = false;
  for (const m of rule.ports) {
    if (m.kind === 'named') {
      named = named || m.protocol === port.protocol;
    } else if (portMatchesAnywhere(m, port.protocol, port.port)) {
      return true;
    }
  }
  return named ? undefined : false;
}
