import { CliIo, EXIT_FAILED, EXIT_OK } from './cli-error';
import { collectManifestFiles, readFileOrThrow } from './manifests';
import { collectPolicyDocuments } from '../analysis/lint';
import { loadYaml, parseFieldPath } from '../analysis/load';
import { PolicyValidator } from '../core/validate';
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
  const documents = readDocuments(paths, io, options.output === 'text');
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

/**
 * Reads and parses the files named by PATH arguments (strict YAML, several
 * documents each). While it reads, and only when `progress` is set and
 * stderr is a terminal, a `reading manifests: n/N files` counter is shown
 * on stderr and cleared at the end.
 */
export function readDocuments(paths: string[], io: CliIo, progress: boolean): unknown[] {
  const files = collectManifestFiles(paths);
  const show = progress && (io.stderr as { isTTY?: boolean }).isTTY === true;
  const documents: unknown[] = [];
  try {
    files.forEach((file, i) => {
      if (show) {
        io.stderr.write(`\rreading manifests: ${i + 1}/${files.length} files`);
      }
      documents.push(...loadYaml(readFileOrThrow(file), file));
    });
  } finally {
    if (show) {
      io.stderr.write('\r\u001b[K');
    }
  }
  return documents;
}
