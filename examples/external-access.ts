import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowFromCidrs, IsolatedNamespace, Port, Selector } from '../src';
import { app } from './workloads';

/** The ranges allowed in: a load balancer's and an office's. */
export const ALLOWED_RANGES = ['198.51.100.0/24', '2001:db8:100::/48'];

/**
 * Use case 3, external access control: a public service reachable only from
 * given IP ranges, on 443 and 80.
 */
export class ExternalAccessChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'public', ...props });

    app(this, 'portal', 443);
    new IsolatedNamespace(this, 'Isolation', { isolateEgress: false });
    new AllowFromCidrs(this, 'Allowed', {
      selector: Selector.app('portal'),
      cidrs: ALLOWED_RANGES,
      ports: [Port.HTTPS, Port.tcp(80)],
    });
  }
}
