import { parseFieldPath, RawPolicy } from './load';
import { Protocol } from '../core/port';
import { comparePolicyRefs, compareRuleRefs, policyKey } from './model/order';
import { PeerMatcher } from './model/peer-matcher';
import { PolicyIssue } from './model/policy-issue';
import { PortMatcher } from './model/port-matcher';
import { Direction, PolicyRef } from './model/rule-ref';
import { compileSelector } from './model/selector-matcher';
import { CompiledRule, Policy, Target } from './model/target';
import { PolicyValidator } from '../core/policy-validator';
import { parseCidr, ParsedCidr } from '../kube/cidr';
import { KubeNetworkPolicyPeer, KubeNetworkPolicyPort, KubeNetworkPolicySpec } from '../kube/shapes';

/*
 * Stage 2 of the engine: raw NetworkPolicy manifests -> the compiled Policy
 * model. Policies the API server would reject are reported, not compiled.
 */

/** What `compilePolicies` returns. */
export interface CompileResult {
  /** The compiled valid policies. */
  readonly policy: Policy;
  /** Problems of the policies the API server would reject; they are left out of `policy`. */
  readonly issues: PolicyIssue[];
}

const ANY_PEER: PeerMatcher = { kind: 'any' };
const ANY_PORT: PortMatcher = { kind: 'any' };

/**
 * Validates every policy with `PolicyValidator` and compiles the valid ones.
 *
 * Policies that share a namespace and podSelector are merged into one
 * `Target` per direction, each rule keeping its `RuleRef`. A direction is
 * compiled only when it is in the policy's effective `policyTypes`: the
 * listed ones, or, when the list is absent or empty, Ingress, plus Egress
 * when `egress` has at least one rule. The result does not depend on the
 * order of `policies`.
 */
export function compilePolicies(policies: ReadonlyArray<RawPolicy>): CompileResult {
  const issues: PolicyIssue[] = [];
  const valid: RawPolicy[] = [];
  for (const raw of policies) {
    const problems = validationIssues(raw);
    if (problems.length > 0) {
      issues.push(...problems);
    } else {
      valid.push(raw);
    }
  }
  return { policy: compileValidPolicies(valid), issues };
}

/**
 * What the API server would reject in one policy (`PolicyValidator`; a
 * missing namespace is fine), each problem at its line in the source.
 */
export function validationIssues(raw: RawPolicy): PolicyIssue[] {
  return PolicyValidator.validate(raw.manifest, { requireNamespace: false }).map(problem => ({
    namespace: raw.namespace,
    name: raw.name,
    path: problem.path,
    message: problem.message,
    file: raw.source?.file,
    line: raw.source?.locate?.(parseFieldPath(problem.path)) ?? raw.source?.line,
    document: raw.source?.document,
  }));
}

/**
 * Compiles policies already known to be valid (see `compilePolicies`,
 * which validates first).
 */
export function compileValidPolicies(policies: ReadonlyArray<RawPolicy>): Policy {
  const targets = new Map<string, { target: Omit<Target, 'policies' | 'rules'>; policies: PolicyRef[]; rules: CompiledRule[] }>();
  const compiled: PolicyRef[] = [];

  for (const raw of policies) {
    const ref: PolicyRef = { namespace: raw.namespace, name: raw.name };
    compiled.push(ref);
    const spec = raw.manifest.spec as KubeNetworkPolicySpec;
    const podSelector = compileSelector(spec.podSelector);
    for (const direction of effectivePolicyTypes(spec)) {
      const key = `${raw.namespace}|${direction}|${podSelector.key}`;
      let entry = targets.get(key);
      if (!entry) {
        entry = { target: { key, namespace: raw.namespace, direction, podSelector }, policies: [], rules: [] };
        targets.set(key, entry);
      }
      entry.policies.push(ref);
      const rules = (direction === Direction.INGRESS ? spec.ingress : spec.egress) ?? [];
      rules.forEach((rule, ruleIndex) => {
        const peers = direction === Direction.INGRESS
          ? (rule as { from?: KubeNetworkPolicyPeer[] }).from
          : (rule as { to?: KubeNetworkPolicyPeer[] }).to;
        entry!.rules.push({
          ref: { ...ref, direction, ruleIndex },
          peers: compilePeers(peers, raw.namespace),
          ports: compilePorts(rule.ports),
        });
      });
    }
  }

  const sortedTargets: Target[] = [...targets.values()]
    .map(e => ({
      ...e.target,
      policies: e.policies.sort(comparePolicyRefs),
      rules: e.rules.sort((a, b) => compareRuleRefs(a.ref, b.ref)),
    }))
    .sort((a, b) => compare(a.key, b.key));
  const unique = new Map(compiled.map(r => [policyKey(r), r]));
  return { targets: sortedTargets, policies: [...unique.values()].sort(comparePolicyRefs) };
}

/**
 * The directions a policy isolates: `policyTypes` when set and not empty;
 * otherwise Ingress, plus Egress when `egress` has at least one rule.
 */
export function effectivePolicyTypes(spec: KubeNetworkPolicySpec): Direction[] {
  const types = spec.policyTypes;
  if (Array.isArray(types) && types.length > 0) {
    return [Direction.INGRESS, Direction.EGRESS].filter(d => types.includes(d));
  }
  const egress = Array.isArray(spec.egress) && spec.egress.length > 0;
  return egress ? [Direction.INGRESS, Direction.EGRESS] : [Direction.INGRESS];
}

function compilePeers(peers: KubeNetworkPolicyPeer[] | undefined | null, namespace: string): PeerMatcher[] {
  if (!Array.isArray(peers) || peers.length === 0) {
    return [ANY_PEER];
  }
  return peers.map((peer): PeerMatcher => {
    if (peer.ipBlock) {
      return {
        kind: 'ipBlock',
        cidr: cidrOf(peer.ipBlock.cidr),
        except: (peer.ipBlock.except ?? []).map(cidrOf),
      };
    }
    const podSelector = peer.podSelector ? compileSelector(peer.podSelector) : undefined;
    if (peer.namespaceSelector) {
      return { kind: 'pods', namespaceSelector: compileSelector(peer.namespaceSelector), podSelector };
    }
    return { kind: 'pods', ownNamespace: namespace, podSelector: podSelector ?? compileSelector({}) };
  });
}

/** A rule's `ports` as matchers: absent or empty means every port. */
export function compilePorts(ports: KubeNetworkPolicyPort[] | undefined | null): PortMatcher[] {
  if (!Array.isArray(ports) || ports.length === 0) {
    return [ANY_PORT];
  }
  return ports.map((p): PortMatcher => {
    const protocol = (p.protocol ?? Protocol.TCP) as Protocol;
    if (p.port === undefined || p.port === null) {
      return { kind: 'protocol', protocol };
    }
    if (typeof p.port === 'string') {
      return { kind: 'named', protocol, name: p.port };
    }
    return { kind: 'range', protocol, port: p.port, endPort: p.endPort ?? p.port };
  });
}

function cidrOf(text: string): ParsedCidr {
  const parsed = parseCidr(text);
  if (typeof parsed === 'string') {
    // Unreachable: PolicyValidator has accepted the policy.
    throw new Error(`Invalid CIDR "${text}": ${parsed}`);
  }
  return parsed;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
