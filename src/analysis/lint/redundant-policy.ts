import { LintContext, RuleFinding, LintRule } from './context';
import { Direction } from '../../core/direction';
import { Endpoint } from '../model/endpoint';
import { comparePolicyRefs, policyKey } from '../model/order';
import { portMatches, portMatchesAnywhere } from '../model/port-matcher';
import { PortSpec } from '../model/port-spec';
import { CompiledPolicy } from '../model/target';
import { PolicyView, Row, RowEngine, rowHas, Side } from '../rows';
import { portPieces } from '../samples';

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

/**
 * NP007: a policy with rules, selecting some workload, whose removal
 * changes no flow.
 *
 * What is compared: reachability over the workloads of the manifests plus
 * one address per region outside the cluster that the ipBlocks carve out,
 * on one port per piece of the port space where every verdict is the same
 * (see `samples.ts`). Policies are checked in namespace/name order, and one
 * found redundant is left out when checking the next: deleting every policy
 * reported together changes nothing. Policies with no rules (isolation
 * only) allow no flow and are not checked, nor are policies whose rules, on
 * their own, allow nothing over the inventory (NP003 or NP008 say why).
 *
 * How: rows of the row engine under two views, with and without the
 * policy. Removing a policy changes only the egress of the pods it selects
 * for egress and the ingress of those it selects for ingress, so only flows
 * from the former or to the latter are compared, and only on the sample
 * ports its rules match, unless removing it leaves one of those pods not
 * isolated. The cost per policy is at most about (pods it selects) x (ports
 * compared) x (endpoints), not a whole matrix; nothing is capped.
 */
export function checkRedundantPolicy(ctx: LintContext): RuleFinding[] {
  const selected = (policy: CompiledPolicy) => ctx.selectedWorkloads(policy);
  const candidates = ctx.policies
    .filter(p => hasRules(p) && selected(p).length > 0)
    .sort((a, b) => comparePolicyRefs(a.ref, b.ref));
  if (candidates.length === 0) {
    return [];
  }
  const ports = portPieces(ctx.policies, ctx.workloads).map(p => ({ protocol: p.protocol, port: p.port }));
  const flows = new Flows(ctx);
  // Whether the policy's rules, on their own, allow some flow: the policy
  // alone against the policy with its rules removed (isolation only).
  const allows = new Map<CompiledPolicy, boolean>();
  const allowsAnything = (policy: CompiledPolicy): boolean => {
    let result = allows.get(policy);
    if (result === undefined) {
      const key = policyKey(policy.ref);
      result = flows.changes(policy, k => k === key ? 'rules' : undefined, k => k === key ? 'isolation' : undefined, ports);
      allows.set(policy, result);
    }
    return result;
  };

  const kept = new Set(ctx.policies.map(p => policyKey(p.ref)));
  const findings: RuleFinding[] = [];
  for (const policy of candidates) {
    if (!allowsAnything(policy)) {
      continue; // its rules match nothing: NP003 or NP008 say why
    }
    const key = policyKey(policy.ref);
    const current: PolicyView = k => kept.has(k) ? 'rules' : undefined;
    const without: PolicyView = k => k !== key && kept.has(k) ? 'rules' : undefined;
    if (flows.changes(policy, current, without, ports)) {
      continue;
    }
    kept.delete(key);
    const others = ctx.policies.filter(o => o.ref.namespace === policy.ref.namespace && hasRules(o) && kept.has(policyKey(o.ref)));
    const covering = overlapping(policy, others, selected, allowsAnything);
    findings.push(ctx.finding(REDUNDANT_POLICY, policy.document, 'metadata.name',
      `Every flow this policy allows is also allowed by other policies${covering ? ` (${covering})` : ''}: without it, no connection `
      + `changes, checked over the ${ctx.workloads.length} workloads of the manifests, ${ctx.addresses.length} addresses outside the cluster `
      + `and ${ports.length} port samples.`,
      'Delete the policy, or merge what it documents into the policy that already allows its traffic.'));
  }
  return findings;
}

/**
 * Compares flows between two views of the policies that differ only in
 * what one policy contributes, on the row engine of the lint run.
 */
class Flows {
  private readonly rows: RowEngine;
  /** For each policy, the classes it selects in each direction. */
  private readonly selected = new Map<CompiledPolicy, { readonly ingress: number[]; readonly egress: number[] }>();

  constructor(private readonly ctx: LintContext) {
    this.rows = ctx.rows;
  }

