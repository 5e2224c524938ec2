import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import * as kplus from 'cdk8s-plus-28';
import { NetworkPolicyValidation } from '../../src/plugin';

/*
 * Helpers shared by the plugin tests: a synthesized app on disk, as
 * `cdk8s synth` leaves it, and the plugin run on it with cdk8s-cli's own
 * ValidationContext.
 */

/** The report of a validation, as cdk8s-cli renders it to JSON. */
export type ReportJson = ReturnType<ValidationContext['report']['toJson']>;

/** An app written to a temporary directory: its manifests and construct metadata. */
export interface SynthesizedApp {
  readonly dir: string;
  readonly manifests: string[];
  readonly metadata: { [name: string]: { path: string } };
}

/** The temporary directories `synthesize` made; `removeSynthesized` deletes them. */
const DIRS: string[] = [];

/** Deletes the directories of every app `synthesize` wrote (call in `afterAll`). */
export function removeSynthesized(): void {
  DIRS.splice(0).forEach(dir => fs.rmSync(dir, { recursive: true, force: true }));
}

/** Builds an app with `build`, synthesizes it into a temporary directory with construct metadata, as cdk8s-cli has it do. */
export function synthesize(build: (app: App) => void): SynthesizedApp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-plugin-'));
  DIRS.push(dir);
  const app = new App({ outdir: dir, recordConstructMetadata: true });
  build(app);
  app.synth();
  const manifests = fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort().map(f => path.join(dir, f));
  const recorded = JSON.parse(fs.readFileSync(path.join(dir, 'construct-metadata.json'), 'utf8'));
  return { dir, manifests, metadata: recorded.resources };
}

/** Runs the plugin with `properties` on a synthesized app; the report as cdk8s-cli renders it to JSON. */
export async function runPlugin(synthesized: SynthesizedApp, properties?: unknown, options: { stdout?: boolean } = {}): Promise<ReportJson> {
  const context = new ValidationContext(synthesized.manifests, 'cdk8s-netpol', '0.0.0', synthesized.metadata, options.stdout);
  await new NetworkPolicyValidation(properties).validate(context);
  return context.report.toJson();
}

/** A chart `shop` with Deployments `web` and `api`, each labelled `app.kubernetes.io/name: <name>`, port 8080. */
export function shopChart(app: App): Chart {
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  for (const name of ['web', 'api']) {
    new kplus.Deployment(chart, name, {
      metadata: { name },
      podMetadata: { labels: { 'app.kubernetes.io/name': name } },
      containers: [{ image: 'nginx:1.27', portNumber: 8080 }],
    });
  }
  return chart;
}

/** A raw NetworkPolicy `name`, as an ApiObject with id `id`. */
export function rawPolicy(chart: Chart, id: string, name: string, spec: object): ApiObject {
  return new ApiObject(chart, id, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec });
}
