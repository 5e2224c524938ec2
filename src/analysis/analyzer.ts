import { App, Chart } from 'cdk8s';
import { compilePolicies, CompileResult } from './compile';
import { ADD_WORKLOAD_HINT, InvalidPoliciesError } from './errors';
import { Evaluator } from './evaluate';
import { explainTraffic } from './explain';
import { appManifests, chartManifests, LoadedManifests, loadManifests, readManifestText, sourcedObjects } from './load';
import { Endpoint } from './model/endpoint';
import { comparePolicyRefs } from './model/order';
import { PolicyIssue } from './model/policy-issue';
import { PolicyRef } from './model/rule-ref';
import { Labels } from './model/selector-matcher';
import { Policy } from './model/target';
import { ReachabilityMatrix } from './reachability-matrix';
import { matrixOf } from './rows';
import { Verdict } from './verdict';
import { matchesRef, parseWorkloadRef, Workload } from './workload';
import { checkLabels, checkNamespaceName, checkPortNumber, checkProtocol, quote } from '../core/checks';
import { Direction } from '../core/direction';
import { PolicyError } from '../core/errors';
import { Protocol } from '../core/protocol';
import { parseCidr, parseIp } from '../kube/cidr';
import { NAMESPACE_NAME_LABEL } from '../kube/shapes';
import { closest, compareStrings } from '../util/strings';

/**
 * Traffic to check with `PolicyAnalyzer.canReach()`.
 *
 * Give the destination port as a number (`port`) or as the name of one of
 * the destination's container ports (`portName`), not both.
 */
export interface TrafficOptions {
  /** The workload that opens the connection. */
  readonly source: Workload;

  /** The workload that receives it. */
  readonly destination: Workload;

  /**
   * The destination port number.
   *
   * @default - `portName` must be set
   */
  readonly port?: number;

  /**
   * The name of a container port of `destination`, resolved to that port's
   * number (and protocol, unless `protocol` is set).
   *
   * @default - `port` must be set
   */
  readonly portName?: string;

  /**
   * The protocol.
   *
   * @default - the protocol of the named port, else Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/**
 * Options for `PolicyAnalyzer.matrix()`.
 */
export interface MatrixOptions {
  /** The destination port number. */
  readonly port: number;

  /**
   * The protocol.
   *
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;

  /**
   * Include external IPs added with `addWorkload(Workload.external(...))`.
   *
   * @default true
   */
  readonly includeExternal?: boolean;
}

/**
 * The policies that select a workload, per direction.
 */
export interface SelectedBy {
  /** The policies that isolate the workload's ingress, sorted by namespace and name. */
  readonly ingress: PolicyRef[];

  /** The policies that isolate the workload's egress, sorted by namespace and name. */
  readonly egress: PolicyRef[];
}

/**
 * Decides who can reach whom under Kubernetes NetworkPolicy
 * (networking.k8s.io/v1) semantics, and explains each decision as data.
 *
 * Load the manifests of a chart, an app or YAML; add what they do not
 * define (kube-dns, an ingress controller, external IPs); then ask.
 * Policies are compiled once; pods that policies cannot tell apart are
 * evaluated once.
 *
 * Policies the API server would reject are listed in `issues`, and
 * `canReach()` and `matrix()` throw while there are any.
 *
 * @example
 * const analyzer = PolicyAnalyzer.fromChart(chart);
 * const verdict = analyzer.canReach({
 *   source: analyzer.workload('shop/web'),
 *   destination: analyzer.workload('shop/api'),
 *   port: 8080,
 * });
 * verdict.allowed; // true
 * verdict.ingress.allowedBy; // { namespace: 'shop', name: 'allow-web', direction: 'Ingress', ruleIndex: 0 }
 */
export class PolicyAnalyzer {
  /**
   * Analyzes manifests given as plain objects (parsed JSON or YAML, or
   * `chart.toJson()`). `kind: List` is flattened.
   *
   * @param manifests Kubernetes objects
   */
  public static fromManifests(manifests: any[]): PolicyAnalyzer {
    return new PolicyAnalyzer(loadManifests(sourcedObjects(manifests)));
  }

  /**
   * Analyzes manifests already sorted by `loadManifests`; the analyzer
   * copies what it keeps, so later changes to it leave `loaded` alone.
   *
   * @internal
   */
  public static _fromLoaded(loaded: LoadedManifests): PolicyAnalyzer {
    return new PolicyAnalyzer(loaded);
  }

