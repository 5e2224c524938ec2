import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import * as ts from 'typescript';

/** A TypeScript example of a doc, and the YAML block that follows it. */
export interface Snippet {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly yaml?: string;
  readonly text?: string;
}

const ROOT = path.join(__dirname, '..', '..');

/**
 * The ```ts blocks of a Markdown file, each with the ```yaml block right
 * after it, if any.
 */
export function snippets(file: string): Snippet[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const blocks = [...text.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)];
  const result: Snippet[] = [];
  blocks.forEach((block, i) => {
    if (block[1] !== 'ts') {
      return;
    }
    const next = blocks[i + 1];
    const between = next ? text.slice(block.index! + block[0].length, next.index) : '';
    const adjacent = next && !/```|^#/m.test(between);
    const yaml = adjacent && next[1] === 'yaml' ? next[2] : undefined;
    const output = adjacent && next[1] === 'text' ? next[2] : undefined;
    const line = text.slice(0, block.index).split('\n').length;
    result.push({ file, line, code: block[2], yaml, text: output });
  });
  return result;
}

function virtualName(s: Snippet): string {
  return path.join(ROOT, 'test', 'docs', `__${path.basename(s.file)}_${s.line}.ts`);
}

function rewrite(code: string): string {
  return code
    .replace(/'cdk8s-netpol'/g, `'${path.join(ROOT, 'src')}'`)
    .replace(/'cdk8s-netpol\/lib\/([^']+)'/g, (_m, rest) => `'${path.join(ROOT, 'src', rest)}'`);
}

/**
 * Type-checks all snippets as a user would compile them; returns the
 * diagnostics, each naming the doc and line.
 */
export function typeCheck(all: Snippet[]): string[] {
  const files = new Map(all.map(s => [virtualName(s), rewrite(s.code)]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node', 'jest'],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = f => files.get(f) ?? readFile(f);
  host.fileExists = f => files.has(f) || fileExists(f);
  host.getSourceFile = (f, lang, onError) => files.has(f)
    ? ts.createSourceFile(f, files.get(f)!, lang)
    : getSourceFile(f, lang, onError);
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program)
    // Problems of the snippets, and of the options themselves (no file); not those of the library's own sources.
    .filter(d => !d.file || files.has(d.file.fileName))
    .map(d => {
      if (!d.file) {
        return `compiler options: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      }
      const s = all.find(x => virtualName(x) === d.file!.fileName)!;
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${s.file}:${s.line + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
}

/**
 * Runs a snippet and returns the values of the top-level variables named.
 */
export function evaluate(s: Snippet, names: string[], globals: { [name: string]: unknown } = {}): { [name: string]: any } {
  const exported = names.map(n => `exports.${n} = ${n};`).join('\n');
  const js = ts.transpileModule(`${rewrite(s.code)}\n${exported}\n`, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const mod = { exports: {} as { [name: string]: any } };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'module', 'exports', ...Object.keys(globals), js)(require, mod, mod.exports, ...Object.values(globals));
  return mod.exports;
}

/**
 * Runs a snippet and returns the YAML of the NetworkPolicies of the `chart`
 * it declares.
 */
export function run(s: Snippet): string {
  const { chart } = evaluate(s, ['chart']);
  return Yaml.stringify(...chart.toJson().filter((o: { kind: string }) => o.kind === 'NetworkPolicy' || o.kind === 'ClusterNetworkPolicy'));
}
