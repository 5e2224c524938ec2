import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  AllowAll, AllowDnsEgress, AllowFromApp, AllowFromCidrs, AllowFromIngressController, AllowFromNamespaces, AllowInternetEgress,
  AllowKubeApiEgress, AllowMonitoring, AllowSameNamespace, AllowToApp, Baseline, BlockMetadataEndpoint, DefaultDeny,
  DenyFromOtherNamespaces, Direction, EgressToCidr, IsolatedNamespace, NamespaceSelector, PolicyAnalyzer, PolicyChecks, Port,
  Protocol, Selector, Workload,
} from '../../src';
import { Evaluator } from '../../src/analysis/evaluate';
import { pod } from '../checks/_support';

/*
 * The isolation law of the allow constructs: add one to any chart of the
 * catalogue, and compare the engine's verdicts before and after over every
 * pair of workloads and every port that matters here. Only the pods and the
 * direction the construct's name promises may become isolated; nothing
 * else changes isolation, and no flow allowed before is denied after in
 * any other pod's direction.
 */

const NAMESPACES = ['shop', 'pay'] as const;
const APPS = ['web', 'api', 'db'] as const;

/** The pods of every app: each app runs in both namespaces, with named ports. */
function declareWorkloads(chart: Chart): void {
  for (const namespace of NAMESPACES) {
    pod(chart, `${namespace}-web`, { namespace, labels: { 'app.kubernetes.io/name': 'web' }, ports: { http: 8080 } });
    pod(chart, `${namespace}-api`, { namespace, labels: { 'app.kubernetes.io/name': 'api' }, ports: { http: 8080, metrics: 9090 } });
    pod(chart, `${namespace}-db`, { namespace, labels: { 'app.kubernetes.io/name': 'db' }, ports: { postgres: 5432 } });
  }
  pod(chart, 'prometheus', { namespace: 'monitoring' });
  pod(chart, 'kube-dns', { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ports: { dns: 53 } });
  pod(chart, 'ingress-nginx', { namespace: 'ingress-nginx' });
}

const EXTERNAL = ['203.0.113.7', '10.1.2.3', '169.254.169.254'];
const PORTS: ReadonlyArray<{ port: number; protocol: Protocol }> = [
  { port: 8080, protocol: Protocol.TCP }, { port: 9090, protocol: Protocol.TCP }, { port: 5432, protocol: Protocol.TCP },
  { port: 443, protocol: Protocol.TCP }, { port: 53, protocol: Protocol.UDP }, { port: 53, protocol: Protocol.TCP },
];

/** A selector by description: every pod, or one app. */
type Sel = 'all' | typeof APPS[number];
const sel = fc.constantFrom<Sel>('all', ...APPS);
const ns = fc.constantFrom(...NAMESPACES);
const direction = fc.constantFrom(Direction.INGRESS, Direction.EGRESS);
const directions = fc.constantFrom('i', 'e', 'ie').map(d => [...d === 'e' ? [] : [Direction.INGRESS], ...d === 'i' ? [] : [Direction.EGRESS]]);
const ports = fc.option(fc.subarray([Port.tcp(8080), Port.named('metrics'), Port.tcp(5432), Port.udp(53)], { minLength: 1 }), { nil: undefined });
const cidr = fc.constantFrom('203.0.113.0/24', '10.0.0.0/8', '0.0.0.0/0');

function selector(s: Sel): Selector {
  return s === 'all' ? Selector.all() : Selector.app(s);
}

/** One construct of the catalogue, made in `scope` as policy number `i`. */
type Item = (scope: Construct, i: number) => void;

