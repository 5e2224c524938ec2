import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { evaluate, run, Snippet, snippets, typeCheck } from './readme-snippets';
import { PolicyAnalyzer, Protocol, Workload } from '../../src';

const DOC = 'docs/recipes.md';
const ALL = snippets(DOC);
const APP = 'app.kubernetes.io/name';
const EXTERNAL = Workload.external('203.0.113.7');
const EXTERNAL_V6 = Workload.external('2001:db8::7');
const KUBE_DNS = Workload.of('kube-system', { 'k8s-app': 'kube-dns' }, { name: 'kube-dns' });

/** Pods of an app, labelled the way `Selector.app()` selects them. */
function app(namespace: string, name: string, options: { ports?: { number: number; name?: string }[] } = {}): Workload {
  return Workload.of(namespace, { [APP]: name }, { name, ports: options.ports });
}

/** Pods with the given labels. */
function pods(namespace: string, name: string, labels: { [key: string]: string }): Workload {
  return Workload.of(namespace, labels, { name });
}

/** One connection a recipe is about, and whether its intent allows it. */
interface Probe {
  readonly source: Workload;
  readonly destination: Workload;
  /** A port number, or the name of one of the destination's container ports. */
  readonly port: number | string;
  readonly protocol?: Protocol;
  readonly allowed: boolean;
}

/** What a recipe means: the traffic it allows and denies. */
interface Intent {
  /** Namespaces and their labels, for namespace selectors. */
  readonly namespaces?: { [name: string]: { [key: string]: string } };
  readonly probes: Probe[];
}

const API_PORTS = [{ number: 5000 }, { number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }];
const DB = pods('default', 'bookstore-db', { app: 'bookstore', role: 'db' });

