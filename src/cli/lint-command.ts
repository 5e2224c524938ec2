import { CliError, CliIo, EXIT_FAILED, EXIT_OK } from './cli-error';
import { InventoryOptions, readInventory } from './inventory';
import { loadPaths, renderIssue } from './manifests';
import { Progress } from './progress';
import { readVersion } from './version';
import { InvalidPoliciesError } from '../analysis/errors';
import { atOrAbove, LINT_RULES, lintManifests, LintResult, LintSeverity } from '../analysis/lint';
import { LoadedManifests } from '../analysis/load';
import { parseCidr } from '../kube/cidr';
import { renderLintJson, renderLintSarif, renderLintText } from '../render/lint';

/** Options of `cdk8s-netpol lint`. */
export interface LintCommandOptions extends InventoryOptions {
  readonly output: 'text' | 'json' | 'sarif';
  readonly failOn: LintSeverity;
  /** `--pod-cidr`, repeatable; empty for the default. */
  readonly podCidr: string[];
  /** `--service-cidr`, repeatable; empty for the default. */
  readonly serviceCidr: string[];
}

/**
 * `cdk8s-netpol lint PATH...`: runs the lint rules (docs/lint.md); exit 0
 * when no finding is at or above `--fail-on`, 1 otherwise. Bad input,
 * including a policy the API server would reject, throws.
 */
export function runLintCommand(paths: string[], options: LintCommandOptions, io: CliIo): number {
  checkRanges('--pod-cidr', options.podCidr);
  checkRanges('--service-cidr', options.serviceCidr);
  const progress = Progress.start(io, options.output === 'text');
  let loaded: LoadedManifests;
  try {
    progress.update('reading manifests');
    loaded = loadPaths(paths, readInventory(options, io));
  } finally {
    progress.done();
  }
  let result: LintResult;
  try {
    result = lintManifests(loaded, {
      podCidrs: options.podCidr.length > 0 ? options.podCidr : undefined,
      serviceCidrs: options.serviceCidr.length > 0 ? options.serviceCidr : undefined,
    });
  } catch (e) {
    if (e instanceof InvalidPoliciesError) {
      throw new CliError([
        ...e.issues.map(renderIssue),
        'lint checks policies the API server accepts; fix these first ("cdk8s-netpol validate" lists them too)',
      ]);
    }
    throw e;
  }
  switch (options.output) {
    case 'json':
      io.stdout.write(renderLintJson(result));
      break;
    case 'sarif':
      io.stdout.write(renderLintSarif(result, { rules: LINT_RULES, toolVersion: readVersion() }));
      break;
    default:
      io.stdout.write(renderLintText(result));
  }
  return result.findings.some(f => atOrAbove(f.severity, options.failOn)) ? EXIT_FAILED : EXIT_OK;
}

function checkRanges(option: string, values: string[]): void {
  for (const value of values) {
    const cidr = parseCidr(value);
    if (typeof cidr === 'string') {
      throw new CliError(`invalid ${option} "${value}": ${cidr}. Use a CIDR such as 10.244.0.0/16.`);
    }
  }
}