  /**
   * Analyzes the manifests a cdk8s chart synthesizes.
   */
  public static fromChart(chart: Chart): PolicyAnalyzer {
    return PolicyAnalyzer.fromManifests(chartManifests(chart));
  }

  /**
   * Analyzes the manifests of every chart of a cdk8s app.
   */
  public static fromApp(app: App): PolicyAnalyzer {
    return PolicyAnalyzer.fromManifests(appManifests(app));
  }

  /**
   * Analyzes YAML (or JSON) text, parsed as strictly as kubectl does:
   * several documents, no duplicate keys, no unknown tags, capped aliases
   * and size.
   *
   * @param text the manifests
   * @param fileName the name used in errors; "<yaml>" when not given
   */
  public static fromYaml(text: string, fileName?: string): PolicyAnalyzer {
    return new PolicyAnalyzer(loadManifests(readManifestText(text, fileName ?? '<yaml>')));
  }

  private readonly namespaceLabels: Map<string, Labels>;
  private readonly endpoints: Endpoint[];
  private readonly workloadList: Workload[];
  private readonly compiled: CompileResult;
  private readonly policyRefs: PolicyRef[];
  private evaluatorCache?: Evaluator;
  /** Workloads by `<namespace>/<name>` and by IP, for `workload()`; rebuilt after `addWorkload()`. */
  private lookupCache?: WorkloadLookup;

  private constructor(loaded: LoadedManifests) {
    this.namespaceLabels = new Map(loaded.namespaces);
    this.endpoints = [...loaded.endpoints];
    this.workloadList = this.endpoints.map(e => Workload._fromEndpoint(e));
    this.compiled = compilePolicies(loaded.documents);
    this.policyRefs = loaded.policies.map(p => ({ namespace: p.namespace, name: p.name })).sort(comparePolicyRefs);
  }

  /**
   * The compiled policies (none while there are issues).
   *
   * @internal
   */
  public _policy(): Policy {
    return this.compiled.policy;
  }

  /**
   * Problems of the policies the API server would reject. While this is
   * not empty, `canReach()` and `matrix()` throw.
   */
  public get issues(): PolicyIssue[] {
    return [...this.compiled.issues];
  }

  /**
   * Every NetworkPolicy loaded, valid or not, sorted by namespace and name.
   */
  public get policies(): PolicyRef[] {
    return [...this.policyRefs];
  }

  /**
   * Every workload: pods and workloads of the manifests, then those added
   * with `addWorkload()`, external IPs included.
   */
  public get workloads(): Workload[] {
    return [...this.workloadList];
  }

  /**
   * Every namespace, declared or referenced by a workload or policy, sorted.
   */
  public get namespaces(): string[] {
    const names = new Set<string>(this.namespaceLabels.keys());
    for (const e of this.endpoints) {
      if (e.namespace !== undefined) {
        names.add(e.namespace);
      }
    }
    for (const p of this.policyRefs) {
      names.add(p.namespace);
    }
    return [...names].sort(compareStrings);
  }

  /**
   * Declares a namespace the manifests do not define, or replaces the
   * labels of one they do. The `kubernetes.io/metadata.name` label is
   * always set to the name.
   *
   * @param name the namespace name
   * @param labels its labels; when not given, only the name label
   */
  public addNamespace(name: string, labels?: { [key: string]: string }): void {
    checkNamespaceName(name);
    checkLabels(labels ?? {});
    this.namespaceLabels.set(name, { ...(labels ?? {}), [NAMESPACE_NAME_LABEL]: name });
    this.evaluatorCache = undefined;
  }

  /**
   * Adds a workload the manifests do not define (e.g. kube-dns in
   * kube-system, an ingress controller) or an external IP.
   *
   * A workload with the same id and kind as an existing one replaces it.
   */
  public addWorkload(workload: Workload): void {
    if (!(workload instanceof Workload)) {
      throw new PolicyError('InvalidWorkload', 'addWorkload() takes a Workload. Use Workload.of() or Workload.external().');
    }
    const endpoint = workload._toEndpoint();
    const existing = this.endpoints.findIndex(e => e.id === endpoint.id && e.kind === endpoint.kind);
    if (existing >= 0) {
      this.endpoints[existing] = endpoint;
      this.workloadList[existing] = workload;
    } else {
      this.endpoints.push(endpoint);
      this.workloadList.push(workload);
    }
    this.evaluatorCache = undefined;
    this.lookupCache = undefined;
  }

