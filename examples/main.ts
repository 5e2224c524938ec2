import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { PolicyAnalyzer, Protocol, Workload } from '../src';
import { EgressLimitsChart } from './egress-limits';
import { EnvironmentsChart } from './environments';
import { ExternalAccessChart } from './external-access';
import { MultiTenancyChart } from './multi-tenancy';
import { PaymentsChart } from './payments';
import { ShopChart } from './shop';
import { main } from '../src/cli';
import { renderMatricesText } from '../src/render';

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
console.log(renderMatricesText([
  analyzer.matrix({ port: 8080 }),
  analyzer.matrix({ port: 5432 }),
  analyzer.matrix({ port: 443 }),
  analyzer.matrix({ port: 53, protocol: Protocol.UDP }),
]));

// The connectivity the shop must have, and must not have, checked as a
// pipeline would: `cdk8s-netpol test examples/dist --probes examples/probes.yaml`.
console.log('\nProbes (examples/probes.yaml):\n');
void main(['test', path.join(outdir, 'shop.k8s.yaml'), '--probes', path.join(__dirname, 'probes.yaml')]).then(code => {
  process.exitCode = code;
});
