import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus28 from 'cdk8s-plus-28';
import * as kplus34 from 'cdk8s-plus-34';
import * as fc from 'fast-check';
import * as lib from '../src';
import { PolicyError } from '../src/core/errors';
import { validateNetworkPolicy } from '../src/kube/validation/network-policy';

/*
 * Random programs over the whole public API, as a user writes them: set
 * conventions, make workloads, value objects, patterns, policies, raw
 * NetworkPolicies beside them, invariants and baselines, with mostly valid
 * and sometimes wrong input (including wrong types, as plain JavaScript can
 * pass). A program is data, so a counterexample prints as what was called.
 *
 * Laws: a program that synthesizes gives objects the API server accepts
 * (checked with the independent validator of src/kube/validation); a
 * program that fails, fails with a PolicyError (or cdk8s's list of
 * validation messages) whose messages name the construct path once,
 * quote only values the user wrote, and never print undefined, null or
 * NaN; never a TypeError.
 */

// ---- Values, valid and not -------------------------------------------------

const WRONG_TYPES = [undefined, null, 'web', 42, {}, []];
const nasty = <T>(valid: fc.Arbitrary<T>, bad: unknown[]): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight: 40 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });

const dnsLabel = fc.constantFrom('shop', 'other', 'monitoring', 'payments', 'kube-system');
const namespace = nasty(dnsLabel, ['Bad_NS', '', 'a'.repeat(64), 7]);
const labelValueOk = fc.oneof(
  fc.constantFrom('web', 'api', 'db', 'v1.-rc', 'api_.v2', 'v1.2', 'A_b', ''),
  fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,8}[A-Za-z0-9])?$/),
);
const labelValue = nasty(labelValueOk, ['web server', 'a'.repeat(64), '-x', 'ü']);
const labelKeyOk = fc.constantFrom('app', 'tier', 'track', 'constructor', 'toString', 'app.kubernetes.io/name', 'example.com/team');
const labelKey = nasty(labelKeyOk, ['a/b/c', 'UPPER.COM/x', '', '-bad']);
const labels = fc.dictionary(labelKey as fc.Arbitrary<string>, labelValue, { maxKeys: 3 });
const cidr = nasty(
  fc.constantFrom('10.0.0.0/8', '192.168.1.0/24', '203.0.113.0/24', '2001:db8::/32', '169.254.169.254/32', '0.0.0.0/0', '::/0'),
  ['10.0.0.7', '10.0.0.7/8', 'not-a-cidr', '300.0.0.0/8', 5],
);
const portNumber = nasty(fc.constantFrom(53, 80, 443, 5432, 8080, 9090, 65535), [0, -1, 65536, NaN, Infinity, 1.5, '80']);
const portName = nasty(fc.constantFrom('http', 'metrics', 'main'), ['', 'metrcis', 'TOO-LONG-PORT-NAME', '8080', 'a--b']);
const protocol = nasty(fc.constantFrom('TCP', 'UDP', 'SCTP'), ['tcp', 'ICMP']);
const direction = nasty(fc.constantFrom('Ingress', 'Egress'), ['ingress', 'Both']);
const bool = fc.boolean();
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });

type D = { readonly [k: string]: unknown };

/** A value object as data, or now and then a value of the wrong type in its place. */
const wrongSometimes = (valid: fc.Arbitrary<D>): fc.Arbitrary<D> => fc.oneof(
  { arbitrary: valid, weight: 40 },
  { arbitrary: fc.record({ k: fc.constant('wrong'), v: fc.constantFrom(...WRONG_TYPES) }), weight: 1 },
);

const expression: fc.Arbitrary<D> = fc.record({
  op: fc.constantFrom('oneOf', 'noneOf', 'exists', 'doesNotExist'),
  key: labelKey,
  values: fc.array(labelValue, { maxLength: 3 }),
});

