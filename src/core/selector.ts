import { checkAppName, checkLabelKey, checkLabels, checkLabelValue, checkNamespaceName } from './checks';
import { PolicyError } from './errors';
import { INamespaceLike, IPodSelectorLike } from './pod-selector-like';
import { LabelQuery } from './private/label-query';
import { RenderContext } from './render-context';
import { KubeLabelSelector, KubeLabelSelectorRequirement, NAMESPACE_NAME_LABEL } from '../kube/shapes';
import { compareStrings } from '../util/strings';

/**
 * The operators of a label selector requirement (`matchExpressions`).
 */
export enum LabelOperator {
  /** The label's value is one of the listed values. */
  IN = 'In',
  /** The label is absent, or its value is none of the listed values. */
  NOT_IN = 'NotIn',
  /** The label is present, whatever its value. */
  EXISTS = 'Exists',
  /** The label is absent. */
  DOES_NOT_EXIST = 'DoesNotExist',
}

/**
 * One requirement of a label selector (an entry of `matchExpressions`).
 *
 * @example
 * LabelExpression.oneOf('tier', ['web', 'api']);
 * LabelExpression.doesNotExist('canary');
 */
export class LabelExpression {
  /** The label's value is one of `values` (operator `In`). */
  public static oneOf(key: string, values: string[]): LabelExpression {
    return new LabelExpression(key, LabelOperator.IN, values);
  }

  /** The label is absent, or its value is none of `values` (operator `NotIn`). */
  public static noneOf(key: string, values: string[]): LabelExpression {
    return new LabelExpression(key, LabelOperator.NOT_IN, values);
  }

  /** The label is present (operator `Exists`). */
  public static exists(key: string): LabelExpression {
    return new LabelExpression(key, LabelOperator.EXISTS);
  }

  /** The label is absent (operator `DoesNotExist`). */
  public static doesNotExist(key: string): LabelExpression {
    return new LabelExpression(key, LabelOperator.DOES_NOT_EXIST);
  }

  /** The label key. */
  public readonly key: string;

  /** The operator. */
  public readonly operator: LabelOperator;

  /**
   * The values, sorted and without duplicates (none for `Exists` and `DoesNotExist`).
   */
  public readonly values: string[];

  private constructor(key: string, operator: LabelOperator, values?: string[]) {
    checkLabelKey(key);
    const needsValues = operator === LabelOperator.IN || operator === LabelOperator.NOT_IN;
    if (needsValues && (!Array.isArray(values) || values.length === 0)) {
      throw new PolicyError('EmptyLabelValues',
        `Label expression "${key} ${operator}" has no values: ${operator} needs at least one. `
        + `To match any value, use LabelExpression.${operator === LabelOperator.IN ? 'exists' : 'doesNotExist'}("${key}").`);
    }
    for (const v of values ?? []) {
      checkLabelValue(key, v);
    }
    this.key = key;
    this.operator = operator;
    this.values = [...new Set(values ?? [])].sort(compareStrings);
  }

  /** For people, e.g. `tier In (api, web)`. */
  public toString(): string {
    return this.values.length > 0 ? `${this.key} ${this.operator} (${this.values.join(', ')})` : `${this.key} ${this.operator}`;
  }

  /** @internal */
  public _toKube(): KubeLabelSelectorRequirement {
    return this.values.length > 0
      ? { key: this.key, operator: this.operator, values: [...this.values] }
      : { key: this.key, operator: this.operator };
  }
}

/** One ingredient of a selector; several are ANDed. */
type PodPart =
  | { readonly kind: 'labels'; readonly labels: { [key: string]: string } }
  | { readonly kind: 'app'; readonly name: string }
  | { readonly kind: 'expression'; readonly expression: LabelExpression }
  | { readonly kind: 'workload'; readonly workload: IPodSelectorLike };

/**
 * Selects pods by their labels: the `podSelector` of a policy or a peer.
 *
 * A selector may carry the namespace of the pods it means (a cdk8s-plus
 * workload does, or use `inNamespace()`). A policy uses it as its default
 * namespace; a peer in another namespace than its policy becomes the
 * `namespaceSelector` AND `podSelector` form.
 *
 * @example
 * Selector.app('web');                       // app.kubernetes.io/name=web (see Conventions)
 * Selector.labels({ tier: 'db' });
 * Selector.workload(deployment);             // the Deployment's real selector
 * Selector.app('api').intersect(Selector.labels({ track: 'stable' }));
 */
