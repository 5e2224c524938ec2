import { editDistance } from './private/kube';
import {
  isStrictSubset,
  ParsedCidr,
  parseCidr,
  utf8Length,
  validateDns1123Label,
  validateDns1123Subdomain,
  validateLabelValue,
  validatePortName,
  validatePortNumber,
  validateQualifiedName,
} from './private/rules';

/**
 * One problem found in a manifest by `PolicyValidator.validate()`.
 */
export interface ValidationIssue {
  /**
   * Where the problem is, in the API server's field-path notation, e.g.
   * `metadata.name`, `spec.ingress[0].ports[1].endPort` or
   * `spec.egress[2].to[0].ipBlock.except[1]`. Map entries use brackets:
   * `metadata.labels[app]`. Empty when the manifest itself is the problem.
   */
  readonly path: string;

  /**
   * What is wrong, phrased as the API server phrases it, with the offending
   * value quoted and, where one is obvious, how to fix it, e.g.
   * `Invalid value: "80": a port name must contain at least one letter (a-z). For a port number, write 80 without quotes.`
   */
  readonly message: string;
}

/**
 * Options for `PolicyValidator.validate()`.
 */
export interface ValidateOptions {
  /**
   * Report a missing `metadata.name` (unless `metadata.generateName` is set).
   *
   * @default true
   */
  readonly requireName?: boolean;

  /**
   * Report a missing `metadata.namespace`. Turn this off for manifests that
   * `kubectl apply -n` will place in a namespace.
   *
   * @default true
   */
  readonly requireNamespace?: boolean;
}

/**
 * Checks `networking.k8s.io/v1` NetworkPolicy manifests with the API
 * server's rules, before they reach a cluster.
 *
 * The checks follow the API server's `ValidateNetworkPolicy`, including
 * object metadata and label selectors, plus the decoding errors that
 * `kubectl apply` reports with its default strict field validation: values
 * of the wrong type and unknown fields.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 *
 * @example
 * const issues = PolicyValidator.validate(chart.toJson()[0]);
 * for (const issue of issues) {
 *   console.error(`${issue.path}: ${issue.message}`);
 * }
 */
export class PolicyValidator {
  /**
   * Returns every problem in `manifest`, a NetworkPolicy as plain parsed
   * JSON or YAML. An empty list means the API server would accept it.
   *
   * Never throws, whatever the shape of `manifest`.
   *
   * @param manifest the parsed manifest
   * @param options what to require of the metadata
   */
  public static validate(manifest: any, options: ValidateOptions = {}): ValidationIssue[] {
    const checker = new Checker({
      requireName: options?.requireName ?? true,
      requireNamespace: options?.requireNamespace ?? true,
    });
    try {
      checker.policy(manifest);
    } catch (e) {
      // A safety net: the checks read only own data properties, but a
      // manifest could still be a Proxy or the like.
      checker.add('', `Internal error: could not validate this manifest (${describeError(e)})`);
    }
    return checker.issues;
  }

  /**
   * Whether `manifest` declares itself a NetworkPolicy: `apiVersion:
   * networking.k8s.io/v1` and `kind: NetworkPolicy`. Says nothing about its
   * validity.
   *
   * @param manifest the parsed manifest
   */
  public static isNetworkPolicy(manifest: any): boolean {
    return isObject(manifest)
      && own(manifest, 'apiVersion') === API_VERSION
      && own(manifest, 'kind') === KIND;
  }

  private constructor() {
  }
}

const API_VERSION = 'networking.k8s.io/v1';
const KIND = 'NetworkPolicy';
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const FIELD_MANAGER_MAX_LENGTH = 128;
const MAX_SUBRESOURCE_NAME_LENGTH = 256;
const CIDR_ERROR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

const TOP_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
const META_FIELDS = [
  'name', 'generateName', 'namespace', 'labels', 'annotations', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'ownerReferences', 'finalizers',
  'managedFields', 'selfLink',
];
const OWNER_REFERENCE_FIELDS = ['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'];
const MANAGED_FIELDS_FIELDS = ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource'];
const SPEC_FIELDS = ['podSelector', 'ingress', 'egress', 'policyTypes'];
const SELECTOR_FIELDS = ['matchLabels', 'matchExpressions'];
const REQUIREMENT_FIELDS = ['key', 'operator', 'values'];
const PEER_FIELDS = ['podSelector', 'namespaceSelector', 'ipBlock'];
const IP_BLOCK_FIELDS = ['cidr', 'except'];
const PORT_FIELDS = ['protocol', 'port', 'endPort'];
const RFC3339_RE = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

type Json = { [key: string]: unknown };