const selector: fc.Arbitrary<D> = fc.letrec<{ sel: D }>(tie => ({
  sel: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant({ k: 'all' }),
    fc.record({ k: fc.constant('app'), v: labelValue }),
    fc.record({ k: fc.constant('labels'), m: labels }),
    fc.record({ k: fc.constant('expressions'), e: fc.array(expression, { maxLength: 2 }) }),
    fc.record({ k: fc.constant('workload'), i: fc.nat(3) }),
    fc.record({ k: fc.constant('and'), a: tie('sel'), b: tie('sel') }),
    fc.record({ k: fc.constant('in'), s: tie('sel'), ns: namespace }),
  ),
})).sel.chain(valid => wrongSometimes(fc.constant(valid)));

const namespaceSelector: fc.Arbitrary<D> = fc.oneof(
  fc.constant({ k: 'all' }),
  fc.record({ k: fc.constant('named'), v: namespace }),
  fc.record({ k: fc.constant('names'), v: fc.array(namespace, { maxLength: 3 }) }),
  fc.record({ k: fc.constant('labels'), m: labels }),
  fc.record({ k: fc.constant('expressions'), e: fc.array(expression, { maxLength: 2 }) }),
);

const port: fc.Arbitrary<D> = fc.oneof(
  fc.record({ k: fc.constantFrom('tcp', 'udp', 'sctp'), n: portNumber }),
  fc.record({ k: fc.constant('range'), p: protocol, a: portNumber, b: portNumber }),
  fc.record({ k: fc.constant('named'), name: portName, p: opt(protocol) }),
  fc.record({ k: fc.constant('all'), p: protocol }),
).chain(valid => wrongSometimes(fc.constant(valid)));
const ports = opt(fc.array(port, { maxLength: 3 }));

const peer: fc.Arbitrary<D> = fc.oneof(
  fc.record({ k: fc.constant('pods'), s: selector }),
  fc.record({ k: fc.constant('podsIn'), n: namespaceSelector, s: selector }),
  fc.record({ k: fc.constant('namespaces'), n: namespaceSelector }),
  fc.record({ k: fc.constant('cidr'), c: cidr, ex: opt(fc.array(cidr, { maxLength: 2 })) }),
  fc.constant({ k: 'cluster' }),
  fc.record({ k: fc.constant('workload'), i: fc.nat(3) }),
).chain(valid => wrongSometimes(fc.constant(valid)));
const peers = opt(fc.array(peer, { maxLength: 3 }));
const name = opt(nasty(fc.constantFrom('my-policy', 'a'.repeat(300), 'Allow Web'), ['', 'UPPER', '-x']));

const target = { selector: opt(selector), namespace: opt(namespace), name };
const rule = fc.record({ peers, ports });

// ---- Steps -------------------------------------------------------------

const construct = (c: string, props: { [k: string]: fc.Arbitrary<unknown> }): fc.Arbitrary<D> =>
  fc.record({ k: fc.constant('construct'), c: fc.constant(c), props: fc.record(props, { requiredKeys: [] }) });

