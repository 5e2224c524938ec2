import * as fc from 'fast-check';
import { ManifestReader } from '../../../src/analysis/manifests/reader';
import { goYamlNumber } from '../../../src/analysis/manifests/yaml-schema';

/*
 * Plain scalars as kubectl's go-yaml v2 reads them (resolve.go, v2.4):
 * each case is what `value: <scalar>` decodes to, as JSON.
 */
const CASES: Array<[string, unknown]> = [
  // YAML 1.1 booleans and nulls
  ['yes', true], ['Y', true], ['on', true], ['ON', true], ['True', true],
  ['no', false], ['n', false], ['off', false], ['FALSE', false],
  ['~', null], ['null', null], ['NULL', null], ['', null],
  ['yEs', 'yEs'], ['nULL', 'nULL'],
  // integers: Go's ParseInt with base prefixes, underscores dropped
  ['0', 0], ['-0', 0], ['-10', -10], ['1000', 1000], ['+1', 1], ['1_000', 1000], ['1__2', 12], ['1_', 1],
  ['0777', 511], ['0o17', 15], ['0O17', 15], ['0x1F', 31], ['0X1f', 31], ['0x_1f', 31],
  ['0b101', 5], ['0B101', 5], ['-0b101', -5], ['+0x10', 16],
  ['9223372036854775807', 9223372036854775807], ['18446744073709551615', 18446744073709551615],
  ['-9223372036854775809', -9223372036854775809], // out of int64: read as a float
  // floats: go-yaml's float syntax
  ['08', 8], ['09.5', 9.5], ['1.', 1], ['1.5', 1.5], ['.5', 0.5], ['-.5', -0.5], ['+.5', 0.5],
  ['1e3', 1000], ['1E3', 1000], ['1.5e-3', 0.0015], ['.5e3', 500], ['1_0.5', 10.5],
  ['.inf', Infinity], ['-.Inf', -Infinity], ['+.INF', Infinity], ['.nan', NaN], ['.NaN', NaN],
  // strings, although YAML 1.1 has numbers for some
  ['e3', 'e3'], ['E5', 'E5'], ['.', '.'], ['+.', '+.'], ['.e3', '.e3'], ['.5_0', '.5_0'], ['1e', '1e'],
  ['1e400', '1e400'], ['1.2.3', '1.2.3'], ['0b', '0b'], ['0x', '0x'], ['0b102', '0b102'], ['_1', '_1'],
  ['+', '+'], ['.NAn', '.NAn'], ['.infinity', '.infinity'],
  ['12:30:00', '12:30:00'], ['190:20:30.15', '190:20:30.15'],
  ['2001-12-14', '2001-12-14'], ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
  ['v1', 'v1'], ['10.0.0.0/8', '10.0.0.0/8'], ['8080/TCP', '8080/TCP'], ['-web', '-web'],
];

describe('plain scalars, as kubectl reads them |', () => {
  test.each(CASES)('%j reads as %p, with the fast reader and with the reference parser', (scalar, expected) => {
    for (const referenceOnly of [false, true]) {
      const [{ object: doc }] = new ManifestReader({ referenceOnly }).objects(`kind: X\nvalue: ${scalar}\nlist: [${scalar === '' ? '""' : scalar}]\n`, 'x.yaml');
      expect(doc.value).toEqual(expected);
      if (scalar !== '') {
        expect(doc.list).toEqual([expected]);
      }
    }
  });

  test('goYamlNumber reads every integer and decimal that Number() reads alike', () => {
    fc.assert(fc.property(fc.integer({ min: -1e15, max: 1e15 }), (n) => {
      expect(goYamlNumber(String(n))).toBe(n);
    }));
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
      const text = n.toExponential();
      expect(goYamlNumber(text)).toBe(Number(text));
    }));
  });
});
