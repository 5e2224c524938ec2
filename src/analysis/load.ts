import { App, Chart } from 'cdk8s';
import type { Document, LineCounter, YAMLError } from 'yaml';
import { fastLoadAll } from './fast-yaml';
import { REFERENCE_OPTIONS } from './yaml-schema';
import { PolicyError } from '../core/errors';
import { Protocol } from '../core/port';
import { Endpoint, EndpointPort } from './model/endpoint';
import { Labels } from './model/selector-matcher';
import { parseIp } from '../kube/cidr';
import { validateDns1123Label, validateDns1123Subdomain, validateLabelValue, validatePortName, validatePortNumber, validateQualifiedName } from '../kube/names';
import { NAMESPACE_NAME_LABEL } from '../kube/shapes';

/*
 * Stage 1 of the engine: manifests (already-parsed objects, YAML or JSON
 * text, or a cdk8s Chart/App) -> namespaces, endpoints and raw
 * NetworkPolicy manifests. Reads nothing from disk; the CLI does file IO.
 */

/** The default cap on the size of one YAML or JSON file: 64 MiB. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** The default cap on alias expansion, against "billion laughs" documents. */
export const DEFAULT_MAX_ALIAS_COUNT = 100;

/** The file name used for manifests passed as objects. */
export const OBJECTS_FILE = '<manifests>';

/**
 * Where a manifest came from.
 */
export interface SourceLocation {
  /** The file name, or `<manifests>` for objects passed in memory. */
  readonly file: string;
  /** The 1-based index of the document in the file (or of the object in the array). */
  readonly document?: number;
  /** The 1-based line where the document starts, when known. */
  readonly line?: number;
  /**
   * The 1-based line of a field, given its path from the object's root,
   * or of its nearest parent that is written. Undefined when unknown.
   */
  readonly locate?: (path: ReadonlyArray<string | number>) => number | undefined;
}

/**
 * A manifest that cannot be loaded: bad YAML, a duplicate key, invalid
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

/**
 * Options for `loadYaml`.
 */
export interface LoadYamlOptions {
  /** The largest accepted input, in bytes (UTF-8). Default 64 MiB. */
  readonly maxBytes?: number;
  /** The most alias expansions per document. Default 100. */
  readonly maxAliasCount?: number;
  /** Read with the reference parser only, not the fast reader (for tests and benchmarks). */
  readonly referenceOnly?: boolean;
}

/** A NetworkPolicy manifest, not yet validated. */
export interface RawPolicy {
  readonly namespace: string;
  readonly name: string;
  readonly manifest: any;
  readonly source?: SourceLocation;
}

/** What `loadManifests` found. */
export interface LoadedManifests {
  /** Declared namespaces and their labels (the name label included). */
  readonly namespaces: Map<string, Labels>;
  /** Pods and workloads, in input order (a later duplicate replaces an earlier one). */
  readonly endpoints: Endpoint[];
  /** NetworkPolicy manifests, in input order (a later duplicate replaces an earlier one). */
  readonly policies: RawPolicy[];
}

/** Kinds whose pod template gives the labels and ports of their pods. */
const WORKLOAD_TEMPLATES: { [kind: string]: string[] } = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

const PROTOCOLS: string[] = Object.values(Protocol);

/** Sources of the objects `loadYaml` returned, so later stages can name lines. */
const SOURCES = new WeakMap<object, SourceLocation>();

/** The source of an object returned by `loadYaml`, if any. */
export function sourceOf(manifest: unknown): SourceLocation | undefined {
  return manifest !== null && typeof manifest === 'object' ? SOURCES.get(manifest) : undefined;
}

/**
 * Parses YAML (or JSON) text into manifests, as strictly as kubectl does.
 *
 * - several documents separated by `---`; empty documents are skipped;
 * - a duplicate key, any parser error and ANY parser warning (an unknown
 *   tag, a bad directive) fails the load;
 * - scalars resolve as go-yaml v2 (kubectl's parser) resolves them, so
 *   `yes`, `no`, `on` and `off` are booleans, `0o17` and `0x1F` are numbers,
 *   and timestamps, base-60 numbers and `e3` stay strings;
 * - alias expansion and input size are capped;
 * - bytes must be valid UTF-8 (a BOM is dropped).
 *
 * Plain YAML and JSON (no anchors, aliases, tags, directives or merge keys,
 * as cdk8s writes) are read by a fast reader that resolves scalars exactly
 * as the reference parser (`yaml`) does; anything else, and every error,
 * goes through the reference parser.
 *
 * Errors are `ManifestError`s naming the file, document and line.
 *
 * @param input the text, or its bytes
 * @param fileName the name used in errors
 * @returns the non-empty documents, as plain JSON objects
 */
