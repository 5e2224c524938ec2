import { LintContext, LintPolicy } from './context';
import { compileValidPolicies } from '../compile';
import { prepare, Prepared } from '../evaluate';
import { RawPolicy } from '../load';
import { Endpoint } from '../model/endpoint';
import { Policy } from '../model/target';

/*
 * The policy engine, as the lint rules use it: compile a set of (valid)
 * policies and prepare it over the inventory of the manifests.
 */

/** The policies as the engine's loader hands them to `compilePolicies`. */
export function rawPolicies(policies: ReadonlyArray<LintPolicy>): RawPolicy[] {
  return policies.map(p => ({ namespace: p.namespace, name: p.name, manifest: p.manifest }));
}

const COMPILED = new WeakMap<LintContext, Policy>();

/**
 * The policies of `ctx`, compiled once per lint run (they were validated
 * before the rules ran), prepared over its workloads plus `extra` endpoints.
 */
export function prepareEngine(ctx: LintContext, extra: ReadonlyArray<Endpoint> = []): Prepared {
  let policy = COMPILED.get(ctx);
  if (!policy) {
    policy = compileValidPolicies(rawPolicies(ctx.policies));
    COMPILED.set(ctx, policy);
  }
  return prepare(policy, { namespaces: ctx.declaredNamespaces, endpoints: [...ctx.workloads, ...extra] });
}
