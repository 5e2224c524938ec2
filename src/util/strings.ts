/*
 * String helpers every room uses: one ordering, one edit distance.
 */

/** Compares strings by UTF-16 code units, independent of locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The Levenshtein distance between two strings: edits to turn one into the other, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate closest to `value`, at an edit distance of 1 to `maxDistance`
 * (an exact match is not a suggestion); the first of equals wins. Undefined
 * when none is that close.
 */
export function closest(value: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  let best: { value: string; distance: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(value, c);
    if (d > 0 && d <= maxDistance && (!best || d < best.distance)) {
      best = { value: c, distance: d };
    }
  }
  return best?.value;
}