/** The intent of each recipe, by the id of its chart. */
const INTENTS: { [chartId: string]: Intent } = {
  'deny-all-to-app': {
    probes: [
      { source: app('default', 'other'), destination: app('default', 'web'), port: 80, allowed: false },
      { source: app('secondary', 'other'), destination: app('default', 'web'), port: 80, allowed: false },
      { source: EXTERNAL, destination: app('default', 'web'), port: 80, allowed: false },
      { source: app('default', 'other'), destination: app('default', 'api'), port: 80, allowed: true },
    ],
  },
  'limit-traffic-to-app': {
    probes: [
      { source: app('default', 'web'), destination: app('default', 'api'), port: 8080, allowed: true },
      { source: app('default', 'other'), destination: app('default', 'api'), port: 8080, allowed: false },
      { source: app('secondary', 'web'), destination: app('default', 'api'), port: 8080, allowed: false },
      { source: app('default', 'web'), destination: app('default', 'other'), port: 8080, allowed: true },
    ],
  },
  'allow-all-to-app': {
    probes: [
      { source: app('default', 'other'), destination: app('default', 'web'), port: 80, allowed: true },
      { source: app('secondary', 'other'), destination: app('default', 'web'), port: 80, allowed: true },
      { source: EXTERNAL, destination: app('default', 'web'), port: 80, allowed: true },
      { source: app('default', 'other'), destination: app('default', 'api'), port: 80, allowed: false },
    ],
  },
  'deny-all-in-namespace': {
    probes: [
      { source: app('default', 'web'), destination: app('default', 'api'), port: 8080, allowed: false },
      { source: app('secondary', 'web'), destination: app('default', 'api'), port: 8080, allowed: false },
      { source: EXTERNAL, destination: app('default', 'api'), port: 8080, allowed: false },
      { source: app('default', 'api'), destination: app('secondary', 'web'), port: 8080, allowed: true },
    ],
  },
  'deny-from-other-namespaces': {
    probes: [
      { source: app('secondary', 'web'), destination: app('secondary', 'api'), port: 8080, allowed: true },
      { source: app('default', 'web'), destination: app('secondary', 'api'), port: 8080, allowed: false },
      { source: EXTERNAL, destination: app('secondary', 'api'), port: 8080, allowed: false },
    ],
  },
  'allow-from-all-namespaces': {
    probes: [
      { source: app('default', 'other'), destination: app('secondary', 'web'), port: 80, allowed: true },
      { source: app('secondary', 'other'), destination: app('secondary', 'web'), port: 80, allowed: true },
      { source: EXTERNAL, destination: app('secondary', 'web'), port: 80, allowed: false },
    ],
  },
  'allow-from-namespace': {
    namespaces: { prod: { purpose: 'production' }, dev: { purpose: 'development' } },
    probes: [
      { source: app('prod', 'other'), destination: app('default', 'web'), port: 80, allowed: true },
      { source: app('dev', 'other'), destination: app('default', 'web'), port: 80, allowed: false },
      { source: app('default', 'other'), destination: app('default', 'web'), port: 80, allowed: false },
    ],
  },
  'allow-from-pods-in-namespace': {
    namespaces: { ops: { team: 'operations' } },
    probes: [
      { source: pods('ops', 'prometheus', { type: 'monitoring' }), destination: app('default', 'web'), port: 80, allowed: true },
      { source: pods('ops', 'backup', { type: 'batch' }), destination: app('default', 'web'), port: 80, allowed: false },
      { source: pods('default', 'prometheus', { type: 'monitoring' }), destination: app('default', 'web'), port: 80, allowed: false },
      { source: pods('secondary', 'prometheus', { type: 'monitoring' }), destination: app('default', 'web'), port: 80, allowed: false },
    ],
  },
  'allow-external': {
    probes: [
      { source: EXTERNAL, destination: app('default', 'web'), port: 8080, allowed: true },
      { source: EXTERNAL_V6, destination: app('default', 'web'), port: 8080, allowed: true },
      { source: EXTERNAL, destination: app('default', 'web'), port: 22, allowed: false },
      { source: EXTERNAL, destination: app('default', 'web'), port: 8080, protocol: Protocol.UDP, allowed: false },
    ],
  },
  'allow-only-some-ports': {
    probes: [
      { source: pods('default', 'prometheus', { role: 'monitoring' }), destination: app('default', 'api', { ports: API_PORTS }), port: 5000, allowed: true },
      { source: pods('default', 'prometheus', { role: 'monitoring' }), destination: app('default', 'api', { ports: API_PORTS }), port: 'metrics', allowed: true },
      { source: pods('default', 'prometheus', { role: 'monitoring' }), destination: app('default', 'api', { ports: API_PORTS }), port: 'http', allowed: false },
      { source: app('default', 'web'), destination: app('default', 'api', { ports: API_PORTS }), port: 5000, allowed: false },
    ],
  },
  'multiple-selectors': {
    probes: [
      { source: pods('default', 'bookstore-search', { app: 'bookstore', role: 'search' }), destination: DB, port: 5432, allowed: true },
      { source: pods('default', 'bookstore-api', { app: 'bookstore', role: 'api' }), destination: DB, port: 5432, allowed: true },
      { source: pods('default', 'inventory-web', { app: 'inventory', role: 'web' }), destination: DB, port: 5432, allowed: true },
      { source: pods('default', 'bookstore-web', { app: 'bookstore', role: 'web' }), destination: DB, port: 5432, allowed: false },
      { source: pods('default', 'inventory-api', { app: 'inventory', role: 'api' }), destination: DB, port: 5432, allowed: false },
    ],
  },
  'deny-egress-of-app': {
    probes: [
      { source: app('default', 'foo'), destination: app('default', 'other'), port: 80, allowed: false },
      { source: app('default', 'foo'), destination: KUBE_DNS, port: 53, protocol: Protocol.UDP, allowed: false },
      { source: app('default', 'foo'), destination: EXTERNAL, port: 443, allowed: false },
      { source: app('default', 'other'), destination: app('default', 'foo'), port: 80, allowed: true },
    ],
  },
  'deny-all-egress-in-namespace': {
    probes: [
      { source: app('default', 'web'), destination: app('default', 'api'), port: 8080, allowed: false },
      { source: app('default', 'web'), destination: EXTERNAL, port: 443, allowed: false },
      { source: app('default', 'web'), destination: KUBE_DNS, port: 53, protocol: Protocol.UDP, allowed: true },
      { source: app('default', 'web'), destination: KUBE_DNS, port: 53, protocol: Protocol.TCP, allowed: true },
      { source: app('secondary', 'web'), destination: app('default', 'api'), port: 8080, allowed: true },
    ],
  },
  'deny-external-egress': {
    probes: [
      { source: app('default', 'foo'), destination: app('default', 'other'), port: 8080, allowed: true },
      { source: app('default', 'foo'), destination: app('secondary', 'other'), port: 8080, allowed: true },
      { source: app('default', 'foo'), destination: KUBE_DNS, port: 53, protocol: Protocol.UDP, allowed: true },
      { source: app('default', 'foo'), destination: EXTERNAL, port: 443, allowed: false },
      { source: app('default', 'foo'), destination: EXTERNAL_V6, port: 443, allowed: false },
      { source: app('default', 'other'), destination: EXTERNAL, port: 443, allowed: true },
    ],
  },
};

/** The id of the chart a snippet declares. */
function chartId(s: Snippet): string {
  return /new Chart\(new App\(\), '([^']+)'/.exec(s.code)?.[1] ?? `(no chart at ${s.file}:${s.line})`;
}

/** An analyzer over the chart of a snippet, with the recipe's namespaces and workloads added. */
function analyzerFor(s: Snippet, intent: Intent): PolicyAnalyzer {
  const { chart } = evaluate(s, ['chart']) as { chart: Chart };
  const analyzer = PolicyAnalyzer.fromChart(chart);
  for (const [name, labels] of Object.entries(intent.namespaces ?? {})) {
    analyzer.addNamespace(name, labels);
  }
  for (const probe of intent.probes) {
    analyzer.addWorkload(probe.source);
    analyzer.addWorkload(probe.destination);
  }
  return analyzer;
}

