import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowToApp, DenyFlows, EgressToCidr, IsolatedNamespace, Port, Selector, WorkloadSet } from '../src';
import { app } from './workloads';

/**
 * Use case 4, egress limits against exfiltration: the batch namespace may
 * reach only its object store, a partner's range, and the shared cache; DNS
 * keeps working; an invariant says the internet stays out of reach.
 */
export class EgressLimitsChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'batch', ...props });

    app(this, 'exporter', 8080);
    app(this, 'cache', 6379, 'shared');

    new IsolatedNamespace(this, 'Isolation');
    new EgressToCidr(this, 'ObjectStore', { source: Selector.app('exporter'), cidr: '192.0.2.0/28', ports: [Port.HTTPS] });
    new EgressToCidr(this, 'Partner', { source: Selector.app('exporter'), cidr: '2001:db8:beef::/48', ports: [Port.HTTPS] });
    new AllowToApp(this, 'Cache', {
      source: Selector.app('exporter'),
      destination: Selector.app('cache'),
      destinationNamespace: 'shared',
      ports: [Port.tcp(6379)],
    });
    new DenyFlows(this, 'NoInternet', {
      sources: WorkloadSet.namespace('batch'),
      destinations: WorkloadSet.ip('8.8.8.8'),
      description: 'batch does not reach the internet',
    });
  }
}
