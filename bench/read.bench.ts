import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { Yaml } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import * as netpol from '../src';
import { GeneratedCluster, generateCluster } from './generate';
import { Contender, cpuNow, now, PhaseTimes } from './harness';
import { diffJson } from './synth.bench';
import { loadManifests } from '../src/analysis/load';
import { ManifestReader } from '../src/analysis/manifests/reader';
import { collectManifestFiles, readFileOrThrow, readManifests } from '../src/cli/manifests';

/*
 * Reading manifests: a generated cluster written as a cdk8s dist/ (several
 * YAML files) and as JSON files, read back the way the CLI reads them and
 * with other parsers, after checking that every parser returns the objects
 * that were written.
 */

/** The contenders, in table order. The first one is the baseline of the ratios. */
export const READ_CONTENDERS = [
  'netpol ManifestReader',
  'netpol ManifestReader, reference parser only',
  'yaml, default options',
  'js-yaml loadAll',
  'JSON.parse',
  'netpol ManifestReader on .json',
  'CLI read path',
] as const;

export type ReadContenderName = typeof READ_CONTENDERS[number];

/** How many files a manifest set is split into, as a cdk8s app with several charts would. */
export const READ_FILES = 16;

/**
 * Workloads of the set read side by side, and of the dist/ read once in a
 * fresh process. `yaml` parses about 1–2 MB/s on the reference machine, so
 * a side-by-side round of six contenders costs about 3 s per MB of YAML:
 * the side-by-side set is about 1.2 MB (1,000 workloads), and the dist/
 * of about 40 MB (35,000 workloads) is read once, as the CLI reads it.
 */
export function readSizes(quick: boolean): { readonly compare: number; readonly dist: number } {
  return quick ? { compare: 200, dist: 1_000 } : { compare: 1_000, dist: 35_000 };
}

/** A manifest set written to disk: the same objects as YAML files and as JSON files. */
export interface ManifestSet {
  /** The temporary directory holding `yaml/` and `json/`; remove it with `removeManifestSet`. */
  readonly dir: string;
  readonly yamlDir: string;
  readonly jsonDir: string;
  readonly yamlFiles: string[];
  readonly jsonFiles: string[];
  readonly yamlBytes: number;
  readonly jsonBytes: number;
  /** How many objects were written (Namespaces, Deployments, NetworkPolicies). */
  readonly objects: number;
  readonly workloads: number;
  readonly policies: number;
  readonly namespaces: number;
}

/**
 * Writes `cluster` under a new directory of os.tmpdir(), in `READ_FILES`
 * files of whole namespaces: `yaml/chart-NN.k8s.yaml` with cdk8s
 * `Yaml.stringify` (what `cdk8s synth` writes), and `json/chart-NN.k8s.json`,
 * each a JSON array of the same objects (`chart.toJson()` saved, indented by
 * 2; left out when `json` is false). Object i of the set is object i of the
 * concatenated files.
 */
export function writeManifestSet(cluster: GeneratedCluster, options: { readonly files?: number; readonly json?: boolean } = {}): ManifestSet {
  const files = options.files ?? READ_FILES;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-netpol-bench-read-'));
  const yamlDir = path.join(dir, 'yaml');
  const jsonDir = path.join(dir, 'json');
  fs.mkdirSync(yamlDir);
  fs.mkdirSync(jsonDir);
  // Namespaces come first in their group, so a chunk starts at a Namespace.
  const starts = cluster.manifests.flatMap((m, i) => (m.kind === 'Namespace' ? [i] : []));
  const perFile = Math.ceil(starts.length / files);
  const yamlFiles: string[] = [];
  const jsonFiles: string[] = [];
  let yamlBytes = 0;
  let jsonBytes = 0;
  for (let f = 0; f * perFile < starts.length; f++) {
    const from = starts[f * perFile];
    const to = (f + 1) * perFile < starts.length ? starts[(f + 1) * perFile] : cluster.manifests.length;
    const chunk = cluster.manifests.slice(from, to);
    const name = `chart-${String(f).padStart(2, '0')}.k8s`;
    const yaml = Yaml.stringify(...chunk);
    yamlFiles.push(path.join(yamlDir, `${name}.yaml`));
    fs.writeFileSync(yamlFiles[yamlFiles.length - 1], yaml);
    yamlBytes += Buffer.byteLength(yaml);
    if (options.json ?? true) {
      const json = `${JSON.stringify(chunk, null, 2)}\n`;
      jsonFiles.push(path.join(jsonDir, `${name}.json`));
      fs.writeFileSync(jsonFiles[jsonFiles.length - 1], json);
      jsonBytes += Buffer.byteLength(json);
    }
  }
  return {
    dir,
    yamlDir,
    jsonDir,
    yamlFiles,
    jsonFiles,
    yamlBytes,
    jsonBytes,
    objects: cluster.manifests.length,
    workloads: cluster.workloads.length,
    policies: cluster.policyCount,
    namespaces: cluster.namespaces.length,
  };
}