function describeProbe(p: Probe): string {
  const port = typeof p.port === 'number' ? `${p.protocol ?? Protocol.TCP} ${p.port}` : `port "${p.port}"`;
  return `${p.source} -> ${p.destination} ${port}`;
}

const RECIPES = ALL.map(s => ({ id: chartId(s), snippet: s }));
const PROBES = RECIPES.flatMap(({ id, snippet }) => (INTENTS[id]?.probes ?? []).map(probe =>
  [id, describeProbe(probe), probe.allowed ? 'allowed' : 'denied', snippet, probe] as const));

describe('docs/recipes.md |', () => {
  test('has at least 14 recipes, each a section with one TypeScript example and the YAML it emits', () => {
    // GIVEN
    const text = fs.readFileSync(path.join(__dirname, '..', '..', DOC), 'utf8');
    const sections = text.split(/^## /m).slice(1);

    // THEN
    expect(sections.length).toBeGreaterThanOrEqual(14);
    expect(ALL).toHaveLength(sections.length);
    for (const section of sections) {
      const title = section.split('\n')[0];
      expect([title, (section.match(/^```ts$/gm) ?? []).length]).toEqual([title, 1]);
      expect([title, (section.match(/^```yaml$/gm) ?? []).length]).toEqual([title, 1]);
      expect([title, /^Watch out: /m.test(section)]).toEqual([title, true]);
    }
    expect(ALL.filter(s => s.yaml === undefined).map(s => `${s.file}:${s.line}`)).toEqual([]);
  });

  test('every TypeScript example compiles', () => {
    expect(typeCheck(ALL)).toEqual([]);
  });

  test.each(ALL.filter(s => s.yaml !== undefined).map(s => [`${s.file}:${s.line}`, s] as const))(
    'the example at %s emits the YAML shown below it', (_where, s) => {
      expect(run(s)).toEqual(s.yaml);
    });

  test('every recipe has a distinct chart id and a stated intent, and every intent a recipe', () => {
    // GIVEN
    const ids = RECIPES.map(r => r.id);

    // THEN
    expect(new Set(ids).size).toEqual(ids.length);
    expect([...ids].sort()).toEqual(Object.keys(INTENTS).sort());
    for (const { id, snippet } of RECIPES) {
      expect([id, evaluate(snippet, ['chart']).chart.node.id]).toEqual([id, id]);
    }
  });

  describe('each recipe does what it says |', () => {
    const analyzers = new Map<string, PolicyAnalyzer>();

    test.each(PROBES)('%s: %s is %s', (id, _traffic, _expected, snippet, probe) => {
      // GIVEN
      if (!analyzers.has(id)) {
        analyzers.set(id, analyzerFor(snippet, INTENTS[id]));
      }
      const analyzer = analyzers.get(id)!;

      // WHEN
      const verdict = analyzer.canReach({
        source: probe.source,
        destination: probe.destination,
        port: typeof probe.port === 'number' ? probe.port : undefined,
        portName: typeof probe.port === 'string' ? probe.port : undefined,
        protocol: probe.protocol,
      });

      // THEN
      expect(analyzer.issues).toEqual([]);
      expect(verdict.allowed).toBe(probe.allowed);
    });
  });

  test('"Limit traffic to an app" isolates only api: web keeps DNS; with mirrorEgress: true, web loses it', () => {
    // GIVEN
    const recipe = RECIPES.find(r => r.id === 'limit-traffic-to-app')!.snippet;
    expect(recipe.code).not.toContain('mirrorEgress');
    const mirrored = { ...recipe, code: recipe.code.replace(/destination: Selector\.app\('api'\),\n/, "destination: Selector.app('api'),\n  mirrorEgress: true,\n") };
    expect(mirrored.code).toContain('mirrorEgress: true');

    // WHEN
    const asIs = analyzerFor(recipe, { probes: [] });
    const analyzer = analyzerFor(mirrored, { probes: [] });
    const web = app('default', 'web');

    // THEN
    expect(asIs.canReach({ source: web, destination: KUBE_DNS, port: 53, protocol: Protocol.UDP }).allowed).toBe(true);
    expect(asIs.canReach({ source: app('default', 'other'), destination: app('default', 'api'), port: 8080 }).allowed).toBe(false);
    expect(analyzer.canReach({ source: web, destination: app('default', 'api'), port: 8080 }).allowed).toBe(true);
    expect(analyzer.canReach({ source: web, destination: KUBE_DNS, port: 53, protocol: Protocol.UDP }).allowed).toBe(false);
    expect(analyzer.canReach({ source: web, destination: app('default', 'other'), port: 8080 }).allowed).toBe(false);
  });
});
