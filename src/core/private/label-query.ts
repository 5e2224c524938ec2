import { KubeLabelSelector, KubeLabelSelectorRequirement } from '../../kube/shapes';
import { compareStrings } from '../../util/strings';
import { PolicyError } from '../errors';
import { IPodSelectorLike } from '../pod-selector-like';

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

  public addWorkload(workload: IPodSelectorLike): void {
    const kube = readWorkloadSelector(workload, this.path);
    this.addLabels(kube.matchLabels ?? {});
    for (const e of kube.matchExpressions ?? []) {
      this.addExpression(e);
    }
  }

  public toKube(): KubeLabelSelector {
    const result: { matchLabels?: { [key: string]: string }; matchExpressions?: KubeLabelSelectorRequirement[] } = {};
    const expressions = new Map(this.expressions);
    const labels = [...this.labels.entries()].filter(([key, value]) => {
      if (!rendersAsLabel(key)) {
        // The same requirement, in the form cdk8s can render (see rendersAsLabel).
        const requirement = { key, operator: 'In', values: [value] };
        expressions.set(JSON.stringify(requirement), requirement);
        return false;
      }
      return true;
    });
    if (labels.length > 0) {
      result.matchLabels = Object.fromEntries(labels.sort((a, b) => compareStrings(a[0], b[0])));
    }
    if (expressions.size > 0) {
      result.matchExpressions = [...expressions.entries()]
        .sort((a, b) => compareStrings(a[0], b[0]))
        .map(([, e]) => e);
    }
    return result;
  }
}

/**
 * Whether a label key can be a key of `matchLabels` in a cdk8s manifest.
 * cdk8s refuses to render an object with an own `constructor` member (a
 * valid label key), so such a label goes into `matchExpressions` as
 * `key In (value)`, which selects the same pods.
 */
function rendersAsLabel(key: string): boolean {
  return key !== 'constructor';
}

/**
 * The label selector of a cdk8s-plus workload or Pod of any cdk8s-plus 2.x,
 * read by shape rather than by one version's classes.
 */
function readWorkloadSelector(workload: IPodSelectorLike, path: string): KubeLabelSelector {
  const w = workload as unknown as { matchLabels?: unknown; matchExpressions?: unknown };
  const labels = isStringMap(w.matchLabels) ? w.matchLabels : {};
  const expressions = Array.isArray(w.matchExpressions) ? w.matchExpressions as KubeLabelSelectorRequirement[] : [];
  if (Object.keys(labels).length > 0 || expressions.length > 0) {
    // A workload's real selector: what its spec.selector renders.
    return { matchLabels: { ...labels }, matchExpressions: expressions };
  }
  // A Pod, or a workload without a selector of its own (a Job): the address
  // label cdk8s-plus puts on the pods, which it exposes only through its
  // internal renderer.
  const config = workload.toPodSelectorConfig() as { labelSelector?: { _toKube?: () => KubeLabelSelector } } | undefined;
  const selector = config?.labelSelector;
  if (typeof selector?._toKube !== 'function') {
    throw new PolicyError('NotAWorkload',
      `[${path}] ${workload.node.path} has no label selector that cdk8s-plus 2.x renders. `
      + 'Pass a cdk8s-plus Deployment, StatefulSet, DaemonSet, Job or Pod, or use Selector.labels().');
  }
  return selector._toKube();
}

function isStringMap(value: unknown): value is { [key: string]: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && Object.values(value).every(v => typeof v === 'string');
}
