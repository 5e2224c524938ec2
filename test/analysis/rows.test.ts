import { fixtureDocs, loaded as load, netpol, pod } from './_support';
import { compilePolicies } from '../../src/analysis/compile';
import { Evaluator } from '../../src/analysis/evaluate';
import { Endpoint } from '../../src/analysis/model/endpoint';
import { CompiledRule } from '../../src/analysis/model/target';
import { EVERY_PEER, FULL_VIEW, matrixOf, PolicyView, portsAdmit, Row, RowEngine, rowHas } from '../../src/analysis/rows';
import { Direction } from '../../src/core/direction';
import { Protocol } from '../../src/core/protocol';

/** An address outside the cluster. */
function external(ip: string): Endpoint {
  return { id: ip, kind: 'External', name: ip, labels: {}, ports: [], ips: [ip], external: true };
}

/** The evaluator over manifests (plain objects), plus addresses outside the cluster. */
function evaluator(manifests: any[], addresses: string[] = []): Evaluator {
  const loaded = load([], ...manifests);
  const { policy, issues } = compilePolicies(loaded.documents);
  expect(issues).toEqual([]);
  return new Evaluator(policy, { namespaces: loaded.namespaces, endpoints: [...loaded.endpoints, ...addresses.map(external)] });
}

/** The rule of a policy, by policy name and rule index among its rules. */
function ruleOf(e: Evaluator, name: string, index = 0): CompiledRule {
  return e.policy.policies.find(p => p.ref.name === name)!.rules[index];
}

/** The indexes of the classes a row has. */
function members(row: Row, size: number): number[] {
  return Array.from({ length: size }, (_, c) => c).filter(c => rowHas(row, c));
}

const TCP = (port: number) => ({ protocol: Protocol.TCP, port });

describe('RowEngine.peerList |', () => {
  // Classes: 0 shop/web (10.0.0.1), 1 shop/api, 2 ops/monitor, 3 203.0.113.1, 4 10.1.1.1
  const MANIFESTS = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops', labels: { team: 'ops' } } },
    pod('shop', 'web', { app: 'web' }, { ips: ['10.0.0.1'] }),
    pod('shop', 'api', { app: 'api' }),
    pod('ops', 'monitor', { app: 'monitor' }),
    netpol('shop', 'web-and-all', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }, { podSelector: {} }] }] }),
    netpol('shop', 'from-ops', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }] }] }),
    netpol('shop', 'from-ten', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] }),
    netpol('shop', 'from-any', { podSelector: {}, ingress: [{}] }),
    netpol('shop', 'from-ops-or-api', {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'monitor' } } }, { podSelector: { matchLabels: { app: 'api' } } }] }],
    }),
  ];

  test.each([
    ['two podSelector peers of its namespace, each class once', 'web-and-all', [0, 1]],
    ['a namespaceSelector: the pods of the namespaces it selects', 'from-ops', [2]],
    ['an ipBlock: the pods and addresses with an IP in it', 'from-ten', [0, 4]],
    ['no from: every class', 'from-any', [0, 1, 2, 3, 4]],
    ['peers of several namespaces', 'from-ops-or-api', [2, 1]],
  ])('lists the classes of %s', (_case, name, expected) => {
    // GIVEN
    const e = evaluator(MANIFESTS, ['203.0.113.1', '10.1.1.1']);
    const engine = new RowEngine(e);

    // WHEN
    const list = engine.peerList(ruleOf(e, name));

    // THEN
    expect(list).toEqual(expected);
  });

  test('matches a rule\'s peers once, whatever the port', () => {
    // GIVEN
    const e = evaluator(MANIFESTS);
    const engine = new RowEngine(e);
    const rule = ruleOf(e, 'web-and-all');

    // THEN
    expect(engine.peerList(rule)).toBe(engine.peerList(rule));
  });

  test('covers only the classes seen when the engine was built', () => {
    // GIVEN
    const e = evaluator(MANIFESTS);
    const engine = new RowEngine(e);

    // WHEN
    e.classes.classOf(external('10.9.9.9'));

    // THEN
    expect(engine.classes).toHaveLength(3);
    expect(engine.peerList(ruleOf(e, 'from-any'))).toEqual([0, 1, 2]);
  });
});

