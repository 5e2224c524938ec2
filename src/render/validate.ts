/*
 * Results of `cdk8s-netpol validate`, rendered as text or as the JSON
 * document. The CLI runs PolicyValidator; this module only formats.
 */

/** One problem of a policy, in the API server's field-path notation. */
export interface ValidationErrorJson {
  /** e.g. `spec.ingress[0].ports[0].endPort`; empty for the whole manifest. */
  readonly path: string;
  readonly message: string;
}

/** One element of `results` in `cdk8s-netpol validate --output json`. */
export interface ValidationResultJson {
  /** The file, as found from the PATH arguments. */
  readonly file: string;
  /** The position of the policy among the policies of its kind in its file, from 0. */
  readonly index: number;
  /** `NetworkPolicy` or `ClusterNetworkPolicy`. */
  readonly kind: 'NetworkPolicy' | 'ClusterNetworkPolicy';
  /** `metadata.name` (`<generateName>*` when only that is set); null when neither is. */
  readonly name: string | null;
  /** `metadata.namespace`; null when not set (the API server takes it from the request) and for a cluster-scoped ClusterNetworkPolicy. */
  readonly namespace: string | null;
  readonly valid: boolean;
  readonly errors: ValidationErrorJson[];
}

/** Counts over the results. */
export interface ValidationSummary {
  readonly total: number;
  readonly valid: number;
  readonly invalid: number;
}

/** The whole document of `cdk8s-netpol validate --output json`. */
export interface ValidationReportJson {
  readonly results: ValidationResultJson[];
  readonly summary: ValidationSummary;
}

/** A result, with the lines that text output shows. */
export interface PolicyValidation extends ValidationResultJson {
  /** The 1-based line where the policy starts, when known. */
  readonly line?: number;
  /** The 1-based line of each error's field (or its nearest written parent), in `errors` order. */
  readonly errorLines: ReadonlyArray<number | undefined>;
}

/** Counts valid and invalid results. */
function summarizeValidations(results: ReadonlyArray<ValidationResultJson>): ValidationSummary {
  const valid = results.filter(r => r.valid).length;
  return { total: results.length, valid, invalid: results.length - valid };
}

/** The JSON document as text, pretty-printed, ending with a newline. */
export function renderValidationJson(results: ReadonlyArray<PolicyValidation>): string {
  const report: ValidationReportJson = {
    results: results.map(r => ({
      file: r.file,
      index: r.index,
      kind: r.kind,
      name: r.name,
      namespace: r.namespace,
      valid: r.valid,
      errors: r.errors.map(e => ({ path: e.path, message: e.message })),
    })),
    summary: summarizeValidations(results),
  };
  return `${JSON.stringify(report, undefined, 2)}\n`;
}

/**
 * The text report: one line per policy, `file:line ns/name: valid` or
 * `invalid` followed by one indented line per error, then the summary.
 */
export function renderValidationText(results: ReadonlyArray<PolicyValidation>): string {
  const lines: string[] = [];
  for (const r of results) {
    const where = `${r.file}${r.line !== undefined ? `:${r.line}` : ''}`;
    const cluster = r.kind === 'ClusterNetworkPolicy';
    const who = cluster ? `ClusterNetworkPolicy ${r.name ?? '<no name>'}` : `${r.namespace ?? '<no namespace>'}/${r.name ?? '<no name>'}`;
    const note = r.namespace === null && !cluster
      ? ' (no metadata.namespace: the API server takes it from the request, e.g. kubectl apply -n)'
      : '';
    lines.push(`${where} ${who}: ${r.valid ? 'valid' : 'invalid'}${note}`);
    r.errors.forEach((e, i) => {
      const line = r.errorLines[i];
      const field = e.path === '' ? '(manifest)' : e.path;
      lines.push(`  ${field}${line !== undefined ? ` (line ${line})` : ''}: ${e.message}`);
    });
  }
  const summary = summarizeValidations(results);
  const clusterCount = results.filter(r => r.kind === 'ClusterNetworkPolicy').length;
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? 'y' : 'ies'}`;
  const counts = [
    [summary.total - clusterCount, 'NetworkPolic'],
    [clusterCount, 'ClusterNetworkPolic'],
  ] as const;
  const counted = clusterCount === 0
    ? count(summary.total, 'NetworkPolic')
    : counts.filter(([n]) => n > 0).map(([n, noun]) => count(n, noun)).join(' and ');
  lines.push(summary.total === 0 ? 'no NetworkPolicies found' : `${counted}: ${summary.valid} valid, ${summary.invalid} invalid`);
  return `${lines.join('\n')}\n`;
}
