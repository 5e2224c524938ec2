import { directionToJson, DirectionJson, renderDirectionText, renderPolicyRef } from './probe-result';
import type { ConnectivityDiff, DiffWorkload, FlowChange, PolicyChange } from '../analysis/diff';
import { formatPort } from '../analysis/model/port-spec';
import { workloadLabels } from '../analysis/report';
import type { Verdict } from '../analysis/verdict';

/*
 * Connectivity diffs (`cdk8s-netpol diff`) rendered as text, markdown (for a
 * pull-request comment) and JSON. The analysis decides what changed; this
 * module only formats it.
 */

/** One changed flow in `cdk8s-netpol diff --output json`. */
export interface FlowChangeJson {
  readonly source: string;
  readonly destination: string;
  readonly protocol: string;
  /** The first port of the range. */
  readonly port: number;
  /** The last port of the range; equal to `port` for a single port. */
  readonly endPort: number;
  /** OLD's decision on `port`, per direction. */
  readonly before: { readonly egress: DirectionJson; readonly ingress: DirectionJson };
  /** NEW's decision on `port`, per direction. */
  readonly after: { readonly egress: DirectionJson; readonly ingress: DirectionJson };
}

/** A policy in the `policies` lists of the JSON document. */
export interface PolicyChangeJson {
  readonly namespace: string;
  readonly name: string;
  readonly file?: string;
  readonly fields?: string[];
}

/** Counts and method of a diff. */
export interface DiffSummaryJson {
  /** Anything changed: a flow, or a policy added, removed or changed. */
  readonly changed: boolean;
  readonly newlyAllowed: number;
  readonly newlyDenied: number;
  /** Distinct (source, destination) pairs with a change. */
  readonly pairs: number;
  /** Workloads probed: the union of both sides. */
  readonly workloads: number;
  /** The regions probed outside the cluster, as the ipBlocks carve them out (`0.0.0.0/0`, `203.0.113.0/24`, `0.0.0.0-203.0.112.255`). */
  readonly externalAddresses: string[];
  /** Port pieces probed per protocol; together they cover 1-65535. */
  readonly portPieces: { readonly [protocol: string]: number };
}

/** The whole document of `cdk8s-netpol diff --output json`. */
export interface DiffJson {
  /** Flows NEW allows and OLD denied. */
  readonly added: FlowChangeJson[];
  /** Flows NEW denies and OLD allowed. */
  readonly removed: FlowChangeJson[];
  readonly summary: DiffSummaryJson;
  readonly policies: {
    readonly added: PolicyChangeJson[];
    readonly removed: PolicyChangeJson[];
    readonly changed: PolicyChangeJson[];
  };
  readonly workloads: {
    readonly added: string[];
    readonly removed: string[];
    readonly changed: string[];
  };
}

/** Whether the diff holds any change: a flow, or a policy added, removed or changed. */
export function diffHasChanges(diff: ConnectivityDiff): boolean {
  const p = diff.policies;
  return diff.changes.length > 0 || p.added.length + p.removed.length + p.changed.length > 0;
}

/**
 * Why NEW decides as it does: for a newly allowed flow, both directions
 * (`ingress: shop/allow-web rule 0; egress: not isolated`); for a newly
 * denied one, the directions that deny.
 */
function renderChangeReason(change: FlowChange): string {
  const after: Verdict = change.after;
  if (change.kind === 'allowed') {
    return `${renderDirectionText(after.ingress)}; ${renderDirectionText(after.egress)}`;
  }
  return [after.ingress, after.egress].filter(d => !d.allowed).map(renderDirectionText).join('; ');
}

/** The first line: `2 newly allowed, 1 newly denied (3 workload pairs); policies: 1 added, 0 removed, 1 changed`. */
function renderDiffSummary(diff: ConnectivityDiff): string {
  const allowed = diff.changes.filter(c => c.kind === 'allowed').length;
  const denied = diff.changes.length - allowed;
  const pairs = countPairs(diff.changes);
  const p = diff.policies;
  const flows = diff.changes.length === 0
    ? 'No connectivity changes'
    : `${allowed} newly allowed, ${denied} newly denied (${pairs} workload pair${pairs === 1 ? '' : 's'})`;
  return `${flows}; policies: ${p.added.length} added, ${p.removed.length} removed, ${p.changed.length} changed`;
}

/** How the diff was computed, in one sentence. */
function renderDiffMethod(diff: ConnectivityDiff): string {
  const workloads = diff.workloads.length - diff.externals.length;
  const counts = countPieces(diff);
  const pieces = Object.entries(counts).map(([protocol, n]) => `${protocol} in ${n} piece${n === 1 ? '' : 's'}`).join(', ');
  const externals = diff.externals.length === 0
    ? ''
    : ` and ${diff.externals.length} address${diff.externals.length === 1 ? '' : 'es'} outside the cluster, one per region (${diff.externals.map(e => e.region).join(', ')}),`;
  return `Probed ${workloads} workload${workloads === 1 ? '' : 's'}${externals} on every port 1-65535 (${pieces}).`;
}

