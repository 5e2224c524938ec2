import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { Baseline, DenyFlows, Port, WorkloadSet } from '../src';
import { app } from './workloads';

/** The environments of use case 2. */
export const ENVIRONMENTS = ['dev', 'test', 'prod'];

/**
 * Use case 2, environment segmentation: dev, test and prod namespaces run the
 * same apps, talk freely inside, and never across environments.
 */
export class EnvironmentsChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    for (const env of ENVIRONMENTS) {
      // Prometheus scrapes the named port "metrics" that every pod declares.
      app(this, 'web', 8080, env, [{ number: 9090, name: 'metrics' }]);
      app(this, 'api', 8080, env, [{ number: 9090, name: 'metrics' }]);
    }

    new Baseline(this, 'Environments', {
      namespaces: ENVIRONMENTS,
      allowSameNamespace: true,
      monitoringPorts: [Port.named('metrics')],
      forbidCrossNamespaceTraffic: true,
    });

    // Said once more, in words a reviewer looks for.
    new DenyFlows(this, 'DevNeverReachesProd', {
      sources: WorkloadSet.namespace('dev'),
      destinations: WorkloadSet.namespace('prod'),
      description: 'nothing in dev reaches prod',
    });
  }
}