const librarySteps: fc.Arbitrary<D>[] = [
  construct('AllowAll', { ...target, direction }),
  construct('AllowDnsEgress', { ...target }),
  construct('AllowFromApp', { source: selector, destination: selector, ports, namespace: opt(namespace), sourceNamespace: opt(namespace), mirrorEgress: opt(bool), name }),
  construct('AllowFromCidrs', { ...target, cidrs: fc.array(cidr, { maxLength: 2 }), ports }),
  construct('AllowFromIngressController', { ...target, ports, controller: opt(peer) }),
  construct('AllowFromNamespaces', { ...target, namespaces: namespaceSelector, pods: opt(selector), ports }),
  construct('AllowInternetEgress', { ...target, ports, ipv6: opt(bool), exclude: opt(fc.array(cidr, { maxLength: 2 })) }),
  construct('AllowKubeApiEgress', { ...target, cidrs: opt(fc.array(cidr, { maxLength: 2 })), ports }),
  construct('AllowMonitoring', { ...target, ports, scrapers: opt(peer) }),
  construct('AllowSameNamespace', { ...target, directions: opt(fc.array(direction, { maxLength: 3 })), ports }),
  construct('AllowToApp', { source: selector, destination: selector, ports, namespace: opt(namespace), destinationNamespace: opt(namespace), name }),
  construct('BlockMetadataEndpoint', { ...target, addresses: opt(fc.array(cidr, { maxLength: 2 })) }),
  construct('DefaultDeny', { ...target, directions: opt(fc.array(direction, { maxLength: 3 })) }),
  construct('DenyFromOtherNamespaces', { ...target, alsoFrom: peers }),
  construct('EgressToCidr', { cidr, except: opt(fc.array(cidr, { maxLength: 2 })), ports, source: opt(selector), namespace: opt(namespace), name }),
  construct('IsolatedNamespace', { namespace: opt(namespace), isolateIngress: opt(bool), isolateEgress: opt(bool), allowDns: opt(bool), allowSameNamespace: opt(bool) }),
  construct('NetworkPolicy', {
    ...target,
    policyTypes: opt(fc.array(direction, { maxLength: 2 })),
    ingress: opt(fc.array(rule, { maxLength: 2 })),
    egress: opt(fc.array(rule, { maxLength: 2 })),
    labels: opt(labels),
  }),
  construct('Baseline', {
    namespaces: fc.array(namespace, { maxLength: 2 }),
    isolateEgress: opt(bool),
    monitoringPorts: ports,
    ingressControllerTargets: opt(selector),
    blockMetadataEndpoint: opt(bool),
    forbidCrossNamespaceTraffic: opt(bool),
  }),
  fc.record({
    k: fc.constant('invariant'),
    c: fc.constantFrom('DenyFlows', 'AllowOnlyFrom'),
    a: fc.constantFrom('all', 'shop', 'app:web', 'app:api', 'ip:203.0.113.7'),
    b: fc.constantFrom('all', 'shop', 'app:web', 'app:db'),
  }),
];

const otherSteps: fc.Arbitrary<D>[] = [
  fc.record({ k: fc.constant('deploy'), plus: fc.constantFrom(28, 34), app: labelValueOk, ns: opt(dnsLabel) }),
  fc.record({ k: fc.constant('raw'), port: fc.constantFrom(0, 80) }),
  fc.record({ k: fc.constant('allowFrom'), peer, ports: fc.array(port, { maxLength: 2 }) }),
  fc.record({ k: fc.constant('allowTo'), peer, ports: fc.array(port, { maxLength: 2 }) }),
  fc.record({ k: fc.constant('isolate'), d: direction }),
  fc.record({ k: fc.constant('patch'), op: fc.constantFrom('labels/team', 'annotations', 'port0', 'selector') }),
];

const conventions = opt(fc.record({
  appLabelKey: labelKey,
  clusterCidrs: fc.array(cidr, { maxLength: 2 }),
  apiServerCidrs: fc.array(cidr, { maxLength: 2 }),
}, { requiredKeys: [] }));

const program = fc.record({
  conventions,
  chartNamespace: fc.oneof({ arbitrary: fc.constant('shop'), weight: 6 }, { arbitrary: fc.constant(undefined), weight: 1 }),
  // The first step is a library construct: a chart of raw objects alone is not a program of this API.
  first: fc.oneof(...librarySteps),
  rest: fc.array(fc.oneof(...librarySteps, ...otherSteps, ...otherSteps), { maxLength: 5 }),
});

type Program = typeof program extends fc.Arbitrary<infer T> ? T : never;

// ---- The interpreter: data -> calls of the public API ---------------------

class Run {
  public readonly workloads: lib.IPodSelectorLike[] = [];
  public readonly policies: lib.NetworkPolicy[] = [];

  constructor(public readonly chart: Chart) {}

  public selector(d: any): lib.Selector {
    switch (d.k) {
      case 'all': return lib.Selector.all();
      case 'app': return lib.Selector.app(d.v);
      case 'labels': return lib.Selector.labels(d.m);
      case 'expressions': return lib.Selector.expressions(d.e.map((e: any) => this.expression(e)));
      case 'workload': return lib.Selector.workload(this.workload(d.i));
      case 'and': {
        // A wrong type goes in as the argument: calling a method on it would be the program's own TypeError.
        const [a, b] = [this.selector(d.a), this.selector(d.b)];
        return a instanceof lib.Selector ? a.intersect(b) : b instanceof lib.Selector ? b.intersect(a) : lib.Selector.all().intersect(a);
      }
      case 'in': {
        const s = this.selector(d.s);
        return (s instanceof lib.Selector ? s : lib.Selector.all()).inNamespace(d.ns);
      }
      default: return d.v;
    }
  }

