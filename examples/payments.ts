import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AllowFromApp, AllowFromIngressController, AllowOnlyFrom, IsolatedNamespace, Port, Selector, WorkloadSet } from '../src';
import { app } from './workloads';

/**
 * Use case 1, a sensitive component: the payments database (a cdk8s-plus-28
 * StatefulSet) is reachable only from the payments API, on 5432, and an
 * invariant keeps it that way.
 */
export class PaymentsChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'payments', ...props });

    const api = app(this, 'payments-api', 8080);
    const dbService = new kplus.Service(this, 'DbService', { metadata: { name: 'payments-db' }, clusterIP: 'None', ports: [{ port: 5432 }] });
    const db = new kplus.StatefulSet(this, 'Db', {
      metadata: { name: 'payments-db' },
      service: dbService,
      containers: [{ image: 'postgres:16', portNumber: 5432, securityContext: { ensureNonRoot: false } }],
    });

    new IsolatedNamespace(this, 'Isolation');
    new AllowFromIngressController(this, 'Ingress', { selector: Selector.workload(api), ports: [Port.tcp(8080)] });
    new AllowFromApp(this, 'ApiToDb', {
      source: Selector.workload(api),
      destination: Selector.workload(db),
      ports: [Port.tcp(5432)],
    });
    new AllowOnlyFrom(this, 'DbOnlyFromApi', {
      destinations: WorkloadSet.workload('payments/payments-db'),
      sources: [WorkloadSet.workload('payments/payments-api')],
    });
  }
}
