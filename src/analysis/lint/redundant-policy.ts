import { effectivePolicyTypes } from '../compile';
import { ClassMatrix, evaluateMatrix, Prepared, Probe, selectedTargets } from '../evaluate';
import { LintContext, LintFinding, LintPolicy, LintRule, rulesOf } from './context';
import { prepareEngine } from './engine';
import { Protocol } from '../../core/port';
import { parseCidr } from '../../core/private/rules';
import { Endpoint } from '../model/endpoint';
import { comparePolicyRefs } from '../model/order';
import { portMatches } from '../model/port-matcher';
import { Direction } from '../model/rule-ref';

/** NP007. */
export const REDUNDANT_POLICY: LintRule = {
  id: 'NP007',
  name: 'redundant-policy',
  severity: 'note',
  summary: 'Every flow the policy allows is also allowed by other policies: removing it changes nothing.',
  description: 'A policy that changes no connection is dead weight that reviewers still have to read, and it hides '
    + 'which policy really allows a flow. It is checked with the policy engine: the reachability of every pair '
    + 'of workloads of the manifests (and of sample addresses outside the cluster) is computed with and without '
    + 'the policy, on every port the policies mention; the policy is redundant when nothing changes.',
  help: 'Delete the policy, or merge what it documents into the policy that already allows its traffic.',
  needsInventory: true,
};

const PROTOCOLS: Protocol[] = [Protocol.TCP, Protocol.UDP, Protocol.SCTP];
const MAX_PORT = 65535;

/**
 * NP007: a policy with rules, selecting some workload, whose removal
 * changes no flow.
 *
 * Method: reachability matrices over the workloads of the manifests plus
 * sample external addresses (for every CIDR of an ipBlock, its first
 * address and the one after its last, so that every region the CIDRs
 * carve out has a sample), on sample ports (for every protocol, port 1 and,
 * for every port or range the rules mention, its first port and the one
 * after its last; named ports as the workloads resolve them). Policies are
 * checked in namespace/name order, and one found redundant is left out
 * when checking the next: deleting every policy reported together changes
 * nothing. Policies with no rules (isolation only) allow no flow and are
 * not checked, nor are policies whose rules, on their own, allow nothing
 * over the inventory (NP003 or NP008 say why).
 */
export function checkRedundantPolicy(ctx: LintContext): LintFinding[] {
  const candidates = ctx.policies
    .filter(p => hasRules(p) && ctx.selectedWorkloads(p).length > 0)
    .sort(comparePolicyRefs);
  if (candidates.length === 0) {
    return [];
  }
  const externals = externalSamples(ctx.policies);
  const probes = probeSamples(ctx.policies, ctx.workloads);
  const engine = (policies: LintPolicy[]) => new Engine(prepareEngine(ctx, policies, externals));
  const allows = new Map<LintPolicy, boolean>();
  const allowsAnything = (policy: LintPolicy): boolean => {
    let result = allows.get(policy);
    if (result === undefined) {
      result = changesFlows(engine([policy]), engine([isolationOnly(policy)]), policy, probes);
      allows.set(policy, result);
    }
    return result;
  };

  let kept = [...ctx.policies];
  let current = engine(kept);
  const findings: LintFinding[] = [];
  for (const policy of candidates) {
    if (!allowsAnything(policy)) {
      continue; // its rules match nothing: NP003 or NP008 say why
    }
    const without = kept.filter(p => p !== policy);
    const next = engine(without);
    if (changesFlows(current, next, policy, probes)) {
      continue;
    }
    kept = without;
    current = next;
    const covering = overlapping(ctx, policy, without.filter(p => hasRules(p) && allowsAnything(p)));
    findings.push(ctx.finding(REDUNDANT_POLICY, policy, 'metadata.name',
      `Every flow this policy allows is also allowed by other policies${covering ? ` (${covering})` : ''}: without it, no connection `
      + `changes, checked over the ${ctx.workloads.length} workloads of the manifests, ${externals.length} addresses outside the cluster `
      + `and ${probes.length} port samples.`,
      'Delete the policy, or merge what it documents into the policy that already allows its traffic.'));
  }
  return findings;
}

/** A prepared policy set, with its matrices computed once per probe. */
class Engine {
  private readonly matrices = new Map<string, ClassMatrix>();

  constructor(public readonly prepared: Prepared) {
  }

  public matrix(probe: Probe): ClassMatrix {
    const key = `${probe.protocol}/${probe.port}`;
    let matrix = this.matrices.get(key);
    if (!matrix) {
      matrix = evaluateMatrix(this.prepared, probe);
      this.matrices.set(key, matrix);
    }
    return matrix;
  }
}

/**
 * Whether `before` (with `policy`) and `after` (without it, or with less
 * of it) differ on some flow. Only flows that `policy` can affect are
 * compared: from the classes it selects for egress, and to those it selects
 * for ingress. Unless removing it leaves one of them not isolated, only the
 * probes its ports match can differ.
 */