  public expression(d: any): lib.LabelExpression {
    switch (d.op) {
      case 'oneOf': return lib.LabelExpression.oneOf(d.key, d.values);
      case 'noneOf': return lib.LabelExpression.noneOf(d.key, d.values);
      case 'exists': return lib.LabelExpression.exists(d.key);
      default: return lib.LabelExpression.doesNotExist(d.key);
    }
  }

  public namespaceSelector(d: any): lib.NamespaceSelector {
    switch (d.k) {
      case 'all': return lib.NamespaceSelector.all();
      case 'named': return lib.NamespaceSelector.named(d.v);
      case 'names': return lib.NamespaceSelector.names(d.v);
      case 'labels': return lib.NamespaceSelector.labels(d.m);
      default: return lib.NamespaceSelector.expressions(d.e.map((e: any) => this.expression(e)));
    }
  }

  public port(d: any): lib.Port {
    switch (d.k) {
      case 'tcp': return lib.Port.tcp(d.n);
      case 'udp': return lib.Port.udp(d.n);
      case 'sctp': return lib.Port.sctp(d.n);
      case 'range': return lib.Port.rangeOf(d.p, d.a, d.b);
      case 'named': return lib.Port.named(d.name, d.p);
      case 'all': return lib.Port.allOf(d.p);
      default: return d.v;
    }
  }

  public peer(d: any): lib.Peer {
    switch (d.k) {
      case 'pods': return lib.Peer.pods(this.selector(d.s));
      case 'podsIn': return lib.Peer.podsIn(this.namespaceSelector(d.n), this.selector(d.s));
      case 'namespaces': return lib.Peer.namespaces(this.namespaceSelector(d.n));
      case 'cidr': return lib.Peer.cidr(d.c, d.ex);
      case 'cluster': return lib.Peer.allPodsInCluster();
      case 'workload': return lib.Peer.workload(this.workload(d.i));
      default: return d.v;
    }
  }

  /** Props as data -> props of the API: each field by its name. */
  public props(d: { [k: string]: any }): any {
    const out: { [k: string]: unknown } = {};
    for (const [key, value] of Object.entries(d)) {
      if (value === undefined) {
        continue;
      }
      if (['selector', 'source', 'destination', 'pods', 'ingressControllerTargets'].includes(key)) {
        out[key] = this.selector(value);
      } else if (['ports', 'monitoringPorts'].includes(key)) {
        out[key] = value.map((p: any) => this.port(p));
      } else if (['controller', 'scrapers'].includes(key)) {
        out[key] = this.peer(value);
      } else if (key === 'alsoFrom') {
        out[key] = value.map((p: any) => this.peer(p));
      } else if (key === 'namespaces' && !Array.isArray(value)) {
        out[key] = this.namespaceSelector(value);
      } else if (key === 'ingress' || key === 'egress') {
        out[key] = value.map((r: any) => ({
          peers: r.peers?.map((p: any) => this.peer(p)),
          ports: r.ports?.map((p: any) => this.port(p)),
        }));
      } else {
        out[key] = value;
      }
    }
    return out;
  }

  /** A workload made earlier by the program, else a Pod made for the purpose. */
  private workload(i: number): lib.IPodSelectorLike {
    if (this.workloads.length === 0) {
      this.workloads.push(new kplus28.Pod(this.chart, 'Pod', { containers: [{ image: 'nginx', portNumber: 8080 }] }));
    }
    return this.workloads[i % this.workloads.length];
  }
}

