import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowFromApp, Conventions, DnsTarget, Selector } from '../../src';

describe('Conventions |', () => {
  test('defaults to app.kubernetes.io/name and kube-dns', () => {
    const conventions = Conventions.of(Testing.chart());
    expect(conventions.appLabelKey).toEqual('app.kubernetes.io/name');
    expect(conventions.dns.toString()).toEqual('cluster DNS (kube-system/k8s-app=kube-dns)');
  });

  test('a nearer scope wins, and unset fields are inherited', () => {
    // GIVEN
    const app = new App();
    Conventions.set(app, { appLabelKey: 'app', dns: DnsTarget.nodeLocal() });
    const chart = new Chart(app, 'c');
    const inner = new Construct(chart, 'Inner');

    // WHEN
    Conventions.set(chart, { appLabelKey: 'component' });

    // THEN
    expect(Conventions.of(app).appLabelKey).toEqual('app');
    expect(Conventions.of(inner).appLabelKey).toEqual('component');
    expect(Conventions.of(inner).dns.toString()).toEqual('NodeLocal DNSCache (169.254.20.10/32)');
  });

  test('refuses an invalid app label key, naming the scope', () => {
    const chart = Testing.chart();
    expect(() => Conventions.set(chart, { appLabelKey: 'not a key' })).toThrow(/\[test\] Conventions\.appLabelKey: Invalid label key "not a key"/);
  });
});

describe('Conventions | argument types from plain JavaScript', () => {
  test('set() refuses conventions of the wrong type with a library error naming the field', () => {
    // GIVEN
    const app = Testing.app();

    // THEN
    expect(() => Conventions.set(app, { dns: 'kube-dns' as any })).toThrow(/^\[<root>\] `dns` must be a DnsTarget, got a string\. Make one with DnsTarget\.kubeDns\(\)\.$/);
    expect(() => Conventions.set(app, { clusterCidrs: '10.0.0.0/8' as any })).toThrow(/^\[<root>\] `clusterCidrs` must be a list of strings\.$/);
    expect(() => Conventions.set(app, { appLabelKey: 7 as any })).toThrow(/^\[<root>\] `appLabelKey` must be a string\.$/);
  });
});

describe('Conventions | order', () => {
  test('refuses to be set on a scope whose constructs already read them, naming the reader and the fix', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new AllowFromApp(chart, 'WebToApi', { source: Selector.app('web'), destination: Selector.app('api') });

    // THEN
    expect(() => Conventions.set(app, { appLabelKey: 'app' }))
      .toThrow(/^\[<root>\] Conventions\.set\(\) comes after shop\/WebToApi\/\S+ already read the conventions, so it would not apply to it\. Set them first/);
  });

  test('can still be set on a chart none of whose constructs has read them', () => {
    // GIVEN
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    new AllowFromApp(shop, 'WebToApi', { source: Selector.app('web'), destination: Selector.app('api') });
    const data = new Chart(app, 'data', { namespace: 'data' });

    // WHEN
    Conventions.set(data, { appLabelKey: 'app' });

    // THEN
    expect(Conventions.of(data).appLabelKey).toBe('app');
    expect(Conventions.of(shop).appLabelKey).toBe('app.kubernetes.io/name');
  });
});