/** Which way a rule points: the field its peers live in, and what they are. */
interface Direction {
  readonly field: 'from' | 'to';
  readonly other: 'from' | 'to';
  readonly name: 'Ingress' | 'Egress';
  readonly peers: 'sources' | 'destinations';
}

const INGRESS: Direction = { field: 'from', other: 'to', name: 'Ingress', peers: 'sources' };
const EGRESS: Direction = { field: 'to', other: 'from', name: 'Egress', peers: 'destinations' };

/**
 * Walks a manifest along the NetworkPolicy schema and collects issues. Reads
 * only own data properties, so it never runs code from the manifest.
 */
class Checker {
  public readonly issues: ValidationIssue[] = [];

  constructor(private readonly options: { requireName: boolean; requireNamespace: boolean }) {
  }

  public add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  public policy(manifest: unknown): void {
    if (!isObject(manifest)) {
      this.typeError('', manifest, 'an object (a NetworkPolicy manifest)');
      return;
    }
    this.fields(manifest, '', TOP_FIELDS, suggestTopField);
    const kindIsForeign = this.typeMeta(manifest);
    if (kindIsForeign) {
      return;
    }
    this.metadata(own(manifest, 'metadata'));
    this.spec(own(manifest, 'spec'));
    const status = own(manifest, 'status');
    if (!isAbsent(status) && !isObject(status)) {
      this.typeError('status', status, 'an object');
    }
  }

