import { Testing } from 'cdk8s';
import { crdProblems } from './_support';
import { BaselineDefaultDeny, ClusterPolicyPriority, Selector } from '../../src';

describe('BaselineDefaultDeny |', () => {
  test('denies by default outside kube-system, with DNS kept', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new BaselineDefaultDeny(chart, 'DefaultDeny', { priority: ClusterPolicyPriority.of(1000) });
    const manifests = Testing.synth(chart);

    // THEN
    expect(manifests).toMatchSnapshot();
    const spec = manifests[0].spec;
    expect(spec.tier).toBe('Baseline');
    expect(spec.subject).toEqual({ namespaces: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] } });
    expect(spec.egress.map((r: any) => [r.name, r.action])).toEqual([['accept-dns', 'Accept'], ['deny-all-egress', 'Deny']]);
    expect(spec.ingress.map((r: any) => [r.name, r.action])).toEqual([['deny-all-ingress', 'Deny']]);
    expect(crdProblems(manifests[0])).toEqual([]);
  });

  test('covers every namespace when none is excluded', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new BaselineDefaultDeny(chart, 'DefaultDeny', { priority: ClusterPolicyPriority.of(1000), excludeNamespaces: [] });

    // THEN
    expect(Testing.synth(chart)[0].spec.subject).toEqual({ namespaces: {} });
  });

  test('keeps DNS to other DNS pods, and leaves their namespace out', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new BaselineDefaultDeny(chart, 'DefaultDeny', {
      priority: ClusterPolicyPriority.of(1000),
      dnsPods: Selector.labels({ app: 'coredns' }).inNamespace('dns'),
    });
    const spec = Testing.synth(chart)[0].spec;

    // THEN
    expect(spec.subject.namespaces.matchExpressions[0].values).toEqual(['dns']);
    expect(spec.egress[0].to).toEqual([{
      pods: {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } },
        podSelector: { matchLabels: { app: 'coredns' } },
      },
    }]);
  });

  test('refuses DNS pods without a namespace', () => {
    // GIVEN
    const chart = Testing.chart();

    // THEN
    expect(() => new BaselineDefaultDeny(chart, 'DefaultDeny', { priority: ClusterPolicyPriority.of(1000), dnsPods: Selector.labels({ app: 'coredns' }) }))
      .toThrow(/\[test\/DefaultDeny\] dnsPods app=coredns carries no namespace.*inNamespace\("kube-system"\)/);
  });
});
