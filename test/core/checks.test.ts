import {
  checkLabelKey,
  checkLabels,
  checkLabelValue,
  checkNamespaceName,
  checkPortName,
  checkPortNumber,
  checkProtocol,
  quote,
} from '../../src/core/checks';
import { PolicyError } from '../../src/core/errors';
import { Protocol } from '../../src/core/protocol';

/** The PolicyError `fn` throws. */
function thrown(fn: () => unknown): PolicyError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return e as PolicyError;
  }
  throw new Error('expected a PolicyError, but nothing was thrown');
}

describe('quote |', () => {
  const circular: { [key: string]: unknown } = {};
  circular.self = circular;

  test.each<[string, unknown, string]>([
    ['a string, in double quotes', 'web app', '"web app"'],
    ['a string with a quote, escaped', 'a"b', '"a\\"b"'],
    ['the empty string', '', '""'],
    ['a number, as written', 8080, '8080'],
    ['a negative fraction', -1.5, '-1.5'],
    ['NaN, in words', NaN, '(not a number)'],
    ['Infinity, in words', Infinity, '(infinity)'],
    ['-Infinity, in words', -Infinity, '(minus infinity)'],
    ['a boolean', false, 'false'],
    ['a bigint', BigInt(12), '12'],
    ['undefined, in words', undefined, '(nothing)'],
    ['null, in words', null, '(nothing)'],
    ['an object, as JSON', { app: 'web' }, '{"app":"web"}'],
    ['a list, as JSON', ['a', 1], '["a",1]'],
    ['a function, by its type', () => 1, 'function'],
    ['a symbol, by its type', Symbol('s'), 'symbol'],
    ['an object that JSON cannot write, by its type', circular, 'object'],
  ])('quotes %s', (_case, value, expected) => {
    // THEN
    expect(quote(value)).toBe(expected);
  });
});

describe('checkLabelKey |', () => {
  test('accepts a prefixed key and a plain one', () => {
    // THEN
    expect(() => checkLabelKey('app.kubernetes.io/name')).not.toThrow();
    expect(() => checkLabelKey('tier')).not.toThrow();
  });

  test.each([
    ['a key with a space', 'bad key', /^Invalid label key "bad key": .*\. Use an optional DNS prefix and a name of at most 63 characters, e\.g\. "app\.kubernetes\.io\/name" or "tier"\.$/],
    ['a 64-character name', 'k'.repeat(64), /^Invalid label key "k{64}": .*63 characters/],
    ['a number', 42, /^Invalid label key 42: must be a string\. Use an optional DNS prefix/],
  ])('refuses %s, quoting it and giving the fix', (_case, key, message) => {
    // WHEN
    const error = thrown(() => checkLabelKey(key as string));

    // THEN
    expect(error.code).toBe('InvalidLabelKey');
    expect(error.message).toMatch(message);
  });
});

describe('checkLabelValue |', () => {
  test('accepts an empty value and a 63-character one', () => {
    // THEN
    expect(() => checkLabelValue('app', '')).not.toThrow();
    expect(() => checkLabelValue('app', 'v'.repeat(63))).not.toThrow();
  });

  test.each([
    ['a value with a space', 'web app', /^Invalid value "web app" for label "app": .*\. Use at most 63 letters, digits, "-", "_" or "\.", starting and ending with a letter or digit\.$/],
    ['a value ending in a dash', 'web-', /^Invalid value "web-" for label "app": /],
    ['a number', 1.2, /^Invalid value 1\.2 for label "app": must be a string\./],
  ])('refuses %s, naming the label', (_case, value, message) => {
    // WHEN
    const error = thrown(() => checkLabelValue('app', value as string));

    // THEN
    expect(error.code).toBe('InvalidLabelValue');
    expect(error.message).toMatch(message);
  });
});

describe('checkLabels |', () => {
  test.each([
    ['null', null],
    ['a list', ['app=web']],
    ['a string', 'app=web'],
  ])('refuses %s as labels, quoting it', (_case, labels) => {
    // WHEN
    const error = thrown(() => checkLabels(labels as any));

    // THEN
    expect(error.code).toBe('InvalidLabels');
    expect(error.message).toBe(`Invalid labels ${quote(labels)}: must be a map of label keys to values.`);
  });

  test('checks every key and value', () => {
    // THEN
    expect(() => checkLabels({ 'app': 'web', 'example.com/tier': 'front' })).not.toThrow();
    expect(thrown(() => checkLabels({ 'app': 'web', 'bad key': 'x' })).code).toBe('InvalidLabelKey');
    expect(thrown(() => checkLabels({ app: 'web', tier: 'front end' })).message).toMatch(/^Invalid value "front end" for label "tier"/);
  });
});

