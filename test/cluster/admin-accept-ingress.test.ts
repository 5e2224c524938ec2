import { Testing } from 'cdk8s';
import { crdProblems } from './_support';
import { AdminAcceptIngress, ClusterPeer, ClusterPolicyPriority, NamespaceSelector, Port, Selector } from '../../src';

describe('AdminAcceptIngress |', () => {
  test('accepts monitoring scrapes on every pod, in the Admin tier', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new AdminAcceptIngress(chart, 'MonitoringScrapes', {
      sources: [ClusterPeer.pods(Selector.labels({ 'app.kubernetes.io/name': 'prometheus' }), NamespaceSelector.named('monitoring'))],
      ports: [Port.named('metrics')],
      priority: ClusterPolicyPriority.of(50),
    });
    const manifests = Testing.synth(chart);

    // THEN
    expect(manifests).toMatchSnapshot();
    expect(manifests[0].metadata.name).toBe('monitoring-scrapes');
    expect(manifests[0].spec.subject).toEqual({ namespaces: {} });
    expect(manifests[0].spec.ingress).toEqual([{
      name: 'accept',
      action: 'Accept',
      from: [{
        pods: {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
        },
      }],
      protocols: [{ destinationNamedPort: 'metrics' }],
    }]);
    expect(crdProblems(manifests[0])).toEqual([]);
  });
});
