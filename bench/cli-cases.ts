import * as fs from 'fs';
import * as path from 'path';
import { generateCluster, Prng } from './generate';

/*
 * Inputs of the whole-process CLI benchmarks: a generated cluster written as
 * one YAML file, and a JSON probes file of all ordered pairs of workloads
 * (or a seeded sample of them), as a pipeline would check.
 */

/** An external destination every workload is probed against, on TCP 443. */
export const EXTERNAL_IP = '203.0.113.7';

/** A cluster and its probes, written to a directory. */
export interface CliCase {
  readonly dir: string;
  /** The manifests: Namespaces, Deployments and NetworkPolicies, as YAML. */
  readonly manifests: string;
  /** The probes file (JSON). */
  readonly probes: string;
  readonly workloads: number;
  readonly probeCount: number;
  readonly probesBytes: number;
}

/**
 * Writes a cluster of `workloads` workloads and its probes to `dir`.
 *
 * With `sample` unset, the probes are every ordered pair of distinct
 * workloads on TCP 8080 and on the destination's first named container
 * port, then every workload to `EXTERNAL_IP` on TCP 443:
 * `2 n (n - 1) + n` probes. With `sample`, that many pairs chosen by a seeded
 * PRNG, alternating the numeric and the named port; with 0, none (an empty list).
 */
export function writeCliCase(dir: string, workloads: number, sample?: number): CliCase {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsyaml: typeof import('js-yaml') = require('js-yaml');
  fs.mkdirSync(dir, { recursive: true });
  const cluster = generateCluster({ workloads });
  const manifests = path.join(dir, 'manifests.yaml');
  fs.writeFileSync(manifests, cluster.manifests.map(m => jsyaml.dump(m, { lineWidth: -1 })).join('---\n'));

  const portNames = new Map<string, string>();
  for (const m of cluster.manifests) {
    if (m.kind === 'Deployment') {
      portNames.set(`${m.metadata.namespace}/${m.metadata.name}`, m.spec.template.spec.containers[0].ports[0].name);
    }
  }
  const ids = cluster.workloads.map(w => `${w.namespace}/${w.name}`);
  const probes = path.join(dir, 'probes.json');
  const fd = fs.openSync(probes, 'w');
  let chunk: string[] = [];
  let count = 0;
  let bytes = 0;
  const flush = () => {
    const text = chunk.join('');
    bytes += Buffer.byteLength(text);
    fs.writeSync(fd, text);
    chunk = [];
  };
  const add = (from: string, to: string, port: number | string) => {
    const expect = count % 3 === 0 ? ',"expect":"deny"' : '';
    chunk.push(`${count === 0 ? '[\n' : ',\n'}  {"from":"${from}","to":"${to}","port":${JSON.stringify(port)}${expect}}`);
    count++;
    if (chunk.length >= 10_000) {
      flush();
    }
  };
  if (sample === undefined) {
    for (const from of ids) {
      for (const to of ids) {
        if (from !== to) {
          add(from, to, 8080);
          add(from, to, portNames.get(to)!);
        }
      }
    }
    for (const from of ids) {
      add(from, EXTERNAL_IP, 443);
    }
  } else {
    const rng = new Prng(7);
    for (let i = 0; i < sample; i++) {
      const to = ids[rng.int(ids.length)];
      add(ids[rng.int(ids.length)], to, i % 2 === 0 ? 8080 : portNames.get(to)!);
    }
  }
  chunk.push(count === 0 ? '[]\n' : '\n]\n');
  flush();
  fs.closeSync(fd);
  return { dir, manifests, probes, workloads, probeCount: count, probesBytes: bytes };
}
