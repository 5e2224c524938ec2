import {
  capitalize,
  child,
  describeError,
  index,
  invalid,
  isAbsent,
  isObject,
  notSupported,
  own,
  SchemaWalker,
  show,
} from '../../../src/kube/validation/schema';

describe('SchemaWalker |', () => {
  test('collects issues in the order they are added', () => {
    // GIVEN
    const walker = new SchemaWalker();

    // WHEN
    walker.add('spec', 'first');
    walker.add('', 'second');

    // THEN
    expect(walker.issues).toEqual([{ path: 'spec', message: 'first' }, { path: '', message: 'second' }]);
  });

  test.each<[string | undefined, string]>([
    [undefined, 'Invalid value: 7: must be a string'],
    ['Quote it', 'Invalid value: 7: must be a string. Quote it.'],
    ['Did you mean "7"?', 'Invalid value: 7: must be a string. Did you mean "7"?'],
    ['Quote it!', 'Invalid value: 7: must be a string. Quote it!'],
  ])('typeError with the hint %j ends its sentence once', (hint, message) => {
    // GIVEN
    const walker = new SchemaWalker();

    // WHEN
    walker.typeError('metadata.name', 7, 'a string', hint);

    // THEN
    expect(walker.issues).toEqual([{ path: 'metadata.name', message }]);
  });

  test('fields reports each unknown key at its path, with the hint when there is one', () => {
    // GIVEN
    const walker = new SchemaWalker();

    // WHEN
    walker.fields({ cidr: 'x', exclude: [], other: 1 }, 'spec.ingress[0].from[0].ipBlock', ['cidr', 'except'],
      key => (key === 'exclude' ? 'Did you mean "except"?' : undefined));
    walker.fields({ foo: 1 }, '', ['spec'], () => undefined);

    // THEN
    expect(walker.issues).toEqual([
      { path: 'spec.ingress[0].from[0].ipBlock.exclude', message: 'unknown field "exclude". Did you mean "except"?' },
      { path: 'spec.ingress[0].from[0].ipBlock.other', message: 'unknown field "other"' },
      { path: 'foo', message: 'unknown field "foo"' },
    ]);
  });

  test.each<[string, unknown, unknown, string[]]>([
    ['an object', { a: 1 }, { a: 1 }, []],
    ['undefined, as {}', undefined, {}, []],
    ['null, as {}', null, {}, []],
    ['a list, as a type error', [1], undefined, ['Invalid value: [1]: must be an object']],
    ['a string, as a type error', 'x', undefined, ['Invalid value: "x": must be an object']],
  ])('object reads %s', (_case, value, expected, messages) => {
    // GIVEN
    const walker = new SchemaWalker();

    // WHEN
    const read = walker.object(value, 'spec');

    // THEN
    expect(read).toEqual(expected);
    expect(walker.issues.map(i => i.message)).toEqual(messages);
  });

  test.each<[string, unknown, unknown, string[]]>([
    ['a string', 'web', 'web', []],
    ['undefined, as Go\'s zero value', undefined, '', []],
    ['null, as Go\'s zero value', null, '', []],
    ['a number, with a hint to quote it', 42, undefined, ['Invalid value: 42: must be a string. Quote it: "42".']],
    ['a boolean, with a hint to quote it', true, undefined, ['Invalid value: true: must be a string. Quote it: "true".']],
    ['an object, without a hint', { a: 1 }, undefined, ['Invalid value: {"a":1}: must be a string']],
  ])('string reads %s', (_case, value, expected, messages) => {
    // GIVEN
    const walker = new SchemaWalker();

    // WHEN
    const read = walker.string(value, 'metadata.name');

    // THEN
    expect(read).toBe(expected);
    expect(walker.issues.map(i => i.message)).toEqual(messages);
  });

  test.each<[string, unknown, unknown, string[]]>([
    ['an integer', 8080, 8080, []],
    ['a negative integer', -1, -1, []],
    ['undefined, as absent', undefined, undefined, []],
    ['null, as absent', null, undefined, []],
    ['a fraction', 1.5, undefined, ['Invalid value: 1.5: must be an integer']],
    ['digits, with a hint to unquote them', '90', undefined, ['Invalid value: "90": must be an integer. Write 90 without quotes.']],
    ['a negative number in quotes, with a hint', '-3', undefined, ['Invalid value: "-3": must be an integer. Write -3 without quotes.']],
    ['a word, without a hint', 'http', undefined, ['Invalid value: "http": must be an integer']],
  ])('integer reads %s', (_case, value, expected, messages) => {
    // GIVEN
    const walker = new SchemaWalker();

    // WHEN
    const read = walker.integer(value, 'spec.ingress[0].ports[0].endPort');

    // THEN
    expect(read).toBe(expected);
    expect(walker.issues.map(i => i.message)).toEqual(messages);
  });

  test.each<[string, unknown, unknown, string[]]>([
    ['true', true, true, []],
    ['false', false, false, []],
    ['null, as absent', null, undefined, []],
    ['a string', 'true', undefined, ['Invalid value: "true": must be a boolean (true or false)']],
  ])('boolean reads %s', (_case, value, expected, messages) => {
    // GIVEN
    const walker = new SchemaWalker();

    // WHEN
    const read = walker.boolean(value, 'metadata.ownerReferences[0].controller');

    // THEN
    expect(read).toBe(expected);
    expect(walker.issues.map(i => i.message)).toEqual(messages);
  });

  test.each<[string, unknown, unknown[], string[]]>([
    ['a list', [1, 2], [1, 2], []],
    ['undefined, as empty', undefined, [], []],
    ['null, as empty', null, [], []],
    ['a string, with a hint to write a list', 'Ingress', [], ['Invalid value: "Ingress": must be a list. Write it as a list: ["Ingress"].']],
    ['an object, with a hint to write list items', { from: [] }, [],
      ['Invalid value: {"from":[]}: must be a list. Write it as a list of items ("- ..." in YAML).']],
    ['a number, without a hint', 3, [], ['Invalid value: 3: must be a list']],
  ])('list reads %s', (_case, value, expected, messages) => {
    // GIVEN
    const walker = new SchemaWalker();

    // WHEN
    const read = walker.list(value, 'spec.policyTypes');

    // THEN
    expect(read).toEqual(expected);
    expect(walker.issues.map(i => i.message)).toEqual(messages);
  });

  test('stringMap reads entries, nulls as "", and reports values of the wrong type at their key', () => {
    // GIVEN
    const walker = new SchemaWalker();

    // WHEN
    const entries = walker.stringMap({ app: 'web', tier: null, version: 1.2 }, 'metadata.labels');

    // THEN
    expect(entries).toEqual([['app', 'web'], ['tier', '']]);
    expect(walker.issues).toEqual([{ path: 'metadata.labels[version]', message: 'Invalid value: 1.2: must be a string. Quote it: "1.2".' }]);
  });

  test('stringMap reads nothing from absent values, and reports a list', () => {
    // GIVEN
    const walker = new SchemaWalker();

    // WHEN
    const absent = walker.stringMap(undefined, 'metadata.labels');
    const list = walker.stringMap(['app=web'], 'metadata.labels');

    // THEN
    expect(absent).toEqual([]);
    expect(list).toEqual([]);
    expect(walker.issues).toEqual([{ path: 'metadata.labels', message: 'Invalid value: ["app=web"]: must be an object (a map of strings)' }]);
  });
});

