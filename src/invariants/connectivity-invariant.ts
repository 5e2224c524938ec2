import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { WorkloadSet } from './workload-set';
import { PolicyAnalyzer } from '../analysis/analyzer';
import { PortSpec } from '../analysis/model/port-spec';
import { portPieces } from '../analysis/samples';
import { Verdict } from '../analysis/verdict';
import { Workload } from '../analysis/workload';
import { ensureChartGuard } from '../checks/synth-pass';
import { withoutPath } from '../core/checks';
import { Conventions } from '../core/conventions';
import { Port } from '../core/port';
import { Protocol } from '../core/protocol';
import { renderDirectionText } from '../render/probe-result';

/** How many violating flows a message lists before it summarizes the rest. */
const MAX_LISTED = 10;

/**
 * Options shared by the connectivity invariants.
 */
export interface InvariantOptions {
  /**
   * The rule in words, used in failure messages.
   *
   * @default - derived from the sets, e.g. "nothing in namespace dev reaches namespace prod"
   */
  readonly description?: string;

  /**
   * The ports the invariant is about.
   *
   * @default - every port of TCP, UDP and SCTP
   */
  readonly ports?: Port[];

  /**
   * Pass when a set matches no workload of the app. By default an
   * invariant that checks nothing fails, since it is usually a typo.
   *
   * @default false
   */
  readonly allowEmpty?: boolean;
}

/**
 * Properties for `DenyFlows`.
 */
export interface DenyFlowsProps extends InvariantOptions {
  /** Workloads that must not reach `destinations`. */
  readonly sources: WorkloadSet;

  /** Workloads that `sources` must not reach. */
  readonly destinations: WorkloadSet;
}

/**
 * Properties for `AllowOnlyFrom`.
 */
export interface AllowOnlyFromProps extends InvariantOptions {
  /** The workloads to protect. */
  readonly destinations: WorkloadSet;

  /** The only workloads that may reach `destinations`. */
  readonly sources: WorkloadSet[];
}

/**
 * A flow the invariant forbids: every source/destination pair and port.
 */
interface Check {
  readonly sources: WorkloadSet;
  readonly destinations: WorkloadSet;
  readonly exceptSources: WorkloadSet[];
}

/**
 * Checks one invariant over the manifests of the whole app: returns a
 * message per violating flow, or none.
 */
function checkFlows(scope: IConstruct, options: InvariantOptions, check: Check, description: string): string[] {
  const appLabelKey = Conventions.of(scope).appLabelKey;
  const manifests = manifestsOf(scope.node.root);
  if ('error' in manifests) {
    // The object's own validation (or the chart's) reports what is wrong with it.
    return [`Invariant "${description}" could not be checked: ${manifests.error}`];
  }
  const analyzer = PolicyAnalyzer.fromManifests(manifests.objects);
  for (const set of [check.sources, check.destinations, ...check.exceptSources]) {
    const external = set._external();
    if (external) {
      analyzer.addWorkload(external);
    }
  }
  if (analyzer.issues.length > 0) {
    // There is no verdict on policies the API server would reject. Say so
    // here, whether or not a chart check reports them too: an invariant
    // that passes silently would read as kept.
    const [first] = analyzer.issues;
    const more = analyzer.issues.length > 1 ? ` (and ${analyzer.issues.length - 1} more)` : '';
    return [`Invariant "${description}" could not be checked: NetworkPolicy ${first.namespace}/${first.name} `
      + `would be rejected by the API server: ${first.path ? `${first.path}: ` : ''}${first.message}${more} Fix the policy.`];
  }
  const workloads = analyzer.workloads;
  const sources = workloads.filter(w => check.sources._contains(w, appLabelKey)
    && !check.exceptSources.some(s => s._contains(w, appLabelKey)));
  const destinations = workloads.filter(w => check.destinations._contains(w, appLabelKey));
  const empty = [
    ...sources.length === 0 && check.exceptSources.length === 0 ? [`sources (${check.sources})`] : [],
    ...destinations.length === 0 ? [`destinations (${check.destinations})`] : [],
  ];
  if (empty.length > 0) {
    return options.allowEmpty ? [] : [
      `Invariant "${description}" checks nothing: ${empty.join(' and ')} match no workload of the app. `
      + 'Fix the set, or set allowEmpty: true.',
    ];
  }

  const violations: Verdict[] = [];
  for (const { port, protocol } of probePorts(analyzer, destinations, options.ports)) {
    const matrix = analyzer.matrix({ port, protocol });
    for (const source of sources) {
      for (const destination of destinations) {
        if (source === destination || !matrix.isAllowed(source, destination)) {
          continue;
        }
        if (!violations.some(v => v.source === source && v.destination === destination)) {
          violations.push(analyzer.canReach({ source, destination, port, protocol }));
        }
      }
    }
  }
  const lines = violations.slice(0, MAX_LISTED).map(v =>
    `${v.source.id} -> ${v.destination.id} ${v.protocol} ${v.port} is allowed (${renderDirectionText(v.egress)}; ${renderDirectionText(v.ingress)}), `
    + `which breaks "${description}". Narrow or remove the rule that allows it, or change the invariant.`);
  if (violations.length > MAX_LISTED) {
    lines.push(`... and ${violations.length - MAX_LISTED} more flows break "${description}".`);
  }
  return lines;
}