  /** Checks apiVersion and kind; true when the manifest is some other kind of object. */
  private typeMeta(manifest: Json): boolean {
    const apiVersion = this.string(own(manifest, 'apiVersion'), 'apiVersion');
    if (apiVersion === '') {
      this.add('apiVersion', `Required value: set apiVersion to "${API_VERSION}"`);
    } else if (apiVersion !== undefined && apiVersion !== API_VERSION) {
      this.add('apiVersion', `${notSupported(apiVersion, [API_VERSION])}. NetworkPolicy is served as ${API_VERSION} only.`);
    }
    const kind = this.string(own(manifest, 'kind'), 'kind');
    if (kind === '') {
      this.add('kind', `Required value: set kind to "${KIND}"`);
    } else if (kind !== undefined && kind !== KIND) {
      if (kind.toLowerCase() === KIND.toLowerCase()) {
        this.add('kind', `${notSupported(kind, [KIND])}. Did you mean "${KIND}"? Kinds are case-sensitive.`);
      } else {
        this.add('kind', `${notSupported(kind, [KIND])}. This validator checks NetworkPolicy manifests only; `
          + 'use PolicyValidator.isNetworkPolicy() to pick them out.');
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------
  // metadata (apimachinery ValidateObjectMeta)

  private metadata(value: unknown): void {
    const path = 'metadata';
    let meta: Json = {};
    if (isObject(value)) {
      meta = value;
    } else if (!isAbsent(value)) {
      this.typeError(path, value, 'an object');
      return;
    }
    this.fields(meta, path, META_FIELDS, (key) => suggestField(key, META_FIELDS));

    const name = this.string(own(meta, 'name'), child(path, 'name'));
    const generateName = this.string(own(meta, 'generateName'), child(path, 'generateName'));
    if (generateName) {
      for (const msg of validateDns1123Subdomain(maskTrailingDash(generateName))) {
        this.add(child(path, 'generateName'), invalid(generateName, msg));
      }
    }
    if (name === '') {
      if (this.options.requireName && !generateName) {
        this.add(child(path, 'name'), 'Required value: name or generateName is required');
      }
    } else if (name !== undefined) {
      for (const msg of validateDns1123Subdomain(name)) {
        this.add(child(path, 'name'), invalid(name, msg) + didYouMean(name, suggestDnsName(name, false)));
      }
    }

    const namespace = this.string(own(meta, 'namespace'), child(path, 'namespace'));
    if (namespace === '') {
      if (this.options.requireNamespace) {
        this.add(child(path, 'namespace'),
          'Required value: a NetworkPolicy applies to pods of its own namespace; set metadata.namespace, e.g. "default"');
      }
    } else if (namespace !== undefined) {
      for (const msg of validateDns1123Label(namespace)) {
        this.add(child(path, 'namespace'), invalid(namespace, msg) + didYouMean(namespace, suggestDnsName(namespace, true)));
      }
    }

    const generation = this.integer(own(meta, 'generation'), child(path, 'generation'));
    if (generation !== undefined && generation < 0) {
      this.add(child(path, 'generation'), invalid(generation, 'must be greater than or equal to 0'));
    }
    this.integer(own(meta, 'deletionGracePeriodSeconds'), child(path, 'deletionGracePeriodSeconds'));
    for (const key of ['uid', 'resourceVersion', 'selfLink']) {
      this.string(own(meta, key), child(path, key));
    }
    for (const key of ['creationTimestamp', 'deletionTimestamp']) {
      this.timestamp(own(meta, key), child(path, key));
    }

    this.labels(own(meta, 'labels'), child(path, 'labels'));
    this.annotations(own(meta, 'annotations'), child(path, 'annotations'));
    this.ownerReferences(own(meta, 'ownerReferences'), child(path, 'ownerReferences'));
    this.finalizers(own(meta, 'finalizers'), child(path, 'finalizers'));
    this.managedFields(own(meta, 'managedFields'), child(path, 'managedFields'));
  }

  /** A label map, as in metadata.labels and matchLabels (ValidateLabels). */
  private labels(value: unknown, path: string): void {
    const labels = this.stringMap(value, path);
    for (const [key, v] of labels) {
      // The hints are computed only for invalid values: validation runs on every synthesis.
      for (const msg of validateQualifiedName(key)) {
        const keyHint = key.includes('/') ? '' : didYouMean(key, suggestLabelValue(key));
        this.add(path, invalid(key, msg) + keyHint);
      }
      for (const msg of validateLabelValue(v)) {
        this.add(path, `${invalid(v, msg)} (the value of label "${key}")${didYouMean(v, suggestLabelValue(v))}`);
      }
    }
  }

  private annotations(value: unknown, path: string): void {
    const annotations = this.stringMap(value, path);
    let size = 0;
    for (const [key, v] of annotations) {
      // Annotation keys are qualified names, but case doesn't matter.
      for (const msg of validateQualifiedName(key.toLowerCase())) {
        this.add(path, invalid(key, msg));
      }
      size += utf8Length(key) + utf8Length(v);
    }
    if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
      this.add(path, `Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes (the annotations take ${size})`);
    }
  }

  private ownerReferences(value: unknown, path: string): void {
    const refs = this.list(value, path);
    let firstController: string | undefined;
    refs.forEach((item, i) => {
      const itemPath = index(path, i);
      let ref: Json = {};
      if (isObject(item)) {
        ref = item;
      } else if (!isAbsent(item)) {
        this.typeError(itemPath, item, 'an object');
        return;
      }
      this.fields(ref, itemPath, OWNER_REFERENCE_FIELDS, (key) => suggestField(key, OWNER_REFERENCE_FIELDS));
      const apiVersion = this.string(own(ref, 'apiVersion'), child(itemPath, 'apiVersion')) ?? '';
      const kind = this.string(own(ref, 'kind'), child(itemPath, 'kind')) ?? '';
      const name = this.string(own(ref, 'name'), child(itemPath, 'name')) ?? '';
      const uid = this.string(own(ref, 'uid'), child(itemPath, 'uid')) ?? '';
      const controller = this.boolean(own(ref, 'controller'), child(itemPath, 'controller'));
      this.boolean(own(ref, 'blockOwnerDeletion'), child(itemPath, 'blockOwnerDeletion'));

      // Upstream reports these at the list's path, without the index.
      const gv = parseGroupVersion(apiVersion);
      if (!gv || gv.version === '') {
        this.add(child(path, 'apiVersion'), invalid(apiVersion, 'version must not be empty'));
      }
      if (kind === '') {
        this.add(child(path, 'kind'), invalid(kind, 'must not be empty'));
      }
      if (name === '') {
        this.add(child(path, 'name'), invalid(name, 'must not be empty'));
      }
      if (uid === '') {
        this.add(child(path, 'uid'), invalid(uid, 'must not be empty'));
      }
      if (gv && gv.group === '' && gv.version === 'v1' && kind === 'Event') {
        this.add(path, `Invalid value: ${show(item)}: /v1, Kind=Event is disallowed from being an owner`);
      }
      if (controller === true) {
        const current = `${kind}/${name}`;
        if (firstController !== undefined) {
          this.add(path, `Invalid value: ${show(value)}: Only one reference can have Controller set to true. `
            + `Found "true" in references for ${firstController} and ${current}`);
        } else {
          firstController = current;
        }
      }
    });
  }

  private finalizers(value: unknown, path: string): void {
    const finalizers = this.list(value, path);
    const names: string[] = [];
    finalizers.forEach((item, i) => {
      const name = this.string(item, index(path, i));
      if (name === undefined) {
        return;
      }
      names.push(name);
      for (const msg of validateQualifiedName(name)) {
        this.add(path, invalid(name, msg));
      }
      if (!name.includes('/') && !STANDARD_FINALIZERS.includes(name)) {
        this.add(index(path, i), invalid(name, 'name is neither a standard finalizer name nor is it fully qualified'));
      }
    });
    if (names.includes('orphan') && names.includes('foregroundDeletion')) {
      this.add(path, `Invalid value: ${show(names)}: finalizer orphan and foregroundDeletion cannot be both set`);
    }
  }

  private managedFields(value: unknown, path: string): void {
    this.list(value, path).forEach((item, i) => {
      const itemPath = index(path, i);
      let entry: Json = {};
      if (isObject(item)) {
        entry = item;
      } else if (!isAbsent(item)) {
        this.typeError(itemPath, item, 'an object');
        return;
      }
      this.fields(entry, itemPath, MANAGED_FIELDS_FIELDS, (key) => suggestField(key, MANAGED_FIELDS_FIELDS));
      const operation = this.string(own(entry, 'operation'), child(itemPath, 'operation'));
      if (operation !== undefined && operation !== 'Apply' && operation !== 'Update') {
        this.add(child(itemPath, 'operation'), invalid(operation, 'must be `Apply` or `Update`'));
      }
      const fieldsType = this.string(own(entry, 'fieldsType'), child(itemPath, 'fieldsType'));
      if (fieldsType && fieldsType !== 'FieldsV1') {
        this.add(child(itemPath, 'fieldsType'), invalid(fieldsType, 'must be `FieldsV1`'));
      }
      const manager = this.string(own(entry, 'manager'), child(itemPath, 'manager'));
      if (manager !== undefined) {
        if (utf8Length(manager) > FIELD_MANAGER_MAX_LENGTH) {
          this.add(child(itemPath, 'manager'), `Too long: may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes`);
        }
        const bad = /[\u0000-\u001f\u007f-\u009f]/.exec(manager);
        if (bad) {
          const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
          this.add(child(itemPath, 'manager'), invalid(manager, `invalid character U+${code} (at position ${bad.index})`));
        }
      }
      this.string(own(entry, 'apiVersion'), child(itemPath, 'apiVersion'));
      this.timestamp(own(entry, 'time'), child(itemPath, 'time'));
      const fieldsV1 = own(entry, 'fieldsV1');
      if (!isAbsent(fieldsV1) && !isObject(fieldsV1)) {
        this.typeError(child(itemPath, 'fieldsV1'), fieldsV1, 'an object');
      }
      const subresource = this.string(own(entry, 'subresource'), child(itemPath, 'subresource'));
      if (subresource !== undefined && utf8Length(subresource) > MAX_SUBRESOURCE_NAME_LENGTH) {
        this.add(child(itemPath, 'subresource'), `Too long: may not be more than ${MAX_SUBRESOURCE_NAME_LENGTH} bytes`);
      }
    });
  }

  private timestamp(value: unknown, path: string): void {
    const text = this.string(value, path);
    if (text && (!RFC3339_RE.test(text) || Number.isNaN(Date.parse(text)))) {
      this.add(path, invalid(text, 'must be an RFC 3339 date-time, e.g. "2024-01-31T12:00:00Z"'));
    }
  }

  // ---------------------------------------------------------------------------
  // spec (networking ValidateNetworkPolicySpec)

  private spec(value: unknown): void {
    const path = 'spec';
    if (isAbsent(value)) {
      this.add(path, 'Required value: a NetworkPolicy needs a spec with a podSelector; '
        + 'use podSelector: {} to select every pod in the namespace');
      return;
    }
    if (!isObject(value)) {
      this.typeError(path, value, 'an object');
      return;
    }
    this.fields(value, path, SPEC_FIELDS, suggestSpecField);

    const podSelector = own(value, 'podSelector');
    if (isAbsent(podSelector)) {
      this.add(child(path, 'podSelector'), 'Required value: use podSelector: {} to select every pod in the namespace');
    } else {
      this.selector(podSelector, child(path, 'podSelector'));
    }

    this.list(own(value, 'ingress'), child(path, 'ingress')).forEach((rule, i) => {
      this.rule(rule, index(child(path, 'ingress'), i), INGRESS);
    });
    this.list(own(value, 'egress'), child(path, 'egress')).forEach((rule, i) => {
      this.rule(rule, index(child(path, 'egress'), i), EGRESS);
    });
    this.policyTypes(own(value, 'policyTypes'), child(path, 'policyTypes'));
  }

  private rule(value: unknown, path: string, direction: Direction): void {
    if (isAbsent(value)) {
      return; // an empty rule
    }
    if (!isObject(value)) {
      this.typeError(path, value, 'an object');
      return;
    }
    const known = ['ports', direction.field];
    this.fields(value, path, known, (key) => suggestRuleField(key, direction, known));
    this.list(own(value, 'ports'), child(path, 'ports')).forEach((port, i) => {
      this.port(port, index(child(path, 'ports'), i));
    });
    const peersPath = child(path, direction.field);
    this.list(own(value, direction.field), peersPath).forEach((peer, i) => {
      this.peer(peer, index(peersPath, i), direction);
    });
  }

  private peer(value: unknown, path: string, direction: Direction): void {
    let peer: Json = {};
    if (isObject(value)) {
      peer = value;
    } else if (!isAbsent(value)) {
      this.typeError(path, value, 'an object');
      return;
    }
    this.fields(peer, path, PEER_FIELDS, (key) => suggestPeerField(key, direction));

    let numPeers = 0;
    const podSelector = own(peer, 'podSelector');
    if (!isAbsent(podSelector)) {
      numPeers++;
      this.selector(podSelector, child(path, 'podSelector'));
    }
    const namespaceSelector = own(peer, 'namespaceSelector');
    if (!isAbsent(namespaceSelector)) {
      numPeers++;
      this.selector(namespaceSelector, child(path, 'namespaceSelector'));
    }
    const ipBlock = own(peer, 'ipBlock');
    if (!isAbsent(ipBlock)) {
      numPeers++;
      this.ipBlock(ipBlock, child(path, 'ipBlock'));
    }

    if (numPeers === 0) {
      this.add(path, 'Required value: must specify a peer. Set podSelector, namespaceSelector or ipBlock; '
        + `to allow all ${direction.peers}, leave out \`${direction.field}\``);
    } else if (numPeers > 1 && !isAbsent(ipBlock)) {
      this.add(path, 'Forbidden: may not specify both ipBlock and another peer. Put the ipBlock in a peer of its own.');
    }
  }

  private ipBlock(value: unknown, path: string): void {
    if (!isObject(value)) {
      this.typeError(path, value, 'an object');
      return;
    }
    this.fields(value, path, IP_BLOCK_FIELDS, (key) => suggestField(key, IP_BLOCK_FIELDS));

    const cidrPath = child(path, 'cidr');
    const cidrText = this.string(own(value, 'cidr'), cidrPath);
    let cidr: ParsedCidr | undefined;
    if (cidrText === '') {
      this.add(cidrPath, 'Required value: an ipBlock needs a cidr, e.g. "10.0.0.0/8" or "2001:db8::/64"');
    } else if (cidrText !== undefined) {
      const parsed = parseCidr(cidrText);
      if (typeof parsed === 'string') {
        this.add(cidrPath, `${invalid(cidrText, CIDR_ERROR)}. ${capitalize(parsed)}`);
      } else {
        cidr = parsed;
      }
    }

    const exceptPath = child(path, 'except');
    this.list(own(value, 'except'), exceptPath).forEach((item, i) => {
      const itemPath = index(exceptPath, i);
      const text = this.string(item, itemPath);
      if (text === undefined) {
        return;
      }
      const parsed = parseCidr(text);
      if (typeof parsed === 'string') {
        const reason = text === '' ? 'Write a CIDR inside `cidr`, or remove the entry.' : capitalize(parsed);
        this.add(itemPath, `${invalid(text, CIDR_ERROR)}. ${reason}`);
      } else if (cidr && !isStrictSubset(cidr, parsed)) {
        this.add(itemPath, `${invalid(text, 'must be a strict subset of `cidr`')}. ${subsetHint(cidr, parsed, cidrText ?? '')}`);
      }
    });
  }

  private port(value: unknown, path: string): void {
    if (isAbsent(value)) {
      return; // every port of every protocol
    }
    if (!isObject(value)) {
      this.typeError(path, value, 'an object');
      return;
    }
    this.fields(value, path, PORT_FIELDS, suggestPortField);

    // An absent protocol means TCP; an explicit "" is unsupported.
    const rawProtocol = own(value, 'protocol');
    const protocol = isAbsent(rawProtocol) ? undefined : this.string(rawProtocol, child(path, 'protocol'));
    if (protocol !== undefined && !PROTOCOLS.includes(protocol)) {
      this.add(child(path, 'protocol'), notSupported(protocol, PROTOCOLS) + didYouMeanCaseless(protocol, PROTOCOLS));
    }

    const portPath = child(path, 'port');
    const endPortPath = child(path, 'endPort');
    const port = own(value, 'port');
    const endPort = this.integer(own(value, 'endPort'), endPortPath);

    if (isAbsent(port)) {
      if (endPort !== undefined) {
        this.add(endPortPath, `${invalid(endPort, 'may not be specified when `port` is not specified')}. `
          + 'Set `port` to the first port of the range.');
      }
    } else if (typeof port === 'number' && Number.isInteger(port)) {
      for (const msg of validatePortNumber(port)) {
        const hint = port === 0 ? '. To allow every port, leave out `port`.' : '';
        this.add(portPath, invalid(port, msg) + hint);
      }
      if (endPort !== undefined) {
        if (endPort < port) {
          this.add(endPortPath, `${invalid(endPort, 'must be greater than or equal to `port`')}. `
            + `Did you mean port: ${endPort}, endPort: ${port}?`);
        }
        for (const msg of validatePortNumber(endPort)) {
          this.add(endPortPath, invalid(endPort, msg));
        }
      }
    } else if (typeof port === 'string') {
      if (endPort !== undefined) {
        this.add(endPortPath, `${invalid(endPort, 'may not be specified when `port` is non-numeric')}. `
          + 'A range needs a numeric `port`.');
      }
      for (const msg of validatePortName(port)) {
        this.add(portPath, `${invalid(port, `a port name ${msg}`)}${portNameHint(port, msg)}`);
      }
    } else {
      this.typeError(portPath, port, 'an integer port number (1-65535) or a port name');
    }
  }

  private policyTypes(value: unknown, path: string): void {
    const types = this.list(value, path);
    if (types.length > POLICY_TYPES.length) {
      this.add(path, `${invalid(value, 'may not specify more than two policyTypes')}. `
        + 'List each of "Ingress" and "Egress" at most once.');
      return;
    }
    types.forEach((item, i) => {
      const type = this.string(item, index(path, i));
      if (type !== undefined && !POLICY_TYPES.includes(type)) {
        this.add(index(path, i), notSupported(type, POLICY_TYPES) + didYouMeanCaseless(type, POLICY_TYPES));
      }
    });
  }

  // ---------------------------------------------------------------------------
  // label selectors (apimachinery ValidateLabelSelector)

  private selector(value: unknown, path: string): void {
    if (!isObject(value)) {
      this.typeError(path, value, 'an object', selectorTypeHint(value));
      return;
    }
    this.fields(value, path, SELECTOR_FIELDS, (key) => suggestSelectorField(key, own(value, key)));
    this.labels(own(value, 'matchLabels'), child(path, 'matchLabels'));
    const expressionsPath = child(path, 'matchExpressions');
    this.list(own(value, 'matchExpressions'), expressionsPath).forEach((item, i) => {
      this.requirement(item, index(expressionsPath, i));
    });
  }

  private requirement(value: unknown, path: string): void {
    let req: Json = {};
    if (isObject(value)) {
      req = value;
    } else if (!isAbsent(value)) {
      this.typeError(path, value, 'an object');
      return;
    }
    this.fields(req, path, REQUIREMENT_FIELDS, (key) => suggestField(key, REQUIREMENT_FIELDS));
    const operatorPath = child(path, 'operator');
    const valuesPath = child(path, 'values');
    const operator = this.string(own(req, 'operator'), operatorPath);
    const values: Array<string | undefined> = this.list(own(req, 'values'), valuesPath)
      .map((item, i) => this.string(item, index(valuesPath, i)));

    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0) {
        this.add(valuesPath, 'Required value: must be specified when `operator` is \'In\' or \'NotIn\'. '
          + 'To match on the key alone, use operator Exists.');
      }
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) {
        this.add(valuesPath, 'Forbidden: may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'. '
          + 'Remove `values`, or use operator In.');
      }
    } else if (operator !== undefined) {
      const hint = didYouMeanCaseless(operator, OPERATORS) || `. Use one of ${OPERATORS.join(', ')}.`;
      this.add(operatorPath, invalid(operator, 'not a valid selector operator') + hint);
    }