export function loadYaml(input: string | Uint8Array, fileName: string, options: LoadYamlOptions = {}): any[] {
  const file = fileName;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > maxBytes) {
    throw new ManifestError('ManifestTooLarge',
      `the file is ${size} bytes, more than the limit of ${maxBytes} bytes. Split it into smaller files, or raise the limit.`,
      { file });
  }
  const text = typeof input === 'string' ? stripBom(input) : decodeUtf8(input, file);

  // Plain YAML (what cdk8s writes) goes through the fast reader; lines of
  // fields, needed only for messages, come from the reference parser on demand.
  const fast = options.referenceOnly ? undefined : fastLoadAll(text);
  if (fast) {
    let reference: { documents: Document.Parsed[]; lineCounter: LineCounter } | undefined;
    const referenceDocument = (i: number) => {
      reference ??= parseReference(text);
      return reference.documents[i];
    };
    const result: any[] = [];
    fast.forEach((doc, i) => {
      const locate = (path: ReadonlyArray<string | number>) => {
        const parsed = referenceDocument(i);
        return parsed ? locateInDocument(parsed, reference!.lineCounter, path) : undefined;
      };
      collectDocument(result, doc.value, {
        file,
        document: i + 1,
        line: doc.line,
        itemLine: index => doc.itemLines[index] ?? locate([index]),
        locate,
      });
    });
    return result;
  }

  const { documents, lineCounter } = parseReference(text, file);
  const result: any[] = [];
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
      value = doc.toJS({ maxAliasCount: options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/alias/i.test(message)) {
        throw new ManifestError('TooManyAliases',
          `the document expands too many aliases (limit ${options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT}). `
          + 'Write the repeated values out, or use fewer anchors.', { file, document, line });
      }
      throw new ManifestError('InvalidYaml', message, { file, document, line });
    }
    collectDocument(result, value, {
      file,
      document,
      line,
      itemLine: index => locateInDocument(doc, lineCounter, [index]),
      locate: path => locateInDocument(doc, lineCounter, path),
    });
  });
  return result;
}

/** Where one parsed document came from, for `collectDocument`. */
interface DocumentSource {
  readonly file: string;
  readonly document: number;
  /** The line where the document's content starts. */
  readonly line?: number;
  /** The line of item `index` of a document that is a sequence. */
  readonly itemLine: (index: number) => number | undefined;
  /** The line of a field, given its path from the document's root. */
  readonly locate: (path: ReadonlyArray<string | number>) => number | undefined;
}

/**
 * Adds the objects of one document to `result`, each with its source: the
 * document itself, or each item of a top-level array (as `chart.toJson()`
 * saved to a file is). An empty document adds nothing.
 */
function collectDocument(result: any[], value: unknown, source: DocumentSource): void {
  if (value === null || value === undefined) {
    return;
  }
  const { file, document, line } = source;
  const items = Array.isArray(value) ? value : [value];
  items.forEach((item, index) => {
    const prefix = Array.isArray(value) ? [index] : [];
    const itemLine = Array.isArray(value) ? source.itemLine(index) ?? line : line;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      const what = Array.isArray(value) ? `item ${index} of the document` : 'the document';
      throw new ManifestError('NotAnObject',
        `${what} is ${describe(item)}, not an object. Each document must be a Kubernetes object with apiVersion and kind.`,
        { file, document, line: itemLine });
    }
    SOURCES.set(item as object, {
      file,
      document,
      line: itemLine,
      locate: path => source.locate([...prefix, ...path]),
    });
    result.push(item);
  });
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

/**
 * The manifests of a cdk8s chart, as `cdk8s synth` would write them.
 */
export function chartManifests(chart: Chart): any[] {
  return chart.toJson();
}

