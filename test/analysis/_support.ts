import * as fs from 'fs';
import * as path from 'path';
import { PolicyAnalyzer, Workload } from '../../src/analysis';
import { LoadedManifests, loadManifests, sourcedObjects } from '../../src/analysis/load';
import { ManifestReader, ReadOptions } from '../../src/analysis/manifests/reader';
import { SourcedObject } from '../../src/analysis/manifests/source';

/*
 * Helpers shared by the analysis tests.
 */

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** The text of a fixture in test/fixtures. */
export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** YAML or JSON text read as the CLI reads it: each object with its source. */
export function readYaml(text: string | Uint8Array, file: string, options?: ReadOptions): SourcedObject[] {
  return new ManifestReader(options).objects(text, file);
}

/** The objects of fixtures, with their sources. */
export function fixtureObjects(...names: string[]): SourcedObject[] {
  return names.flatMap(name => readYaml(fs.readFileSync(path.join(FIXTURES, name)), name));
}

/** The objects of fixtures, without their sources: what `chart.toJson()` would give. */
export function fixtureDocs(...names: string[]): any[] {
  return fixtureObjects(...names).map(o => o.object);
}

/** Fixtures and plain objects, loaded (objects get no file). */
export function loaded(objects: ReadonlyArray<SourcedObject>, ...plain: any[]): LoadedManifests {
  return loadManifests([...objects, ...sourcedObjects(plain)]);
}

/** An analyzer over fixtures, in order (a later object replaces an earlier one), with their sources. */
export function analyzerFor(...names: string[]): PolicyAnalyzer {
  return PolicyAnalyzer._fromLoaded(loadManifests(fixtureObjects(...names)));
}

/** A NetworkPolicy manifest. */
export function netpol(ns: string, name: string, spec: any): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

/** A Namespace manifest. */
export function namespace(name: string, labels: { [key: string]: string } = {}): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A Pod manifest. */
export function pod(ns: string, name: string, labels: { [key: string]: string }, options: {
  ports?: Array<{ containerPort: number; name?: string; protocol?: string }>;
  ips?: string[];
} = {}): any {
  const ips = options.ips ?? [];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: { containers: [{ name: 'main', image: 'nginx', ports: options.ports ?? [] }] },
    ...(ips.length > 0 ? { status: { podIP: ips[0], podIPs: ips.map(ip => ({ ip })) } } : {}),
  };
}

/** A pod or namespace pattern, as the upstream e2e `Peer`: empty fields match anything. */
export interface PeerPattern {
  readonly namespace?: string;
  readonly pod?: string;
}

/**
 * The expected truth table of an upstream e2e test, built as the upstream
 * `Reachability` builds it: start from a default, then override.
 */
export class Reachability {
  private readonly expected = new Map<string, boolean>();

  constructor(public readonly pods: string[], initial: boolean) {
    for (const s of pods) {
      for (const d of pods) {
        this.expected.set(`${s}>${d}`, initial);
      }
    }
  }

  public expectPeer(source: PeerPattern, destination: PeerPattern, allowed: boolean): this {
    for (const s of this.pods) {
      for (const d of this.pods) {
        if (matches(source, s) && matches(destination, d)) {
          this.expected.set(`${s}>${d}`, allowed);
        }
      }
    }
    return this;
  }

  public expectAllIngress(destination: string, allowed: boolean): this {
    return this.expectPeer({}, podPattern(destination), allowed);
  }

  public expectAllEgress(source: string, allowed: boolean): this {
    return this.expectPeer(podPattern(source), {}, allowed);
  }

  public expect(source: string, destination: string, allowed: boolean): this {
    return this.expectPeer(podPattern(source), podPattern(destination), allowed);
  }

  /**
   * The table as text, one row per source: `.` allowed, `X` denied, `-`
   * loopback (ignored, as upstream ignores it).
   */
  public table(allowed?: (s: string, d: string) => boolean): string {
    const lookup = allowed ?? ((s: string, d: string) => this.expected.get(`${s}>${d}`)!);
    const header = `      ${this.pods.join(' ')}`;
    const rows = this.pods.map(s => `${s.padEnd(5)} ${this.pods.map(d => (s === d ? '-' : lookup(s, d) ? '.' : 'X').padEnd(d.length)).join(' ')}`);
    return [header, ...rows].join('\n');
  }
}

function podPattern(ref: string): PeerPattern {
  const [ns, name] = ref.split('/');
  return { namespace: ns, pod: name };
}

function matches(pattern: PeerPattern, ref: string): boolean {
  const [ns, name] = ref.split('/');
  return (pattern.namespace === undefined || pattern.namespace === ns) && (pattern.pod === undefined || pattern.pod === name);
}

/** Pods web and db, a Deployment web (sharing the Pod's id), and a policy letting web into db. */
const SMALL = [
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { template: { metadata: { labels: { app: 'web', v: '2' } } } },
  },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db', namespace: 'shop', labels: { app: 'db' } } },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'db-from-web', namespace: 'shop' },
    spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] },
  },
];

/** An analyzer of `SMALL`, plus the outside address 203.0.113.1. */
export function smallAnalyzer(): PolicyAnalyzer {
  const analyzer = PolicyAnalyzer.fromManifests(SMALL);
  analyzer.addWorkload(Workload.external('203.0.113.1'));
  return analyzer;
}
