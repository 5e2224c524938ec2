import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import * as netpol from '../src';
import { collectGarbage, Contender, cpuNow, now, PhaseTimes } from './harness';

/*
 * Synthesis: the same N NetworkPolicies written four ways. Every contender
 * renders, for policy i, in namespace team-<i mod 100>:
 *
 *   metadata: { name: api-<i>-ingress, namespace: team-<i mod 100> }
 *   spec:
 *     podSelector: { matchLabels: { app.kubernetes.io/name: api-<i> } }
 *     policyTypes: [Ingress]
 *     ingress: [{ from: [{ podSelector: { matchLabels: { app.kubernetes.io/name: web-<i> } } }],
 *                 ports: [{ protocol: TCP, port: 8080 }] }]
 *
 * Each run builds a fresh App (charts without a namespace), so no
 * contender's objects are in another's app.
 */

/** The contenders, in table order. The first one is the baseline of the ratios. */
export const SYNTH_CONTENDERS = [
  'raw KubeNetworkPolicy',
  'netpol NetworkPolicy',
  'netpol AllowFromApp',
  'cdk8s-plus-28 NetworkPolicy',
] as const;

export type SynthContenderName = typeof SYNTH_CONTENDERS[number];

/** One policy to write. */
export interface SynthInput {
  readonly namespace: string;
  /** Base name; every contender renders "<base>-ingress". */
  readonly base: string;
  readonly destination: string;
  readonly source: string;
  readonly port: number;
}

const APP_LABEL = 'app.kubernetes.io/name';

/** The library under test: this tree's `src/`, or another checkout's for an A/B run. */
export type NetpolLibrary = typeof netpol;

/** The N policies every contender writes. */
export function synthInputs(n: number): SynthInput[] {
  const inputs: SynthInput[] = [];
  for (let i = 0; i < n; i++) {
    inputs.push({ namespace: `team-${i % 100}`, base: `api-${i}`, destination: `api-${i}`, source: `web-${i}`, port: 8080 });
  }
  return inputs;
}

/** Builds the chart of one contender: the "construct" phase. */
export function construct(contender: SynthContenderName, inputs: readonly SynthInput[], lib: NetpolLibrary = netpol): Chart {
  const { AllowFromApp, NetworkPolicy, Peer, Port, Selector } = lib;
  const chart = new Chart(new App(), 'Bench');
  switch (contender) {
    case 'raw KubeNetworkPolicy':
      inputs.forEach((p, i) => new k8s.KubeNetworkPolicy(chart, `P${i}`, {
        metadata: { name: `${p.base}-ingress`, namespace: p.namespace },
        spec: {
          podSelector: { matchLabels: { [APP_LABEL]: p.destination } },
          policyTypes: ['Ingress'],
          ingress: [{
            from: [{ podSelector: { matchLabels: { [APP_LABEL]: p.source } } }],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(p.port) }],
          }],
        },
      }));
      break;
    case 'netpol NetworkPolicy':
      inputs.forEach((p, i) => new NetworkPolicy(chart, `P${i}`, {
        name: `${p.base}-ingress`,
        namespace: p.namespace,
        selector: Selector.app(p.destination),
        ingress: [{ peers: [Peer.pods(Selector.app(p.source))], ports: [Port.tcp(p.port)] }],
      }));
      break;
    case 'netpol AllowFromApp':
      inputs.forEach((p, i) => new AllowFromApp(chart, `P${i}`, {
        name: p.base,
        namespace: p.namespace,
        sourceNamespace: p.namespace,
        destination: Selector.app(p.destination),
        source: Selector.app(p.source),
        ports: [Port.tcp(p.port)],
        mirrorEgress: false,
      }));
      break;
    case 'cdk8s-plus-28 NetworkPolicy':
      inputs.forEach((p, i) => new kplus.NetworkPolicy(chart, `P${i}`, {
        metadata: { name: `${p.base}-ingress`, namespace: p.namespace },
        selector: kplus.Pods.select(chart, `S${i}`, { labels: { [APP_LABEL]: p.destination } }),
        ingress: {
          rules: [{
            peer: kplus.Pods.select(chart, `F${i}`, { labels: { [APP_LABEL]: p.source } }),
            ports: [kplus.NetworkPolicyPort.tcp(p.port)],
          }],
        },
      }));
      break;
  }
  return chart;
}

