import { editDistance } from '../../util/strings';
import { isStrictSubset, ParsedCidr } from '../cidr';
import { validateDns1123Label, validateDns1123Subdomain, validateLabelValue, validatePortName } from '../names';

/*
 * "Did you mean" hints that the validators add to the API server's
 * messages. Computed only for values that have a problem.
 */

/** `. Did you mean "<suggestion>"?`, or '' when there is none or it is the value itself. */
export function didYouMean(value: string, suggestion: string | undefined): string {
  return suggestion !== undefined && suggestion !== value ? `. Did you mean "${suggestion}"?` : '';
}

/** `. Did you mean "Ingress"?` when `value` differs from a supported value only in case or spaces. */
export function didYouMeanCaseless(value: string, supported: readonly string[]): string {
  const match = supported.find((s) => s.toLowerCase() === value.trim().toLowerCase());
  return match ? `. Did you mean "${match}"?` : '';
}

/** A lowercase DNS name (a label, or a subdomain) close to `value`, or undefined. */
export function suggestDnsName(value: string, label: boolean): string | undefined {
  let s = value.toLowerCase().replace(label ? /[^a-z0-9-]+/g : /[^a-z0-9.-]+/g, '-');
  if (!label) {
    s = s.replace(/-*\.[-.]*/g, '.');
  }
  s = s.slice(0, label ? 63 : 253).replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  const valid = label ? validateDns1123Label(s) : validateDns1123Subdomain(s);
  return s !== '' && valid.length === 0 ? s : undefined;
}

/** A valid label value (or key name) close to `value`, or undefined. */
export function suggestLabelValue(value: string): string | undefined {
  const s = value.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return s !== '' && validateLabelValue(s).length === 0 ? s : undefined;
}

/** "Did you mean ...?" for a misspelled field name: a case-only difference, or an edit distance under 3. */
export function suggestField(key: string, known: readonly string[]): string | undefined {
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

/**
 * The fix for a bad port name: a number or a range written as a string, or
 * a name in the wrong case.
 */
export function portNameHint(port: string, msg: string): string {
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

/** The fix for a selector written as a string, e.g. "app=web". */
export function selectorTypeHint(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const m = /^\s*([^=\s]+)\s*==?\s*([^=\s]*)\s*$/.exec(value);
    if (m) {
      return `Write it as matchLabels: {${JSON.stringify(m[1])}: ${JSON.stringify(m[2])}}`;
    }
  }
  return undefined;
}

/** Why an `except` range is not a strict subset of its `cidr`, and the fix. */
export function subsetHint(cidr: ParsedCidr, except: ParsedCidr, cidrText: string): string {
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