    const key = this.string(own(req, 'key'), child(path, 'key'));
    if (key !== undefined) {
      for (const msg of validateQualifiedName(key)) {
        this.add(child(path, 'key'), invalid(key, msg));
      }
    }
    values.forEach((v, i) => {
      if (v === undefined) {
        return;
      }
      for (const msg of validateLabelValue(v)) {
        this.add(index(valuesPath, i), invalid(v, msg) + didYouMean(v, suggestLabelValue(v)));
      }
    });
  }

  // ---------------------------------------------------------------------------
  // decoding: the type errors and unknown fields that strict decoding reports

  /** Reports keys of `obj` that the schema does not know. */
  private fields(obj: Json, path: string, known: readonly string[], suggest: (key: string) => string | undefined): void {
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) {
        const hint = suggest(key);
        this.add(child(path, key), `unknown field "${key}"${hint ? `. ${hint}` : ''}`);
      }
    }
  }

  private typeError(path: string, value: unknown, expected: string, hint?: string): void {
    const fix = hint ? `. ${hint}${/[.?!]$/.test(hint) ? '' : '.'}` : '';
    this.add(path, `Invalid value: ${show(value)}: must be ${expected}${fix}`);
  }

  /** A string field: '' when absent or null (Go's zero value), undefined after a type error. */
  private string(value: unknown, path: string): string | undefined {
    if (isAbsent(value)) {
      return '';
    }
    if (typeof value === 'string') {
      return value;
    }
    const hint = typeof value === 'number' || typeof value === 'boolean'
      ? `Quote it: "${String(value)}"` : undefined;
    this.typeError(path, value, 'a string', hint);
    return undefined;
  }

  /** An integer field: undefined when absent, null or after a type error. */
  private integer(value: unknown, path: string): number | undefined {
    if (isAbsent(value)) {
      return undefined;
    }
    if (typeof value === 'number' && Number.isInteger(value)) {
      return value;
    }
    const hint = typeof value === 'string' && /^-?[0-9]+$/.test(value)
      ? `Write ${value} without quotes` : undefined;
    this.typeError(path, value, 'an integer', hint);
    return undefined;
  }

  private boolean(value: unknown, path: string): boolean | undefined {
    if (isAbsent(value)) {
      return undefined;
    }
    if (typeof value === 'boolean') {
      return value;
    }
    this.typeError(path, value, 'a boolean (true or false)');
    return undefined;
  }

  /** A list field: empty when absent, null or after a type error. */
  private list(value: unknown, path: string): unknown[] {
    if (isAbsent(value)) {
      return [];
    }
    if (Array.isArray(value)) {
      return value;
    }
    const hint = typeof value === 'string'
      ? `Write it as a list: [${JSON.stringify(value)}]`
      : isObject(value) ? 'Write it as a list of items ("- ..." in YAML)' : undefined;
    this.typeError(path, value, 'a list', hint);
    return [];
  }

  /** A map of strings; null values read as '' (Go's zero value), wrong types are reported. */
  private stringMap(value: unknown, path: string): Array<[string, string]> {
    if (isAbsent(value)) {
      return [];
    }
    if (!isObject(value)) {
      this.typeError(path, value, 'an object (a map of strings)');
      return [];
    }
    const entries: Array<[string, string]> = [];
    for (const key of Object.keys(value)) {
      const v = this.string(own(value, key), `${path}[${key}]`);
      if (v !== undefined) {
        entries.push([key, v]);
      }
    }
    return entries;
  }
}

