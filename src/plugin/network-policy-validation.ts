import * as fs from 'fs';
import * as path from 'path';
import { ValidationContext, Violation, ViolatingResource } from './contract';
import { parseProperties, ParsedProperties, ValidationSettings } from './properties';
import { PolicyAnalyzer } from '../analysis/analyzer';
import { validationIssues } from '../analysis/compile';
import { atOrAbove, lintManifests, LintFinding } from '../analysis/lint';
import { LoadedManifests, loadManifests, PolicyDocument } from '../analysis/load';
import { ManifestReader } from '../analysis/manifests/reader';
import { FieldPath, formatLocation, formatPath, lineOf, ManifestError, SourcedObject } from '../analysis/manifests/source';
import { PolicyRef } from '../analysis/model/rule-ref';
import { parseProbesFile, ProbeOutcome, ReadProbe, runProbe } from '../analysis/probes';
import { DirectionVerdict } from '../analysis/verdict';
import { PolicyError } from '../core/errors';
import { DIRECTION_FIELDS } from '../kube/shapes';
import { renderPolicyRef, renderVerdictText } from '../render/probe-result';

/*
 * The cdk8s CLI validation plugin: `cdk8s synth` hands it the manifests it
 * wrote; it validates every NetworkPolicy as the API server would, runs the
 * lint rules and the probes, and reports each problem with its resource,
 * file:line and (through cdk8s-cli) construct path.
 */

/** Rule names of the problems that are not lint findings. */
const RULES = {
  properties: 'cdk8s-netpol invalid-properties',
  unreadable: 'cdk8s-netpol unreadable-manifest',
  invalid: 'cdk8s-netpol invalid-network-policy',
  probesFile: 'cdk8s-netpol invalid-probes',
  probe: 'cdk8s-netpol probe-failed',
};

/**
 * A cdk8s-cli validation plugin (`validations:` in cdk8s.yaml) that checks
 * the NetworkPolicies `cdk8s synth` wrote:
 *
 * - every NetworkPolicy, whatever made it, as the API server validates it;
 * - the lint rules (docs/lint.md), failing at `failOn` and above;
 * - the probes of `probes`, when given.
 *
 * A failure makes `cdk8s synth` exit non-zero. Load it from the installed
 * package: `package: ./node_modules/cdk8s-netpol/lib/plugin`,
 * `class: NetworkPolicyValidation`.
 */
export class NetworkPolicyValidation {
  private readonly properties: ParsedProperties;

  /** Called by cdk8s-cli with the `properties` of the entry in cdk8s.yaml; problems are reported by `validate`. */
  constructor(properties?: unknown) {
    this.properties = parseProperties(properties);
  }

  /** Checks the manifests of `context`, fills its report and submits it. */
  public async validate(context: ValidationContext): Promise<void> {
    const { settings, problems } = this.properties;
    if (!settings) {
      context.report.addViolation({
        ruleName: RULES.properties,
        recommendation: `The properties of the cdk8s-netpol validation are invalid: ${problems.map(p => p.message).join('; ')}.`,
        fix: 'Correct them under "properties" of the validation in cdk8s.yaml: lint (true or false), failOn (error, warning or note), probes (a file), podCidrs and serviceCidrs (lists of CIDRs).',
        violatingResources: [{ resourceName: 'cdk8s.yaml', manifestPath: 'cdk8s.yaml', locations: problems.map(p => `properties.${p.key}`) }],
      });
      context.report.submit('failure');
      return;
    }
    new ValidationRun(context, settings).run();
  }
}

/** One run of the checks over one synth's manifests. */
class ValidationRun {
  private failed = false;
  /** How many objects of the manifests carry each `metadata.name`. */
  private readonly names = new Map<string, number>();
  private readonly summary: { [key: string]: string } = {};

  constructor(private readonly context: ValidationContext, private readonly settings: ValidationSettings) {
  }

  public run(): void {
    const loaded = this.load();
    if (loaded) {
      this.summary.NetworkPolicies = `${loaded.documents.length}`;
      if (this.validatePolicies(loaded)) {
        this.lint(loaded);
        this.probe(loaded);
      } else {
        this.summary.Lint = this.settings.lint ? 'skipped: a NetworkPolicy is invalid' : 'off';
        if (this.settings.probes !== undefined) {
          this.summary.Probes = 'skipped: a NetworkPolicy is invalid';
        }
      }
    }
    this.context.report.submit(this.failed ? 'failure' : 'success', this.summary);
  }

