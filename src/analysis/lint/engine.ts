import { LintContext, LintPolicy } from './context';
import { compilePolicies } from '../compile';
import { prepare, Prepared } from '../evaluate';
import { RawPolicy } from '../load';
import { Endpoint } from '../model/endpoint';

/*
 * The policy engine, as the lint rules use it: compile a set of (valid)
 * policies and prepare it over the inventory of the manifests.
 */

/** The policies as the engine's loader hands them to `compilePolicies`. */
export function rawPolicies(policies: ReadonlyArray<LintPolicy>): RawPolicy[] {
  return policies.map(p => ({ namespace: p.namespace, name: p.name, manifest: p.manifest }));
}

/** Compiles `policies` and prepares them over the workloads of `ctx`, plus `extra` endpoints. */
export function prepareEngine(ctx: LintContext, policies: ReadonlyArray<LintPolicy>, extra: ReadonlyArray<Endpoint> = []): Prepared {
  const compiled = compilePolicies(rawPolicies(policies));
  return prepare(compiled.policy, {
    namespaces: ctx.declaredNamespaces,
    endpoints: [...ctx.workloads, ...extra],
  });
}
