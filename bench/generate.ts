/*
 * Synthetic clusters for the engine benchmarks: namespaces, Deployments with
 * realistic labels and container ports, and about one NetworkPolicy per
 * workload in a mix of the patterns real clusters use. Deterministic: the
 * same options always give the same manifests.
 */

/** Options for `generateCluster`. */
export interface ClusterOptions {
  /** How many workloads (Deployments). */
  readonly workloads: number;
  /**
   * Seed of the pseudo-random choices.
   *
   * @default 1
   */
  readonly seed?: number;
  /**
   * Workloads per namespace.
   *
   * @default 25
   */
  readonly workloadsPerNamespace?: number;
}

/** A workload of a generated cluster. */
export interface GeneratedWorkload {
  readonly namespace: string;
  readonly name: string;
  readonly tier: Tier;
}

/** A generated cluster. */
export interface GeneratedCluster {
  /** Namespaces, Deployments and NetworkPolicies, as plain JSON objects. */
  readonly manifests: any[];
  readonly namespaces: string[];
  readonly workloads: GeneratedWorkload[];
  /** How many NetworkPolicies there are. */
  readonly policyCount: number;
  /** How many policies of each pattern. */
  readonly patterns: { readonly [pattern: string]: number };
}

/** A small, fast, seedable PRNG (mulberry32). */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0; // eslint-disable-line no-bitwise
  }

  /** A float in [0, 1). */
  public next(): number {
    /* eslint-disable no-bitwise */
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    /* eslint-enable no-bitwise */
  }

  /** An integer in [0, n). */
  public int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One element of `items`. */
  public pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** True with probability `p`. */
  public chance(p: number): boolean {
    return this.next() < p;
  }
}

export type Tier = 'frontend' | 'backend' | 'data' | 'worker';

interface Component {
  readonly name: string;
  readonly tier: Tier;
  readonly ports: ReadonlyArray<{ readonly name: string; readonly containerPort: number }>;
}

const HTTP = { name: 'http', containerPort: 8080 };
const GRPC = { name: 'grpc', containerPort: 9000 };
const METRICS = { name: 'metrics', containerPort: 9090 };

const COMPONENTS: readonly Component[] = [
  { name: 'web', tier: 'frontend', ports: [HTTP] },
  { name: 'gateway', tier: 'frontend', ports: [HTTP, METRICS] },
  { name: 'api', tier: 'backend', ports: [HTTP, GRPC, METRICS] },
  { name: 'auth', tier: 'backend', ports: [HTTP, METRICS] },
  { name: 'search', tier: 'backend', ports: [HTTP, GRPC] },
  { name: 'billing', tier: 'backend', ports: [HTTP, GRPC, METRICS] },
  { name: 'postgres', tier: 'data', ports: [{ name: 'postgres', containerPort: 5432 }] },
  { name: 'redis', tier: 'data', ports: [{ name: 'redis', containerPort: 6379 }] },
  { name: 'worker', tier: 'worker', ports: [METRICS] },
  { name: 'scheduler', tier: 'worker', ports: [METRICS] },
];

const TEAMS = ['payments', 'search', 'checkout', 'identity', 'catalog', 'shipping', 'ads', 'platform'];
const ENVS = ['prod', 'staging', 'dev'];
const APP = 'app.kubernetes.io/name';
const PART_OF = 'app.kubernetes.io/part-of';
const NS_NAME = 'kubernetes.io/metadata.name';

/**
 * Builds a cluster of `workloads` Deployments in namespaces of
 * `workloadsPerNamespace`, with one NetworkPolicy per workload:
 *
 * - `default-deny`: one per namespace, `podSelector: {}`; one namespace in
 *   four also isolates egress and allows DNS to kube-system;
 * - `allow-from-app`: a backend accepts one frontend of its namespace, by app
 *   label, on TCP 8080 or on the named port `http`/`grpc`;
 * - `allow-from-namespace`: a frontend accepts every namespace of its team
 *   (`namespaceSelector` by label) on the named port `http`;
 * - `allow-from-tier`: a data store accepts the backend tier (some with a
 *   `matchExpressions` selector) on its port;
 * - `egress-ip-block`: a worker may reach 10.0.0.0/8 except the service
 *   range on TCP 443, and the data tier of its namespace.
 *
 * One policy in ten also lets Prometheus (namespace `monitoring`, AND form)
 * scrape the named port `metrics`.
 */
