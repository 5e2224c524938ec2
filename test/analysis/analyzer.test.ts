import { ApiObject, Chart, Testing } from 'cdk8s';
import { analyzerFor, fixtureDocs, fixtureText, namespace, netpol, pod } from './_support';
import { PolicyAnalyzer, VerdictReason, Workload } from '../../src/analysis';
import { InvalidPoliciesError } from '../../src/analysis/errors';
import { Direction } from '../../src/core/direction';
import { Protocol } from '../../src/core/protocol';

/*
 * The NetworkPolicy rules, one table row each, over analysis-shop.yaml:
 * shop/{web,api,db,batch,frontend}, ops/monitor, legacy/old (legacy is not
 * declared), plus external IPs ext4 = 203.0.113.7, ext6 = 2001:db8:1::7 and
 * ext6b = 2001:db8::7.
 */

const SHOP = 'analysis-shop.yaml';
const EXTERNAL: { [name: string]: string } = { ext4: '203.0.113.7', ext6: '2001:db8:1::7', ext6b: '2001:db8::7' };

function shopAnalyzer(policies: any[]): PolicyAnalyzer {
  const analyzer = PolicyAnalyzer.fromManifests([...fixtureDocs(SHOP), ...policies]);
  for (const ip of Object.values(EXTERNAL)) {
    analyzer.addWorkload(Workload.external(ip));
  }
  return analyzer;
}

function ref(analyzer: PolicyAnalyzer, name: string): Workload {
  return analyzer.workload(EXTERNAL[name] ?? name);
}

/** 'TCP 8080', 'UDP 53' or 'name:http' (a named probe port). */
function probe(text: string): { port?: number; portName?: string; protocol?: Protocol } {
  if (text.startsWith('name:')) {
    return { portName: text.slice(5) };
  }
  const [protocol, port] = text.split(' ');
  return { protocol: protocol as Protocol, port: Number(port) };
}

const selectApi = { matchLabels: { app: 'api' } };
const selectWeb = { matchLabels: { app: 'web' } };
const ingressTo = (selector: any, ingress: any[]) => netpol('shop', 'p', { podSelector: selector, policyTypes: ['Ingress'], ingress });
const egressFrom = (selector: any, egress: any[]) => netpol('shop', 'p', { podSelector: selector, policyTypes: ['Egress'], egress });

interface Case {
  readonly rule: string;
  readonly policies: any[];
  readonly traffic: [string, string, string];
  readonly allowed: boolean;
  /** `<Direction>:<VerdictReason>` of the direction that decided. */
  readonly because?: string;
}

