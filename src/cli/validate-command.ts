import { CliIo, EXIT_FAILED, EXIT_OK } from './cli-error';
import { collectManifestFiles, readManifests } from './manifests';
import { Progress } from './progress';
import { collectPolicyDocuments } from '../analysis/lint';
import { parseFieldPath } from '../analysis/load';
import { PolicyValidator } from '../core/policy-validator';
import { PolicyValidation, renderValidationJson, renderValidationText } from '../render/validate';

/** Options of `cdk8s-netpol validate`. */
export interface ValidateCommandOptions {
  readonly output: 'text' | 'json';
}

/**
 * `cdk8s-netpol validate PATH...`: checks every NetworkPolicy with
 * `PolicyValidator`, the validator that guards synthesis; exit 0 when all
 * are valid, 1 when one is not. Unreadable input throws.
 *
 * Documents are read as they are, without the engine's loader, so that a
 * policy the API server would reject (a wrong apiVersion, a missing name)
 * is a result rather than an input error. A missing namespace is fine: the
 * API server takes it from the request.
 */
export function runValidateCommand(paths: string[], options: ValidateCommandOptions, io: CliIo): number {
  const progress = Progress.start(io, options.output === 'text');
  let documents: unknown[];
  try {
    progress.update('reading manifests');
    documents = readManifests(collectManifestFiles(paths));
  } finally {
    progress.done();
  }
  const results: PolicyValidation[] = collectPolicyDocuments(documents).map(doc => {
    const errors = PolicyValidator.validate(doc.manifest, { requireNamespace: false });
    const meta = doc.manifest.metadata;
    const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
    const hasMeta = meta !== null && typeof meta === 'object' && !Array.isArray(meta);
    return {
      file: doc.file,
      index: doc.index,
      name: hasMeta ? text(meta.name) : null,
      namespace: hasMeta ? text(meta.namespace) : null,
      valid: errors.length === 0,
      errors,
      line: doc.line,
      errorLines: errors.map(e => doc.locate(parseFieldPath(e.path)) ?? doc.line),
    };
  });
  io.stdout.write(options.output === 'json' ? renderValidationJson(results) : renderValidationText(results));
  return results.every(r => r.valid) ? EXIT_OK : EXIT_FAILED;
}
