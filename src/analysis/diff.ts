import { PolicyAnalyzer } from './analyzer';
import { LoadedManifests, loadManifests, OBJECTS_FILE, RawPolicy, SourceLocation } from './load';
import { classKey } from './model/endpoint';
import { comparePolicyRefs, policyKey } from './model/order';
import { Labels } from './model/selector-matcher';
import { Verdict } from './verdict';
import { Workload } from './workload';
import { Protocol } from '../core/port';
import { parseCidr } from '../kube/cidr';
import { KubeNetworkPolicySpec, NAMESPACE_NAME_LABEL } from '../kube/shapes';
import { canonicalKey } from '../util/canonical';
import { compareStrings } from '../util/strings';

/*
 * Connectivity changes between two sets of manifests (OLD and NEW): which
 * flows NEW newly allows and which it newly denies, and which policies and
 * workloads were added, removed or changed. Internal: used by
 * `cdk8s-netpol diff` and `cdk8s-netpol report`, not part of the jsii API.
 *
 * The method, exactly:
 *
 * - Workloads: the union of both sides, matched by kind and
 *   `<namespace>/<name>`. A side that lacks a workload (or a namespace) is
 *   evaluated with the other side's definition, so that adding a workload is
 *   not itself a change, but what the policies of each side do to it is. A
 *   workload present on both sides keeps each side's own labels and ports.
 * - External addresses: for every ipBlock of either side, the network
 *   address of its `cidr` and of each `except` range, e.g. 203.0.113.0 for
 *   203.0.113.0/24. Other external addresses are not probed.
 * - Ports: every port of TCP, UDP and SCTP, 1-65535. Whether a flow is
 *   allowed can change only where a port number stops or starts matching a
 *   rule: at a port, a range start and the port after a range end that any
 *   policy of either side mentions, and at a container port and the port
 *   after it (for named ports). So each protocol is cut into pieces at those
 *   points and one port per piece is probed; a piece no one mentions (e.g.
 *   TCP 1-79) stands for every port in it, which catches whole-protocol and
 *   all-port rules. The result is exact for the workloads probed.
 * - Adjacent pieces with the same change are merged (e.g. "TCP 1-65535"),
 *   except ports pinned with `--port`, which are reported on their own.
 */

/** The protocols probed, in output order. */
export const DIFF_PROTOCOLS: ReadonlyArray<Protocol> = [Protocol.TCP, Protocol.UDP, Protocol.SCTP];

/** The highest port number. */
export const MAX_PORT = 65535;

/** A port and protocol, e.g. from `--port 53/UDP`. */
export interface PortSpec {
  readonly port: number;
  readonly protocol: Protocol;
}

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

/** An external address probed, and the ipBlock range it stands for. */
export interface ExternalProbe {
  readonly ip: string;
  readonly cidr: string;
}

