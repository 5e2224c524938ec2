import * as fs from 'fs';
import * as path from 'path';
import { CliError, messageOf } from './cli-error';
import { PolicyAnalyzer } from '../analysis/analyzer';
import { withInventory } from '../analysis/inventory';
import { LoadedManifests, loadManifests } from '../analysis/load';
import { ManifestReader } from '../analysis/manifests/reader';
import { formatLocation, SourcedObject } from '../analysis/manifests/source';
import { PolicyIssue } from '../analysis/model/policy-issue';

/*
 * File IO for manifests: PATH arguments -> files -> documents -> analyzer.
 */

/** Files a directory contributes: YAML and JSON, found recursively. */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/**
 * Files that `cdk8s synth` writes beside the manifests and that hold no
 * Kubernetes object: a directory never contributes them (named as a PATH,
 * they are read, and refused, like any other file).
 */
const CDK8S_OUTPUT_FILES = new Set(['construct-metadata.json']);

/**
 * The files named by PATH arguments, in argument order. A directory
 * contributes its `*.yaml`, `*.yml` and `*.json` files, recursively, sorted
 * by path, except `construct-metadata.json`, which `cdk8s synth` writes
 * when a validation plugin is configured. Symbolic links to directories are
 * not followed.
 */
export function collectManifestFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    const stat = statOrThrow(p);
    if (stat.isDirectory()) {
      const found = walk(p).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (found.length === 0) {
        throw new CliError(`${p}: no manifests found (looked for *.yaml, *.yml and *.json files). Give the directory that holds them, e.g. the dist/ folder "cdk8s synth" writes.`);
      }
      files.push(...found);
    } else {
      files.push(p);
    }
  }
  return files;
}

/**
 * Reads and parses files (strict YAML, several documents each) with one
 * reader, each object with its source. Like `kubectl apply`, refuses a set
 * of files that holds no Kubernetes object at all (empty files, comments
 * only, Lists without items): a misspelled path must not pass silently.
 */
export function readManifests(files: string[]): SourcedObject[] {
  const reader = new ManifestReader();
  const objects = files.flatMap(file => reader.objects(readFileOrThrow(file), file));
  if (!objects.some(holdsObject)) {
    throw new CliError([
      ...files.map(file => {
        const list = objects.find(o => o.source.file === file);
        return list === undefined
          ? `${file}:1: no Kubernetes object in this file (it is empty, or holds only comments and "---")`
          : `${formatLocation({ file, line: list.source.line })}: this ${list.object.kind} has no items`;
      }),
      'no Kubernetes object found. Give files that hold objects with apiVersion and kind, e.g. the dist/ folder "cdk8s synth" writes.',
    ]);
  }
  return objects;
}

/**
 * Whether an object is a Kubernetes object, or a List that holds one. An
 * object without `kind` counts, so that the walk names what it lacks.
 */
function holdsObject(item: SourcedObject): boolean {
  const o = item.object;
  if (o.kind === 'List' && (o.items === undefined || o.items === null)) {
    return false;
  }
  if (typeof o.kind !== 'string' || !o.kind.endsWith('List') || !Array.isArray(o.items)) {
    return true;
  }
  return o.items.some((child: unknown) => child === null || typeof child !== 'object' || Array.isArray(child)
    || holdsObject({ object: child, source: item.source }));
}

/**
 * Reads the manifests under test (files or directories) and adds the
 * namespaces and workloads of `inventory` they lack (see `withInventory`).
 */
export function loadPaths(paths: string[], inventory: ReadonlyArray<LoadedManifests> = []): LoadedManifests {
  return withInventory(loadManifests(readManifests(collectManifestFiles(paths))), inventory);
}

/** Reads manifests (with `inventory`) and builds the analyzer; refuses policies the API server would reject. */
export function analyzerForPaths(paths: string[], inventory: ReadonlyArray<LoadedManifests> = []): PolicyAnalyzer {
  const analyzer = PolicyAnalyzer._fromLoaded(loadPaths(paths, inventory));
  rejectIssues(analyzer.issues);
  return analyzer;
}

/** Refuses policies the API server would reject: throws a CliError with one line per problem, if there is any. */
export function rejectIssues(issues: PolicyIssue[]): void {
  if (issues.length > 0) {
    throw new CliError(issues.map(renderIssue));
  }
}

/**
 * One line per problem of a rejected policy:
 * `shop.yaml:20: NetworkPolicy shop/bad-cidr: spec.ingress[0].from[0].ipBlock.cidr: <message>`.
 */
export function renderIssue(issue: PolicyIssue): string {
  const where = issue.file !== undefined ? `${issue.file}${issue.line !== undefined ? `:${issue.line}` : ''}: ` : '';
  const field = issue.path ? `${issue.path}: ` : '';
  const name = issue.name === '' ? '<no name>' : issue.name;
  return `${where}NetworkPolicy ${issue.namespace}/${name} is invalid: ${field}${messageOf(issue.message)}`;
}

/** The bytes of a file, or a one-line CliError naming it. */
export function readFileOrThrow(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new CliError(`${file}: ${describeFsError(e)}`);
  }
}

function statOrThrow(p: string): fs.Stats {
  try {
    return fs.statSync(p);
  } catch (e) {
    throw new CliError(`${p}: ${describeFsError(e)}`);
  }
}

function walk(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new CliError(`${dir}: ${describeFsError(e)}`);
  }
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...walk(full));
    } else if ((entry.isFile() || entry.isSymbolicLink()) && MANIFEST_FILE.test(entry.name) && !CDK8S_OUTPUT_FILES.has(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

/** A file system error in words: "no such file or directory", "permission denied", ... */
export function describeFsError(e: unknown): string {
  const code = (e as { code?: string })?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'not a directory';
    default: return `cannot read: ${messageOf(e)}`;
  }
}
