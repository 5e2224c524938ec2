import { IConstruct } from 'constructs';
import { SynthPass } from './synth-pass';
import { PolicyError } from '../core/errors';

/**
 * The lint findings that fail synthesis: those of this severity or a more serious one.
 */
export enum LintFailureLevel {
  /** Findings of severity error. */
  ERROR = 'error',
  /** Findings of severity warning or error. */
  WARNING = 'warning',
  /** Every finding, notes included. */
  NOTE = 'note',
}

/**
 * Options for `PolicyChecks.enable()`.
 */
export interface PolicyChecksOptions {
  /**
   * Fail synthesis when a workload of the app is isolated for egress and
   * cannot reach the cluster DNS (`Conventions.dns`) on its UDP port. Set
   * it to false for an app whose isolated pods resolve no names.
   *
   * @default true
   */
  readonly dns?: boolean;

  /**
   * Fail synthesis when a rule names a port (`Port.named('metrics')`) that
   * none of the pods it applies to declares, while the app declares those
   * pods; the message suggests the closest declared name.
   *
   * @default true
   */
  readonly namedPorts?: boolean;

  /**
   * Run the lint rules of `cdk8s-netpol lint` at synthesis, and fail on
   * findings at or above this level.
   *
   * @default - the lint rules do not run at synthesis
   */
  readonly lint?: LintFailureLevel;
}

/**
 * The synth-time checks of an app: every NetworkPolicy of every chart is
 * checked when the app is synthesized, whatever made it (a library
 * construct, a raw `ApiObject` or `KubeNetworkPolicy`, cdk8s-plus),
 * after JSON patches.
 *
 * Charts that hold a NetworkPolicy of this library are checked without
 * asking; `enable()` extends the checks to every chart of the app, and
 * sets which run. At each synthesis:
 * - a policy the API server would reject fails, at its construct path;
 * - two policies with the same namespace and name fail;
 * - a workload of the app that is isolated for egress and cannot reach the
 *   cluster DNS fails, on the first policy that isolates it (`dns`);
 * - a named port that no pod of the app selected by the rule declares
 *   fails, with the closest declared name (`namedPorts`);
 * - lint findings at or above `lint` fail.
 *
 * The app's manifests are analyzed once per synthesis.
 *
 * @example
 * const app = new App();
 * PolicyChecks.of(app).enable({ lint: LintFailureLevel.WARNING });
 */
export class PolicyChecks {
  /**
   * The checks of the app that `scope` belongs to.
   *
   * @param scope the app, or any construct of it
   */
  public static of(scope: IConstruct): PolicyChecks {
    if (scope === null || typeof scope !== 'object' || !('node' in scope)) {
      throw new PolicyError('InvalidScope', 'PolicyChecks.of() takes a construct: the app, or a chart of it.');
    }
    return new PolicyChecks(SynthPass.of(scope));
  }

  private constructor(private readonly pass: SynthPass) {}

  /**
   * Checks every chart of the app at synthesis, with these options.
   * Options not given keep their value; call it again to change one.
   */
  public enable(options: PolicyChecksOptions = {}): void {
    if (options.lint !== undefined && !Object.values(LintFailureLevel).includes(options.lint)) {
      throw new PolicyError('InvalidLintLevel',
        `Invalid lint level ${JSON.stringify(options.lint)}: use LintFailureLevel.ERROR, WARNING or NOTE.`);
    }
    this.pass.configure({
      allCharts: true,
      ...options.dns !== undefined ? { dns: options.dns } : {},
      ...options.namedPorts !== undefined ? { namedPorts: options.namedPorts } : {},
      ...options.lint !== undefined ? { lint: options.lint } : {},
    });
  }
}
