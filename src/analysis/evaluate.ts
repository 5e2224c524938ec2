import { classKey, Endpoint, EndpointClass, Inventory, namespaceLabels } from './model/endpoint';
import { comparePolicyRefs, compareRuleRefs, policyKey } from './model/order';
import { peerMatches } from './model/peer-matcher';
import { PortSpec } from './model/port-spec';
import { PolicyRef, RuleRef } from './model/rule-ref';
import { Labels, selectorMatches } from './model/selector-matcher';
import { CompiledRule, Policy, ruleAllowsPort, Target } from './model/target';
import { Direction } from '../core/direction';

/*
 * Stage 3 of the engine: Traffic -> a result per direction.
 *
 * Endpoints that policies cannot tell apart (same namespace and namespace
 * labels, pod labels, ports and IPs) share an EndpointClass; the targets
 * that select a class are computed once per class. A matrix then costs
 * (rules x classes) for the policy work, plus one lookup per pair.
 */

/** Traffic between two endpoint classes, on one port. */
export interface Traffic {
  readonly source: EndpointClass;
  readonly destination: EndpointClass;
  readonly port: PortSpec;
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

/** The targets that select a class in one direction, with what every probe of it needs. */
export interface Selection {
  readonly targets: ReadonlyArray<Target>;
  /** Their policies, sorted. */
  readonly selectedBy: ReadonlyArray<PolicyRef>;
  /** Their rules, in target order. */
  readonly rules: ReadonlyArray<CompiledRule>;
  /** The targets' keys: classes with the same key have the same rules. */
  readonly key: string;
}

/**
 * The table of endpoint classes of an inventory: each endpoint's class,
 * found by its equivalence key. Endpoints outside the inventory (a workload
 * passed to `canReach`) join the table when first seen.
 */
export class EndpointClasses {
  /** Every class seen so far; the inventory's first. */
  public readonly all: EndpointClass[] = [];
  /** The class of each inventory endpoint, by index in `inventory.endpoints`. */
  public readonly ofInventory: ReadonlyArray<number>;
  private readonly byKey = new Map<string, EndpointClass>();
  private readonly byEndpoint = new WeakMap<Endpoint, EndpointClass>();

  constructor(private readonly inventory: Inventory) {
    this.ofInventory = inventory.endpoints.map(e => this.classOf(e).index);
  }

  /** The labels of a namespace: declared ones, or just the name label. */
  public namespaceLabels(namespace: string): Labels {
    return namespaceLabels(this.inventory.namespaces, namespace);
  }

  /** The class of an endpoint, added to the table when new. */
  public classOf(endpoint: Endpoint): EndpointClass {
    const known = this.byEndpoint.get(endpoint);
    if (known) {
      return known;
    }
    const nsLabels: Labels = endpoint.external || endpoint.namespace === undefined
      ? {}
      : this.namespaceLabels(endpoint.namespace);
    const key = classKey(endpoint, nsLabels);
    let cls = this.byKey.get(key);
    if (!cls) {
      cls = {
        index: this.all.length,
        key,
        namespace: endpoint.external ? undefined : endpoint.namespace,
        namespaceLabels: nsLabels,
        labels: endpoint.external ? {} : endpoint.labels,
        ports: endpoint.external ? [] : endpoint.ports,
        ips: endpoint.ips,
        external: endpoint.external,
      };
      this.all.push(cls);
      this.byKey.set(key, cls);
    }
    this.byEndpoint.set(endpoint, cls);
    return cls;
  }
}

/**
 * The compiled policies over an inventory: which targets select each class,
 * and the verdict of any traffic. Built once per policy set and inventory.
 */
export class Evaluator {
  /** The endpoint classes of the inventory. */
  public readonly classes: EndpointClasses;
  private readonly targetsByNamespace = new Map<string, Target[]>();
  /** What selects each class, by class index (a dense array: faster than a Map) and direction. */
  private readonly selections: Array<{ readonly ingress: Selection; readonly egress: Selection } | undefined> = [];
  /** Verdicts of `allows()`, by port (`TCP/8080`), source class index and destination class index. */
  private readonly verdicts = new Map<string, Map<number, Map<number, boolean>>>();