const catalogueItem: fc.Arbitrary<Item> = fc.oneof(
  fc.record({ namespace: ns, ingress: fc.boolean(), egress: fc.boolean(), dns: fc.boolean(), same: fc.boolean() })
    .filter(p => p.ingress || p.egress)
    .map(p => (scope: Construct, i: number) => new IsolatedNamespace(new Construct(scope, `Iso${i}`), 'I', {
      namespace: p.namespace, isolateIngress: p.ingress, isolateEgress: p.egress, allowDns: p.dns, allowSameNamespace: p.same,
    })),
  fc.record({ namespace: ns, s: sel, d: directions }).map(p => (scope: Construct, i: number) =>
    new DefaultDeny(scope, `Deny${i}`, { namespace: p.namespace, selector: selector(p.s), directions: p.d, name: `p${i}` })),
  fc.record({ namespace: ns, s: sel, d: direction }).map(p => (scope: Construct, i: number) =>
    new AllowAll(scope, `All${i}`, { namespace: p.namespace, selector: selector(p.s), direction: p.d, name: `p${i}` })),
  fc.record({ namespace: ns, s: sel, d: directions }).map(p => (scope: Construct, i: number) =>
    new AllowSameNamespace(scope, `Same${i}`, { namespace: p.namespace, selector: selector(p.s), directions: p.d, name: `p${i}` })),
  fc.record({ namespace: ns, s: sel }).map(p => (scope: Construct, i: number) =>
    new DenyFromOtherNamespaces(scope, `Dfon${i}`, { namespace: p.namespace, selector: selector(p.s), name: `p${i}` })),
  fc.record({ namespace: ns, s: sel }).map(p => (scope: Construct, i: number) =>
    new BlockMetadataEndpoint(scope, `Meta${i}`, { namespace: p.namespace, selector: selector(p.s), name: `p${i}` })),
  fc.record({ ns: ns, iso: fc.boolean(), mon: fc.boolean() }).map(p => (scope: Construct, i: number) =>
    new Baseline(scope, `Base${i}`, {
      namespaces: [p.ns],
      isolateEgress: p.iso,
      monitoringPorts: p.mon ? [Port.named('metrics')] : undefined,
      ingressControllerTargets: Selector.app('web'),
    })),
);

/** An allow construct, and the pods and direction its name promises it may isolate. */
interface Allow {
  readonly make: Item;
  readonly namespace: string;
  readonly selector: Sel;
  readonly direction: Direction;
  readonly description: string;
  /** Flows (as keys of `Verdicts.allowed`) that the construct must allow in its own direction. */
  readonly allows?: (workloads: Workload[]) => string[];
}

const allowFromApp = fc.record({ namespace: ns, s: sel, d: sel, sourceNs: ns, ports, mirror: fc.constantFrom(undefined, false) })
  .map((p): Allow => ({
    make: (scope, i) => new AllowFromApp(scope, `Allow${i}`, {
      source: selector(p.s).inNamespace(p.sourceNs),
      destination: selector(p.d),
      namespace: p.namespace,
      ports: p.ports,
      mirrorEgress: p.mirror,
      name: `allow${i}`,
    }),
    namespace: p.namespace,
    selector: p.d,
    direction: Direction.INGRESS,
    description: `AllowFromApp ${p.sourceNs}/${p.s} -> ${p.namespace}/${p.d} mirrorEgress=${p.mirror}`,
    allows: workloads => {
      const sources = workloads.filter(w => matches(w, p.sourceNs, p.s));
      const destinations = workloads.filter(w => matches(w, p.namespace, p.d));
      return sources.flatMap(source => destinations.flatMap(destination => PORTS
        .filter(port => p.ports === undefined || p.ports.some(q => (q.name !== undefined
          ? destination.ports.some(c => c.name === q.name && c.number === port.port) && q.protocol === port.protocol
          : q.protocol === port.protocol && q.portNumber === port.port)))
        .map(port => `${source.id} -> ${destination.id} ${port.protocol} ${port.port} ingress`)));
    },
  }));