describe('RowEngine rows |', () => {
  // Classes: 0 shop/web (http 80), 1 shop/web-v2 (http 8080), 2 shop/api, 3 shop/db, 4 203.0.113.1
  const MANIFESTS = [
    pod('shop', 'web', { app: 'web' }, { ports: [{ containerPort: 80, name: 'http' }] }),
    pod('shop', 'web-v2', { app: 'web', v: '2' }, { ports: [{ containerPort: 8080, name: 'http' }] }),
    pod('shop', 'api', { app: 'api' }),
    pod('shop', 'db', { app: 'db' }),
    netpol('shop', 'web-from-api', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 80, endPort: 81 }, { port: 'http' }] }],
    }),
    netpol('shop', 'db-from-api', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 80, endPort: 81 }] }],
    }),
    netpol('shop', 'api-out', {
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 80, endPort: 81 }] },
        { to: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 'http' }] },
      ],
    }),
    netpol('shop', 'db-out', {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 80, endPort: 81 }] }],
    }),
  ];

  test('classes that the same rules admit share an ingress row; other rules make another key with the same peers', () => {
    // GIVEN
    const engine = new RowEngine(evaluator(MANIFESTS, ['203.0.113.1']));
    const ingress = (c: number) => engine.ingressRow(engine.fullSide(c, Direction.INGRESS), c, TCP(81));

    // WHEN
    const [web, webV2, db] = [ingress(0), ingress(1), ingress(3)];

    // THEN
    expect(webV2).toBe(web);
    expect(db.key).not.toBe(web.key);
    expect(members(web, 5)).toEqual([2]);
    expect(members(db, 5)).toEqual([2]);
  });

  test('resolves a named port of an ingress rule on each destination', () => {
    // GIVEN
    const engine = new RowEngine(evaluator(MANIFESTS));
    const ingress = (c: number) => engine.ingressRow(engine.fullSide(c, Direction.INGRESS), c, TCP(8080));

    // WHEN
    const [web, webV2] = [ingress(0), ingress(1)];

    // THEN
    expect(web.key).toBe('in:');
    expect(members(web, 4)).toEqual([]);
    expect(members(webV2, 4)).toEqual([2]);
  });

  test('a direction that is not isolated admits every peer', () => {
    // GIVEN
    const engine = new RowEngine(evaluator(MANIFESTS, ['203.0.113.1']));

    // WHEN
    const apiIngress = engine.ingressRow(engine.fullSide(2, Direction.INGRESS), 2, TCP(80));
    const webEgress = engine.egressRow(engine.fullSide(0, Direction.EGRESS), TCP(80));

    // THEN
    expect(apiIngress).toBe(EVERY_PEER);
    expect(webEgress).toBe(EVERY_PEER);
    expect(members(apiIngress, 5)).toEqual([0, 1, 2, 3, 4]);
  });

  test('egress rows of numeric ports are shared across the ports they admit', () => {
    // GIVEN
    const engine = new RowEngine(evaluator(MANIFESTS, ['203.0.113.1']));
    const side = engine.fullSide(3, Direction.EGRESS);

    // WHEN
    const on80 = engine.egressRow(side, TCP(80));
    const on81 = engine.egressRow(side, TCP(81));
    const on82 = engine.egressRow(side, TCP(82));

    // THEN
    expect(on81).toBe(on80);
    expect(on80.key).not.toContain('TCP/80');
    expect(members(on80, 5)).toEqual([2]);
    expect(members(on82, 5)).toEqual([]);
  });

  test('a named port of an egress rule makes one row per port, resolved on each destination', () => {
    // GIVEN
    const engine = new RowEngine(evaluator(MANIFESTS, ['203.0.113.1']));
    const side = engine.fullSide(2, Direction.EGRESS);

    // WHEN
    const on80 = engine.egressRow(side, TCP(80));
    const on81 = engine.egressRow(side, TCP(81));
    const on8080 = engine.egressRow(side, TCP(8080));

    // THEN
    expect(on80.key).toContain('TCP/80:');
    expect(on81).not.toBe(on80);
    expect(members(on80, 5)).toEqual([0, 3]);
    expect(members(on81, 5)).toEqual([3]);
    expect(members(on8080, 5)).toEqual([1]);
    expect(engine.egressRow(side, TCP(8080))).toBe(on8080);
  });

  test('admits() agrees with the rows', () => {
    // GIVEN
    const engine = new RowEngine(evaluator(MANIFESTS, ['203.0.113.1']));
    const ports = [TCP(80), TCP(81), TCP(82), TCP(8080), { protocol: Protocol.UDP, port: 80 }];

    for (const port of ports) {
      for (let d = 0; d < engine.classes.length; d++) {
        // WHEN
        const side = engine.fullSide(d, Direction.INGRESS);
        const row = engine.ingressRow(side, d, port);

        // THEN
        for (let s = 0; s < engine.classes.length; s++) {
          expect(engine.admits(side, s, d, port)).toBe(rowHas(row, s));
        }
      }
    }
  });
});

