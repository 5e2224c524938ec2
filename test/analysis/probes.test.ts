import { analyzerFor } from './_support';
import { addToSummary, checkFlow, parseProbe, parseProbesFile, PROBE_FIELDS, ProbeOutcome, ProbeRunner, runProbe, summarizeOutcomes } from '../../src/analysis/probes';
import { Workload } from '../../src/analysis/workload';
import { PolicyError } from '../../src/core/errors';
import { Protocol } from '../../src/core/protocol';

/*
 * cli-shop.yaml: shop/web (10.1.0.10) may reach shop/api on TCP 8080 and
 * 203.0.113.0/24 on TCP 443 (its egress is isolated); shop/api may reach
 * shop/db on TCP 5432 (named postgres); shop's ingress is denied otherwise.
 */

describe('parseProbe |', () => {
  test('reads a probe with every field, in the spelling the analyzer uses', () => {
    // WHEN
    const parsed = parseProbe({ from: 'shop/web', to: 'shop/api', port: 8080, protocol: 'tcp', expect: 'ALLOW' });

    // THEN
    expect(parsed).toEqual({ probe: { from: 'shop/web', to: 'shop/api', port: 8080, protocol: 'TCP', expect: 'allow' }, problems: [] });
  });

  test('leaves out the optional fields that are not given', () => {
    // WHEN
    const parsed = parseProbe({ from: '10.1.0.10', to: 'shop/db', port: 'postgres' });

    // THEN
    expect(parsed.problems).toEqual([]);
    expect(parsed.probe).toStrictEqual({ from: '10.1.0.10', to: 'shop/db', port: 'postgres' });
  });

  test.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'shop/web -> shop/api'],
    ['a list', [{ from: 'shop/web', to: 'shop/api', port: 80 }]],
  ])('refuses %s as a probe', (_case, value) => {
    // WHEN
    const parsed = parseProbe(value);

    // THEN
    expect(parsed.probe).toBeUndefined();
    expect(parsed.problems).toEqual([`expected an object with from, to and port, got ${JSON.stringify(value)}`]);
  });

  test.each<[string, { [key: string]: unknown }, string]>([
    ['an unknown field', { form: 'shop/web' }, 'unknown field "form". Use from, to, port, protocol, expect.'],
    ['a missing from', { from: undefined }, '"from" must be "<namespace>/<name>" or an IP address, got undefined'],
    ['an empty from', { from: '' }, '"from" must be "<namespace>/<name>" or an IP address, got ""'],
    ['a numeric to', { to: 7 }, '"to" must be "<namespace>/<name>" or an IP address, got 7'],
    ['port 0', { port: 0 }, '"port" must be a number from 1 to 65535 or the name of a container port of "to", got 0'],
    ['port 65536', { port: 65536 }, '"port" must be a number from 1 to 65535 or the name of a container port of "to", got 65536'],
    ['a fractional port', { port: 80.5 }, '"port" must be a number from 1 to 65535 or the name of a container port of "to", got 80.5'],
    ['port "0" in digits', { port: '0' }, '"port" must be a number from 1 to 65535 or the name of a container port of "to", got "0"'],
    ['port "70000" in digits', { port: '70000' }, '"port" must be a number from 1 to 65535 or the name of a container port of "to", got "70000"'],
    ['an empty port name', { port: '' }, '"port" must be a number from 1 to 65535 or the name of a container port of "to", got ""'],
    ['a boolean port', { port: true }, '"port" must be a number from 1 to 65535 or the name of a container port of "to", got true'],
    ['a missing port', { port: undefined }, '"port" must be a number from 1 to 65535 or the name of a container port of "to", got undefined'],
    ['an unknown protocol', { protocol: 'icmp' }, '"protocol" must be one of TCP, UDP, SCTP, got "icmp"'],
    ['a numeric protocol', { protocol: 6 }, '"protocol" must be one of TCP, UDP, SCTP, got 6'],
    ['an unknown expectation', { expect: 'maybe' }, '"expect" must be allow or deny, got "maybe"'],
    ['a boolean expectation', { expect: true }, '"expect" must be allow or deny, got true'],
  ])('reports %s, naming the field and quoting the value', (_case, change, problem) => {
    // GIVEN
    const value = { from: 'shop/web', to: 'shop/api', port: 8080, ...change };

    // WHEN
    const parsed = parseProbe(value);

    // THEN
    expect(parsed.probe).toBeUndefined();
    expect(parsed.problems).toEqual([problem]);
  });

  test('reports several problems at once, field by field', () => {
    // WHEN
    const parsed = parseProbe({ to: '', port: 0, protocol: 'icmp', expect: 'yes', extra: 1 });

    // THEN
    expect(parsed.problems).toEqual([
      'unknown field "extra". Use from, to, port, protocol, expect.',
      '"from" must be "<namespace>/<name>" or an IP address, got undefined',
      '"to" must be "<namespace>/<name>" or an IP address, got ""',
      '"port" must be a number from 1 to 65535 or the name of a container port of "to", got 0',
      '"protocol" must be one of TCP, UDP, SCTP, got "icmp"',
      '"expect" must be allow or deny, got "yes"',
    ]);
  });

  test('knows the fields of a probe', () => {
    // THEN
    expect(PROBE_FIELDS).toEqual(['from', 'to', 'port', 'protocol', 'expect']);
  });
});