/**
 * The manifests of every chart of a cdk8s app.
 */
export function appManifests(app: App): any[] {
  return app.charts.flatMap(chart => chart.toJson());
}

/**
 * Sorts manifests into namespaces, endpoints and NetworkPolicies.
 *
 * `kind: List` (and any `*List` with `items`) is flattened. Namespaces,
 * Pods, the pod templates of Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job and CronJob, and NetworkPolicies are kept;
 * other kinds are ignored. Objects with no namespace go to `default`.
 *
 * Fields the engine reads must have the types kubectl decodes (string
 * labels, numeric ports, ...); otherwise a `ManifestError` names the field.
 * NetworkPolicies are returned as written, for `PolicyValidator`.
 */
export function loadManifests(manifests: any[]): LoadedManifests {
  if (!Array.isArray(manifests)) {
    throw new ManifestError('NotAList', `expected an array of manifests, got ${describe(manifests)}`, { file: OBJECTS_FILE });
  }
  const namespaces = new Map<string, Labels>();
  const endpoints = new Map<string, Endpoint>();
  const policies = new Map<string, RawPolicy>();

  const visit = (obj: unknown, source: SourceLocation, prefix: Array<string | number>): void => {
    const at = new Locator(source, prefix);
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      throw at.error('NotAnObject', [], `expected a Kubernetes object, got ${describe(obj)}`);
    }
    const o = obj as { [key: string]: any };
    const kind = o.kind;
    if (typeof kind !== 'string' || kind === '') {
      throw at.error('MissingKind', ['kind'], "Object 'Kind' is missing. Set kind, e.g. kind: Deployment.");
    }
    if (typeof o.apiVersion !== 'string' || o.apiVersion === '') {
      throw at.error('MissingApiVersion', ['apiVersion'], `apiVersion is not set on this ${kind}. Set it, e.g. apiVersion: v1.`);
    }
    if (kind.endsWith('List') && Array.isArray(o.items)) {
      o.items.forEach((item: unknown, i: number) => visit(item, source, [...prefix, 'items', i]));
      return;
    }
    const template = WORKLOAD_TEMPLATES[kind];
    if (kind !== 'Namespace' && kind !== 'Pod' && kind !== 'NetworkPolicy' && !template) {
      return;
    }
    const meta = readMetadata(o, at, kind);
    if (kind === 'Namespace') {
      namespaces.set(meta.name, { ...meta.labels, [NAMESPACE_NAME_LABEL]: meta.name });
    } else if (kind === 'NetworkPolicy') {
      if (o.apiVersion !== 'networking.k8s.io/v1') {
        throw at.error('UnsupportedApiVersion', ['apiVersion'],
          `NetworkPolicy apiVersion "${o.apiVersion}" is not served by current clusters. Use apiVersion: networking.k8s.io/v1.`);
      }
      policies.set(`${meta.namespace}/${meta.name}`, {
        namespace: meta.namespace,
        name: meta.name,
        manifest: o,
        source: prefix.length === 0 ? source : { ...source, locate: p => source.locate?.([...prefix, ...p]) },
      });
    } else if (kind === 'Pod') {
      endpoints.set(`Pod/${meta.namespace}/${meta.name}`, {
        id: `${meta.namespace}/${meta.name}`,
        kind,
        namespace: meta.namespace,
        name: meta.name,
        labels: meta.labels,
        ports: readPorts(o.spec, ['spec'], at),
        ips: readPodIps(o.status, at),
        external: false,
      });
    } else {
      const tpl = getIn(o, template);
      if (tpl === undefined || tpl === null || typeof tpl !== 'object' || Array.isArray(tpl)) {
        throw at.error('MissingTemplate', template, `${kind} "${meta.name}" has no pod template at ${template.join('.')}.`);
      }
      const labels = readLabels(tpl.metadata?.labels, [...template, 'metadata', 'labels'], at);
      endpoints.set(`${kind}/${meta.namespace}/${meta.name}`, {
        id: `${meta.namespace}/${meta.name}`,
        kind,
        namespace: meta.namespace,
        name: meta.name,
        labels,
        ports: readPorts(tpl.spec, [...template, 'spec'], at),
        ips: [],
        external: false,
      });
    }
  };

  manifests.forEach((m, i) => visit(m, sourceOf(m) ?? { file: OBJECTS_FILE, document: i + 1 }, []));
  return { namespaces, endpoints: [...endpoints.values()], policies: [...policies.values()] };
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