/**
 * The text report: the summary line, the newly allowed and newly denied
 * flows grouped by workload pair (one line per port range), the policies
 * and workloads that changed, and the method. Ends with a newline.
 */
export function renderDiffText(diff: ConnectivityDiff): string {
  const labels = labelsOf(diff);
  const lines = [renderDiffSummary(diff)];
  for (const kind of ['allowed', 'denied'] as const) {
    const groups = groupChanges(diff.changes.filter(c => c.kind === kind), labels);
    if (groups.length === 0) {
      continue;
    }
    lines.push('', `Newly ${kind}:`);
    let pair = '';
    for (const group of groups) {
      const heading = `${group.source} -> ${group.destination}`;
      if (heading !== pair) {
        lines.push(`  ${heading}`);
        pair = heading;
      }
      lines.push(`    ${kind === 'allowed' ? '+' : '-'} ${group.ports.join(', ')}  (${group.reason})`);
    }
  }
  const p = diff.policies;
  if (p.added.length + p.removed.length + p.changed.length > 0) {
    lines.push('', 'Policies:');
    lines.push(...p.added.map(c => `  + ${renderPolicyRef(c)}${c.file ? ` (${c.file})` : ''}`));
    lines.push(...p.removed.map(c => `  - ${renderPolicyRef(c)}${c.file ? ` (${c.file})` : ''}`));
    lines.push(...p.changed.map(c => `  ~ ${renderPolicyRef(c)}${c.file ? ` (${c.file})` : ''}: ${fieldsText(c)}`));
  }
  const workloads = workloadChanges(diff, labels);
  if (workloads.added.length + workloads.removed.length + workloads.changed.length > 0) {
    lines.push('', 'Workloads:');
    lines.push(...workloads.added.map(w => `  + ${w}`));
    lines.push(...workloads.removed.map(w => `  - ${w}`));
    lines.push(...workloads.changed.map(w => `  ~ ${w} (labels, ports or IPs)`));
  }
  lines.push('', renderDiffMethod(diff));
  return `${lines.join('\n')}\n`;
}

/**
 * The markdown report for a pull-request comment: a summary line, then the
 * tables "Newly allowed" and "Newly denied", the policies that changed, and
 * the method in italics. Ends with a newline.
 */
export function renderDiffMarkdown(diff: ConnectivityDiff): string {
  const labels = labelsOf(diff);
  const lines = [`**NetworkPolicy diff:** ${md(renderDiffSummary(diff))}.`];
  for (const kind of ['allowed', 'denied'] as const) {
    const changes = diff.changes.filter(c => c.kind === kind);
    lines.push('', `### Newly ${kind}`, '');
    if (changes.length === 0) {
      lines.push('_None._');
      continue;
    }
    lines.push(`| Source | Destination | Ports | ${kind === 'allowed' ? 'Allowed by' : 'Denied by'} |`, '| --- | --- | --- | --- |');
    for (const group of groupChanges(changes, labels)) {
      lines.push(`| ${code(group.source)} | ${code(group.destination)} | ${md(group.ports.join(', '))} | ${md(group.reason)} |`);
    }
  }
  const p = diff.policies;
  if (p.added.length + p.removed.length + p.changed.length > 0) {
    lines.push('', '### Policies', '', '| Change | Policy | File | Fields |', '| --- | --- | --- | --- |');
    const row = (what: string, c: PolicyChange, fields: string) =>
      `| ${what} | ${code(renderPolicyRef(c))} | ${c.file ? code(c.file) : ''} | ${fields} |`;
    lines.push(...p.added.map(c => row('added', c, '')));
    lines.push(...p.removed.map(c => row('removed', c, '')));
    lines.push(...p.changed.map(c => row('changed', c, (c.fields ?? []).map(code).join(', '))));
  }
  const workloads = workloadChanges(diff, labels);
  if (workloads.added.length + workloads.removed.length + workloads.changed.length > 0) {
    const list = (items: string[]) => items.map(code).join(', ');
    lines.push('', '### Workloads', '');
    if (workloads.added.length > 0) lines.push(`- added: ${list(workloads.added)}`);
    if (workloads.removed.length > 0) lines.push(`- removed: ${list(workloads.removed)}`);
    if (workloads.changed.length > 0) lines.push(`- changed (labels, ports or IPs): ${list(workloads.changed)}`);
  }
  lines.push('', `_${md(renderDiffMethod(diff))}_`);
  return `${lines.join('\n')}\n`;
}