// -----------------------------------------------------------------------------
// helpers

function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own data property, without running getters or reading the prototype. */
function own(obj: Json, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(obj, key);
  return descriptor ? descriptor.value : undefined;
}

function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** A value as Go's field errors print it: strings quoted, others as JSON. */
function show(value: unknown): string {
  if (isAbsent(value)) {
    return 'null';
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object': {
      let text: string | undefined;
      try {
        text = JSON.stringify(value);
      } catch {
        text = undefined;
      }
      if (text === undefined) {
        return Array.isArray(value) ? '[...]' : '{...}';
      }
      return text.length > 80 ? `${text.slice(0, 77)}...` : text;
    }
    default:
      return typeof value;
  }
}

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : show(e);
}

function invalid(value: unknown, detail: string): string {
  return `Invalid value: ${show(value)}: ${detail}`;
}

function notSupported(value: string, supported: string[]): string {
  return `Unsupported value: ${show(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function didYouMean(value: string, suggestion: string | undefined): string {
  return suggestion !== undefined && suggestion !== value ? `. Did you mean "${suggestion}"?` : '';
}

function didYouMeanCaseless(value: string, supported: string[]): string {
  const match = supported.find((s) => s.toLowerCase() === value.trim().toLowerCase());
  return match ? `. Did you mean "${match}"?` : '';
}

/** apimachinery's maskTrailingDash, quirk included: "ab-" -> "aa". */
function maskTrailingDash(name: string): string {
  if (name.length > 1 && name.endsWith('-')) {
    return `${name.slice(0, -2)}a`;
  }
  return name;
}

function parseGroupVersion(gv: string): { group: string; version: string } | undefined {
  if (gv === '' || gv === '/') {
    return { group: '', version: '' };
  }
  const parts = gv.split('/');
  if (parts.length === 1) {
    return { group: '', version: gv };
  }
  if (parts.length === 2) {
    return { group: parts[0], version: parts[1] };
  }
  return undefined;
}

function subsetHint(cidr: ParsedCidr, except: ParsedCidr, cidrText: string): string {
  if (cidr.family !== except.family) {
    return `\`cidr\` "${cidrText}" is IPv${cidr.family} and this range is IPv${except.family}; `
      + `put IPv${except.family} ranges in an ipBlock of their own.`;
  }
  if (cidr.canonical === except.canonical) {
    return `It is all of \`cidr\` "${cidrText}", so the ipBlock would match nothing; remove it.`;
  }
  if (except.prefix <= cidr.prefix && isStrictSubset(except, cidr)) {
    return `It is larger than \`cidr\` "${cidrText}"; an except range must lie inside it.`;
  }
  return `It lies outside \`cidr\` "${cidrText}".`;
}

