import type * as JsYaml from 'js-yaml';
import type * as Yaml from 'yaml';
import { REFERENCE_OPTIONS } from './yaml-schema';

/*
 * A fast reader for plain manifests, used by `loadYaml` before its reference
 * parser. The `yaml` package reads about 1.5 MB/s here and js-yaml about
 * 8 MB/s (BENCHMARKS.md, "Reading manifests"), and a cdk8s dist/ is plain
 * YAML: no anchors, aliases, tags, directives or merge keys. For such text
 * js-yaml gives the same objects as the reference parser, because plain
 * scalars resolve through the reference schema's own tags (below).
 *
 * Anything else, and any text js-yaml rejects, is left to the reference
 * parser, which reports errors with their lines and caps alias expansion.
 * The fast path never decides that a file is invalid.
 */

/**
 * Text the fast path leaves to the reference parser: a node property or
 * alias (`&`, `*`, `!` where a node starts), a directive, a merge key, a
 * complex key (`? `) or a null key (`~:`, `null:`, `: `). False positives
 * only cost speed.
 */
const NEEDS_REFERENCE = /(?:^|[\s[{,:])[&*!]|^%|<<|(?:^|[\s[{,])\?(?:\s|$)|(?:^|[\s[{,])(?:~|null|Null|NULL)?:(?:\s|$)/m;

/** One document the fast path read. */
export interface FastDocument {
  /** The parsed value; null for an empty document. */
  readonly value: unknown;
  /** The 1-based line where the document's content starts. */
  readonly line: number;
  /** For a document that is a sequence: the 1-based line of each item that is an object. */
  readonly itemLines: Array<number | undefined>;
}

/**
 * The fast reader. js-yaml and the reference schema's tags are loaded on
 * the first read, so code that only synthesizes policies never pays for
 * them; one reader serves every file of a run.
 */
export class FastYaml {
  private loaded?: { readonly jsyaml: typeof JsYaml; readonly schema: JsYaml.Schema };

  /**
   * Reads every document of `text` with js-yaml, or returns undefined when
   * the text is not plain (see NEEDS_REFERENCE) or js-yaml rejects it.
   */
  public loadAll(text: string): FastDocument[] | undefined {
    if (NEEDS_REFERENCE.test(text)) {
      return undefined;
    }
    // js-yaml reports each node as it opens and closes. A document's root is
    // the first node opened at depth 1. Its items are found by object: the
    // first node to close with an object as its result opened where that
    // object starts (js-yaml nests some nodes twice, so depths alone do not say).
    const rootLines: number[] = [];
    const objectLines = new Map<unknown, number>();
    const openLines: number[] = [];
    let depth = 0;
    const listener = (event: JsYaml.EventType, state: JsYaml.State) => {
      if (event === 'open') {
        depth++;
        const line = depth <= MAX_TRACKED_DEPTH ? contentLine(state) : 0;
        openLines.push(line);
        if (depth === 1) {
          rootLines.push(line);
        }
        return;
      }
      const line = openLines.pop()!;
      if (depth <= MAX_TRACKED_DEPTH && state.result !== null && typeof state.result === 'object' && !objectLines.has(state.result)) {
        objectLines.set(state.result, line);
      }
      depth--;
    };
    let values: unknown[];
    try {
      const { jsyaml, schema } = this.library();
      values = jsyaml.loadAll(text, undefined, { schema, listener });
    } catch {
      return undefined;
    }
    if (values.length !== rootLines.length) {
      return undefined; // the documents and their roots do not line up: let the reference parser decide
    }
    return values.map((value, i) => ({
      value: value === undefined ? null : value,
      line: rootLines[i],
      itemLines: Array.isArray(value) ? value.map(item => objectLines.get(item)) : [],
    }));
  }

  /** js-yaml and the schema, loaded on first use. */
  private library(): { readonly jsyaml: typeof JsYaml; readonly schema: JsYaml.Schema } {
    if (!this.loaded) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const jsyaml: typeof JsYaml = require('js-yaml');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const yaml: typeof Yaml = require('yaml');
      this.loaded = { jsyaml, schema: jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [referenceScalars(jsyaml, yaml)] }) };
    }
    return this.loaded;
  }
}

/** Item lines are needed for the items of a top-level sequence only: nodes this deep or less. */
const MAX_TRACKED_DEPTH = 3;

/**
 * The 1-based line of the next content character from the parser's
 * position: js-yaml reports a node before skipping the spaces, line breaks
 * and comments in front of it.
 */
function contentLine(state: JsYaml.State): number {
  const input = state.input;
  let line = state.line;
  let i = state.position;
  while (i < input.length) {
    const ch = input.charCodeAt(i);
    if (ch === 0x0a) {
      line++;
      i++;
    } else if (ch === 0x20 || ch === 0x09 || ch === 0x0d) {
      i++;
    } else if (ch === 0x23) { // a comment runs to the end of the line
      while (i < input.length && input.charCodeAt(i) !== 0x0a) {
        i++;
      }
    } else {
      break;
    }
  }
  return line + 1;
}


/**
 * The first characters of the nulls, booleans and numbers of the
 * reference schema (`yaml-schema.ts`), and the merge key `<<`: a plain
 * scalar starting otherwise ("web", "NetworkPolicy") is a string, without
 * testing every tag. `test/analysis/manifests/fast-yaml.test.ts` checks that
 * no reference tag matches a scalar this rejects.
 */
export const MAY_RESOLVE = /^[-+.0-9~<nNyYtTfFoO]/;

/**
 * The reference schema's plain-scalar tags (YAML 1.1 nulls and booleans,
 * go-yaml's numbers, no timestamps), in its order, as one js-yaml
 * implicit type: the first tag whose test matches resolves the scalar with
 * the reference's own function.
 */
function referenceScalars(jsyaml: typeof JsYaml, yaml: typeof Yaml): JsYaml.Type {
  const schema = new yaml.Document(null, REFERENCE_OPTIONS).schema;
  // A tag's resolve() may give a Scalar node (null, booleans) or a bare value.
  const scalarValue = (resolved: unknown) => (resolved instanceof yaml.Scalar ? resolved.value : resolved);
  const tags = schema.tags.filter((t): t is typeof t & { test: RegExp; resolve: (...args: any[]) => unknown } =>
    (t as { default?: unknown }).default === true && (t as { test?: unknown }).test instanceof RegExp);
  const options = { intAsBigInt: false };
  const onError = (message: string) => {
    throw new Error(message);
  };
  // js-yaml calls construct() right after a resolve() that matched: remember the tag.
  let matched: (typeof tags)[number] | undefined;
  return new jsyaml.Type('tag:cdk8s-netpol,2026:plain-scalar', {
    kind: 'scalar',
    resolve: (data: unknown) => {
      matched = typeof data === 'string' && (data === '' || MAY_RESOLVE.test(data)) ? tags.find(t => t.test.test(data)) : undefined;
      return matched !== undefined;
    },
    construct: (data: string) => scalarValue(matched!.resolve(data, onError, options)),
  });
}
