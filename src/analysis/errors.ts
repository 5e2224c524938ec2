import { PolicyError } from '../core/errors';
import { PolicyIssue } from './model/policy-issue';

/**
 * Policies the API server would reject; the analyzer gives no verdicts
 * while there are any. `issues` lists every problem.
 *
 * @internal
 */
export class InvalidPoliciesError extends PolicyError {
  /** Every problem of every rejected policy. */
  public readonly issues: PolicyIssue[];

  constructor(issues: PolicyIssue[]) {
    const lines = issues.map(i => {
      const where = i.file ? ` (${i.file}${i.line !== undefined ? `:${i.line}` : ''})` : '';
      return `  ${i.namespace}/${i.name}${where}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
    });
    super('InvalidPolicies',
      `The API server would reject ${new Set(issues.map(i => `${i.namespace}/${i.name}`)).size} NetworkPolicy(ies); `
      + `fix them before analysing reachability:\n${lines.join('\n')}`);
    this.name = 'InvalidPoliciesError';
    this.issues = issues;
  }
}

/** How the analyzer's "unknown workload" message ends by default: the way to add a workload through the API. */
export const ADD_WORKLOAD_HINT = 'or add it with addWorkload().';
