import { netpol } from './_support';
import { PolicyAnalyzer, VerdictReason, Workload } from '../../src/analysis';
import { explainDirection } from '../../src/analysis/explain';
import { Direction } from '../../src/core/direction';

const web = Workload.of('shop', { app: 'web' }, { name: 'web', ports: [{ number: 8080, name: 'http' }] });
const api = Workload.of('shop', { app: 'api' }, { name: 'api', ports: [{ number: 8080, name: 'http' }] });

describe('explain |', () => {
  test.each([
    ['NOT_ISOLATED when no policy selects the pod', [], 8080, VerdictReason.NOT_ISOLATED, true],
    ['ALLOWED when a rule matches', [netpol('shop', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 'http' }] }] })], 8080, VerdictReason.ALLOWED, true],
    ['NO_RULES when the selecting policies have no rules', [netpol('shop', 'p', { podSelector: {} })], 8080, VerdictReason.NO_RULES, false],
    ['NO_PEER_MATCH when no rule names the source', [netpol('shop', 'p', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'x' } } }] }] })], 8080, VerdictReason.NO_PEER_MATCH, false],
    ['NO_PORT_MATCH when a rule names the source on another port', [netpol('shop', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] })], 8080, VerdictReason.NO_PORT_MATCH, false],
  ])('ingress reason is %s', (_, policies, port, reason, allowed) => {
    // GIVEN
    const analyzer = PolicyAnalyzer.fromManifests(policies);

    // WHEN
    const verdict = analyzer.canReach({ source: web, destination: api, port });

    // THEN
    expect(verdict.ingress.reason).toBe(reason);
    expect(verdict.ingress.allowed).toBe(allowed);
    expect(verdict.ingress.workload).toBe(api);
    expect(verdict.egress.workload).toBe(web);
  });

  test('allowedBy is the first matching rule by namespace, name and index, whatever the policy order', () => {
    // GIVEN
    const policies = [
      netpol('shop', 'b', { podSelector: {}, ingress: [{ ports: [{ port: 1 }] }, {}] }),
      netpol('shop', 'a', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{}, {}] }),
    ];

    // WHEN
    const forward = PolicyAnalyzer.fromManifests(policies).canReach({ source: web, destination: api, port: 8080 });
    const backward = PolicyAnalyzer.fromManifests([...policies].reverse()).canReach({ source: web, destination: api, port: 8080 });

    // THEN
    expect(forward.ingress.allowedBy).toEqual({ namespace: 'shop', name: 'a', direction: Direction.INGRESS, ruleIndex: 0 });
    expect(forward.ingress.matchingRules.map(r => `${r.name}#${r.ruleIndex}`)).toEqual(['a#0', 'a#1', 'b#1']);
    expect(forward.ingress.portMismatches.map(r => `${r.name}#${r.ruleIndex}`)).toEqual(['b#0']);
    expect(backward).toEqual(forward);
  });

  test('a direction that is not isolated names no rule', () => {
    const verdict = explainDirection({
      direction: Direction.EGRESS, isolated: false, selectedBy: [], allowed: true, matching: [], portMismatches: [], ruleCount: 0,
    }, web);
    expect(verdict).toEqual({
      direction: Direction.EGRESS,
      workload: web,
      isolated: false,
      selectedBy: [],
      allowed: true,
      reason: VerdictReason.NOT_ISOLATED,
      allowedBy: undefined,
      matchingRules: [],
      portMismatches: [],
    });
  });
});
