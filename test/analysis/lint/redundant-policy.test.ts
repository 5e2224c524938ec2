import { API_FROM_WEB, lint, manifests, policy, ruleIds } from './_support';
import { PolicyAnalyzer } from '../../../src/analysis/analyzer';
import { loadManifests } from '../../../src/analysis/load';
import { Workload } from '../../../src/analysis/workload';
import { Protocol } from '../../../src/core/protocol';
import { readYaml } from '../_support';

describe('NP007 redundant-policy |', () => {
  test.each([
    ['NP007: a narrower copy of a rule', [
      policy('api-allow-web', 'podSelector: { matchLabels: { app: api } }\ningress: [{ from: [{ podSelector: { matchLabels: { app: web } } }] }]'),
      policy('api-allow-web-8080', API_FROM_WEB),
    ], ['NP007']],
    ['NP007: a narrower egress ipBlock', [
      policy('web-egress-a', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\negress: [{ to: [{ ipBlock: { cidr: 203.0.113.0/24 } }] }]'),
      policy('web-egress-b', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\negress: [{ to: [{ ipBlock: { cidr: 203.0.113.0/25 } }] }]'),
    ], ['NP007']],
    ['NP007 not: different ipBlocks', [
      policy('web-egress-a', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\negress: [{ to: [{ ipBlock: { cidr: 203.0.113.0/24 } }] }]'),
      policy('web-egress-b', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\negress: [{ to: [{ ipBlock: { cidr: 198.51.100.0/24 } }] }]'),
    ], []],
    ['NP007 not: different ports', [
      policy('api-allow-web', API_FROM_WEB),
      policy('api-allow-web-stats', 'podSelector: { matchLabels: { app: api } }\n'
        + 'ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ protocol: UDP, port: stats }] }]'),
    ], []],
    ['NP007 not: a policy whose rule allows nothing (NP003 says why)', [
      policy('api-allow-web', API_FROM_WEB),
      policy('api-allow-frontend', 'podSelector: { matchLabels: { app: api } }\n'
        + 'ingress: [{ from: [{ podSelector: { matchLabels: { app: frontend } } }] }]'),
    ], ['NP003']],
    ['NP007 not: a default deny next to an allow', [
      policy('default-deny', 'podSelector: {}\npolicyTypes: [Ingress]'),
      policy('api-allow-web', API_FROM_WEB),
    ], []],
  ])('%s', (_case, policies, expected) => {
    // WHEN
    const result = lint(policies as string[]);

    // THEN
    expect(ruleIds(result)).toEqual(expected);
    expect(result.skipped).toEqual([]);
  });

  test.each([
    ['is not reported when it alone isolates api, though on its own port it admits everyone', [
      policy('api-8080', 'podSelector: { matchLabels: { app: api } }\ningress: [{ ports: [{ port: 8080 }] }]'),
    ], []],
    ['is reported when it alone isolates api and admits everyone: without it, api admits everyone too', [
      policy('api-open', 'podSelector: { matchLabels: { app: api } }\ningress: [{}]'),
    ], ['api-open']],
    ['is not reported when it is redundant on one of its ports only; the narrower policy is', [
      policy('api-allow-web-both', 'podSelector: { matchLabels: { app: api } }\n'
        + 'ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ port: 8080 }, { protocol: UDP, port: stats }] }]'),
      policy('api-allow-web-http', API_FROM_WEB),
    ], ['api-allow-web-http']],
    ['is not reported when it alone lets the pods it selects for both directions reach each other', [
      policy('deny-all', 'podSelector: {}\npolicyTypes: [Ingress, Egress]'),
      policy('web-to-web', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Ingress, Egress]\n'
        + 'ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }] }]\n'
        + 'egress: [{ to: [{ podSelector: { matchLabels: { app: web } } }] }]'),
    ], []],
  ])('a policy %s', (_case, policies, expected) => {
    // WHEN
    const result = lint(policies as string[]);

    // THEN
    expect(result.findings.filter(f => f.ruleId === 'NP007').map(f => f.policy.name)).toEqual(expected);
  });

  test('NP007 reports one of two identical policies, so deleting the reported ones changes nothing', () => {
    // WHEN
    const result = lint([policy('api-a', API_FROM_WEB), policy('api-b', API_FROM_WEB), policy('api-c', API_FROM_WEB)]);

    // THEN
    expect(result.findings.map(f => [f.ruleId, f.policy.name])).toEqual([['NP007', 'api-a'], ['NP007', 'api-b']]);
    expect(result.findings[0].message).toMatch(/^Every flow this policy allows is also allowed by other policies \(shop\/api-b, shop\/api-c\)/);
  });
});

describe('NP007 laws |', () => {
  const POOL = [
    policy('api-all-from-web', 'podSelector: { matchLabels: { app: api } }\ningress: [{ from: [{ podSelector: { matchLabels: { app: web } } }] }]'),
    policy('api-8080-from-web', API_FROM_WEB),
    policy('api-open', 'podSelector: { matchLabels: { app: api } }\ningress: [{}]'),
    policy('deny-ingress', 'podSelector: {}\npolicyTypes: [Ingress]'),
    policy('api-from-ops', 'podSelector: { matchLabels: { app: api } }\n'
      + 'ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: ops } } }], ports: [{ port: http }] }]'),
    policy('web-to-24', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\negress: [{ to: [{ ipBlock: { cidr: 203.0.113.0/24 } }] }]'),
    policy('web-to-25', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\n'
      + 'egress: [{ to: [{ ipBlock: { cidr: 203.0.113.128/25 } }] }, { ports: [{ protocol: UDP, port: 53 }] }]'),
    policy('web-to-all', 'podSelector: { matchLabels: { app: web } }\npolicyTypes: [Egress]\negress: [{}]'),
  ];

  /** Who can reach whom, by the public PolicyAnalyzer, over the workloads and sample addresses, on sample ports. */
  function reachability(policies: string[]): string {
    const analyzer = PolicyAnalyzer._fromLoaded(loadManifests(readYaml(manifests(policies), 'pool.yaml')));
    for (const ip of ['0.0.0.0', '203.0.113.1', '203.0.113.129', '198.51.100.1']) {
      analyzer.addWorkload(Workload.external(ip));
    }
    const ports: Array<[number, Protocol]> = [[1, Protocol.TCP], [80, Protocol.TCP], [8080, Protocol.TCP], [8081, Protocol.TCP],
      [53, Protocol.UDP], [1, Protocol.UDP], [1, Protocol.SCTP]];
    return ports.map(([port, protocol]) => JSON.stringify(analyzer.matrix({ port, protocol }).toArray())).join('|');
  }

  function subsets<T>(items: T[], max: number): T[][] {
    const result: T[][] = [[]];
    for (const item of items) {
      for (const s of [...result]) {
        if (s.length < max) {
          result.push([...s, item]);
        }
      }
    }
    return result.filter(s => s.length > 0);
  }

  test('deleting every policy NP007 reports changes no flow (all sets of up to 3 of 8 policies)', () => {
    let reported = 0;
    for (const set of subsets(POOL, 3)) {
      // WHEN
      const result = lint(set);
      const redundant = new Set(result.findings.filter(f => f.ruleId === 'NP007').map(f => f.policy.name));
      reported += redundant.size;

      // THEN
      const kept = set.filter(p => !redundant.has(/name: ([a-z0-9-]+)/.exec(p)![1]));
      expect(reachability(kept)).toEqual(reachability(set));
    }
    expect(reported).toBeGreaterThan(10);
  });

  test('the result does not depend on the order of the policies', () => {
    for (const set of subsets(POOL, 3)) {
      // WHEN
      const forward = lint(set).findings.filter(f => f.ruleId === 'NP007').map(f => f.policy.name);
      const backward = lint([...set].reverse()).findings.filter(f => f.ruleId === 'NP007').map(f => f.policy.name);

      // THEN
      expect(backward.sort()).toEqual(forward.sort());
    }
  });
});
