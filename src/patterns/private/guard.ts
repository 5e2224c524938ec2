import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { PolicyValidator } from '../../core/policy-validator';

const SELF_VALIDATING = new WeakSet<IConstruct>();
const GUARDED = new WeakSet<Chart>();

/** Marks an object that validates itself, so the chart guard skips it. */
export function markAsGuarded(obj: IConstruct): void {
  SELF_VALIDATING.add(obj);
}

/**
 * Adds, once per chart, a synth-time check that:
 * - validates every other NetworkPolicy of the chart (a raw `KubeNetworkPolicy`,
 *   a cdk8s-plus-28 `NetworkPolicy`, an `ApiObject`), JSON patches included;
 * - refuses two NetworkPolicies with the same namespace and name in the app.
 */
export function ensureChartGuard(chart: Chart): void {
  if (GUARDED.has(chart)) {
    return;
  }
  GUARDED.add(chart);
  chart.node.addValidation({ validate: () => checkChart(chart) });
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
  const errors: string[] = [];
  const all = policiesUnder(chart.node.root);
  const mine = all.filter(obj => isUnder(obj, chart));

  for (const obj of mine) {
    if (SELF_VALIDATING.has(obj)) {
      continue;
    }
    let manifest: unknown;
    try {
      manifest = obj.toJson();
    } catch (e) {
      errors.push(`[${obj.node.path}] ${(e as Error).message}`);
      continue;
    }
    for (const issue of PolicyValidator.validate(manifest)) {
      errors.push(`[${obj.node.path}] NetworkPolicy ${obj.metadata.namespace ?? '(no namespace)'}/${obj.name} would be rejected by the API server: ${issue.path}: ${issue.message}`);
    }
  }

  // Names must be unique per namespace across the whole app.
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
      errors.push(`[${obj.node.path}] NetworkPolicy name "${obj.name}" in namespace "${obj.metadata.namespace}" is used ${paths.length} times `
        + `(${paths.join(', ')}), so all but one would be overwritten on apply. Give each a distinct \`name\`.`);
    }
  }
  return errors;
}
