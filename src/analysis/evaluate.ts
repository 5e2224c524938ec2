import { Protocol } from '../core/port';
import { classKey, Endpoint, EndpointClass, Inventory, namespaceLabels } from './model/endpoint';
import { comparePolicyRefs, compareRuleRefs, policyKey } from './model/order';
import { peerMatches, PodPeerMatcher } from './model/peer-matcher';
import { portMatches } from './model/port-matcher';
import { Direction, PolicyRef, RuleRef } from './model/rule-ref';
import { Labels, selectorMatches } from './model/selector-matcher';
import { CompiledRule, Policy, Target } from './model/target';

/*
 * Stage 3 of the engine: Traffic -> a result per direction.
 *
 * Endpoints that policies cannot tell apart (same namespace and namespace
 * labels, pod labels, ports and IPs) share an EndpointClass; the targets
 * that select a class are computed once per class. A matrix then costs
 * (rules x classes) for the policy work, plus one lookup per pair.
 */

/** The port and protocol of the traffic, the port resolved to a number. */
export interface Probe {
  readonly protocol: Protocol;
  readonly port: number;
}

/** Traffic between two endpoint classes. */
export interface Traffic {
  readonly source: EndpointClass;
  readonly destination: EndpointClass;
  readonly probe: Probe;
}

/** What one direction decided, with provenance. */
export interface DirectionResult {
  readonly direction: Direction;
  /** Whether a policy selects the pod in this direction. */
  readonly isolated: boolean;
  /** Policies that select the pod in this direction, sorted. */
  readonly selectedBy: PolicyRef[];
  /** Whether this direction lets the traffic through. */
  readonly allowed: boolean;
  /** Rules that allow the traffic, sorted. */
  readonly matching: RuleRef[];
  /** Rules whose peers match but whose ports do not, sorted. */
  readonly portMismatches: RuleRef[];
  /** How many rules the selecting policies have in this direction. */
  readonly ruleCount: number;
}

/** What a traffic evaluation decided. */
export interface TrafficResult {
  /** Egress, checked on the source. */
  readonly egress: DirectionResult;
  /** Ingress, checked on the destination. */
  readonly ingress: DirectionResult;
  /** Both directions allow it. */
  readonly allowed: boolean;
}

/**
 * The compiled policy and inventory, with per-class caches. Create with
 * `prepare`; the inventory is fixed once prepared.
 */
export interface Prepared {
  readonly policy: Policy;
  readonly namespaces: ReadonlyMap<string, Labels>;
  /** Every class seen so far; inventory classes first. */
  readonly classes: EndpointClass[];
  /** The class of each inventory endpoint, by index in `inventory.endpoints`. */
  readonly endpointClasses: number[];
  readonly classByKey: Map<string, EndpointClass>;
  readonly targetsByNamespace: Map<string, Target[]>;
  /** What selects each class, by class index (a dense array: faster than a Map) and direction. */
  readonly selection: Array<{ readonly ingress: Selection; readonly egress: Selection } | undefined>;
  /** The class of each endpoint object seen so far: endpoints never change. */
  readonly classByEndpoint: WeakMap<Endpoint, EndpointClass>;
}

/** The targets that select a class in one direction, with what every probe of it needs. */
interface Selection {
  readonly targets: Target[];
  /** Their policies, sorted. */
  readonly selectedBy: PolicyRef[];
  /** Their rules, in target order. */
  readonly rules: CompiledRule[];
  /** The targets' keys: classes with the same key have the same rules. */
  readonly key: string;
}

/** Groups the inventory into classes and indexes targets by namespace. */
export function prepare(policy: Policy, inventory: Inventory): Prepared {
  const targetsByNamespace = new Map<string, Target[]>();
  for (const target of policy.targets) {
    const list = targetsByNamespace.get(target.namespace) ?? [];
    list.push(target);
    targetsByNamespace.set(target.namespace, list);
  }
  const prepared: Prepared = {
    policy,
    namespaces: inventory.namespaces,
    classes: [],
    endpointClasses: [],
    classByKey: new Map(),
    targetsByNamespace,
    selection: [],
    classByEndpoint: new WeakMap(),
  };
  for (const endpoint of inventory.endpoints) {
    prepared.endpointClasses.push(classOf(prepared, endpoint).index);
  }
  return prepared;
}

