import { LINT_SEVERITIES, LintSeverity } from '../analysis/lint';
import { parseCidr } from '../kube/cidr';
import { closest } from '../util/strings';

/*
 * The `properties` of the plugin's entry in cdk8s.yaml: read, checked, and
 * every problem named with its key, so that `cdk8s synth` reports it rather
 * than throwing.
 */

/**
 * The `properties` of the validation in cdk8s.yaml.
 *
 * @example
 * validations:
 *   - package: ./node_modules/cdk8s-netpol/lib/plugin
 *     class: NetworkPolicyValidation
 *     version: 1.0.0
 *     properties:
 *       failOn: error
 *       probes: probes.yaml
 */
export interface NetworkPolicyValidationProperties {
  /**
   * Run the lint rules (docs/lint.md) on the synthesized policies.
   *
   * @default true
   */
  readonly lint?: boolean;

  /**
   * The least serious lint finding that fails the synth: `error`, `warning`
   * or `note`. Findings below it are listed, and the synth passes.
   *
   * @default 'warning'
   */
  readonly failOn?: LintSeverity;

  /**
   * A probes file (as for `cdk8s-netpol test`), relative to the directory
   * `cdk8s synth` runs in; a probe whose expectation fails fails the synth.
   *
   * @default - no probes
   */
  readonly probes?: string;

  /**
   * The cluster's pod IP ranges, for the lint rule NP005.
   *
   * @default ['10.244.0.0/16']
   */
  readonly podCidrs?: string[];

  /**
   * The cluster's Service IP ranges, for the lint rule NP005.
   *
   * @default ['10.96.0.0/12']
   */
  readonly serviceCidrs?: string[];
}

/** The properties with their defaults applied. */
export interface ValidationSettings {
  readonly lint: boolean;
  readonly failOn: LintSeverity;
  readonly probes?: string;
  readonly podCidrs?: string[];
  readonly serviceCidrs?: string[];
}

/** A problem with one property. */
export interface PropertyProblem {
  /** The property, e.g. `failOn`. */
  readonly key: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** What `parseProperties` found: settings, or the problems. */
export interface ParsedProperties {
  readonly settings?: ValidationSettings;
  readonly problems: PropertyProblem[];
}

const KEYS: ReadonlyArray<keyof NetworkPolicyValidationProperties> = ['lint', 'failOn', 'probes', 'podCidrs', 'serviceCidrs'];

/** Reads the `properties` that cdk8s-cli passes to the plugin's constructor. */
export function parseProperties(value: unknown): ParsedProperties {
  if (value === undefined || value === null) {
    return { settings: { lint: true, failOn: 'warning' }, problems: [] };
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { problems: [{ key: 'properties', message: `expected a map of ${KEYS.join(', ')}, got ${JSON.stringify(value)}` }] };
  }
  const props = value as { [key: string]: unknown };
  const problems: PropertyProblem[] = [];
  for (const key of Object.keys(props).filter(k => !(KEYS as string[]).includes(k))) {
    const hint = closest(key, KEYS);
    problems.push({ key, message: `unknown property "${key}". ${hint ? `Did you mean "${hint}"?` : `Use ${KEYS.join(', ')}.`}` });
  }

  const lint = props.lint ?? true;
  if (typeof lint !== 'boolean') {
    problems.push({ key: 'lint', message: `"lint" must be true or false, got ${JSON.stringify(lint)}` });
  }
  const failOn = props.failOn ?? 'warning';
  if (typeof failOn !== 'string' || !(LINT_SEVERITIES as string[]).includes(failOn)) {
    problems.push({ key: 'failOn', message: `"failOn" must be one of ${LINT_SEVERITIES.join(', ')}, got ${JSON.stringify(failOn)}` });
  }
  const probes = props.probes;
  if (probes !== undefined && (typeof probes !== 'string' || probes === '')) {
    problems.push({ key: 'probes', message: `"probes" must be the path of a probes file, e.g. probes.yaml, got ${JSON.stringify(probes)}` });
  }
  const podCidrs = readCidrs(props, 'podCidrs', '10.244.0.0/16', problems);
  const serviceCidrs = readCidrs(props, 'serviceCidrs', '10.96.0.0/12', problems);

  if (problems.length > 0) {
    return { problems };
  }
  return {
    settings: {
      lint: lint as boolean,
      failOn: failOn as LintSeverity,
      ...(probes !== undefined ? { probes: probes as string } : {}),
      ...(podCidrs !== undefined ? { podCidrs } : {}),
      ...(serviceCidrs !== undefined ? { serviceCidrs } : {}),
    },
    problems,
  };
}

function readCidrs(props: { [key: string]: unknown }, key: string, example: string, problems: PropertyProblem[]): string[] | undefined {
  const value = props[key];
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0 || value.some(v => typeof v !== 'string')) {
    problems.push({ key, message: `"${key}" must be a list of CIDRs, e.g. [${example}], got ${JSON.stringify(value)}` });
    return undefined;
  }
  for (const text of value as string[]) {
    const cidr = parseCidr(text);
    if (typeof cidr === 'string') {
      problems.push({ key, message: `"${key}" holds an invalid CIDR "${text}": ${cidr}. Write it as e.g. ${example}.` });
    }
  }
  return value as string[];
}
