import * as fc from 'fast-check';
import { utf8Length, validateDns1123Label, validateDns1123Subdomain, validateLabelValue, validatePortName, validatePortNumber, validateQualifiedName } from '../../src/kube/names';

const QUALIFIED_NAME_REGEX_ERROR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
  + "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
  + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_REGEX_ERROR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
  + "or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
  + "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const DNS_LABEL_REGEX_ERROR = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
  + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
  + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS_SUBDOMAIN_REGEX_ERROR = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '
  + "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
  + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const A63 = 'a'.repeat(63);
const A64 = 'a'.repeat(64);
/** A 253-character DNS subdomain: labels of 63 + 63 + 63 + 61 characters. */
const SUBDOMAIN_253 = [A63, A63, A63, 'b'.repeat(61)].join('.');


describe('validateQualifiedName |', () => {
  test.each([
    'app',
    'a',
    'A',
    '0',
    'MyName',
    'my.name',
    'my_name',
    '123-abc',
    'app.kubernetes.io/name',
    'example.com/MyName',
    'kubernetes.io/metadata.name',
    A63,
    `${SUBDOMAIN_253}/name`,
  ])('accepts %j', (value) => {
    expect(validateQualifiedName(value)).toEqual([]);
  });

  test.each<[string, string, string[]]>([
    ['an empty string', '', ['name part must be non-empty', `name part ${QUALIFIED_NAME_REGEX_ERROR}`]],
    ['a 64-character name', A64, ['name part must be no more than 63 characters']],
    ['a leading dash', '-app', [`name part ${QUALIFIED_NAME_REGEX_ERROR}`]],
    ['a trailing dot', 'app.', [`name part ${QUALIFIED_NAME_REGEX_ERROR}`]],
    ['a space', 'my app', [`name part ${QUALIFIED_NAME_REGEX_ERROR}`]],
    ['a non-ASCII letter', 'café', [`name part ${QUALIFIED_NAME_REGEX_ERROR}`]],
    ['an empty prefix', '/app', ['prefix part must be non-empty']],
    ['an empty name after the prefix', 'example.com/', ['name part must be non-empty', `name part ${QUALIFIED_NAME_REGEX_ERROR}`]],
    ['an uppercase prefix', 'Example.com/app', [`prefix part ${DNS_SUBDOMAIN_REGEX_ERROR}`]],
    ['a 254-character prefix', `${SUBDOMAIN_253}b/app`, ['prefix part must be no more than 253 characters']],
  ])('rejects %s', (_, value, expected) => {
    expect(validateQualifiedName(value)).toEqual(expected);
  });

  test('rejects two slashes with a single message', () => {
    // WHEN
    const errors = validateQualifiedName('a/b/c');

    // THEN
    expect(errors).toEqual([`a qualified name ${QUALIFIED_NAME_REGEX_ERROR} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`]);
  });

  test('counts length in UTF-8 bytes, as Go does', () => {
    // 62 ASCII characters and one two-byte character: 63 characters, 64 bytes
    expect(validateQualifiedName(`${'a'.repeat(61)}éa`)).toContain('name part must be no more than 63 characters');
  });

});

describe('utf8Length |', () => {
  test.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['€', 3],
    ['😀', 4], // a surrogate pair: one code point, four bytes
    ['\ud800', 3], // a lone surrogate: Go encodes it as U+FFFD
  ])('%j is %d bytes', (value, bytes) => {
    expect(utf8Length(value)).toBe(bytes);
  });

  test('agrees with a code-point count for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (value) => {
      let expected = 0;
      for (const ch of value) {
        const cp = ch.codePointAt(0)!;
        expected += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      }
      expect(utf8Length(value)).toBe(expected);
    }));
  });
});

describe('validateLabelValue |', () => {
  test.each(['', 'web', 'MyValue', 'my_value', '12345', 'v1.2.3', 'a', A63])('accepts %j', (value) => {
    expect(validateLabelValue(value)).toEqual([]);
  });

  test.each<[string, string, string[]]>([
    ['64 characters', A64, ['must be no more than 63 characters']],
    ['65 characters ending in a dash', `${A64}-`, ['must be no more than 63 characters', LABEL_VALUE_REGEX_ERROR]],
    ['a space', 'web app', [LABEL_VALUE_REGEX_ERROR]],
    ['a leading dash', '-web', [LABEL_VALUE_REGEX_ERROR]],
    ['a trailing underscore', 'web_', [LABEL_VALUE_REGEX_ERROR]],
    ['a slash', 'a/b', [LABEL_VALUE_REGEX_ERROR]],
  ])('rejects %s', (_, value, expected) => {
    expect(validateLabelValue(value)).toEqual(expected);
  });

  test('accepts every generated valid label value', () => {
    fc.assert(fc.property(
      fc.stringMatching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/),
      (value) => {
        expect(validateLabelValue(value)).toEqual([]);
      }));
  });

  test('rejects every generated value longer than 63 characters', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z]{64,80}$/), (value) => {
      expect(validateLabelValue(value)).toEqual(['must be no more than 63 characters']);
    }));
  });
});