const CONSTRUCTS: { [name: string]: new (scope: Chart, id: string, props: any) => unknown } = {
  AllowAll: lib.AllowAll,
  AllowDnsEgress: lib.AllowDnsEgress,
  AllowFromApp: lib.AllowFromApp,
  AllowFromCidrs: lib.AllowFromCidrs,
  AllowFromIngressController: lib.AllowFromIngressController,
  AllowFromNamespaces: lib.AllowFromNamespaces,
  AllowInternetEgress: lib.AllowInternetEgress,
  AllowKubeApiEgress: lib.AllowKubeApiEgress,
  AllowMonitoring: lib.AllowMonitoring,
  AllowSameNamespace: lib.AllowSameNamespace,
  AllowToApp: lib.AllowToApp,
  BlockMetadataEndpoint: lib.BlockMetadataEndpoint,
  DefaultDeny: lib.DefaultDeny,
  DenyFromOtherNamespaces: lib.DenyFromOtherNamespaces,
  EgressToCidr: lib.EgressToCidr,
  IsolatedNamespace: lib.IsolatedNamespace,
  NetworkPolicy: lib.NetworkPolicy,
  Baseline: lib.Baseline,
};

function workloadSet(d: string): lib.WorkloadSet {
  const [kind, value] = d.split(':');
  switch (kind) {
    case 'all': return lib.WorkloadSet.all();
    case 'app': return lib.WorkloadSet.app(value);
    case 'ip': return lib.WorkloadSet.ip(value);
    default: return lib.WorkloadSet.namespace(kind);
  }
}

/**
 * What a step does: `values` builds its arguments (no construct path yet),
 * `act` calls the construct or method, whose errors name `path`.
 */
function stepOf(run: Run, d: any, id: string): { values: () => unknown; act: (values: any) => void; path?: string } {
  const path = ['allowFrom', 'allowTo', 'isolate', 'patch'].includes(d.k) ? run.policies[0]?.node.path : `shop/${id}`;
  return { ...actionOf(run, d, id), path };
}

function actionOf(run: Run, d: any, id: string): { values: () => unknown; act: (values: any) => void } {
  const chart = run.chart;
  switch (d.k) {
    case 'construct':
      return {
        values: () => run.props(d.props),
        act: props => {
          const made: unknown = new CONSTRUCTS[d.c](chart, id, props);
          if (made instanceof lib.NetworkPolicy) {
            run.policies.push(made as lib.NetworkPolicy);
          }
        },
      };
    case 'invariant':
      return {
        values: () => [workloadSet(d.a), workloadSet(d.b)],
        act: ([a, b]) => d.c === 'DenyFlows'
          ? new lib.DenyFlows(chart, id, { sources: a, destinations: b, allowEmpty: true })
          : new lib.AllowOnlyFrom(chart, id, { destinations: b, sources: [a], allowEmpty: true }),
      };
    case 'deploy':
      return {
        values: () => undefined,
        act: () => {
          const plus = d.plus === 28 ? kplus28 : kplus34 as unknown as typeof kplus28;
          run.workloads.push(new plus.Deployment(chart, id, {
            metadata: d.ns ? { namespace: d.ns } : undefined,
            podMetadata: { labels: { 'app.kubernetes.io/name': d.app } },
            containers: [{ image: 'nginx', ports: [{ number: 8080, name: 'http' }], securityContext: { ensureNonRoot: false } }],
          }));
        },
      };
    case 'raw':
      return {
        values: () => undefined,
        act: () => new ApiObject(chart, id, {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: id.toLowerCase() },
          spec: { podSelector: {}, ingress: [{ ports: [{ port: d.port }] }] },
        }),
      };
    case 'allowFrom':
    case 'allowTo':
      return {
        values: () => [run.peer(d.peer), d.ports.map((p: any) => run.port(p))],
        act: ([p, ps]) => run.policies.length > 0 && run.policies[0][d.k as 'allowFrom' | 'allowTo'](p, ...ps),
      };
    case 'isolate':
      return { values: () => undefined, act: () => run.policies.length > 0 && run.policies[0].isolate(d.d) };
    case 'patch':
      return {
        values: () => ({
          'labels/team': JsonPatch.add('/metadata/labels/team', 'payments'),
          'annotations': JsonPatch.add('/metadata/annotations', { team: 'payments' }),
          'port0': JsonPatch.add('/spec/ingress', [{ ports: [{ port: 0 }] }]),
          'selector': JsonPatch.replace('/spec/podSelector', { matchLabels: { 'bad key!': 'x' } }),
        } as { [op: string]: JsonPatch })[d.op],
        act: op => run.policies.length > 0 && run.policies[0].addJsonPatch(op),
      };
    default:
      throw new Error(`unknown step ${d.k}`);
  }
}