  /** Reads every manifest; undefined (reported) when one cannot be read. */
  private load(): LoadedManifests | undefined {
    const reader = new ManifestReader();
    const objects: SourcedObject[] = [];
    for (const file of this.context.manifests) {
      try {
        objects.push(...reader.objects(fs.readFileSync(file), file));
      } catch (e) {
        this.unreadable(file, e);
      }
    }
    if (this.failed) {
      return undefined;
    }
    for (const { object } of objects) {
      const name = object.metadata?.name;
      if (typeof name === 'string') {
        this.names.set(name, (this.names.get(name) ?? 0) + 1);
      }
    }
    try {
      return loadManifests(objects);
    } catch (e) {
      if (e instanceof ManifestError) {
        this.unreadable(e.file, e);
        return undefined;
      }
      throw e;
    }
  }

  private unreadable(file: string, e: unknown): void {
    if (!(e instanceof ManifestError) && typeof (e as { code?: unknown })?.code !== 'string') {
      throw e;
    }
    const where = e instanceof ManifestError ? this.where(e.file, e.line) : this.where(file);
    const detail = e instanceof ManifestError ? e.detail : (e as Error).message;
    this.add({
      ruleName: RULES.unreadable,
      recommendation: `${where}: ${detail}`,
      fix: 'Fix the object that writes this part of the manifest.',
      violatingResources: [{ resourceName: path.basename(file), manifestPath: file, locations: [where] }],
    });
  }

  /** Validates every NetworkPolicy as the API server would; false when one is invalid. */
  private validatePolicies(loaded: LoadedManifests): boolean {
    let valid = true;
    for (const doc of loaded.documents) {
      const issues = validationIssues(doc);
      if (issues.length === 0) {
        continue;
      }
      valid = false;
      this.add({
        ruleName: RULES.invalid,
        recommendation: `The API server would reject NetworkPolicy ${doc.namespace}/${doc.name || '<no name>'}: `
          + issues.map(i => `${i.path ? `${i.path}: ` : ''}${i.message}`).join(' '),
        fix: 'Correct the fields listed under Locations as each message says; a raw ApiObject, a JSON patch or another library may have written them.',
        violatingResources: [this.resource(doc, issues.map(i => `${this.where(doc.source.file, i.line)} ${i.path}`.trimEnd()))],
      });
    }
    return valid;
  }

  private lint(loaded: LoadedManifests): void {
    if (!this.settings.lint) {
      this.summary.Lint = 'off';
      return;
    }
    const result = lintManifests(loaded, { podCidrs: this.settings.podCidrs, serviceCidrs: this.settings.serviceCidrs });
    const failing = result.findings.filter(f => atOrAbove(f.severity, this.settings.failOn));
    for (const finding of result.findings) {
      this.add({
        ruleName: `${finding.ruleId} ${finding.ruleName} (${finding.severity})`,
        recommendation: finding.message,
        fix: finding.fix,
        violatingResources: [this.findingResource(loaded, finding)],
      }, atOrAbove(finding.severity, this.settings.failOn));
    }
    this.summary.Lint = `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}, `
      + `${failing.length} at or above ${this.settings.failOn}`;
  }

