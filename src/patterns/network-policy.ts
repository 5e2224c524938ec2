import { ApiObject, Chart, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ensureChartGuard, markSelfValidating } from '../checks/synth-pass';
import { withoutPath } from '../core/checks';
import { Conventions } from '../core/conventions';
import { Direction } from '../core/direction';
import { PolicyError } from '../core/errors';
import { Peer } from '../core/peer';
import { PolicyValidator } from '../core/policy-validator';
import { Port } from '../core/port';
import { RenderContext } from '../core/render-context';
import { Selector } from '../core/selector';
import { validateDns1123Label, validateDns1123Subdomain } from '../kube/names';
import { KubeNetworkPolicyPeer, KubeNetworkPolicySpec } from '../kube/shapes';
import { validateObjectMeta } from '../kube/validation/object-meta';
import { sortUnique } from '../util/canonical';
import { toDnsName } from './private/names';
import { checkProps } from '../core/props';

/**
 * One rule of a policy: traffic to or from any of `peers`, on any of `ports`.
 */
export interface NetworkPolicyRule {
  /**
   * The sources (ingress) or destinations (egress). Several peers are ORed.
   *
   * An empty list is refused, because Kubernetes reads it as "everyone";
   * leave the field out to mean that.
   *
   * @default - every peer, inside and outside the cluster
   */
  readonly peers?: Peer[];

  /**
   * The ports. Several ports are ORed.
   *
   * An empty list is refused, because Kubernetes reads it as "every port";
   * leave the field out to mean that.
   *
   * @default - every port of every protocol
   */
  readonly ports?: Port[];
}

/**
 * Properties for `NetworkPolicy`.
 */
export interface NetworkPolicyProps {
  /**
   * `metadata.name`: a DNS-1123 subdomain, unique in its namespace.
   *
   * @default - derived from the construct id: "AllowWeb" becomes "allow-web"
   */
  readonly name?: string;

  /**
   * The namespace of the policy, and of the pods it selects.
   *
   * @default - the namespace that `selector` carries, else the chart's namespace
   */
  readonly namespace?: string;

  /**
   * The pods the policy applies to (`spec.podSelector`).
   *
   * @default Selector.all()
   */
  readonly selector?: Selector;

  /**
   * The directions the policy isolates (`spec.policyTypes`). A direction with
   * no rules denies all traffic in that direction.
   *
   * @default - Ingress when there are ingress rules, Egress when there are
   * egress rules, Ingress alone when there are none (deny all ingress)
   */
  readonly policyTypes?: Direction[];

  /**
   * Ingress rules. More can be added with `addIngressRule()`.
   *
   * @default - none
   */
  readonly ingress?: NetworkPolicyRule[];

  /**
   * Egress rules. More can be added with `addEgressRule()`.
   *
   * @default - none
   */
  readonly egress?: NetworkPolicyRule[];

  /**
   * Labels of the NetworkPolicy object itself.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations of the NetworkPolicy object itself.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A typed `networking.k8s.io/v1` NetworkPolicy, for what the patterns do not cover.
 *
 * Unlike a raw `KubeNetworkPolicy`, it always renders `metadata.namespace`,
 * explicit `policyTypes`, a protocol on every port and lists in a stable
 * order, and it refuses to synthesize anything the API server would reject.
 * Its typed parts are valid by construction: every value object checks its
 * input when it is made, and the policy checks its name, namespace, labels
 * and rules when they are given. At synthesis it checks what types cannot
 * guarantee: selectors that contradict each other, metadata changed through
 * `metadata`, and, after `addJsonPatch()`, the whole patched manifest.
 *
 * @example
 * const policy = new NetworkPolicy(chart, 'ApiIngress', {
 *   namespace: 'shop',
 *   selector: Selector.app('api'),
 * });
 * policy.allowFrom(Peer.pods(Selector.app('web')), Port.tcp(8080));
 */
export class NetworkPolicy extends ApiObject {
  /** The API version of the objects this construct renders. */
  public static readonly API_VERSION = 'networking.k8s.io/v1';

  /** The kind of the objects this construct renders. */
  public static readonly KIND = 'NetworkPolicy';

  /** The namespace of the policy and of the pods it selects. */
  public readonly namespace: string;

  /** The pods the policy applies to. */
  public readonly selector: Selector;