/** The class of an endpoint, added to the table when new. */
export function classOf(prepared: Prepared, endpoint: Endpoint): EndpointClass {
  const known = prepared.classByEndpoint.get(endpoint);
  if (known) {
    return known;
  }
  const nsLabels: Labels = endpoint.external || endpoint.namespace === undefined
    ? {}
    : namespaceLabels(prepared.namespaces, endpoint.namespace);
  const key = classKey(endpoint, nsLabels);
  let cls = prepared.classByKey.get(key);
  if (!cls) {
    cls = {
      index: prepared.classes.length,
      key,
      namespace: endpoint.external ? undefined : endpoint.namespace,
      namespaceLabels: nsLabels,
      labels: endpoint.external ? {} : endpoint.labels,
      ports: endpoint.external ? [] : endpoint.ports,
      ips: endpoint.ips,
      external: endpoint.external,
    };
    prepared.classes.push(cls);
    prepared.classByKey.set(key, cls);
  }
  prepared.classByEndpoint.set(endpoint, cls);
  return cls;
}

/**
 * The targets that select a class in a direction: those of its namespace
 * whose podSelector matches its labels. None for an external IP.
 */
export function selectedTargets(prepared: Prepared, cls: EndpointClass, direction: Direction): Target[] {
  return selectionOf(prepared, cls, direction).targets;
}

function selectionOf(prepared: Prepared, cls: EndpointClass, direction: Direction): Selection {
  let sel = prepared.selection[cls.index];
  if (!sel) {
    const ingress: Target[] = [];
    const egress: Target[] = [];
    if (!cls.external && cls.namespace !== undefined) {
      for (const target of prepared.targetsByNamespace.get(cls.namespace) ?? []) {
        if (selectorMatches(target.podSelector, cls.labels)) {
          (target.direction === Direction.INGRESS ? ingress : egress).push(target);
        }
      }
    }
    sel = { ingress: selection(ingress), egress: selection(egress) };
    prepared.selection[cls.index] = sel;
  }
  return direction === Direction.INGRESS ? sel.ingress : sel.egress;
}

function selection(targets: Target[]): Selection {
  const selectedBy = new Map<string, PolicyRef>();
  for (const target of targets) {
    for (const ref of target.policies) {
      selectedBy.set(policyKey(ref), ref);
    }
  }
  return {
    targets,
    selectedBy: [...selectedBy.values()].sort(comparePolicyRefs),
    rules: targets.flatMap(t => t.rules),
    key: targets.map(t => t.key).join('\n'),
  };
}

/**
 * Evaluates one direction: egress on the source (its peer is the
 * destination), or ingress on the destination (its peer is the source).
 * Ports are matched against the destination in both directions, so named
 * ports resolve on the destination pod.
 */
export function evaluateDirection(prepared: Prepared, direction: Direction, traffic: Traffic): DirectionResult {
  const subject = direction === Direction.INGRESS ? traffic.destination : traffic.source;
  const peer = direction === Direction.INGRESS ? traffic.source : traffic.destination;
  const sel = selectionOf(prepared, subject, direction);
  const matching: RuleRef[] = [];
  const portMismatches: RuleRef[] = [];
  for (const rule of sel.rules) {
    if (!anyPeerMatches(rule, peer)) {
      continue;
    }
    if (ruleAllowsPort(rule, traffic.probe, traffic.destination)) {
      matching.push(rule.ref);
    } else {
      portMismatches.push(rule.ref);
    }
  }
  const isolated = sel.targets.length > 0;
  return {
    direction,
    isolated,
    selectedBy: [...sel.selectedBy],
    allowed: !isolated || matching.length > 0,
    matching: matching.length > 1 ? matching.sort(compareRuleRefs) : matching,
    portMismatches: portMismatches.length > 1 ? portMismatches.sort(compareRuleRefs) : portMismatches,
    ruleCount: sel.rules.length,
  };
}

/** Evaluates traffic: it passes when egress on the source and ingress on the destination both allow it. */
export function evaluateTraffic(prepared: Prepared, traffic: Traffic): TrafficResult {
  const egress = evaluateDirection(prepared, Direction.EGRESS, traffic);
  const ingress = evaluateDirection(prepared, Direction.INGRESS, traffic);
  return { egress, ingress, allowed: egress.allowed && ingress.allowed };
}

/**
 * Reachability between all classes for one probe.
 *
 * `allowed(s, d)` answers in O(1) from per-class rows: the peers each
 * isolated class admits in each direction. Classes with the same selection
 * (and, for ingress, the same port outcome) share a row.
 */
export interface ClassMatrix {
  /** The number of classes covered (classes added later are not). */
  readonly size: number;
  /** Whether class `source` can reach class `destination`. */
  allowed(source: number, destination: number): boolean;
  /** How many pairs of `rows` (class indexes, repeats counted) are allowed. */
  countAllowed(rows: readonly number[]): number;
}

