import { evaluate, run, snippets, typeCheck } from './readme-snippets';

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
});
