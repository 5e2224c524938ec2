import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { ShopChart } from './shop';

// Synthesizes the example app into examples/dist/ and prints what it wrote.
const outdir = path.join(__dirname, 'dist');
const app = new App({ outdir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
new ShopChart(app, 'shop');
app.synth();

for (const chart of app.charts) {
  const file = path.relative(process.cwd(), path.join(outdir, `${chart.node.id}.k8s.yaml`));
  const policies = chart.toJson().filter((o: { kind: string }) => o.kind === 'NetworkPolicy');
  console.log(`wrote ${file}: ${policies.length} NetworkPolicies, all accepted by the validator`);
  for (const p of policies) {
    console.log(`  ${p.metadata.namespace}/${p.metadata.name} (${p.spec.policyTypes.join(', ')})`);
  }
}
