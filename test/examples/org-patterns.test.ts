import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { ordersApp } from '../../examples/org-patterns/app/main';
import { PolicyAnalyzer, Protocol, Workload } from '../../src';
import '../../src/testing/jest';

describe('examples/org-patterns |', () => {
  test('the app chart gets the org baseline and keeps its data store protected', () => {
    // GIVEN
    const app = ordersApp(fs.mkdtempSync(path.join(os.tmpdir(), 'org-')));

    // WHEN
    app.synth();
    const chart = app.node.findChild('orders') as Chart;
    const names = chart.toJson().filter(o => o.kind === 'NetworkPolicy').map(o => o.metadata.name);
    const analyzer = PolicyAnalyzer.fromApp(app);
    analyzer.addWorkload(Workload.of('ingress', { 'app.kubernetes.io/name': 'traefik' }, { name: 'traefik' }));
    analyzer.addWorkload(Workload.of('observability', { 'app.kubernetes.io/name': 'prometheus' }, { name: 'prometheus' }));

    // THEN
    expect(names).toEqual([
      'default-deny', 'allow-dns-egress', 'allow-monitoring', 'public-true-allow-from-ingress-controller',
      'orders-db-allow-from-orders-api', 'orders-api-allow-to-orders-db',
    ]);
    expect(analyzer).toAllow({ from: 'ingress/traefik', to: 'orders/orders-api', port: 'http' });
    expect(analyzer).toDeny({ from: 'ingress/traefik', to: 'orders/orders-db', port: 5432 });
    expect(analyzer).toAllow({ from: 'observability/prometheus', to: 'orders/orders-db', port: 'metrics' });
    expect(analyzer).toAllow({ from: 'orders/orders-api', to: 'orders/orders-db', port: 5432 });
    expect(analyzer).toDeny({ from: 'orders/orders-api', to: 'orders/orders-db', port: 9100, protocol: Protocol.TCP });
  });
});