  private probe(loaded: LoadedManifests): void {
    const file = this.settings.probes;
    if (file === undefined) {
      return;
    }
    let probes: ReadProbe[];
    const problems: Array<{ readonly number: number; readonly message: string }> = [];
    try {
      const parsed = parseProbesFile(fs.readFileSync(path.resolve(file)), file);
      problems.push(...parsed.problems.map(message => ({ number: Number(/: probe (\d+):/.exec(message)?.[1] ?? 0), message })));
      probes = parsed.probes;
    } catch (e) {
      const code = (e as { code?: unknown })?.code;
      if (e instanceof ManifestError) {
        this.probesFileProblem(file, [e.message]);
        return;
      }
      if (typeof code === 'string') {
        this.probesFileProblem(file, [`${file}: cannot read it (${code === 'ENOENT' ? 'no such file' : code}), `
          + `looked for at ${path.resolve(file)}; a relative path is read from the directory cdk8s synth runs in`]);
        return;
      }
      throw e;
    }

    const analyzer = PolicyAnalyzer._fromLoaded(loaded);
    // Every probe's ends and port are checked before any runs, so all bad probes are reported at once.
    const outcomes = new Map<number, ProbeOutcome>();
    for (const { probe, line, number } of probes) {
      try {
        outcomes.set(number, runProbe(analyzer, probe));
      } catch (e) {
        if (!(e instanceof PolicyError)) {
          throw e;
        }
        problems.push({ number, message: `${formatLocation({ file, line })}: probe ${number}: ${e.message}` });
      }
    }
    if (problems.length > 0) {
      this.probesFileProblem(file, problems.sort((a, b) => a.number - b.number).map(p => p.message));
      return;
    }
    const byRef = new Map(loaded.policies.map(doc => [`${doc.namespace}/${doc.name}`, doc]));
    let passed = 0;
    probes.forEach(({ probe, line, number }) => {
      const where = `${formatLocation({ file, line })}: probe ${number}`;
      const outcome = outcomes.get(number)!;
      if (outcome.pass !== false) {
        passed++;
        return;
      }
      const { verdict } = outcome;
      const resources: ViolatingResource[] = [];
      for (const d of [verdict.egress, verdict.ingress]) {
        for (const { ref, field } of decidingPolicies(d, verdict.allowed)) {
          const doc = byRef.get(renderPolicyRef(ref));
          if (doc) {
            resources.push(this.resource(doc, [`${this.where(doc.source.file, lineOf(doc.source, field))} ${formatPath(field)}`]));
          }
        }
      }
      this.add({
        ruleName: RULES.probe,
        recommendation: `${where} expects ${probe.expect}: ${renderVerdictText(verdict, probe, false)}`,
        fix: verdict.allowed
          ? 'Narrow or remove the rule that allows it (under Locations), or change the probe.'
          : `Allow ${probe.from} -> ${probe.to} in the policies that isolate it (under Locations), or change the probe.`,
        violatingResources: resources,
      });
    });
    this.summary.Probes = `${passed} passed, ${probes.length - passed} failed`;
  }

  private probesFileProblem(file: string, problems: string[]): void {
    this.add({
      ruleName: RULES.probesFile,
      recommendation: problems.join('\n'),
      fix: `Correct ${file}: each probe is { from: <namespace>/<name> or an IP, to: ..., port: ..., expect: allow or deny }.`,
      violatingResources: [{ resourceName: path.basename(file), manifestPath: file, locations: problems.map(p => p.slice(0, p.indexOf(': '))) }],
    });
    this.summary.Probes = 'not run: the probes file is invalid';
  }

  /** The policy a lint finding is about; its file when the policy is not found. */
  private findingResource(loaded: LoadedManifests, finding: LintFinding): ViolatingResource {
    const location = `${this.where(finding.file, finding.line)} ${finding.path}`.trimEnd();
    const doc = loaded.documents.find(d => d.namespace === finding.policy.namespace && d.name === finding.policy.name
      && d.source.file === finding.file);
    return doc
      ? this.resource(doc, [location])
      : { resourceName: finding.policy.name, manifestPath: finding.file, locations: [location] };
  }

  /**
   * A NetworkPolicy as a violating resource. cdk8s-cli finds the construct
   * path by `metadata.name`; a name that more than one object of the app
   * carries is written `namespace/name`, so that no wrong path is shown.
   */
  private resource(doc: PolicyDocument, locations: string[]): ViolatingResource {
    const unique = doc.name !== '' && this.names.get(doc.name) === 1;
    return {
      resourceName: unique ? doc.name : `${doc.namespace}/${doc.name || '<no name>'}`,
      manifestPath: doc.source.file,
      locations,
    };
  }

  /** `file:line`; with `--stdout` the files are temporary, so only their names. */
  private where(file: string, line?: number): string {
    return formatLocation({ file: this.context.stdout ? path.basename(file) : file, line });
  }

  private add(violation: Violation, fails: boolean = true): void {
    this.context.report.addViolation(violation);
    this.failed = this.failed || fails;
  }
}

/**
 * The policies behind one direction of a verdict that broke its probe: when
 * the flow is allowed, the rule that allows it; when it is denied, the
 * policies that isolate the pod there.
 */
function decidingPolicies(d: DirectionVerdict, allowed: boolean): Array<{ ref: PolicyRef; field: FieldPath }> {
  const rules = DIRECTION_FIELDS[d.direction].rules;
  if (allowed) {
    return d.allowedBy ? [{ ref: d.allowedBy, field: ['spec', rules, d.allowedBy.ruleIndex] }] : [];
  }
  return d.allowed ? [] : d.selectedBy.map(ref => ({ ref, field: ['spec', 'podSelector'] }));
}
