import { compilePolicies } from '../../../src/analysis/compile';
import { describePeer, describePortMatcher, describeRule, describeSubject, formatSelector } from '../../../src/analysis/model/describe';
import { compileSelector } from '../../../src/analysis/model/selector-matcher';
import { CompiledPolicy } from '../../../src/analysis/model/target';
import { loaded, netpol } from '../_support';

function compiled(spec: any): CompiledPolicy {
  return compilePolicies(loaded([], netpol('shop', 'p', spec)).documents).policy.policies[0];
}

describe('formatSelector |', () => {
  test.each([
    [{}, '{}'],
    [undefined, '{}'],
    [{ matchLabels: { app: 'web', tier: 'front' } }, 'app=web,tier=front'],
    [{
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'legacy', operator: 'NotIn', values: ['yes'] },
        { key: 'team', operator: 'Exists' },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    }, 'env in (dev,prod),legacy notin (yes),team,!canary'],
  ])('writes %j in kubectl notation as %s', (selector, expected) => {
    expect(formatSelector(compileSelector(selector as any))).toBe(expected);
  });
});

describe('describe |', () => {
  test.each([
    [{ podSelector: { matchLabels: { app: 'web' } } }, 'pods with app=web in namespace shop'],
    [{ podSelector: {} }, 'every pod in namespace shop'],
    [{ namespaceSelector: {} }, 'every pod in every namespace'],
    [{ namespaceSelector: { matchLabels: { team: 'ops' } } }, 'every pod in namespaces with team=ops'],
    [{ namespaceSelector: { matchLabels: { team: 'ops' } }, podSelector: { matchLabels: { app: 'prom' } } },
      'pods with app=prom in namespaces with team=ops'],
    [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.0.0/16'] } }, 'addresses in 10.0.0.0/8 except 10.1.0.0/16, 10.2.0.0/16'],
  ])('describes the peer %j as "%s"', (peer, words) => {
    expect(describePeer(compiled({ podSelector: {}, ingress: [{ from: [peer] }] }).rules[0].peers[0])).toBe(words);
  });

  test.each([
    [{ port: 8080 }, 'TCP 8080'],
    [{ protocol: 'UDP', port: 53 }, 'UDP 53'],
    [{ port: 8000, endPort: 8099 }, 'TCP 8000-8099'],
    [{ protocol: 'SCTP' }, 'SCTP any port'],
    [{ port: 'http' }, 'TCP port named "http"'],
  ])('describes the port %j as "%s"', (port, words) => {
    expect(describePortMatcher(compiled({ podSelector: {}, ingress: [{ ports: [port] }] }).rules[0].ports[0])).toBe(words);
  });

  test('describes rules and subjects', () => {
    const policy = compiled({
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{}],
      egress: [{ to: [{ podSelector: {} }, { ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 53, protocol: 'UDP' }] }],
    });
    expect(policy.rules.map(describeRule)).toEqual([
      'allow from any source (every pod and address), on any port',
      'allow to every pod in namespace shop, or addresses in 0.0.0.0/0, on UDP 53',
    ]);
    expect(describeSubject(policy.podSelector, 'shop')).toBe('pods with app=db in namespace shop');
    expect(describeSubject(compileSelector({}), 'shop')).toBe('every pod in namespace shop');
  });
});
