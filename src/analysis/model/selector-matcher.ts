import { KubeLabelSelector } from '../../kube/shapes';
import { canonicalKey } from '../../util/canonical';
import { compareStrings } from '../../util/strings';

/** Labels of a pod or namespace. */
export type Labels = { readonly [key: string]: string };

/** One compiled `matchExpressions` requirement. */
export interface Requirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: ReadonlySet<string>;
}

/**
 * A compiled label selector (`matchLabels` AND `matchExpressions`).
 *
 * `{}` selects everything. Compiled from a selector the API server accepts;
 * see `PolicyValidator`.
 */
export interface SelectorMatcher {
  /** Canonical form of the selector, for merging and caching. */
  readonly key: string;
  /** Whether the selector is `{}` and selects everything. */
  readonly matchesAll: boolean;
  readonly matchLabels: ReadonlyArray<readonly [string, string]>;
  readonly requirements: ReadonlyArray<Requirement>;
}

/** Compiles a label selector. */
export function compileSelector(selector: KubeLabelSelector | undefined | null): SelectorMatcher {
  const matchLabels = Object.entries(selector?.matchLabels ?? {})
    .map(([k, v]) => [k, String(v)] as const);
  const requirements: Requirement[] = (selector?.matchExpressions ?? []).map(e => ({
    key: e.key,
    operator: e.operator as Requirement['operator'],
    values: new Set((e.values ?? []).map(String)),
  }));
  return {
    key: canonicalKey({
      matchLabels: Object.fromEntries(matchLabels),
      matchExpressions: requirements.map(r => ({ key: r.key, operator: r.operator, values: [...r.values].sort(compareStrings) }))
        .sort((a, b) => compareStrings(canonicalKey(a), canonicalKey(b))),
    }),
    matchesAll: matchLabels.length === 0 && requirements.length === 0,
    matchLabels,
    requirements,
  };
}

/**
 * Whether `labels` satisfy the selector, as Kubernetes `labels.Selector`
 * decides: every `matchLabels` entry equal, and every requirement met.
 * `NotIn` and `DoesNotExist` hold when the label is absent.
 */
export function selectorMatches(selector: SelectorMatcher, labels: Labels): boolean {
  for (const [key, value] of selector.matchLabels) {
    if (!hasLabel(labels, key) || labels[key] !== value) {
      return false;
    }
  }
  for (const req of selector.requirements) {
    const present = hasLabel(labels, req.key);
    switch (req.operator) {
      case 'In':
        if (!present || !req.values.has(labels[req.key])) return false;
        break;
      case 'NotIn':
        if (present && req.values.has(labels[req.key])) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        // The validator refuses other operators; never match on one.
        return false;
    }
  }
  return true;
}

function hasLabel(labels: Labels, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}
