import { parseProperties } from '../../src/plugin/properties';

/*
 * The `properties` of the plugin's entry in cdk8s.yaml. How a problem shows
 * in the report: network-policy-validation.test.ts.
 */

describe('parseProperties |', () => {
  test.each([undefined, null, {}])('applies the defaults to %j: lint on, failing at warning, no probes', (value) => {
    // WHEN
    const parsed = parseProperties(value);

    // THEN
    expect(parsed).toEqual({ settings: { lint: true, failOn: 'warning' }, problems: [] });
  });

  test('reads every property', () => {
    // WHEN
    const parsed = parseProperties({ lint: false, failOn: 'note', probes: 'probes.yaml', podCidrs: ['10.0.0.0/16'], serviceCidrs: ['10.96.0.0/12', 'fd00::/108'] });

    // THEN
    expect(parsed).toEqual({
      settings: { lint: false, failOn: 'note', probes: 'probes.yaml', podCidrs: ['10.0.0.0/16'], serviceCidrs: ['10.96.0.0/12', 'fd00::/108'] },
      problems: [],
    });
  });

  test('reports every problem with its key, and gives no settings', () => {
    // WHEN
    const parsed = parseProperties({ failOn: 'Error', probes: '', serviceCidrs: [], colour: true });

    // THEN
    expect(parsed.settings).toBeUndefined();
    expect(parsed.problems.map(p => p.key)).toEqual(['colour', 'failOn', 'probes', 'serviceCidrs']);
    expect(parsed.problems[0].message).toBe('unknown property "colour". Use lint, failOn, probes, podCidrs, serviceCidrs.');
  });
});
