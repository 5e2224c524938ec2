import { lintContext, policy } from './_support';
import { hasAnyPeer, listWorkloads, peersPath, suggestLabels } from '../../../src/analysis/lint/context';
import { SELECTS_NO_WORKLOAD } from '../../../src/analysis/lint/selects-no-workload';
import { Endpoint } from '../../../src/analysis/model/endpoint';
import { PodPeerMatcher } from '../../../src/analysis/model/peer-matcher';
import { compileSelector } from '../../../src/analysis/model/selector-matcher';

/** The first peer of the first rule of an ingress policy of shop with `from: [peer]` (YAML). */
function firstPeer(peer: string, namespace = 'shop'): { peer: PodPeerMatcher; ctx: ReturnType<typeof lintContext> } {
  const ctx = lintContext([policy('p', `podSelector: {}\ningress: [{ from: [${peer}] }]`, namespace)]);
  return { peer: ctx.policies[0].rules[0].peers[0] as PodPeerMatcher, ctx };
}

function endpoint(id: string): Endpoint {
  const [namespace, name] = id.split('/');
  return { id, kind: 'Pod', namespace, name, labels: {}, ports: [], ips: [], external: false };
}

describe('LintContext |', () => {
  test('holds the workloads by namespace, the known namespaces and their labels', () => {
    // WHEN
    const ctx = lintContext([policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]', 'shpo')]);

    // THEN
    expect(ctx.hasInventory).toBe(true);
    expect(ctx.workloads.map(w => w.id)).toEqual(['shop/web', 'shop/api', 'ops/monitor']);
    expect(ctx.workloadsIn('shop').map(w => w.id)).toEqual(['shop/web', 'shop/api']);
    expect(ctx.workloadsIn('shpo')).toEqual([]);
    expect(ctx.knownNamespaces).toEqual(['ops', 'shop', 'shpo']);
    expect(ctx.namespaceLabels('ops')).toEqual({ 'team': 'ops', 'kubernetes.io/metadata.name': 'ops' });
    expect(ctx.namespaceLabels('shop')).toEqual({ 'kubernetes.io/metadata.name': 'shop' });
  });

  test('has no inventory when the manifests hold no workload', () => {
    // WHEN
    const ctx = lintContext([policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]')], false);

    // THEN
    expect(ctx.hasInventory).toBe(false);
    expect(ctx.workloads).toEqual([]);
    expect(ctx.knownNamespaces).toEqual(['shop']);
  });

  test('builds the row engine once per run, over the workloads and one address per region outside the cluster', () => {
    // GIVEN
    const ctx = lintContext([policy('deny', 'podSelector: {}\npolicyTypes: [Ingress]')]);

    // THEN
    expect(ctx.addresses.map(a => a.region)).toEqual(['0.0.0.0/0', '::/0']);
    expect(ctx.rows).toBe(ctx.rows);
    expect(ctx.rows.classes.length).toBe(5);
  });

  test.each([
    ['podSelector: { matchLabels: { app: web } }', 'the web pod', ['shop/web']],
    ['podSelector: {}', 'every workload of shop', ['shop/web', 'shop/api']],
    ['podSelector: { matchLabels: { app: wbe } }', 'nothing, for a typo', []],
  ])('selectedWorkloads of a policy with %s is %s', (selector, _what, expected) => {
    // GIVEN
    const ctx = lintContext([policy('p', `${selector}\npolicyTypes: [Ingress]`)]);

    // WHEN
    const workloads = ctx.selectedWorkloads(ctx.policies[0]);

    // THEN
    expect(workloads.map(w => w.id)).toEqual(expected);
  });

  test('selectedWorkloads is computed once per policy', () => {
    // GIVEN
    const ctx = lintContext([policy('p', 'podSelector: { matchLabels: { app: api } }\npolicyTypes: [Ingress]')]);

    // WHEN
    const first = ctx.selectedWorkloads(ctx.policies[0]);

    // THEN
    expect(first.map(w => w.id)).toEqual(['shop/api']);
    expect(ctx.selectedWorkloads(ctx.policies[0])).toBe(first);
  });

  test('finding() locates the field, and marks it suppressed when the ignore annotation lists the rule in any case', () => {
    // GIVEN
    const ctx = lintContext([
      policy('quiet', 'podSelector: { matchLabels: { app: wbe } }\npolicyTypes: [Ingress]', 'shop', 'lint.cdk8s-netpol.dev/ignore: "np002"'),
      policy('loud', 'podSelector: { matchLabels: { app: wbe } }\npolicyTypes: [Ingress]'),
    ]);
    const [quiet, loud] = ctx.policies;

    // WHEN
    const suppressed = ctx.finding(SELECTS_NO_WORKLOAD, quiet.document, 'spec.podSelector', 'message', 'fix');
    const reported = ctx.finding(SELECTS_NO_WORKLOAD, loud.document, 'spec.podSelector', 'message', 'fix');

    // THEN
    expect(suppressed).toMatchObject({ ruleId: 'NP002', ruleName: 'selects-no-workload', severity: 'warning', suppressed: true });
    expect(reported).toEqual({
      ruleId: 'NP002',
      ruleName: 'selects-no-workload',
      severity: 'warning',
      message: 'message',
      fix: 'fix',
      policy: { namespace: 'shop', name: 'loud' },
      path: 'spec.podSelector',
      file: 'lint.yaml',
      line: 41,
      document: 6,
      suppressed: false,
    });
  });
});

describe('LintContext.peerSelection |', () => {
  test.each([
    ['pods of the own namespace', '{ podSelector: { matchLabels: { app: web } } }', { kind: 'pods', workloads: ['shop/web'] }],
    ['pods of the selected namespaces', '{ namespaceSelector: { matchLabels: { team: ops } }, podSelector: { matchLabels: { app: monitor } } }',
      { kind: 'pods', workloads: ['ops/monitor'] }],
    ['every pod of every namespace', '{ namespaceSelector: {} }', { kind: 'pods', workloads: ['ops/monitor', 'shop/web', 'shop/api'] }],
    ['no pod of the own namespace', '{ podSelector: { matchLabels: { app: frontend } } }', { kind: 'no-pod', namespaces: ['shop'] }],
    ['no pod of the selected namespaces', '{ namespaceSelector: { matchLabels: { team: ops } }, podSelector: { matchLabels: { app: monitr } } }',
      { kind: 'no-pod', namespaces: ['ops'] }],
    ['no namespace, for a typo', '{ namespaceSelector: { matchLabels: { team: opz } } }', { kind: 'no-namespace' }],
    ['no namespace, for NotIn every namespace by name',
      '{ namespaceSelector: { matchExpressions: [{ key: kubernetes.io/metadata.name, operator: NotIn, values: [ops, shop] }] } }',
      { kind: 'no-namespace' }],
    ['unknown, for a namespace named by its name label that the manifests do not mention',
      '{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } } }', { kind: 'unknown' }],
    ['unknown, for a namespace named with In that the manifests do not mention',
      '{ namespaceSelector: { matchExpressions: [{ key: kubernetes.io/metadata.name, operator: In, values: [kube-system] }] } }',
      { kind: 'unknown' }],
  ])('finds %s', (_case, peer, expected) => {
    // GIVEN
    const { ctx, peer: matcher } = firstPeer(peer);

    // WHEN
    const selection = ctx.peerSelection(matcher, 'shop');

    // THEN
    expect(selection.kind === 'pods' ? { kind: 'pods', workloads: selection.workloads.map(w => w.id) } : selection).toEqual(expected);
  });

  test('is unknown when a selected namespace has no workloads in the manifests', () => {
    // GIVEN: a policy in "empty", so every namespace includes one without workloads
    const { ctx, peer } = firstPeer('{ namespaceSelector: {} }', 'empty');

    // WHEN
    const everywhere = ctx.peerSelection(peer, 'empty');
    const own = ctx.peerSelection({ kind: 'pods', ownNamespace: 'empty', podSelector: compileSelector({}) }, 'empty');

    // THEN
    expect(everywhere).toEqual({ kind: 'unknown' });
    expect(own).toEqual({ kind: 'unknown' });
  });
});

describe('suggestLabels |', () => {
  test.each([
    ['a typo of a candidate value', { app: 'wbe' }, [{ app: 'web' }, { app: 'api' }], ' Did you mean app=web?'],
    ['the nearest candidate', { app: 'apx' }, [{ app: 'abc' }, { app: 'api' }], ' Did you mean app=api?'],
    ['the first of equally near candidates', { app: 'wex' }, [{ app: 'web' }, { app: 'wed' }], ' Did you mean app=web?'],
    ['every entry, at a total distance of 2', { app: 'wbe', tier: 'front' }, [{ app: 'web', tier: 'front' }], ' Did you mean app=web,tier=front?'],
    ['nothing for a total distance of 3', { app: 'wbe', tier: 'frnt' }, [{ app: 'web', tier: 'front' }], ''],
    ['nothing for a value 3 edits away', { app: 'frontend' }, [{ app: 'web' }], ''],
    ['nothing for an exact match', { app: 'web' }, [{ app: 'web' }], ''],
    ['nothing when the key is missing', { tier: 'web' }, [{ app: 'web' }], ''],
    ['nothing without candidates', { app: 'wbe' }, [], ''],
  ])('suggests %s', (_case, matchLabels, candidates, expected) => {
    // WHEN
    const hint = suggestLabels(compileSelector({ matchLabels }), candidates);

    // THEN
    expect(hint).toBe(expected);
  });

  test('suggests nothing for no selector, or one without matchLabels', () => {
    // THEN
    expect(suggestLabels(undefined, [{ app: 'web' }])).toBe('');
    expect(suggestLabels(compileSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['wbe'] }] }), [{ app: 'web' }])).toBe('');
  });
});

