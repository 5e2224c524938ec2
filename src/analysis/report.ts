import { PolicyAnalyzer } from './analyzer';
import { lintManifests } from './lint';
import { LoadedManifests } from './load';
import { OBJECTS_FILE } from './manifests/source';
import { EndpointPort } from './model/endpoint';
import { comparePolicyRefs, policyKey } from './model/order';
import { PortSpec } from './model/port-spec';
import { CompiledPolicy } from './model/target';
import { addressSamples, mentionedPorts } from './samples';
import { Workload } from './workload';
import { Protocol } from '../core/protocol';

/*
 * The report model: who can reach whom on a set of ports, which policies
 * select each workload, every policy, and the lint findings. Built here,
 * formatted by render (HTML, Mermaid, DOT).
 */

/** A workload (or an outside address) of the report. */
export interface ReportWorkload {
  /** A unique label, e.g. `shop/web`, or the region of an outside address (`203.0.113.0/24`). */
  readonly label: string;
  /** `Pod`, `Deployment`, ..., `External`. */
  readonly kind: string;
  /** The namespace; none for an outside address. */
  readonly namespace?: string;
  readonly external: boolean;
  /** A policy selects the workload for ingress. */
  readonly ingressIsolated: boolean;
  /** A policy selects the workload for egress. */
  readonly egressIsolated: boolean;
  /** The policies that select it, `<namespace>/<name>`, sorted. */
  readonly policies: string[];
}

/** A NetworkPolicy of the report. */
export interface ReportPolicy {
  readonly policy: CompiledPolicy;
  /** The file, when read from one. */
  readonly file?: string;
  readonly line?: number;
  /** Labels of the workloads its podSelector selects. */
  readonly selects: string[];
}

/** A lint finding of the report. */
export interface ReportFinding {
  readonly ruleId: string;
  /** `error`, `warning` or `note`. */
  readonly severity: string;
  readonly message: string;
  readonly fix?: string;
  /** `<namespace>/<name>`. */
  readonly policy?: string;
  /** The field, e.g. `spec.ingress[0].from[1]`. */
  readonly path?: string;
  readonly file?: string;
  readonly line?: number;
}

/** Reachability over workloads and ports: `allowed[p][s][d]`, whether workload `s` can reach `d` on `ports[p]`. */
export interface ReportFlows {
  readonly workloads: ReadonlyArray<ReportWorkload>;
  readonly ports: ReadonlyArray<PortSpec>;
  /** Ports the manifests mention that the report leaves out (over the cap). */
  readonly portsOmitted: number;
  readonly allowed: ReadonlyArray<ReadonlyArray<ReadonlyArray<boolean>>>;
}

/** Everything the report shows. */
export interface ReportModel extends ReportFlows {
  readonly title: string;
  /** The PATH arguments. */
  readonly inputs: string[];
  /** What wrote the report, for the footer: `cdk8s-netpol report`. */
  readonly generator: string;
  readonly policies: ReportPolicy[];
  /** Lint findings; undefined when lint could not run. */
  readonly findings?: ReportFinding[];
  /** Why lint did not run (when `findings` is undefined), or which rules it skipped. */
  readonly lintNote?: string;
}

/** At most this many ports by default; explicit ports have no cap. */
export const MAX_DEFAULT_PORTS = 24;

/**
 * The workloads (plus one address per region outside the cluster that the
 * ipBlocks carve out), their isolation and selecting policies, and a matrix
 * per port: `ports`, or else the ports the manifests mention (at most
 * `MAX_DEFAULT_PORTS`), or else 80/TCP. Adds the outside addresses to the
 * analyzer.
 */
export function reportFlows(loaded: LoadedManifests, analyzer: PolicyAnalyzer, ports: ReadonlyArray<PortSpec>): ReportFlows {
  const policies = analyzer._policy().policies;
  const regions = new Map<string, string>();
  const known = new Set(analyzer.workloads.flatMap(w => w.ips));
  for (const sample of addressSamples(policies)) {
    if (!known.has(sample.ip)) {
      analyzer.addWorkload(Workload.external(sample.ip));
      known.add(sample.ip);
    }
    // Labelled on every call, also when an earlier call added the address.
    regions.set(sample.ip, sample.region);
  }

  let probed: ReadonlyArray<PortSpec> = ports;
  let portsOmitted = 0;
  if (probed.length === 0) {
    const defaults = defaultPorts(policies, loaded.endpoints);
    probed = defaults.ports;
    portsOmitted = defaults.omitted;
  }

  const workloads = analyzer.workloads;
  const labels = workloadLabels(workloads).map((label, i) => (workloads[i].isExternal ? regions.get(workloads[i].id) ?? label : label));
  const reportWorkloads: ReportWorkload[] = workloads.map((w, i) => {
    if (w.isExternal) {
      return { label: labels[i], kind: w.kind, external: true, ingressIsolated: false, egressIsolated: false, policies: [] };
    }
    const selected = analyzer.selectedBy(w);
    const refs = new Map([...selected.ingress, ...selected.egress].map(p => [policyKey(p), p]));
    return {
      label: labels[i],
      kind: w.kind,
      namespace: w.namespace,
      external: false,
      ingressIsolated: selected.ingress.length > 0,
      egressIsolated: selected.egress.length > 0,
      policies: [...refs.values()].sort(comparePolicyRefs).map(policyKey),
    };
  });
  const allowed = probed.map(p => analyzer.matrix({ port: p.port, protocol: p.protocol }).toArray());
  return { workloads: reportWorkloads, ports: probed, portsOmitted, allowed };
}