  /**
   * A workload by reference: `<namespace>/<name>` (a pod, a workload such as
   * a Deployment, or one added with `addWorkload()`), `<namespace>/<Kind>/<name>`
   * when a name is ambiguous, or an IP address: the pod with that IP
   * (`status.podIP` / `status.podIPs`), else an endpoint outside the cluster.
   *
   * @param ref e.g. "shop/web", "shop/Deployment/web" or "203.0.113.7"
   */
  public workload(ref: string): Workload {
    return this._workload(ref, ADD_WORKLOAD_HINT);
  }

  /**
   * `workload()`, whose "unknown workload" message ends with `addHint`: how
   * the caller adds a workload the manifests lack.
   *
   * @internal
   */
  public _workload(ref: string, addHint: string): Workload {
    if (typeof ref === 'string' && parseIp(ref) !== undefined) {
      const lookup = this.lookup();
      const pods = lookup.podsByIp.get(ref) ?? [];
      if (pods.length > 1) {
        throw new PolicyError('AmbiguousWorkload',
          `IP "${ref}" belongs to ${pods.map(w => w.id).join(' and ')}. Name the workload instead.`);
      }
      return pods[0] ?? lookup.externals.get(ref) ?? Workload.external(ref);
    }
    const cidr = typeof ref === 'string' && ref.includes('/') ? parseCidr(ref) : undefined;
    if (cidr !== undefined && typeof cidr !== 'string') {
      const first = cidr.canonical.slice(0, cidr.canonical.indexOf('/'));
      throw new PolicyError('RangeIsNotAWorkload',
        `"${ref}" is a range of addresses, and a workload is one endpoint. Name one address of it, e.g. "${first}"; `
        + 'the jest matchers toAllow and toDeny take a CIDR and check every address in it.');
    }
    const parsed = parseWorkloadRef(ref);
    const found = parsed === undefined ? []
      : (this.lookup().byName.get(`${parsed.namespace}/${parsed.name}`) ?? []).filter(w => matchesRef(w, parsed));
    if (found.length === 1) {
      return found[0];
    }
    if (found.length > 1) {
      const options = found.map(w => `"${w.namespace}/${w.kind}/${w.name}"`).join(' or ');
      throw new PolicyError('AmbiguousWorkload', `Workload "${ref}" is ambiguous. Use ${options}.`);
    }
    const known = this.workloadList.filter(w => !w.isExternal).map(w => w.id);
    const guess = closest(String(ref), known);
    const notIp = /^[0-9.]+$|:/.test(String(ref)) ? ' It is not a valid IP address either.' : '';
    throw new PolicyError('UnknownWorkload',
      `Unknown workload ${quote(ref)}.${notIp}${guess ? ` Did you mean "${guess}"?` : ''} Use "<namespace>/<name>"`
      + `${known.length > 0 ? `, e.g. one of: ${known.slice(0, 10).join(', ')}` : ''}, an IP address, `
      + addHint);
  }

  /**
   * The policies that select `workload`, in each direction: those whose
   * podSelector matches its labels in its namespace. None for an external IP.
   */
  public selectedBy(workload: Workload): SelectedBy {
    this.assertValid();
    const evaluator = this.evaluator();
    const cls = evaluator.classes.classOf(workload._toEndpoint());
    return {
      ingress: [...evaluator.selection(cls, Direction.INGRESS).selectedBy],
      egress: [...evaluator.selection(cls, Direction.EGRESS).selectedBy],
    };
  }

  /**
   * Whether `source` can open a connection to `destination` on a port, and
   * why: egress on the source and ingress on the destination must both
   * allow it.
   *
   * The workloads need not be in the analyzer; their namespaces' labels
   * are looked up in it.
   */
  public canReach(traffic: TrafficOptions): Verdict {
    this.assertValid();
    const { source, destination } = traffic ?? ({} as TrafficOptions);
    if (!(source instanceof Workload) || !(destination instanceof Workload)) {
      throw new PolicyError('InvalidTraffic', 'canReach() needs a source and a destination Workload. Use Workload.of() or analyzer.workload().');
    }
    const { port, protocol } = resolvePort(traffic);
    const evaluator = this.evaluator();
    const result = evaluator.evaluate({
      source: evaluator.classes.classOf(source._toEndpoint()),
      destination: evaluator.classes.classOf(destination._toEndpoint()),
      port: { protocol, port },
    });
    return explainTraffic({ source, destination, protocol, port, portName: traffic.portName }, result);
  }

