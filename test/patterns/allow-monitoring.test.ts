import { Testing } from 'cdk8s';
import { onlyPolicy, shopChart } from './_support';
import { AllowMonitoring, NamespaceSelector, Peer, Port, Selector } from '../../src';

describe('AllowMonitoring |', () => {
  test('lets Prometheus scrape the named port "metrics" by default', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowMonitoring(chart, 'Scrape');

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata.name).toEqual('allow-monitoring');
    expect(onlyPolicy(chart).spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      }],
      ports: [{ protocol: 'TCP', port: 'metrics' }],
    }]);
  });

  test('takes a metrics port and scrapers', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowMonitoring(chart, 'Scrape', {
      selector: Selector.app('api'),
      ports: [Port.tcp(9090)],
      scrapers: Peer.namespaces(NamespaceSelector.named('observability')),
    });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).spec.ingress[0]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }],
      ports: [{ protocol: 'TCP', port: 9090 }],
    });
  });
});
