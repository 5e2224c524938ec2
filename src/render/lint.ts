import * as path from 'path';
import { pathToFileURL } from 'url';
import type { LintFinding, LintResult, LintRule, LintSeverity } from '../analysis/lint';

/*
 * Lint findings rendered as text, as JSON and as SARIF 2.1.0 (what code
 * scanning reads in pipelines). The rules decide; this module only formats.
 */

/** Where the rules are documented; each rule has an anchor `#np001-egress-without-dns`. */
export const LINT_DOCS_URL = 'https://github.com/cdk8s-netpol/cdk8s-netpol/blob/main/docs/lint.md';

/** The SARIF schema this module writes. */
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** One finding in `cdk8s-netpol lint --output json`. */
export interface LintFindingJson {
  readonly ruleId: string;
  readonly rule: string;
  readonly severity: LintSeverity;
  readonly message: string;
  readonly fix: string;
  readonly location: {
    readonly file: string;
    /** 1-based; null when unknown. */
    readonly line: number | null;
    readonly namespace: string;
    readonly name: string;
    /** The field, in the API server's notation. */
    readonly path: string;
  };
}

/** Counts over the findings. */
export interface LintSummary {
  readonly total: number;
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
  /** Findings suppressed by `lint.cdk8s-netpol.dev/ignore` annotations (not in `total`). */
  readonly suppressed: number;
  /** NetworkPolicies linted. */
  readonly policies: number;
  /** Pods and workloads the policies were checked against. */
  readonly workloads: number;
}

/** The whole document of `cdk8s-netpol lint --output json`. */
export interface LintReportJson {
  readonly findings: LintFindingJson[];
  readonly skipped: Array<{ readonly ruleId: string; readonly reason: string }>;
  readonly summary: LintSummary;
}

/** Options of `renderLintSarif`. */
export interface SarifOptions {
  /** The rules to describe in `tool.driver.rules`. */
  readonly rules: ReadonlyArray<LintRule>;
  /** The version of cdk8s-netpol. */
  readonly toolVersion: string;
}

/** The anchor of a rule in docs/lint.md, e.g. `np001-egress-without-dns`. */
export function ruleAnchor(rule: LintRule): string {
  return `${rule.id.toLowerCase()}-${rule.name}`;
}

/** Counts findings by severity. */
function summarizeLint(result: LintResult): LintSummary {
  const count = (s: LintSeverity) => result.findings.filter(f => f.severity === s).length;
  return {
    total: result.findings.length,
    errors: count('error'),
    warnings: count('warning'),
    notes: count('note'),
    suppressed: result.suppressed,
    policies: result.policyCount,
    workloads: result.workloadCount,
  };
}

/**
 * The text report: per finding, `file:line: severity ID ns/name: path: message`
 * and an indented `fix:` line; then a summary line, and a line per skipped
 * rule.
 */
export function renderLintText(result: LintResult): string {
  const lines: string[] = [];
  for (const f of result.findings) {
    lines.push(`${location(f)}: ${f.severity} ${f.ruleId} ${f.policy.namespace}/${f.policy.name}: ${f.path}: ${f.message}`);
    lines.push(`  fix: ${f.fix}`);
  }
  const s = summarizeLint(result);
  const scope = `${s.policies} NetworkPolic${s.policies === 1 ? 'y' : 'ies'} and ${s.workloads} workload${s.workloads === 1 ? '' : 's'}`;
  lines.push(s.total === 0
    ? `no findings in ${scope}`
    : `${s.total} finding${s.total === 1 ? '' : 's'} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, `
      + `${plural(s.notes, 'note')}) in ${scope}`);
  if (s.suppressed > 0) {
    lines.push(`${plural(s.suppressed, 'finding')} suppressed by lint.cdk8s-netpol.dev/ignore annotations`);
  }
  const skipped = groupSkipped(result);
  for (const [reason, ids] of skipped) {
    lines.push(`skipped ${ids.join(', ')}: ${reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON report object. */
export function lintReportToJson(result: LintResult): LintReportJson {
  return {
    findings: result.findings.map(f => ({
      ruleId: f.ruleId,
      rule: f.ruleName,
      severity: f.severity,
      message: f.message,
      fix: f.fix,
      location: {
        file: f.file,
        line: f.line ?? null,
        namespace: f.policy.namespace,
        name: f.policy.name,
        path: f.path,
      },
    })),
    skipped: result.skipped.map(s => ({ ruleId: s.ruleId, reason: s.reason })),
    summary: summarizeLint(result),
  };
}

/** The JSON report as text, pretty-printed, ending with a newline. */
export function renderLintJson(result: LintResult): string {
  return `${JSON.stringify(lintReportToJson(result), undefined, 2)}\n`;
}

/**
 * The findings as a SARIF 2.1.0 log: one run, the rules' metadata in
 * `tool.driver.rules`, and per finding a result with the file and line
 * (`physicalLocation`, relative paths against `%SRCROOT%`) and the policy
 * (`logicalLocations`, `namespace/name`). Skipped rules become tool
 * notifications.
 */
export function lintReportToSarif(result: LintResult, options: SarifOptions): object {
  const rules = [...options.rules];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-netpol',
          semanticVersion: options.toolVersion,
          informationUri: LINT_DOCS_URL,
          rules: rules.map(rule => ({
            id: rule.id,
            name: rule.name,
            shortDescription: { text: rule.summary },
            fullDescription: { text: rule.description },
            help: {
              text: rule.help,
              markdown: `${rule.help}\n\nSee [${rule.id} ${rule.name}](${LINT_DOCS_URL}#${ruleAnchor(rule)}).`,
            },
            helpUri: `${LINT_DOCS_URL}#${ruleAnchor(rule)}`,
            defaultConfiguration: { level: rule.severity },
            properties: { tags: ['kubernetes', 'networkpolicy'] },
          })),
        },
      },
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: result.skipped.map(s => ({
          level: 'note',
          message: { text: `Skipped ${s.ruleId}: ${s.reason}.` },
          descriptor: { id: s.ruleId },
        })),
      }],
      results: result.findings.map(f => ({
        ruleId: f.ruleId,
        ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
        level: f.severity,
        message: { text: `${f.path}: ${f.message} Fix: ${f.fix}` },
        locations: [{
          physicalLocation: {
            artifactLocation: artifactLocation(f.file),
            ...(f.line !== undefined && f.line >= 1 ? { region: { startLine: f.line } } : {}),
          },
          logicalLocations: [{
            name: f.policy.name,
            fullyQualifiedName: `${f.policy.namespace}/${f.policy.name}`,
            kind: 'resource',
          }],
        }],
        partialFingerprints: {
          'cdk8sNetpolFinding/v1': `${f.ruleId}|${f.policy.namespace}/${f.policy.name}|${f.path}`,
        },
        properties: { path: f.path, fix: f.fix },
      })),
    }],
  };
}

/** The SARIF log as text, pretty-printed, ending with a newline. */
export function renderLintSarif(result: LintResult, options: SarifOptions): string {
  return `${JSON.stringify(lintReportToSarif(result, options), undefined, 2)}\n`;
}

/** A file as a SARIF artifact location: a relative URI against `%SRCROOT%`, or a `file:` URI. */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file)) {
    return { uri: pathToFileURL(file).href };
  }
  return { uri: file.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function location(f: LintFinding): string {
  return `${f.file}${f.line !== undefined ? `:${f.line}` : ''}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function groupSkipped(result: LintResult): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const s of result.skipped) {
    groups.set(s.reason, [...(groups.get(s.reason) ?? []), s.ruleId]);
  }
  return groups;
}