describe('parseProbesFile |', () => {
  test('reads each probe with its line', () => {
    // WHEN
    const parsed = parseProbesFile('# probes\n- { from: shop/web, to: shop/api, port: 8080 }\n- { from: shop/api, to: shop/db, port: postgres, expect: deny }\n', 'p.yaml');

    // THEN
    expect(parsed.problems).toEqual([]);
    expect(parsed.probes).toEqual([
      { probe: { from: 'shop/web', to: 'shop/api', port: 8080 }, line: 2, number: 1 },
      { probe: { from: 'shop/api', to: 'shop/db', port: 'postgres', expect: 'deny' }, line: 3, number: 2 },
    ]);
  });

  test('reports every bad probe with its file:line and number, and returns the well-formed ones with their numbers', () => {
    // WHEN
    const parsed = parseProbesFile('- { from: shop/web, to: shop/api, port: 0 }\n- { from: shop/web, to: shop/api, port: 80 }\n- { from: shop/web, port: 80 }\n', 'p.yaml');

    // THEN
    expect(parsed.probes).toEqual([{ probe: { from: 'shop/web', to: 'shop/api', port: 80 }, line: 2, number: 2 }]);
    expect(parsed.problems).toEqual([
      expect.stringMatching(/^p\.yaml:1: probe 1: "port" must be a number from 1 to 65535/),
      expect.stringMatching(/^p\.yaml:3: probe 3: "to" must be/),
    ]);
  });

  test('refuses a file that is not one list', () => {
    // WHEN
    const parsed = parseProbesFile('from: shop/web\n', 'p.yaml');

    // THEN
    expect(parsed.problems).toEqual([expect.stringMatching(/^p\.yaml: expected one list of probes/)]);
  });
});

