import { PolicyAnalyzer } from './analyzer';
import { LoadedManifests, loadManifests, PolicyDocument } from './load';
import { OBJECTS_FILE, SourcedObject } from './manifests/source';
import { classKey } from './model/endpoint';
import { comparePolicyRefs, policyKey } from './model/order';
import { PortSpec, PROTOCOLS } from './model/port-spec';
import { Labels } from './model/selector-matcher';
import { CompiledPolicy } from './model/target';
import { AddressSample, addressSamples, PortPiece, portPieces } from './samples';
import { Verdict } from './verdict';
import { Workload } from './workload';
import { Protocol } from '../core/protocol';
import { NAMESPACE_NAME_LABEL } from '../kube/shapes';
import { canonicalKey } from '../util/canonical';
import { compareStrings } from '../util/strings';

/*
 * Connectivity changes between two sets of manifests (OLD and NEW): which
 * flows NEW newly allows and which it newly denies, and which policies and
 * workloads were added, removed or changed. Internal: used by
 * `cdk8s-netpol diff`, not part of the jsii API.
 *
 * The method, exactly:
 *
 * - Workloads: the union of both sides, matched by kind and
 *   `<namespace>/<name>`. A side that lacks a workload (or a namespace) is
 *   evaluated with the other side's definition, so that adding a workload is
 *   not itself a change, but what the policies of each side do to it is. A
 *   workload present on both sides keeps each side's own labels and ports.
 * - Addresses outside the cluster: one per region that the ipBlocks of
 *   either side carve out of the IPv4 and IPv6 spaces (see `samples.ts`),
 *   so every external address is decided like one probed.
 * - Ports: every port of TCP, UDP and SCTP, 1-65535, cut into pieces where
 *   some rule of either side starts or stops matching (see `samples.ts`);
 *   one port per piece is probed, and stands for every port of the piece.
 *   The result is exact for the workloads probed.
 * - Adjacent pieces with the same change are merged (e.g. "TCP 1-65535"),
 *   except ports pinned with `--port`, which are reported on their own.
 * - Policies: added, removed, or changed in a way other than the order of
 *   list items (every list of a NetworkPolicy spec is a set).
 */

/** One side of a diff: the manifests, loaded, and an analyzer over them. */
export interface DiffSide {
  readonly loaded: LoadedManifests;
  readonly analyzer: PolicyAnalyzer;
}

/** Which sides a workload is on. */
export type Presence = 'both' | 'old' | 'new';

/** A workload of the union of both sides. */
export interface DiffWorkload {
  /** The NEW definition when there is one, else the OLD one. */
  readonly workload: Workload;
  /** The definition each side evaluates: its own, or the other side's when it has none. */
  readonly before: Workload;
  readonly after: Workload;
  readonly presence: Presence;
  /** On both sides, with different labels, ports or IPs. */
  readonly changed: boolean;
}

/** `allowed`: NEW allows a flow OLD denied. `denied`: NEW denies a flow OLD allowed. */
export type ChangeKind = 'allowed' | 'denied';

/** A flow whose verdict changed, on a range of ports of one protocol. */
export interface FlowChange {
  readonly kind: ChangeKind;
  readonly source: DiffWorkload;
  readonly destination: DiffWorkload;
  readonly protocol: Protocol;
  /** The first port of the range. */
  readonly port: number;
  /** The last port of the range (equal to `port` for a single port). */
  readonly endPort: number;
  /** OLD's verdict on `port`. */
  readonly before: Verdict;
  /** NEW's verdict on `port`. */
  readonly after: Verdict;
}

/** A policy added, removed or changed. */
export interface PolicyChange {
  readonly namespace: string;
  readonly name: string;
  /** The file of the NEW policy (the OLD one when removed), when known. */
  readonly file?: string;
  /** For a changed policy: the fields that differ, in the API server's notation (at most `MAX_FIELDS`). */
  readonly fields?: string[];
}

/** How many differing fields a changed policy lists. */
export const MAX_FIELDS = 8;

/** Policies added, removed and changed (by `spec`), sorted by namespace and name. */
export interface PolicyChanges {
  readonly added: PolicyChange[];
  readonly removed: PolicyChange[];
  readonly changed: PolicyChange[];
}

/** Everything `diffSides` found. */
export interface ConnectivityDiff {
  /** The union of workloads: NEW's order, then those only OLD has, then the outside addresses probed. */
  readonly workloads: DiffWorkload[];
  /** The outside addresses probed, one per region. */
  readonly externals: AddressSample[];
  /** The pieces probed, per protocol, in port order. */
  readonly pieces: PortPiece[];
  /** Changes sorted by source, destination, protocol and port. */
  readonly changes: FlowChange[];
  readonly policies: PolicyChanges;
}

