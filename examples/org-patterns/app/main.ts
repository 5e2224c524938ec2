/*
 * An app team's chart, consuming @acme/netpol-standards (in a real repo:
 * `import { AcmeAppChart, AcmeConventions } from '@acme/netpol-standards'`).
 */
import * as path from 'path';
import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Port } from '../../../src';
import { AcmeAppChart, AcmeConventions } from '../src';

/** Builds the orders team's app. */
export function ordersApp(outdir: string): App {
  const app = new App({ outdir, outputFileExtension: '.k8s.yaml' });
  AcmeConventions.apply(app);

  const chart = new AcmeAppChart(app, 'orders', { namespace: 'orders' });
  for (const [name, port, portName] of [['orders-api', 8080, 'http'], ['orders-db', 5432, 'postgres']] as const) {
    new kplus.Deployment(chart, name, {
      metadata: { name },
      podMetadata: { labels: { 'app.kubernetes.io/name': name, ...name === 'orders-api' ? { 'acme.io/public': 'true' } : {} } },
      containers: [{ image: `acme/${name}:1`, ports: [{ number: port, name: portName }, { number: 9100, name: 'metrics' }], securityContext: { ensureNonRoot: false } }],
    });
  }
  chart.protectDataStore('orders-db', 'orders-api', Port.tcp(5432));
  return app;
}

if (require.main === module) {
  const app = ordersApp(path.join(__dirname, '..', '..', 'dist', 'org-patterns'));
  app.synth();
  console.log(`wrote ${app.outdir}`);
}
