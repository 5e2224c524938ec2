import { ParsedCidr, parseCidr } from '../../../src/kube/cidr';
import { validateDns1123Label, validateDns1123Subdomain, validateLabelValue } from '../../../src/kube/names';
import {
  didYouMean,
  didYouMeanCaseless,
  portNameHint,
  selectorTypeHint,
  subsetHint,
  suggestDnsName,
  suggestField,
  suggestLabelValue,
} from '../../../src/kube/validation/hints';

function cidr(text: string): ParsedCidr {
  return parseCidr(text) as ParsedCidr;
}

describe('didYouMean |', () => {
  test.each<[string, string | undefined, string]>([
    ['My_Policy', 'my-policy', '. Did you mean "my-policy"?'],
    ['web', 'web', ''],
    ['!!!', undefined, ''],
  ])('for "%s" and the suggestion %j gives %j', (value, suggestion, expected) => {
    // THEN
    expect(didYouMean(value, suggestion)).toBe(expected);
  });
});

describe('didYouMeanCaseless |', () => {
  test.each([
    ['ingress', ['Ingress', 'Egress'], '. Did you mean "Ingress"?'],
    [' EGRESS ', ['Ingress', 'Egress'], '. Did you mean "Egress"?'],
    ['tcp', ['TCP', 'UDP', 'SCTP'], '. Did you mean "TCP"?'],
    ['Both', ['Ingress', 'Egress'], ''],
    ['Ingres', ['Ingress', 'Egress'], ''],
  ])('for "%s" among %j gives %j', (value, supported, expected) => {
    // THEN
    expect(didYouMeanCaseless(value, supported)).toBe(expected);
  });
});

describe('suggestDnsName |', () => {
  test.each<[string, boolean, string | undefined]>([
    ['My_Policy', false, 'my-policy'],
    ['api.Allow_Web', false, 'api.allow-web'],
    ['a..b', false, 'a.b'],
    ['a-.-b', false, 'a.b'],
    ['my.ns', true, 'my-ns'],
    ['-Payments-', true, 'payments'],
    ['_', true, undefined],
    ['!!!', false, undefined],
  ])('turns "%s" (a label: %s) into %j', (value, label, expected) => {
    // THEN
    expect(suggestDnsName(value, label)).toBe(expected);
  });

  test('cuts a label to 63 characters and a subdomain to 253, and always suggests a valid name', () => {
    // WHEN
    const label = suggestDnsName('N'.repeat(70), true)!;
    const subdomain = suggestDnsName('S'.repeat(300), false)!;

    // THEN
    expect(label).toBe('n'.repeat(63));
    expect(validateDns1123Label(label)).toEqual([]);
    expect(subdomain).toBe('s'.repeat(253));
    expect(validateDns1123Subdomain(subdomain)).toEqual([]);
  });
});

describe('suggestLabelValue |', () => {
  test.each<[string, string | undefined]>([
    ['web app', 'web-app'],
    ['-web', 'web'],
    ['v1.2 (beta)', 'v1.2-beta'],
    ['Web_App', 'Web_App'],
    ['***', undefined],
  ])('turns "%s" into %j', (value, expected) => {
    // THEN
    expect(suggestLabelValue(value)).toBe(expected);
  });

  test('cuts to 63 characters, into a valid value', () => {
    // WHEN
    const value = suggestLabelValue(`${'v'.repeat(62)} x`)!;

    // THEN
    expect(value).toBe('v'.repeat(62));
    expect(validateLabelValue(value)).toEqual([]);
  });
});

describe('suggestField |', () => {
  const SPEC = ['podSelector', 'ingress', 'egress', 'policyTypes'];

  test.each<[string, string | undefined]>([
    ['PodSelector', 'Did you mean "podSelector"? Field names are case-sensitive.'],
    ['POLICYTYPES', 'Did you mean "policyTypes"? Field names are case-sensitive.'],
    ['ingres', 'Did you mean "ingress"?'],
    ['egres', 'Did you mean "egress"?'],
    ['podselectr', 'Did you mean "podSelector"?'],
    ['policy', undefined],
    ['in', undefined],
    ['selector', undefined],
  ])('suggests for "%s": %j', (key, expected) => {
    // THEN
    expect(suggestField(key, SPEC)).toBe(expected);
  });

  test('picks the nearest field, the first of equals', () => {
    // THEN
    expect(suggestField('pots', ['ports', 'pods'])).toBe('Did you mean "ports"?');
    expect(suggestField('podz', ['ports', 'pods'])).toBe('Did you mean "pods"?');
  });
});

describe('portNameHint |', () => {
  const NO_LETTER = 'must contain at least one letter (a-z)';
  const CHARS = 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';

  test.each([
    ['80', NO_LETTER, '. For a port number, write 80 without quotes.'],
    ['080', NO_LETTER, '. For a port number, write 80 without quotes.'],
    ['0', NO_LETTER, ''],
    ['70000', NO_LETTER, ''],
    ['8000-8099', NO_LETTER, '. For a port range, write port: 8000 and endPort: 8099.'],
    ['--', NO_LETTER, ''],
    ['HTTP', CHARS, '. Did you mean "http"?'],
    ['Web_Port', CHARS, ''],
    ['http', 'must be no more than 15 characters', ''],
  ])('for "%s" (%s) gives %j', (port, msg, expected) => {
    // THEN
    expect(portNameHint(port, msg)).toBe(expected);
  });
});

describe('selectorTypeHint |', () => {
  test.each<[unknown, string | undefined]>([
    ['app=web', 'Write it as matchLabels: {"app": "web"}'],
    [' app == web ', 'Write it as matchLabels: {"app": "web"}'],
    ['app=', 'Write it as matchLabels: {"app": ""}'],
    ['app in (web)', undefined],
    ['a=b=c', undefined],
    [42, undefined],
    [null, undefined],
  ])('for %j gives %j', (value, expected) => {
    // THEN
    expect(selectorTypeHint(value)).toBe(expected);
  });
});

describe('subsetHint |', () => {
  test.each([
    ['another family', '10.0.0.0/8', '2001:db8::/64',
      '`cidr` "10.0.0.0/8" is IPv4 and this range is IPv6; put IPv6 ranges in an ipBlock of their own.'],
    ['the whole cidr', '10.0.0.0/8', '10.0.0.0/8', 'It is all of `cidr` "10.0.0.0/8", so the ipBlock would match nothing; remove it.'],
    ['a larger range', '10.1.0.0/16', '10.0.0.0/8', 'It is larger than `cidr` "10.1.0.0/16"; an except range must lie inside it.'],
    ['a range outside', '10.0.0.0/8', '192.168.0.0/16', 'It lies outside `cidr` "10.0.0.0/8".'],
    ['a disjoint range of the same size', '10.0.0.0/8', '11.0.0.0/8', 'It lies outside `cidr` "10.0.0.0/8".'],
  ])('explains an except that is %s', (_case, outer, except, expected) => {
    // THEN
    expect(subsetHint(cidr(outer), cidr(except), outer)).toBe(expected);
  });

  test('quotes the cidr as written', () => {
    // THEN
    expect(subsetHint(cidr('10.0.0.7/8'), cidr('10.0.0.0/8'), '10.0.0.7/8')).toBe(
      'It is all of `cidr` "10.0.0.7/8", so the ipBlock would match nothing; remove it.');
  });
});
