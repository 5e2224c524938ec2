import { readYaml } from './_support';
import { PolicyAnalyzer } from '../../src/analysis/analyzer';
import { InvalidPoliciesError } from '../../src/analysis/errors';
import {
  atOrAbove,
  LINT_RULES,
  lintManifests,
  LintOptions,
  LintResult,
  LintSeverity,
} from '../../src/analysis/lint';
import { loadManifests } from '../../src/analysis/load';
import { Workload } from '../../src/analysis/workload';
import { PolicyError } from '../../src/core/errors';
import { Protocol } from '../../src/core/protocol';

/*
 * The lint rules, each with cases that trigger it and cases that don't,
 * over a small inventory: shop/web (http 80), shop/api (http 8080, stats
 * 8125/UDP) and the ops/monitor Deployment, in namespace ops (team: ops).
 */

const INVENTORY = `
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
function policy(name: string, spec: string, namespace: string | null = 'shop', annotations = ''): string {
  const ns = namespace === null ? '' : `, namespace: ${namespace}`;
  const meta = annotations ? `, annotations: { ${annotations} }` : '';
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: ${name}${ns}${meta} }\nspec:\n`
    + spec.trim().split('\n').map(l => `  ${l.trim()}`).join('\n');
}

/** The manifests: the inventory (unless `withInventory` is false) and the policies. */
function manifests(policies: string[], withInventory = true): string {
  return [...(withInventory ? [INVENTORY] : []), ...policies].join('\n---\n');
}

function lint(policies: string[], options: LintOptions = {}, withInventory = true): LintResult {
  return lintManifests(loadManifests(readYaml(manifests(policies, withInventory), 'lint.yaml')), options);
}

function ruleIds(result: LintResult): string[] {
  return [...new Set(result.findings.map(f => f.ruleId))].sort();
}

const DNS = '{ to: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } } }], '
  + 'ports: [{ protocol: UDP, port: 53 }] }';
const API_FROM_WEB = 'podSelector: { matchLabels: { app: api } }\n'
  + 'ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ port: 8080 }] }]';

