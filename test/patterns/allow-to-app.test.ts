import { Testing } from 'cdk8s';
import { onlyPolicy, shopChart } from './_support';
import { AllowToApp, Port, Selector } from '../../src';

describe('AllowToApp |', () => {
  test('emits the egress side only', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowToApp(chart, 'ApiToDb', { source: Selector.app('api'), destination: Selector.app('db'), ports: [Port.tcp(5432)] });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata).toEqual({ name: 'api-allow-to-db', namespace: 'shop' });
    expect(onlyPolicy(chart).spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'db' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
    });
  });

  test('reaches another namespace in the AND form', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowToApp(chart, 'ApiToPayments', { source: Selector.app('api'), destination: Selector.app('payments-api'), destinationNamespace: 'payments' });

    // THEN
    expect(onlyPolicy(chart).metadata.name).toEqual('api-allow-to-payments-payments-api');
    expect(onlyPolicy(chart).spec.egress[0].to).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'payments-api' } },
    }]);
  });
});

describe('AllowToApp | refusals', () => {
  test('names the construct path when a namespace is invalid', () => {
    // GIVEN
    const chart = shopChart();

    // THEN
    expect(() => new AllowToApp(chart, 'Out', { source: Selector.app('web'), destination: Selector.app('api'), destinationNamespace: 'Bad_NS' }))
      .toThrow(/^\[test\/Out\] Invalid namespace name "Bad_NS"/);
  });

  test('refuses a string source from plain JavaScript with a library error, not a TypeError', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    let error: unknown;
    try {
      new AllowToApp(chart, 'Out', { source: 'web' as any, destination: Selector.app('api') });
    } catch (e) {
      error = e;
    }

    // THEN
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^\[test\/Out\] `source` must be a Selector, got a string\. Make one with Selector\.app\('web'\)/);
  });

  test('refuses a missing destination from plain JavaScript', () => {
    expect(() => new AllowToApp(shopChart(), 'Out', { source: Selector.app('web') } as any))
      .toThrow(/^\[test\/Out\] `destination` is required\.$/);
  });
});
