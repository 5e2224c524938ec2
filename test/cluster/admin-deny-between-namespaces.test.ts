import { Testing } from 'cdk8s';
import { crdProblems } from './_support';
import { AdminDenyBetweenNamespaces, ClusterPolicyPriority, NamespaceSelector, Port } from '../../src';

describe('AdminDenyBetweenNamespaces |', () => {
  test('denies ingress to the destination namespaces from the source namespaces, in the Admin tier', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new AdminDenyBetweenNamespaces(chart, 'DevNeverProd', {
      source: NamespaceSelector.labels({ env: 'dev' }),
      destination: NamespaceSelector.labels({ env: 'prod' }),
      priority: ClusterPolicyPriority.of(10),
    });
    const manifests = Testing.synth(chart);

    // THEN
    expect(manifests).toMatchSnapshot();
    expect(manifests).toHaveLength(1);
    expect(manifests[0].metadata.name).toBe('deny-env-dev-to-env-prod');
    expect(manifests[0].spec).toEqual({
      tier: 'Admin',
      priority: 10,
      subject: { namespaces: { matchLabels: { env: 'prod' } } },
      ingress: [{ name: 'deny-from-env-dev', action: 'Deny', from: [{ namespaces: { matchLabels: { env: 'dev' } } }] }],
    });
    expect(crdProblems(manifests[0])).toEqual([]);
  });

  test('denies only the given ports', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new AdminDenyBetweenNamespaces(chart, 'NoDb', {
      source: NamespaceSelector.named('web'),
      destination: NamespaceSelector.named('data'),
      priority: ClusterPolicyPriority.of(20),
      ports: [Port.tcp(5432)],
      name: 'no-db-from-web',
    });

    // THEN
    const [object] = Testing.synth(chart);
    expect(object.metadata.name).toBe('no-db-from-web');
    expect(object.spec.ingress[0].protocols).toEqual([{ tcp: { destinationPort: { number: 5432 } } }]);
  });
});
