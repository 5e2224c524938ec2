import { compareStrings } from './strings';

/*
 * Canonical keys of JSON values, so that equal values compare equal
 * whatever order their keys were written in.
 */

/**
 * A stable key for a JSON value: object keys sorted, undefined members left
 * out, so that two equal values give the same key.
 */
export function canonicalKey(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalKey).join(',')}]`;
  }
  const obj = value as { [key: string]: unknown };
  const keys = Object.keys(obj).filter(k => obj[k] !== undefined).sort(compareStrings);
  return `{${keys.map(k => `${JSON.stringify(k)}:${canonicalKey(obj[k])}`).join(',')}}`;
}

/** Sorts by canonical key and drops duplicates. */
export function sortUnique<T>(items: T[]): T[] {
  if (items.length < 2) {
    return [...items]; // nothing to sort or merge: skip the canonical keys
  }
  const byKey = new Map<string, T>();
  for (const item of items) {
    byKey.set(canonicalKey(item), item);
  }
  return [...byKey.keys()].sort(compareStrings).map(k => byKey.get(k)!);
}
