import type { Document, LineCounter, YAMLError } from 'yaml';
import { FastYaml } from './fast-yaml';
import { describeValue, FieldPath, ManifestError, SourceLocation, SourcedObject } from './source';
import { REFERENCE_OPTIONS } from './yaml-schema';

/*
 * The one reader of YAML and JSON text: manifests and probes files alike
 * go through it, as strictly as kubectl reads manifests.
 */

/** The default cap on the size of one YAML or JSON file: 64 MiB. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** The default cap on alias expansion, against "billion laughs" documents. */
export const DEFAULT_MAX_ALIAS_COUNT = 100;

/** Options of a `ManifestReader`. */
export interface ReadOptions {
  /** The largest accepted input, in bytes (UTF-8). Default 64 MiB. */
  readonly maxBytes?: number;
  /** The most alias expansions per document. Default 100. */
  readonly maxAliasCount?: number;
  /** Read with the reference parser only, not the fast reader (for tests and benchmarks). */
  readonly referenceOnly?: boolean;
}

/** One non-empty document of a file. */
export interface ReadDocument {
  /** The parsed value. */
  readonly value: unknown;
  /** Where it came from; `locate` finds the line of a field. */
  readonly source: SourceLocation;
  /** The 1-based line of item `index` when the document is a sequence. */
  readonly itemLine: (index: number) => number | undefined;
}

/**
 * Reads YAML (or JSON) text as strictly as kubectl does:
 *
 * - several documents separated by `---`; empty documents are skipped;
 * - a duplicate key, any parser error and ANY parser warning (an unknown
 *   tag, a bad directive) fails the read;
 * - scalars resolve as go-yaml v2 (kubectl's parser) resolves them, so
 *   `yes`, `no`, `on` and `off` are booleans, `0o17` and `0x1F` are numbers,
 *   and timestamps, base-60 numbers and `e3` stay strings;
 * - alias expansion and input size are capped;
 * - bytes must be valid UTF-8 (a BOM is dropped).
 *
 * Plain YAML and JSON (no anchors, aliases, tags, directives or merge keys,
 * as cdk8s writes) are read by a fast reader that resolves scalars exactly
 * as the reference parser (`yaml`) does; anything else, and every error,
 * goes through the reference parser. Errors are `ManifestError`s naming the
 * file, document and line.
 *
 * One reader serves a whole run: it loads its parsers on the first read.
 */
export class ManifestReader {
  private readonly fast = new FastYaml();

  constructor(private readonly options: ReadOptions = {}) {
  }

  /**
   * The objects of a file: each document that is an object, and each item
   * of a document that is a list (as `chart.toJson()` saved to a file is).
   * Anything else is a `ManifestError`.
   */
  public objects(input: string | Uint8Array, file: string): SourcedObject[] {
    const result: SourcedObject[] = [];
    for (const doc of this.documents(input, file)) {
      const items = Array.isArray(doc.value) ? doc.value : [doc.value];
      items.forEach((item, index) => {
        const source = Array.isArray(doc.value)
          ? { ...doc.source, line: doc.itemLine(index) ?? doc.source.line, locate: (path: FieldPath) => doc.source.locate?.([index, ...path]) }
          : doc.source;
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
          const what = Array.isArray(doc.value) ? `item ${index} of the document` : 'the document';
          throw new ManifestError('NotAnObject',
            `${what} is ${describeValue(item)}, not an object. Each document must be a Kubernetes object with apiVersion and kind.`,
            { file, document: source.document, line: source.line });
        }
        result.push({ object: item, source });
      });
    }
    return result;
  }

  /** The non-empty documents of a file, each with its source. */
  public documents(input: string | Uint8Array, file: string): ReadDocument[] {
    const maxBytes = this.options.maxBytes ?? DEFAULT_MAX_BYTES;
    const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
    if (size > maxBytes) {
      throw new ManifestError('ManifestTooLarge',
        `the file is ${size} bytes, more than the limit of ${maxBytes} bytes. Split it into smaller files, or raise the limit.`,
        { file });
    }
    const text = typeof input === 'string' ? stripBom(input) : decodeUtf8(input, file);

    // Plain YAML (what cdk8s writes) goes through the fast reader; lines of
    // fields, needed only for messages, come from the reference parser on demand.
    const fast = this.options.referenceOnly ? undefined : this.fast.loadAll(text);
    if (fast) {
      let reference: { documents: Document.Parsed[]; lineCounter: LineCounter } | undefined;
      const result: ReadDocument[] = [];
      fast.forEach((doc, i) => {
        if (doc.value === null || doc.value === undefined) {
          return; // an empty document, e.g. after a trailing '---'
        }
        const locate = (path: FieldPath) => {
          reference ??= parseReference(text);
          const parsed = reference.documents[i];
          return parsed ? locateInDocument(parsed, reference.lineCounter, path) : undefined;
        };
        result.push({
          value: doc.value,
          source: { file, document: i + 1, line: doc.line, locate },
          itemLine: index => doc.itemLines[index] ?? locate([index]),
        });
      });
      return result;
    }

    const maxAliasCount = this.options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT;
    const { documents, lineCounter } = parseReference(text, file);
    const result: ReadDocument[] = [];
    documents.forEach((doc, i) => {
      const document = i + 1;
      const problem = doc.errors[0] ?? doc.warnings[0];
      if (problem) {
        const more = doc.errors.length + doc.warnings.length - 1;
        throw yamlError(problem, file, document, more, text);
      }
      if (doc.contents === null) {
        return; // an empty document, e.g. after a trailing '---'
      }
      const start = doc.contents.range?.[0];
      const line = start === undefined ? undefined : lineCounter.linePos(start).line;
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (/alias/i.test(message)) {
          throw new ManifestError('TooManyAliases',
            `the document expands too many aliases (limit ${maxAliasCount}). `
            + 'Write the repeated values out, or use fewer anchors.', { file, document, line });
        }
        throw new ManifestError('InvalidYaml', message, { file, document, line });
      }
      if (value === null || value === undefined) {
        return;
      }
      const locate = (path: FieldPath) => locateInDocument(doc, lineCounter, path);
      result.push({ value, source: { file, document, line, locate }, itemLine: index => locate([index]) });
    });
    return result;
  }
}

