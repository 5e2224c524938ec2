import { didYouMean, suggestDnsName, suggestField, suggestLabelValue } from './hints';
import { child, FieldIssue, index, invalid, isAbsent, isObject, own, SchemaWalker, show } from './schema';
import { utf8Length, validateDns1123Label, validateDns1123Subdomain, validateLabelValue, validateQualifiedName } from '../names';

/*
 * ObjectMeta, as apimachinery's ValidateObjectMeta checks it. Synthesis
 * writes only name, namespace, labels and annotations; the other fields
 * are checked for manifests written by hand.
 */

/** What a kind requires of its metadata. */
export interface ObjectMetaRules {
  /** Whether objects of the kind live in a namespace. */
  readonly namespaced: boolean;
  /** Report a missing name (unless generateName is set). */
  readonly requireName: boolean;
  /** Report a missing namespace (namespaced kinds only), with this message; undefined: don't. */
  readonly namespaceRequired?: string;
}

const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const FIELD_MANAGER_MAX_LENGTH = 128;
const MAX_SUBRESOURCE_NAME_LENGTH = 256;
const RFC3339_RE = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The fields of ObjectMeta, OwnerReference and ManagedFieldsEntry. */
export const META_FIELDS = [
  'name', 'generateName', 'namespace', 'labels', 'annotations', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'ownerReferences', 'finalizers',
  'managedFields', 'selfLink',
];
const OWNER_REFERENCE_FIELDS = ['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'];
const MANAGED_FIELDS_FIELDS = ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource'];

/** Scalar fields of ObjectMeta checked for their type (and timestamps for their form) only. */
const META_SCALARS: ReadonlyArray<readonly [string, 'string' | 'integer' | 'timestamp']> = [
  ['deletionGracePeriodSeconds', 'integer'],
  ['uid', 'string'],
  ['resourceVersion', 'string'],
  ['selfLink', 'string'],
  ['creationTimestamp', 'timestamp'],
  ['deletionTimestamp', 'timestamp'],
];

/** Checks `metadata` at `path` (usually `metadata`). */
export function checkObjectMeta(walker: SchemaWalker, value: unknown, path: string, rules: ObjectMetaRules): void {
  const meta = walker.object(value, path);
  if (meta === undefined) {
    return;
  }
  walker.fields(meta, path, META_FIELDS, (key) => suggestField(key, META_FIELDS));

  const name = walker.string(own(meta, 'name'), child(path, 'name'));
  const generateName = walker.string(own(meta, 'generateName'), child(path, 'generateName'));
  if (generateName) {
    for (const msg of validateDns1123Subdomain(maskTrailingDash(generateName))) {
      walker.add(child(path, 'generateName'), invalid(generateName, msg));
    }
  }
  if (name === '') {
    if (rules.requireName && !generateName) {
      walker.add(child(path, 'name'), 'Required value: name or generateName is required');
    }
  } else if (name !== undefined) {
    for (const msg of validateDns1123Subdomain(name)) {
      walker.add(child(path, 'name'), invalid(name, msg) + didYouMean(name, suggestDnsName(name, false)));
    }
  }

  // The API server clears the namespace of a cluster-scoped object before it validates it.
  const namespace = walker.string(own(meta, 'namespace'), child(path, 'namespace'));
  if (rules.namespaced && namespace === '' && rules.namespaceRequired !== undefined) {
    walker.add(child(path, 'namespace'), rules.namespaceRequired);
  } else if (rules.namespaced && namespace) {
    for (const msg of validateDns1123Label(namespace)) {
      walker.add(child(path, 'namespace'), invalid(namespace, msg) + didYouMean(namespace, suggestDnsName(namespace, true)));
    }
  }

  const generation = walker.integer(own(meta, 'generation'), child(path, 'generation'));
  if (generation !== undefined && generation < 0) {
    walker.add(child(path, 'generation'), invalid(generation, 'must be greater than or equal to 0'));
  }
  for (const [key, type] of META_SCALARS) {
    const field = own(meta, key);
    if (type === 'integer') {
      walker.integer(field, child(path, key));
    } else if (type === 'string') {
      walker.string(field, child(path, key));
    } else {
      checkTimestamp(walker, field, child(path, key));
    }
  }

  checkLabels(walker, own(meta, 'labels'), child(path, 'labels'));
  checkAnnotations(walker, own(meta, 'annotations'), child(path, 'annotations'));
  checkOwnerReferences(walker, own(meta, 'ownerReferences'), child(path, 'ownerReferences'));
  checkFinalizers(walker, own(meta, 'finalizers'), child(path, 'finalizers'));
  checkManagedFields(walker, own(meta, 'managedFields'), child(path, 'managedFields'));
}

