import { Testing } from 'cdk8s';
import { crdProblems } from './_support';
import { AdminPassNamespaces, ClusterPolicyPriority, NamespaceSelector } from '../../src';

describe('AdminPassNamespaces |', () => {
  test('passes all of a namespace group\'s traffic to its NetworkPolicies', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new AdminPassNamespaces(chart, 'Payments', { namespaces: NamespaceSelector.labels({ team: 'payments' }), priority: ClusterPolicyPriority.of(900) });
    const manifests = Testing.synth(chart);

    // THEN
    expect(manifests).toMatchSnapshot();
    expect(manifests[0].metadata.name).toBe('pass-team-payments');
    expect(manifests[0].spec.ingress).toEqual([{ name: 'pass-ingress', action: 'Pass', from: [{ namespaces: {} }] }]);
    expect(manifests[0].spec.egress).toEqual([{ name: 'pass-egress', action: 'Pass', to: [{ networks: ['0.0.0.0/0', '::/0'] }] }]);
    expect(crdProblems(manifests[0])).toEqual([]);
  });
});
