import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AllowFromApp, AllowFromCidrs, EgressToCidr, IsolatedNamespace, PolicyAnalyzer, Port, Protocol, Selector, Workload } from '../../src';
import { netpolMatchers } from '../../src/testing/jest';

function shop(): Chart {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  for (const [name, port] of [['web', 8080], ['api', 8080], ['db', 5432]] as const) {
    new kplus.Deployment(chart, name, {
      metadata: { name },
      podMetadata: { labels: { 'app.kubernetes.io/name': name } },
      containers: [{ image: 'nginx:1.27', ports: [{ number: port, name: 'main' }], securityContext: { ensureNonRoot: false } }],
    });
  }
  new IsolatedNamespace(chart, 'Isolation');
  new AllowFromApp(chart, 'WebToApi', { source: Selector.app('web'), destination: Selector.app('api'), ports: [Port.named('main')] });
  return chart;
}

describe('jest matchers |', () => {
  test('toAllow and toDeny read a chart', () => {
    const chart = shop();
    expect(chart).toAllow({ from: 'shop/web', to: 'shop/api', port: 8080 });
    expect(chart).toAllow({ from: 'shop/web', to: 'shop/api', port: 'main' });
    expect(chart).toDeny({ from: 'shop/web', to: 'shop/db', port: 5432 });
    expect(chart).not.toAllow({ from: 'shop/api', to: 'shop/web', port: 8080 });
    expect(chart).toDeny({ from: 'shop/web', to: 'shop/api', port: 8080, protocol: 'UDP' });
  });

  test('toAllow and toDeny read an app and an analyzer with extra workloads', () => {
    // GIVEN
    const chart = shop();
    const analyzer = PolicyAnalyzer.fromChart(chart);
    const dns = Workload.of('kube-system', { 'k8s-app': 'kube-dns' }, { name: 'kube-dns' });
    analyzer.addWorkload(dns);

    // THEN
    expect(chart.node.root).toDeny({ from: 'shop/db', to: 'shop/api', port: 8080 });
    expect(analyzer).toAllow({ from: 'shop/db', to: dns, port: 53, protocol: Protocol.UDP });
  });

  test('a failure explains both directions', () => {
    // GIVEN
    const chart = shop();

    // WHEN
    const allowed = netpolMatchers.toAllow(chart, { from: 'shop/web', to: 'shop/db', port: 5432 });
    const denied = netpolMatchers.toDeny(chart, { from: 'shop/web', to: 'shop/api', port: 8080 });

    // THEN
    expect(allowed.pass).toBe(false);
    expect(allowed.message()).toMatch(/^expected shop\/web -> shop\/db TCP 5432 to be allowed, but it is denied:\n  egress: no peer match/);
    expect(allowed.message()).toMatch(/\n  ingress: no rules \(selected by shop\/default-deny\)/);
    expect(denied.pass).toBe(false);
    expect(denied.message()).toMatch(/to be denied, but it is allowed:\n  egress: shop\/web-allow-to-api rule 0\n  ingress: shop\/api-allow-from-web rule 0/);
  });

  test('an unknown workload fails with the engine message', () => {
    expect(() => netpolMatchers.toAllow(shop(), { from: 'shop/nope', to: 'shop/api', port: 80 })).toThrow(/Unknown workload "shop\/nope"/);
  });
});

describe('jest matchers | external endpoints', () => {
  /** The shop, whose web pods take 443 from a load balancer range and whose api reaches a partner range but one host. */
  function withRanges(): Chart {
    const chart = shop();
    new AllowFromCidrs(chart, 'Lb', { selector: Selector.app('web'), cidrs: ['198.51.100.0/24'], ports: [Port.tcp(8080)] });
    new EgressToCidr(chart, 'Partner', { source: Selector.app('api'), cidr: '203.0.113.0/24', except: ['203.0.113.128/25'], ports: [Port.tcp(443)] });
    return chart;
  }

  test('names an external endpoint by its IP, as the docs say', () => {
    // GIVEN
    const chart = withRanges();

    // THEN
    expect(chart).toAllow({ from: '198.51.100.7', to: 'shop/web', port: 8080 });
    expect(chart).toDeny({ from: '192.0.2.7', to: 'shop/web', port: 8080 });
    expect(chart).toAllow({ from: 'shop/api', to: '203.0.113.10', port: 443 });
    expect(chart).toDeny({ from: 'shop/api', to: '203.0.113.200', port: 443 });
    expect(PolicyAnalyzer.fromChart(chart).workload('198.51.100.7').isExternal).toBe(true);
  });

  test('checks every address of a CIDR', () => {
    // GIVEN
    const chart = withRanges();

    // THEN
    expect(chart).toAllow({ from: '198.51.100.0/24', to: 'shop/web', port: 8080 });
    expect(chart).toAllow({ from: 'shop/api', to: '203.0.113.0/25', port: 443 });
    expect(chart).toDeny({ from: 'shop/api', to: '203.0.113.128/25', port: 443 });
    // Half the range is cut out: neither every address is allowed, nor every one denied.
    expect(chart).not.toAllow({ from: 'shop/api', to: '203.0.113.0/24', port: 443 });
    expect(chart).not.toDeny({ from: 'shop/api', to: '203.0.113.0/24', port: 443 });
  });

  test('names the address of a range that breaks the expectation', () => {
    // GIVEN
    const chart = withRanges();

    // WHEN
    const result = netpolMatchers.toAllow(chart, { from: 'shop/api', to: '203.0.113.0/24', port: 443 });

    // THEN
    expect(result.pass).toBe(false);
    expect(result.message()).toMatch(/^expected shop\/api -> 203\.0\.113\.128 TCP 443 \(one of 2 flows the range stands for\) to be allowed, but it is denied:/);
  });

  test('the analyzer refuses a CIDR as a workload and says what to use', () => {
    expect(() => PolicyAnalyzer.fromChart(withRanges()).workload('203.0.113.0/24'))
      .toThrow(/^"203\.0\.113\.0\/24" is a range of addresses, and a workload is one endpoint\. Name one address of it, e\.g\. "203\.0\.113\.0"/);
  });
});