  private readonly ingressRules: NetworkPolicyRule[] = [];
  private readonly egressRules: NetworkPolicyRule[] = [];
  private readonly explicitTypes?: Set<Direction>;
  private readonly isolated = new Set<Direction>();
  /** What the value objects need to render, read once: the app label key comes from the conventions in force here. */
  private readonly context: RenderContext;
  /** The operations of `addJsonPatch()`: the manifest is then validated whole at synthesis. */
  private readonly jsonPatches: JsonPatch[] = [];

  /**
   * Defines the construct in `scope`.
   *
   * @param scope The construct to define it in, such as a Chart.
   * @param id A name unique among the children of `scope`.
   * @param props Its settings (see `NetworkPolicyProps`).
   */
  constructor(scope: Construct, id: string, props: NetworkPolicyProps = {}) {
    const path = [scope.node.path, id].filter(p => p).join('/');
    checkProps(path, props);
    const selector = props.selector ?? Selector.all();
    const namespace = props.namespace ?? selector.namespace ?? Chart.of(scope).namespace;
    const name = props.name ?? toDnsName(id);
    checkMetadata(path, name, namespace, props);

    super(scope, id, {
      apiVersion: NetworkPolicy.API_VERSION,
      kind: NetworkPolicy.KIND,
      metadata: { name, namespace, labels: props.labels, annotations: props.annotations },
      spec: Lazy.any({ produce: () => this._toKube() }),
    });

    this.namespace = namespace!;
    this.selector = selector;
    this.context = { path: this.node.path, namespace: this.namespace, appLabelKey: Conventions.of(this).appLabelKey };
    selector._checkLabels(this.context);
    if (props.policyTypes !== undefined) {
      if (props.policyTypes.length === 0) {
        throw new PolicyError('EmptyPolicyTypes',
          `[${path}] policyTypes is empty, which Kubernetes reads as "Ingress, plus Egress if there are egress rules". `
          + 'Leave it out for that, or list the directions to isolate.');
      }
      this.explicitTypes = new Set(props.policyTypes);
    }
    for (const rule of props.ingress ?? []) {
      this.addIngressRule(rule);
    }
    for (const rule of props.egress ?? []) {
      this.addEgressRule(rule);
    }
    this.node.addValidation({ validate: () => this.validatePolicy() });
    markSelfValidating(this);
    ensureChartGuard(Chart.of(this));
  }

  /**
   * The directions this policy isolates, in the order Ingress, Egress.
   */
  public get policyTypes(): Direction[] {
    const types = this.explicitTypes ? new Set([...this.explicitTypes, ...this.isolated]) : this.derivedTypes();
    return [Direction.INGRESS, Direction.EGRESS].filter(t => types.has(t));
  }

  /**
   * Adds an ingress rule: the selected pods accept connections from any of
   * `rule.peers` on any of `rule.ports`.
   */
  public addIngressRule(rule: NetworkPolicyRule): void {
    this.ingressRules.push(checkRule(this.context, 'ingress', rule));
  }

  /**
   * Adds an egress rule: the selected pods may connect to any of
   * `rule.peers` on any of `rule.ports`.
   */
  public addEgressRule(rule: NetworkPolicyRule): void {
    this.egressRules.push(checkRule(this.context, 'egress', rule));
  }

  /**
   * Allows connections from `peer` on `ports` (every port when none is given).
   */
  public allowFrom(peer: Peer, ...ports: Port[]): void {
    this.addIngressRule({ peers: [peer], ports: ports.length > 0 ? ports : undefined });
  }

  /**
   * Allows connections to `peer` on `ports` (every port when none is given).
   */
  public allowTo(peer: Peer, ...ports: Port[]): void {
    this.addEgressRule({ peers: [peer], ports: ports.length > 0 ? ports : undefined });
  }

  /**
   * Isolates the selected pods in `direction` even without rules there, so
   * that all traffic in that direction is denied unless another policy allows it.
   */
  public isolate(direction: Direction): void {
    this.isolated.add(direction);
  }

  /**
   * Applies a set of RFC-6902 JSON-Patch operations to the manifest
   * synthesized for this policy: an escape hatch for fields the construct
   * does not model. The patched manifest is validated whole at synth.
   *
   * @param ops The JSON-Patch operations to apply.
   * @example
   * policy.addJsonPatch(JsonPatch.add('/metadata/annotations', { team: 'payments' }));
   */
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.jsonPatches.push(...ops);
    super.addJsonPatch(...ops);
  }