/** A piece of the port space of one protocol: every port in it behaves alike. */
export interface PortPiece {
  readonly protocol: Protocol;
  readonly port: number;
  readonly endPort: number;
  /** A port given with `--port`: never merged with its neighbours. */
  readonly pinned: boolean;
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
  /** The union of workloads: NEW's order, then those only OLD has, then external probes. */
  readonly workloads: DiffWorkload[];
  readonly externals: ExternalProbe[];
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
export function diffSide(manifests: any[]): DiffSide {
  const loaded = loadManifests(manifests);
  return { loaded, analyzer: PolicyAnalyzer._fromLoaded(loaded) };
}

/**
 * The connectivity changes from `before` (OLD) to `after` (NEW). Both
 * sides must be free of policy issues. Mutates the sides' analyzers: each
 * gets the other's missing workloads and namespaces, and the external
 * probes.
 */
export function diffSides(before: DiffSide, after: DiffSide, options: DiffOptions = {}): ConnectivityDiff {
  borrowNamespaces(before, after.loaded.namespaces);
  borrowNamespaces(after, before.loaded.namespaces);
  const workloads = unionWorkloads(before.analyzer, after.analyzer);
  const knownIps = new Set(workloads.flatMap(w => [...w.before.ips, ...w.after.ips]));
  const externals = externalProbes([...before.loaded.policies, ...after.loaded.policies])
    .filter(e => !knownIps.has(e.ip));
  for (const e of externals) {
    const w = Workload.external(e.ip);
    before.analyzer.addWorkload(w);
    after.analyzer.addWorkload(w);
    workloads.push({ workload: w, before: w, after: w, presence: 'both', changed: false });
  }

  const pieces = portPieces([before.loaded, after.loaded], workloads.map(w => w.workload), options.pinned ?? []);
  const oldIndex = indexIn(before.analyzer.workloads, workloads.map(w => w.before));
  const newIndex = indexIn(after.analyzer.workloads, workloads.map(w => w.after));
  const n = workloads.length;

  interface Run { readonly kind: ChangeKind; readonly s: number; readonly d: number; readonly port: number; endPort: number }
  const runs: Array<Run & { readonly protocol: Protocol }> = [];
  let done = 0;
  for (const protocol of DIFF_PROTOCOLS) {
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

  const protocolOrder = (p: Protocol) => DIFF_PROTOCOLS.indexOf(p);
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

  return { workloads, externals, pieces, changes, policies: policyChanges(before.loaded.policies, after.loaded.policies) };
}

/**
 * Every port number that a policy (a port, or the start and end of a
 * range) or a container port mentions, per protocol, sorted by protocol
 * (TCP, UDP, SCTP) then number. Named and protocol-wide ports mention none.
 */
export function mentionedPorts(loaded: ReadonlyArray<LoadedManifests>): PortSpec[] {
  const seen = new Map<string, PortSpec>();
  const add = (protocol: Protocol, port: number) => {
    if (Number.isInteger(port) && port >= 1 && port <= MAX_PORT) {
      seen.set(`${protocol}/${port}`, { protocol, port });
    }
  };
  for (const side of loaded) {
    for (const entry of policyPorts(side.policies)) {
      add(entry.protocol, entry.port);
      if (entry.endPort !== undefined) {
        add(entry.protocol, entry.endPort);
      }
    }
    for (const endpoint of side.endpoints) {
      for (const p of endpoint.ports) {
        add(p.protocol, p.port);
      }
    }
  }
  return [...seen.values()].sort((a, b) =>
    DIFF_PROTOCOLS.indexOf(a.protocol) - DIFF_PROTOCOLS.indexOf(b.protocol) || a.port - b.port);
}

/**
 * The pieces each protocol's ports 1-65535 are cut into, so that every port
 * of a piece gets the same verdict for every pair of `workloads`: cut at
 * each port and after it, at each range start and after each range end, for
 * the ports policies mention, the container ports of `workloads` and the
 * `pinned` ports.
 */
export function portPieces(loaded: ReadonlyArray<LoadedManifests>, workloads: ReadonlyArray<Workload>,
  pinned: ReadonlyArray<PortSpec>): PortPiece[] {
  const cuts = new Map<Protocol, Set<number>>(DIFF_PROTOCOLS.map(p => [p, new Set([1])]));
  const cut = (protocol: Protocol, port: number) => {
    if (Number.isInteger(port) && port >= 1 && port <= MAX_PORT) {
      cuts.get(protocol)?.add(port);
    }
  };
  for (const side of loaded) {
    for (const entry of policyPorts(side.policies)) {
      cut(entry.protocol, entry.port);
      cut(entry.protocol, (entry.endPort ?? entry.port) + 1);
    }
  }
  for (const w of workloads) {
    for (const p of w.ports) {
      cut(p.protocol ?? Protocol.TCP, p.number);
      cut(p.protocol ?? Protocol.TCP, p.number + 1);
    }
  }
  const pinnedKeys = new Set(pinned.map(p => `${p.protocol}/${p.port}`));
  for (const p of pinned) {
    cut(p.protocol, p.port);
    cut(p.protocol, p.port + 1);
  }
  const pieces: PortPiece[] = [];
  for (const protocol of DIFF_PROTOCOLS) {
    const starts = [...cuts.get(protocol)!].sort((a, b) => a - b);
    starts.forEach((port, i) => {
      const endPort = i + 1 < starts.length ? starts[i + 1] - 1 : MAX_PORT;
      pieces.push({ protocol, port, endPort, pinned: pinnedKeys.has(`${protocol}/${port}`) && endPort === port });
    });
  }
  return pieces;
}

/**
 * Policies added, removed and changed from `before` to `after`, by
 * namespace and name. A policy is changed when its `spec` differs (key
 * order aside); metadata changes are not connectivity changes.
 */
export function policyChanges(before: ReadonlyArray<RawPolicy>, after: ReadonlyArray<RawPolicy>): PolicyChanges {
  const oldByKey = new Map(before.map(p => [policyKey(p), p]));
  const newByKey = new Map(after.map(p => [policyKey(p), p]));
  const ref = (p: RawPolicy, fields?: string[]): PolicyChange => ({
    namespace: p.namespace,
    name: p.name,
    ...(fileOf(p.source) !== undefined ? { file: fileOf(p.source) } : {}),
    ...(fields ? { fields } : {}),
  });
  const added: PolicyChange[] = [];
  const removed: PolicyChange[] = [];
  const changed: PolicyChange[] = [];
  for (const [k, p] of newByKey) {
    const old = oldByKey.get(k);
    if (!old) {
      added.push(ref(p));
    } else if (canonicalKey(old.manifest?.spec ?? null) !== canonicalKey(p.manifest?.spec ?? null)) {
      changed.push(ref(p, changedFields(old.manifest?.spec, p.manifest?.spec, 'spec', MAX_FIELDS)));
    }
  }
  for (const [k, p] of oldByKey) {
    if (!newByKey.has(k)) {
      removed.push(ref(p));
    }
  }
  return { added: added.sort(comparePolicyRefs), removed: removed.sort(comparePolicyRefs), changed: changed.sort(comparePolicyRefs) };
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

/**
 * The external addresses to probe: the network address of each ipBlock's
 * `cidr` and `except` ranges, in order of first mention, each with the
 * range it was taken from.
 */
export function externalProbes(policies: ReadonlyArray<RawPolicy>): ExternalProbe[] {
  const probes = new Map<string, ExternalProbe>();
  const add = (text: unknown) => {
    if (typeof text !== 'string') {
      return;
    }
    const parsed = parseCidr(text);
    if (typeof parsed === 'string') {
      return;
    }
    const ip = parsed.canonical.split('/')[0];
    if (!probes.has(ip)) {
      probes.set(ip, { ip, cidr: parsed.canonical });
    }
  };
  for (const policy of policies) {
    const spec = policy.manifest?.spec as KubeNetworkPolicySpec | undefined;
    const rules = [...asArray(spec?.ingress).map(r => r?.from), ...asArray(spec?.egress).map(r => r?.to)];
    for (const peers of rules) {
      for (const peer of asArray(peers)) {
        if (peer?.ipBlock) {
          add(peer.ipBlock.cidr);
          asArray(peer.ipBlock.except).forEach(add);
        }
      }
    }
  }
  return [...probes.values()];
}

// ---------------------------------------------------------------------------

interface PolicyPort {
  readonly protocol: Protocol;
  readonly port: number;
  readonly endPort?: number;
}

/** Every numeric port entry of every rule of `policies`. */
function policyPorts(policies: ReadonlyArray<RawPolicy>): PolicyPort[] {
  const result: PolicyPort[] = [];
  for (const policy of policies) {
    const spec = policy.manifest?.spec as KubeNetworkPolicySpec | undefined;
    for (const rule of [...asArray(spec?.ingress), ...asArray(spec?.egress)]) {
      for (const p of asArray(rule?.ports)) {
        const protocol = (p?.protocol ?? Protocol.TCP) as Protocol;
        if (typeof p?.port === 'number' && DIFF_PROTOCOLS.includes(protocol)) {
          result.push({ protocol, port: p.port, endPort: typeof p.endPort === 'number' ? p.endPort : undefined });
        }
      }
    }
  }
  return result;
}

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

function fileOf(source: SourceLocation | undefined): string | undefined {
  return source && source.file !== OBJECTS_FILE ? source.file : undefined;
}

function asArray<T>(value: T[] | undefined | null): T[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