export class Selector {
  /** Every pod (`{}`). */
  public static all(): Selector {
    return new Selector([]);
  }

  /**
   * Pods of one app: the app label (see `Conventions.appLabelKey`) equals `name`.
   *
   * The label key is taken from the conventions of the policy that uses the
   * selector, so it is set once for a whole app.
   */
  public static app(name: string): Selector {
    checkAppName(name);
    return new Selector([{ kind: 'app', name }]);
  }

  /**
   * Pods that carry all of these labels (`matchLabels`).
   *
   * No labels select every pod, as `Selector.all()` does.
   */
  public static labels(labels: { [key: string]: string }): Selector {
    checkLabels(labels);
    return new Selector(Object.keys(labels).length > 0 ? [{ kind: 'labels', labels: { ...labels } }] : []);
  }

  /**
   * Pods that satisfy every expression (`matchExpressions`).
   *
   * No expressions select every pod, as `Selector.all()` does.
   */
  public static expressions(expressions: LabelExpression[]): Selector {
    checkExpressions('Selector.expressions', expressions);
    return new Selector(expressions.map(expression => ({ kind: 'expression', expression })));
  }

  /**
   * The pods of a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet,
   * Job) or Pod, of any cdk8s-plus 2.x, by the workload's real selector,
   * read at synthesis, so that the policy and the workload cannot drift
   * apart. The selector carries the workload's namespace when it has one.
   */
  public static workload(workload: IPodSelectorLike): Selector {
    checkPodSelectorLike('Selector.workload', workload);
    const metadata = (workload as unknown as { metadata?: { namespace?: unknown } }).metadata;
    const namespace = typeof metadata?.namespace === 'string' ? metadata.namespace : undefined;
    return new Selector([{ kind: 'workload', workload }], namespace);
  }

  /**
   * The namespace of the selected pods, when the selector carries one.
   *
   * @default - the namespace of the policy that uses the selector
   */
  public readonly namespace?: string;

  private readonly parts: PodPart[];

  private constructor(parts: PodPart[], namespace?: string) {
    if (namespace !== undefined) {
      checkNamespaceName(namespace);
    }
    this.parts = parts;
    this.namespace = namespace;
  }

  /**
   * Pods that this selector AND `other` both select.
   *
   * The namespaces, when both carry one, must agree.
   */
  public intersect(other: Selector): Selector {
    if (!(other instanceof Selector)) {
      throw new PolicyError('InvalidSelector', 'Selector.intersect() takes a Selector, e.g. Selector.labels({ track: \'stable\' }).');
    }
    if (this.namespace !== undefined && other.namespace !== undefined && this.namespace !== other.namespace) {
      throw new PolicyError('SelectorNamespaceConflict',
        `Cannot AND selectors of namespaces "${this.namespace}" and "${other.namespace}": a pod is in one namespace. `
        + 'Use two peers instead.');
    }
    return new Selector([...this.parts, ...other.parts], this.namespace ?? other.namespace);
  }

  /** The same pods, in the given namespace. */
  public inNamespace(namespace: string): Selector {
    return new Selector(this.parts, namespace);
  }

  /** Whether this selects every pod (of its namespace). */
  public get isAll(): boolean {
    return this.parts.length === 0;
  }

  /** For people, e.g. `app.kubernetes.io/name=web`, `(all pods)`. */
  public toString(): string {
    if (this.parts.length === 0) {
      return '(all pods)';
    }
    return this.parts.map(p => {
      switch (p.kind) {
        case 'app': return `app=${p.name}`;
        case 'labels': return describeLabels(p.labels);
        case 'expression': return p.expression.toString();
        case 'workload': return `workload ${p.workload.node.path}`;
      }
    }).join(',');
  }

  /**
   * A short, readable token for object names, e.g. "web", "tier-db", "all-pods".
   *
   * @internal
   */
  public _nameToken(): string {
    if (this.parts.length === 0) {
      return 'all-pods';
    }
    return this.parts.map(p => {
      switch (p.kind) {
        case 'app': return p.name;
        case 'labels': return labelsToken(p.labels);
        case 'expression': return expressionToken(p.expression);
        case 'workload': return p.workload.node.id;
      }
    }).join('-');
  }

