import { Testing } from 'cdk8s';
import { crdProblems } from './_support';
import { AdminAcceptDns, ClusterPolicyPriority } from '../../src';

describe('AdminAcceptDns |', () => {
  test('accepts DNS queries at both ends: every pod\'s egress and the DNS pods\' ingress', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new AdminAcceptDns(chart, 'Dns', { priority: ClusterPolicyPriority.of(5) });
    const manifests = Testing.synth(chart);

    // THEN
    expect(manifests).toMatchSnapshot();
    expect(manifests.map(m => m.metadata.name)).toEqual(['accept-dns', 'accept-dns-ingress']);
    const dnsPods = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } };
    expect(manifests[0].spec.egress[0].to).toEqual([{ pods: dnsPods }]);
    expect(manifests[1].spec.subject).toEqual({ pods: dnsPods });
    expect(manifests[1].spec.ingress[0].protocols).toEqual([
      { tcp: { destinationPort: { number: 53 } } },
      { udp: { destinationPort: { number: 53 } } },
    ]);
    expect(manifests.flatMap(m => crdProblems(m))).toEqual([]);
  });
});