/** A label map, as in metadata.labels and matchLabels (ValidateLabels). */
export function checkLabels(walker: SchemaWalker, value: unknown, path: string): void {
  for (const [key, v] of walker.stringMap(value, path)) {
    for (const msg of validateQualifiedName(key)) {
      const keyHint = key.includes('/') ? '' : didYouMean(key, suggestLabelValue(key));
      walker.add(path, invalid(key, msg) + keyHint);
    }
    for (const msg of validateLabelValue(v)) {
      walker.add(path, `${invalid(v, msg)} (the value of label "${key}")${didYouMean(v, suggestLabelValue(v))}`);
    }
  }
}

function checkAnnotations(walker: SchemaWalker, value: unknown, path: string): void {
  let size = 0;
  for (const [key, v] of walker.stringMap(value, path)) {
    // Annotation keys are qualified names, but case doesn't matter.
    for (const msg of validateQualifiedName(key.toLowerCase())) {
      walker.add(path, invalid(key, msg));
    }
    size += utf8Length(key) + utf8Length(v);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    walker.add(path, `Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes (the annotations take ${size})`);
  }
}

function checkOwnerReferences(walker: SchemaWalker, value: unknown, path: string): void {
  let firstController: string | undefined;
  walker.list(value, path).forEach((item, i) => {
    const itemPath = index(path, i);
    const ref = walker.object(item, itemPath);
    if (ref === undefined) {
      return;
    }
    walker.fields(ref, itemPath, OWNER_REFERENCE_FIELDS, (key) => suggestField(key, OWNER_REFERENCE_FIELDS));
    const apiVersion = walker.string(own(ref, 'apiVersion'), child(itemPath, 'apiVersion')) ?? '';
    const kind = walker.string(own(ref, 'kind'), child(itemPath, 'kind')) ?? '';
    const name = walker.string(own(ref, 'name'), child(itemPath, 'name')) ?? '';
    const uid = walker.string(own(ref, 'uid'), child(itemPath, 'uid')) ?? '';
    const controller = walker.boolean(own(ref, 'controller'), child(itemPath, 'controller'));
    walker.boolean(own(ref, 'blockOwnerDeletion'), child(itemPath, 'blockOwnerDeletion'));

    // Upstream reports these at the list's path, without the index.
    const gv = parseGroupVersion(apiVersion);
    if (!gv || gv.version === '') {
      walker.add(child(path, 'apiVersion'), invalid(apiVersion, 'version must not be empty'));
    }
    for (const [field, text] of [['kind', kind], ['name', name], ['uid', uid]] as const) {
      if (text === '') {
        walker.add(child(path, field), invalid(text, 'must not be empty'));
      }
    }
    if (gv && gv.group === '' && gv.version === 'v1' && kind === 'Event') {
      walker.add(path, `Invalid value: ${show(item)}: /v1, Kind=Event is disallowed from being an owner`);
    }
    if (controller === true) {
      const current = `${kind}/${name}`;
      if (firstController !== undefined) {
        walker.add(path, `Invalid value: ${show(value)}: Only one reference can have Controller set to true. `
          + `Found "true" in references for ${firstController} and ${current}`);
      } else {
        firstController = current;
      }
    }
  });
}

