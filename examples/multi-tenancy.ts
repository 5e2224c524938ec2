import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Baseline, Port, Selector } from '../src';
import { app } from './workloads';

/** The tenants of use case 5. */
export const TENANTS = ['tenant-a', 'tenant-b', 'tenant-c'];

/**
 * Use case 5, multi-tenancy: many tenant namespaces (cdk8s-plus-28
 * Namespaces) isolated from each other, while the shared ingress controller
 * and monitoring still reach them.
 */
export class MultiTenancyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    const namespaces = TENANTS.map(t => new kplus.Namespace(this, t, { metadata: { name: t, labels: { tier: 'tenant' } } }));
    for (const tenant of TENANTS) {
      app(this, 'storefront', 8080, tenant);
    }
    app(this, 'ingress-nginx', 443, 'ingress-nginx');
    app(this, 'prometheus', 9090, 'monitoring');

    new Baseline(this, 'Tenants', {
      namespaces: namespaces.map(ns => ns.name),
      allowSameNamespace: true,
      monitoringPorts: [Port.tcp(8080)],
      ingressControllerTargets: Selector.app('storefront'),
      ingressControllerPorts: [Port.tcp(8080)],
      forbidCrossNamespaceTraffic: true,
    });
  }
}
