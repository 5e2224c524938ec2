import { Chart, Testing } from 'cdk8s';
import {
  AllowAll, AllowDnsEgress, AllowFromCidrs, AllowFromIngressController, AllowFromNamespaces, AllowInternetEgress, AllowMonitoring,
  AllowSameNamespace, BlockMetadataEndpoint, DefaultDeny, DenyFromOtherNamespaces, NamespaceSelector, PolicyAnalyzer, Direction, Port,
  Selector, Workload,
} from '../../src';

/**
 * What each pattern allows, decided by the policy engine over a small
 * cluster: shop/web, shop/api (container port "metrics" 9090), other/client,
 * monitoring/prometheus, ingress-nginx/controller, kube-system/kube-dns and
 * some external addresses.
 */
type Build = (chart: Chart) => void;

const WORKLOADS = [
  Workload.of('shop', { 'app.kubernetes.io/name': 'web' }, { name: 'web', ports: [{ number: 8080 }] }),
  Workload.of('shop', { 'app.kubernetes.io/name': 'api' }, { name: 'api', ports: [{ number: 8080 }, { number: 9090, name: 'metrics' }] }),
  Workload.of('other', { 'app.kubernetes.io/name': 'client' }, { name: 'client' }),
  Workload.of('monitoring', { 'app.kubernetes.io/name': 'prometheus' }, { name: 'prometheus' }),
  Workload.of('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' }, { name: 'controller' }),
  Workload.of('kube-system', { 'k8s-app': 'kube-dns' }, { name: 'kube-dns' }),
  Workload.external('169.254.169.254'),
  Workload.external('8.8.8.8'),
  Workload.external('10.1.2.3'),
  Workload.external('198.51.100.7'),
];

function analyze(build: Build): PolicyAnalyzer {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
  build(chart);
  const analyzer = PolicyAnalyzer.fromChart(chart);
  WORKLOADS.forEach(w => analyzer.addWorkload(w));
  analyzer.addNamespace('other', { team: 'payments' });
  return analyzer;
}

const api = Selector.app('api');

describe('pattern catalogue semantics |', () => {
  test.each<[string, Build, string, string, number, boolean]>([
    ['DefaultDeny blocks ingress', c => new DefaultDeny(c, 'D', { selector: api }), 'shop/web', 'shop/api', 8080, false],
    ['DefaultDeny blocks egress', c => new DefaultDeny(c, 'D', { selector: api }), 'shop/api', '8.8.8.8', 443, false],
    ['DefaultDeny leaves other pods alone', c => new DefaultDeny(c, 'D', { selector: api }), 'shop/web', 'other/client', 8080, true],
    ['AllowAll re-opens a denied pod', c => {
      new DefaultDeny(c, 'D', { selector: api });
      new AllowAll(c, 'A', { selector: api, direction: Direction.INGRESS });
    }, 'other/client', 'shop/api', 8080, true],
    ['AllowSameNamespace admits the namespace', c => new AllowSameNamespace(c, 'S', { selector: api }), 'shop/web', 'shop/api', 8080, true],
    ['AllowSameNamespace keeps others out', c => new AllowSameNamespace(c, 'S', { selector: api }), 'other/client', 'shop/api', 8080, false],
    ['DenyFromOtherNamespaces keeps others out', c => new DenyFromOtherNamespaces(c, 'D'), 'other/client', 'shop/web', 8080, false],
    ['DenyFromOtherNamespaces keeps the namespace in', c => new DenyFromOtherNamespaces(c, 'D'), 'shop/web', 'shop/api', 8080, true],
    ['AllowFromNamespaces by label', c => new AllowFromNamespaces(c, 'N', { selector: api, namespaces: NamespaceSelector.labels({ team: 'payments' }) }),
      'other/client', 'shop/api', 8080, true],
    ['AllowFromNamespaces only there', c => new AllowFromNamespaces(c, 'N', { selector: api, namespaces: NamespaceSelector.labels({ team: 'payments' }) }),
      'monitoring/prometheus', 'shop/api', 8080, false],
    ['AllowFromCidrs admits the range', c => new AllowFromCidrs(c, 'C', { selector: api, cidrs: ['198.51.100.0/24'], ports: [Port.tcp(8080)] }),
      '198.51.100.7', 'shop/api', 8080, true],
    ['AllowFromCidrs only on its ports', c => new AllowFromCidrs(c, 'C', { selector: api, cidrs: ['198.51.100.0/24'], ports: [Port.tcp(8080)] }),
      '198.51.100.7', 'shop/api', 9090, false],
    ['AllowFromIngressController admits the controller', c => new AllowFromIngressController(c, 'I', { selector: api }),
      'ingress-nginx/controller', 'shop/api', 8080, true],
    ['AllowMonitoring admits Prometheus on the metrics port', c => new AllowMonitoring(c, 'M', { selector: api }),
      'monitoring/prometheus', 'shop/api', 9090, true],
    ['AllowMonitoring not on other ports', c => new AllowMonitoring(c, 'M', { selector: api }), 'monitoring/prometheus', 'shop/api', 8080, false],
    ['AllowDnsEgress reaches kube-dns', c => {
      new DefaultDeny(c, 'D', { directions: [Direction.EGRESS] });
      new AllowDnsEgress(c, 'Dns');
    }, 'shop/api', 'kube-system/kube-dns', 53, true],
    ['AllowInternetEgress reaches the internet', c => new AllowInternetEgress(c, 'I', { selector: api }), 'shop/api', '8.8.8.8', 443, true],
    ['AllowInternetEgress not private ranges', c => new AllowInternetEgress(c, 'I', { selector: api }), 'shop/api', '10.1.2.3', 443, false],
    ['AllowInternetEgress not the metadata endpoint', c => new AllowInternetEgress(c, 'I', { selector: api }), 'shop/api', '169.254.169.254', 80, false],
    ['BlockMetadataEndpoint blocks it', c => new BlockMetadataEndpoint(c, 'B'), 'shop/api', '169.254.169.254', 80, false],
    ['BlockMetadataEndpoint keeps the internet', c => new BlockMetadataEndpoint(c, 'B'), 'shop/api', '8.8.8.8', 443, true],
    ['BlockMetadataEndpoint keeps pods', c => new BlockMetadataEndpoint(c, 'B'), 'shop/api', 'other/client', 8080, true],
  ])('%s', (_name, build, source, destination, port, allowed) => {
    // GIVEN
    const analyzer = analyze(build);

    // WHEN
    const verdict = analyzer.canReach({ source: analyzer.workload(source), destination: analyzer.workload(destination), port });

    // THEN
    expect(verdict.allowed).toBe(allowed);
  });
});