  /**
   * The rendered `spec`.
   *
   * @internal
   */
  public _toKube(): KubeNetworkPolicySpec {
    const context = this.context;
    const types = this.policyTypes;
    const spec: { -readonly [K in keyof KubeNetworkPolicySpec]: KubeNetworkPolicySpec[K] } = {
      podSelector: this.selector._toKube(context),
      policyTypes: types,
    };
    if (types.includes(Direction.INGRESS) && this.ingressRules.length > 0) {
      spec.ingress = this.ingressRules.map(r => ({ from: renderPeers(r.peers, context), ports: renderPorts(r.ports) }));
    }
    if (types.includes(Direction.EGRESS) && this.egressRules.length > 0) {
      spec.egress = this.egressRules.map(r => ({ to: renderPeers(r.peers, context), ports: renderPorts(r.ports) }));
    }
    return spec;
  }

  /** Whether the selector or a peer reads a cdk8s-plus workload's selector. */
  private readsWorkload(): boolean {
    return this.selector._readsWorkload()
      || [...this.ingressRules, ...this.egressRules].some(r => (r.peers ?? []).some(p => p._readsWorkload()));
  }

  private derivedTypes(): Set<Direction> {
    const types = new Set(this.isolated);
    if (this.ingressRules.length > 0) {
      types.add(Direction.INGRESS);
    }
    if (this.egressRules.length > 0) {
      types.add(Direction.EGRESS);
    }
    if (types.size === 0) {
      types.add(Direction.INGRESS);
    }
    return types;
  }

  /**
   * What types cannot guarantee: rules of a direction `policyTypes` leaves
   * out, a spec that cannot render (selectors that contradict each other),
   * metadata changed after construction, and a JSON-patched manifest.
   */
  private validatePolicy(): string[] {
    const errors: string[] = [];
    if (this.explicitTypes) {
      if (this.ingressRules.length > 0 && !this.explicitTypes.has(Direction.INGRESS)) {
        errors.push(`has ${this.ingressRules.length} ingress rule(s) but policyTypes ${JSON.stringify(this.policyTypes)} leaves out Ingress, so Kubernetes would ignore them. Add Direction.INGRESS to policyTypes, or remove the rules.`);
      }
      if (this.egressRules.length > 0 && !this.explicitTypes.has(Direction.EGRESS)) {
        errors.push(`has ${this.egressRules.length} egress rule(s) but policyTypes ${JSON.stringify(this.policyTypes)} leaves out Egress, so Kubernetes would ignore them. Add Direction.EGRESS to policyTypes, or remove the rules.`);
      }
    }
    const rejected = (issue: { path: string; message: string }) =>
      `NetworkPolicy ${this.namespace}/${this.name} would be rejected by the API server: ${issue.path}: ${issue.message}`;
    if (this.jsonPatches.length > 0) {
      let manifest: unknown;
      try {
        manifest = this.toJson();
      } catch (e) {
        return [...errors, this.whyPatchFailed()];
      }
      return [...errors, ...PolicyValidator.validate(manifest).map(rejected)];
    }
    if (this.readsWorkload()) {
      // A cdk8s-plus workload's selector can change until now: render it to check its labels.
      try {
        this._toKube();
      } catch (e) {
        return [...errors, withoutPath((e as Error).message)];
      }
    }
    const metadata = validateObjectMeta(this.metadata.toJson(), { namespaced: true, requireName: true });
    return [...errors, ...metadata.map(rejected)];
  }

  /**
   * Why the patched manifest cannot be rendered: the spec itself, else the
   * first JSON patch that does not apply, quoted as the user wrote it.
   */
  private whyPatchFailed(): string {
    let document: unknown;
    try {
      document = JSON.parse(JSON.stringify({
        apiVersion: this.apiVersion, kind: this.kind, metadata: this.metadata.toJson(), spec: this._toKube(),
      }));
    } catch (e) {
      return withoutPath((e as Error).message);
    }
    for (const op of this.jsonPatches) {
      const { op: name, path } = op._toJson() as { op: string; path: string };
      try {
        document = JsonPatch.apply(document, op);
      } catch {
        const parent = path.slice(0, path.lastIndexOf('/'));
        const missing = parent !== '' && !pointerExists(document, parent);
        return `JSON patch ${name} "${path}" does not apply: `
          + (missing
            ? `"${parent}" does not exist in the manifest. Add it whole first, e.g. JsonPatch.add("${parent}", { ... }).`
            : 'its path does not resolve in the manifest. Check the path against the synthesized manifest.');
      }
    }
    return 'The JSON patches do not apply to the manifest. Check their paths against the synthesized manifest.';
  }
}