  constructor(public readonly policy: Policy, inventory: Inventory) {
    for (const target of policy.targets) {
      const list = this.targetsByNamespace.get(target.namespace) ?? [];
      list.push(target);
      this.targetsByNamespace.set(target.namespace, list);
    }
    this.classes = new EndpointClasses(inventory);
  }

  /**
   * The targets that select a class in a direction: those of its namespace
   * whose podSelector matches its labels. None for an external IP.
   */
  public selection(cls: EndpointClass, direction: Direction): Selection {
    let sel = this.selections[cls.index];
    if (!sel) {
      const ingress: Target[] = [];
      const egress: Target[] = [];
      if (!cls.external && cls.namespace !== undefined) {
        for (const target of this.targetsByNamespace.get(cls.namespace) ?? []) {
          if (selectorMatches(target.podSelector, cls.labels)) {
            (target.direction === Direction.INGRESS ? ingress : egress).push(target);
          }
        }
      }
      sel = { ingress: selectionOf(ingress), egress: selectionOf(egress) };
      this.selections[cls.index] = sel;
    }
    return direction === Direction.INGRESS ? sel.ingress : sel.egress;
  }

  /**
   * Evaluates one direction: egress on the source (its peer is the
   * destination), or ingress on the destination (its peer is the source).
   * Ports are matched against the destination in both directions, so named
   * ports resolve on the destination pod.
   */
  public evaluateDirection(direction: Direction, traffic: Traffic): DirectionResult {
    const subject = direction === Direction.INGRESS ? traffic.destination : traffic.source;
    const peer = direction === Direction.INGRESS ? traffic.source : traffic.destination;
    const sel = this.selection(subject, direction);
    const matching: RuleRef[] = [];
    const portMismatches: RuleRef[] = [];
    for (const rule of sel.rules) {
      if (!anyPeerMatches(rule, peer)) {
        continue;
      }
      if (ruleAllowsPort(rule, traffic.port, traffic.destination)) {
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
  public evaluate(traffic: Traffic): TrafficResult {
    const egress = this.evaluateDirection(Direction.EGRESS, traffic);
    const ingress = this.evaluateDirection(Direction.INGRESS, traffic);
    return { egress, ingress, allowed: egress.allowed && ingress.allowed };
  }

  /**
   * Whether traffic passes, as `evaluate(traffic).allowed` says, without the
   * explanation. The verdict of each pair of classes on each port is
   * computed once: repeated probes between the same classes cost a lookup.
   */
  public allows(traffic: Traffic): boolean {
    const portKey = `${traffic.port.protocol}/${traffic.port.port}`;
    let bySource = this.verdicts.get(portKey);
    if (!bySource) {
      bySource = new Map();
      this.verdicts.set(portKey, bySource);
    }
    let byDestination = bySource.get(traffic.source.index);
    if (!byDestination) {
      byDestination = new Map();
      bySource.set(traffic.source.index, byDestination);
    }
    let allowed = byDestination.get(traffic.destination.index);
    if (allowed === undefined) {
      allowed = this.directionAllows(Direction.EGRESS, traffic) && this.directionAllows(Direction.INGRESS, traffic);
      byDestination.set(traffic.destination.index, allowed);
    }
    return allowed;
  }

  /** `evaluateDirection(direction, traffic).allowed`, stopping at the first rule that allows. */
  private directionAllows(direction: Direction, traffic: Traffic): boolean {
    const subject = direction === Direction.INGRESS ? traffic.destination : traffic.source;
    const peer = direction === Direction.INGRESS ? traffic.source : traffic.destination;
    const sel = this.selection(subject, direction);
    if (sel.targets.length === 0) {
      return true;
    }
    for (const rule of sel.rules) {
      if (anyPeerMatches(rule, peer) && ruleAllowsPort(rule, traffic.port, traffic.destination)) {
        return true;
      }
    }
    return false;
  }
}

function selectionOf(targets: Target[]): Selection {
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