/**
 * Invariant: no workload of `sources` reaches any workload of `destinations`.
 *
 * @example
 * new DenyFlows(baseline, 'DevNeverReachesProd', {
 *   sources: WorkloadSet.namespace('dev'),
 *   destinations: WorkloadSet.namespace('prod'),
 * });
 */
export class DenyFlows extends Construct {
  /** The rule in words. */
  public readonly description: string;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `DenyFlowsProps`).
   */
  constructor(scope: Construct, id: string, props: DenyFlowsProps) {
    super(scope, id);
    this.description = props.description ?? `nothing in ${props.sources} reaches ${props.destinations}`;
    const check = { sources: props.sources, destinations: props.destinations, exceptSources: [] };
    this.node.addValidation({ validate: () => checkFlows(this, props, check, this.description) });
    // The verdicts hold for valid policies only: check every NetworkPolicy of the chart.
    ensureChartGuard(Chart.of(this));
  }
}

/**
 * Invariant: `destinations` accept connections only from `sources`.
 *
 * No other workload of the app reaches them (a workload's traffic to itself
 * is not counted).
 *
 * @example
 * new AllowOnlyFrom(chart, 'DbOnlyFromApi', {
 *   destinations: WorkloadSet.workload('payments/payments-db'),
 *   sources: [WorkloadSet.workload('payments/payments-api')],
 * });
 */
export class AllowOnlyFrom extends Construct {
  /** The rule in words. */
  public readonly description: string;

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `AllowOnlyFromProps`).
   */
  constructor(scope: Construct, id: string, props: AllowOnlyFromProps) {
    super(scope, id);
    this.description = props.description
      ?? `${props.destinations} accepts connections only from ${props.sources.map(s => s.toString()).join(', ')}`;
    const check = { sources: WorkloadSet.all(), destinations: props.destinations, exceptSources: [...props.sources] };
    this.node.addValidation({ validate: () => checkFlows(this, props, check, this.description) });
    // The verdicts hold for valid policies only: check every NetworkPolicy of the chart.
    ensureChartGuard(Chart.of(this));
  }
}

/**
 * The manifests of every ApiObject under `root`, without running
 * validations; or the first object that cannot be rendered, with why.
 */
function manifestsOf(root: IConstruct): { readonly objects: any[] } | { readonly error: string } {
  const objects: any[] = [];
  for (const obj of root.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c))) {
    try {
      objects.push(obj.toJson());
    } catch (e) {
      return { error: `${obj.node.path} cannot be rendered: ${renderError(e)}` };
    }
  }
  return { objects };
}

/**
 * Ports that decide "reaches on any port": one per piece of each protocol's
 * port space where every verdict is the same (see `portPieces`), within
 * the ports asked for; a named port asks for the numbers it resolves to on
 * the destinations.
 */
function probePorts(analyzer: PolicyAnalyzer, destinations: Workload[], ports?: Port[]): PortSpec[] {
  const pieces = portPieces(analyzer._policy().policies, destinations.map(d => d._toEndpoint()));
  const result = new Map<string, PortSpec>();
  const add = (protocol: Protocol, port: number) => result.set(`${protocol}/${port}`, { protocol, port });
  const wanted = ports && ports.length > 0 ? ports : [Port.allTcp(), Port.allUdp(), Port.allSctp()];
  for (const p of wanted) {
    if (p.name !== undefined) {
      destinations.flatMap(d => d.ports).filter(c => c.name === p.name && (c.protocol ?? Protocol.TCP) === p.protocol)
        .forEach(c => add(p.protocol, c.number));
      continue;
    }
    const low = p.portNumber ?? 1;
    const high = p.endPort ?? p.portNumber ?? 65535;
    for (const piece of pieces) {
      if (piece.protocol === p.protocol && piece.endPort >= low && piece.port <= high) {
        add(p.protocol, Math.max(piece.port, low));
      }
    }
  }
  return [...result.values()];
}

/**
 * The reason in an error of `toJson()`, which cdk8s wraps as "Failed
 * serializing construct at path ... : <Name>: <reason>".
 */
function renderError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const wrapped = /^Failed serializing construct at path '[^']*' with name '[^']*': (?:[A-Za-z]*Error: )?([\s\S]*)$/.exec(message);
  return withoutPath(wrapped ? wrapped[1] : message);
}