function portNameHint(port: string, msg: string): string {
  if (!msg.includes('at least one letter')) {
    const lower = port.toLowerCase();
    return lower !== port && validatePortName(lower).length === 0 ? `. Did you mean "${lower}"?` : '';
  }
  if (/^[0-9]+$/.test(port)) {
    const n = parseInt(port, 10);
    return n >= 1 && n <= 65535 ? `. For a port number, write ${n} without quotes.` : '';
  }
  const range = /^([0-9]+)-([0-9]+)$/.exec(port);
  if (range) {
    return `. For a port range, write port: ${parseInt(range[1], 10)} and endPort: ${parseInt(range[2], 10)}.`;
  }
  return '';
}

function selectorTypeHint(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const m = /^\s*([^=\s]+)\s*==?\s*([^=\s]*)\s*$/.exec(value);
    if (m) {
      return `Write it as matchLabels: {${JSON.stringify(m[1])}: ${JSON.stringify(m[2])}}`;
    }
  }
  return undefined;
}

/** A lowercase DNS name close to `value`, or undefined. */
function suggestDnsName(value: string, label: boolean): string | undefined {
  let s = value.toLowerCase().replace(label ? /[^a-z0-9-]+/g : /[^a-z0-9.-]+/g, '-');
  if (!label) {
    s = s.replace(/-*\.[-.]*/g, '.');
  }
  s = s.slice(0, label ? 63 : 253).replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  const valid = label ? validateDns1123Label(s) : validateDns1123Subdomain(s);
  return s !== '' && valid.length === 0 ? s : undefined;
}

