import * as kplus from 'cdk8s-plus-28';
import { KubeLabelSelector, KubeLabelSelectorRequirement } from '../../kube/shapes';
import { compareStrings } from '../../util/strings';
import { PolicyError } from '../errors';

/**
 * Accumulates matchLabels and matchExpressions, refusing contradictions,
 * and renders them in a stable order.
 */
export class LabelQuery {
  private readonly labels = new Map<string, string>();
  private readonly expressions = new Map<string, KubeLabelSelectorRequirement>();

  constructor(private readonly path: string) {}

  public addLabels(labels: { [key: string]: string }): void {
    for (const [k, v] of Object.entries(labels)) {
      this.addLabel(k, v);
    }
  }

  public addLabel(key: string, value: string): void {
    const existing = this.labels.get(key);
    if (existing !== undefined && existing !== value) {
      throw new PolicyError('ContradictorySelector',
        `[${this.path}] Selector requires label "${key}" to be both "${existing}" and "${value}", so it selects nothing. `
        + 'Use LabelExpression.oneOf() for either value, or two separate peers.');
    }
    this.labels.set(key, value);
  }

  public addExpression(requirement: KubeLabelSelectorRequirement): void {
    const values = requirement.values && requirement.values.length > 0
      ? [...new Set(requirement.values)].sort(compareStrings)
      : undefined;
    const { key, operator } = requirement;
    const normalized = values ? { key, operator, values } : { key, operator };
    this.expressions.set(JSON.stringify(normalized), normalized);
  }

  public addWorkload(workload: kplus.IPodSelector): void {
    let kube: KubeLabelSelector | undefined;
    if (workload instanceof kplus.Workload && (Object.keys(workload.matchLabels).length > 0 || workload.matchExpressions.length > 0)) {
      // A workload's real selector: what its spec.selector renders.
      kube = { matchLabels: workload.matchLabels, matchExpressions: workload.matchExpressions };
    } else {
      // A Pod, or a workload without a selector of its own (a Job): the
      // address label cdk8s-plus-28 puts on the pods, which it exposes only
      // through its internal renderer.
      const selector = workload.toPodSelectorConfig().labelSelector;
      kube = (selector as unknown as { _toKube(): KubeLabelSelector })._toKube();
    }
    this.addLabels(kube.matchLabels ?? {});
    for (const e of kube.matchExpressions ?? []) {
      this.addExpression(e);
    }
  }

  public toKube(): KubeLabelSelector {
    const result: { matchLabels?: { [key: string]: string }; matchExpressions?: KubeLabelSelectorRequirement[] } = {};
    if (this.labels.size > 0) {
      result.matchLabels = Object.fromEntries([...this.labels.entries()].sort((a, b) => compareStrings(a[0], b[0])));
    }
    if (this.expressions.size > 0) {
      result.matchExpressions = [...this.expressions.entries()]
        .sort((a, b) => compareStrings(a[0], b[0]))
        .map(([, e]) => e);
    }
    return result;
  }
}
