import { LintContext, listWorkloads } from '../analysis/lint/context';
import { Endpoint } from '../analysis/model/endpoint';
import { PolicyRef } from '../analysis/model/rule-ref';
import { Direction } from '../core/direction';
import { DnsTarget } from '../core/dns';
import { Protocol } from '../core/protocol';
import { parseCidr } from '../kube/cidr';
import { NAMESPACE_NAME_LABEL } from '../kube/shapes';

/*
 * The DNS check of the synth-time checks: every workload of the app whose
 * egress is isolated must reach the cluster DNS on its UDP port.
 */

/** A DNS problem, reported on the policy object at `file` (its construct path). */
export interface DnsProblem {
  readonly file: string;
  readonly message: string;
}

/**
 * The workloads of `ctx` that some policy isolates for egress and that
 * cannot reach `dns` on its UDP port (53 by default), grouped by the
 * policies that isolate them: one problem per group, on the first of
 * those policies, naming them all.
 */
export function checkDns(ctx: LintContext, dns: DnsTarget): DnsProblem[] {
  const servers = dnsEndpoints(dns);
  if (servers.length === 0) {
    return [];
  }
  const udp = dns.ports.find(p => p.protocol === Protocol.UDP && p.portNumber !== undefined);
  const port = { protocol: Protocol.UDP, port: udp?.portNumber ?? 53 };
  const evaluator = ctx.evaluator;
  const serverClasses = servers.map(s => evaluator.classes.classOf(s));
  const groups = new Map<string, { refs: ReadonlyArray<PolicyRef>; workloads: Endpoint[] }>();
  for (const workload of ctx.workloads) {
    if (servers.some(s => s.namespace === workload.namespace && Object.entries(s.labels).every(([k, v]) => workload.labels[k] === v))) {
      continue; // the DNS server itself
    }
    const source = evaluator.classes.classOf(workload);
    const selection = evaluator.selection(source, Direction.EGRESS);
    if (selection.targets.length === 0) {
      continue;
    }
    if (serverClasses.some(destination => evaluator.evaluate({ source, destination, port }).allowed)) {
      continue;
    }
    const key = selection.selectedBy.map(formatPolicyRef).join(',');
    const group = groups.get(key) ?? { refs: selection.selectedBy, workloads: [] };
    group.workloads.push(workload);
    groups.set(key, group);
  }

  const problems: DnsProblem[] = [];
  for (const { refs, workloads } of groups.values()) {
    const first = ctx.policies.find(p => p.ref.namespace === refs[0].namespace && p.ref.name === refs[0].name);
    if (!first) {
      continue;
    }
    const one = workloads.length === 1;
    const namespaces = [...new Set(workloads.map(w => w.namespace))];
    const fixNamespace = namespaces.length === 1 ? `{ namespace: '${namespaces[0]}' }` : '{ namespace }';
    problems.push({
      file: first.document.source.file,
      message: `${listWorkloads(workloads)} ${one ? 'is' : 'are'} isolated for egress by ${refs.map(formatPolicyRef).join(', ')}, `
        + `and ${one ? 'it' : 'they'} cannot reach ${dns} on ${port.protocol} ${port.port}, so name lookups fail. `
        + `Allow DNS for ${one ? 'it' : 'them'} with new AllowDnsEgress(this, 'Dns', ${fixNamespace}) (IsolatedNamespace adds it too), `
        + `or, if ${one ? 'it resolves' : 'they resolve'} no names, opt out with PolicyChecks.of(app).enable({ dns: false }).`,
    });
  }
  return problems;
}

function formatPolicyRef(ref: PolicyRef): string {
  return `${ref.namespace}/${ref.name}`;
}

/**
 * One endpoint per peer of the DNS target that names its pods or addresses
 * exactly: pods by namespace name and matchLabels, an ipBlock by its first
 * address. A peer given by expressions or namespace labels is left out.
 */
function dnsEndpoints(dns: DnsTarget): Endpoint[] {
  const ports = dns.ports.filter(p => p.portNumber !== undefined)
    .map(p => ({ name: `dns-${p.protocol.toLowerCase()}`, port: p.portNumber!, protocol: p.protocol }));
  const endpoints: Endpoint[] = [];
  dns.peers.forEach((peer, i) => {
    const kube = peer._toKube({ path: '', namespace: '', appLabelKey: 'app.kubernetes.io/name' });
    if (kube.ipBlock) {
      const cidr = parseCidr(kube.ipBlock.cidr);
      if (typeof cidr !== 'string') {
        const ip = cidr.canonical.split('/')[0];
        endpoints.push({ id: ip, kind: 'External', name: ip, labels: {}, ports, ips: [ip], external: true });
      }
      return;
    }
    const namespace = kube.namespaceSelector?.matchLabels?.[NAMESPACE_NAME_LABEL];
    const pods = kube.podSelector;
    if (namespace === undefined || !pods || (pods.matchExpressions ?? []).length > 0) {
      return;
    }
    endpoints.push({
      id: `${namespace}/dns-${i}`,
      kind: 'Workload',
      namespace,
      name: `dns-${i}`,
      labels: { ...pods.matchLabels ?? {} },
      ports,
      ips: [],
      external: false,
    });
  });
  return endpoints;
}