  /**
   * Whether the selector reads a cdk8s-plus workload's selector, which can
   * change until synthesis.
   *
   * @internal
   */
  public _readsWorkload(): boolean {
    return this.parts.some(p => p.kind === 'workload');
  }

  /**
   * Refuses `matchLabels` that contradict each other (one key, two values)
   * among the parts known now: everything but cdk8s-plus workloads, which
   * `_toKube()` checks when it reads them.
   *
   * @internal
   */
  public _checkLabels(context: RenderContext): void {
    const query = new LabelQuery(context.path);
    for (const part of this.parts) {
      if (part.kind === 'app') {
        query.addLabel(context.appLabelKey, part.name);
      } else if (part.kind === 'labels') {
        query.addLabels(part.labels);
      }
    }
  }

  /** @internal */
  public _toKube(context: RenderContext): KubeLabelSelector {
    const query = new LabelQuery(context.path);
    for (const part of this.parts) {
      switch (part.kind) {
        case 'app':
          query.addLabel(context.appLabelKey, part.name);
          break;
        case 'labels':
          query.addLabels(part.labels);
          break;
        case 'expression':
          query.addExpression(part.expression._toKube());
          break;
        case 'workload':
          query.addWorkload(part.workload);
          break;
      }
    }
    return query.toKube();
  }
}

/** One ingredient of a namespace selector; several are ANDed. */
type NamespacePart =
  | { readonly kind: 'labels'; readonly labels: { [key: string]: string } }
  | { readonly kind: 'names'; readonly names: string[] }
  | { readonly kind: 'expression'; readonly expression: LabelExpression };

/**
 * Selects namespaces: the `namespaceSelector` of a peer.
 *
 * Names are matched through the `kubernetes.io/metadata.name` label, which
 * Kubernetes sets on every namespace.
 *
 * @example
 * NamespaceSelector.named('monitoring');
 * NamespaceSelector.names(['dev', 'test']);
 * NamespaceSelector.labels({ team: 'payments' });
 * NamespaceSelector.of(namespace);   // a cdk8s-plus-28 Namespace
 */
export class NamespaceSelector {
  /** Every namespace (`{}`). */
  public static all(): NamespaceSelector {
    return new NamespaceSelector([]);
  }

  /** The namespace with this name. */
  public static named(name: string): NamespaceSelector {
    return NamespaceSelector.names([name]);
  }

  /** The namespaces with these names. */
  public static names(names: string[]): NamespaceSelector {
    if (!Array.isArray(names) || names.length === 0) {
      throw new PolicyError('EmptyNamespaceNames',
        'NamespaceSelector.names() needs at least one name. For every namespace, use NamespaceSelector.all().');
    }
    names.forEach(checkNamespaceName);
    return new NamespaceSelector([{ kind: 'names', names: [...new Set(names)].sort(compareStrings) }]);
  }

  /**
   * Namespaces that carry all of these labels.
   *
   * No labels select every namespace, as `NamespaceSelector.all()` does.
   */
  public static labels(labels: { [key: string]: string }): NamespaceSelector {
    checkLabels(labels);
    return new NamespaceSelector(Object.keys(labels).length > 0 ? [{ kind: 'labels', labels: { ...labels } }] : []);
  }

  /**
   * Namespaces that satisfy every expression.
   *
   * No expressions select every namespace, as `NamespaceSelector.all()` does.
   */
  public static expressions(expressions: LabelExpression[]): NamespaceSelector {
    checkExpressions('NamespaceSelector.expressions', expressions);
    return new NamespaceSelector(expressions.map(expression => ({ kind: 'expression', expression })));
  }

  /** A cdk8s-plus Namespace, of any cdk8s-plus 2.x, by its name. */
  public static of(namespace: INamespaceLike): NamespaceSelector {
    checkNamespaceLike('NamespaceSelector.of', namespace);
    return NamespaceSelector.named(namespace.name);
  }

  private readonly parts: NamespacePart[];

  private constructor(parts: NamespacePart[]) {
    this.parts = parts;
  }

  /** Namespaces that this selector AND `other` both select. */
  public intersect(other: NamespaceSelector): NamespaceSelector {
    if (!(other instanceof NamespaceSelector)) {
      throw new PolicyError('InvalidSelector', 'NamespaceSelector.intersect() takes a NamespaceSelector, e.g. NamespaceSelector.named(\'monitoring\').');
    }
    return new NamespaceSelector([...this.parts, ...other.parts]);
  }

