import { IConstruct } from 'constructs';
import { DnsTarget } from './dns';
import { PolicyError } from './errors';
import { checkLabelKey } from './private/checks';

/**
 * Conventions of an app or chart, set once with `Conventions.set()`.
 */
export interface ConventionsProps {
  /**
   * The label key that `Selector.app(name)` matches.
   *
   * @default "app.kubernetes.io/name"
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
   */
  readonly appLabelKey?: string;

  /**
   * Where pods send DNS queries; used wherever egress is isolated and DNS is
   * kept working.
   *
   * @default DnsTarget.kubeDns()
   */
  readonly dns?: DnsTarget;
}

const REGISTRY = new WeakMap<IConstruct, ConventionsProps>();

/**
 * Organization conventions that every construct of this library reads: the
 * app label key and the DNS target.
 *
 * Set them once on an App or Chart; every construct below it uses them, and
 * a setting on a nearer scope wins.
 *
 * @example
 * const app = new App();
 * Conventions.set(app, { appLabelKey: 'app', dns: DnsTarget.nodeLocal() });
 */
export class Conventions {
  /** The default app label key, from the Kubernetes recommended labels. */
  public static readonly DEFAULT_APP_LABEL_KEY = 'app.kubernetes.io/name';

  /**
   * Sets conventions for `scope` and every construct below it.
   *
   * Fields left out keep the value inherited from the enclosing scopes.
   */
  public static set(scope: IConstruct, props: ConventionsProps): void {
    if (props.appLabelKey !== undefined) {
      try {
        checkLabelKey(props.appLabelKey);
      } catch (e) {
        throw new PolicyError('InvalidConvention', `[${scope.node.path || '<root>'}] Conventions.appLabelKey: ${(e as Error).message}`);
      }
    }
    REGISTRY.set(scope, { ...REGISTRY.get(scope), ...props });
  }

  /**
   * The conventions in force at `scope`.
   */
  public static of(scope: IConstruct): Conventions {
    let appLabelKey: string | undefined;
    let dns: DnsTarget | undefined;
    // node.scopes runs from the root to `scope`; nearer settings win.
    for (const s of scope.node.scopes) {
      const props = REGISTRY.get(s);
      appLabelKey = props?.appLabelKey ?? appLabelKey;
      dns = props?.dns ?? dns;
    }
    return new Conventions(appLabelKey ?? Conventions.DEFAULT_APP_LABEL_KEY, dns ?? DnsTarget.kubeDns());
  }

  /** The label key that `Selector.app(name)` matches. */
  public readonly appLabelKey: string;

  /** Where pods send DNS queries. */
  public readonly dns: DnsTarget;

  private constructor(appLabelKey: string, dns: DnsTarget) {
    this.appLabelKey = appLabelKey;
    this.dns = dns;
  }
}