/** A valid label value (or key name) close to `value`, or undefined. */
function suggestLabelValue(value: string): string | undefined {
  const s = value.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return s !== '' && validateLabelValue(s).length === 0 ? s : undefined;
}

/** "Did you mean ...?" for a misspelled field name, or undefined. */
function suggestField(key: string, known: readonly string[]): string | undefined {
  const caseless = known.find((k) => k.toLowerCase() === key.toLowerCase());
  if (caseless) {
    return `Did you mean "${caseless}"? Field names are case-sensitive.`;
  }
  if (key.length < 3) {
    return undefined;
  }
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best ? `Did you mean "${best}"?` : undefined;
}

function suggestTopField(key: string): string | undefined {
  if (SPEC_FIELDS.includes(key)) {
    return `Move it under \`spec\`: spec.${key}.`;
  }
  if (META_FIELDS.includes(key)) {
    return `Move it under \`metadata\`: metadata.${key}.`;
  }
  return suggestField(key, TOP_FIELDS);
}

function suggestSpecField(key: string): string | undefined {
  if (key === 'selector' || key === 'matchLabels') {
    return 'The pods a policy applies to are chosen by `podSelector`, e.g. podSelector: { matchLabels: { app: web } }.';
  }
  if (key === 'from' || key === 'to' || key === 'ports') {
    return `\`${key}\` belongs to a rule: put it in a list item under \`${key === 'to' ? 'egress' : 'ingress'}\`.`;
  }
  return suggestField(key, SPEC_FIELDS);
}

