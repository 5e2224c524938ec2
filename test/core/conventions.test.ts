import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Conventions, DnsTarget } from '../../src';

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
