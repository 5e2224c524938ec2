import { App, Chart, Testing } from 'cdk8s';
import { EgressLimitsChart } from '../../examples/egress-limits';
import { EnvironmentsChart } from '../../examples/environments';
import { ExternalAccessChart } from '../../examples/external-access';
import { MultiTenancyChart } from '../../examples/multi-tenancy';
import { PaymentsChart } from '../../examples/payments';
import { ShopChart } from '../../examples/shop';
import { PolicyAnalyzer, Protocol, Workload } from '../../src';
import '../../src/testing/jest';

/** Synthesizes one example chart (running its invariants) and analyzes it with kube-dns and some outside addresses. */
function analyze(make: (app: App) => Chart, extra: Workload[] = []): PolicyAnalyzer {
  const app = Testing.app();
  const chart = make(app);
  app.synth();
  const analyzer = PolicyAnalyzer.fromChart(chart);
  analyzer.addWorkload(Workload.of('kube-system', { 'k8s-app': 'kube-dns' }, { name: 'kube-dns' }));
  analyzer.addWorkload(Workload.of('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' }, { name: 'controller' }));
  analyzer.addWorkload(Workload.of('other', { 'app.kubernetes.io/name': 'intruder' }, { name: 'intruder' }));
  for (const ip of ['8.8.8.8', '192.0.2.5', '198.51.100.7', '203.0.113.5', '2001:db8:beef::1', '2001:db8:100::1']) {
    analyzer.addWorkload(Workload.external(ip));
  }
  extra.forEach(w => analyzer.addWorkload(w));
  return analyzer;
}

describe('examples |', () => {
  test('the shop: web -> api -> db, api -> payment provider', () => {
    const shop = analyze(app => new ShopChart(app, 'shop'), [Workload.external('203.0.113.10')]);
    expect(shop).toAllow({ from: 'shop/web', to: 'shop/api', port: 8080 });
    expect(shop).toAllow({ from: 'shop/api', to: 'shop/db', port: 5432 });
    expect(shop).toDeny({ from: 'shop/web', to: 'shop/db', port: 5432 });
    expect(shop).toAllow({ from: 'shop/api', to: '203.0.113.10', port: 443 });
    expect(shop).toAllow({ from: 'shop/web', to: 'kube-system/kube-dns', port: 53, protocol: Protocol.UDP });
  });

  test('use case 1: the payments database accepts only the payments API, on 5432', () => {
    const payments = analyze(app => new PaymentsChart(app, 'payments'));
    expect(payments).toAllow({ from: 'payments/payments-api', to: 'payments/payments-db', port: 5432 });
    expect(payments).toDeny({ from: 'payments/payments-api', to: 'payments/payments-db', port: 22 });
    expect(payments).toDeny({ from: 'other/intruder', to: 'payments/payments-db', port: 5432 });
    expect(payments).toAllow({ from: 'ingress-nginx/controller', to: 'payments/payments-api', port: 8080 });
    expect(payments).toDeny({ from: 'ingress-nginx/controller', to: 'payments/payments-db', port: 5432 });
  });

  test('use case 2: no traffic across environments, free traffic inside one', () => {
    const envs = analyze(app => new EnvironmentsChart(app, 'environments'));
    for (const [source, destination, allowed] of [
      ['dev/web', 'dev/api', true], ['prod/web', 'prod/api', true],
      ['dev/web', 'prod/api', false], ['test/api', 'prod/web', false], ['prod/web', 'dev/api', false],
    ] as const) {
      if (allowed) {
        expect(envs).toAllow({ from: source, to: destination, port: 8080 });
      } else {
        expect(envs).toDeny({ from: source, to: destination, port: 8080 });
      }
    }
  });

  test('use case 3: the portal is reachable only from the allowed ranges, on 443 and 80', () => {
    const external = analyze(app => new ExternalAccessChart(app, 'external-access'));
    expect(external).toAllow({ from: '198.51.100.7', to: 'public/portal', port: 443 });
    expect(external).toAllow({ from: '2001:db8:100::1', to: 'public/portal', port: 80 });
    expect(external).toDeny({ from: '198.51.100.7', to: 'public/portal', port: 22 });
    expect(external).toDeny({ from: '203.0.113.5', to: 'public/portal', port: 443 });
    expect(external).toDeny({ from: 'other/intruder', to: 'public/portal', port: 443 });
  });

  test('use case 4: egress only to the listed ranges and services, with DNS', () => {
    const egress = analyze(app => new EgressLimitsChart(app, 'egress-limits'));
    expect(egress).toAllow({ from: 'batch/exporter', to: '192.0.2.5', port: 443 });
    expect(egress).toAllow({ from: 'batch/exporter', to: '2001:db8:beef::1', port: 443 });
    expect(egress).toAllow({ from: 'batch/exporter', to: 'shared/cache', port: 6379 });
    expect(egress).toAllow({ from: 'batch/exporter', to: 'kube-system/kube-dns', port: 53, protocol: Protocol.UDP });
    expect(egress).toDeny({ from: 'batch/exporter', to: '8.8.8.8', port: 443 });
    expect(egress).toDeny({ from: 'batch/exporter', to: '192.0.2.5', port: 80 });
    expect(egress).toDeny({ from: 'batch/exporter', to: 'other/intruder', port: 8080 });
  });

  test('use case 5: tenants are isolated from each other; ingress controller and monitoring still reach them', () => {
    const tenants = analyze(app => new MultiTenancyChart(app, 'multi-tenancy'));
    expect(tenants).toDeny({ from: 'tenant-a/storefront', to: 'tenant-b/storefront', port: 8080 });
    expect(tenants).toDeny({ from: 'tenant-c/storefront', to: 'tenant-a/storefront', port: 8080 });
    expect(tenants).toAllow({ from: 'ingress-nginx/ingress-nginx', to: 'tenant-b/storefront', port: 8080 });
    expect(tenants).toAllow({ from: 'monitoring/prometheus', to: 'tenant-c/storefront', port: 8080 });
    expect(tenants).toDeny({ from: 'monitoring/prometheus', to: 'tenant-c/storefront', port: 22 });
    expect(tenants).toDeny({ from: 'other/intruder', to: 'tenant-a/storefront', port: 8080 });
  });
});
