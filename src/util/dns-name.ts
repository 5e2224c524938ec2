import { createHash } from 'crypto';

const MAX_NAME = 253;

/**
 * Turns words or a construct id into a readable DNS-1123 subdomain fragment:
 * "AllowWebToApi" -> "allow-web-to-api", "10.0.0.0/8" -> "10.0.0.0-8".
 */
export function toDnsName(...parts: string[]): string {
  const joined = parts
    .filter(p => p !== undefined && p !== '')
    .map(p => p
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-'))
    .join('-')
    // Each dot-separated label of a DNS-1123 subdomain starts and ends with
    // a letter or digit: a run of separators becomes one "." only when it is
    // all dots, else one "-".
    .replace(/[-.]{2,}/g, run => /^\.+$/.test(run) ? '.' : '-')
    .replace(/(^[-.]+)|([-.]+$)/g, '');
  if (joined.length <= MAX_NAME) {
    return joined;
  }
  // Too long for metadata.name: keep the readable start and make it unique with a short hash.
  const hash = createHash('sha256').update(joined).digest('hex').slice(0, 8);
  return `${joined.slice(0, MAX_NAME - 9).replace(/[-.]+$/, '')}-${hash}`;
}

/**
 * The default name of a policy for selected pods: the intent alone for
 * every pod ("allow-dns-egress"), else prefixed with the selector ("web-allow-dns-egress").
 */
export function intentName(selectorToken: string | undefined, intent: string): string {
  return selectorToken === undefined || selectorToken === 'all-pods' ? toDnsName(intent) : toDnsName(selectorToken, intent);
}
