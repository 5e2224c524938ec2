import { CliIo, EXIT_FAILED, EXIT_OK } from './cli-error';
import { collectManifestFiles, readManifests } from './manifests';
import { Progress } from './progress';
import { clusterPolicyValidationIssues, validationIssues } from '../analysis/compile';
import { policyDocuments } from '../analysis/load';
import { SourcedObject } from '../analysis/manifests/source';
import { PolicyValidation, renderValidationJson, renderValidationText } from '../render/validate';

/** Options of `cdk8s-netpol validate`. */
export interface ValidateCommandOptions {
  readonly output: 'text' | 'json';
  /** The ClusterNetworkPolicy CRD channel to check against. */
  readonly channel: 'standard' | 'experimental';
}

/**
 * `cdk8s-netpol validate PATH...`: checks every NetworkPolicy with
 * `PolicyValidator`, the validator that guards synthesis, and every
 * ClusterNetworkPolicy with the CRD of `options.channel`; exit 0 when all
 * are valid, 1 when one is not. Unreadable input throws.
 *
 * Documents are read as they are, without the engine's loader, so that a
 * policy the API server would reject (a wrong apiVersion, a missing name)
 * is a result rather than an input error. A missing namespace is fine: the
 * API server takes it from the request.
 */
export function runValidateCommand(paths: string[], options: ValidateCommandOptions, io: CliIo): number {
  const progress = Progress.start(io, options.output === 'text');
  let documents: SourcedObject[];
  try {
    progress.update('reading manifests');
    documents = readManifests(collectManifestFiles(paths));
  } finally {
    progress.done();
  }
  const results: PolicyValidation[] = policyDocuments(documents, ['networkpolicy', 'clusternetworkpolicy']).map(doc => {
    const cluster = String(doc.manifest.kind).toLowerCase() === 'clusternetworkpolicy';
    const issues = cluster ? clusterPolicyValidationIssues(doc, options.channel ?? 'experimental') : validationIssues(doc);
    return {
      file: doc.source.file,
      index: doc.index,
      kind: cluster ? 'ClusterNetworkPolicy' : 'NetworkPolicy',
      name: doc.name === '' ? null : doc.name,
      namespace: doc.namespaceWritten && !cluster ? doc.namespace : null,
      valid: issues.length === 0,
      errors: issues.map(i => ({ path: i.path, message: i.message })),
      line: doc.source.line,
      errorLines: issues.map(i => i.line),
    };
  });
  io.stdout.write(options.output === 'json' ? renderValidationJson(results) : renderValidationText(results));
  return results.every(r => r.valid) ? EXIT_OK : EXIT_FAILED;
}
