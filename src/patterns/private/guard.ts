import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { PolicyValidator } from '../../core/policy-validator';

/** The brand of an object that validates itself, so the chart guard skips it. */
const SELF_VALIDATING = Symbol.for('cdk8s-netpol.SelfValidating');

/** The id of the guard under its chart. */
const GUARD_ID = 'cdk8s-netpol.PolicyGuard';

/** Marks an object that validates itself, so the chart guard skips it. */
export function markSelfValidating(obj: IConstruct): void {
  Object.defineProperty(obj, SELF_VALIDATING, { value: true });
}

function isSelfValidating(obj: IConstruct): boolean {
  return (obj as unknown as { [SELF_VALIDATING]?: boolean })[SELF_VALIDATING] === true;
}

/** The brand of a foreign NetworkPolicy the guard has given a validation. */
const CHECKED = Symbol.for('cdk8s-netpol.GuardChecked');

/**
 * A synth-time check of one chart; a child of the chart, so that there is
 * one per chart. cdk8s validates constructs parent first, so the chart's
 * own validation runs before its objects': it gives every NetworkPolicy of
 * the chart that does not validate itself (a raw `KubeNetworkPolicy`, a
 * cdk8s-plus `NetworkPolicy`, an `ApiObject`) a validation of its own,
 * which then reports at that object's path, JSON patches included. It also
 * refuses two NetworkPolicies with the same namespace and name in the app.
 */
class ChartGuard extends Construct {
  constructor(chart: Chart) {
    super(chart, GUARD_ID);
    chart.node.addValidation({ validate: () => checkChart(chart) });
  }
}

/** Adds the guard to `chart`, unless it has one. */
export function ensureChartGuard(chart: Chart): void {
  if (chart.node.tryFindChild(GUARD_ID) === undefined) {
    new ChartGuard(chart);
  }
}

function isNetworkPolicy(obj: ApiObject): boolean {
  return obj.kind === 'NetworkPolicy' && obj.apiVersion === 'networking.k8s.io/v1';
}

function policiesUnder(scope: IConstruct): ApiObject[] {
  return scope.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && isNetworkPolicy(c));
}

function isUnder(obj: IConstruct, scope: IConstruct): boolean {
  for (let s = obj.node.scope; s; s = s.node.scope) {
    if (s === scope) {
      return true;
    }
  }
  return false;
}

function checkChart(chart: Chart): string[] {
  const all = policiesUnder(chart.node.root);
  const mine = all.filter(obj => isUnder(obj, chart));
  for (const obj of mine) {
    if (!isSelfValidating(obj) && !(obj as unknown as { [CHECKED]?: boolean })[CHECKED]) {
      Object.defineProperty(obj, CHECKED, { value: true });
      obj.node.addValidation({ validate: () => checkForeignPolicy(obj) });
    }
  }

  // Names must be unique per namespace across the whole app.
  const errors: string[] = [];
  const byKey = new Map<string, string[]>();
  for (const obj of all) {
    const key = `${obj.metadata.namespace ?? ''}/${obj.name}`;
    byKey.set(key, [...byKey.get(key) ?? [], obj.node.path]);
  }
  const reported = new Set<string>();
  for (const obj of mine) {
    const key = `${obj.metadata.namespace ?? ''}/${obj.name}`;
    const paths = byKey.get(key)!;
    if (paths.length > 1 && !reported.has(key)) {
      reported.add(key);
      errors.push(`NetworkPolicy name "${obj.name}" in namespace "${obj.metadata.namespace}" is used ${paths.length} times `
        + `(${paths.join(', ')}), so all but one would be overwritten on apply. Give each a distinct \`name\`.`);
    }
  }
  return errors;
}

/** The problems of a NetworkPolicy the library did not make, as its manifest reads after patches. */
function checkForeignPolicy(obj: ApiObject): string[] {
  let manifest: unknown;
  try {
    manifest = obj.toJson();
  } catch (e) {
    return [(e as Error).message];
  }
  return PolicyValidator.validate(manifest).map(issue =>
    `NetworkPolicy ${obj.metadata.namespace ?? '(no namespace)'}/${obj.name} would be rejected by the API server: ${issue.path}: ${issue.message}`);
}