/** The JSON document. */
export function diffToJson(diff: ConnectivityDiff): DiffJson {
  const labels = labelsOf(diff);
  const flow = (c: FlowChange): FlowChangeJson => ({
    source: labels.get(c.source)!,
    destination: labels.get(c.destination)!,
    protocol: c.protocol,
    port: c.port,
    endPort: c.endPort,
    before: { egress: directionToJson(c.before.egress), ingress: directionToJson(c.before.ingress) },
    after: { egress: directionToJson(c.after.egress), ingress: directionToJson(c.after.ingress) },
  });
  const added = diff.changes.filter(c => c.kind === 'allowed').map(flow);
  const removed = diff.changes.filter(c => c.kind === 'denied').map(flow);
  const policy = (c: PolicyChange): PolicyChangeJson => ({
    namespace: c.namespace,
    name: c.name,
    ...(c.file !== undefined ? { file: c.file } : {}),
    ...(c.fields !== undefined ? { fields: c.fields } : {}),
  });
  return {
    added,
    removed,
    summary: {
      changed: diffHasChanges(diff),
      newlyAllowed: added.length,
      newlyDenied: removed.length,
      pairs: countPairs(diff.changes),
      workloads: diff.workloads.length - diff.externals.length,
      externalAddresses: diff.externals.map(e => e.region),
      portPieces: countPieces(diff),
    },
    policies: {
      added: diff.policies.added.map(policy),
      removed: diff.policies.removed.map(policy),
      changed: diff.policies.changed.map(policy),
    },
    workloads: workloadChanges(diff, labels),
  };
}

/** The JSON document as text, pretty-printed, ending with a newline. */
export function renderDiffJson(diff: ConnectivityDiff): string {
  return `${JSON.stringify(diffToJson(diff), undefined, 2)}\n`;
}

// ---------------------------------------------------------------------------

/** Changes of one kind for one pair with the same reason, their port ranges in order. */
interface ChangeGroup {
  readonly source: string;
  readonly destination: string;
  readonly ports: string[];
  readonly reason: string;
}

/** Groups changes (sorted by pair) by pair and reason, keeping the order of first appearance. */
function groupChanges(changes: ReadonlyArray<FlowChange>, labels: Map<DiffWorkload, string>): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const change of changes) {
    const source = labels.get(change.source)!;
    const destination = labels.get(change.destination)!;
    const reason = renderChangeReason(change);
    const key = `${source}\u0000${destination}\u0000${reason}`;
    let group = groups.get(key);
    if (!group) {
      group = { source, destination, ports: [], reason };
      groups.set(key, group);
    }
    group.ports.push(formatPort(change));
  }
  return [...groups.values()];
}

/** Names of the workloads; an address probed outside the cluster reads as its region, e.g. `0.0.0.0/0`. */
function labelsOf(diff: ConnectivityDiff): Map<DiffWorkload, string> {
  const labels = workloadLabels(diff.workloads.map(w => w.workload));
  const regions = new Map(diff.externals.map(e => [e.ip, e.region]));
  return new Map(diff.workloads.map((w, i) => [w, (w.workload.isExternal ? regions.get(w.workload.id) : undefined) ?? labels[i]]));
}

function workloadChanges(diff: ConnectivityDiff, labels: Map<DiffWorkload, string>): { added: string[]; removed: string[]; changed: string[] } {
  const external = new Set(diff.externals.map(e => e.ip));
  const real = diff.workloads.filter(w => !(w.workload.isExternal && external.has(w.workload.id)));
  return {
    added: real.filter(w => w.presence === 'new').map(w => labels.get(w)!),
    removed: real.filter(w => w.presence === 'old').map(w => labels.get(w)!),
    changed: real.filter(w => w.changed).map(w => labels.get(w)!),
  };
}

function countPairs(changes: ReadonlyArray<FlowChange>): number {
  return new Set(changes.map(c => `${diffIndex(c.source)}\u0000${diffIndex(c.destination)}`)).size;

  function diffIndex(w: DiffWorkload): string {
    return `${w.workload.kind}|${w.workload.id}`;
  }
}

function countPieces(diff: ConnectivityDiff): { [protocol: string]: number } {
  const counts: { [protocol: string]: number } = {};
  for (const piece of diff.pieces) {
    counts[piece.protocol] = (counts[piece.protocol] ?? 0) + 1;
  }
  return counts;
}

function fieldsText(c: PolicyChange): string {
  const fields = c.fields ?? [];
  return fields.length === 0 ? 'spec' : fields.join(', ');
}

/** Markdown text with table-breaking and formatting characters escaped. */
function md(text: string): string {
  return text.replace(/([\\`*_[\]|<>])/g, '\\$1');
}

/** An inline code span that a backtick or pipe in `text` cannot break. */
function code(text: string): string {
  const clean = text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
  const fence = clean.includes('`') ? '``' : '`';
  const pad = clean.includes('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}