const CASES: Case[] = [
  // policyTypes defaulting
  {
    rule: 'absent policyTypes with only ingress rules isolates ingress',
    policies: [netpol('shop', 'p', { podSelector: selectApi, ingress: [{ from: [{ podSelector: selectWeb }] }] })],
    traffic: ['ops/monitor', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoPeerMatch',
  },
  {
    rule: 'absent policyTypes with only ingress rules leaves egress open',
    policies: [netpol('shop', 'p', { podSelector: selectApi, ingress: [{ from: [{ podSelector: selectWeb }] }] })],
    traffic: ['shop/api', 'ops/monitor', 'TCP 8080'],
    allowed: true,
    because: 'Egress:NotIsolated',
  },
  {
    rule: 'absent policyTypes with `egress: []` isolates ingress only',
    policies: [netpol('shop', 'p', { podSelector: selectWeb, ingress: [{}], egress: [] })],
    traffic: ['shop/web', 'shop/db', 'TCP 5432'],
    allowed: true,
    because: 'Egress:NotIsolated',
  },
  {
    rule: 'absent policyTypes with an egress rule adds Egress',
    policies: [netpol('shop', 'p', { podSelector: selectWeb, egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }] })],
    traffic: ['shop/web', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Egress:NoPeerMatch',
  },
  {
    rule: 'absent policyTypes always includes Ingress, even with egress rules only',
    policies: [netpol('shop', 'p', { podSelector: selectWeb, egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }] })],
    traffic: ['shop/api', 'shop/web', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoRules',
  },
  {
    rule: 'empty policyTypes behaves as absent',
    policies: [netpol('shop', 'p', { podSelector: selectWeb, policyTypes: [], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }] })],
    traffic: ['shop/web', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Egress:NoPeerMatch',
  },
  {
    rule: 'policyTypes [Ingress] without an ingress list denies all ingress',
    policies: [netpol('shop', 'p', { podSelector: selectWeb, policyTypes: ['Ingress'] })],
    traffic: ['shop/api', 'shop/web', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoRules',
  },
  {
    rule: '`ingress: []` denies all ingress',
    policies: [ingressTo(selectWeb, [])],
    traffic: ['shop/api', 'shop/web', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoRules',
  },
  {
    rule: '`ingress: [{}]` allows all ingress, external IPs included',
    policies: [ingressTo(selectWeb, [{}])],
    traffic: ['ext4', 'shop/web', 'UDP 9'],
    allowed: true,
    because: 'Ingress:Allowed',
  },
  {
    rule: 'ingress rules of an Egress-only policy count for nothing',
    policies: [
      netpol('shop', 'deny', { podSelector: selectApi, policyTypes: ['Ingress'], ingress: [] }),
      netpol('shop', 'egress-only', { podSelector: selectApi, policyTypes: ['Egress'], ingress: [{}], egress: [{}] }),
    ],
    traffic: ['shop/web', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoRules',
  },
  {
    rule: 'egress rules of an Ingress-only policy count for nothing',
    policies: [netpol('shop', 'p', { podSelector: selectWeb, policyTypes: ['Ingress'], ingress: [{}], egress: [{ to: [{ podSelector: selectApi }] }] })],
    traffic: ['shop/web', 'shop/db', 'TCP 5432'],
    allowed: true,
    because: 'Egress:NotIsolated',
  },
  // peers
  {
    rule: 'podSelector alone selects pods of the policy namespace only',
    policies: [ingressTo(selectApi, [{ from: [{ podSelector: { matchLabels: { app: 'monitor' } } }] }])],
    traffic: ['ops/monitor', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoPeerMatch',
  },
  {
    rule: 'podSelector alone matches a pod of the policy namespace',
    policies: [ingressTo(selectApi, [{ from: [{ podSelector: selectWeb }] }])],
    traffic: ['shop/web', 'shop/api', 'TCP 8080'],
    allowed: true,
    because: 'Ingress:Allowed',
  },
  {
    rule: 'namespaceSelector alone selects every pod of the matched namespaces',
    policies: [ingressTo(selectApi, [{ from: [{ namespaceSelector: { matchLabels: { env: 'prod' } } }] }])],
    traffic: ['ops/monitor', 'shop/api', 'TCP 8080'],
    allowed: true,
    because: 'Ingress:Allowed',
  },
  {
    rule: 'namespaceSelector alone does not select pods of other namespaces',
    policies: [ingressTo(selectApi, [{ from: [{ namespaceSelector: { matchLabels: { env: 'prod' } } }] }])],
    traffic: ['legacy/old', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoPeerMatch',
  },
  {
    rule: 'podSelector and namespaceSelector in one peer are ANDed (both match)',
    policies: [ingressTo(selectApi, [{ from: [{ namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchLabels: { app: 'monitor' } } }] }])],
    traffic: ['ops/monitor', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'podSelector and namespaceSelector in one peer are ANDed (only the namespace matches)',
    policies: [ingressTo(selectApi, [{ from: [{ namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchLabels: { app: 'monitor' } } }] }])],
    traffic: ['shop/web', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoPeerMatch',
  },
  {
    rule: 'separate peers are ORed',
    policies: [ingressTo(selectApi, [{ from: [{ namespaceSelector: { matchLabels: { env: 'prod' } } }, { podSelector: { matchLabels: { app: 'monitor' } } }] }])],
    traffic: ['shop/web', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'namespaceSelector {} selects pods of every namespace, implied ones included',
    policies: [ingressTo(selectApi, [{ from: [{ namespaceSelector: {} }] }])],
    traffic: ['legacy/old', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'namespaceSelector {} does not select external IPs',
    policies: [ingressTo(selectApi, [{ from: [{ namespaceSelector: {} }] }])],
    traffic: ['ext4', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoPeerMatch',
  },
  {
    rule: 'podSelector {} selects every pod of the policy namespace',
    policies: [ingressTo(selectApi, [{ from: [{ podSelector: {} }] }])],
    traffic: ['shop/batch', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'podSelector {} does not select pods of other namespaces',
    policies: [ingressTo(selectApi, [{ from: [{ podSelector: {} }] }])],
    traffic: ['ops/monitor', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoPeerMatch',
  },
  {
    rule: 'absent `from` allows every source, external IPs included',
    policies: [ingressTo(selectApi, [{ ports: [{ port: 8080 }] }])],
    traffic: ['ext6', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'empty `from` allows every source, external IPs included',
    policies: [ingressTo(selectApi, [{ from: [], ports: [{ port: 8080 }] }])],
    traffic: ['ext4', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'NotIn matches a pod without the label',
    policies: [ingressTo(selectApi, [{ from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'canary', operator: 'NotIn', values: ['true'] }] } }] }])],
    traffic: ['ops/monitor', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'NotIn does not match a pod with a listed value',
    policies: [ingressTo(selectApi, [{ from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'canary', operator: 'NotIn', values: ['true'] }] } }] }])],
    traffic: ['legacy/old', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoPeerMatch',
  },
  {
    rule: 'DoesNotExist does not match a pod with the label',
    policies: [ingressTo(selectApi, [{ from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] } }] }])],
    traffic: ['legacy/old', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoPeerMatch',
  },
  {
    rule: 'Exists matches a pod with the label',
    policies: [ingressTo(selectApi, [{ from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'canary', operator: 'Exists' }] } }] }])],
    traffic: ['legacy/old', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'In matches any listed value',
    policies: [ingressTo(selectApi, [{ from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'monitor'] }] } }] }])],
    traffic: ['ops/monitor', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'an implied namespace carries its name label',
    policies: [ingressTo(selectApi, [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'legacy' } } }] }])],
    traffic: ['legacy/old', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'a declared namespace carries its name label too',
    policies: [ingressTo(selectApi, [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }] }])],
    traffic: ['ops/monitor', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'matchLabels and matchExpressions are ANDed (a Deployment\'s template labels)',
    policies: [ingressTo(selectApi, [{ from: [{ podSelector: { matchLabels: { tier: 'front' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] } }] }])],
    traffic: ['shop/frontend', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'matchLabels and matchExpressions are ANDed (the expression fails)',
    policies: [ingressTo(selectApi, [{ from: [{ podSelector: { matchLabels: { tier: 'front' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] } }] }])],
    traffic: ['shop/web', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoPeerMatch',
  },
  // ports
  {
    rule: 'protocol defaults to TCP',
    policies: [ingressTo(selectApi, [{ ports: [{ port: 8080 }] }])],
    traffic: ['shop/web', 'shop/api', 'UDP 8080'],
    allowed: false,
    because: 'Ingress:NoPortMatch',
  },
  {
    rule: 'a numeric port matches that port',
    policies: [ingressTo(selectApi, [{ ports: [{ port: 8080 }] }])],
    traffic: ['shop/web', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  ...[[7999, false], [8000, true], [8042, true], [8080, true], [8081, false]].map(([port, allowed]): Case => ({
    rule: `endPort is inclusive (port ${port} of 8000-8080)`,
    policies: [ingressTo(selectApi, [{ ports: [{ port: 8000, endPort: 8080 }] }])],
    traffic: ['shop/web', 'shop/api', `TCP ${port}`],
    allowed: allowed as boolean,
    because: allowed ? 'Ingress:Allowed' : 'Ingress:NoPortMatch',
  })),
  {
    rule: 'a protocol-only entry allows every port of that protocol',
    policies: [ingressTo(selectApi, [{ ports: [{ protocol: 'UDP' }] }])],
    traffic: ['shop/web', 'shop/api', 'UDP 1234'],
    allowed: true,
  },
  {
    rule: 'a protocol-only entry allows no other protocol',
    policies: [ingressTo(selectApi, [{ ports: [{ protocol: 'UDP' }] }])],
    traffic: ['shop/web', 'shop/api', 'TCP 1234'],
    allowed: false,
    because: 'Ingress:NoPortMatch',
  },
  {
    rule: 'an empty `ports` allows every port and protocol',
    policies: [ingressTo(selectApi, [{ from: [{ podSelector: selectWeb }], ports: [] }])],
    traffic: ['shop/web', 'shop/api', 'SCTP 7'],
    allowed: true,
  },
  {
    rule: 'a named port matches the destination container port of that name',
    policies: [ingressTo(selectApi, [{ ports: [{ port: 'http' }] }])],
    traffic: ['shop/web', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'a named port matches no other port number',
    policies: [ingressTo(selectApi, [{ ports: [{ port: 'http' }] }])],
    traffic: ['shop/web', 'shop/api', 'TCP 9000'],
    allowed: false,
    because: 'Ingress:NoPortMatch',
  },
  {
    rule: 'a named port needs the protocol of the container port (TCP rule, UDP port)',
    policies: [ingressTo(selectApi, [{ ports: [{ port: 'stats' }] }])],
    traffic: ['shop/web', 'shop/api', 'UDP 8125'],
    allowed: false,
    because: 'Ingress:NoPortMatch',
  },
  {
    rule: 'a named port needs the protocol of the container port (no TCP port of that name)',
    policies: [ingressTo(selectApi, [{ ports: [{ port: 'stats' }] }])],
    traffic: ['shop/web', 'shop/api', 'TCP 8125'],
    allowed: false,
    because: 'Ingress:NoPortMatch',
  },
  {
    rule: 'a named port with the matching protocol',
    policies: [ingressTo(selectApi, [{ ports: [{ port: 'stats', protocol: 'UDP' }] }])],
    traffic: ['shop/web', 'shop/api', 'UDP 8125'],
    allowed: true,
  },
  {
    rule: 'a named port resolves on each destination (frontend http is 80)',
    policies: [netpol('shop', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'http' }] }] })],
    traffic: ['shop/web', 'shop/frontend', 'TCP 80'],
    allowed: true,
  },
  {
    rule: 'a named port resolves on each destination (frontend http is not 8080)',
    policies: [netpol('shop', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'http' }] }] })],
    traffic: ['shop/web', 'shop/frontend', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoPortMatch',
  },
  {
    rule: 'a named port in an egress rule resolves on the destination',
    policies: [egressFrom(selectWeb, [{ ports: [{ port: 'postgres' }] }])],
    traffic: ['shop/web', 'shop/db', 'TCP 5432'],
    allowed: true,
  },
  {
    rule: 'a named port in an egress rule matches nothing on a destination without it',
    policies: [egressFrom(selectWeb, [{ ports: [{ port: 'postgres' }] }])],
    traffic: ['shop/web', 'shop/api', 'TCP 5432'],
    allowed: false,
    because: 'Egress:NoPortMatch',
  },
  {
    rule: 'a named port never matches an external IP',
    policies: [egressFrom(selectWeb, [{ ports: [{ port: 'http' }] }])],
    traffic: ['shop/web', 'ext4', 'TCP 8080'],
    allowed: false,
    because: 'Egress:NoPortMatch',
  },
  {
    rule: 'a named probe port resolves to the destination port number first',
    policies: [ingressTo(selectApi, [{ ports: [{ port: 9000 }] }])],
    traffic: ['shop/web', 'shop/api', 'name:grpc'],
    allowed: true,
  },
  {
    rule: 'a named probe port takes the protocol of the container port',
    policies: [ingressTo(selectApi, [{ ports: [{ port: 8125, protocol: 'UDP' }] }])],
    traffic: ['shop/web', 'shop/api', 'name:stats'],
    allowed: true,
  },
  // ipBlock
  {
    rule: 'an ipBlock matches an external IPv4 address',
    policies: [ingressTo(selectApi, [{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }])],
    traffic: ['ext4', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'an ipBlock except range excludes IPv4 addresses',
    policies: [ingressTo(selectApi, [{ from: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.0/28'] } }] }])],
    traffic: ['ext4', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoPeerMatch',
  },
  {
    rule: 'an ipBlock except range excludes IPv6 addresses',
    policies: [ingressTo(selectApi, [{ from: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8::/48'] } }] }])],
    traffic: ['ext6b', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoPeerMatch',
  },
  {
    rule: 'an IPv6 ipBlock matches outside its except range',
    policies: [ingressTo(selectApi, [{ from: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8::/48'] } }] }])],
    traffic: ['ext6', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'an IPv4 ipBlock never matches an IPv6 address',
    policies: [ingressTo(selectApi, [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }])],
    traffic: ['ext6', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoPeerMatch',
  },
  {
    rule: 'an ipBlock matches a pod by its status.podIP',
    policies: [egressFrom(selectWeb, [{ to: [{ ipBlock: { cidr: '10.1.0.0/24' } }] }])],
    traffic: ['shop/web', 'shop/db', 'TCP 5432'],
    allowed: true,
  },
  {
    rule: 'an ipBlock does not match a pod whose IP is outside it',
    policies: [egressFrom(selectWeb, [{ to: [{ ipBlock: { cidr: '10.1.0.0/24' } }] }])],
    traffic: ['shop/web', 'ops/monitor', 'TCP 9090'],
    allowed: false,
    because: 'Egress:NoPeerMatch',
  },
  {
    rule: 'an ipBlock never matches a pod with no known IP',
    policies: [ingressTo(selectWeb, [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }] }])],
    traffic: ['shop/batch', 'shop/web', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoPeerMatch',
  },
  {
    rule: 'an ipBlock matches a pod by one of its status.podIPs (IPv6)',
    policies: [ingressTo(selectApi, [{ from: [{ ipBlock: { cidr: 'fd00:1::/64' } }] }])],
    traffic: ['shop/web', 'shop/api', 'TCP 8080'],
    allowed: true,
  },
  {
    rule: 'a pod selector never matches an external IP',
    policies: [ingressTo(selectApi, [{ from: [{ podSelector: {} }] }])],
    traffic: ['ext4', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoPeerMatch',
  },
  // both sides
  {
    rule: 'the source egress must allow, even when the destination ingress does',
    policies: [
      netpol('shop', 'api-in', { podSelector: selectApi, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: selectWeb }] }] }),
      netpol('shop', 'web-out', { podSelector: selectWeb, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }] }),
    ],
    traffic: ['shop/web', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Egress:NoPeerMatch',
  },
  {
    rule: 'the destination ingress must allow, even when the source egress does',
    policies: [
      netpol('shop', 'api-in', { podSelector: selectApi, policyTypes: ['Ingress'], ingress: [] }),
      netpol('shop', 'web-out', { podSelector: selectWeb, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: selectApi }] }] }),
    ],
    traffic: ['shop/web', 'shop/api', 'TCP 8080'],
    allowed: false,
    because: 'Ingress:NoRules',
  },
  {
    rule: 'the rules of all selecting policies are a union',
    policies: [
      netpol('shop', 'from-web', { podSelector: selectApi, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: selectWeb }] }] }),
      netpol('shop', 'from-ops', { podSelector: { matchLabels: { tier: 'back' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }] }] }),
    ],
    traffic: ['ops/monitor', 'shop/api', 'TCP 8080'],
    allowed: true,
    because: 'Ingress:Allowed',
  },
  {
    rule: 'a policy selects pods of its own namespace only',
    policies: [netpol('ops', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })],
    traffic: ['shop/web', 'shop/api', 'TCP 8080'],
    allowed: true,
    because: 'Ingress:NotIsolated',
  },
];