  /**
   * Whether `before` and `after`, which differ only in what `policy`
   * contributes, differ on some flow between classes on some port.
   *
   * Only the egress of the classes the policy selects for egress
   * (`sources`) and the ingress of those it selects for ingress
   * (`destinations`) can differ, so only flows from a source or to a
   * destination are compared. Unless `after` leaves one of them not
   * isolated, only the ports the policy's rules match can differ.
   */
  public changes(policy: CompiledPolicy, before: PolicyView, after: PolicyView, ports: ReadonlyArray<PortSpec>): boolean {
    const size = this.rows.classes.length;
    const { egress: sources, ingress: destinations } = this.selectedBy(policy);
    if (sources.length === 0 && destinations.length === 0) {
      return false;
    }
    const isSource = new Uint8Array(size);
    const isDestination = new Uint8Array(size);
    sources.forEach(c => isSource[c] = 1);
    destinations.forEach(c => isDestination[c] = 1);
    const memo = (direction: Direction, view: PolicyView): (c: number) => Side => {
      const sides = new Map<number, Side>();
      return c => {
        let side = sides.get(c);
        if (!side) {
          side = this.rows.side(c, direction, view);
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
    const relevant = deisolates ? ports : this.matchedPorts(policy, destinations, ports);
    const diffs = new Map<string, number[]>();
    for (const port of relevant) {
      const inBefore = destinations.map(d => this.rows.ingressRow(ingressBefore(d), d, port));
      const inAfter = destinations.map(d => this.rows.ingressRow(ingressAfter(d), d, port));
      // Flows to a destination from a class that is not a source: only the ingress differs.
      for (let i = 0; i < destinations.length; i++) {
        const d = destinations[i];
        for (const s of this.diff(inBefore[i], inAfter[i], diffs)) {
          if (isSource[s] === 0 && this.rows.admits(egressBefore(s), d, d, port)) {
            return true;
          }
        }
      }
      // Flows from a source: its egress differs, and so may the ingress of a destination.
      for (const s of sources) {
        const outBefore = this.rows.egressRow(egressBefore(s), port);
        const outAfter = this.rows.egressRow(egressAfter(s), port);
        for (const d of this.diff(outBefore, outAfter, diffs)) {
          if (isDestination[d] === 0 && this.rows.admits(ingressBefore(d), s, d, port)) {
            return true;
          }
        }
        for (let i = 0; i < destinations.length; i++) {
          const d = destinations[i];
          if ((rowHas(outBefore, d) && rowHas(inBefore[i], s)) !== (rowHas(outAfter, d) && rowHas(inAfter[i], s))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The classes a policy selects, per direction it isolates. */
  private selectedBy(policy: CompiledPolicy): { readonly ingress: number[]; readonly egress: number[] } {
    let result = this.selected.get(policy);
    if (!result) {
      const key = policyKey(policy.ref);
      const of = (direction: Direction) => this.rows.classes
        .filter(cls => this.ctx.evaluator.selection(cls, direction).selectedBy.some(ref => policyKey(ref) === key))
        .map(cls => cls.index);
      result = { ingress: of(Direction.INGRESS), egress: of(Direction.EGRESS) };
      this.selected.set(policy, result);
    }
    return result;
  }

  /** The indexes where two rows differ. */
  private diff(a: Row, b: Row, diffs: Map<string, number[]>): number[] {
    const key = `${a.key}|${b.key}`;
    let result = diffs.get(key);
    if (!result) {
      result = [];
      if (a.key !== b.key) {
        for (let c = 0; c < this.rows.classes.length; c++) {
          if (rowHas(a, c) !== rowHas(b, c)) {
            result.push(c);
          }
        }
      }
      diffs.set(key, result);
    }
    return result;
  }

  /**
   * The ports that some rule of the policy matches: those on which it can
   * allow a flow. Named ports resolve on the destination: for an ingress
   * rule, a class the policy selects for ingress; for an egress rule, a
   * class its peers match.
   */
  private matchedPorts(policy: CompiledPolicy, destinations: ReadonlyArray<number>, ports: ReadonlyArray<PortSpec>): PortSpec[] {
    const classes = this.rows.classes;
    return ports.filter(port => policy.rules.some(rule => policy.directions.includes(rule.ref.direction) && rule.ports.some(m => {
      if (m.kind !== 'named') {
        return portMatchesAnywhere(m, port.protocol, port.port);
      }
      const where = rule.ref.direction === Direction.EGRESS ? this.rows.peerList(rule) : destinations;
      return where.some(c => portMatches(m, port.protocol, port.port, classes[c]));
    })));
  }
}

/**
 * The other policies of the namespace that select some of the same
 * workloads in a same direction and allow some flow, e.g.
 * `shop/api-allow-web`.
 */
function overlapping(
  policy: CompiledPolicy,
  others: ReadonlyArray<CompiledPolicy>,
  selected: (p: CompiledPolicy) => ReadonlyArray<Endpoint>,
  allowsAnything: (p: CompiledPolicy) => boolean): string {
  const mine = new Set(selected(policy));
  const names = others
    .filter(o => o.directions.some(d => policy.directions.includes(d))
      && selected(o).some(w => mine.has(w))
      && allowsAnything(o))
    .map(o => policyKey(o.ref));
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

/** Whether the policy has a rule in a direction it isolates. */
function hasRules(policy: CompiledPolicy): boolean {
  return policy.rules.some(r => policy.directions.includes(r.ref.direction));
}
