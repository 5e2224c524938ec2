import { Testing } from 'cdk8s';
import { onlyPolicy, shopChart } from './_support';
import { DenyFromOtherNamespaces, NamespaceSelector, Peer, Selector } from '../../src';

describe('DenyFromOtherNamespaces |', () => {
  test('accepts only pods of the same namespace', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new DenyFromOtherNamespaces(chart, 'Deny', { selector: Selector.app('api') });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata.name).toEqual('api-deny-from-other-namespaces');
    expect(onlyPolicy(chart).spec.ingress).toEqual([{ from: [{ podSelector: {} }] }]);
    expect(onlyPolicy(chart).spec.policyTypes).toEqual(['Ingress']);
  });

  test('also accepts given peers from elsewhere', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new DenyFromOtherNamespaces(chart, 'Deny', { alsoFrom: [Peer.namespaces(NamespaceSelector.named('ingress-nginx'))] });

    // THEN
    expect(onlyPolicy(chart).spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }, { podSelector: {} }],
    }]);
  });
});
