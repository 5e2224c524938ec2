import { LintContext, RuleFinding, LintRule } from './context';
import { canonicalKey } from '../../util/canonical';
import { PolicyDocument } from '../load';
import { policyKey } from '../model/order';

/** NP009. */
export const DUPLICATE_NAME: LintRule = {
  id: 'NP009',
  name: 'duplicate-name',
  severity: 'error',
  summary: 'Two NetworkPolicies have the same namespace and name.',
  description: 'Kubernetes keeps one object per namespace and name: applying both leaves whichever was applied '
    + 'last, so the other one\'s rules silently disappear, and which one wins depends on file order. The other '
    + 'lint rules look at the last one, as kubectl apply would leave it.',
  help: 'Rename one of them, or delete the copy.',
  needsInventory: false,
};

/** NP009: every policy whose namespace and name an earlier policy already has. */
export function checkDuplicateName(ctx: LintContext): RuleFinding[] {
  const first = new Map<string, PolicyDocument>();
  const findings: RuleFinding[] = [];
  for (const doc of ctx.documents) {
    const key = policyKey(doc);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, doc);
      continue;
    }
    const where = `${earlier.source.file}${earlier.source.line !== undefined ? `:${earlier.source.line}` : ''}`;
    const same = canonicalKey(earlier.manifest.spec) === canonicalKey(doc.manifest.spec);
    findings.push(ctx.finding(DUPLICATE_NAME, doc, 'metadata.name',
      `NetworkPolicy ${key} is also defined at ${where}${same ? ', with the same spec' : ', with a different spec'}. `
      + 'Kubernetes keeps only the one applied last.',
      same ? 'Delete one of the copies.' : 'Rename one of them, or merge their rules into one policy.'));
  }
  return findings;
}