function checkFinalizers(walker: SchemaWalker, value: unknown, path: string): void {
  const names: string[] = [];
  walker.list(value, path).forEach((item, i) => {
    const name = walker.string(item, index(path, i));
    if (name === undefined) {
      return;
    }
    names.push(name);
    for (const msg of validateQualifiedName(name)) {
      walker.add(path, invalid(name, msg));
    }
    if (!name.includes('/') && !STANDARD_FINALIZERS.includes(name)) {
      walker.add(index(path, i), invalid(name, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  if (names.includes('orphan') && names.includes('foregroundDeletion')) {
    walker.add(path, `Invalid value: ${show(names)}: finalizer orphan and foregroundDeletion cannot be both set`);
  }
}

function checkManagedFields(walker: SchemaWalker, value: unknown, path: string): void {
  walker.list(value, path).forEach((item, i) => {
    const itemPath = index(path, i);
    const entry = walker.object(item, itemPath);
    if (entry === undefined) {
      return;
    }
    walker.fields(entry, itemPath, MANAGED_FIELDS_FIELDS, (key) => suggestField(key, MANAGED_FIELDS_FIELDS));
    const operation = walker.string(own(entry, 'operation'), child(itemPath, 'operation'));
    if (operation !== undefined && operation !== 'Apply' && operation !== 'Update') {
      walker.add(child(itemPath, 'operation'), invalid(operation, 'must be `Apply` or `Update`'));
    }
    const fieldsType = walker.string(own(entry, 'fieldsType'), child(itemPath, 'fieldsType'));
    if (fieldsType && fieldsType !== 'FieldsV1') {
      walker.add(child(itemPath, 'fieldsType'), invalid(fieldsType, 'must be `FieldsV1`'));
    }
    const manager = walker.string(own(entry, 'manager'), child(itemPath, 'manager'));
    if (manager !== undefined) {
      if (utf8Length(manager) > FIELD_MANAGER_MAX_LENGTH) {
        walker.add(child(itemPath, 'manager'), `Too long: may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes`);
      }
      const bad = /[\u0000-\u001f\u007f-\u009f]/.exec(manager);
      if (bad) {
        const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
        walker.add(child(itemPath, 'manager'), invalid(manager, `invalid character U+${code} (at position ${bad.index})`));
      }
    }
    walker.string(own(entry, 'apiVersion'), child(itemPath, 'apiVersion'));
    checkTimestamp(walker, own(entry, 'time'), child(itemPath, 'time'));
    const fieldsV1 = own(entry, 'fieldsV1');
    if (!isAbsent(fieldsV1) && !isObject(fieldsV1)) {
      walker.typeError(child(itemPath, 'fieldsV1'), fieldsV1, 'an object');
    }
    const subresource = walker.string(own(entry, 'subresource'), child(itemPath, 'subresource'));
    if (subresource !== undefined && utf8Length(subresource) > MAX_SUBRESOURCE_NAME_LENGTH) {
      walker.add(child(itemPath, 'subresource'), `Too long: may not be more than ${MAX_SUBRESOURCE_NAME_LENGTH} bytes`);
    }
  });
}

function checkTimestamp(walker: SchemaWalker, value: unknown, path: string): void {
  const text = walker.string(value, path);
  if (text && (!RFC3339_RE.test(text) || Number.isNaN(Date.parse(text)))) {
    walker.add(path, invalid(text, 'must be an RFC 3339 date-time, e.g. "2024-01-31T12:00:00Z"'));
  }
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

/** Every problem of an object's `metadata`, at paths under `metadata`. Never throws. */
export function validateObjectMeta(value: unknown, rules: ObjectMetaRules): FieldIssue[] {
  const walker = new SchemaWalker();
  checkObjectMeta(walker, value, 'metadata', rules);
  return walker.issues;
}