describe('runProbe |', () => {
  test.each([
    ['allow', true],
    ['deny', false],
  ] as const)('passes a probe that expects %s when the verdict agrees (cli-shop.yaml)', (expectation, pass) => {
    // GIVEN
    const analyzer = analyzerFor('cli-shop.yaml');
    const probe = { from: 'shop/web', to: 'shop/api', port: 8080, expect: expectation };

    // WHEN
    const outcome = runProbe(analyzer, probe);

    // THEN
    expect(outcome.probe).toBe(probe);
    expect(outcome.verdict.allowed).toBe(true);
    expect(outcome.pass).toBe(pass);
  });

  test('fails a probe that expects allow on a denied flow (cli-shop.yaml)', () => {
    // WHEN
    const outcome = runProbe(analyzerFor('cli-shop.yaml'), { from: 'shop/web', to: 'shop/db', port: 5432, expect: 'allow' });

    // THEN
    expect(outcome.verdict.allowed).toBe(false);
    expect(outcome.pass).toBe(false);
  });

  test('sets no pass without an expectation (cli-shop.yaml)', () => {
    // WHEN
    const outcome = runProbe(analyzerFor('cli-shop.yaml'), { from: 'shop/web', to: 'shop/db', port: 5432 });

    // THEN
    expect(outcome.verdict.allowed).toBe(false);
    expect('pass' in outcome).toBe(false);
  });

  test('throws a PolicyError that names the field of an unknown end (cli-shop.yaml)', () => {
    // GIVEN
    const analyzer = analyzerFor('cli-shop.yaml');

    // THEN
    expect(() => runProbe(analyzer, { from: 'shop/wbe', to: 'shop/api', port: 80 })).toThrow(PolicyError);
    expect(() => runProbe(analyzer, { from: 'shop/wbe', to: 'shop/api', port: 80 })).toThrow(/^"from": Unknown workload "shop\/wbe"\. Did you mean "shop\/web"\?/);
    expect(() => runProbe(analyzer, { from: 'shop/web', to: 'shop/ap', port: 80 })).toThrow(/^"to": Unknown workload "shop\/ap"/);
  });
});

describe('checkFlow |', () => {
  test('resolves a named port on the destination (cli-shop.yaml)', () => {
    // WHEN
    const verdict = checkFlow(analyzerFor('cli-shop.yaml'), 'shop/api', 'shop/db', 'postgres');

    // THEN
    expect(verdict).toMatchObject({ allowed: true, protocol: Protocol.TCP, port: 5432, portName: 'postgres' });
    expect(verdict.ingress.allowedBy).toMatchObject({ name: 'db-allow-from-api', ruleIndex: 0 });
  });

  test('reads a port written as digits as a number (cli-shop.yaml)', () => {
    // WHEN
    const verdict = checkFlow(analyzerFor('cli-shop.yaml'), 'shop/web', 'shop/api', '8080');

    // THEN
    expect(verdict.port).toBe(8080);
    expect(verdict.portName).toBeUndefined();
    expect(verdict.allowed).toBe(true);
  });

  test('resolves an IP end to the pod with that IP (cli-shop.yaml)', () => {
    // WHEN
    const verdict = checkFlow(analyzerFor('cli-shop.yaml'), '10.1.0.10', '10.1.0.20', 8080);

    // THEN
    expect([verdict.source.id, verdict.destination.id]).toEqual(['shop/web', 'shop/api']);
    expect(verdict.source.isExternal).toBe(false);
    expect(verdict.allowed).toBe(true);
  });

  test.each([
    ['203.0.113.5', 443, true],
    ['203.0.113.5', 80, false],
    ['198.51.100.1', 443, false],
  ])('treats %s, an IP of no pod, as outside the cluster, on port %d (cli-shop.yaml)', (ip, port, allowed) => {
    // WHEN
    const verdict = checkFlow(analyzerFor('cli-shop.yaml'), 'shop/web', ip, port);

    // THEN
    expect(verdict.destination.isExternal).toBe(true);
    expect(verdict.destination.id).toBe(ip);
    expect(verdict.allowed).toBe(allowed);
  });

  test('takes a protocol, and workloads as ends (cli-shop.yaml)', () => {
    // GIVEN
    const analyzer = analyzerFor('cli-shop.yaml');

    // WHEN
    const verdict = checkFlow(analyzer, analyzer.workload('shop/web'), Workload.external('203.0.113.5'), 443, 'UDP');

    // THEN
    expect(verdict.protocol).toBe(Protocol.UDP);
    expect(verdict.allowed).toBe(false);
  });

  test('refuses an unknown protocol and an unknown port name (cli-shop.yaml)', () => {
    // GIVEN
    const analyzer = analyzerFor('cli-shop.yaml');

    // THEN
    expect(() => checkFlow(analyzer, 'shop/web', 'shop/api', 8080, 'ICMP')).toThrow(/Invalid protocol "ICMP"/);
    expect(() => checkFlow(analyzer, 'shop/web', 'shop/api', 'grpc')).toThrow(PolicyError);
    expect(() => checkFlow(analyzer, 'shop/web', 'shop/api', 'grpc')).toThrow(/shop\/api.*"grpc"/);
  });
});