/** Options of `diffSides`. */
export interface DiffOptions {
  /** Ports to report on their own, never merged into a range. */
  readonly pinned?: ReadonlyArray<PortSpec>;
  /** Called after each piece is probed. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Loads one side. The caller checks `analyzer.issues` before diffing. */
export function diffSide(objects: ReadonlyArray<SourcedObject>): DiffSide {
  const loaded = loadManifests(objects);
  return { loaded, analyzer: PolicyAnalyzer._fromLoaded(loaded) };
}

/**
 * The connectivity changes from `before` (OLD) to `after` (NEW). Both
 * sides must be free of policy issues. Mutates the sides' analyzers: each
 * gets the other's missing workloads and namespaces, and the outside
 * addresses probed.
 */
export function diffSides(before: DiffSide, after: DiffSide, options: DiffOptions = {}): ConnectivityDiff {
  borrowNamespaces(before, after.loaded.namespaces);
  borrowNamespaces(after, before.loaded.namespaces);
  const workloads = unionWorkloads(before.analyzer, after.analyzer);
  const oldPolicies = before.analyzer._policy().policies;
  const newPolicies = after.analyzer._policy().policies;
  const knownIps = new Set(workloads.flatMap(w => [...w.before.ips, ...w.after.ips]));
  const externals = addressSamples([...oldPolicies, ...newPolicies]).filter(e => !knownIps.has(e.ip));
  for (const e of externals) {
    const w = Workload.external(e.ip);
    before.analyzer.addWorkload(w);
    after.analyzer.addWorkload(w);
    workloads.push({ workload: w, before: w, after: w, presence: 'both', changed: false });
  }

  const pieces = portPieces([...oldPolicies, ...newPolicies], workloads.map(w => w.workload._toEndpoint()), options.pinned ?? []);
  const oldIndex = indexIn(before.analyzer.workloads, workloads.map(w => w.before));
  const newIndex = indexIn(after.analyzer.workloads, workloads.map(w => w.after));
  const n = workloads.length;

  interface Run { readonly kind: ChangeKind; readonly s: number; readonly d: number; readonly port: number; endPort: number }
  const runs: Array<Run & { readonly protocol: Protocol }> = [];
  let done = 0;
  for (const protocol of PROTOCOLS) {
    const open: Array<Run | undefined> = new Array(n * n);
    let previousPinned = false;
    for (const piece of pieces.filter(p => p.protocol === protocol)) {
      const oldGrid = before.analyzer.matrix({ port: piece.port, protocol }).toArray();
      const newGrid = after.analyzer.matrix({ port: piece.port, protocol }).toArray();
      const split = piece.pinned || previousPinned;
      for (let s = 0; s < n; s++) {
        for (let d = 0; d < n; d++) {
          const was = oldGrid[oldIndex[s]][oldIndex[d]];
          const now = newGrid[newIndex[s]][newIndex[d]];
          const kind: ChangeKind | undefined = was === now ? undefined : now ? 'allowed' : 'denied';
          const cell = s * n + d;
          const run = open[cell];
          if (run && run.kind === kind && !split) {
            run.endPort = piece.endPort;
            continue;
          }
          if (run) {
            runs.push({ ...run, protocol });
          }
          open[cell] = kind ? { kind, s, d, port: piece.port, endPort: piece.endPort } : undefined;
        }
      }
      previousPinned = piece.pinned;
      options.onProgress?.(++done, pieces.length);
    }
    for (const run of open) {
      if (run) {
        runs.push({ ...run, protocol });
      }
    }
  }

  const protocolOrder = (p: Protocol) => PROTOCOLS.indexOf(p);
  runs.sort((a, b) => a.s - b.s || a.d - b.d || protocolOrder(a.protocol) - protocolOrder(b.protocol) || a.port - b.port);
  const changes: FlowChange[] = runs.map(run => {
    const source = workloads[run.s];
    const destination = workloads[run.d];
    return {
      kind: run.kind,
      source,
      destination,
      protocol: run.protocol,
      port: run.port,
      endPort: run.endPort,
      before: before.analyzer.canReach({ source: source.before, destination: destination.before, port: run.port, protocol: run.protocol }),
      after: after.analyzer.canReach({ source: source.after, destination: destination.after, port: run.port, protocol: run.protocol }),
    };
  });

  return { workloads, externals, pieces, changes, policies: policyChanges(oldPolicies, newPolicies) };
}

/**
 * Policies added, removed and changed from `before` to `after`, by
 * namespace and name. A policy is changed when its `spec` differs other
 * than in the order of list items; metadata changes are not connectivity
 * changes.
 */
export function policyChanges(before: ReadonlyArray<CompiledPolicy>, after: ReadonlyArray<CompiledPolicy>): PolicyChanges {
  const oldByKey = new Map(before.map(p => [policyKey(p.ref), p.document]));
  const newByKey = new Map(after.map(p => [policyKey(p.ref), p.document]));
  const ref = (p: PolicyDocument, fields?: string[]): PolicyChange => ({
    namespace: p.namespace,
    name: p.name,
    ...(p.source.file !== OBJECTS_FILE ? { file: p.source.file } : {}),
    ...(fields ? { fields } : {}),
  });
  const added: PolicyChange[] = [];
  const removed: PolicyChange[] = [];
  const changed: PolicyChange[] = [];
  for (const [k, p] of newByKey) {
    const old = oldByKey.get(k);
    if (!old) {
      added.push(ref(p));
    } else if (setKey(old.manifest.spec) !== setKey(p.manifest.spec)) {
      changed.push(ref(p, changedFields(old.manifest.spec, p.manifest.spec, 'spec', MAX_FIELDS)));
    }
  }
  for (const [k, p] of oldByKey) {
    if (!newByKey.has(k)) {
      removed.push(ref(p));
    }
  }
  return { added: added.sort(comparePolicyRefs), removed: removed.sort(comparePolicyRefs), changed: changed.sort(comparePolicyRefs) };
}

/** A canonical key of a spec in which every list is a set: items sorted, so order alone changes nothing. */
function setKey(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(setKey).sort(compareStrings).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const obj = value as { [key: string]: unknown };
    const keys = Object.keys(obj).filter(k => obj[k] !== undefined).sort(compareStrings);
    return `{${keys.map(k => `${JSON.stringify(k)}:${setKey(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The paths at which two JSON values differ, in the API server's notation
 * (`spec.ingress[0].ports[1].port`, `spec.podSelector.matchLabels[app.kubernetes.io/name]`),
 * at most `limit` of them.
 */
export function changedFields(a: unknown, b: unknown, path: string, limit: number): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, at: string) => {
    if (out.length >= limit || canonicalKey(x ?? null) === canonicalKey(y ?? null)) {
      return;
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      for (let i = 0; i < Math.max(x.length, y.length); i++) {
        walk(x[i], y[i], `${at}[${i}]`);
      }
      return;
    }
    if (isObject(x) && isObject(y)) {
      const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort(compareStrings);
      for (const k of keys) {
        walk(x[k], y[k], /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${at}.${k}` : `${at}[${k}]`);
      }
      return;
    }
    out.push(at);
  };
  walk(a, b, path);
  return out;
}

// ---------------------------------------------------------------------------

/** Gives each side the namespaces only the other side declares. */
function borrowNamespaces(side: DiffSide, other: ReadonlyMap<string, Labels>): void {
  for (const [name, labels] of other) {
    if (!side.loaded.namespaces.has(name)) {
      const own = Object.fromEntries(Object.entries(labels).filter(([k]) => k !== NAMESPACE_NAME_LABEL));
      side.analyzer.addNamespace(name, own);
    }
  }
}

/** The union of the workloads of both analyzers; each gets the workloads it lacks. */
function unionWorkloads(before: PolicyAnalyzer, after: PolicyAnalyzer): DiffWorkload[] {
  const key = (w: Workload) => `${w.kind}|${w.id}`;
  const oldByKey = new Map(before.workloads.map(w => [key(w), w]));
  const newKeys = new Set(after.workloads.map(key));
  const result: DiffWorkload[] = [];
  for (const w of after.workloads) {
    const old = oldByKey.get(key(w));
    result.push({
      workload: w,
      before: old ?? w,
      after: w,
      presence: old ? 'both' : 'new',
      changed: old !== undefined && classKey(old._toEndpoint(), {}) !== classKey(w._toEndpoint(), {}),
    });
  }
  for (const w of before.workloads) {
    if (!newKeys.has(key(w))) {
      result.push({ workload: w, before: w, after: w, presence: 'old', changed: false });
    }
  }
  for (const w of result) {
    if (w.presence === 'new') {
      before.addWorkload(w.workload);
    } else if (w.presence === 'old') {
      after.addWorkload(w.workload);
    }
  }
  return result;
}

/** For each wanted workload, its row in `rows` (by identity). */
function indexIn(rows: ReadonlyArray<Workload>, wanted: ReadonlyArray<Workload>): number[] {
  const index = new Map(rows.map((w, i) => [w, i]));
  return wanted.map(w => {
    const i = index.get(w);
    if (i === undefined) {
      // Unreachable: every wanted workload was added to the analyzer.
      throw new Error(`workload ${w.id} is missing from the analyzer`);
    }
    return i;
  });
}


function isObject(value: unknown): value is { [key: string]: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