describe('PolicyAnalyzer |', () => {
  test.each(CASES)('$rule (analysis-shop.yaml)', ({ policies, traffic, allowed, because }) => {
    // GIVEN
    const analyzer = shopAnalyzer(policies);
    const [source, destination, port] = traffic;

    // WHEN
    const verdict = analyzer.canReach({ source: ref(analyzer, source), destination: ref(analyzer, destination), ...probe(port) });

    // THEN
    expect(analyzer.issues).toEqual([]);
    expect(verdict.allowed).toBe(allowed);
    if (because) {
      const [direction, reason] = because.split(':');
      const decided = direction === 'Ingress' ? verdict.ingress : verdict.egress;
      expect(decided.reason).toBe(reason);
      expect(decided.allowed).toBe(reason === 'Allowed' || reason === 'NotIsolated');
    }
    // The matrix agrees with canReach on every numeric probe.
    const p = probe(port);
    if (p.port !== undefined) {
      const matrix = analyzer.matrix({ port: p.port, protocol: p.protocol });
      expect(matrix.isAllowed(ref(analyzer, source), ref(analyzer, destination))).toBe(allowed);
    }
  });

  test('explains a verdict as data: policies, rule references and reasons (analysis-shop.yaml)', () => {
    // GIVEN
    const analyzer = shopAnalyzer([
      netpol('shop', 'api-in', { podSelector: selectApi, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: selectWeb }], ports: [{ port: 9000 }] }, { from: [{ podSelector: selectWeb }], ports: [{ port: 'http' }] }] }),
      netpol('shop', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'] }),
    ]);
    const web = analyzer.workload('shop/web');
    const api = analyzer.workload('shop/api');

    // WHEN
    const allowed = analyzer.canReach({ source: web, destination: api, portName: 'http' });
    const wrongPort = analyzer.canReach({ source: web, destination: api, port: 5432 });

    // THEN
    expect(allowed).toMatchObject({ allowed: true, source: web, destination: api, protocol: 'TCP', port: 8080, portName: 'http' });
    expect(allowed.egress).toMatchObject({
      direction: Direction.EGRESS, workload: web, isolated: false, reason: VerdictReason.NOT_ISOLATED, selectedBy: [],
    });
    expect(allowed.ingress.selectedBy).toEqual([{ namespace: 'shop', name: 'api-in' }, { namespace: 'shop', name: 'deny-all' }]);
    expect(allowed.ingress.allowedBy).toEqual({ namespace: 'shop', name: 'api-in', direction: Direction.INGRESS, ruleIndex: 1 });
    expect(allowed.ingress.matchingRules).toHaveLength(1);
    expect(wrongPort.allowed).toBe(false);
    expect(wrongPort.ingress.reason).toBe(VerdictReason.NO_PORT_MATCH);
    expect(wrongPort.ingress.allowedBy).toBeUndefined();
    expect(wrongPort.ingress.portMismatches.map(r => r.ruleIndex)).toEqual([0, 1]);
  });

  test('loads a chart, an app and YAML alike (analysis-shop.yaml)', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    for (const doc of fixtureDocs(SHOP)) {
      new ApiObject(chart, `${doc.kind}-${doc.metadata.namespace ?? ''}-${doc.metadata.name}`, doc);
    }
    const other = new Chart(app, 'other');
    new ApiObject(other, 'deny', netpol('shop', 'deny', { podSelector: selectApi, policyTypes: ['Ingress'] }));

    // WHEN
    const fromChart = PolicyAnalyzer.fromChart(chart);
    const fromApp = PolicyAnalyzer.fromApp(app);
    const fromYaml = PolicyAnalyzer.fromYaml(fixtureText(SHOP), SHOP);

    // THEN
    for (const analyzer of [fromChart, fromApp, fromYaml]) {
      expect(analyzer.workloads.map(w => w.id)).toEqual(
        ['shop/web', 'shop/api', 'shop/db', 'shop/batch', 'ops/monitor', 'legacy/old', 'shop/frontend']);
      expect(analyzer.namespaces).toEqual(['legacy', 'ops', 'shop']);
    }
    expect(fromChart.policies).toEqual([]);
    expect(fromApp.policies).toEqual([{ namespace: 'shop', name: 'deny' }]);
    const web = fromApp.workload('shop/web');
    expect(fromApp.canReach({ source: web, destination: fromApp.workload('shop/api'), port: 8080 }).allowed).toBe(false);
    expect(fromChart.canReach({ source: web, destination: fromChart.workload('shop/api'), port: 8080 }).allowed).toBe(true);
  });

  test('declares extra namespaces and workloads, and labels them', () => {
    // GIVEN
    const analyzer = PolicyAnalyzer.fromManifests([
      netpol('shop', 'from-ingress-controller', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { role: 'edge' } }, podSelector: { matchLabels: { app: 'nginx' } } }] }],
      }),
    ]);
    const controller = Workload.of('ingress-nginx', { app: 'nginx' }, { name: 'controller' });
    const shop = Workload.of('shop', { app: 'web' });

    // WHEN
    analyzer.addWorkload(controller);
    analyzer.addWorkload(shop);
    const before = analyzer.canReach({ source: controller, destination: shop, port: 80 });
    analyzer.addNamespace('ingress-nginx', { role: 'edge' });
    const after = analyzer.canReach({ source: controller, destination: shop, port: 80 });

    // THEN
    expect(before.allowed).toBe(false);
    expect(after.allowed).toBe(true);
    expect(analyzer.namespaces).toEqual(['ingress-nginx', 'shop']);
    expect(analyzer.workload('ingress-nginx/controller')).toBe(controller);
    expect(analyzer.workload('shop/app=web')).toBe(shop);
  });

  test('a workload added again with the same id replaces the first', () => {
    // GIVEN
    const analyzer = PolicyAnalyzer.fromManifests([]);
    analyzer.addWorkload(Workload.of('shop', { app: 'web' }, { name: 'web' }));

    // WHEN
    analyzer.addWorkload(Workload.of('shop', { app: 'web', v: '2' }, { name: 'web' }));

    // THEN
    expect(analyzer.workloads).toHaveLength(1);
    expect(analyzer.workload('shop/web').labels).toEqual({ app: 'web', v: '2' });
  });

  test('canReach accepts workloads that are not in the analyzer', () => {
    // GIVEN
    const analyzer = PolicyAnalyzer.fromManifests([namespace('shop', { team: 'shop' }),
      netpol('shop', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'shop' } } }] }] })]);

    // WHEN
    const verdict = analyzer.canReach({ source: Workload.of('shop', { app: 'a' }), destination: Workload.of('shop', { app: 'b' }), port: 80 });

    // THEN
    expect(verdict.allowed).toBe(true);
  });

  test('names ambiguous and unknown workloads', () => {
    // GIVEN
    const analyzer = PolicyAnalyzer.fromManifests([
      pod('shop', 'web', { app: 'web' }),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'web' } } } } },
    ]);

    // THEN
    expect(() => analyzer.workload('shop/web')).toThrow(/Workload "shop\/web" is ambiguous. Use "shop\/Pod\/web" or "shop\/Deployment\/web"/);
    expect(analyzer.workload('shop/Deployment/web').kind).toBe('Deployment');
    expect(() => analyzer.workload('shop/api')).toThrow(/Unknown workload "shop\/api".*shop\/web/);
  });

  test.each([
    [{ port: 80, portName: 'http' }, /either port \(80\) or portName \("http"\), not both/],
    [{}, /needs a port/],
    [{ port: 0 }, /Port 0 is invalid/],
    [{ port: 80, protocol: 'ICMP' }, /Invalid protocol "ICMP"/],
    [{ portName: 'grpc' }, /has no container port named "grpc"; it has http \(TCP 8080\)/],
    [{ portName: 'http', protocol: Protocol.UDP }, /has no UDP container port named "http"/],
  ])('rejects a bad probe %j', (options, message) => {
    // GIVEN
    const analyzer = PolicyAnalyzer.fromManifests([]);
    const source = Workload.of('shop', { app: 'web' });
    const destination = Workload.of('shop', { app: 'api' }, { ports: [{ number: 8080, name: 'http' }] });

    // THEN
    expect(() => analyzer.canReach({ source, destination, ...(options as any) })).toThrow(message);
  });

  test('rejects a probe whose ends are not workloads', () => {
    const analyzer = PolicyAnalyzer.fromManifests([]);
    expect(() => analyzer.canReach({ source: 'shop/web', destination: 'shop/api', port: 80 } as any)).toThrow(/needs a source and a destination Workload/);
    expect(() => analyzer.addWorkload('shop/web' as any)).toThrow(/takes a Workload/);
  });

  test('reports policies the API server would reject, and gives no verdict (analysis-invalid-policy.yaml)', () => {
    // GIVEN
    const analyzer = analyzerFor(SHOP, 'analysis-invalid-policy.yaml');
    const web = analyzer.workload('shop/web');

    // WHEN
    const issues = analyzer.issues;

    // THEN
    expect(issues).toEqual([
      expect.objectContaining({
        namespace: 'shop',
        name: 'bad-cidr',
        path: 'spec.ingress[0].from[0].ipBlock.cidr',
        file: 'analysis-invalid-policy.yaml',
        document: 2,
        line: 22,
      }),
    ]);
    expect(analyzer.policies.map(p => p.name)).toEqual(['bad-cidr', 'fine']);
    expect(() => analyzer.canReach({ source: web, destination: web, port: 80 })).toThrow(InvalidPoliciesError);
    expect(() => analyzer.matrix({ port: 80 })).toThrow(/reject 1 NetworkPolicy\(ies\)[^]*shop\/bad-cidr \(analysis-invalid-policy.yaml:22\): spec.ingress\[0\].from\[0\].ipBlock.cidr: /);
    try {
      analyzer.matrix({ port: 80 });
    } catch (e) {
      expect((e as InvalidPoliciesError).code).toBe('InvalidPolicies');
      expect((e as InvalidPoliciesError).issues).toEqual(issues);
    }
  });
});