describe('summarizeOutcomes |', () => {
  test('counts verdicts, and passes and failures of the probes with an expectation (cli-shop.yaml)', () => {
    // GIVEN
    const analyzer = analyzerFor('cli-shop.yaml');
    const outcomes: ProbeOutcome[] = [
      runProbe(analyzer, { from: 'shop/web', to: 'shop/api', port: 8080, expect: 'allow' }),
      runProbe(analyzer, { from: 'shop/web', to: 'shop/api', port: 8080, expect: 'deny' }),
      runProbe(analyzer, { from: 'shop/web', to: 'shop/db', port: 5432, expect: 'deny' }),
      runProbe(analyzer, { from: 'shop/web', to: 'shop/db', port: 5432 }),
      runProbe(analyzer, { from: 'shop/api', to: 'shop/db', port: 'postgres' }),
    ];

    // WHEN
    const summary = summarizeOutcomes(outcomes);

    // THEN
    expect(summary).toEqual({ total: 5, allowed: 3, denied: 2, passed: 2, failed: 1 });
  });

  test('counts nothing for no outcome', () => {
    // THEN
    expect(summarizeOutcomes([])).toEqual({ total: 0, allowed: 0, denied: 0, passed: 0, failed: 0 });
  });

  test('addToSummary adds one outcome to running counts (cli-shop.yaml)', () => {
    // GIVEN
    const summary = { total: 1, allowed: 1, denied: 0, passed: 1, failed: 0 };

    // WHEN
    addToSummary(summary, runProbe(analyzerFor('cli-shop.yaml'), { from: 'shop/web', to: 'shop/db', port: 5432, expect: 'allow' }));

    // THEN
    expect(summary).toEqual({ total: 2, allowed: 1, denied: 1, passed: 1, failed: 1 });
  });
});

describe('ProbeRunner |', () => {
  const ENDS = ['shop/web', 'shop/api', 'shop/db', 'ops/monitor', '10.1.0.10', '203.0.113.7'];
  const PORTS: Array<number | string> = [80, 443, 5432, 8080, '8080', 'http', 'postgres'];

  test('answers every probe as runProbe does, without the explanation (cli-shop.yaml)', () => {
    // GIVEN
    const analyzer = analyzerFor('cli-shop.yaml');
    const runner = new ProbeRunner(analyzer);

    // WHEN / THEN: every pair of ends on every port, twice (the second time from the caches)
    for (const round of [1, 2]) {
      for (const from of ENDS) {
        for (const to of ENDS) {
          for (const port of PORTS) {
            const probe = { from, to, port, expect: 'allow' as const };
            let expected: ProbeOutcome | undefined;
            try {
              expected = runProbe(analyzer, probe);
            } catch (e) {
              expect(e).toBeInstanceOf(PolicyError);
            }
            if (expected === undefined) {
              expect(() => runner.answer(probe)).toThrow(PolicyError);
              expect(runner.problems(probe)).toHaveLength(1);
              continue;
            }
            expect({ round, ...runner.answer(probe) })
              .toEqual({ round, probe, allowed: expected.verdict.allowed, protocol: expected.verdict.protocol, pass: expected.pass });
            expect(runner.outcome(probe)).toEqual(expected);
            expect(runner.problems(probe)).toEqual([]);
          }
        }
      }
    }
  });

  test('names each end that does not resolve, with "did you mean" (cli-shop.yaml)', () => {
    // GIVEN
    const runner = new ProbeRunner(analyzerFor('cli-shop.yaml'));

    // WHEN
    const problems = runner.problems({ from: 'shop/wbe', to: 'shop/apii', port: 8080 });

    // THEN
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^"from": Unknown workload "shop\/wbe"\. Did you mean "shop\/web"\?/);
    expect(problems[1]).toMatch(/^"to": Unknown workload "shop\/apii"\. Did you mean "shop\/api"\?/);
  });
});