/**
 * The ports to probe when none are given: the ports the policies and the
 * container ports name (at most `MAX_DEFAULT_PORTS`, with how many are left
 * out), or else 80/TCP.
 */
export function defaultPorts(policies: ReadonlyArray<CompiledPolicy>,
  endpoints: ReadonlyArray<{ readonly ports: ReadonlyArray<EndpointPort> }>): { ports: PortSpec[]; omitted: number } {
  const mentioned = mentionedPorts(policies, endpoints);
  if (mentioned.length === 0) {
    return { ports: [{ port: 80, protocol: Protocol.TCP }], omitted: 0 };
  }
  const ports = mentioned.slice(0, MAX_DEFAULT_PORTS);
  return { ports, omitted: mentioned.length - ports.length };
}

/**
 * Adds to the analyzer one workload per region of the address space that
 * the ipBlocks of its policies carve out, named after the region
 * (`0.0.0.0/0`, `203.0.113.0/24`, `0.0.0.0-203.0.112.255`) and standing at
 * its first address, unless a workload already has that address. Returns
 * the workloads added.
 */
export function addOutsideRegions(analyzer: PolicyAnalyzer): Workload[] {
  const known = new Set(analyzer.workloads.flatMap(w => w.ips));
  const added: Workload[] = [];
  for (const sample of addressSamples(analyzer._policy().policies)) {
    if (!known.has(sample.ip)) {
      const w = Workload._fromEndpoint({
        id: sample.region, kind: 'External', name: sample.region, labels: {}, ports: [], ips: [sample.ip], external: true,
      });
      analyzer.addWorkload(w);
      added.push(w);
    }
  }
  return added;
}

/**
 * Everything the HTML report shows: `flows`, the policies with the
 * workloads they select, and the lint findings (with the default cluster
 * ranges).
 */
export function reportModel(inputs: string[], flows: ReportFlows, loaded: LoadedManifests, analyzer: PolicyAnalyzer): ReportModel {
  const policies: ReportPolicy[] = analyzer._policy().policies.map(policy => {
    const ref = policyKey(policy.ref);
    const source = policy.document.source;
    return {
      policy,
      ...(source.file !== OBJECTS_FILE ? { file: source.file, line: source.line } : {}),
      selects: flows.workloads.filter(w => w.policies.includes(ref)).map(w => w.label),
    };
  });
  return {
    title: 'NetworkPolicy report',
    inputs,
    generator: 'cdk8s-netpol report',
    ...flows,
    policies,
    ...lintFindings(loaded),
  };
}

/**
 * Names for workloads: their ids, or `<namespace>/<Kind>/<name>` where two
 * share an id (e.g. a Pod and a Deployment both named `web`).
 */
export function workloadLabels(workloads: ReadonlyArray<Workload>): string[] {
  const counts = new Map<string, number>();
  for (const w of workloads) {
    counts.set(w.id, (counts.get(w.id) ?? 0) + 1);
  }
  return workloads.map(w => ((counts.get(w.id) ?? 0) > 1 && w.namespace !== undefined
    ? `${w.namespace}/${w.kind}/${w.name}`
    : w.id));
}

/** The lint findings (`cdk8s-netpol lint` with its defaults), and a note on the rules that did not run. */
function lintFindings(loaded: LoadedManifests): { findings: ReportFinding[]; lintNote?: string } {
  const result = lintManifests(loaded);
  const findings: ReportFinding[] = result.findings.map(f => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    fix: f.fix,
    policy: policyKey(f.policy),
    path: f.path,
    ...(f.file !== OBJECTS_FILE ? { file: f.file, line: f.line } : {}),
  }));
  const notes: string[] = [];
  if (result.skipped.length > 0) {
    notes.push(`Not run: ${result.skipped.map(s => `${s.ruleId} (${s.reason})`).join('; ')}.`);
  }
  if (result.suppressed > 0) {
    notes.push(`${result.suppressed} finding${result.suppressed === 1 ? '' : 's'} suppressed by lint.cdk8s-netpol.dev/ignore annotations.`);
  }
  return { findings, ...(notes.length > 0 ? { lintNote: notes.join(' ') } : {}) };
}
