import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { evaluate, run, snippets, typeCheck } from './readme-snippets';
import { ShopChart } from '../../examples/shop';
import { main } from '../../src/cli';
import { netpolMatchers } from '../../src/testing/jest';

const ALL = snippets('README.md');

describe('README |', () => {
  test('has TypeScript examples', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(4);
  });

  test('every TypeScript example compiles', () => {
    expect(typeCheck(ALL)).toEqual([]);
  });

  test.each(ALL.filter(s => s.yaml !== undefined).map(s => [`${s.file}:${s.line}`, s] as const))(
    'the example at %s emits the YAML shown below it', (_where, s) => {
      expect(run(s)).toEqual(s.yaml);
    });

  test('the PolicyAnalyzer example returns what its comments say', () => {
    // GIVEN
    const snippet = ALL.find(s => s.code.includes('PolicyAnalyzer.fromChart'))!;

    // WHEN
    const { analyzer, web, api } = evaluate(snippet, ['analyzer', 'web', 'api']);

    // THEN
    expect(analyzer.canReach({ source: web, destination: api, port: 8080 }).allowed).toBe(true);
    expect(analyzer.canReach({ source: web, destination: api, port: 8080 }).ingress.allowedBy)
      .toEqual({ namespace: 'shop', name: 'api-allow-from-web', direction: 'Ingress', ruleIndex: 0 });
    expect(analyzer.canReach({ source: api, destination: web, port: 8080 }).ingress.reason).toEqual('NoRules');
  });

  test('the cdk8s-netpol test output shown is what the example app gives', async () => {
    // GIVEN
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const shown = /```console\n\$ npx cdk8s-netpol test examples\/dist --probes examples\/probes\.yaml\n([\s\S]*?)```/.exec(readme)![1];
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
    const app = new App({ outdir, outputFileExtension: '.k8s.yaml' });
    new ShopChart(app, 'shop');
    app.synth();
    let stdout = '';
    const io = { stdout: { write: (t: string) => { stdout += t; return true; } }, stderr: { write: () => true } };

    // WHEN
    const code = await main(['test', outdir, '--probes', path.join(__dirname, '..', '..', 'examples', 'probes.yaml')], io as any);

    // THEN
    expect(code).toEqual(0);
    expect(stdout).toEqual(shown);
  });

  test('the jest matcher example passes, and its failure message is the one shown', () => {
    // GIVEN
    const snippet = ALL.find(s => s.code.includes("import 'cdk8s-netpol/lib/testing/jest'"))!;
    const subjects: any[] = [];
    const recordingExpect = (subject: any) => {
      subjects.push(subject);
      return expect(subject);
    };

    // WHEN
    evaluate(snippet, [], { test: (_name: string, body: () => void) => body(), expect: recordingExpect });

    // THEN
    expect(subjects).toHaveLength(2);
    expect(netpolMatchers.toAllow(subjects[1], { from: 'shop/web', to: 'shop/db', port: 8080 }).message()).toEqual(snippet.text!.trimEnd());
  });

  test('the invariant example fails the synth with the message shown', () => {
    // GIVEN
    const snippet = ALL.find(s => s.code.includes('new AllowOnlyFrom('))!;

    // THEN
    expect(() => evaluate(snippet, [])).toThrow(snippet.text!.trimEnd());
  });

  test('the PolicyChecks example fails the synth with exactly the messages shown', () => {
    // GIVEN
    const snippet = ALL.find(s => s.code.includes('PolicyChecks.of(app).enable('))!;

    // WHEN
    let message = '';
    try {
      evaluate(snippet, []);
    } catch (e) {
      message = (e as Error).message;
    }

    // THEN
    expect(message).toEqual(snippet.text!.trimEnd());
  });
});
