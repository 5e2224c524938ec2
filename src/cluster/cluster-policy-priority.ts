import { PolicyError } from '../core/errors';
import { CLUSTER_NETWORK_POLICY_PRIORITY_MAX, CLUSTER_NETWORK_POLICY_PRIORITY_MIN } from '../kube/validation/cluster-network-policy';

/**
 * The `spec.priority` of a ClusterNetworkPolicy: 0 to 1000, lower first within its tier.
 *
 * Write a number with `ClusterPolicyPriority.of()`, or take one from a
 * `PriorityLadder`, which orders a platform team's policies by name.
 */
export class ClusterPolicyPriority {
  /**
   * An explicit priority.
   *
   * @param value 0 to 1000; lower values are evaluated first within the tier
   */
  public static of(value: number): ClusterPolicyPriority {
    if (!Number.isInteger(value) || value < CLUSTER_NETWORK_POLICY_PRIORITY_MIN || value > CLUSTER_NETWORK_POLICY_PRIORITY_MAX) {
      throw new PolicyError('InvalidPriority',
        `Invalid ClusterNetworkPolicy priority ${JSON.stringify(value)}: must be an integer from 0 to 1000 (lower is evaluated first). `
        + 'To order policies without picking numbers, use a PriorityLadder.');
    }
    return new ClusterPolicyPriority(value);
  }

  /** The number written to `spec.priority`. */
  public readonly value: number;

  /**
   * Where the number comes from, e.g. `guardrails+10` for a ladder rung.
   *
   * @default - an explicit number
   */
  public readonly label?: string;

  private constructor(value: number, label?: string) {
    this.value = value;
    this.label = label;
  }

  /** For people, e.g. `210 (guardrails+10)` or `300`. */
  public toString(): string {
    return this.label ? `${this.value} (${this.label})` : `${this.value}`;
  }

  /** @internal */
  public _withLabel(label: string): ClusterPolicyPriority {
    return new ClusterPolicyPriority(this.value, label);
  }
}

/**
 * Options for `PriorityLadder.of()`.
 */
export interface PriorityLadderOptions {
  /**
   * The priority of the first rung.
   *
   * @default 100
   */
  readonly start?: number;

  /**
   * The distance between two rungs.
   *
   * A rung's policies take `offset`s below it.
   *
   * @default 100
   */
  readonly step?: number;
}

/**
 * Named priority rungs for a platform team's ClusterNetworkPolicies, in
 * evaluation order, so that policies are ordered by intent rather than by
 * hand-picked numbers.
 *
 * Rung `i` has priority `start + i * step`; a policy may take an `offset`
 * below `step` to sit between two rungs. The numbers are written to
 * `spec.priority`, where `kubectl get cnp` shows them; they stay the same as
 * long as new rungs are added at the end.
 *
 * @example
 * const order = PriorityLadder.of(['security', 'platform', 'delegation']);
 * order.priority('security');     // 100
 * order.priority('platform', 10); // 210
 * order.priority('delegation');   // 300
 */
export class PriorityLadder {
  /**
   * A ladder of the given rungs, first evaluated first.
   *
   * @param rungs unique names, e.g. ["security", "platform", "delegation"]
   * @param options where the ladder starts and the distance between rungs
   */
  public static of(rungs: string[], options: PriorityLadderOptions = {}): PriorityLadder {
    return new PriorityLadder(rungs, options.start ?? 100, options.step ?? 100);
  }

  /** The rung names, first evaluated first. */
  public readonly rungs: string[];

  /** The priority of the first rung. */
  public readonly start: number;

  /** The distance between two rungs. */
  public readonly step: number;

  private constructor(rungs: string[], start: number, step: number) {
    if (!Array.isArray(rungs) || rungs.length === 0) {
      throw new PolicyError('EmptyLadder', 'A PriorityLadder needs at least one rung, e.g. PriorityLadder.of(["security", "platform"]).');
    }
    const seen = new Set<string>();
    for (const rung of rungs) {
      if (typeof rung !== 'string' || rung === '') {
        throw new PolicyError('InvalidRung', `Invalid rung name ${JSON.stringify(rung)}: must be a non-empty string, e.g. "security".`);
      }
      if (seen.has(rung)) {
        throw new PolicyError('DuplicateRung', `Rung "${rung}" appears twice in the PriorityLadder. Give each rung one place.`);
      }
      seen.add(rung);
    }
    if (!Number.isInteger(step) || step < 1) {
      throw new PolicyError('InvalidStep', `Invalid PriorityLadder step ${JSON.stringify(step)}: must be a positive integer, e.g. 100.`);
    }
    ClusterPolicyPriority.of(start);
    const last = start + (rungs.length - 1) * step;
    if (last > CLUSTER_NETWORK_POLICY_PRIORITY_MAX) {
      const fit = Math.floor((CLUSTER_NETWORK_POLICY_PRIORITY_MAX - start) / Math.max(1, rungs.length - 1));
      throw new PolicyError('LadderTooLong',
        `A PriorityLadder of ${rungs.length} rungs from ${start} by ${step} ends at ${last}, above the maximum priority 1000. `
        + `Use a step of at most ${Math.max(1, fit)}, or a lower start.`);
    }
    this.rungs = [...rungs];
    this.start = start;
    this.step = step;
  }

  /**
   * The priority of a rung, plus `offset`.
   *
   * @param rung one of the ladder's rung names
   * @param offset 0 to step - 1: places a policy after the rung's others
   * @default offset 0
   */
  public priority(rung: string, offset?: number): ClusterPolicyPriority {
    const i = this.rungs.indexOf(rung);
    if (i < 0) {
      throw new PolicyError('UnknownRung',
        `Unknown rung ${JSON.stringify(rung)}. The ladder's rungs are ${this.rungs.map(r => JSON.stringify(r)).join(', ')}; add it with PriorityLadder.of([...]).`);
    }
    const o = offset ?? 0;
    if (!Number.isInteger(o) || o < 0 || o >= this.step) {
      throw new PolicyError('InvalidOffset',
        `Invalid offset ${JSON.stringify(offset)} on rung "${rung}": must be an integer from 0 to ${this.step - 1}, `
        + 'so the policy stays before the next rung.');
    }
    const value = this.start + i * this.step + o;
    if (value > CLUSTER_NETWORK_POLICY_PRIORITY_MAX) {
      throw new PolicyError('InvalidOffset',
        `Offset ${o} on rung "${rung}" (${this.start + i * this.step}) gives ${value}, above the maximum priority 1000. `
        + `Use an offset of at most ${CLUSTER_NETWORK_POLICY_PRIORITY_MAX - this.start - i * this.step}.`);
    }
    return ClusterPolicyPriority.of(value)._withLabel(o === 0 ? rung : `${rung}+${o}`);
  }
}
