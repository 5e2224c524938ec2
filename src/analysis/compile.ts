import { PolicyDocument } from './load';
import { parseFieldPath, lineOf } from './manifests/source';
import { comparePolicyRefs, compareRuleRefs, policyKey } from './model/order';
import { PeerMatcher } from './model/peer-matcher';
import { PolicyIssue } from './model/policy-issue';
import { PortMatcher } from './model/port-matcher';
import { PolicyRef } from './model/rule-ref';
import { compileSelector } from './model/selector-matcher';
import { CompiledPolicy, CompiledRule, Policy, Target } from './model/target';
import { Direction } from '../core/direction';
import { Protocol } from '../core/protocol';
import { ParsedCidr, parseCidr } from '../kube/cidr';
import { CrdChannelName } from '../kube/cluster-shapes';
import { DIRECTION_FIELDS, KubeNetworkPolicyPeer, KubeNetworkPolicyPort, KubeNetworkPolicySpec } from '../kube/shapes';
import { validateClusterNetworkPolicy } from '../kube/validation/cluster-network-policy';
import { validateNetworkPolicy } from '../kube/validation/network-policy';
import { FieldIssue } from '../kube/validation/schema';
import { compareStrings } from '../util/strings';

/*
 * Stage 2 of the engine: NetworkPolicy documents -> the compiled Policy
 * model, which everything downstream reads. Policies the API server would
 * reject are reported, not compiled.
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
 * Validates every document (duplicates included) and compiles the valid
 * policies in effect: of two with the same namespace and name, the later.
 *
 * Policies that share a namespace and podSelector are merged into one
 * `Target` per direction, each rule keeping its `RuleRef`. A direction is
 * compiled only when it is in the policy's effective `policyTypes`: the
 * listed ones, or, when the list is absent or empty, Ingress, plus Egress
 * when `egress` has at least one rule. The result does not depend on the
 * order of `documents` beyond which duplicate is in effect.
 */
export function compilePolicies(documents: ReadonlyArray<PolicyDocument>): CompileResult {
  const issues: PolicyIssue[] = [];
  const effective = new Map<string, PolicyDocument | undefined>();
  for (const doc of documents) {
    const problems = validationIssues(doc);
    issues.push(...problems);
    effective.set(policyKey(doc), problems.length === 0 ? doc : undefined);
  }
  return { policy: compileValid([...effective.values()].filter((d): d is PolicyDocument => d !== undefined)), issues };
}

/**
 * What the API server would reject in one policy (a missing namespace is
 * fine: the API server takes it from the request), each problem at its
 * line in the source.
 */
export function validationIssues(doc: PolicyDocument): PolicyIssue[] {
  return locateIssues(doc, validateNetworkPolicy(doc.manifest, { requireName: true, requireNamespace: false }));
}

/**
 * What the API server, with the ClusterNetworkPolicy CRD of `channel`
 * installed, would reject in one ClusterNetworkPolicy, each problem at its
 * line in the source.
 */
export function clusterPolicyValidationIssues(doc: PolicyDocument, channel: CrdChannelName): PolicyIssue[] {
  return locateIssues(doc, validateClusterNetworkPolicy(doc.manifest, { channel, requireName: true }));
}

function locateIssues(doc: PolicyDocument, problems: FieldIssue[]): PolicyIssue[] {
  return problems.map(problem => ({
    namespace: doc.namespace,
    name: doc.name,
    path: problem.path,
    message: problem.message,
    file: doc.source.file,
    line: lineOf(doc.source, parseFieldPath(problem.path)),
    document: doc.source.document,
  }));
}

/** Compiles policies the validator accepted. */
function compileValid(documents: ReadonlyArray<PolicyDocument>): Policy {
  const ids = { next: 0 };
  const policies = documents.map(doc => compilePolicy(doc, ids)).sort((a, b) => comparePolicyRefs(a.ref, b.ref));
  const targets = new Map<string, { target: Omit<Target, 'policies' | 'rules'>; policies: PolicyRef[]; rules: CompiledRule[] }>();
  for (const policy of policies) {
    const { ref, podSelector } = policy;
    for (const direction of policy.directions) {
      const key = `${ref.namespace}|${direction}|${podSelector.key}`;
      let entry = targets.get(key);
      if (!entry) {
        entry = { target: { key, namespace: ref.namespace, direction, podSelector }, policies: [], rules: [] };
        targets.set(key, entry);
      }
      entry.policies.push(ref);
      entry.rules.push(...policy.rules.filter(r => r.ref.direction === direction));
    }
  }
  const sortedTargets: Target[] = [...targets.values()]
    .map(e => ({
      ...e.target,
      policies: e.policies.sort(comparePolicyRefs),
      rules: e.rules.sort((a, b) => compareRuleRefs(a.ref, b.ref)),
    }))
    .sort((a, b) => compareStrings(a.key, b.key));
  return { policies, targets: sortedTargets };
}

function compilePolicy(doc: PolicyDocument, ids: { next: number }): CompiledPolicy {
  const ref: PolicyRef = { namespace: doc.namespace, name: doc.name };
  const spec = doc.manifest.spec as KubeNetworkPolicySpec;
  const rules: CompiledRule[] = [];
  for (const direction of [Direction.INGRESS, Direction.EGRESS]) {
    const fields = DIRECTION_FIELDS[direction];
    (spec[fields.rules] ?? []).forEach((rule, ruleIndex) => {
      const peers = (rule as { [peers: string]: KubeNetworkPolicyPeer[] | undefined } | null)?.[fields.peers];
      rules.push({
        id: ids.next++,
        ref: { ...ref, direction, ruleIndex },
        path: `spec.${fields.rules}[${ruleIndex}]`,
        peers: compilePeers(peers, doc.namespace),
        ports: compilePorts(rule?.ports),
      });
    });
  }
  return { ref, document: doc, podSelector: compileSelector(spec.podSelector), directions: effectivePolicyTypes(spec), rules };
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
        written: { cidr: peer.ipBlock.cidr, except: peer.ipBlock.except ?? [] },
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
    const protocol = (p?.protocol ?? Protocol.TCP) as Protocol;
    if (p?.port === undefined || p.port === null) {
      return { kind: 'protocol', protocol };
    }
    if (typeof p.port === 'string') {
      return { kind: 'named', protocol, name: p.port, defaultProtocol: p.protocol === undefined || p.protocol === null };
    }
    return { kind: 'range', protocol, port: p.port, endPort: p.endPort ?? p.port };
  });
}

function cidrOf(text: string): ParsedCidr {
  const parsed = parseCidr(text);
  if (typeof parsed === 'string') {
    // Unreachable: the validator has accepted the policy.
    throw new Error(`Invalid CIDR "${text}": ${parsed}`);
  }
  return parsed;
}