describe('schema helpers |', () => {
  test('isAbsent is true for undefined and null only', () => {
    // THEN
    expect([undefined, null, 0, '', false, {}].map(isAbsent)).toEqual([true, true, false, false, false, false]);
  });

  test('isObject is true for plain objects, not for null or lists', () => {
    // THEN
    expect([{}, { a: 1 }, null, [], 'x', 1].map(isObject)).toEqual([true, true, false, false, false, false]);
  });

  test('own reads own data properties without running getters or reading the prototype', () => {
    // GIVEN
    let ran = false;
    const obj = Object.create({ inherited: 'x' }, {
      data: { value: 1, enumerable: true },
      getter: { get: () => { ran = true; return 2; }, enumerable: true },
    });

    // THEN
    expect(own(obj, 'data')).toBe(1);
    expect(own(obj, 'getter')).toBeUndefined();
    expect(own(obj, 'inherited')).toBeUndefined();
    expect(own({}, 'toString')).toBeUndefined();
    expect(ran).toBe(false);
  });

  test('child and index build the API server\'s field paths', () => {
    // THEN
    expect(child('', 'spec')).toBe('spec');
    expect(child('spec', 'podSelector')).toBe('spec.podSelector');
    expect(index(child('spec', 'ingress'), 2)).toBe('spec.ingress[2]');
  });

  const circular: { [key: string]: unknown } = {};
  circular.self = circular;
  const circularList: unknown[] = [];
  circularList.push(circularList);

  test.each<[string, unknown, string]>([
    ['undefined', undefined, 'null'],
    ['null', null, 'null'],
    ['a string, quoted', 'a"b', '"a\\"b"'],
    ['a number', 1.5, '1.5'],
    ['a boolean', false, 'false'],
    ['a bigint', BigInt(7), '7'],
    ['an object, as JSON', { from: [] }, '{"from":[]}'],
    ['a long object, cut at 80 characters', { text: 'x'.repeat(100) }, `{"text":"${'x'.repeat(68)}...`],
    ['an object that JSON cannot write', circular, '{...}'],
    ['a list that JSON cannot write', circularList, '[...]'],
    ['a function, by its type', () => 1, 'function'],
  ])('show writes %s as Go\'s field errors do', (_case, value, expected) => {
    // THEN
    expect(show(value)).toBe(expected);
    expect(show(value).length).toBeLessThanOrEqual(80);
  });

  test('invalid and notSupported word messages as field.Invalid and field.NotSupported do', () => {
    // THEN
    expect(invalid(0, 'must be between 1 and 65535, inclusive')).toBe('Invalid value: 0: must be between 1 and 65535, inclusive');
    expect(invalid('x', 'bad')).toBe('Invalid value: "x": bad');
    expect(notSupported('ICMP', ['TCP', 'UDP'])).toBe('Unsupported value: "ICMP": supported values: "TCP", "UDP"');
  });

  test('describeError gives the message of an Error, or shows anything else', () => {
    // THEN
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError('boom')).toBe('"boom"');
    expect(describeError(undefined)).toBe('null');
  });

  test('capitalize upper-cases the first letter only', () => {
    // THEN
    expect(capitalize('mask missing')).toBe('Mask missing');
    expect(capitalize('')).toBe('');
    expect(capitalize('IPv6')).toBe('IPv6');
  });
});
