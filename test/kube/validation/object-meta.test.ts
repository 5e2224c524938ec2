import { checkLabels, META_FIELDS, ObjectMetaRules, validateObjectMeta } from '../../../src/kube/validation/object-meta';
import { SchemaWalker } from '../../../src/kube/validation/schema';

/** The rules of a namespaced kind that requires a name and a namespace. */
const RULES: ObjectMetaRules = { namespaced: true, requireName: true, namespaceRequired: 'Required value: set metadata.namespace' };

/** The metadata of a minimal valid object, with `fields` merged over it. */
function meta(fields: Record<string, unknown> = {}): any {
  return { name: 'test', namespace: 'default', ...fields };
}

function validate(metadata: unknown) {
  return validateObjectMeta(metadata, RULES);
}

describe('validateObjectMeta |', () => {
  describe('accepts', () => {
    test.each<[string, any]>([
      ['generateName without name', meta({ name: undefined, generateName: 'allow-' })],
      ['generateName with a trailing dot before the dash (upstream quirk)', meta({ generateName: 'a.-' })],
      ['creationTimestamp: null, as kubectl writes it', meta({ creationTimestamp: null })],
      ['annotation keys in any case', meta({ annotations: { 'Example.COM/Key': 'v' } })],
    ])('%s', (_, metadata) => {
      expect(validate(metadata)).toEqual([]);
    });
  });

  describe('rejects', () => {
    test.each<[string, any, string, RegExp | string]>([
      ['a missing name', meta({ name: undefined }), 'metadata.name', 'Required value: name or generateName is required'],
      ['an empty name', meta({ name: '' }), 'metadata.name', 'Required value: name or generateName is required'],
      ['an uppercase name', meta({ name: 'My_Policy' }), 'metadata.name', /^Invalid value: "My_Policy": a lowercase RFC 1123 subdomain .*Did you mean "my-policy"\?$/],
      ['a 254-character name', meta({ name: 'a'.repeat(254) }), 'metadata.name', /must be no more than 253 characters/],
      ['a numeric name', meta({ name: 42 }), 'metadata.name', 'Invalid value: 42: must be a string. Quote it: "42".'],
      ['an invalid generateName', meta({ generateName: 'Allow_' }), 'metadata.generateName', /^Invalid value: "Allow_": a lowercase RFC 1123 subdomain/],
      ['a namespace with dots', meta({ namespace: 'my.ns' }), 'metadata.namespace', 'Invalid value: "my.ns": must not contain dots. Did you mean "my-ns"?'],
      ['a 64-character namespace', meta({ namespace: 'n'.repeat(64) }), 'metadata.namespace', /must be no more than 63 characters/],
      ['an invalid label key', meta({ labels: { 'bad key': 'x' } }), 'metadata.labels', /^Invalid value: "bad key": name part must consist of/],
      ['a 64-character label name', meta({ labels: { ['k'.repeat(64)]: 'x' } }), 'metadata.labels', /name part must be no more than 63 characters/],
      ['an invalid label value', meta({ labels: { app: 'web app' } }), 'metadata.labels', /^Invalid value: "web app": a valid label must be .* \(the value of label "app"\)\. Did you mean "web-app"\?$/],
      ['a 64-character label value', meta({ labels: { app: 'v'.repeat(64) } }), 'metadata.labels', /must be no more than 63 characters/],
      ['a numeric label value', meta({ labels: { version: 1.2 } }), 'metadata.labels[version]', 'Invalid value: 1.2: must be a string. Quote it: "1.2".'],
      ['labels as a list', meta({ labels: ['app=web'] }), 'metadata.labels', /must be an object \(a map of strings\)/],
      ['an invalid annotation key', meta({ annotations: { 'a/b/c': 'x' } }), 'metadata.annotations', /^Invalid value: "a\/b\/c": a qualified name/],
      ['annotations over 256 KiB', meta({ annotations: { big: 'x'.repeat(256 * 1024) } }), 'metadata.annotations', /^Too long: must have at most 262144 bytes/],
      ['a negative generation', meta({ generation: -1 }), 'metadata.generation', 'Invalid value: -1: must be greater than or equal to 0'],
      ['a malformed creationTimestamp', meta({ creationTimestamp: 'yesterday' }), 'metadata.creationTimestamp', /RFC 3339/],
      ['a short finalizer', meta({ finalizers: ['cleanup'] }), 'metadata.finalizers[0]', /neither a standard finalizer name nor is it fully qualified/],
      ['conflicting finalizers', meta({ finalizers: ['orphan', 'foregroundDeletion'] }), 'metadata.finalizers', /cannot be both set/],
      ['an owner reference without a uid', meta({ ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p' }] }), 'metadata.ownerReferences.uid', 'Invalid value: "": must not be empty'],
      ['two controller owner references', meta({
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Pod', name: 'a', uid: '1', controller: true },
          { apiVersion: 'v1', kind: 'Pod', name: 'b', uid: '2', controller: true },
        ],
      }), 'metadata.ownerReferences', /Only one reference can have Controller set to true.*Pod\/a and Pod\/b/],
      ['a managedFields operation', meta({ managedFields: [{ manager: 'm', operation: 'Patch' }] }), 'metadata.managedFields[0].operation', 'Invalid value: "Patch": must be `Apply` or `Update`'],
      ['metadata as a string', 'test', 'metadata', /must be an object/],
      ['an unknown metadata field', meta({ lables: {} }), 'metadata.lables', 'unknown field "lables". Did you mean "labels"?'],
      ['an unknown owner reference field', meta({ ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u', extra: 1 }] }),
        'metadata.ownerReferences[0].extra', 'unknown field "extra"'],
    ])('%s', (_, metadata, path, message) => {
      // WHEN
      const issues = validate(metadata);

      // THEN
      const atPath = issues.filter((i) => i.path === path).map((i) => i.message);
      if (typeof message === 'string') {
        expect(atPath).toContain(message);
      } else {
        expect(atPath).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
      }
    });

    test('no name when generateName is set, but a bad generateName', () => {
      // WHEN
      const issues = validate(meta({ name: undefined, generateName: 'Allow-' }));

      // THEN
      expect(issues.map((i) => i.path)).toEqual(['metadata.generateName']);
    });

  });

  describe('rules', () => {
    test('reports a missing namespace with the message of the kind, only when it gives one', () => {
      // WHEN
      const required = validate(meta({ namespace: undefined }));
      const optional = validateObjectMeta(meta({ namespace: undefined }), { namespaced: true, requireName: true });

      // THEN
      expect(required).toEqual([{ path: 'metadata.namespace', message: 'Required value: set metadata.namespace' }]);
      expect(optional).toEqual([]);
    });

    test('does not check the namespace of a cluster-scoped kind, which the API server clears', () => {
      // WHEN
      const issues = validateObjectMeta(meta({ namespace: 'Not_A_Namespace' }), { namespaced: false, requireName: true });

      // THEN
      expect(issues).toEqual([]);
    });

    test('does not require a name when the kind does not, but still checks one that is there', () => {
      // GIVEN
      const rules: ObjectMetaRules = { namespaced: true, requireName: false };

      // THEN
      expect(validateObjectMeta(meta({ name: undefined }), rules)).toEqual([]);
      expect(validateObjectMeta(meta({ name: 'UPPER' }), rules).map((i) => i.path)).toEqual(['metadata.name']);
    });

    test('takes absent or null metadata as empty', () => {
      // THEN
      expect(validate(undefined).map((i) => i.message)).toEqual(['Required value: name or generateName is required', 'Required value: set metadata.namespace']);
      expect(validate(null)).toEqual(validate(undefined));
    });

    test('knows every field of ObjectMeta', () => {
      // GIVEN
      const all = Object.fromEntries(META_FIELDS.map((f) => [f, undefined]));

      // THEN
      expect(validate(meta(all)).filter((i) => i.message.startsWith('unknown field'))).toEqual([]);
      expect(META_FIELDS).toContain('managedFields');
    });
  });
});

describe('checkLabels |', () => {
  test('reports label keys and values at the path of the map, naming the label of a bad value', () => {
    // GIVEN
    const walker = new SchemaWalker();

    // WHEN
    checkLabels(walker, { 'bad key': 'x', 'app': 'web app', 'ok': 'fine' }, 'spec.podSelector.matchLabels');

    // THEN
    expect(walker.issues).toEqual([
      { path: 'spec.podSelector.matchLabels', message: expect.stringMatching(/^Invalid value: "bad key": name part must consist of .*Did you mean "bad-key"\?$/) },
      { path: 'spec.podSelector.matchLabels', message: expect.stringMatching(/^Invalid value: "web app": .* \(the value of label "app"\)\. Did you mean "web-app"\?$/) },
    ]);
  });

  test('reports nothing for absent labels, and a type error for a list', () => {
    // GIVEN
    const walker = new SchemaWalker();

    // WHEN
    checkLabels(walker, undefined, 'metadata.labels');
    checkLabels(walker, ['app=web'], 'metadata.labels');

    // THEN
    expect(walker.issues).toEqual([{ path: 'metadata.labels', message: 'Invalid value: ["app=web"]: must be an object (a map of strings)' }]);
  });
});
