import { Construct } from 'constructs';
import { atPath, checkNamespaceName } from '../core/checks';
import { PolicyError } from '../core/errors';
import { Port } from '../core/port';
import { checkProps } from '../core/props';
import { Selector } from '../core/selector';
import { DenyFlows } from '../invariants/connectivity-invariant';
import { WorkloadSet } from '../invariants/workload-set';
import { AllowFromIngressController } from '../patterns/allow-from-ingress-controller';
import { AllowMonitoring } from '../patterns/allow-monitoring';
import { BlockMetadataEndpoint } from '../patterns/block-metadata-endpoint';
import { IsolatedNamespace } from '../patterns/isolated-namespace';

/**
 * A platform team's standard for a namespace: what `Baseline` applies to each.
 */
export interface BaselineOptions {
  /**
   * Deny all ingress unless allowed.
   *
   * @default true
   */
  readonly isolateIngress?: boolean;

  /**
   * Deny all egress unless allowed (DNS stays allowed).
   *
   * @default true
   */
  readonly isolateEgress?: boolean;

  /**
   * Keep DNS working where egress is isolated.
   *
   * @default true
   */
  readonly allowDns?: boolean;

  /**
   * Allow all traffic between pods of the same namespace.
   *
   * @default false
   */
  readonly allowSameNamespace?: boolean;

  /**
   * Let the monitoring system (see `Conventions.monitoring`) scrape these
   * ports on every pod.
   *
   * @default - no scraping allowed
   */
  readonly monitoringPorts?: Port[];

  /**
   * Let the ingress controller (see `Conventions.ingressController`) reach
   * these pods.
   *
   * @default - the ingress controller is not allowed in
   */
  readonly ingressControllerTargets?: Selector;

  /**
   * The ports the ingress controller may reach.
   *
   * @default - every port
   */
  readonly ingressControllerPorts?: Port[];

  /**
   * Block the cloud metadata endpoint while other egress stays allowed.
   * Only for namespaces that do not isolate egress (isolation already
   * blocks it, and this pattern would open all other egress).
   *
   * @default - true when egress is not isolated
   */
  readonly blockMetadataEndpoint?: boolean;

  /**
   * Check at synth that no workload of one of these namespaces reaches
   * another (a `DenyFlows` invariant per namespace).
   *
   * @default false
   */
  readonly forbidCrossNamespaceTraffic?: boolean;
}

/**
 * Properties for `Baseline`.
 */
export interface BaselineProps extends BaselineOptions {
  /**
   * The namespaces to apply the baseline to.
   */
  readonly namespaces: string[];
}

/**
 * An organization's standard NetworkPolicies, configured once by a platform
 * team and applied to many namespaces: isolation with DNS, monitoring, the
 * ingress controller, the metadata endpoint, and optionally an invariant
 * that the namespaces never reach each other.
 *
 * Wrap it in your own construct with your organization's options fixed, and
 * publish that as a package (see the README).
 *
 * @example
 * new Baseline(chart, 'Tenants', {
 *   namespaces: ['tenant-a', 'tenant-b'],
 *   monitoringPorts: [Port.named('metrics')],
 *   forbidCrossNamespaceTraffic: true,
 * });
 */
export class Baseline extends Construct {
  /** The namespaces the baseline applies to. */
  public readonly namespaces: string[];

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `BaselineProps`).
   */
  constructor(scope: Construct, id: string, props: BaselineProps) {
    super(scope, id);
    checkProps(this.node.path, props, { namespaces: 'strings' });
    if (!props.namespaces || props.namespaces.length === 0) {
      throw new PolicyError('EmptyNamespaces', `[${this.node.path}] namespaces is empty. List the namespaces to apply the baseline to.`);
    }
    atPath(this.node.path, () => props.namespaces.forEach(checkNamespaceName));
    const isolateEgress = props.isolateEgress ?? true;
    const blockMetadata = props.blockMetadataEndpoint ?? !isolateEgress;
    if (blockMetadata && isolateEgress) {
      throw new PolicyError('MetadataBlockDefeatsIsolation',
        `[${this.node.path}] blockMetadataEndpoint allows every other egress, which would undo isolateEgress. `
        + 'Egress isolation already blocks the metadata endpoint: leave blockMetadataEndpoint out.');
    }
    this.namespaces = [...new Set(props.namespaces)];

    for (const namespace of this.namespaces) {
      const perNamespace = new Construct(this, namespace);
      if ((props.isolateIngress ?? true) || isolateEgress) {
        new IsolatedNamespace(perNamespace, 'Isolation', {
          namespace,
          isolateIngress: props.isolateIngress ?? true,
          isolateEgress,
          allowDns: props.allowDns,
          allowSameNamespace: props.allowSameNamespace,
        });
      }
      if (props.monitoringPorts && props.monitoringPorts.length > 0) {
        new AllowMonitoring(perNamespace, 'Monitoring', { namespace, ports: props.monitoringPorts });
      }
      if (props.ingressControllerTargets) {
        new AllowFromIngressController(perNamespace, 'IngressController', {
          namespace,
          selector: props.ingressControllerTargets,
          ports: props.ingressControllerPorts,
        });
      }
      if (blockMetadata) {
        new BlockMetadataEndpoint(perNamespace, 'Metadata', { namespace });
      }
      const others = this.namespaces.filter(n => n !== namespace);
      if ((props.forbidCrossNamespaceTraffic ?? false) && others.length > 0) {
        new DenyFlows(perNamespace, 'NoCrossNamespaceTraffic', {
          sources: WorkloadSet.namespace(namespace),
          destinations: WorkloadSet.namespaces(others),
          allowEmpty: true,
        });
      }
    }
  }
}
