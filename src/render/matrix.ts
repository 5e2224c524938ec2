import { formatPort } from '../analysis/model/port-spec';
import type { ReachabilityMatrix } from '../analysis/reachability-matrix';
import { workloadLabels } from '../analysis/report';

/*
 * Reachability matrices rendered as text, markdown, JSON and CSV. Rows are
 * sources and columns destinations, in the analyzer's workload order.
 */

/** The mark of an allowed cell in text and markdown. */
export const ALLOWED_MARK = '✓';

/** The mark of a denied cell in text and markdown. */
export const DENIED_MARK = '·';

/**
 * One matrix in `cdk8s-netpol matrix --output json` (docs/matrix-json.md):
 * `allowedRanges[i]` lists the destinations `sources[i]` reaches as
 * inclusive ranges of indexes into `destinations`, flat: `[0, 4, 7, 7]` is
 * destinations 0 to 4, and 7.
 */
export interface MatrixJson {
  readonly port: number;
  readonly protocol: string;
  readonly sources: string[];
  readonly destinations: string[];
  readonly allowedRanges: number[][];
}

/** The whole document of `cdk8s-netpol matrix --output json`. */
export interface MatrixReportJson {
  readonly ports: MatrixJson[];
}

/** One matrix as JSON. */
export function matrixToJson(matrix: ReachabilityMatrix): MatrixJson {
  const labels = workloadLabels(matrix.workloads);
  return {
    port: matrix.port,
    protocol: matrix.protocol,
    sources: labels,
    destinations: [...labels],
    allowedRanges: labels.map((_, i) => [...matrix._allowedRanges(i)]),
  };
}

/**
 * Writes matrices as the JSON document, one source row per line, as each
 * row is computed: memory holds one row of ranges at a time, never the
 * whole document. Parsed, it equals `{ ports: matrices.map(matrixToJson) }`.
 */
export function writeMatrixJson(matrices: ReachabilityMatrix[], write: (text: string) => void): void {
  write('{"ports":[');
  matrices.forEach((matrix, m) => {
    const labels = JSON.stringify(workloadLabels(matrix.workloads));
    write(`${m > 0 ? ',' : ''}\n{"port":${matrix.port},"protocol":${JSON.stringify(matrix.protocol)},`
      + `"sources":${labels},\n"destinations":${labels},\n"allowedRanges":[`);
    for (let i = 0; i < matrix.workloads.length; i++) {
      write(`${i > 0 ? ',' : ''}\n[${matrix._allowedRanges(i).join(',')}]`);
    }
    write(']}');
  });
  write('\n]}\n');
}

/** Matrices as the JSON document (`writeMatrixJson`) in one string. */
export function renderMatrixJson(matrices: ReachabilityMatrix[]): string {
  const parts: string[] = [];
  writeMatrixJson(matrices, text => parts.push(text));
  return parts.join('');
}

/**
 * One matrix as an aligned grid: a title line, a header of destinations,
 * then one row per source, `✓` where the source can reach the destination
 * and `·` where it cannot.
 */
export function renderMatrixText(matrix: ReachabilityMatrix): string {
  const labels = workloadLabels(matrix.workloads);
  const grid = matrix.toArray();
  const corner = 'source \\ destination';
  const first = Math.max(corner.length, ...labels.map(l => l.length));
  const widths = labels.map(l => l.length);
  const row = (head: string, cells: string[]) => [head.padEnd(first), ...cells.map((c, j) => c.padEnd(widths[j]))]
    .join('  ').trimEnd();
  const lines = [
    `${formatPort(matrix)}: ${matrix.allowedCount} of ${labels.length * labels.length} allowed (${ALLOWED_MARK} allowed, ${DENIED_MARK} denied)`,
    row(corner, labels),
    ...grid.map((cells, i) => row(labels[i], cells.map(b => (b ? ALLOWED_MARK : DENIED_MARK)))),
  ];
  return `${lines.join('\n')}\n`;
}

/** Several matrices as text, separated by a blank line. */
export function renderMatricesText(matrices: ReachabilityMatrix[]): string {
  return matrices.map(renderMatrixText).join('\n');
}

/** One matrix as a markdown table under a heading. */
export function renderMatrixMarkdown(matrix: ReachabilityMatrix): string {
  const labels = workloadLabels(matrix.workloads);
  const grid = matrix.toArray();
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `### ${formatPort(matrix)}`,
    '',
    `${matrix.allowedCount} of ${labels.length * labels.length} allowed. Rows are sources, columns destinations; `
      + `${ALLOWED_MARK} allowed, ${DENIED_MARK} denied.`,
    '',
    `| source \\ destination | ${labels.map(l => `\`${cell(l)}\``).join(' | ')} |`,
    `| --- | ${labels.map(() => ':---:').join(' | ')} |`,
    ...grid.map((cells, i) => `| \`${cell(labels[i])}\` | ${cells.map(b => (b ? ALLOWED_MARK : DENIED_MARK)).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Several matrices as markdown, separated by a blank line. */
export function renderMatricesMarkdown(matrices: ReachabilityMatrix[]): string {
  return matrices.map(renderMatrixMarkdown).join('\n');
}

/** Matrices as CSV: a header, then `port,protocol,source,destination,allowed` per pair, row by row. */
export function renderMatrixCsv(matrices: ReachabilityMatrix[]): string {
  const parts: string[] = [];
  writeMatrixCsv(matrices, text => parts.push(text));
  return parts.join('');
}

/** Writes the CSV of `renderMatrixCsv`, one source row at a time. */
export function writeMatrixCsv(matrices: ReachabilityMatrix[], write: (text: string) => void): void {
  write('port,protocol,source,destination,allowed\n');
  for (const matrix of matrices) {
    const labels = workloadLabels(matrix.workloads).map(csvField);
    const prefix = `${csvField(String(matrix.port))},${csvField(matrix.protocol)},`;
    labels.forEach((source, i) => {
      const ranges = matrix._allowedRanges(i);
      const lines: string[] = [];
      let r = 0;
      labels.forEach((destination, j) => {
        while (r < ranges.length && ranges[r + 1] < j) {
          r += 2;
        }
        const allowed = r < ranges.length && ranges[r] <= j;
        lines.push(`${prefix}${source},${destination},${allowed}\n`);
      });
      write(lines.join(''));
    });
  }
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
