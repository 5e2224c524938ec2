import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowDnsEgress } from './allow-dns-egress';
import { AllowSameNamespace } from './allow-same-namespace';
import { DefaultDeny } from './default-deny';
import { NetworkPolicy } from './network-policy';
import { Direction } from '../core/direction';
import { DnsTarget } from '../core/dns';
import { PolicyError } from '../core/errors';
import { checkProps } from '../core/props';

/**
 * Properties for `IsolatedNamespace`.
 */
export interface IsolatedNamespaceProps {
  /**
   * The namespace to isolate. For a cdk8s-plus-28 `Namespace`, pass `ns.name`.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * Deny all ingress to every pod of the namespace unless another policy allows it.
   *
   * @default true
   */
  readonly isolateIngress?: boolean;

  /**
   * Deny all egress from every pod of the namespace unless another policy allows it.
   *
   * @default true
   */
  readonly isolateEgress?: boolean;

  /**
   * Keep DNS working when egress is isolated: allow egress to `dns` on
   * UDP and TCP 53. Without it, every name lookup in the namespace fails,
   * and synthesis fails for the app's workloads there unless another policy
   * allows DNS or the DNS check is off (`PolicyChecks.of(app).enable({ dns: false })`).
   *
   * @default true
   */
  readonly allowDns?: boolean;

  /**
   * Where pods send DNS queries.
   *
   * @default - `Conventions.of(this).dns`, which defaults to `DnsTarget.kubeDns()`
   */
  readonly dns?: DnsTarget;

  /**
   * Allow all traffic between pods of the namespace, in each isolated direction.
   *
   * @default false
   */
  readonly allowSameNamespace?: boolean;
}

/**
 * Default-deny for every pod of a namespace, with DNS kept working.
 *
 * Isolates exactly every pod of `namespace`, for ingress unless
 * `isolateIngress` is false and for egress unless `isolateEgress` is false,
 * and no pod of another namespace.
 *
 * Renders:
 * - `default-deny` (or `default-deny-ingress` / `default-deny-egress`):
 *   selects every pod, isolates the requested directions, allows nothing;
 * - `allow-dns-egress`, when egress is isolated and `allowDns` is on;
 * - `allow-same-namespace`, when `allowSameNamespace` is on.
 *
 * Other policies (e.g. `AllowFromApp`) then open what is needed.
 */
export class IsolatedNamespace extends Construct {
  /** The isolated namespace. */
  public readonly namespace: string;

  /** The default-deny policy. */
  public readonly defaultDeny: NetworkPolicy;

  /**
   * The policy that allows DNS egress, if any.
   */
  public readonly dnsPolicy?: NetworkPolicy;

  /**
   * The policy that allows traffic within the namespace, if any.
   */
  public readonly sameNamespacePolicy?: NetworkPolicy;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `IsolatedNamespaceProps`).
   */
  constructor(scope: Construct, id: string, props: IsolatedNamespaceProps = {}) {
    super(scope, id);
    checkProps(this.node.path, props);
    const ingress = props.isolateIngress ?? true;
    const egress = props.isolateEgress ?? true;
    if (!ingress && !egress) {
      throw new PolicyError('NothingToIsolate',
        `[${this.node.path}] isolateIngress and isolateEgress are both false, so nothing is isolated. `
        + 'Set at least one to true, or remove the construct.');
    }
    const namespace = props.namespace ?? Chart.of(this).namespace;
    const types = [...ingress ? [Direction.INGRESS] : [], ...egress ? [Direction.EGRESS] : []];

    this.defaultDeny = new DefaultDeny(this, 'DefaultDeny', { namespace, directions: types }).policy;
    this.namespace = this.defaultDeny.namespace;

    if (egress && (props.allowDns ?? true)) {
      this.dnsPolicy = new AllowDnsEgress(this, 'AllowDns', { namespace, dns: props.dns }).policy;
    }

    if (props.allowSameNamespace ?? false) {
      this.sameNamespacePolicy = new AllowSameNamespace(this, 'AllowSameNamespace', { namespace, directions: types }).policy;
    }
  }
}