describe('lint rules |', () => {
  test.each([
    // NP001 egress-without-dns
    ['NP001: egress to api only', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ to: [{ podSelector: { matchLabels: { app: api } } }], ports: [{ port: 8080 }] }]`)], ['NP001']],
    ['NP001: DNS over TCP only', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ ports: [{ protocol: TCP, port: 53 }] }]`)], ['NP001']],
    ['NP001 not: a rule for UDP 53', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ to: [{ podSelector: { matchLabels: { app: api } } }], ports: [{ port: 8080 }] }, ${DNS}]`)], []],
    ['NP001 not: a UDP range over 53', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ ports: [{ protocol: UDP, port: 50, endPort: 60 }] }]`)], []],
    ['NP001 not: a rule with no ports', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ to: [{ ipBlock: { cidr: 203.0.113.0/24 } }] }]`)], []],
    ['NP001 not: egress denied entirely', [policy('web-deny-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]`)], []],
    ['NP001 not: DNS allowed by a namespace-wide policy', [
      policy('web-egress', `
        podSelector: { matchLabels: { app: web } }
        policyTypes: [Egress]
        egress: [{ to: [{ podSelector: { matchLabels: { app: api } } }], ports: [{ port: 8080 }] }]`),
      policy('allow-dns', `
        podSelector: {}
        policyTypes: [Egress]
        egress: [${DNS}]`),
    ], []],
    ['NP001 not: a named UDP port that no workload declares (kube-dns\'s "dns")', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ ports: [{ protocol: UDP, port: dns }] }]`)], []],

    // NP002 selects-no-workload
    ['NP002: a misspelled label', [policy('web-ingress', `
      podSelector: { matchLabels: { app: wbe } }
      policyTypes: [Ingress]`)], ['NP002']],
    ['NP002 not: matchExpressions that select web', [policy('web-ingress', `
      podSelector: { matchExpressions: [{ key: app, operator: In, values: [web, frontend] }] }
      policyTypes: [Ingress]`)], []],

    // NP003 peer-matches-nothing
    ['NP003: a podSelector that matches no pod of shop', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ podSelector: { matchLabels: { app: frontend } } }] }]`)], ['NP003']],
    ['NP003: a namespaceSelector that matches no namespace', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: opz } } }] }]`)], ['NP003']],
    ['NP003: a podSelector that matches no pod of the selected namespaces', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } }, podSelector: { matchLabels: { app: monitr } } }] }]`)],
    ['NP003']],
    ['NP003 not: pods of ops', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } }, podSelector: { matchLabels: { app: monitor } } }] }]`)], []],
    ['NP003 not: kube-system, which the manifests do not describe', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }, podSelector: {} }] }]`)], []],
    ['NP003 not: every namespace', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: {} }] }]`)], []],

    // NP004 separate-namespace-and-pod-selectors
    ['NP004: ops namespaces OR monitor pods of shop (there are none)', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } } }, { podSelector: { matchLabels: { app: monitor } } }] }]`)],
    ['NP004']],
    ['NP004 not: the podSelector peer selects pods of shop, so the OR may be meant', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } } }, { podSelector: { matchLabels: { app: web } } }] }]`)], []],
    ['NP004 not: one peer with both selectors', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } }, podSelector: { matchLabels: { app: monitor } } }] }]`)], []],

    // NP005 ipblock-in-cluster-range
    ['NP005: the kube-dns ClusterIP', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ to: [{ ipBlock: { cidr: 10.96.0.10/32 } }], ports: [{ protocol: UDP, port: 53 }] }]`)], ['NP005']],
    ['NP005: a slice of the pod range', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ ipBlock: { cidr: 10.244.3.0/24 } }] }]`)], ['NP005']],
    ['NP005 not: a block that contains the ranges', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ ipBlock: { cidr: 10.0.0.0/8 } }] }]`)], []],

    // NP006 ingress-open-to-world
    ['NP006: 0.0.0.0/0', [policy('web-ingress', `
      podSelector: { matchLabels: { app: web } }
      ingress: [{ from: [{ ipBlock: { cidr: 0.0.0.0/0 } }], ports: [{ port: 80 }] }]`)], ['NP006']],
    ['NP006: ::/0, even with an except', [policy('web-ingress', `
      podSelector: { matchLabels: { app: web } }
      ingress: [{ from: [{ ipBlock: { cidr: '::/0', except: ['2001:db8::/32'] } }] }]`)], ['NP006']],
    ['NP006 not: egress to 0.0.0.0/0', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ to: [{ ipBlock: { cidr: 0.0.0.0/0 } }] }]`)], []],
    ['NP006 not: a narrow range', [policy('web-ingress', `
      podSelector: { matchLabels: { app: web } }
      ingress: [{ from: [{ ipBlock: { cidr: 203.0.113.0/24 } }] }]`)], []],

    // NP007 redundant-policy
    ['NP007: a narrower copy of a rule', [
      policy('api-allow-web', 'podSelector: { matchLabels: { app: api } }\ningress: [{ from: [{ podSelector: { matchLabels: { app: web } } }] }]'),
      policy('api-allow-web-8080', API_FROM_WEB),
    ], ['NP007']],
    ['NP007: a narrower egress ipBlock', [
      policy('web-egress-a', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\negress: [{ to: [{ ipBlock: { cidr: 203.0.113.0/24 } }] }]'),
      policy('web-egress-b', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\negress: [{ to: [{ ipBlock: { cidr: 203.0.113.0/25 } }] }]'),
    ], ['NP007']],
    ['NP007 not: different ipBlocks', [
      policy('web-egress-a', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\negress: [{ to: [{ ipBlock: { cidr: 203.0.113.0/24 } }] }]'),
      policy('web-egress-b', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\negress: [{ to: [{ ipBlock: { cidr: 198.51.100.0/24 } }] }]'),
    ], []],
    ['NP007 not: different ports', [
      policy('api-allow-web', API_FROM_WEB),
      policy('api-allow-web-stats', 'podSelector: { matchLabels: { app: api } }\n'
        + 'ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ protocol: UDP, port: stats }] }]'),
    ], []],
    ['NP007 not: a policy whose rule allows nothing (NP003 says why)', [
      policy('api-allow-web', API_FROM_WEB),
      policy('api-allow-frontend', 'podSelector: { matchLabels: { app: api } }\n'
        + 'ingress: [{ from: [{ podSelector: { matchLabels: { app: frontend } } }] }]'),
    ], ['NP003']],
    ['NP007 not: a default deny next to an allow', [
      policy('default-deny', 'podSelector: {}\npolicyTypes: [Ingress]'),
      policy('api-allow-web', API_FROM_WEB),
    ], []],

    // NP008 unknown-named-port
    ['NP008: a port name api does not declare', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ ports: [{ port: https }] }]`)], ['NP008']],
    ['NP008: a UDP port name used with TCP', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ ports: [{ port: stats }] }]`)], ['NP008']],
    ['NP008: an egress port name the destination does not declare', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ to: [{ podSelector: { matchLabels: { app: api } } }], ports: [{ port: grpc }] }, ${DNS}]`)], ['NP008']],
    ['NP008 not: http on api', [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ ports: [{ port: http }, { protocol: UDP, port: stats }] }]`)], []],
    ['NP008 not: destinations outside the manifests', [policy('web-egress', `
      podSelector: { matchLabels: { app: web } }
      policyTypes: [Egress]
      egress: [{ to: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } } }], ports: [{ protocol: UDP, port: dns }] }]`)],
    []],

    // NP009 duplicate-name
    ['NP009: the same name twice', [policy('api-ingress', API_FROM_WEB), policy('api-ingress', API_FROM_WEB)], ['NP009']],
    ['NP009 not: the same name in two namespaces', [
      policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]'),
      policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]', 'ops'),
    ], []],

    // NP010 namespace-without-workloads
    ['NP010: a misspelled namespace', [policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]', 'shpo')], ['NP010']],
    ['NP010: no namespace, read as default', [policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]', null)], ['NP010']],
    ['NP010 not: a namespace with workloads', [policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]', 'ops')], []],
  ])('%s', (_case, policies, expected) => {
    // WHEN
    const result = lint(policies as string[]);

    // THEN
    expect(ruleIds(result)).toEqual(expected);
    expect(result.skipped).toEqual([]);
  });
});