describe('listWorkloads |', () => {
  test.each([
    [[], 3, ''],
    [['shop/web'], 3, 'shop/web'],
    [['shop/web', 'shop/api', 'ops/monitor'], 3, 'shop/web, shop/api, ops/monitor'],
    [['a/1', 'a/2', 'a/3', 'a/4', 'a/5'], 3, 'a/1, a/2, a/3 and 2 more'],
    [['a/1', 'a/2'], 1, 'a/1 and 1 more'],
    [['shop/web', 'shop/web', 'shop/api'], 3, 'shop/web, shop/api'],
  ])('lists %j (at most %d) as "%s"', (ids, max, expected) => {
    // WHEN
    const text = listWorkloads(ids.map(endpoint), max);

    // THEN
    expect(text).toBe(expected);
  });

  test('lists at most 3 by default', () => {
    // THEN
    expect(listWorkloads(['a/1', 'a/2', 'a/3', 'a/4'].map(endpoint))).toBe('a/1, a/2, a/3 and 1 more');
  });
});

describe('peersPath and hasAnyPeer |', () => {
  test('peersPath names the from or to list of a rule', () => {
    // GIVEN
    const ctx = lintContext([policy('p', 'podSelector: {}\npolicyTypes: [Ingress, Egress]\n'
      + 'ingress: [{}]\negress: [{}, { to: [{ podSelector: {} }] }]')]);

    // WHEN
    const paths = ctx.policies[0].rules.map(peersPath);

    // THEN
    expect(paths).toEqual(['spec.ingress[0].from', 'spec.egress[0].to', 'spec.egress[1].to']);
  });

  test.each([
    ['no from', '{}', true],
    ['an empty from', '{ from: [] }', true],
    ['a namespaceSelector that selects every namespace', '{ from: [{ namespaceSelector: {} }] }', false],
    ['an ipBlock of every address', '{ from: [{ ipBlock: { cidr: 0.0.0.0/0 } }] }', false],
    ['a podSelector peer', '{ from: [{ podSelector: {} }] }', false],
  ])('hasAnyPeer of a rule with %s is %s', (_case, rule, expected) => {
    // GIVEN
    const ctx = lintContext([policy('p', `podSelector: {}\ningress: [${rule}]`)]);

    // THEN
    expect(hasAnyPeer(ctx.policies[0].rules[0])).toBe(expected);
  });
});