describe('RowEngine.side |', () => {
  // Classes: 0 shop/web, 1 shop/api
  const MANIFESTS = [
    pod('shop', 'web', { app: 'web' }),
    pod('shop', 'api', { app: 'api' }),
    netpol('shop', 'deny', { podSelector: {} }),
    netpol('shop', 'allow', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }] }] }),
    netpol('shop', 'allow-web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: {} }] }] }),
  ];

  const view = (entries: { [key: string]: 'rules' | 'isolation' }): PolicyView => key => entries[key];

  test.each<[string, PolicyView, boolean, string[]]>([
    ['every policy', FULL_VIEW, true, ['allow', 'allow-web']],
    ['only the default deny', view({ 'shop/deny': 'rules' }), true, []],
    ['a policy left out', view({ 'shop/deny': 'rules', 'shop/allow': 'rules' }), true, ['allow']],
    ['a policy that keeps only its isolation', view({ 'shop/allow': 'isolation', 'shop/allow-web': 'rules' }), true, ['allow-web']],
    ['only isolation', view({ 'shop/allow': 'isolation' }), true, []],
    ['no policy', view({}), false, []],
  ])('gives the ingress of web under %s', (_case, policies, isolated, rules) => {
    // GIVEN
    const engine = new RowEngine(evaluator(MANIFESTS));

    // WHEN
    const side = engine.side(0, Direction.INGRESS, policies);

    // THEN
    expect(side.isolated).toBe(isolated);
    expect(side.rules.map(r => r.ref.name).sort()).toEqual(rules);
  });

  test('under the full view gives what fullSide gives', () => {
    // GIVEN
    const engine = new RowEngine(evaluator(MANIFESTS));

    for (const c of [0, 1]) {
      for (const direction of [Direction.INGRESS, Direction.EGRESS]) {
        // WHEN
        const side = engine.side(c, direction, FULL_VIEW);
        const full = engine.fullSide(c, direction);

        // THEN
        expect(side.isolated).toBe(full.isolated);
        expect(side.rules.map(r => r.id).sort()).toEqual(full.rules.map(r => r.id).sort());
      }
    }
  });

  test('leaving a policy out changes the row it made', () => {
    // GIVEN
    const engine = new RowEngine(evaluator(MANIFESTS));
    const without = view({ 'shop/deny': 'rules', 'shop/allow': 'rules' });

    // WHEN
    const full = engine.ingressRow(engine.side(0, Direction.INGRESS, FULL_VIEW), 0, TCP(80));
    const less = engine.ingressRow(engine.side(0, Direction.INGRESS, without), 0, TCP(80));

    // THEN
    expect(members(full, 2)).toEqual([0, 1]);
    expect(members(less, 2)).toEqual([1]);
  });
});

describe('portsAdmit |', () => {
  test.each([
    ['a range that holds the port', [{ port: 80, endPort: 90 }], TCP(85), true],
    ['no ports at all', undefined, TCP(85), true],
    ['ports that do not hold it', [{ port: 80 }, { protocol: 'UDP', port: 85 }], TCP(85), false],
    ['a named port of the protocol', [{ port: 'http' }], TCP(85), undefined],
    ['a named port of another protocol', [{ protocol: 'UDP', port: 'dns' }], TCP(85), false],
    ['a named port and a range that holds the port', [{ port: 'http' }, { port: 85 }], TCP(85), true],
  ])('says whether a rule admits the port everywhere: %s', (_case, ports, port, expected) => {
    // GIVEN
    const e = evaluator([netpol('shop', 'p', { podSelector: {}, ingress: [ports === undefined ? {} : { ports }] })]);

    // THEN
    expect(portsAdmit(ruleOf(e, 'p'), port)).toBe(expected);
  });
});

describe('matrixOf |', () => {
  test.each([
    [Protocol.TCP, 80], [Protocol.TCP, 81], [Protocol.UDP, 80], [Protocol.SCTP, 81],
  ])('agrees with Evaluator.evaluate on every pair, on %s %d (netpol-e2e-cluster.yaml, named-port-egress, '
    + 'multiple-pod-and-namespace-selectors, egress-cidr-except-ipv6, deny-egress-namespace)', (protocol, port) => {
    // GIVEN
    const docs = fixtureDocs('netpol-e2e-cluster.yaml', 'netpol-e2e-named-port-egress.yaml', 'netpol-e2e-multiple-pod-and-namespace-selectors.yaml',
      'netpol-e2e-egress-cidr-except-ipv6.yaml', 'netpol-e2e-deny-egress-namespace.yaml');
    const e = evaluator(docs, ['203.0.113.1', '2001:db8::1']);

    // WHEN
    const matrix = matrixOf(e, { protocol, port });

    // THEN
    let allowed = 0;
    for (const source of e.classes.all) {
      for (const destination of e.classes.all) {
        const result = e.evaluate({ source, destination, port: { protocol, port } });
        expect(matrix.allowed(source.index, destination.index)).toBe(result.allowed);
        allowed += result.allowed ? 1 : 0;
      }
    }
    expect(matrix.size).toBe(11);
    expect(allowed).toBeGreaterThan(0);
    expect(allowed).toBeLessThan(121);
  });

  test('countAllowed counts the allowed pairs of a list of classes, repeats included (netpol-e2e-cluster.yaml, pod-or-namespace-selector)', () => {
    // GIVEN
    const e = evaluator(fixtureDocs('netpol-e2e-cluster.yaml', 'netpol-e2e-pod-or-namespace-selector.yaml'));
    const matrix = matrixOf(e, TCP(80));
    const rows = [0, 0, 1, 4, 8, 8, 8, 2];

    // WHEN
    const count = matrix.countAllowed(rows);

    // THEN
    let expected = 0;
    for (const s of rows) {
      for (const d of rows) {
        expected += matrix.allowed(s, d) ? 1 : 0;
      }
    }
    expect(count).toBe(expected);
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(rows.length * rows.length);
  });
});
