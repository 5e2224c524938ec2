import { Testing } from 'cdk8s';
import { crdProblems } from './_support';
import { ClusterPolicyPriority, ClusterPolicySubject, EgressToDomainNames, NamespaceSelector } from '../../src';

describe('EgressToDomainNames |', () => {
  test('accepts HTTPS egress to domain names, which needs the experimental CRD', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const intent = new EgressToDomainNames(chart, 'GitHub', {
      domainNames: ['github.com', '*.github.com'],
      subject: ClusterPolicySubject.namespaces(NamespaceSelector.named('ci')),
      priority: ClusterPolicyPriority.of(30),
    });
    const manifests = Testing.synth(chart);

    // THEN
    expect(manifests).toMatchSnapshot();
    expect(intent.policy.requiresExperimentalChannel).toBe(true);
    expect(manifests[0].spec.egress).toEqual([{
      name: 'accept-domain-names',
      action: 'Accept',
      to: [{ domainNames: ['*.github.com', 'github.com'] }],
      protocols: [{ tcp: { destinationPort: { number: 443 } } }],
    }]);
    expect(crdProblems(manifests[0], 'experimental')).toEqual([]);
    expect(crdProblems(manifests[0], 'standard')[0]).toMatch(/^spec\.egress\[0\]\.to\[0\]\.domainNames: unknown field "domainNames"/);
  });
});