function suggestRuleField(key: string, direction: Direction, known: string[]): string | undefined {
  if (key === direction.other) {
    return `Did you mean "${direction.field}"? ${direction.name} rules list their ${direction.peers} under \`${direction.field}\`.`;
  }
  if (PEER_FIELDS.includes(key)) {
    return `Peers go in a list under \`${direction.field}\`, e.g. ${direction.field}: [{ ${key}: ... }].`;
  }
  return suggestField(key, known);
}

function suggestPeerField(key: string, direction: Direction): string | undefined {
  if (key === 'ports') {
    return `Ports belong to the rule: put \`ports\` next to \`${direction.field}\`, not inside a peer.`;
  }
  if (SELECTOR_FIELDS.includes(key)) {
    return 'Put it inside podSelector or namespaceSelector.';
  }
  if (IP_BLOCK_FIELDS.includes(key)) {
    return `Put it inside ipBlock, e.g. ipBlock: { ${key}: ... }.`;
  }
  return suggestField(key, PEER_FIELDS);
}

function suggestPortField(key: string): string | undefined {
  if (key === 'name' || key === 'containerPort' || key === 'targetPort') {
    return 'A NetworkPolicy port is set with `port` (a number or a port name).';
  }
  return suggestField(key, PORT_FIELDS);
}

function suggestSelectorField(key: string, value: unknown): string | undefined {
  const misspelt = suggestField(key, SELECTOR_FIELDS);
  if (misspelt) {
    return misspelt;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || isAbsent(value)) {
    return `Labels go under matchLabels, e.g. matchLabels: {${JSON.stringify(key)}: ${JSON.stringify(String(value ?? ''))}}.`;
  }
  return undefined;
}
