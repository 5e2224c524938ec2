import { App, Chart } from 'cdk8s';
import { ManifestReader } from './manifests/reader';
import { describeValue, fieldError, FieldPath, SourceLocation, SourcedObject } from './manifests/source';
import { flattenManifests, fromObjects } from './manifests/walk';
import { Endpoint, EndpointPort } from './model/endpoint';
import { Labels } from './model/selector-matcher';
import { Protocol } from '../core/protocol';
import { parseIp } from '../kube/cidr';
import {
  validateDns1123Label,
  validateDns1123Subdomain,
  validateLabelValue,
  validatePortName,
  validatePortNumber,
  validateQualifiedName,
} from '../kube/names';
import { NAMESPACE_NAME_LABEL } from '../kube/shapes';

/*
 * Stage 1 of the engine: manifests (read from text by `ManifestReader`, or
 * plain objects, or a cdk8s Chart/App) -> namespaces, endpoints and
 * NetworkPolicy documents. Reads nothing from disk; the CLI does file IO.
 */

/** The file name used for manifests passed as objects. */
export { OBJECTS_FILE } from './manifests/source';

/**
 * A NetworkPolicy found in the manifests, valid or not, with where it was
 * written. `kind` may be spelled with other capitals (`Networkpolicy`), so
 * that validation points it out.
 */
export interface PolicyDocument {
  /** The manifest as read. */
  readonly manifest: any;
  /** Where it was read. */
  readonly source: SourceLocation;
  /** `metadata.namespace`, or `default` when it is not set (as `kubectl apply` without `-n` places it). */
  readonly namespace: string;
  /** Whether `metadata.namespace` is written. */
  readonly namespaceWritten: boolean;
  /** `metadata.name`; `<generateName>*` when only that is set; empty when neither is. */
  readonly name: string;
  /** The position of the policy among the NetworkPolicies of its file, from 0. */
  readonly index: number;
  /** The position of the policy among all the NetworkPolicies of the input, from 0. */
  readonly order: number;
}

