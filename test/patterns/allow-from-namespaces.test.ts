import { Testing } from 'cdk8s';
import { onlyPolicy, shopChart } from './_support';
import { AllowFromNamespaces, NamespaceSelector, Port, Selector } from '../../src';

describe('AllowFromNamespaces |', () => {
  test('accepts every pod of namespaces selected by label', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowFromNamespaces(chart, 'FromTeam', { namespaces: NamespaceSelector.labels({ team: 'payments' }) });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata.name).toEqual('allow-from-team-payments');
    expect(onlyPolicy(chart).spec.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { team: 'payments' } } }] }]);
  });

  test('accepts only some pods of a named namespace, in the AND form', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowFromNamespaces(chart, 'FromFrontend', {
      selector: Selector.app('api'),
      namespaces: NamespaceSelector.named('frontend'),
      pods: Selector.app('web'),
      ports: [Port.tcp(8080)],
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata.name).toEqual('api-allow-from-frontend-web');
    expect(onlyPolicy(chart).spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'frontend' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    }]);
  });
});
