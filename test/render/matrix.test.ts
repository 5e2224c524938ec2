import { PolicyAnalyzer, Workload } from '../../src/analysis';
import {
  matrixToJson,
  renderMatricesMarkdown,
  renderMatricesText,
  renderMatrixCsv,
  renderMatrixJson,
} from '../../src/render';
import { smallAnalyzer as small } from '../analysis/_support';

describe('render matrix |', () => {
  test('renders text, markdown, JSON and CSV (inline manifests)', () => {
    // GIVEN
    const analyzer = small();
    const matrices = [analyzer.matrix({ port: 80 })];

    // WHEN
    const text = renderMatricesText(matrices);
    const markdown = renderMatricesMarkdown(matrices);
    const json = renderMatrixJson(matrices);
    const csv = renderMatrixCsv(matrices);

    // THEN
    expect(text).toMatchSnapshot();
    expect(markdown).toMatchSnapshot();
    expect(json).toMatchSnapshot();
    expect(csv).toMatchSnapshot();
    expect(text.split('\n')[0]).toBe('TCP 80: 14 of 16 allowed (✓ allowed, · denied)');
    expect(JSON.parse(json)).toEqual({ ports: [matrixToJson(matrices[0])] });
    expect(matrixToJson(matrices[0]).allowedRanges[3]).toEqual([0, 1, 3, 3]);
    expect(csv).toContain('80,TCP,203.0.113.1,shop/db,false\n');
  });

  test('quotes CSV fields that hold commas', () => {
    // GIVEN: a workload without a name is named after its labels, with commas
    const analyzer = PolicyAnalyzer.fromManifests([]);
    analyzer.addWorkload(Workload.of('shop', { app: 'web', tier: 'front' }));

    // WHEN
    const csv = renderMatrixCsv([analyzer.matrix({ port: 80 })]);

    // THEN
    expect(csv).toBe('port,protocol,source,destination,allowed\n80,TCP,"shop/app=web,tier=front","shop/app=web,tier=front",true\n');
  });
});
