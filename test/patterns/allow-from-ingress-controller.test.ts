import { App, Chart, Testing } from 'cdk8s';
import { onlyPolicy, shopChart } from './_support';
import { AllowFromIngressController, Conventions, NamespaceSelector, Peer, Port, Selector } from '../../src';

describe('AllowFromIngressController |', () => {
  test('accepts ingress-nginx by default', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new AllowFromIngressController(chart, 'Ingress', { selector: Selector.app('web'), ports: [Port.tcp(8080)] });

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata.name).toEqual('web-allow-from-ingress-controller');
    expect(onlyPolicy(chart).spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
    }]);
  });

  test('reads the controller from the conventions', () => {
    // GIVEN
    const app = new App();
    Conventions.set(app, { ingressController: Peer.podsIn(NamespaceSelector.named('traefik'), Selector.labels({ app: 'traefik' })) });
    const chart = new Chart(app, 'test', { namespace: 'shop' });

    // WHEN
    new AllowFromIngressController(chart, 'Ingress');

    // THEN
    expect(onlyPolicy(chart).spec.ingress[0].from[0].namespaceSelector)
      .toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } });
  });
});