// ---------------------------------------------------------------------------

class Locator {
  constructor(private readonly source: SourceLocation, private readonly prefix: ReadonlyArray<string | number>) {
  }

  public error(code: string, path: ReadonlyArray<string | number>, detail: string): ManifestError {
    const full = [...this.prefix, ...path];
    const line = this.source.locate?.(full) ?? this.source.line;
    const field = formatPath(full);
    return new ManifestError(code, field ? `${field}: ${detail}` : detail, {
      file: this.source.file,
      document: this.source.document,
      line,
    });
  }
}

interface Metadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
}

function readMetadata(o: { [key: string]: any }, at: Locator, kind: string): Metadata {
  const meta = o.metadata;
  if (kind === 'NetworkPolicy') {
    // PolicyValidator reports every metadata problem of a policy.
    const ok = meta !== null && typeof meta === 'object' && !Array.isArray(meta);
    const name = ok && typeof meta.name === 'string' ? meta.name : '';
    const namespace = ok && typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default';
    return { name, namespace, labels: {} };
  }
  if (meta === undefined || meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
    throw at.error('MissingMetadata', ['metadata'], `${kind} has no metadata. Set metadata.name.`);
  }
  let name = meta.name;
  if ((name === undefined || name === null || name === '') && typeof meta.generateName === 'string' && meta.generateName !== '') {
    name = `${meta.generateName}*`;
  } else {
    if (name === undefined || name === null || name === '') {
      throw at.error('MissingName', ['metadata', 'name'], `${kind} has no name. Set metadata.name.`);
    }
    if (typeof name !== 'string') {
      throw at.error('InvalidName', ['metadata', 'name'], `must be a string, got ${describe(name)}.${quoteHint(name)}`);
    }
    const problems = kind === 'Namespace' ? validateDns1123Label(name) : validateDns1123Subdomain(name);
    if (problems.length > 0) {
      throw at.error('InvalidName', ['metadata', 'name'], `Invalid ${kind} name ${JSON.stringify(name)}: ${problems.join('; ')}.`);
    }
  }
  let namespace = 'default';
  if (kind !== 'Namespace' && meta.namespace !== undefined && meta.namespace !== null && meta.namespace !== '') {
    if (typeof meta.namespace !== 'string') {
      throw at.error('InvalidNamespace', ['metadata', 'namespace'],
        `must be a string, got ${describe(meta.namespace)}.${quoteHint(meta.namespace)}`);
    }
    const problems = validateDns1123Label(meta.namespace);
    if (problems.length > 0) {
      throw at.error('InvalidNamespace', ['metadata', 'namespace'],
        `Invalid namespace ${JSON.stringify(meta.namespace)}: ${problems.join('; ')}.`);
    }
    namespace = meta.namespace;
  }
  return { name, namespace, labels: readLabels(meta.labels, ['metadata', 'labels'], at) };
}

function readLabels(value: unknown, path: Array<string | number>, at: Locator): Labels {
  if (value === undefined || value === null) {
    return {};
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw at.error('InvalidLabels', path, `must be a map of label keys to string values, got ${describe(value)}.`);
  }
  const labels: { [key: string]: string } = {};
  for (const [key, v] of Object.entries(value as object)) {
    const keyProblems = validateQualifiedName(key);
    if (keyProblems.length > 0) {
      throw at.error('InvalidLabelKey', [...path, key], `Invalid label key ${JSON.stringify(key)}: ${keyProblems.join('; ')}.`);
    }
    if (typeof v !== 'string') {
      throw at.error('InvalidLabelValue', [...path, key], `label values must be strings, got ${describe(v)}.${quoteHint(v)}`);
    }
    const problems = validateLabelValue(v);
    if (problems.length > 0) {
      throw at.error('InvalidLabelValue', [...path, key], `Invalid label value ${JSON.stringify(v)}: ${problems.join('; ')}.`);
    }
    labels[key] = v;
  }
  return labels;
}

