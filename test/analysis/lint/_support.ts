import { compilePolicies } from '../../../src/analysis/compile';
import { DEFAULT_POD_CIDRS, DEFAULT_SERVICE_CIDRS, lintManifests, LintOptions, LintResult } from '../../../src/analysis/lint';
import { LintContext } from '../../../src/analysis/lint/context';
import { loadManifests } from '../../../src/analysis/load';
import { ParsedCidr, parseCidr } from '../../../src/kube/cidr';
import { readYaml } from '../_support';

/*
 * Helpers shared by the lint tests: a small inventory, shop/web (http 80),
 * shop/api (http 8080, stats 8125/UDP) and the ops/monitor Deployment, in
 * namespace ops (team: ops), and NetworkPolicies written as YAML.
 */

export const INVENTORY = `
apiVersion: v1
kind: Namespace
metadata: { name: ops, labels: { team: ops } }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop, labels: { app: web } }
spec: { containers: [{ name: web, image: web, ports: [{ name: http, containerPort: 80 }] }] }
---
apiVersion: v1
kind: Pod
metadata: { name: api, namespace: shop, labels: { app: api } }
spec:
  containers:
    - name: api
      image: api
      ports: [{ name: http, containerPort: 8080 }, { name: stats, containerPort: 8125, protocol: UDP }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: monitor, namespace: ops }
spec:
  selector: { matchLabels: { app: monitor } }
  template:
    metadata: { labels: { app: monitor } }
    spec: { containers: [{ name: monitor, image: monitor }] }
`;

/** A NetworkPolicy document; `spec` is YAML, one line per field. */
export function policy(name: string, spec: string, namespace: string | null = 'shop', annotations = ''): string {
  const ns = namespace === null ? '' : `, namespace: ${namespace}`;
  const meta = annotations ? `, annotations: { ${annotations} }` : '';
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: ${name}${ns}${meta} }\nspec:\n`
    + spec.trim().split('\n').map(l => `  ${l.trim()}`).join('\n');
}

/** The manifests: the inventory (unless `withInventory` is false) and the policies. */
export function manifests(policies: string[], withInventory = true): string {
  return [...(withInventory ? [INVENTORY] : []), ...policies].join('\n---\n');
}

/** Lints the policies, over the inventory unless `withInventory` is false, read as `lint.yaml`. */
export function lint(policies: string[], options: LintOptions = {}, withInventory = true): LintResult {
  return lintManifests(loadManifests(readYaml(manifests(policies, withInventory), 'lint.yaml')), options);
}

/** The ids of the rules that reported something, sorted, each once. */
export function ruleIds(result: LintResult): string[] {
  return [...new Set(result.findings.map(f => f.ruleId))].sort();
}

/** The lint context of the policies (which must be valid), over the inventory unless `withInventory` is false. */
export function lintContext(policies: string[], withInventory = true): LintContext {
  const loaded = loadManifests(readYaml(manifests(policies, withInventory), 'lint.yaml'));
  const { policy: compiled, issues } = compilePolicies(loaded.documents);
  if (issues.length > 0) {
    throw new Error(`invalid policies: ${JSON.stringify(issues)}`);
  }
  return LintContext.create(loaded, compiled, {
    podCidrs: DEFAULT_POD_CIDRS.map(cidr),
    serviceCidrs: DEFAULT_SERVICE_CIDRS.map(cidr),
  });
}

function cidr(text: string): ParsedCidr {
  return parseCidr(text) as ParsedCidr;
}

/** An egress rule that allows DNS (UDP 53) to kube-system. */
export const DNS = '{ to: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } } }], '
  + 'ports: [{ protocol: UDP, port: 53 }] }';

/** The spec of a policy that lets shop/web reach shop/api on TCP 8080. */
export const API_FROM_WEB = 'podSelector: { matchLabels: { app: api } }\n'
  + 'ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ port: 8080 }] }]';
