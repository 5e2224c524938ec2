import { ClassMatrix } from './rows';
import { Workload } from './workload';
import { PolicyError } from '../core/errors';
import { Protocol } from '../core/protocol';

/**
 * One cell of a `ReachabilityMatrix`.
 */
export interface MatrixEntry {
  /** The workload that opens the connection. */
  readonly source: Workload;

  /** The workload that receives it. */
  readonly destination: Workload;

  /** Whether the traffic passes. */
  readonly allowed: boolean;
}

/**
 * Who can reach whom on one port: the answer for every pair of workloads
 * of the analyzer, computed once per class of indistinguishable pods.
 *
 * Get one from `PolicyAnalyzer.matrix()`.
 */
export class ReachabilityMatrix {
  /** @internal */
  public static _create(workloads: Workload[], classes: number[], matrix: ClassMatrix, protocol: Protocol, port: number): ReachabilityMatrix {
    return new ReachabilityMatrix(workloads, classes, matrix, protocol, port);
  }

  /** The rows and columns, in order: the analyzer's workloads. */
  public readonly workloads: Workload[];

  /** The protocol of the probe. */
  public readonly protocol: Protocol;

  /** The destination port of the probe. */
  public readonly port: number;

  private readonly classes: number[];
  private readonly matrix: ClassMatrix;
  private readonly indexByWorkload: Map<Workload, number>;
  private readonly indexById: Map<string, number>;
  /** `_allowedRanges()` by source class: sources of one class have the same row. */
  private readonly rangesByClass = new Map<number, number[]>();

  private constructor(workloads: Workload[], classes: number[], matrix: ClassMatrix, protocol: Protocol, port: number) {
    this.workloads = workloads;
    this.classes = classes;
    this.matrix = matrix;
    this.protocol = protocol;
    this.port = port;
    this.indexByWorkload = new Map(workloads.map((w, i) => [w, i]));
    this.indexById = new Map();
    workloads.forEach((w, i) => {
      if (!this.indexById.has(w.id)) {
        this.indexById.set(w.id, i);
      }
    });
  }

  /**
   * Whether `source` can reach `destination` on this matrix's port.
   *
   * Both must be rows of the matrix (the same objects, or workloads with the
   * same id).
   */
  public isAllowed(source: Workload, destination: Workload): boolean {
    return this.matrix.allowed(this.classes[this.indexOf(source)], this.classes[this.indexOf(destination)]);
  }

  /**
   * The matrix as rows: `toArray()[i][j]` says whether `workloads[i]` can
   * reach `workloads[j]`.
   */
  public toArray(): boolean[][] {
    return this.classes.map(s => this.classes.map(d => this.matrix.allowed(s, d)));
  }

  /**
   * Every pair, row by row.
   */
  public entries(): MatrixEntry[] {
    const result: MatrixEntry[] = [];
    this.workloads.forEach((source, i) => {
      this.workloads.forEach((destination, j) => {
        result.push({ source, destination, allowed: this.matrix.allowed(this.classes[i], this.classes[j]) });
      });
    });
    return result;
  }

  /**
   * The destinations row `source` (an index into `workloads`) reaches, as
   * inclusive ranges of indexes, flat and in order: `[0, 4, 7, 7]` is
   * destinations 0 to 4, and 7. Computed once per class of sources.
   *
   * @internal
   */
  public _allowedRanges(source: number): number[] {
    const s = this.classes[source];
    let ranges = this.rangesByClass.get(s);
    if (!ranges) {
      ranges = [];
      const n = this.classes.length;
      let start = -1;
      for (let j = 0; j < n; j++) {
        if (this.matrix.allowed(s, this.classes[j])) {
          if (start < 0) {
            start = j;
          }
        } else if (start >= 0) {
          ranges.push(start, j - 1);
          start = -1;
        }
      }
      if (start >= 0) {
        ranges.push(start, n - 1);
      }
      this.rangesByClass.set(s, ranges);
    }
    return ranges;
  }

  /**
   * How many pairs are allowed.
   */
  public get allowedCount(): number {
    return this.matrix.countAllowed(this.classes);
  }

  private indexOf(workload: Workload): number {
    const index = this.indexByWorkload.get(workload) ?? this.indexById.get(workload?.id);
    if (index === undefined) {
      throw new PolicyError('UnknownWorkload',
        `Workload "${workload?.id}" is not in this matrix. Add it with PolicyAnalyzer.addWorkload() before calling matrix().`);
    }
    return index;
  }
}