describe('checkNamespaceName |', () => {
  test.each([
    ['uppercase and an underscore', 'My_NS', /^Invalid namespace name "My_NS": .*\. Use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit, e\.g\. "payments"\.$/],
    ['a dot', 'my.ns', /^Invalid namespace name "my\.ns": /],
    ['64 characters', 'n'.repeat(64), /no more than 63 characters/],
    ['a number', 7, /^Invalid namespace name 7: must be a string\./],
  ])('refuses a name with %s, quoting it and giving the fix', (_case, name, message) => {
    // WHEN
    const error = thrown(() => checkNamespaceName(name as string));

    // THEN
    expect(error.code).toBe('InvalidNamespace');
    expect(error.message).toMatch(message);
  });

  test('accepts a DNS label', () => {
    // THEN
    expect(() => checkNamespaceName('payments-2')).not.toThrow();
  });
});

describe('checkProtocol |', () => {
  test.each([Protocol.TCP, Protocol.UDP, Protocol.SCTP])('returns %s', (protocol) => {
    // THEN
    expect(checkProtocol(protocol)).toBe(protocol);
  });

  test.each([
    ['lowercase', 'tcp', '"tcp"'],
    ['unknown', 'ICMP', '"ICMP"'],
    ['a number', 6, '6'],
    ['undefined', undefined, '(nothing)'],
  ])('refuses a %s protocol, quoting it and naming the enum', (_case, value, quoted) => {
    // WHEN
    const error = thrown(() => checkProtocol(value));

    // THEN
    expect(error.code).toBe('InvalidProtocol');
    expect(error.message).toBe(`Invalid protocol ${quoted}: must be one of TCP, UDP, SCTP. Use the Protocol enum, e.g. Protocol.TCP.`);
  });
});

describe('checkPortNumber |', () => {
  test.each([1, 80, 65535])('returns %d', (port) => {
    // THEN
    expect(checkPortNumber(port, 'Port')).toBe(port);
  });

  test.each<[string, unknown, RegExp]>([
    ['0', 0, /^Port 0 is invalid: must be between 1 and 65535, inclusive\. Use a whole number from 1 to 65535\.$/],
    ['65536', 65536, /^Port 65536 is invalid: must be between 1 and 65535, inclusive\. Use a whole number/],
    ['a fraction', 80.5, /^Port 80\.5 is invalid: must be an integer\. Use a whole number/],
    ['NaN', NaN, /^Port \(not a number\) is invalid: must be an integer; must be between 1 and 65535, inclusive\./],
    ['Infinity', Infinity, /^Port \(infinity\) is invalid: /],
    ['a string', '80', /^Port "80" is invalid: must be a number\. Use a whole number/],
    ['undefined', undefined, /^Port \(nothing\) is invalid: must be a number\./],
  ])('refuses %s, quoting it and giving the fix', (_case, value, message) => {
    // WHEN
    const error = thrown(() => checkPortNumber(value, 'Port'));

    // THEN
    expect(error.code).toBe('InvalidPort');
    expect(error.message).toMatch(message);
  });

  test('names the value with `what`, and gives the caller\'s fix for 0', () => {
    // WHEN
    const zero = thrown(() => checkPortNumber(0, 'Port range end', 'Leave out the port to allow them all.'));
    const other = thrown(() => checkPortNumber(70000, 'Port range end', 'Leave out the port to allow them all.'));

    // THEN
    expect(zero.message).toBe('Port range end 0 is invalid: must be between 1 and 65535, inclusive. Leave out the port to allow them all.');
    expect(other.message).toMatch(/^Port range end 70000 is invalid: .* Use a whole number from 1 to 65535\.$/);
  });
});

describe('checkPortName |', () => {
  test('returns a valid name', () => {
    // THEN
    expect(checkPortName('http-alt')).toBe('http-alt');
  });

  test.each<[string, unknown, RegExp]>([
    ['an uppercase name', 'HTTP', /^Invalid port name "HTTP": .*\. Use the name of a container port, e\.g\. "http" or "metrics"\.$/],
    ['a 16-character name', 'abcdefghijklmnop', /^Invalid port name "abcdefghijklmnop": must be no more than 15 characters/],
    ['digits', '8080', /^Invalid port name "8080": .*\. For a port number, use Port\.tcp\(8080\)\.$/],
    ['a number', 8080, /^Invalid port name 8080: must be a string\. For a port number, use Port\.tcp\(8080\)\.$/],
    ['undefined', undefined, /^Invalid port name \(nothing\): must be a string\. Use the name of a container port/],
  ])('refuses %s, quoting it and giving the fix', (_case, name, message) => {
    // WHEN
    const error = thrown(() => checkPortName(name));

    // THEN
    expect(error.code).toBe('InvalidPortName');
    expect(error.message).toMatch(message);
  });
});
