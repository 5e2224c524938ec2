import { renderMatrixText } from './matrix';
import { renderVerdictText } from './probe-result';
import type { ReachabilityMatrix } from '../analysis/reachability-matrix';
import type { Verdict } from '../analysis/verdict';

/**
 * Text for people: verdicts and matrices as the CLI prints them.
 *
 * @example
 * const verdict = analyzer.canReach({ source: web, destination: api, port: 8080 });
 * console.log(Report.verdictToText(verdict));
 * // ALLOW shop/web -> shop/api TCP 8080  (ingress: shop/api-allow-from-web rule 0; egress: not isolated)
 */
export class Report {
  /**
   * One line: the decision, the flow, and why each direction decided as it
   * did, e.g. `ALLOW shop/web -> shop/api TCP 8080  (ingress: shop/allow-web rule 0; egress: not isolated)`.
   *
   * @param verdict a verdict of `PolicyAnalyzer.canReach()`
   */
  public static verdictToText(verdict: Verdict): string {
    return renderVerdictText(verdict, { from: verdict.source.id, to: verdict.destination.id });
  }

  /**
   * A matrix as an aligned grid: a title line, a header of destinations,
   * then one row per source, `✓` where the source can reach the destination
   * and `·` where it cannot. Ends with a newline.
   *
   * @param matrix a matrix of `PolicyAnalyzer.matrix()`
   */
  public static matrixToText(matrix: ReachabilityMatrix): string {
    return renderMatrixText(matrix);
  }

  private constructor() {
  }
}
