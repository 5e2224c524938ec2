import { Chart, Testing } from 'cdk8s';

/** A chart in namespace "shop". */
export function shopChart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'shop' });
}

/** The NetworkPolicies a chart synthesizes. */
export function policies(chart: Chart): any[] {
  return Testing.synth(chart).filter(o => o.kind === 'NetworkPolicy');
}

/** The only NetworkPolicy a chart synthesizes. */
export function onlyPolicy(chart: Chart): any {
  const all = policies(chart);
  if (all.length !== 1) {
    throw new Error(`expected one NetworkPolicy, got ${all.length}`);
  }
  return all[0];
}