  /**
   * Who can reach whom on one port, for every pair of workloads.
   */
  public matrix(options: MatrixOptions): ReachabilityMatrix {
    this.assertValid();
    const port = options?.port;
    checkPortNumber(port, 'Port');
    const protocol = checkProtocol(options.protocol ?? Protocol.TCP);
    const evaluator = this.evaluator();
    const includeExternal = options.includeExternal ?? true;
    const rows: number[] = [];
    const workloads: Workload[] = [];
    this.workloadList.forEach((w, i) => {
      if (includeExternal || !w.isExternal) {
        workloads.push(w);
        rows.push(evaluator.classes.ofInventory[i]);
      }
    });
    const matrix = matrixOf(evaluator, { protocol, port });
    return ReachabilityMatrix._create(workloads, rows, matrix, protocol, port);
  }

  /**
   * Whether traffic passes, as `canReach(traffic).allowed` says, without the
   * explanation; the port as resolved. Verdicts are cached per pair of
   * endpoint classes and port, so repeated probes cost a lookup.
   *
   * @internal
   */
  public _allows(traffic: TrafficOptions): { readonly allowed: boolean; readonly port: number; readonly protocol: Protocol } {
    this.assertValid();
    const { port, protocol } = resolvePort(traffic);
    const evaluator = this.evaluator();
    const allowed = evaluator.allows({
      source: evaluator.classes.classOf(traffic.source._toEndpoint()),
      destination: evaluator.classes.classOf(traffic.destination._toEndpoint()),
      port: { protocol, port },
    });
    return { allowed, port, protocol };
  }

  private lookup(): WorkloadLookup {
    if (!this.lookupCache) {
      const lookup: WorkloadLookup = { byName: new Map(), podsByIp: new Map(), externals: new Map() };
      const add = (map: Map<string, Workload[]>, key: string, w: Workload) => {
        const list = map.get(key);
        if (list) {
          list.push(w);
        } else {
          map.set(key, [w]);
        }
      };
      for (const w of this.workloadList) {
        if (w.isExternal) {
          if (!lookup.externals.has(w.id)) {
            lookup.externals.set(w.id, w);
          }
        } else {
          for (const ip of new Set(w.ips)) {
            add(lookup.podsByIp, ip, w);
          }
        }
        add(lookup.byName, `${w.namespace}/${w.name}`, w);
      }
      this.lookupCache = lookup;
    }
    return this.lookupCache;
  }

  private assertValid(): void {
    if (this.compiled.issues.length > 0) {
      throw new InvalidPoliciesError(this.compiled.issues);
    }
  }

  private evaluator(): Evaluator {
    if (!this.evaluatorCache) {
      this.evaluatorCache = new Evaluator(this.compiled.policy, { namespaces: this.namespaceLabels, endpoints: this.endpoints });
    }
    return this.evaluatorCache;
  }
}

/** Workloads indexed for `PolicyAnalyzer.workload()`, each list in inventory order. */
interface WorkloadLookup {
  readonly byName: Map<string, Workload[]>;
  readonly podsByIp: Map<string, Workload[]>;
  readonly externals: Map<string, Workload>;
}

function resolvePort(traffic: TrafficOptions): { port: number; protocol: Protocol } {
  const protocol = traffic.protocol === undefined ? undefined : checkProtocol(traffic.protocol);
  if (traffic.port !== undefined && traffic.portName !== undefined) {
    throw new PolicyError('AmbiguousPort',
      `Give either port (${traffic.port}) or portName ("${traffic.portName}"), not both.`);
  }
  if (traffic.portName !== undefined) {
    const destination = traffic.destination;
    const match = destination.ports.find(p => p.name === traffic.portName
      && (protocol === undefined || (p.protocol ?? Protocol.TCP) === protocol));
    if (!match) {
      const what = protocol ? `${protocol} container port` : 'container port';
      const names = destination.ports.filter(p => p.name).map(p => `${p.name} (${p.protocol ?? Protocol.TCP} ${p.number})`);
      throw new PolicyError('UnknownPortName',
        `Workload "${destination.id}" has no ${what} named "${traffic.portName}"`
        + `${names.length > 0 ? `; it has ${names.join(', ')}` : ''}. Use a port number, or declare the port on the workload.`);
    }
    return { port: match.number, protocol: protocol ?? match.protocol ?? Protocol.TCP };
  }
  if (traffic.port === undefined) {
    throw new PolicyError('MissingPort', 'canReach() needs a port: set port (a number) or portName (a container port name).');
  }
  checkPortNumber(traffic.port, 'Port');
  return { port: traffic.port, protocol: protocol ?? Protocol.TCP };
}