const ingressAllow = fc.record({ namespace: ns, s: sel, ports, kind: fc.constantFrom('cidrs', 'namespaces', 'controller', 'monitoring'), c: cidr })
  .map((p): Allow => ({
    make: (scope, i) => {
      const target = { namespace: p.namespace, selector: selector(p.s), name: `allow${i}` };
      switch (p.kind) {
        case 'cidrs': return new AllowFromCidrs(scope, `Allow${i}`, { ...target, cidrs: [p.c], ports: p.ports });
        case 'namespaces': return new AllowFromNamespaces(scope, `Allow${i}`, { ...target, namespaces: NamespaceSelector.named('monitoring'), ports: p.ports });
        case 'controller': return new AllowFromIngressController(scope, `Allow${i}`, { ...target, ports: p.ports });
        default: return new AllowMonitoring(scope, `Allow${i}`, { ...target, ports: p.ports });
      }
    },
    namespace: p.namespace,
    selector: p.s,
    direction: Direction.INGRESS,
    description: `${p.kind} on ${p.namespace}/${p.s}`,
  }));

const egressAllow = fc.record({ namespace: ns, s: sel, d: sel, ports, kind: fc.constantFrom('to-app', 'cidr', 'dns', 'internet', 'kube-api'), c: cidr })
  .map((p): Allow => ({
    make: (scope, i) => {
      const target = { namespace: p.namespace, name: `allow${i}` };
      switch (p.kind) {
        case 'to-app': return new AllowToApp(scope, `Allow${i}`, { ...target, source: selector(p.s), destination: selector(p.d), ports: p.ports });
        case 'cidr': return new EgressToCidr(scope, `Allow${i}`, { ...target, source: selector(p.s), cidr: p.c, ports: p.ports });
        case 'dns': return new AllowDnsEgress(scope, `Allow${i}`, { ...target, selector: selector(p.s) });
        case 'internet': return new AllowInternetEgress(scope, `Allow${i}`, { ...target, selector: selector(p.s), ports: p.ports });
        default: return new AllowKubeApiEgress(scope, `Allow${i}`, { ...target, selector: selector(p.s), cidrs: ['10.1.2.3/32'] });
      }
    },
    namespace: p.namespace,
    selector: p.s,
    direction: Direction.EGRESS,
    description: `${p.kind} from ${p.namespace}/${p.s}`,
  }));

/** The verdicts of an app: per workload and direction, isolated or not; per flow and direction, allowed or not. */
interface Verdicts {
  readonly isolated: Map<string, boolean>;
  readonly allowed: Map<string, boolean>;
  readonly workloads: Workload[];
}

/** An app with the workloads and `items`; the synth-time checks that judge the chart itself are off. */
function build(items: Item[]): App {
  const app = new App();
  PolicyChecks.of(app).enable({ dns: false, namedPorts: false });
  const chart = new Chart(app, 'c', { namespace: 'shop' });
  declareWorkloads(chart);
  items.forEach((make, i) => make(chart, i));
  return app;
}

function verdicts(app: App): Verdicts | undefined {
  let analyzer: PolicyAnalyzer;
  try {
    analyzer = PolicyAnalyzer.fromApp(app);
  } catch (e) {
    if (/is used \d+ times/.test((e as Error).message)) {
      return undefined; // two constructs of the chart chose the same name
    }
    throw e;
  }
  EXTERNAL.forEach(ip => analyzer.addWorkload(Workload.external(ip)));
  const workloads = analyzer.workloads;
  // The engine itself, per direction (PolicyAnalyzer.canReach() explains both; the law needs each alone).
  const endpoints = workloads.map(w => w._toEndpoint());
  const evaluator = new Evaluator(analyzer._policy(), { namespaces: new Map(), endpoints });
  const classes = endpoints.map(e => evaluator.classes.classOf(e));
  const isolated = new Map<string, boolean>();
  const allowed = new Map<string, boolean>();
  workloads.forEach((w, i) => {
    if (!w.isExternal) {
      isolated.set(`${w.id} Ingress`, evaluator.selection(classes[i], Direction.INGRESS).targets.length > 0);
      isolated.set(`${w.id} Egress`, evaluator.selection(classes[i], Direction.EGRESS).targets.length > 0);
    }
  });
  workloads.forEach((source, i) => {
    workloads.forEach((destination, j) => {
      if (source.isExternal && destination.isExternal) {
        return;
      }
      for (const port of PORTS) {
        const traffic = { source: classes[i], destination: classes[j], port };
        const flow = `${source.id} -> ${destination.id} ${port.protocol} ${port.port}`;
        allowed.set(`${flow} egress`, evaluator.evaluateDirection(Direction.EGRESS, traffic).allowed);
        allowed.set(`${flow} ingress`, evaluator.evaluateDirection(Direction.INGRESS, traffic).allowed);
      }
    });
  });
  return { isolated, allowed, workloads };
}

