import { describeValue, fieldError, nestedSource, SourcedObject } from './source';

/*
 * The one walk over manifests: every object, `List`s flattened, checked as
 * kubectl checks what it decodes before it looks at any kind.
 */

/**
 * Every object of `items`, with `kind: List` (and any `*List` with
 * `items`) replaced by its items, each with its own source.
 *
 * Like kubectl, refuses an object without `apiVersion` or `kind`, and a
 * List whose `items` is not a list of objects: `ManifestError`s that name
 * the file, line and field.
 */
export function flattenManifests(items: ReadonlyArray<SourcedObject>): SourcedObject[] {
  const result: SourcedObject[] = [];
  const visit = (item: SourcedObject): void => {
    const { object: o, source } = item;
    if (typeof o.kind !== 'string' || o.kind === '') {
      throw fieldError(source, 'MissingKind', ['kind'], "Object 'Kind' is missing. Set kind, e.g. kind: Deployment.");
    }
    if (typeof o.apiVersion !== 'string' || o.apiVersion === '') {
      throw fieldError(source, 'MissingApiVersion', ['apiVersion'], `apiVersion is not set on this ${o.kind}. Set it, e.g. apiVersion: v1.`);
    }
    if (!o.kind.endsWith('List') || o.items === undefined || o.items === null) {
      result.push(item);
      return;
    }
    if (!Array.isArray(o.items)) {
      throw fieldError(source, 'InvalidList', ['items'],
        `the items of a ${o.kind} must be a list of objects, got ${describeValue(o.items)}. Write each object as a list item ("- apiVersion: ...").`);
    }
    o.items.forEach((child: unknown, i: number) => {
      if (child === null || typeof child !== 'object' || Array.isArray(child)) {
        throw fieldError(source, 'InvalidList', ['items', i], `expected a Kubernetes object, got ${describeValue(child)}.`);
      }
      visit({ object: child, source: nestedSource(source, ['items', i]) });
    });
  };
  items.forEach(visit);
  return result;
}

/** Plain objects (e.g. `chart.toJson()`) as sourced objects, numbered from 1; anything else is a `ManifestError`. */
export function fromObjects(objects: ReadonlyArray<unknown>, file: string): SourcedObject[] {
  return objects.map((object, i) => {
    if (object === null || typeof object !== 'object' || Array.isArray(object)) {
      throw fieldError({ file, document: i + 1 }, 'NotAnObject', [], `expected a Kubernetes object, got ${describeValue(object)}`);
    }
    return { object, source: { file, document: i + 1 } };
  });
}
