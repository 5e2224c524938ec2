import { ManifestError } from '../../../src/analysis/manifests/source';
import { flattenManifests, fromObjects } from '../../../src/analysis/manifests/walk';
import { readYaml } from '../_support';

function walkError(fn: () => unknown): ManifestError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ManifestError);
    return e as ManifestError;
  }
  throw new Error('expected a ManifestError');
}

describe('flattenManifests |', () => {
  test('replaces a List, and a List inside it, by its items, each with its own line', () => {
    // GIVEN
    const objects = readYaml([
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: PodList',
      '    items:',
      '      - apiVersion: v1',
      '        kind: Pod',
      '        metadata: {name: p}',
      '  - apiVersion: v1',
      '    kind: Namespace',
      '    metadata: {name: n}',
      '',
    ].join('\n'), 'list.yaml');

    // WHEN
    const flat = flattenManifests(objects);

    // THEN
    expect(flat.map(o => o.object.kind)).toEqual(['Pod', 'Namespace']);
    expect(flat.map(o => o.source.line)).toEqual([7, 10]);
    expect(flat[0].source.locate?.(['metadata', 'name'])).toBe(9);
  });

  test('keeps a kind that ends in List but has no items', () => {
    const flat = flattenManifests(fromObjects([{ apiVersion: 'example.com/v1', kind: 'AllowList', spec: {} }], 'x'));
    expect(flat.map(o => o.object.kind)).toEqual(['AllowList']);
  });

  test.each([
    ['an object without kind', 'apiVersion: v1\nmetadata: {name: a}\n', 'MissingKind', 1, /kind: Object 'Kind' is missing/],
    ['an object without apiVersion', 'kind: Pod\nmetadata: {name: a}\n', 'MissingApiVersion', 1, /apiVersion is not set on this Pod/],
    ['a List whose items is a string', 'apiVersion: v1\nkind: List\nitems: pods\n', 'InvalidList', 3, /items: the items of a List must be a list of objects, got the string "pods"/],
    ['a List with an item that is not an object', 'apiVersion: v1\nkind: List\nitems:\n  - 42\n', 'InvalidList', 4, /items\[0\]: expected a Kubernetes object, got the number 42/],
    ['an item of a List without kind', 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    metadata: {name: a}\n', 'MissingKind', 4, /items\[0\]\.kind/],
  ])('refuses %s, as kubectl does, at its line', (_, text, code, line, message) => {
    const error = walkError(() => flattenManifests(readYaml(text, 'bad.yaml')));
    expect(error).toMatchObject({ code, file: 'bad.yaml', line });
    expect(error.message).toMatch(message);
  });
});

describe('fromObjects |', () => {
  test('numbers plain objects from 1 in the file it names', () => {
    const objects = fromObjects([{ kind: 'A' }, { kind: 'B' }], '<manifests>');
    expect(objects.map(o => o.source)).toEqual([{ file: '<manifests>', document: 1 }, { file: '<manifests>', document: 2 }]);
  });

  test('refuses an item that is not an object', () => {
    expect(walkError(() => fromObjects([{ kind: 'A' }, null], 'x')).message).toMatch(/^x \(document 2\): expected a Kubernetes object, got null/);
  });
});