export function generateCluster(options: ClusterOptions): GeneratedCluster {
  const rng = new Prng(options.seed ?? 1);
  const perNamespace = options.workloadsPerNamespace ?? 25;
  const namespaceCount = Math.max(1, Math.ceil(options.workloads / perNamespace));
  const manifests: any[] = [];
  const namespaces: string[] = [];
  const workloads: GeneratedWorkload[] = [];
  const patterns: { [pattern: string]: number } = {};
  const count = (pattern: string) => {
    patterns[pattern] = (patterns[pattern] ?? 0) + 1;
  };
  let policyCount = 0;
  const policy = (namespace: string, name: string, spec: any) => {
    policyCount++;
    manifests.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace },
      spec,
    });
  };

  for (let n = 0; n < namespaceCount; n++) {
    const team = TEAMS[n % TEAMS.length];
    const env = ENVS[Math.floor(n / TEAMS.length) % ENVS.length];
    const ns = `${team}-${env}-${n}`;
    namespaces.push(ns);
    manifests.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { team, env, ...(rng.chance(0.5) ? { monitoring: 'enabled' } : {}) } },
    });

    // Workloads of this namespace.
    const start = n * perNamespace;
    const size = Math.min(perNamespace, options.workloads - start);
    const here: Array<{ name: string; component: Component }> = [];
    for (let w = 0; w < size; w++) {
      const component = COMPONENTS[(w + n) % COMPONENTS.length];
      const name = `${component.name}-${w}`;
      here.push({ name, component });
      workloads.push({ namespace: ns, name, tier: component.tier });
      const labels = {
        [APP]: name,
        [PART_OF]: ns,
        tier: component.tier,
        team: team,
        env: env,
        version: rng.pick(['v1', 'v2']),
      };
      manifests.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: ns, labels: { [APP]: name } },
        spec: {
          replicas: 1 + rng.int(3),
          selector: { matchLabels: { [APP]: name } },
          template: {
            metadata: { labels },
            spec: {
              containers: [{
                name: component.name,
                image: `registry.example.com/${team}/${component.name}:1.${rng.int(20)}.0`,
                ports: component.ports.map(p => ({ name: p.name, containerPort: p.containerPort, protocol: 'TCP' })),
              }],
            },
          },
        },
      });
    }

    // One default-deny per namespace.
    const isolateEgress = n % 4 === 3;
    policy(ns, 'default-deny', isolateEgress
      ? {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { [NS_NAME]: 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
        }],
      }
      : { podSelector: {}, policyTypes: ['Ingress'] });
    count('default-deny');

    // One policy for every workload but one, so policies == workloads.
    const frontends = here.filter(h => h.component.tier === 'frontend');
    for (const { name, component } of here.slice(1)) {
      const metricsRule = component.ports.includes(METRICS) && rng.chance(0.1)
        ? [{
          from: [{ namespaceSelector: { matchLabels: { [NS_NAME]: 'monitoring' } }, podSelector: { matchLabels: { [APP]: 'prometheus' } } }],
          ports: [{ protocol: 'TCP', port: 'metrics' }],
        }]
        : [];
      const selector = { matchLabels: { [APP]: name } };
      switch (component.tier) {
        case 'backend': {
          const source = frontends.length > 0 ? rng.pick(frontends).name : `web-${rng.int(perNamespace)}`;
          const port = rng.chance(0.3) ? rng.pick(['http', 'grpc']) : 8080;
          policy(ns, `${name}-allow-from-${source}`, {
            podSelector: selector,
            policyTypes: ['Ingress'],
            ingress: [
              { from: [{ podSelector: { matchLabels: { [APP]: source } } }], ports: [{ protocol: 'TCP', port }] },
              ...metricsRule,
            ],
          });
          count('allow-from-app');
          break;
        }
        case 'frontend':
          policy(ns, `${name}-allow-from-team-${team}`, {
            podSelector: selector,
            policyTypes: ['Ingress'],
            ingress: [
              { from: [{ namespaceSelector: { matchLabels: { team } } }], ports: [{ protocol: 'TCP', port: 'http' }] },
              ...metricsRule,
            ],
          });
          count('allow-from-namespace');
          break;
        case 'data': {
          const peer = rng.chance(0.5)
            ? { podSelector: { matchLabels: { tier: 'backend' } } }
            : { podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'worker'] }] } };
          policy(ns, `${name}-allow-from-backends`, {
            podSelector: selector,
            policyTypes: ['Ingress'],
            ingress: [{ from: [peer], ports: component.ports.map(p => ({ protocol: 'TCP', port: p.containerPort })) }],
          });
          count('allow-from-tier');
          break;
        }
        case 'worker':
          policy(ns, `${name}-egress`, {
            podSelector: selector,
            policyTypes: ['Egress'],
            egress: [
              { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.96.0.0/12'] } }], ports: [{ protocol: 'TCP', port: 443 }] },
              { to: [{ podSelector: { matchLabels: { tier: 'data' } } }] },
            ],
          });
          count('egress-ip-block');
          break;
      }
      if (metricsRule.length > 0 && (component.tier === 'backend' || component.tier === 'frontend')) {
        count('+metrics-scrape');
      }
    }
  }

  return { manifests, namespaces, workloads, policyCount, patterns };
}