/** What one synthesis run produced. */
export interface SynthRun {
  readonly times: PhaseTimes;
  readonly manifests: any[];
  readonly yaml: string;
}

/**
 * Runs one contender once. Phases:
 * - `construct`: new App and Chart, N constructs (and, for cdk8s-plus-28,
 *   its `Pods.select` selector constructs);
 * - `toJson`: `chart.toJson()`: cdk8s runs every `node.addValidation` check
 *   of the chart (ours: per policy, `PolicyValidator` on the rendered
 *   object, plus the chart guard), then resolves and sorts every object;
 * - `construct+toJson`: the sum, the figure the targets are about;
 * - `cpu:construct+toJson`: the CPU time (all threads) of the same;
 * - `objectsToJson`: `toJson()` of each ApiObject, without validation,
 *   for contrast;
 * - `yaml`: `Yaml.stringify()` of the `chart.toJson()` result.
 *
 * `between` runs between phases (the memory probe of the child process);
 * `lib` is the library under test (this tree's `src/` by default).
 */
export function runSynth(contender: SynthContenderName, inputs: readonly SynthInput[], between?: () => void, lib?: NetpolLibrary): SynthRun {
  const c0 = cpuNow();
  const t0 = now();
  const chart = construct(contender, inputs, lib);
  const t1 = now();
  const c1 = cpuNow();
  between?.();
  const c2 = cpuNow();
  const t2 = now();
  const manifests = chart.toJson();
  const t3 = now();
  const c3 = cpuNow();
  between?.();
  const t4 = now();
  const objects = chart.node.findAll().filter(ApiObject.isApiObject).map(o => o.toJson());
  const t5 = now();
  between?.();
  const t6 = now();
  const yaml = Yaml.stringify(...manifests);
  const t7 = now();
  between?.();
  if (objects.length !== inputs.length) {
    throw new Error(`${contender}: expected ${inputs.length} objects, got ${objects.length}`);
  }
  return {
    times: {
      'construct': t1 - t0,
      'toJson': t3 - t2,
      'construct+toJson': (t1 - t0) + (t3 - t2),
      'cpu:construct+toJson': (c1 - c0) + (c3 - c2),
      'objectsToJson': t5 - t4,
      'yaml': t7 - t6,
    },
    manifests,
    yaml,
  };
}

/** The side-by-side contenders for `compareSideBySide`. */
export function synthContenders(inputs: readonly SynthInput[]): Contender[] {
  return SYNTH_CONTENDERS.map(name => ({
    name,
    run: () => runSynth(name, inputs).times,
  }));
}

/** How one contender's output differs from the baseline's. */
export interface Equivalence {
  readonly contender: string;
  /** Whether `Yaml.stringify` output is byte-identical to the baseline's. */
  readonly identicalYaml: boolean;
  /** How many objects differ (as canonical JSON). */
  readonly differingObjects: number;
  /** The first few differences, as "object i: path: ours vs baseline". */
  readonly examples: string[];
}

/**
 * Synthesizes `inputs` once with each contender and compares every object
 * with the baseline's (the first contender), field by field.
 */
export function checkEquivalence(inputs: readonly SynthInput[]): Equivalence[] {
  const runs = SYNTH_CONTENDERS.map(name => ({ name, run: runSynth(name, inputs) }));
  const [baseline, ...others] = runs;
  collectGarbage();
  return others.map(({ name, run }) => {
    const examples: string[] = [];
    let differing = 0;
    const count = Math.max(run.manifests.length, baseline.run.manifests.length);
    for (let i = 0; i < count; i++) {
      const diffs = diffJson(run.manifests[i], baseline.run.manifests[i], '');
      if (diffs.length > 0) {
        differing++;
        if (examples.length < 3) {
          examples.push(`object ${i}: ${diffs.slice(0, 2).join('; ')}`);
        }
      }
    }
    return { contender: name, identicalYaml: run.yaml === baseline.run.yaml, differingObjects: differing, examples };
  });
}

/** The differences between two JSON values, as "path: a vs b". */
export function diffJson(a: unknown, b: unknown, at: string): string[] {
  if (a === b) {
    return [];
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return [`${at || '.'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of keys) {
    out.push(...diffJson((a as any)[k], (b as any)[k], Array.isArray(a) ? `${at}[${k}]` : `${at}.${k}`));
  }
  return out;
}
