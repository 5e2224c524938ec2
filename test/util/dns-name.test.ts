import { validateDns1123Subdomain } from '../../src/kube/names';
import { intentName, toDnsName } from '../../src/util/dns-name';

describe('toDnsName |', () => {
  test.each<[string[], string]>([
    [['AllowWebToApi'], 'allow-web-to-api'],
    [['DevNeverProd'], 'dev-never-prod'],
    [['deny', 'env-dev', 'to', 'env-prod'], 'deny-env-dev-to-env-prod'],
    [['10.0.0.0/8'], '10.0.0.0-8'],
    [['--Odd__Name--'], 'odd-name'],
    [['HTTPServer'], 'http-server'],
  ])('turns %j into "%s"', (parts, expected) => {
    // THEN
    expect(toDnsName(...parts)).toBe(expected);
  });

  test('keeps a long name valid and unique with a short hash', () => {
    // WHEN
    const a = toDnsName('a'.repeat(300));
    const b = toDnsName('a'.repeat(299), 'b');

    // THEN
    expect(a).toHaveLength(253);
    expect(validateDns1123Subdomain(a)).toEqual([]);
    expect(a).not.toBe(b);
  });
});

describe('intentName |', () => {
  test('prefixes the intent with the selector, except for every pod', () => {
    // THEN
    expect(intentName('web', 'AllowDnsEgress')).toBe('web-allow-dns-egress');
    expect(intentName('all-pods', 'AllowDnsEgress')).toBe('allow-dns-egress');
    expect(intentName(undefined, 'AllowDnsEgress')).toBe('allow-dns-egress');
  });
});
