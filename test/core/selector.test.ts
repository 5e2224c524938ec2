import { LabelExpression, LabelOperator, NamespaceSelector, Selector } from '../../src';
import { RenderContext } from '../../src/core/render-context';

const CTX: RenderContext = { path: 'test/Policy', namespace: 'shop', appLabelKey: 'app.kubernetes.io/name' };

describe('LabelExpression |', () => {
  test.each([
    [LabelExpression.oneOf('tier', ['web', 'api', 'web']), { key: 'tier', operator: 'In', values: ['api', 'web'] }, 'tier In (api, web)'],
    [LabelExpression.noneOf('env', ['dev']), { key: 'env', operator: 'NotIn', values: ['dev'] }, 'env NotIn (dev)'],
    [LabelExpression.exists('team'), { key: 'team', operator: 'Exists' }, 'team Exists'],
    [LabelExpression.doesNotExist('canary'), { key: 'canary', operator: 'DoesNotExist' }, 'canary DoesNotExist'],
  ])('%s renders', (expr, kube, text) => {
    expect(expr._toKube()).toEqual(kube);
    expect(expr.toString()).toEqual(text);
  });

  test.each([
    [() => LabelExpression.oneOf('tier', []), /"tier In" has no values.*LabelExpression\.exists\("tier"\)/],
    [() => LabelExpression.noneOf('tier', []), /"tier NotIn" has no values.*LabelExpression\.doesNotExist\("tier"\)/],
    [() => LabelExpression.exists('bad key'), /Invalid label key "bad key"/],
    [() => LabelExpression.oneOf('tier', ['-web']), /Invalid value "-web" for label "tier"/],
  ])('rejects bad input %#', (make, message) => {
    expect(make).toThrow(message);
  });

  test('exposes its operator', () => {
    expect(LabelExpression.exists('a').operator).toEqual(LabelOperator.EXISTS);
  });
});

describe('Selector |', () => {
  test.each([
    [Selector.all(), {}, '(all pods)', 'all-pods'],
    [Selector.app('web'), { matchLabels: { 'app.kubernetes.io/name': 'web' } }, 'app=web', 'web'],
    [Selector.labels({ 'tier': 'db', 'example.com/team': 'x' }), { matchLabels: { 'example.com/team': 'x', 'tier': 'db' } }, 'example.com/team=x,tier=db', 'team-x-tier-db'],
    [Selector.expressions([LabelExpression.exists('b'), LabelExpression.exists('a')]),
      { matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }] }, 'b Exists,a Exists', 'b-exists-a-exists'],
    [Selector.app('api').intersect(Selector.labels({ track: 'stable' })),
      { matchLabels: { 'app.kubernetes.io/name': 'api', 'track': 'stable' } }, 'app=api,track=stable', 'api-track-stable'],
  ])('%s renders', (selector, kube, text, token) => {
    expect(selector._toKube(CTX)).toEqual(kube);
    expect(selector.toString()).toEqual(text);
    expect(selector._nameToken()).toEqual(token);
  });

  test('app() uses the app label key of the context', () => {
    expect(Selector.app('web')._toKube({ ...CTX, appLabelKey: 'app' })).toEqual({ matchLabels: { app: 'web' } });
  });

  test('refuses contradictory labels at render, naming the path', () => {
    const selector = Selector.labels({ app: 'a' }).intersect(Selector.labels({ app: 'b' }));
    expect(() => selector._toKube(CTX)).toThrow(/\[test\/Policy\] Selector requires label "app" to be both "a" and "b"/);
  });

  test('carries a namespace, and refuses ANDing two different ones', () => {
    expect(Selector.app('web').inNamespace('shop').namespace).toEqual('shop');
    expect(() => Selector.app('a').inNamespace('x').intersect(Selector.app('b').inNamespace('y'))).toThrow(/namespaces "x" and "y"/);
    expect(() => Selector.app('a').inNamespace('Bad_NS')).toThrow(/Invalid namespace name "Bad_NS"/);
  });

  test.each([
    [() => Selector.app(''), /Invalid app name ""/],
    [() => Selector.app('a'.repeat(64)), /Invalid app name "a{64}": must be no more than 63 characters\. It is the value of the app label \(Conventions\.appLabelKey\)/],
    [() => Selector.labels({ 'a/b/c': 'x' }), /Invalid label key "a\/b\/c"/],
    [() => Selector.labels({ app: 'web server' }), /Invalid value "web server" for label "app"/],
  ])('rejects bad input %#', (make, message) => {
    expect(make).toThrow(message);
  });
});

describe('NamespaceSelector |', () => {
  test.each([
    [NamespaceSelector.all(), {}, '(all namespaces)'],
    [NamespaceSelector.named('prod'), { matchLabels: { 'kubernetes.io/metadata.name': 'prod' } }, 'namespace prod'],
    [NamespaceSelector.names(['test', 'dev', 'test']),
      { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['dev', 'test'] }] }, 'namespace dev|test'],
    [NamespaceSelector.labels({ env: 'prod' }), { matchLabels: { env: 'prod' } }, 'env=prod'],
    [NamespaceSelector.expressions([LabelExpression.noneOf('env', ['prod'])]),
      { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, 'env NotIn (prod)'],
    [NamespaceSelector.labels({ env: 'prod' }).intersect(NamespaceSelector.named('a')),
      { matchLabels: { 'env': 'prod', 'kubernetes.io/metadata.name': 'a' } }, 'env=prod,namespace a'],
  ])('%s renders', (selector, kube, text) => {
    expect(selector._toKube(CTX)).toEqual(kube);
    expect(selector.toString()).toEqual(text);
  });

  test.each([
    [() => NamespaceSelector.named('Prod'), /Invalid namespace name "Prod"/],
    [() => NamespaceSelector.named('a'.repeat(64)), /Invalid namespace name/],
    [() => NamespaceSelector.names([]), /needs at least one name/],
  ])('rejects bad input %#', (make, message) => {
    expect(make).toThrow(message);
  });
});

describe('Selector | argument types from plain JavaScript', () => {
  test.each([
    ['Selector.expressions(string)', () => Selector.expressions('tier' as any), /^Selector\.expressions\(\) takes a list of LabelExpression/],
    ['NamespaceSelector.expressions(list of strings)', () => NamespaceSelector.expressions(['tier'] as any), /^NamespaceSelector\.expressions\(\) takes a list of LabelExpression/],
    ['Selector.workload(string)', () => Selector.workload('web' as any), /^Selector\.workload\(\) takes a cdk8s-plus workload/],
    ['NamespaceSelector.of(string)', () => NamespaceSelector.of('shop' as any), /^NamespaceSelector\.of\(\) takes a cdk8s-plus Namespace/],
    ['Selector.app(undefined)', () => Selector.app(undefined as any), /^Invalid app name \(nothing\): must be a string\./],
  ])('%s is a library error', (_what, make, message) => {
    // WHEN
    let error: unknown;
    try {
      make();
    } catch (e) {
      error = e;
    }

    // THEN
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/undefined|null|NaN/);
  });

  test('Selector.labels({}) and Selector.expressions([]) select every pod, as Selector.all() does', () => {
    expect(Selector.labels({}).isAll).toBe(true);
    expect(Selector.expressions([]).isAll).toBe(true);
    expect(NamespaceSelector.labels({}).isAll).toBe(true);
    expect(Selector.labels({})._nameToken()).toBe(Selector.expressions([])._nameToken());
  });
});