function changesFlows(before: Engine, after: Engine, policy: LintPolicy, probes: ReadonlyArray<Probe>): boolean {
  const prepared = before.prepared;
  const size = prepared.classes.length;
  const isPolicy = (r: { namespace: string; name: string }) => r.namespace === policy.namespace && r.name === policy.name;
  const sources: number[] = [];
  const destinations: number[] = [];
  let deisolates = false;
  for (let c = 0; c < size; c++) {
    for (const direction of [Direction.EGRESS, Direction.INGRESS]) {
      if (selectedTargets(prepared, prepared.classes[c], direction).some(t => t.policies.some(isPolicy))) {
        (direction === Direction.EGRESS ? sources : destinations).push(c);
        deisolates = deisolates || selectedTargets(after.prepared, after.prepared.classes[c], direction).length === 0;
      }
    }
  }
  const rules = prepared.policy.targets.flatMap(t => t.rules).filter(r => isPolicy(r.ref));
  const relevant = deisolates ? probes : probes.filter(probe => rules.some(rule => rule.ports.some(m =>
    prepared.classes.some(c => portMatches(m, probe.protocol, probe.port, c)))));
  for (const probe of relevant) {
    const a = before.matrix(probe);
    const b = after.matrix(probe);
    for (const s of sources) {
      for (let d = 0; d < size; d++) {
        if (a.allowed(s, d) !== b.allowed(s, d)) {
          return true;
        }
      }
    }
    for (const d of destinations) {
      for (let s = 0; s < size; s++) {
        if (a.allowed(s, d) !== b.allowed(s, d)) {
          return true;
        }
      }
    }
  }
  return false;
}

/** The policy with its rules removed: it isolates the same pods and allows nothing. */
function isolationOnly(policy: LintPolicy): LintPolicy {
  return {
    ...policy,
    manifest: { ...policy.manifest, spec: { podSelector: policy.spec.podSelector, policyTypes: effectivePolicyTypes(policy.spec) } },
  };
}

/** The other policies of the namespace that select some of the same workloads in a same direction, e.g. `shop/api-allow-web`. */
function overlapping(ctx: LintContext, policy: LintPolicy, others: ReadonlyArray<LintPolicy>): string {
  const mine = new Set(ctx.selectedWorkloads(policy));
  const directions = effectivePolicyTypes(policy.spec);
  const names = others
    .filter(o => o.namespace === policy.namespace
      && effectivePolicyTypes(o.spec).some(d => directions.includes(d))
      && ctx.selectedWorkloads(o).some(w => mine.has(w)))
    .map(o => `${o.namespace}/${o.name}`);
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

function hasRules(policy: LintPolicy): boolean {
  return effectivePolicyTypes(policy.spec).some(d => {
    const rules = d === Direction.INGRESS ? policy.spec.ingress : policy.spec.egress;
    return Array.isArray(rules) && rules.length > 0;
  });
}

/** Sample ports: every protocol's port 1, and the bounds of every port, range and resolved named port of the rules. */
export function probeSamples(policies: ReadonlyArray<LintPolicy>, workloads: ReadonlyArray<Endpoint>): Probe[] {
  const ports = new Map<Protocol, Set<number>>(PROTOCOLS.map(p => [p, new Set([1])]));
  const add = (protocol: Protocol, first: number, last: number) => {
    const set = ports.get(protocol);
    if (!set) {
      return;
    }
    set.add(first);
    if (last + 1 <= MAX_PORT) {
      set.add(last + 1);
    }
  };
  for (const policy of policies) {
    for (const rule of rulesOf(policy)) {
      for (const entry of rule.ports) {
        const protocol = (entry?.protocol ?? Protocol.TCP) as Protocol;
        if (typeof entry?.port === 'number') {
          add(protocol, entry.port, entry.endPort ?? entry.port);
        } else if (typeof entry?.port === 'string') {
          for (const w of workloads) {
            for (const p of w.ports) {
              if (p.name === entry.port && p.protocol === protocol) {
                add(protocol, p.port, p.port);
              }
            }
          }
        }
      }
    }
  }
  return PROTOCOLS.flatMap(protocol => [...ports.get(protocol)!].sort((a, b) => a - b).map(port => ({ protocol, port })));
}

/**
 * Sample external addresses: `0.0.0.0` and `::`, and for every CIDR of an
 * ipBlock (`cidr` and `except`), its first address and the one after its last.
 */
export function externalSamples(policies: ReadonlyArray<LintPolicy>): Endpoint[] {
  const samples = new Map<string, Endpoint>();
  const add = (family: 4 | 6, value: bigint) => {
    const ip = formatAddress(family, value);
    samples.set(ip, { id: ip, kind: 'External', name: ip, labels: {}, ports: [], ips: [ip], external: true });
  };
  add(4, 0n);
  add(6, 0n);
  for (const policy of policies) {
    for (const rule of rulesOf(policy)) {
      for (const peer of rule.peers) {
        if (!peer?.ipBlock) {
          continue;
        }
        for (const text of [peer.ipBlock.cidr, ...(peer.ipBlock.except ?? [])]) {
          const cidr = parseCidr(text);
          if (typeof cidr === 'string') {
            continue;
          }
          const bits = cidr.bytes.length * 8;
          const start = cidr.bytes.reduce((acc, b) => acc * 256n + BigInt(b), 0n);
          const next = start + 2n ** BigInt(bits - cidr.prefix);
          add(cidr.family, start);
          if (next < 2n ** BigInt(bits)) {
            add(cidr.family, next);
          }
        }
      }
    }
  }
  return [...samples.values()];
}

function formatAddress(family: 4 | 6, value: bigint): string {
  const groups: string[] = [];
  let rest = value;
  const count = family === 4 ? 4 : 8;
  const base = family === 4 ? 256n : 65536n;
  for (let i = 0; i < count; i++) {
    const part = rest % base;
    groups.unshift(family === 4 ? part.toString(10) : part.toString(16));
    rest = rest / base;
  }
  return groups.join(family === 4 ? '.' : ':');
}
