import * as path from 'path';
import { App, Yaml, YamlOutputType } from 'cdk8s';
import { PolicyAnalyzer, Protocol, Report, Workload } from '../src';
import { EgressLimitsChart } from './egress-limits';
import { EnvironmentsChart } from './environments';
import { ExternalAccessChart } from './external-access';
import { MultiTenancyChart } from './multi-tenancy';
import { PaymentsChart } from './payments';
import { ShopChart } from './shop';

// Synthesizes the example app into examples/dist/, then prints who can reach
// whom, computed from the synthesized manifests by the policy engine.
const outdir = path.join(__dirname, 'dist');
const app = new App({ outdir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
new ShopChart(app, 'shop');
// The five use cases of docs: each chart's invariants are checked by app.synth().
new PaymentsChart(app, 'payments');
new EnvironmentsChart(app, 'environments');
new ExternalAccessChart(app, 'external-access');
new EgressLimitsChart(app, 'egress-limits');
new MultiTenancyChart(app, 'multi-tenancy');
app.synth();

for (const chart of app.charts) {
  const file = path.relative(process.cwd(), path.join(outdir, `${chart.node.id}.k8s.yaml`));
  const policies = chart.toJson().filter((o: { kind: string }) => o.kind === 'NetworkPolicy');
  console.log(`wrote ${file}: ${policies.length} NetworkPolicies, all accepted by the validator and the invariants`);
}

// The shop's connectivity. What the app does not define: the cluster DNS and the payment provider.
const analyzer = PolicyAnalyzer.fromManifests(app.charts[0].toJson());
analyzer.addWorkload(Workload.of('kube-system', { 'k8s-app': 'kube-dns' }, {
  name: 'kube-dns',
  ports: [{ number: 53, protocol: Protocol.UDP }, { number: 53, protocol: Protocol.TCP }],
}));
analyzer.addWorkload(Workload.external('203.0.113.10'));

console.log('\nConnectivity of the shop (rows: source, columns: destination; ✓ allowed, · denied):\n');
console.log([
  analyzer.matrix({ port: 8080 }),
  analyzer.matrix({ port: 5432 }),
  analyzer.matrix({ port: 443 }),
  analyzer.matrix({ port: 53, protocol: Protocol.UDP }),
].map(Report.matrixToText).join('\n'));

// The connectivity the shop must have, and must not have: what a pipeline
// checks with `cdk8s-netpol test examples/dist/shop.k8s.yaml --probes examples/probes.yaml`.
console.log('\nProbes (examples/probes.yaml):\n');
interface Probe { readonly from: string; readonly to: string; readonly port: number; readonly expect: 'allow' | 'deny' }
const probes: Probe[] = Yaml.load(path.join(__dirname, 'probes.yaml'))[0];
let failed = 0;
for (const probe of probes) {
  const verdict = analyzer.canReach({ source: analyzer.workload(probe.from), destination: analyzer.workload(probe.to), port: probe.port });
  const pass = verdict.allowed === (probe.expect === 'allow');
  failed += pass ? 0 : 1;
  console.log(`${pass ? 'pass' : 'FAIL'}  ${Report.verdictToText(verdict)}`);
}
console.log(`${probes.length} probes: ${probes.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