/** What `loadManifests` found. */
export interface LoadedManifests {
  /** Declared namespaces and their labels (the name label included). */
  readonly namespaces: Map<string, Labels>;
  /** Pods and workloads, in input order (a later duplicate replaces an earlier one). */
  readonly endpoints: Endpoint[];
  /** Every NetworkPolicy, duplicates included, in input order. */
  readonly documents: PolicyDocument[];
  /** The NetworkPolicies in effect: of two with the same namespace and name, the later one, as `kubectl apply` leaves it. */
  readonly policies: PolicyDocument[];
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

/** Reads YAML or JSON text into sourced objects (see `ManifestReader`). */
export function readManifestText(text: string | Uint8Array, fileName: string): SourcedObject[] {
  return new ManifestReader().objects(text, fileName);
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

/** Plain objects (`chart.toJson()`, parsed JSON) as sourced objects; anything but an array of objects is a `ManifestError`. */
export function sourcedObjects(manifests: unknown): SourcedObject[] {
  if (!Array.isArray(manifests)) {
    throw fieldError({ file: '<manifests>' }, 'NotAList', [], `expected an array of manifests, got ${describeValue(manifests)}`);
  }
  return fromObjects(manifests, '<manifests>');
}

/**
 * The NetworkPolicies among `objects` (Lists flattened), valid or not, in
 * input order. With `kinds`, the objects of those kinds (lowercase, e.g.
 * `clusternetworkpolicy`), each `index` counted among the objects of its
 * own kind in its file.
 */
export function policyDocuments(objects: ReadonlyArray<SourcedObject>, kinds: ReadonlyArray<string> = ['networkpolicy']): PolicyDocument[] {
  const result: PolicyDocument[] = [];
  const perFile = new Map<string, number>();
  for (const { object, source } of flattenManifests(objects)) {
    const kind = String(object.kind).toLowerCase();
    if (!kinds.includes(kind)) {
      continue;
    }
    const key = `${kind}|${source.file}`;
    const index = perFile.get(key) ?? 0;
    perFile.set(key, index + 1);
    result.push({ manifest: object, source, ...policyIdentity(object), index, order: result.length });
  }
  return result;
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
 * NetworkPolicies are returned as written, for validation.
 */
export function loadManifests(objects: ReadonlyArray<SourcedObject>): LoadedManifests {
  const flat = flattenManifests(objects);
  const namespaces = new Map<string, Labels>();
  const endpoints = new Map<string, Endpoint>();
  const labelKeys = new Set<string>();

  for (const { object: o, source } of flat) {
    const kind: string = o.kind;
    const template = WORKLOAD_TEMPLATES[kind];
    if (kind !== 'Namespace' && kind !== 'Pod' && !template) {
      continue;
    }
    const reader = new ObjectReader(source, labelKeys);
    const meta = reader.metadata(o, kind);
    if (kind === 'Namespace') {
      namespaces.set(meta.name, { ...meta.labels, [NAMESPACE_NAME_LABEL]: meta.name });
    } else if (kind === 'Pod') {
      endpoints.set(`Pod/${meta.namespace}/${meta.name}`, {
        id: `${meta.namespace}/${meta.name}`,
        kind,
        namespace: meta.namespace,
        name: meta.name,
        labels: meta.labels,
        ports: reader.ports(o.spec, ['spec']),
        ips: reader.podIps(o.status),
        external: false,
        ...ownerOf(o.metadata),
      });
    } else {
      const tpl = getIn(o, template);
      if (tpl === undefined || tpl === null || typeof tpl !== 'object' || Array.isArray(tpl)) {
        throw reader.error('MissingTemplate', template, `${kind} "${meta.name}" has no pod template at ${template.join('.')}.`);
      }
      endpoints.set(`${kind}/${meta.namespace}/${meta.name}`, {
        id: `${meta.namespace}/${meta.name}`,
        kind,
        namespace: meta.namespace,
        name: meta.name,
        labels: reader.labels(tpl.metadata?.labels, [...template, 'metadata', 'labels']),
        ports: reader.ports(tpl.spec, [...template, 'spec']),
        ips: [],
        external: false,
        ...ownerOf(o.metadata),
      });
    }
  }

  const documents = policyDocuments(flat);
  const effective = new Map<string, PolicyDocument>();
  for (const doc of documents) {
    effective.set(`${doc.namespace}/${doc.name}`, doc); // a later duplicate replaces an earlier one, as on apply
  }
  return {
    namespaces,
    endpoints: [...endpoints.values()],
    documents,
    policies: [...effective.values()].sort((a, b) => a.order - b.order),
  };
}

/**
 * The namespace and name of a policy as every command reads them: the
 * namespace defaults to `default`; a policy with only `generateName` is
 * `<generateName>*`.
 */
function policyIdentity(manifest: any): { namespace: string; namespaceWritten: boolean; name: string } {
  const meta = manifest?.metadata;
  const ok = meta !== null && typeof meta === 'object' && !Array.isArray(meta);
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const namespace = ok ? text(meta.namespace) : undefined;
  const generated = ok && text(meta.generateName) !== undefined ? `${meta.generateName}*` : undefined;
  return {
    namespace: namespace ?? 'default',
    namespaceWritten: namespace !== undefined,
    name: (ok ? text(meta.name) : undefined) ?? generated ?? '',
  };
}

// ---------------------------------------------------------------------------

interface Metadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
}

/** Reads the fields the engine needs from one object, with errors at their lines. */
class ObjectReader {
  /**
   * @param labelKeys label keys already found valid in this load: they
   * repeat across objects (app.kubernetes.io/name, ...)
   */
  constructor(private readonly source: SourceLocation, private readonly labelKeys: Set<string>) {
  }

  public error(code: string, path: FieldPath, detail: string) {
    return fieldError(this.source, code, path, detail);
  }

  public metadata(o: { [key: string]: any }, kind: string): Metadata {
    const meta = o.metadata;
    if (meta === undefined || meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
      throw this.error('MissingMetadata', ['metadata'], `${kind} has no metadata. Set metadata.name.`);
    }
    let name = meta.name;
    if ((name === undefined || name === null || name === '') && typeof meta.generateName === 'string' && meta.generateName !== '') {
      name = `${meta.generateName}*`;
    } else {
      if (name === undefined || name === null || name === '') {
        throw this.error('MissingName', ['metadata', 'name'], `${kind} has no name. Set metadata.name.`);
      }
      if (typeof name !== 'string') {
        throw this.error('InvalidName', ['metadata', 'name'], `must be a string, got ${describeValue(name)}.${quoteHint(name)}`);
      }
      const problems = kind === 'Namespace' ? validateDns1123Label(name) : validateDns1123Subdomain(name);
      if (problems.length > 0) {
        throw this.error('InvalidName', ['metadata', 'name'], `Invalid ${kind} name ${JSON.stringify(name)}: ${problems.join('; ')}.`);
      }
    }
    let namespace = 'default';
    if (kind !== 'Namespace' && meta.namespace !== undefined && meta.namespace !== null && meta.namespace !== '') {
      if (typeof meta.namespace !== 'string') {
        throw this.error('InvalidNamespace', ['metadata', 'namespace'],
          `must be a string, got ${describeValue(meta.namespace)}.${quoteHint(meta.namespace)}`);
      }
      const problems = validateDns1123Label(meta.namespace);
      if (problems.length > 0) {
        throw this.error('InvalidNamespace', ['metadata', 'namespace'],
          `Invalid namespace ${JSON.stringify(meta.namespace)}: ${problems.join('; ')}.`);
      }
      namespace = meta.namespace;
    }
    return { name, namespace, labels: this.labels(meta.labels, ['metadata', 'labels']) };
  }

  public labels(value: unknown, path: Array<string | number>): Labels {
    if (value === undefined || value === null) {
      return {};
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw this.error('InvalidLabels', path, `must be a map of label keys to string values, got ${describeValue(value)}.`);
    }
    const labels: { [key: string]: string } = {};
    for (const [key, v] of Object.entries(value as object)) {
      const keyProblems = this.labelKeys.has(key) ? [] : validateQualifiedName(key);
      if (keyProblems.length > 0) {
        throw this.error('InvalidLabelKey', [...path, key], `Invalid label key ${JSON.stringify(key)}: ${keyProblems.join('; ')}.`);
      }
      if (typeof v !== 'string') {
        throw this.error('InvalidLabelValue', [...path, key], `label values must be strings, got ${describeValue(v)}.${quoteHint(v)}`);
      }
      const problems = validateLabelValue(v);
      if (problems.length > 0) {
        throw this.error('InvalidLabelValue', [...path, key], `Invalid label value ${JSON.stringify(v)}: ${problems.join('; ')}.`);
      }
      this.labelKeys.add(key);
      labels[key] = v;
    }
    return labels;
  }

  public ports(spec: any, path: Array<string | number>): EndpointPort[] {
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
        throw this.error('InvalidContainers', [...path, field], `must be a list, got ${describeValue(containers)}.`);
      }
      containers.forEach((c: any, i: number) => {
        const list = c?.ports;
        if (list === undefined || list === null) {
          return;
        }
        if (!Array.isArray(list)) {
          throw this.error('InvalidPorts', [...path, field, i, 'ports'], `must be a list, got ${describeValue(list)}.`);
        }
        list.forEach((p: any, j: number) => {
          const where = [...path, field, i, 'ports', j];
          if (p === null || typeof p !== 'object') {
            throw this.error('InvalidPort', where, `must be an object with containerPort, got ${describeValue(p)}.`);
          }
          const numberProblems = validatePortNumber(p.containerPort);
          if (numberProblems.length > 0) {
            throw this.error('InvalidPort', [...where, 'containerPort'],
              `Invalid containerPort ${JSON.stringify(p.containerPort)}: ${numberProblems.join('; ')}.`);
          }
          const protocol = p.protocol ?? Protocol.TCP;
          if (!PROTOCOLS.includes(protocol)) {
            throw this.error('InvalidProtocol', [...where, 'protocol'],
              `Unsupported protocol ${JSON.stringify(protocol)}: must be one of ${PROTOCOLS.join(', ')}.`);
          }
          let name: string | undefined;
          if (p.name !== undefined && p.name !== null && p.name !== '') {
            const nameProblems = typeof p.name === 'string' ? validatePortName(p.name) : ['must be a string'];
            if (nameProblems.length > 0) {
              throw this.error('InvalidPortName', [...where, 'name'], `Invalid port name ${JSON.stringify(p.name)}: ${nameProblems.join('; ')}.`);
            }
            name = p.name;
          }
          ports.push({ name, port: p.containerPort, protocol: protocol as Protocol });
        });
      });
    }
    return ports;
  }

  public podIps(status: any): string[] {
    const ips: string[] = [];
    if (status === undefined || status === null || typeof status !== 'object') {
      return ips;
    }
    const add = (ip: unknown, path: Array<string | number>) => {
      if (ip === undefined || ip === null || ip === '') {
        return;
      }
      if (typeof ip !== 'string' || parseIp(ip) === undefined) {
        throw this.error('InvalidPodIp', path, `Invalid pod IP ${JSON.stringify(ip)}: must be an IPv4 or IPv6 address.`);
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
}

/**
 * The controller among `metadata.ownerReferences` (`controller: true`), as
 * `{ owner: '<Kind>/<name>' }`; nothing when there is none. The API server
 * fills these in; the engine only reads them to fold a cluster's Pods and
 * ReplicaSets into their workloads.
 */
function ownerOf(meta: any): { owner?: string } {
  const refs: unknown = meta?.ownerReferences;
  if (!Array.isArray(refs)) {
    return {};
  }
  const controller = refs.find(r => r !== null && typeof r === 'object' && r.controller === true
    && typeof r.kind === 'string' && typeof r.name === 'string');
  return controller ? { owner: `${controller.kind}/${controller.name}` } : {};
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