/** Generates a cluster of `workloads` and writes it with `writeManifestSet` (JSON files too, unless `json` is false). */
export function manifestSet(workloads: number, json = true): { set: ManifestSet; manifests: any[] } {
  const cluster = generateCluster({ workloads });
  return { set: writeManifestSet(cluster, { json }), manifests: cluster.manifests };
}

/** Removes the files of `writeManifestSet`. */
export function removeManifestSet(set: ManifestSet): void {
  fs.rmSync(set.dir, { recursive: true, force: true });
}

/** The part of js-yaml (3 or 4) the benchmark calls. */
interface JsYaml {
  loadAll(text: string, iterator: (doc: unknown) => void): void;
}

/** js-yaml as it resolves from bench/ (a transitive dependency, not one of ours), or why it does not. */
export function loadJsYaml(): { readonly lib?: JsYaml; readonly version?: string; readonly problem?: string } {
  try {
    const main = require.resolve('js-yaml', { paths: [__dirname] });
    const pkg = require.resolve('js-yaml/package.json', { paths: [__dirname] });
    /* eslint-disable @typescript-eslint/no-require-imports */
    return { lib: require(main) as JsYaml, version: (require(pkg) as { version: string }).version };
    /* eslint-enable @typescript-eslint/no-require-imports */
  } catch (e) {
    return { problem: `js-yaml does not resolve from bench/ (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
  }
}

/** What one read produced. */
export interface ReadRun {
  readonly times: PhaseTimes;
  /** The objects read, in file order. */
  readonly manifests: any[];
  /** The analyzer of the CLI read path. */
  readonly analyzer?: netpol.PolicyAnalyzer;
}

/**
 * Reads `set` once with one contender. Phases:
 * - `io`: reading the files (`fs.readFileSync`; bytes for our loader, as
 *   the CLI reads them, UTF-8 text for the others);
 * - `parse`: parsing them into objects;
 * - `read`: the sum, the figure compared (for the CLI read path,
 *   `collectManifestFiles` + `readManifests`, whose IO and parsing
 *   alternate file by file);
 * - `cpu:read`: its CPU time (all threads);
 * - CLI read path only: `analyzer` (`PolicyAnalyzer.fromManifests` and its
 *   `issues`), `read+analyzer` and `cpu:read+analyzer`.
 *
 * `between` runs between phases (the memory probe of the child process);
 * it is told which phase ended.
 */
export function runRead(contender: ReadContenderName, set: ManifestSet, jsYaml?: JsYaml, between?: (phase: string) => void): ReadRun {
  if (contender === 'CLI read path') {
    return runCliRead(set.yamlDir, between);
  }
  const json = contender === 'JSON.parse' || contender === 'netpol ManifestReader on .json';
  const files = json ? set.jsonFiles : set.yamlFiles;
  const ours = contender.startsWith('netpol ManifestReader');
  const manifests: any[] = [];
  let io = 0;
  let parse = 0;
  const c0 = cpuNow();
  for (const file of files) {
    const t0 = now();
    const input = ours ? readFileOrThrow(file) : fs.readFileSync(file, 'utf-8');
    const t1 = now();
    const objects = parseWith(contender, input, file, jsYaml);
    const t2 = now();
    for (const o of objects) {
      manifests.push(o);
    }
    io += t1 - t0;
    parse += t2 - t1;
  }
  const c1 = cpuNow();
  between?.('read');
  return { times: { 'io': io, 'parse': parse, 'read': io + parse, 'cpu:read': c1 - c0 }, manifests };
}

function parseWith(contender: ReadContenderName, input: string | Buffer, file: string, jsYaml?: JsYaml): any[] {
  switch (contender) {
    case 'netpol ManifestReader':
    case 'netpol ManifestReader on .json':
      return new ManifestReader().objects(input, file);
    case 'netpol ManifestReader, reference parser only':
      return new ManifestReader({ referenceOnly: true }).objects(input, file);
    case 'yaml, default options': {
      const out: any[] = [];
      const documents = parseAllDocuments(input as string);
      if (!Array.isArray(documents)) {
        return out; // an empty stream
      }
      for (const doc of documents) {
        if (doc.errors.length > 0) {
          throw new Error(`${file}: ${doc.errors[0].message}`);
        }
        const value = doc.toJS();
        if (value !== null && value !== undefined) {
          out.push(value);
        }
      }
      return out;
    }
    case 'js-yaml loadAll': {
      if (!jsYaml) {
        throw new Error('js-yaml is not available');
      }
      const out: any[] = [];
      jsYaml.loadAll(input as string, doc => {
        if (doc !== null && doc !== undefined) {
          out.push(doc);
        }
      });
      return out;
    }
    case 'JSON.parse': {
      const value = JSON.parse(input as string);
      return Array.isArray(value) ? value : [value];
    }
    default:
      throw new Error(`${contender} does not parse files one by one`);
  }
}

/**
 * The CLI's read path on a directory, up to a `PolicyAnalyzer`: the calls
 * `analyzerForPaths()` makes (`collectManifestFiles`, `readManifests`,
 * which reads each file and parses it with `ManifestReader`, then
 * `loadManifests` and the analyzer: sort, validate, compile), timed apart.
 */
export function runCliRead(dir: string, between?: (phase: string) => void): ReadRun {
  const c0 = cpuNow();
  const t0 = now();
  const manifests = readManifests(collectManifestFiles([dir]));
  const t1 = now();
  const c1 = cpuNow();
  between?.('read');
  const c2 = cpuNow();
  const t2 = now();
  const analyzer = netpol.PolicyAnalyzer._fromLoaded(loadManifests(manifests));
  const issues = analyzer.issues;
  const t3 = now();
  const c3 = cpuNow();
  between?.('analyzer');
  if (issues.length > 0) {
    throw new Error(`generated policies have issues: ${JSON.stringify(issues.slice(0, 3))}`);
  }
  return {
    times: {
      'read': t1 - t0,
      'cpu:read': c1 - c0,
      'analyzer': t3 - t2,
      'read+analyzer': (t1 - t0) + (t3 - t2),
      'cpu:read+analyzer': (c1 - c0) + (c3 - c2),
    },
    manifests,
    analyzer,
  };
}

/** Whether one contender read back the objects that were written. */
export interface ReadEquivalence {
  readonly contender: string;
  /** How many objects it returned. */
  readonly objects: number;
  /** How many objects differ from the written ones (`util.isDeepStrictEqual`). */
  readonly differingObjects: number;
  /** The first few differences, as "object i: path: read vs written". */
  readonly examples: string[];
}

/**
 * Reads `set` once with each contender and compares every object with the
 * one written, deeply (`util.isDeepStrictEqual`: same keys, values, types
 * and prototypes). For the CLI read path, the analyzer must also have every
 * workload and policy, and no issues.
 */
export function checkReadEquivalence(
  contenders: readonly ReadContenderName[], set: ManifestSet, written: readonly any[], jsYaml?: JsYaml,
): ReadEquivalence[] {
  return contenders.map(contender => {
    const run = runRead(contender, set, jsYaml);
    const examples: string[] = [];
    let differing = 0;
    if (run.manifests.length !== written.length) {
      examples.push(`${run.manifests.length} objects read, ${written.length} written`);
    }
    const count = Math.max(run.manifests.length, written.length);
    for (let i = 0; i < count; i++) {
      if (!isDeepStrictEqual(run.manifests[i], written[i])) {
        differing++;
        if (examples.length < 3) {
          const diffs = diffJson(run.manifests[i], written[i], '');
          examples.push(`object ${i}: ${diffs.length > 0 ? diffs.slice(0, 2).join('; ') : 'same JSON, different types or prototypes'}`);
        }
      }
    }
    if (run.analyzer) {
      const found = `${run.analyzer.workloads.length} workloads and ${run.analyzer.policies.length} policies`;
      if (run.analyzer.workloads.length !== set.workloads || run.analyzer.policies.length !== set.policies) {
        examples.push(`the analyzer has ${found}, ${set.workloads} and ${set.policies} were written`);
      }
    }
    return { contender, objects: run.manifests.length, differingObjects: differing, examples };
  });
}

/** The side-by-side contenders for `compareSideBySide`; each checks how many objects it read. */
export function readContenders(contenders: readonly ReadContenderName[], set: ManifestSet, jsYaml?: JsYaml): Contender[] {
  return contenders.map(name => ({
    name,
    run: () => {
      const run = runRead(name, set, jsYaml);
      if (run.manifests.length !== set.objects) {
        throw new Error(`${name}: read ${run.manifests.length} objects, ${set.objects} were written`);
      }
      return run.times;
    },
  }));
}
