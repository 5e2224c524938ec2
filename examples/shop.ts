import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AllowFromApp, EgressToCidr, IsolatedNamespace, Port, Selector } from '../src';

/**
 * The example app: a shop with a web front end, an API and a database, in
 * one isolated namespace.
 *
 * - web accepts HTTP from anywhere (an ingress controller or load balancer);
 * - web calls the API on 8080;
 * - the API calls the database (a cdk8s-plus-28 Deployment) on 5432;
 * - the API calls a payment provider outside the cluster on 443.
 */
export class ShopChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });

    const app = (name: string, image: string, port: number) => new kplus.Deployment(this, name, {
      metadata: { name },
      podMetadata: { labels: { 'app.kubernetes.io/name': name } },
      containers: [{ image, portNumber: port, securityContext: { ensureNonRoot: false } }],
    });
    app('web', 'nginx:1.27', 8080);
    app('api', 'example/api:1.0', 8080);
    const db = app('db', 'postgres:16', 5432);

    new IsolatedNamespace(this, 'Isolation');

    new AllowFromApp(this, 'WebToApi', {
      source: Selector.app('web'),
      destination: Selector.app('api'),
      ports: [Port.tcp(8080)],
    });

    new AllowFromApp(this, 'ApiToDb', {
      source: Selector.app('api'),
      destination: Selector.workload(db),
      ports: [Port.tcp(5432)],
    });

    new EgressToCidr(this, 'PaymentProvider', {
      source: Selector.app('api'),
      cidr: '203.0.113.0/24',
      ports: [Port.HTTPS],
    });
  }
}
