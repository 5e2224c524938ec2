import { IConstruct } from 'constructs';
import { checkLabelKey } from './checks';
import { DnsTarget } from './dns';
import { PolicyError } from './errors';
import { IpBlock } from './ip-block';
import { Peer } from './peer';
import { checkProps } from './props';
import { NamespaceSelector, Selector } from './selector';

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
   * Where pods send DNS queries. Used wherever egress is isolated and DNS is
   * kept working.
   *
   * @default DnsTarget.kubeDns()
   */
  readonly dns?: DnsTarget;

  /**
   * The ingress controller's pods, for `AllowFromIngressController`.
   *
   * @default - pods `app.kubernetes.io/name=ingress-nginx` in namespace `ingress-nginx`
   */
  readonly ingressController?: Peer;

  /**
   * The monitoring system's scrapers, for `AllowMonitoring`.
   *
   * @default - pods `app.kubernetes.io/name=prometheus` in namespace `monitoring`
   */
  readonly monitoring?: Peer;

  /**
   * The cluster's pod and Service ranges, which `AllowInternetEgress` keeps
   * out of "the internet".
   *
   * @default - none beyond the private ranges `AllowInternetEgress` always excludes
   */
  readonly clusterCidrs?: string[];

  /**
   * The addresses of the Kubernetes API server endpoints, for `AllowKubeApiEgress`
   * (the `kubernetes` Service's endpoints, or the control plane's range).
   *
   * @default - none: `AllowKubeApiEgress` then needs its own `cidrs`
   */
  readonly apiServerCidrs?: string[];
}

/** Where a scope keeps the conventions set on it: a property of the scope itself. */
const SETTINGS = Symbol.for('cdk8s-netpol.Conventions');

/** The brand of a scope under which a construct has read the conventions: setting them there now would come too late. */
const READ = Symbol.for('cdk8s-netpol.ConventionsRead');

/** The conventions set on `scope` itself, if any. */
function settingsOf(scope: IConstruct): ConventionsProps | undefined {
  return (scope as unknown as { [SETTINGS]?: ConventionsProps })[SETTINGS];
}

/**
 * Organization conventions that every construct of this library reads: the
 * app label key, the DNS target, the ingress controller, the monitoring
 * scrapers, the cluster ranges and the API server's addresses.
 *
 * Set them once on an App or Chart, before creating constructs; every
 * construct below it uses them, and a setting on a nearer scope wins.
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
    const where = scope.node.path || '<root>';
    checkProps(where, props, {
      appLabelKey: 'string',
      dns: { type: DnsTarget, example: 'DnsTarget.kubeDns()' },
      ingressController: { type: Peer, example: 'Peer.podsIn(NamespaceSelector.named(\'ingress-nginx\'), Selector.all())' },
      monitoring: { type: Peer, example: 'Peer.podsIn(NamespaceSelector.named(\'monitoring\'), Selector.all())' },
      clusterCidrs: 'strings',
      apiServerCidrs: 'strings',
    });
    if (props.appLabelKey !== undefined) {
      try {
        checkLabelKey(props.appLabelKey);
      } catch (e) {
        throw new PolicyError('InvalidConvention', `[${where}] Conventions.appLabelKey: ${(e as Error).message}`);
      }
    }
    for (const field of ['clusterCidrs', 'apiServerCidrs'] as const) {
      for (const cidr of props[field] ?? []) {
        try {
          IpBlock.of(cidr);
        } catch (e) {
          throw new PolicyError('InvalidConvention', `[${where}] Conventions.${field}: ${(e as Error).message}`);
        }
      }
    }
    const readBy = (scope as unknown as { [READ]?: string })[READ];
    if (readBy !== undefined) {
      throw new PolicyError('ConventionsTooLate',
        `[${where}] Conventions.set() comes after ${readBy} already read the conventions, so it would not apply to it. `
        + 'Set them first, right after creating the App or Chart.');
    }
    Object.defineProperty(scope, SETTINGS, { value: { ...settingsOf(scope), ...props }, configurable: true });
  }

  /**
   * The conventions in force at `scope`.
   */
  public static of(scope: IConstruct): Conventions {
    let merged: ConventionsProps = {};
    // node.scopes runs from the root to `scope`; nearer settings win.
    for (const s of scope.node.scopes) {
      if ((s as unknown as { [READ]?: string })[READ] === undefined) {
        Object.defineProperty(s, READ, { value: scope.node.path || '<root>' });
      }
      const props = settingsOf(s);
      if (props) {
        merged = { ...merged, ...withoutUndefined(props) };
      }
    }
    return new Conventions(merged);
  }

  /** The label key that `Selector.app(name)` matches. */
  public readonly appLabelKey: string;

  /** Where pods send DNS queries. */
  public get dns(): DnsTarget {
    return this.props.dns ?? DnsTarget.kubeDns();
  }

  /** The ingress controller's pods. */
  public get ingressController(): Peer {
    return this.props.ingressController
      ?? Peer.podsIn(NamespaceSelector.named('ingress-nginx'), Selector.labels({ 'app.kubernetes.io/name': 'ingress-nginx' }));
  }

  /** The monitoring system's scrapers. */
  public get monitoring(): Peer {
    return this.props.monitoring
      ?? Peer.podsIn(NamespaceSelector.named('monitoring'), Selector.labels({ 'app.kubernetes.io/name': 'prometheus' }));
  }

  /** The cluster's pod and Service ranges. */
  public readonly clusterCidrs: string[];

  /** The Kubernetes API server's addresses, empty when not set. */
  public readonly apiServerCidrs: string[];

  // The defaults of dns, ingressController and monitoring are built on first
  // read: every rendered policy calls Conventions.of() for appLabelKey alone.
  private constructor(private readonly props: ConventionsProps) {
    this.appLabelKey = props.appLabelKey ?? Conventions.DEFAULT_APP_LABEL_KEY;
    this.clusterCidrs = [...props.clusterCidrs ?? []];
    this.apiServerCidrs = [...props.apiServerCidrs ?? []];
  }
}

function withoutUndefined(props: ConventionsProps): ConventionsProps {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}