describe('lint findings |', () => {
  test('name the policy, field, line and severity, with a fix', () => {
    // WHEN
    const result = lint([policy('web-ingress', `
      podSelector: { matchLabels: { app: wbe } }
      policyTypes: [Ingress]`)]);

    // THEN
    expect(result.findings).toEqual([{
      ruleId: 'NP002',
      ruleName: 'selects-no-workload',
      severity: 'warning',
      message: 'spec.podSelector (app=wbe) selects no workload of namespace shop (it has shop/web, shop/api), '
        + 'so the policy applies to nothing. Did you mean app=web?',
      fix: expect.stringMatching(/^Make spec.podSelector match/),
      policy: { namespace: 'shop', name: 'web-ingress' },
      path: 'spec.podSelector',
      file: 'lint.yaml',
      line: 34,
      document: 5,
    }]);
  });

  test.each([
    ['NP003 suggests a namespace label', policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: opz } } }] }]`), /Did you mean team=ops\?/],
    ['NP004 says where the pods are', policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } } }, { podSelector: { matchLabels: { app: monitor } } }] }]`),
    /\(the app=monitor pods of the manifests are in ops\)/],
    ['NP008 names the protocol to set', policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ ports: [{ port: stats }] }]`), /shop\/api declares stats as UDP 8125, but this entry is TCP \(the default\)/],
    ['NP010 suggests a namespace', policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]', 'shpo'), /Did you mean shop\?/],
  ])('%s', (_case, text, message) => {
    // WHEN
    const result = lint([text]);

    // THEN
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0].message).toMatch(message);
  });

  test('NP009 is on the later copy and names the first', () => {
    // WHEN
    const result = lint([policy('api-ingress', API_FROM_WEB), policy('api-ingress', API_FROM_WEB)]);

    // THEN
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ ruleId: 'NP009', severity: 'error', document: 6, path: 'metadata.name' });
    expect(result.findings[0].message).toBe('NetworkPolicy shop/api-ingress is also defined at lint.yaml:30, with the same spec. '
      + 'Kubernetes keeps only the one applied last.');
  });

  test('NP007 reports one of two identical policies, so deleting the reported ones changes nothing', () => {
    // WHEN
    const result = lint([policy('api-a', API_FROM_WEB), policy('api-b', API_FROM_WEB), policy('api-c', API_FROM_WEB)]);

    // THEN
    expect(result.findings.map(f => [f.ruleId, f.policy.name])).toEqual([['NP007', 'api-a'], ['NP007', 'api-b']]);
    expect(result.findings[0].message).toMatch(/^Every flow this policy allows is also allowed by other policies \(shop\/api-b, shop\/api-c\)/);
  });

  test('NP001 reports every policy that isolates the pod for egress', () => {
    // WHEN
    const result = lint([
      policy('default-deny-egress', 'podSelector: {}\npolicyTypes: [Egress]'),
      policy('web-egress', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\negress: [{ ports: [{ port: 8080 }] }]'),
    ]);

    // THEN
    expect(result.findings.map(f => [f.ruleId, f.policy.name, f.path])).toEqual([
      ['NP001', 'default-deny-egress', 'spec.policyTypes'],
      ['NP001', 'web-egress', 'spec.egress'],
    ]);
    expect(result.findings[1].message).toBe('shop/web is isolated for egress by this policy, and no egress rule that applies to it '
      + 'allows DNS (UDP 53), so name lookups fail.');
  });

  test('--pod-cidr and --service-cidr replace the default ranges, IPv6 included', () => {
    // GIVEN
    const policies = [policy('api-ingress', `
      podSelector: { matchLabels: { app: api } }
      ingress: [{ from: [{ ipBlock: { cidr: 10.244.3.0/24 } }, { ipBlock: { cidr: 192.168.7.0/24 } }, { ipBlock: { cidr: 'fd00:10:96::a/128' } }] }]`)];

    // WHEN
    const result = lint(policies, { podCidrs: ['192.168.0.0/16'], serviceCidrs: ['fd00:10:96::/112'] });

    // THEN
    expect(result.findings.map(f => f.path)).toEqual([
      'spec.ingress[0].from[1].ipBlock.cidr',
      'spec.ingress[0].from[2].ipBlock.cidr',
    ]);
    expect(result.findings[0].message).toMatch(/lies in the pod range 192\.168\.0\.0\/16/);
    expect(result.findings[1].message).toMatch(/lies in the Service range fd00:10:96::\/112/);
  });

  test('the lint.cdk8s-netpol.dev/ignore annotation suppresses the rules it lists, for that policy only', () => {
    // WHEN
    const result = lint([
      policy('public', 'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ ipBlock: { cidr: 0.0.0.0/0 } }] }]',
        'shop', 'lint.cdk8s-netpol.dev/ignore: "np006, NP002"'),
      policy('public', 'podSelector: { matchLabels: { app: web } }\ningress: [{ from: [{ ipBlock: { cidr: 0.0.0.0/0 } }] }]', 'ops'),
    ]);

    // THEN
    expect(result.findings.map(f => [f.ruleId, f.policy.namespace])).toEqual([['NP002', 'ops'], ['NP006', 'ops']]);
    expect(result.suppressed).toBe(1);
  });

  test('findings come by file in input order, then line', () => {
    // GIVEN
    const first = readYaml(`${INVENTORY}\n---\n${policy('z-deny', 'podSelector: {}\npolicyTypes: [Ingress]', 'shpo')}`, 'b.yaml');
    const second = readYaml(policy('a-deny', 'podSelector: {}\npolicyTypes: [Ingress]', 'nope'), 'a.yaml');

    // WHEN
    const result = lintManifests(loadManifests([...first, ...second]));

    // THEN
    expect(result.findings.map(f => `${f.file}:${f.line}`)).toEqual(['b.yaml:32', 'a.yaml:3']);
  });
});

describe('lint without workloads |', () => {
  test('skips the rules that need an inventory, and says why', () => {
    // WHEN
    const result = lint([policy('deny', 'podSelector: { matchLabels: { app: nothing } }\npolicyTypes: [Ingress]')], {}, false);

    // THEN
    expect(result.findings).toEqual([]);
    expect(result.skipped.map(s => s.ruleId)).toEqual(['NP002', 'NP003', 'NP007', 'NP008', 'NP010']);
    expect(result.skipped[0].reason).toBe('the manifests hold no Pod or workload to check the policies against');
    expect(result.workloadCount).toBe(0);
  });

  test.each([
    ['an egress policy without DNS', [policy('web-egress', 'podSelector: { matchLabels: { app: web } }\negress: [{ ports: [{ port: 443 }] }]')], ['NP001']],
    ['an egress policy with DNS from a namespace-wide policy', [
      policy('web-egress', 'podSelector: { matchLabels: { app: web } }\negress: [{ ports: [{ port: 443 }] }]'),
      policy('allow-dns', `podSelector: {}\npolicyTypes: [Egress]\negress: [${DNS}]`),
    ], []],
    ['an egress policy with a named UDP port', [policy('web-egress', 'podSelector: {}\negress: [{ ports: [{ protocol: UDP, port: dns }] }]')], []],
    ['separate selectors', [policy('api-ingress', 'podSelector: {}\n'
      + 'ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } } }, { podSelector: { matchLabels: { app: monitor } } }] }]')],
    ['NP004']],
  ])('still checks %s', (_case, policies, expected) => {
    // WHEN
    const result = lint(policies as string[], {}, false);

    // THEN
    expect(ruleIds(result)).toEqual(expected);
  });
});

describe('lintManifests |', () => {
  test('throws InvalidPoliciesError when the API server would reject a policy', () => {
    // GIVEN
    const docs = loadManifests(readYaml(policy('bad', 'podSelector: {}\ningress: [{ from: [{ ipBlock: { cidr: 10.0.0.7 } }] }]'), 'bad.yaml'));

    // THEN
    expect(() => lintManifests(docs)).toThrow(InvalidPoliciesError);
    try {
      lintManifests(docs);
    } catch (e) {
      expect((e as InvalidPoliciesError).issues).toMatchObject([{ name: 'bad', path: 'spec.ingress[0].from[0].ipBlock.cidr', file: 'bad.yaml', line: 6 }]);
    }
  });

  test('throws a PolicyError for a bad CIDR option', () => {
    // THEN
    expect(() => lint([], { podCidrs: ['10.244.0.0'] })).toThrow(PolicyError);
    expect(() => lint([], { serviceCidrs: ['nope'] })).toThrow(/Invalid Service CIDR "nope"/);
  });

  test('counts policies and workloads', () => {
    // WHEN
    const result = lint([policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]')]);

    // THEN
    expect(result).toMatchObject({ policyCount: 1, workloadCount: 3, suppressed: 0 });
  });
});

describe('lint rule metadata |', () => {
  test('ids are NP001 to NP010, in order, with unique names', () => {
    // THEN
    expect(LINT_RULES.map(r => r.id)).toEqual(Array.from({ length: 10 }, (_, i) => `NP${String(i + 1).padStart(3, '0')}`));
    expect(new Set(LINT_RULES.map(r => r.name)).size).toBe(LINT_RULES.length);
    for (const rule of LINT_RULES) {
      expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.summary).toMatch(/\.$/);
    }
  });

  test.each([
    ['error', 'error', true],
    ['warning', 'error', false],
    ['error', 'warning', true],
    ['warning', 'warning', true],
    ['note', 'warning', false],
    ['note', 'note', true],
    ['error', 'note', true],
  ])('a %s finding is at or above %s: %s', (severity, threshold, expected) => {
    // THEN
    expect(atOrAbove(severity as LintSeverity, threshold as LintSeverity)).toBe(expected);
  });
});

describe('NP007 redundant-policy |', () => {
  test.each([
    ['is not reported when it alone isolates api, though on its own port it admits everyone', [
      policy('api-8080', 'podSelector: { matchLabels: { app: api } }\ningress: [{ ports: [{ port: 8080 }] }]'),
    ], []],
    ['is reported when it alone isolates api and admits everyone: without it, api admits everyone too', [
      policy('api-open', 'podSelector: { matchLabels: { app: api } }\ningress: [{}]'),
    ], ['api-open']],
    ['is not reported when it is redundant on one of its ports only; the narrower policy is', [
      policy('api-allow-web-both', 'podSelector: { matchLabels: { app: api } }\n'
        + 'ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ port: 8080 }, { protocol: UDP, port: stats }] }]'),
      policy('api-allow-web-http', API_FROM_WEB),
    ], ['api-allow-web-http']],
    ['is not reported when it alone lets the pods it selects for both directions reach each other', [
      policy('deny-all', 'podSelector: {}\npolicyTypes: [Ingress, Egress]'),
      policy('web-to-web', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Ingress, Egress]\n'
        + 'ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }] }]\n'
        + 'egress: [{ to: [{ podSelector: { matchLabels: { app: web } } }] }]'),
    ], []],
  ])('a policy %s', (_case, policies, expected) => {
    // WHEN
    const result = lint(policies as string[]);

    // THEN
    expect(result.findings.filter(f => f.ruleId === 'NP007').map(f => f.policy.name)).toEqual(expected);
  });
});

describe('NP007 laws |', () => {
  const POOL = [
    policy('api-all-from-web', 'podSelector: { matchLabels: { app: api } }\ningress: [{ from: [{ podSelector: { matchLabels: { app: web } } }] }]'),
    policy('api-8080-from-web', API_FROM_WEB),
    policy('api-open', 'podSelector: { matchLabels: { app: api } }\ningress: [{}]'),
    policy('deny-ingress', 'podSelector: {}\npolicyTypes: [Ingress]'),
    policy('api-from-ops', 'podSelector: { matchLabels: { app: api } }\n'
      + 'ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } } }], ports: [{ port: http }] }]'),
    policy('web-to-24', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\negress: [{ to: [{ ipBlock: { cidr: 203.0.113.0/24 } }] }]'),
    policy('web-to-25', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\n'
      + 'egress: [{ to: [{ ipBlock: { cidr: 203.0.113.128/25 } }] }, { ports: [{ protocol: UDP, port: 53 }] }]'),
    policy('web-to-all', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\negress: [{}]'),
  ];

  /** Who can reach whom, by the public PolicyAnalyzer, over the workloads and sample addresses, on sample ports. */
  function reachability(policies: string[]): string {
    const analyzer = PolicyAnalyzer._fromLoaded(loadManifests(readYaml(manifests(policies), 'pool.yaml')));
    for (const ip of ['0.0.0.0', '203.0.113.1', '203.0.113.129', '198.51.100.1']) {
      analyzer.addWorkload(Workload.external(ip));
    }
    const ports: Array<[number, Protocol]> = [[1, Protocol.TCP], [80, Protocol.TCP], [8080, Protocol.TCP], [8081, Protocol.TCP],
      [53, Protocol.UDP], [1, Protocol.UDP], [1, Protocol.SCTP]];
    return ports.map(([port, protocol]) => JSON.stringify(analyzer.matrix({ port, protocol }).toArray())).join('|');
  }

  function subsets<T>(items: T[], max: number): T[][] {
    const result: T[][] = [[]];
    for (const item of items) {
      for (const s of [...result]) {
        if (s.length < max) {
          result.push([...s, item]);
        }
      }
    }
    return result.filter(s => s.length > 0);
  }

  test('deleting every policy NP007 reports changes no flow (all sets of up to 3 of 8 policies)', () => {
    let reported = 0;
    for (const set of subsets(POOL, 3)) {
      // WHEN
      const result = lint(set);
      const redundant = new Set(result.findings.filter(f => f.ruleId === 'NP007').map(f => f.policy.name));
      reported += redundant.size;

      // THEN
      const kept = set.filter(p => !redundant.has(/name: ([a-z0-9-]+)/.exec(p)![1]));
      expect(reachability(kept)).toEqual(reachability(set));
    }
    expect(reported).toBeGreaterThan(10);
  });

  test('the result does not depend on the order of the policies', () => {
    for (const set of subsets(POOL, 3)) {
      // WHEN
      const forward = lint(set).findings.filter(f => f.ruleId === 'NP007').map(f => f.policy.name);
      const backward = lint([...set].reverse()).findings.filter(f => f.ruleId === 'NP007').map(f => f.policy.name);

      // THEN
      expect(backward.sort()).toEqual(forward.sort());
    }
  });
});