  /** Whether this selects every namespace. */
  public get isAll(): boolean {
    return this.parts.length === 0;
  }

  /** For people, e.g. `namespace prod`, `(all namespaces)`. */
  public toString(): string {
    if (this.parts.length === 0) {
      return '(all namespaces)';
    }
    return this.parts.map(p => {
      switch (p.kind) {
        case 'names': return `namespace ${p.names.join('|')}`;
        case 'labels': return describeLabels(p.labels);
        case 'expression': return p.expression.toString();
      }
    }).join(',');
  }

  /** @internal */
  public _nameToken(): string {
    if (this.parts.length === 0) {
      return 'all-namespaces';
    }
    return this.parts.map(p => {
      switch (p.kind) {
        case 'names': return p.names.join('-');
        case 'labels': return labelsToken(p.labels);
        case 'expression': return expressionToken(p.expression);
      }
    }).join('-');
  }

  /**
   * Refuses `matchLabels` that contradict each other (a name and a label
   * that pin `kubernetes.io/metadata.name` to two values, say).
   *
   * @internal
   */
  public _checkLabels(context: RenderContext): void {
    this._toKube(context);
  }

  /** @internal */
  public _toKube(context: RenderContext): KubeLabelSelector {
    const query = new LabelQuery(context.path);
    for (const part of this.parts) {
      switch (part.kind) {
        case 'names':
          if (part.names.length === 1) {
            query.addLabel(NAMESPACE_NAME_LABEL, part.names[0]);
          } else {
            query.addExpression({ key: NAMESPACE_NAME_LABEL, operator: LabelOperator.IN, values: part.names });
          }
          break;
        case 'labels':
          query.addLabels(part.labels);
          break;
        case 'expression':
          query.addExpression(part.expression._toKube());
          break;
      }
    }
    return query.toKube();
  }
}

/** Refuses anything but a list of `LabelExpression`s, as plain JavaScript can pass. */
function checkExpressions(factory: string, expressions: unknown): void {
  if (!Array.isArray(expressions) || expressions.some(e => !(e instanceof LabelExpression))) {
    throw new PolicyError('InvalidExpressions',
      `${factory}() takes a list of LabelExpression, e.g. [LabelExpression.exists('tier')].`);
  }
}

/** Refuses anything but a cdk8s-plus workload or Pod, as plain JavaScript can pass. */
function checkPodSelectorLike(factory: string, workload: unknown): void {
  const w = workload as { node?: unknown; toPodSelectorConfig?: unknown } | undefined;
  if (typeof w !== 'object' || w === null || typeof w.node !== 'object' || typeof w.toPodSelectorConfig !== 'function') {
    throw new PolicyError('NotAWorkload',
      `${factory}() takes a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job) or Pod. `
      + 'For pods by label, use Selector.app() or Selector.labels().');
  }
}

/** Refuses anything but a cdk8s-plus Namespace, as plain JavaScript can pass. */
function checkNamespaceLike(factory: string, namespace: unknown): void {
  const n = namespace as { node?: unknown; name?: unknown } | undefined;
  if (typeof n !== 'object' || n === null || typeof n.node !== 'object' || typeof n.name !== 'string') {
    throw new PolicyError('NotANamespace',
      `${factory}() takes a cdk8s-plus Namespace. For a namespace by name, use NamespaceSelector.named().`);
  }
}

function lastSegment(key: string): string {
  const slash = key.lastIndexOf('/');
  return slash >= 0 ? key.slice(slash + 1) : key;
}

/** `a=1,b=2`, keys sorted. */
function describeLabels(labels: { [key: string]: string }): string {
  return Object.keys(labels).sort(compareStrings).map(k => `${k}=${labels[k]}`).join(',');
}

/** `name-web-tier-db` for object names: the last segment of each key, then its value. */
function labelsToken(labels: { [key: string]: string }): string {
  return Object.keys(labels).sort(compareStrings).map(k => `${lastSegment(k)}-${labels[k]}`).join('-');
}

/** `canary-doesnotexist` for object names. */
function expressionToken(expression: LabelExpression): string {
  return `${lastSegment(expression.key)}-${expression.operator.toLowerCase()}`;
}
