import * as fs from 'fs';
import * as path from 'path';
import { CliError, messageOf } from './cli-error';
import { PolicyAnalyzer } from '../analysis/analyzer';
import { loadManifests } from '../analysis/load';
import { ManifestReader } from '../analysis/manifests/reader';
import { SourcedObject } from '../analysis/manifests/source';
import { PolicyIssue } from '../analysis/model/policy-issue';

/*
 * File IO for manifests: PATH arguments -> files -> documents -> analyzer.
 */

/** Files a directory contributes: YAML and JSON, found recursively. */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/**
 * The files named by PATH arguments, in argument order. A directory
 * contributes its `*.yaml`, `*.yml` and `*.json` files, recursively, sorted
 * by path. Symbolic links to directories are not followed.
 */
export function collectManifestFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    const stat = statOrThrow(p);
    if (stat.isDirectory()) {
      const found = walk(p).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (found.length === 0) {
        throw new CliError(`${p}: no manifests found (looked for *.yaml, *.yml and *.json files)`);
      }
      files.push(...found);
    } else {
      files.push(p);
    }
  }
  return files;
}

/** Reads and parses files (strict YAML, several documents each) with one reader, each object with its source. */
export function readManifests(files: string[]): SourcedObject[] {
  const reader = new ManifestReader();
  return files.flatMap(file => reader.objects(readFileOrThrow(file), file));
}

/** Reads manifests and builds the analyzer; refuses policies the API server would reject. */
export function analyzerForPaths(paths: string[]): PolicyAnalyzer {
  const analyzer = PolicyAnalyzer._fromLoaded(loadManifests(readManifests(collectManifestFiles(paths))));
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
    } else if ((entry.isFile() || entry.isSymbolicLink()) && MANIFEST_FILE.test(entry.name)) {
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