/** Whether `w` is a pod of `namespace` that `s` selects. */
function matches(w: Workload, namespace: string, s: Sel): boolean {
  return !w.isExternal && w.namespace === namespace && (s === 'all' || w.labels['app.kubernetes.io/name'] === s);
}

/** Whether `w` is among the pods the construct promises it may isolate. */
function promised(allow: Allow, w: Workload): boolean {
  return matches(w, allow.namespace, allow.selector);
}

function checkLaw(items: Item[], allow: Allow): void {
  const app = build(items);
  const before = verdicts(app);
  fc.pre(before !== undefined);
  allow.make(app.charts[0], items.length);
  const after = verdicts(app);
  fc.pre(after !== undefined);
  const byId = new Map(before!.workloads.map(w => [w.id, w]));
  const mayChange = (id: string, dir: Direction) => dir === allow.direction && promised(allow, byId.get(id)!);

  const changedIsolation = [...before!.isolated].filter(([key, was]) => {
    const [id, dir] = key.split(' ');
    return after!.isolated.get(key) !== was && !mayChange(id, dir as Direction);
  }).map(([key]) => key);
  const lostFlows = [...before!.allowed].filter(([key, was]) => {
    if (!was || after!.allowed.get(key)) {
      return false;
    }
    const [source, , destination] = key.split(' ');
    return key.endsWith(' egress') ? !mayChange(source, Direction.EGRESS) : !mayChange(destination, Direction.INGRESS);
  }).map(([key]) => key);

  const notAllowed = (allow.allows?.(after!.workloads) ?? []).filter(key => after!.allowed.get(key) !== true);

  expect({ construct: allow.description, changedIsolation, lostFlows, notAllowed })
    .toEqual({ construct: allow.description, changedIsolation: [], lostFlows: [], notAllowed: [] });
}

/** The whole catalogue: the patterns, the organization baseline, and the allow constructs themselves. */
const anyItem: fc.Arbitrary<Item> = fc.oneof(
  { arbitrary: catalogueItem, weight: 3 },
  { arbitrary: fc.oneof(allowFromApp, ingressAllow, egressAllow).map(a => a.make), weight: 2 },
);

const chart = fc.array(anyItem, { maxLength: 4 });

describe('Isolation law |', () => {
  test('AllowFromApp isolates at most the destination\'s ingress, denies no other flow, and lets its sources in', () => {
    fc.assert(fc.property(chart, allowFromApp, checkLaw), { numRuns: 700, seed: 10 });
  });

  test('the ingress allow constructs isolate at most their pods\' ingress, and deny no other flow', () => {
    fc.assert(fc.property(chart, ingressAllow, checkLaw), { numRuns: 500, seed: 11 });
  });

  test('the egress constructs isolate at most their source\'s egress, and deny no other flow', () => {
    fc.assert(fc.property(chart, egressAllow, checkLaw), { numRuns: 700, seed: 12 });
  });

  test('the law can fail: an AllowFromApp that always mirrors isolates its source\'s egress', () => {
    // GIVEN
    const always: Allow = {
      make: (scope, i) => new AllowFromApp(scope, `Allow${i}`, { source: Selector.app('web'), destination: Selector.app('api'), mirrorEgress: true }),
      namespace: 'shop',
      selector: 'api',
      direction: Direction.INGRESS,
      description: 'AllowFromApp mirrorEgress=true',
    };

    // THEN
    expect(() => checkLaw([], always)).toThrow(/shop\/shop-web Egress/);
  });
});