// ---- The laws -------------------------------------------------------------

/** Every string the program's data holds: what the user wrote. */
function written(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    into.add(value);
  } else if (Array.isArray(value)) {
    value.forEach(v => written(v, into));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      written(v, into);
    }
  }
  return into;
}

/** Values that a message says are invalid: these must be what the user wrote. */
const QUOTED_INPUT = /Invalid (?:except|CIDR|value|label key|namespace name|app name|port name|IP address|except range of "[^"]*") "([^"]*)"/g;

function checkMessage(message: string, userStrings: Set<string>, path?: string): void {
  expect(message).not.toMatch(/\bundefined\b|\bnull\b|\bNaN\b|TypeError|Failed serializing/);
  if (path !== undefined) {
    expect(message.startsWith(`[${path}`)).toBe(true);
  }
  expect(message).not.toMatch(/^\[[^\]]*\] \[/);
  for (const [, quoted] of message.matchAll(QUOTED_INPUT)) {
    expect(userStrings.has(quoted)).toBe(true);
  }
}

function checkError(e: unknown, userStrings: Set<string>, path?: string): void {
  expect(e).not.toBeInstanceOf(TypeError);
  const message = (e as Error).message;
  const list = /^Validation failed with the following errors:\n([\s\S]*)$/.exec(message);
  if (list) {
    // cdk8s's list: one "[path] message" per line, each ours.
    for (const line of list[1].split('\n').filter(l => l.trim() !== '')) {
      const m = /^ {2}\[([^\]]+)\] (.*)$/.exec(line);
      expect(m).not.toBeNull();
      checkMessage(`[${m![1]}] ${m![2]}`, userStrings, 'shop');
    }
    return;
  }
  expect(e).toBeInstanceOf(PolicyError);
  checkMessage(message, userStrings, path);
}

/** Runs the program as a user's app does: it stops at the first error. */
function runProgram(p: Program): 'synthesized' | 'refused' {
  const userStrings = written(p);
  const app = new App({ outdir: '/dev/null' });
  const chart = new Chart(app, 'shop', { namespace: p.chartNamespace });
  const run = new Run(chart);
  try {
    if (p.conventions) {
      lib.Conventions.set(app, run.props(p.conventions));
    }
  } catch (e) {
    checkError(e, userStrings);
    return 'refused';
  }
  const steps = [p.first, ...p.rest];
  for (let i = 0; i < steps.length; i++) {
    const id = `S${i}`;
    const step = stepOf(run, steps[i], id);
    let values: unknown;
    try {
      values = step.values();
    } catch (e) {
      // A value object checks its input before it knows where it is used.
      checkError(e, userStrings);
      return 'refused';
    }
    try {
      step.act(values);
    } catch (e) {
      checkError(e, userStrings, step.path);
      return 'refused';
    }
  }
  let objects: any[];
  try {
    objects = Testing.synth(chart);
  } catch (e) {
    checkError(e, userStrings);
    return 'refused';
  }
  for (const obj of objects.filter(o => o.kind === 'NetworkPolicy')) {
    expect(validateNetworkPolicy(obj, { requireName: true, requireNamespace: true })).toEqual([]);
  }
  return 'synthesized';
}

describe('public API |', () => {
  test('random programs synthesize valid objects or fail with a library error that names the path and quotes only user input', () => {
    // GIVEN
    const outcomes = { synthesized: 0, refused: 0 };

    // WHEN
    fc.assert(fc.property(program, p => {
      outcomes[runProgram(p)]++;
    }), { seed: 20261206, numRuns: 3000 });

    // THEN: both kinds of program occur often, so neither law is checked vacuously
    expect(outcomes.synthesized).toBeGreaterThan(300);
    expect(outcomes.refused).toBeGreaterThan(300);
  });
});