describe('validateDns1123Subdomain |', () => {
  test.each(['example.com', 'a', '0', 'my-policy', 'a.b.c', '123-abc', SUBDOMAIN_253])('accepts %j', (value) => {
    expect(validateDns1123Subdomain(value)).toEqual([]);
  });

  test.each<[string, string, string[]]>([
    ['an empty string', '', [DNS_SUBDOMAIN_REGEX_ERROR]],
    ['uppercase', 'Example.com', [DNS_SUBDOMAIN_REGEX_ERROR]],
    ['an underscore', 'my_policy', [DNS_SUBDOMAIN_REGEX_ERROR]],
    ['two dots in a row', 'a..b', [DNS_SUBDOMAIN_REGEX_ERROR]],
    ['a leading dash', '-a', [DNS_SUBDOMAIN_REGEX_ERROR]],
    ['a dash before a dot', 'a-.b', [DNS_SUBDOMAIN_REGEX_ERROR]],
    ['254 characters', `${SUBDOMAIN_253}b`, ['must be no more than 253 characters']],
  ])('rejects %s', (_, value, expected) => {
    expect(validateDns1123Subdomain(value)).toEqual(expected);
  });
});

describe('validateDns1123Label |', () => {
  test.each(['my-name', '123-abc', 'a', '0', 'kube-system', A63])('accepts %j', (value) => {
    expect(validateDns1123Label(value)).toEqual([]);
  });

  test.each<[string, string, string[]]>([
    ['dots', 'my.name', ['must not contain dots']],
    ['64 characters', A64, ['must be no more than 63 characters']],
    ['uppercase', 'Prod', [DNS_LABEL_REGEX_ERROR]],
    ['an empty string', '', [DNS_LABEL_REGEX_ERROR]],
    ['a leading dash', '-prod', [DNS_LABEL_REGEX_ERROR]],
    ['a trailing dash', 'prod-', [DNS_LABEL_REGEX_ERROR]],
  ])('rejects %s', (_, value, expected) => {
    expect(validateDns1123Label(value)).toEqual(expected);
  });
});

describe('validatePortNumber |', () => {
  test.each([1, 53, 80, 8080, 65535])('accepts %d', (value) => {
    expect(validatePortNumber(value)).toEqual([]);
  });

  test.each<[number, string[]]>([
    [0, ['must be between 1 and 65535, inclusive']],
    [-1, ['must be between 1 and 65535, inclusive']],
    [65536, ['must be between 1 and 65535, inclusive']],
    [80.5, ['must be an integer']],
    [NaN, ['must be an integer', 'must be between 1 and 65535, inclusive']],
  ])('rejects %d', (value, expected) => {
    expect(validatePortNumber(value)).toEqual(expected);
  });
});

describe('validatePortName |', () => {
  test.each(['http', 'h2', 'dns-tcp', 'web-8080', 'a', 'abcdefghijklmno' /* 15 */, '8080a'])('accepts %j', (value) => {
    expect(validatePortName(value)).toEqual([]);
  });

  test.each<[string, string, string[]]>([
    ['16 characters', 'abcdefghijklmnop', ['must be no more than 15 characters']],
    ['digits only', '80', ['must contain at least one letter (a-z)']],
    ['uppercase', 'HTTP', [
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter (a-z)',
    ]],
    ['mixed case', 'Http', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
    ['an underscore', 'http_alt', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
    ['consecutive hyphens', 'a--b', ['must not contain consecutive hyphens']],
    ['a leading hyphen', '-http', ['must not begin or end with a hyphen']],
    ['a trailing hyphen', 'http-', ['must not begin or end with a hyphen']],
    ['an empty string', '', [
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter (a-z)',
    ]],
    ['every rule at once', '--0123456789ABC--', [
      'must be no more than 15 characters',
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter (a-z)',
      'must not contain consecutive hyphens',
      'must not begin or end with a hyphen',
    ]],
  ])('rejects %s', (_, value, expected) => {
    expect(validatePortName(value)).toEqual(expected);
  });

  test('accepts every generated valid port name', () => {
    const portName = fc.array(fc.stringMatching(/^[a-z0-9]{1,5}$/), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join('-'))
      .filter((name) => name.length <= 15 && /[a-z]/.test(name));
    fc.assert(fc.property(portName, (name) => {
      expect(validatePortName(name)).toEqual([]);
    }));
  });
});
