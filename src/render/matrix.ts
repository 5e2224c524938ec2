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

/** One matrix in `cdk8s-netpol matrix --output json`. */
export interface MatrixJson {
  readonly port: number;
  readonly protocol: string;
  readonly sources: string[];
  readonly destinations: string[];
  /** `allowed[i][j]`: whether `sources[i]` can reach `destinations[j]`. */
  readonly allowed: boolean[][];
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
    allowed: matrix.toArray(),
  };
}

/** Several matrices as the JSON document, pretty-printed (rows on one line), ending with a newline. */
export function renderMatrixJson(matrices: ReachabilityMatrix[]): string {
  const report: MatrixReportJson = { ports: matrices.map(matrixToJson) };
  // Keep each row of `allowed` on one line, so the grid stays readable.
  const text = JSON.stringify(report, (_key, value) => (
    Array.isArray(value) && value.length > 0 && value.every(v => typeof v === 'boolean') ? `\u0000${JSON.stringify(value)}` : value
  ), 2);
  return `${text.replace(/"\\u0000(\[[a-z,]*\])"/g, '$1')}\n`;
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
  const lines = ['port,protocol,source,destination,allowed'];
  for (const matrix of matrices) {
    const labels = workloadLabels(matrix.workloads);
    matrix.toArray().forEach((cells, i) => cells.forEach((allowed, j) => {
      lines.push([String(matrix.port), matrix.protocol, labels[i], labels[j], String(allowed)].map(csvField).join(','));
    }));
  }
  return `${lines.join('\n')}\n`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