function readPorts(spec: any, path: Array<string | number>, at: Locator): EndpointPort[] {
  const ports: EndpointPort[] = [];
  if (spec === undefined || spec === null || typeof spec !== 'object') {
    return ports;
  }
  for (const field of ['containers', 'initContainers']) {
    const containers = spec[field];
    if (containers === undefined || containers === null) {
      continue;
    }
    if (!Array.isArray(containers)) {
      throw at.error('InvalidContainers', [...path, field], `must be a list, got ${describe(containers)}.`);
    }
    containers.forEach((c: any, i: number) => {
      const list = c?.ports;
      if (list === undefined || list === null) {
        return;
      }
      if (!Array.isArray(list)) {
        throw at.error('InvalidPorts', [...path, field, i, 'ports'], `must be a list, got ${describe(list)}.`);
      }
      list.forEach((p: any, j: number) => {
        const where = [...path, field, i, 'ports', j];
        if (p === null || typeof p !== 'object') {
          throw at.error('InvalidPort', where, `must be an object with containerPort, got ${describe(p)}.`);
        }
        const numberProblems = validatePortNumber(p.containerPort);
        if (numberProblems.length > 0) {
          throw at.error('InvalidPort', [...where, 'containerPort'],
            `Invalid containerPort ${JSON.stringify(p.containerPort)}: ${numberProblems.join('; ')}.`);
        }
        const protocol = p.protocol ?? Protocol.TCP;
        if (!PROTOCOLS.includes(protocol)) {
          throw at.error('InvalidProtocol', [...where, 'protocol'],
            `Unsupported protocol ${JSON.stringify(protocol)}: must be one of ${PROTOCOLS.join(', ')}.`);
        }
        let name: string | undefined;
        if (p.name !== undefined && p.name !== null && p.name !== '') {
          const nameProblems = typeof p.name === 'string' ? validatePortName(p.name) : ['must be a string'];
          if (nameProblems.length > 0) {
            throw at.error('InvalidPortName', [...where, 'name'], `Invalid port name ${JSON.stringify(p.name)}: ${nameProblems.join('; ')}.`);
          }
          name = p.name;
        }
        ports.push({ name, port: p.containerPort, protocol: protocol as Protocol });
      });
    });
  }
  return ports;
}

function readPodIps(status: any, at: Locator): string[] {
  const ips: string[] = [];
  if (status === undefined || status === null || typeof status !== 'object') {
    return ips;
  }
  const add = (ip: unknown, path: Array<string | number>) => {
    if (ip === undefined || ip === null || ip === '') {
      return;
    }
    if (typeof ip !== 'string' || parseIp(ip) === undefined) {
      throw at.error('InvalidPodIp', path, `Invalid pod IP ${JSON.stringify(ip)}: must be an IPv4 or IPv6 address.`);
    }
    if (!ips.includes(ip)) {
      ips.push(ip);
    }
  };
  add(status.podIP, ['status', 'podIP']);
  if (Array.isArray(status.podIPs)) {
    status.podIPs.forEach((entry: any, i: number) => add(entry?.ip, ['status', 'podIPs', i, 'ip']));
  }
  return ips;
}

function getIn(obj: any, path: string[]): any {
  let cur = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') {
      return undefined;
    }
    cur = cur[key];
  }
  return cur;
}

function locateInDocument(doc: Document.Parsed, lineCounter: LineCounter, path: ReadonlyArray<string | number>): number | undefined {
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

function formatLocation(where: { file: string; line?: number; document?: number }): string {
  const line = where.line !== undefined ? `:${where.line}` : '';
  const doc = where.document !== undefined ? ` (document ${where.document})` : '';
  return `${where.file}${line}${doc}`;
}

function formatPath(path: ReadonlyArray<string | number>): string {
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

/** kubectl reads YAML 1.1: y, n, yes, no, on, off are booleans, and 1.0 or 0777 are numbers. */
function quoteHint(value: unknown): string {
  if (typeof value === 'boolean') {
    return ' YAML reads unquoted y, n, yes, no, on, off, true and false as booleans; quote the value, e.g. "y".';
  }
  if (typeof value === 'number') {
    return ' YAML reads unquoted digits as a number; quote the value, e.g. "1.0".';
  }
  return '';
}

function describe(value: unknown): string {
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