/**
 * Parses `text` with the reference parser. With `file`, a stream with no
 * document but a problem (only comments or directives) throws.
 */
function parseReference(text: string, file?: string): { documents: Document.Parsed[]; lineCounter: LineCounter } {
  // Loaded on first use: code that only synthesizes policies never reads YAML.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LineCounter: Counter, parseAllDocuments }: typeof import('yaml') = require('yaml');
  const lineCounter = new Counter();
  const parsed = parseAllDocuments(text, { ...REFERENCE_OPTIONS, lineCounter });
  if ('empty' in parsed) {
    if (file !== undefined && (parsed.errors.length > 0 || parsed.warnings.length > 0)) {
      throw yamlError(parsed.errors[0] ?? parsed.warnings[0], file, 1);
    }
    return { documents: [], lineCounter };
  }
  return { documents: parsed, lineCounter };
}

function locateInDocument(doc: Document.Parsed, lineCounter: LineCounter, path: FieldPath): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    // When the field is not written, name the line of its nearest written parent.
    if (node && typeof node === 'object' && Array.isArray(node.range)) {
      return lineCounter.linePos(node.range[0]).line;
    }
  }
  return undefined;
}

function yamlError(problem: YAMLError, file: string, document: number, more = 0, text?: string): ManifestError {
  const line = problem.linePos?.[0]?.line;
  let first = problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (problem.code === 'DUPLICATE_KEY' && text !== undefined) {
    const key = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^:,}\n]+)/.exec(text.slice(problem.pos[0]))?.[1]?.trim();
    if (key) {
      first = `duplicate key ${key.startsWith('"') || key.startsWith("'") ? key : `"${key}"`}: ${first}. Keep only one of them`;
    }
  }
  const code = problem.code === 'DUPLICATE_KEY' ? 'DuplicateKey'
    : problem.name === 'YAMLWarning' ? 'YamlWarning'
      : 'InvalidYaml';
  const suffix = more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : '';
  return new ManifestError(code, `${first}${suffix}`, { file, document, line });
}
function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) {
      if (bytes[i] === 0x0a) {
        line++;
      }
    }
    const hex = offset < bytes.length ? ` (byte 0x${bytes[offset].toString(16).padStart(2, '0')} at offset ${offset})` : '';
    throw new ManifestError('InvalidUtf8', `the file is not valid UTF-8${hex}. Save it as UTF-8.`, { file, line });
  }
}

/** The offset of the first byte that does not start a well-formed UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  const inRange = (i: number, lo: number, hi: number) => i < b.length && b[i] >= lo && b[i] <= hi;
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let ok: boolean;
    let len: number;
    if (c <= 0x7f) {
      ok = true; len = 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
      ok = inRange(i + 1, 0x80, 0xbf); len = 2;
    } else if (c === 0xe0) {
      ok = inRange(i + 1, 0xa0, 0xbf) && inRange(i + 2, 0x80, 0xbf); len = 3;
    } else if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) {
      ok = inRange(i + 1, 0x80, 0xbf) && inRange(i + 2, 0x80, 0xbf); len = 3;
    } else if (c === 0xed) {
      ok = inRange(i + 1, 0x80, 0x9f) && inRange(i + 2, 0x80, 0xbf); len = 3;
    } else if (c === 0xf0) {
      ok = inRange(i + 1, 0x90, 0xbf) && inRange(i + 2, 0x80, 0xbf) && inRange(i + 3, 0x80, 0xbf); len = 4;
    } else if (c >= 0xf1 && c <= 0xf3) {
      ok = inRange(i + 1, 0x80, 0xbf) && inRange(i + 2, 0x80, 0xbf) && inRange(i + 3, 0x80, 0xbf); len = 4;
    } else if (c === 0xf4) {
      ok = inRange(i + 1, 0x80, 0x8f) && inRange(i + 2, 0x80, 0xbf) && inRange(i + 3, 0x80, 0xbf); len = 4;
    } else {
      ok = false; len = 1;
    }
    if (!ok) {
      return i;
    }
    i += len;
  }
  return b.length;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

