import { run, snippets, typeCheck } from './readme-snippets';

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
});
