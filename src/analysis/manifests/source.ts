import { PolicyError } from '../../core/errors';

/*
 * Where an object was read from, and errors that name it.
 */

/** The file name used for manifests passed as objects. */
export const OBJECTS_FILE = '<manifests>';

/** A field path from an object's root: keys and list indexes. */
export type FieldPath = ReadonlyArray<string | number>;

/**
 * Where a manifest (or a probe, or any value read from a file) came from.
 */
export interface SourceLocation {
  /** The file name, or `<manifests>` for objects passed in memory. */
  readonly file: string;
  /** The 1-based index of the document in the file (or of the object in the array). */
  readonly document?: number;
  /** The 1-based line where the value starts, when known. */
  readonly line?: number;
  /** Where the value lies in its document, e.g. `items[2]` for an item of a List; empty for the document itself. */
  readonly path?: FieldPath;
  /**
   * The 1-based line of a field, given its path from the value's root, or of
   * its nearest parent that is written. Undefined when unknown.
   */
  readonly locate?: (path: FieldPath) => number | undefined;
}

/** A parsed object and where it came from. */
export interface SourcedObject {
  readonly object: { readonly [key: string]: any };
  readonly source: SourceLocation;
}

/**
 * A manifest that cannot be read: bad YAML, a duplicate key, invalid
 * UTF-8, a file too large, or an object kubectl would refuse to decode.
 *
 * `message` reads `<file>:<line> (document <n>): <detail>`.
 *
 * @internal
 */
export class ManifestError extends PolicyError {
  /** The file, or `<manifests>` for objects passed in memory. */
  public readonly file: string;
  /** The 1-based line, when known. */
  public readonly line?: number;
  /** The 1-based document index, when known. */
  public readonly document?: number;
  /** The problem, without the location. */
  public readonly detail: string;

  constructor(code: string, detail: string, where: { file: string; line?: number; document?: number }) {
    super(code, `${formatLocation(where)}: ${detail}`);
    this.name = 'ManifestError';
    this.file = where.file;
    this.line = where.line;
    this.document = where.document;
    this.detail = detail;
  }
}

/** `file:line (document n)`, leaving out what is unknown. */
export function formatLocation(where: { file: string; line?: number; document?: number }): string {
  const line = where.line !== undefined ? `:${where.line}` : '';
  const doc = where.document !== undefined ? ` (document ${where.document})` : '';
  return `${where.file}${line}${doc}`;
}

/** The source of a value nested at `prefix` in the value `source` describes. */
export function nestedSource(source: SourceLocation, prefix: FieldPath): SourceLocation {
  if (prefix.length === 0) {
    return source;
  }
  const locate = (path: FieldPath) => source.locate?.([...prefix, ...path]);
  return { file: source.file, document: source.document, line: locate([]) ?? source.line, path: [...source.path ?? [], ...prefix], locate };
}

/** The line of the field at `path` (or of its nearest written parent), else of the value itself. */
export function lineOf(source: SourceLocation, path: FieldPath): number | undefined {
  return source.locate?.(path) ?? source.line;
}

/**
 * A field path in the API server's notation: `spec.ingress[0].from[1]`,
 * `metadata.labels[app.kubernetes.io/name]`.
 */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) {
      out += out ? `.${part}` : part;
    } else {
      out += `[${part}]`;
    }
  }
  return out;
}

/**
 * Parses a field path in the API server's notation
 * (`spec.ingress[0].from[1]`, `metadata.labels[app.kubernetes.io/name]`).
 */
export function parseFieldPath(path: string): Array<string | number> {
  const result: Array<string | number> = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) {
      result.push(m[1]);
    } else {
      result.push(/^[0-9]+$/.test(m[2]) ? Number(m[2]) : m[2]);
    }
  }
  return result;
}

/** A value in words, for messages: `the string "web"`, `the number 80`, `a list`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string': return `the string ${JSON.stringify(value)}`;
    case 'number': return `the number ${value}`;
    case 'boolean': return `the boolean ${value}`;
    case 'object': return 'an object';
    default: return typeof value;
  }
}

/**
 * A `ManifestError` at the field `path` of the value `source` describes:
 * `file:line (document n): path: detail`, the path from the document's root.
 */
export function fieldError(source: SourceLocation, code: string, path: FieldPath, detail: string): ManifestError {
  const field = formatPath([...source.path ?? [], ...path]);
  return new ManifestError(code, field ? `${field}: ${detail}` : detail, {
    file: source.file,
    document: source.document,
    line: lineOf(source, path),
  });
}
