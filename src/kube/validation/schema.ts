/*
 * The schema walk that every validator of this folder shares: typed reads
 * of a parsed manifest that report, as the API server's strict decoding
 * reports them, values of the wrong type and unknown fields. Reads only own
 * data properties, so it never runs code from the manifest.
 */

/** One problem, at a field path in the API server's notation (`spec.ingress[0].ports[1].endPort`). */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** A parsed JSON object. */
export type Json = { [key: string]: unknown };

/** Suggests a fix for an unknown field, or undefined. */
export type FieldHint = (key: string) => string | undefined;

/**
 * Collects issues while reading a manifest. Each reader returns the value
 * when it has the expected type and reports a type error otherwise.
 */
export class SchemaWalker {
  /**
   * The issues `check` finds with a new walker. Never throws: the checks
   * read only own data properties, but a manifest could still be a Proxy or
   * the like, whose error becomes one issue.
   */
  public static collect(check: (walker: SchemaWalker) => void): FieldIssue[] {
    const walker = new SchemaWalker();
    try {
      check(walker);
    } catch (e) {
      walker.add('', `Internal error: could not validate this manifest (${describeError(e)})`);
    }
    return walker.issues;
  }

  public readonly issues: FieldIssue[] = [];

  public add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  /** Reports `Invalid value: <value>: must be <expected>`, with an optional hint. */
  public typeError(path: string, value: unknown, expected: string, hint?: string): void {
    const fix = hint ? `. ${hint}${/[.?!]$/.test(hint) ? '' : '.'}` : '';
    this.add(path, `Invalid value: ${show(value)}: must be ${expected}${fix}`);
  }

  /** Reports keys of `obj` that the schema does not know, each with a hint when there is one. */
  public fields(obj: Json, path: string, known: readonly string[], hint: FieldHint): void {
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) {
        const text = hint(key);
        this.add(child(path, key), `unknown field "${key}"${text ? `. ${text}` : ''}`);
      }
    }
  }

  /** An object field: the object, `{}` when absent or null, undefined after a type error. */
  public object(value: unknown, path: string): Json | undefined {
    if (isObject(value)) {
      return value;
    }
    if (isAbsent(value)) {
      return {};
    }
    this.typeError(path, value, 'an object');
    return undefined;
  }

  /** A string field: '' when absent or null (Go's zero value), undefined after a type error. */
  public string(value: unknown, path: string): string | undefined {
    if (isAbsent(value)) {
      return '';
    }
    if (typeof value === 'string') {
      return value;
    }
    const hint = typeof value === 'number' || typeof value === 'boolean'
      ? `Quote it: "${String(value)}"` : undefined;
    this.typeError(path, value, 'a string', hint);
    return undefined;
  }

  /** An integer field: undefined when absent, null or after a type error. */
  public integer(value: unknown, path: string): number | undefined {
    if (isAbsent(value)) {
      return undefined;
    }
    if (typeof value === 'number' && Number.isInteger(value)) {
      return value;
    }
    const hint = typeof value === 'string' && /^-?[0-9]+$/.test(value)
      ? `Write ${value} without quotes` : undefined;
    this.typeError(path, value, 'an integer', hint);
    return undefined;
  }

  /** A boolean field: undefined when absent, null or after a type error. */
  public boolean(value: unknown, path: string): boolean | undefined {
    if (isAbsent(value)) {
      return undefined;
    }
    if (typeof value === 'boolean') {
      return value;
    }
    this.typeError(path, value, 'a boolean (true or false)');
    return undefined;
  }

  /** A list field: empty when absent, null or after a type error. */
  public list(value: unknown, path: string): unknown[] {
    if (isAbsent(value)) {
      return [];
    }
    if (Array.isArray(value)) {
      return value;
    }
    const hint = typeof value === 'string'
      ? `Write it as a list: [${JSON.stringify(value)}]`
      : isObject(value) ? 'Write it as a list of items ("- ..." in YAML)' : undefined;
    this.typeError(path, value, 'a list', hint);
    return [];
  }

  /** A map of strings; null values read as '' (Go's zero value), wrong types are reported. */
  public stringMap(value: unknown, path: string): Array<[string, string]> {
    if (isAbsent(value)) {
      return [];
    }
    if (!isObject(value)) {
      this.typeError(path, value, 'an object (a map of strings)');
      return [];
    }
    const entries: Array<[string, string]> = [];
    for (const key of Object.keys(value)) {
      const v = this.string(own(value, key), `${path}[${key}]`);
      if (v !== undefined) {
        entries.push([key, v]);
      }
    }
    return entries;
  }
}

export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own data property, without running getters or reading the prototype. */
export function own(obj: Json, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(obj, key);
  return descriptor ? descriptor.value : undefined;
}

/** `spec` + `podSelector` -> `spec.podSelector`; the root path is empty. */
export function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** `spec.ingress` + 2 -> `spec.ingress[2]`. */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** A value as Go's field errors print it: strings quoted, others as JSON. */
export function show(value: unknown): string {
  if (isAbsent(value)) {
    return 'null';
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object': {
      let text: string | undefined;
      try {
        text = JSON.stringify(value);
      } catch {
        text = undefined;
      }
      if (text === undefined) {
        return Array.isArray(value) ? '[...]' : '{...}';
      }
      return text.length > 80 ? `${text.slice(0, 77)}...` : text;
    }
    default:
      return typeof value;
  }
}

/** `Invalid value: <value>: <detail>`, as field.Invalid prints it. */
export function invalid(value: unknown, detail: string): string {
  return `Invalid value: ${show(value)}: ${detail}`;
}

/** `Unsupported value: <value>: supported values: "a", "b"`, as field.NotSupported prints it. */
export function notSupported(value: string, supported: readonly string[]): string {
  return `Unsupported value: ${show(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`;
}

/** The message of anything thrown, for an internal-error issue. */
export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : show(e);
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