/** Computes reachability between every pair of the prepared classes. */
export function evaluateMatrix(prepared: Prepared, probe: Probe): ClassMatrix {
  const classes = prepared.classes.slice();
  const size = classes.length;
  const everyone = new Uint8Array(size).fill(1);

  // Pod peers only match pods of some namespaces: test a namespaceSelector
  // once per namespace, and a podSelector only on that namespace's classes.
  const byNamespace = new Map<string, { readonly labels: Labels; readonly members: number[] }>();
  classes.forEach((cls, c) => {
    if (!cls.external && cls.namespace !== undefined) {
      let group = byNamespace.get(cls.namespace);
      if (!group) {
        group = { labels: cls.namespaceLabels, members: [] };
        byNamespace.set(cls.namespace, group);
      }
      group.members.push(c);
    }
  });
  // The classes each rule's peers match, as a list: most pod peers match a
  // few classes, so rows are built from these without scanning every class.
  const markPods = (matched: number[], matcher: PodPeerMatcher, members: number[]): void => {
    for (const c of members) {
      if (matcher.podSelector === undefined || selectorMatches(matcher.podSelector, classes[c].labels)) {
        matched.push(c);
      }
    }
  };
  const peerLists = new Map<object, number[]>();
  const peerList = (rule: CompiledRule): number[] => {
    let list = peerLists.get(rule);
    if (!list) {
      const matched: number[] = [];
      for (const matcher of rule.peers) {
        if (matcher.kind === 'pods' && matcher.namespaceSelector === undefined) {
          markPods(matched, matcher, byNamespace.get(matcher.ownNamespace!)?.members ?? []);
        } else if (matcher.kind === 'pods') {
          for (const group of byNamespace.values()) {
            if (selectorMatches(matcher.namespaceSelector!, group.labels)) {
              markPods(matched, matcher, group.members);
            }
          }
        } else {
          for (let c = 0; c < size; c++) {
            if (peerMatches(matcher, classes[c])) {
              matched.push(c);
            }
          }
        }
      }
      // Several peers of one rule may match the same class: keep each once.
      list = rule.peers.length > 1 ? [...new Set(matched)] : matched;
      peerLists.set(rule, list);
    }
    return list;
  };

  const rowCache = new Map<string, Uint8Array>();
  const ingressRows: Uint8Array[] = [];
  const egressRows: Uint8Array[] = [];
  for (const cls of classes) {
    // Ingress on cls as destination: rules whose ports admit the probe on cls.
    const inbound = selectionOf(prepared, cls, Direction.INGRESS);
    if (inbound.targets.length === 0) {
      ingressRows.push(everyone);
    } else {
      const rules = inbound.rules.filter(r => ruleAllowsPort(r, probe, cls));
      const key = `in|${inbound.key}|${rules.map(r => ruleKey(r)).join(',')}`;
      let row = rowCache.get(key);
      if (!row) {
        row = new Uint8Array(size);
        for (const rule of rules) {
          for (const c of peerList(rule)) {
            row[c] = 1;
          }
        }
        rowCache.set(key, row);
      }
      ingressRows.push(row);
    }
    // Egress on cls as source: peers AND ports per rule, ports on the destination.
    const outbound = selectionOf(prepared, cls, Direction.EGRESS);
    if (outbound.targets.length === 0) {
      egressRows.push(everyone);
    } else {
      const key = `out|${outbound.key}`;
      let row = rowCache.get(key);
      if (!row) {
        row = new Uint8Array(size);
        for (const rule of outbound.rules) {
          for (const c of peerList(rule)) {
            if (row[c] === 0 && ruleAllowsPort(rule, probe, classes[c])) {
              row[c] = 1;
            }
          }
        }
        rowCache.set(key, row);
      }
      egressRows.push(row);
    }
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

// Plain loops: these run for every rule of every probe.
/** Whether some peer of `rule` matches the class `peer`. */
export function anyPeerMatches(rule: CompiledRule, peer: EndpointClass): boolean {
  for (const matcher of rule.peers) {
    if (peerMatches(matcher, peer)) {
      return true;
    }
  }
  return false;
}

/** Whether some port of `rule` admits `probe` on the class `destination` (named ports resolve there). */
export function ruleAllowsPort(rule: CompiledRule, probe: Probe, destination: EndpointClass): boolean {
  for (const matcher of rule.ports) {
    if (portMatches(matcher, probe.protocol, probe.port, destination)) {
      return true;
    }
  }
  return false;
}

function ruleKey(rule: CompiledRule): string {
  const r = rule.ref;
  return `${r.namespace}/${r.name}/${r.direction}/${r.ruleIndex}`;
}