function renderPeers(peers: Peer[] | undefined, context: RenderContext): KubeNetworkPolicyPeer[] | undefined {
  return peers ? sortUnique(peers.map(p => p._toKube(context))) : undefined;
}

function renderPorts(ports: Port[] | undefined) {
  return ports ? Port._normalize(ports).map(p => p._toKube()) : undefined;
}

function checkRule(context: RenderContext, direction: string, rule: NetworkPolicyRule): NetworkPolicyRule {
  const path = context.path;
  const side = direction === 'ingress' ? 'source' : 'destination';
  checkProps(path, rule, {}, []);
  if (rule.peers !== undefined && rule.peers.length === 0) {
    throw new PolicyError('EmptyPeers',
      `[${path}] An ${direction} rule has an empty peers list, which Kubernetes reads as "every ${side}". `
      + `Leave \`peers\` out to allow every ${side}, or give at least one peer.`);
  }
  if (rule.ports !== undefined && rule.ports.length === 0) {
    throw new PolicyError('EmptyPorts',
      `[${path}] An ${direction} rule has an empty ports list, which Kubernetes reads as "every port". `
      + 'Leave `ports` out to allow every port, or give at least one port.');
  }
  for (const peer of rule.peers ?? []) {
    peer._checkLabels(context);
  }
  return { peers: rule.peers ? [...rule.peers] : undefined, ports: rule.ports ? [...rule.ports] : undefined };
}

function checkMetadata(path: string, name: string, namespace: string | undefined, props: NetworkPolicyProps): void {
  const nameProblems = validateDns1123Subdomain(name);
  if (nameProblems.length > 0) {
    throw new PolicyError('InvalidName',
      `[${path}] Invalid NetworkPolicy name ${JSON.stringify(name)}: ${nameProblems.join('; ')}. `
      + 'Use lowercase letters, digits, "-" and ".", e.g. "allow-web-to-api".');
  }
  if (namespace === undefined) {
    throw new PolicyError('MissingNamespace',
      `[${path}] NetworkPolicy "${name}" has no namespace. Set \`namespace\`, or give the chart a namespace `
      + '(new Chart(app, id, { namespace: "shop" })).');
  }
  const nsProblems = validateDns1123Label(namespace);
  if (nsProblems.length > 0) {
    throw new PolicyError('InvalidNamespace',
      `[${path}] Invalid namespace ${JSON.stringify(namespace)}: ${nsProblems.join('; ')}. `
      + 'Use at most 63 lowercase letters, digits and "-", e.g. "payments".');
  }
  for (const field of ['labels', 'annotations'] as const) {
    if (Object.prototype.hasOwnProperty.call(props[field] ?? {}, 'constructor')) {
      throw new PolicyError('UnrenderableKey',
        `[${path}] The ${field.slice(0, -1)} key "constructor" of NetworkPolicy "${name}" is valid in Kubernetes, but cdk8s cannot `
        + 'render an object with that key. Use another key, e.g. "app.example.com/constructor".');
    }
  }
  const metadata = validateObjectMeta({ labels: props.labels, annotations: props.annotations }, { namespaced: true, requireName: false });
  if (metadata.length > 0) {
    throw new PolicyError('InvalidMetadata',
      `[${path}] Invalid metadata of NetworkPolicy "${name}": ${sentence(metadata.map(i => `${i.path}: ${i.message}`).join('; '))}`);
  }
}

/** Whether the JSON pointer `pointer` (RFC 6901) names a member of `document`. */
function pointerExists(document: unknown, pointer: string): boolean {
  let node: unknown = document;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) {
      return false;
    }
    node = (node as { [key: string]: unknown })[key];
  }
  return true;
}

/** Text that ends as a sentence does: with its own ".", "?" or "!", else a ".". */
function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}
