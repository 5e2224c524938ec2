import { App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import {
  BlockMetadataEndpoint, DefaultDeny, DenyFromOtherNamespaces, Direction, IsolatedNamespace, PolicyAnalyzer, PolicyChecks, Selector,
} from '../../src';
import { pod } from '../checks/_support';

/*
 * The deny constructs isolate exactly what their TSDoc says: the selected
 * pods (or every pod of the namespace) in the stated directions, and no
 * other pod or direction.
 */

const NAMESPACES = ['shop', 'pay'];
const APPS = ['web', 'api'];

/** The isolated (workload, direction) pairs of an app, e.g. "shop/shop-web Egress". */
function isolatedPairs(make: (chart: Chart) => void): string[] {
  const app = new App();
  PolicyChecks.of(app).enable({ dns: false });
  const chart = new Chart(app, 'c', { namespace: 'shop' });
  for (const namespace of NAMESPACES) {
    for (const name of APPS) {
      pod(chart, `${namespace}-${name}`, { namespace, labels: { 'app.kubernetes.io/name': name } });
    }
  }
  make(chart);
  const analyzer = PolicyAnalyzer.fromApp(app);
  return analyzer.workloads.flatMap(w => {
    const by = analyzer.selectedBy(w);
    return [...by.ingress.length > 0 ? [`${w.id} Ingress`] : [], ...by.egress.length > 0 ? [`${w.id} Egress`] : []];
  }).sort();
}

/** The pairs a description promises: pods of `app` (every app when undefined) in `namespace`, in `directions`. */
function expected(namespace: string, app: string | undefined, directions: Direction[]): string[] {
  return APPS.filter(a => app === undefined || a === app)
    .flatMap(a => directions.map(d => `${namespace}/${namespace}-${a} ${d}`)).sort();
}

const namespace = fc.constantFrom(...NAMESPACES);
const app = fc.option(fc.constantFrom(...APPS), { nil: undefined });
const directions = fc.constantFrom('i', 'e', 'ie')
  .map(d => [...d === 'e' ? [] : [Direction.INGRESS], ...d === 'i' ? [] : [Direction.EGRESS]]);
const selector = (a: string | undefined) => (a === undefined ? Selector.all() : Selector.app(a));

describe('Deny constructs |', () => {
  test('DefaultDeny isolates exactly the selected pods in the given directions', () => {
    fc.assert(fc.property(namespace, app, directions, (ns, a, d) => {
      // WHEN
      const isolated = isolatedPairs(chart => new DefaultDeny(chart, 'Deny', { namespace: ns, selector: selector(a), directions: d }));

      // THEN
      expect(isolated).toEqual(expected(ns, a, d));
    }), { numRuns: 60, seed: 1 });
  });

  test('IsolatedNamespace isolates exactly every pod of its namespace in the directions asked', () => {
    fc.assert(fc.property(namespace, directions, fc.boolean(), fc.boolean(), (ns, d, allowDns, same) => {
      // WHEN
      const isolated = isolatedPairs(chart => new IsolatedNamespace(chart, 'Iso', {
        namespace: ns,
        isolateIngress: d.includes(Direction.INGRESS),
        isolateEgress: d.includes(Direction.EGRESS),
        allowDns,
        allowSameNamespace: same,
      }));

      // THEN
      expect(isolated).toEqual(expected(ns, undefined, d));
    }), { numRuns: 60, seed: 2 });
  });

  test('DenyFromOtherNamespaces isolates exactly the ingress of the selected pods', () => {
    fc.assert(fc.property(namespace, app, (ns, a) => {
      // WHEN
      const isolated = isolatedPairs(chart => new DenyFromOtherNamespaces(chart, 'Dfon', { namespace: ns, selector: selector(a) }));

      // THEN
      expect(isolated).toEqual(expected(ns, a, [Direction.INGRESS]));
    }), { numRuns: 20, seed: 3 });
  });

  test('BlockMetadataEndpoint isolates exactly the egress of the selected pods', () => {
    fc.assert(fc.property(namespace, app, (ns, a) => {
      // WHEN
      const isolated = isolatedPairs(chart => new BlockMetadataEndpoint(chart, 'Meta', { namespace: ns, selector: selector(a) }));

      // THEN
      expect(isolated).toEqual(expected(ns, a, [Direction.EGRESS]));
    }), { numRuns: 20, seed: 4 });
  });
});
