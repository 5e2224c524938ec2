import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, cliOnTty, fixture, STACK_LINE } from './_support';

describe('cdk8s-netpol diff |', () => {
  test('prints changes grouped by workload pair, then policies, workloads and the method (diff-old/ -> diff-new/)', async () => {
    // WHEN
    const run = await cli('diff', fixture('diff-old'), fixture('diff-new'));

    // THEN
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatchSnapshot();
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('2 newly allowed, 25 newly denied (9 workload pairs); policies: 1 added, 1 removed, 2 changed');
    // web -> api on 8443 is new: api-allow-from-web admits it and web-egress lets it out.
    const allowed = lines.indexOf('  shop/web -> shop/api');
    expect(lines[allowed + 1]).toBe('    + TCP 8443  (ingress: shop/api-allow-from-web rule 0; egress: shop/web-egress rule 0)');
    // web -> 203.0.113.0/24 keeps only TCP 443; the rest of the internet is cut off.
    expect(run.stdout).toContain('  shop/web -> 203.0.113.0/24\n    - TCP 1-442, TCP 444-65535, UDP any port, SCTP any port  (egress: no port match (shop/web-egress rule 2))');
    expect(run.stdout).toContain('  shop/web -> 203.0.114.0-255.255.255.255\n    - TCP any port, UDP any port, SCTP any port  (egress: no peer match (selected by shop/web-egress))');
    expect(run.stdout).toContain('  - ops/legacy-allow-all');
    expect(run.stdout).toContain('  ~ shop/db-allow-from-api (test/fixtures/diff-new/policies.yaml): spec.ingress[1]');
    expect(run.stdout).toContain('Workloads:\n  + shop/cache\n');
  });

  test('--output markdown prints a summary line, then "Newly allowed" and "Newly denied" tables (diff-old/ -> diff-new/)', async () => {
    // WHEN
    const run = await cli('diff', fixture('diff-old'), fixture('diff-new'), '--output', 'markdown');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('**NetworkPolicy diff:** 2 newly allowed, 25 newly denied (9 workload pairs); policies: 1 added, 1 removed, 2 changed.');
    expect(lines).toContain('### Newly allowed');
    expect(lines).toContain('### Newly denied');
    expect(lines).toContain('| `ops/monitor` | `shop/db` | TCP 9187 | ingress: shop/db-allow-from-api rule 1; egress: not isolated |');
    expect(lines.indexOf('### Newly allowed')).toBeLessThan(lines.indexOf('### Newly denied'));
  });

  test('--output json prints only the document: added, removed, summary, policies (diff-old/ -> diff-new/)', async () => {
    // WHEN
    const run = await cli('diff', fixture('diff-old'), fixture('diff-new'), '--output', 'json');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const doc = JSON.parse(run.stdout);
    expect(Object.keys(doc)).toEqual(['added', 'removed', 'summary', 'policies', 'workloads']);
    expect(doc.added.map((c: any) => [c.source, c.destination, c.protocol, c.port, c.endPort])).toEqual([
      ['shop/web', 'shop/api', 'TCP', 8443, 8443],
      ['ops/monitor', 'shop/db', 'TCP', 9187, 9187],
    ]);
    expect(doc.added[1].after.ingress.allowedBy).toEqual({ namespace: 'shop', name: 'db-allow-from-api', direction: 'Ingress', ruleIndex: 1 });
    expect(doc.added[1].before.ingress.reason).toBe('NoPeerMatch');
    expect(doc.removed).toHaveLength(25);
    expect(doc.summary).toEqual({
      changed: true,
      newlyAllowed: 2,
      newlyDenied: 25,
      pairs: 9,
      workloads: 5,
      externalAddresses: ['0.0.0.0-203.0.112.255', '203.0.113.0/24', '203.0.114.0-255.255.255.255', '::/0'],
      portPieces: { TCP: 11, UDP: 3, SCTP: 1 },
    });
    expect(doc.policies.added).toEqual([{ namespace: 'shop', name: 'web-egress', file: 'test/fixtures/diff-new/policies.yaml' }]);
    expect(doc.policies.removed).toEqual([{ namespace: 'ops', name: 'legacy-allow-all', file: 'test/fixtures/diff-old/policies.yaml' }]);
    expect(doc.policies.changed.map((c: any) => [c.name, c.fields])).toEqual([
      ['api-allow-from-web', ['spec.ingress[0].ports[1]']],
      ['db-allow-from-api', ['spec.ingress[1]']],
    ]);
  });

  test('--output json explains each flow before and after (diff-base.yaml -> diff-rule-added.yaml)', async () => {
    // WHEN
    const run = await cli('diff', fixture('diff-base.yaml'), fixture('diff-rule-added.yaml'), '--output', 'json');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
    const doc = JSON.parse(run.stdout);
    expect(doc.added).toHaveLength(1);
    expect(doc.added[0].before.ingress).toMatchObject({ workload: 'shop/api', isolated: true, allowed: false, reason: 'NoPeerMatch' });
    expect(doc.added[0].after.ingress.allowedBy).toEqual({ namespace: 'shop', name: 'api-allow-from-web', direction: 'Ingress', ruleIndex: 1 });
    expect(doc.policies.changed).toEqual([{
      namespace: 'shop', name: 'api-allow-from-web', file: 'test/fixtures/diff-rule-added.yaml', fields: ['spec.ingress[1]'],
    }]);
  });

  // Table-driven: OLD, NEW, and the flows that must change (source, destination, ports).
  test.each([
    ['a rule added -> newly allowed', 'diff-base.yaml', 'diff-rule-added.yaml',
      ['+ ops/monitor -> shop/api TCP 8080'],
      { added: [], removed: [], changed: ['api-allow-from-web'] }],
    ['a default-deny added -> newly denied', 'diff-base.yaml', 'diff-default-deny.yaml',
      ['- shop/web -> shop/web TCP any port', '- shop/web -> shop/web UDP any port', '- shop/web -> shop/web SCTP any port',
        '- shop/api -> shop/web TCP any port', '- shop/api -> shop/web UDP any port', '- shop/api -> shop/web SCTP any port',
        '- shop/db -> shop/web TCP any port', '- shop/db -> shop/web UDP any port', '- shop/db -> shop/web SCTP any port',
        '- ops/monitor -> shop/web TCP any port', '- ops/monitor -> shop/web UDP any port', '- ops/monitor -> shop/web SCTP any port',
        '- 0.0.0.0/0 -> shop/web TCP any port', '- 0.0.0.0/0 -> shop/web UDP any port', '- 0.0.0.0/0 -> shop/web SCTP any port',
        '- ::/0 -> shop/web TCP any port', '- ::/0 -> shop/web UDP any port', '- ::/0 -> shop/web SCTP any port'],
      { added: ['default-deny-ingress'], removed: [], changed: [] }],
    ['a default-deny removed -> newly allowed', 'diff-default-deny.yaml', 'diff-base.yaml',
      ['+ shop/web -> shop/web TCP any port', '+ shop/web -> shop/web UDP any port', '+ shop/web -> shop/web SCTP any port',
        '+ shop/api -> shop/web TCP any port', '+ shop/api -> shop/web UDP any port', '+ shop/api -> shop/web SCTP any port',
        '+ shop/db -> shop/web TCP any port', '+ shop/db -> shop/web UDP any port', '+ shop/db -> shop/web SCTP any port',
        '+ ops/monitor -> shop/web TCP any port', '+ ops/monitor -> shop/web UDP any port', '+ ops/monitor -> shop/web SCTP any port',
        '+ 0.0.0.0/0 -> shop/web TCP any port', '+ 0.0.0.0/0 -> shop/web UDP any port', '+ 0.0.0.0/0 -> shop/web SCTP any port',
        '+ ::/0 -> shop/web TCP any port', '+ ::/0 -> shop/web UDP any port', '+ ::/0 -> shop/web SCTP any port'],
      { added: [], removed: ['default-deny-ingress'], changed: [] }],
    ['a port widened to a range -> newly allowed on both sides of the old port', 'diff-base.yaml', 'diff-port-range.yaml',
      ['+ shop/web -> shop/api TCP 8000-8079', '+ shop/web -> shop/api TCP 8081-8099'],
      { added: [], removed: [], changed: ['api-allow-from-web'] }],
    ['a policy removed -> its pods newly allowed on every other port', 'diff-base.yaml', 'diff-policy-removed.yaml',
      [
        '+ shop/web -> shop/db TCP any port', '+ shop/web -> shop/db UDP any port', '+ shop/web -> shop/db SCTP any port',
        '+ shop/api -> shop/db TCP 1-5431', '+ shop/api -> shop/db TCP 5433-65535', '+ shop/api -> shop/db UDP any port',
        '+ shop/api -> shop/db SCTP any port',
        '+ shop/db -> shop/db TCP any port', '+ shop/db -> shop/db UDP any port', '+ shop/db -> shop/db SCTP any port',
        '+ ops/monitor -> shop/db TCP any port', '+ ops/monitor -> shop/db UDP any port', '+ ops/monitor -> shop/db SCTP any port',
        '+ 0.0.0.0/0 -> shop/db TCP any port', '+ 0.0.0.0/0 -> shop/db UDP any port', '+ 0.0.0.0/0 -> shop/db SCTP any port',
        '+ ::/0 -> shop/db TCP any port', '+ ::/0 -> shop/db UDP any port', '+ ::/0 -> shop/db SCTP any port',
      ],
      { added: [], removed: ['db-allow-from-api'], changed: [] }],
    ['a namespace relabeled -> its namespaceSelector rule newly denied', 'diff-rule-added.yaml', 'diff-ns-relabel.yaml',
      ['- ops/monitor -> shop/api TCP 8080'],
      { added: [], removed: [], changed: [] }],
    ['a pod relabeled -> its podSelector rule newly denied', 'diff-base.yaml', 'diff-pod-relabel.yaml',
      ['- shop/web -> shop/api TCP 8080'],
      { added: [], removed: [], changed: [] }],
    ['documents and keys reordered -> no change', 'diff-base.yaml', 'diff-reordered.yaml',
      [],
      { added: [], removed: [], changed: [] }],
  ])('%s (%s -> %s)', async (_case, oldFile, newFile, expected, policies) => {
    // WHEN
    const run = await cli('diff', fixture(oldFile), fixture(newFile), '--output', 'json');

    // THEN
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    const flows = (sign: string, list: any[]) => list.map(c =>
      `${sign} ${c.source} -> ${c.destination} ${c.protocol} ${c.port === 1 && c.endPort === 65535 ? 'any port' : c.port === c.endPort ? c.port : `${c.port}-${c.endPort}`}`);
    expect([...flows('+', doc.added), ...flows('-', doc.removed)]).toEqual(expected);
    expect({
      added: doc.policies.added.map((p: any) => p.name),
      removed: doc.policies.removed.map((p: any) => p.name),
      changed: doc.policies.changed.map((p: any) => p.name),
    }).toEqual(policies);
  });

  test.each([
    ['no change', 'diff-reordered.yaml', 0],
    ['a rule added', 'diff-rule-added.yaml', 1],
    ['a pod relabeled (no policy changed)', 'diff-pod-relabel.yaml', 1],
  ])('--exit-code exits 0 on no change and 1 on any change: %s (diff-base.yaml -> %s)', async (_case, newFile, code) => {
    // WHEN
    const run = await cli('diff', fixture('diff-base.yaml'), fixture(newFile), '--exit-code');

    // THEN
    expect(run.code).toBe(code);
    expect(run.stderr).toBe('');
  });

  test('exits 1 with --exit-code when only a policy changed, not the flows (diff-old/ policies)', async () => {
    // GIVEN: ops/legacy-allow-all admits everyone; without it, ops is not isolated: the same flows.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-'));
    const oldText = fs.readFileSync(fixture('diff-old/policies.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'old.yaml'), fs.readFileSync(fixture('diff-old/inventory.yaml'), 'utf8') + '---\n' + oldText);
    fs.writeFileSync(path.join(dir, 'new.yaml'), fs.readFileSync(fixture('diff-base.yaml'), 'utf8'));

    // WHEN
    const run = await cli('diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--exit-code');

    // THEN
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe('No connectivity changes; policies: 0 added, 1 removed, 0 changed');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('reports a --port on its own instead of merging it into a range (diff-base.yaml -> diff-default-deny.yaml)', async () => {
    // WHEN
    const run = await cli('diff', fixture('diff-base.yaml'), fixture('diff-default-deny.yaml'), '--port', '443', '--output', 'json');

    // THEN
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    const tcp = doc.removed.filter((c: any) => c.source === 'shop/api' && c.destination === 'shop/web' && c.protocol === 'TCP')
      .map((c: any) => [c.port, c.endPort]);
    expect(tcp).toEqual([[1, 442], [443, 443], [444, 65535]]);
  });

  test('prints "No connectivity changes" and no tables when nothing changed (diff-base.yaml -> diff-reordered.yaml)', async () => {
    // WHEN
    const text = await cli('diff', fixture('diff-base.yaml'), fixture('diff-reordered.yaml'));
    const markdown = await cli('diff', fixture('diff-base.yaml'), fixture('diff-reordered.yaml'), '--output', 'markdown');

    // THEN
    expect(text.stdout).toMatchSnapshot();
    expect(text.stdout.split('\n')[0]).toBe('No connectivity changes; policies: 0 added, 0 removed, 0 changed');
    expect(markdown.stdout).toMatchSnapshot();
    expect(markdown.stdout).toContain('### Newly allowed\n\n_None._\n');
    expect(markdown.stdout).toContain('### Newly denied\n\n_None._\n');
  });

  test.each([
    ['a missing OLD', ['no-such.yaml', fixture('diff-base.yaml')], /^cdk8s-netpol: no-such\.yaml: no such file or directory\n$/],
    ['a missing NEW', [fixture('diff-base.yaml'), 'no-such-dir/'], /^cdk8s-netpol: no-such-dir\/: no such file or directory\n$/],
    ['a YAML syntax error', [fixture('diff-base.yaml'), fixture('cli-syntax-error.yaml')], /cli-syntax-error\.yaml:11 \(document 2\): /],
    ['a policy the API server would reject', [fixture('cli-invalid-policy.yaml'), fixture('diff-base.yaml')],
      /^cdk8s-netpol: test\/fixtures\/cli-invalid-policy\.yaml:20: NetworkPolicy shop\/bad-cidr is invalid: spec\.ingress\[0\]\.from\[0\]\.ipBlock\.cidr: /],
    ['a bad --port', [fixture('diff-base.yaml'), fixture('diff-base.yaml'), '--port', '80/ICMP'], /^cdk8s-netpol: invalid --port "80\/ICMP"/],
    ['a bad --output', [fixture('diff-base.yaml'), fixture('diff-base.yaml'), '--output', 'csv'], /argument 'csv' is invalid/],
    ['a missing NEW argument', [fixture('diff-base.yaml')], /^cdk8s-netpol: diff needs OLD and NEW, got test\/fixtures\/diff-base\.yaml\. Give OLD and NEW/],
    ['OLD and NEW mixed with --new', [fixture('diff-base.yaml'), fixture('diff-base.yaml'), '--new', fixture('diff-base.yaml')],
      /^cdk8s-netpol: diff takes either OLD NEW arguments or --old\/--new options, got both/],
    ['--old without --new', ['--old', fixture('diff-base.yaml')], /^cdk8s-netpol: diff needs both sides: --new is missing\./],
  ])('exits 2 on %s, with a one-line message and no stack trace', async (_case, args, message) => {
    // WHEN
    const run = await cli('diff', ...args, '--output', 'json');

    // THEN
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  test('shows progress on a TTY stderr, and clears it (diff-old/ -> diff-new/)', async () => {
    // WHEN
    const run = await cliOnTty('diff', fixture('diff-old'), fixture('diff-new'));

    // THEN
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('cdk8s-netpol: reading test/fixtures/diff-old');
    expect(run.stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(run.stdout).not.toContain('\r');
  });

  test('never shows progress in JSON mode, even on a TTY (diff-old/ -> diff-new/)', async () => {
    // WHEN
    const run = await cliOnTty('diff', fixture('diff-old'), fixture('diff-new'), '--output', 'json');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(() => JSON.parse(run.stdout)).not.toThrow();
  });

  test('diff --help explains the method and the exit codes', async () => {
    // WHEN
    const run = await cli('diff', '--help');

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
    expect(run.stdout).toContain('--exit-code');
    expect(run.stdout).toContain('one port per piece is probed');
  });

  test('does not count order-only differences: documents, keys, labels, container ports and every list of a policy (diff-lists-a.yaml -> diff-lists-b.yaml)', async () => {
    // GIVEN: the same reordering, but with one port changed
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-diff-lists-'));
    const changed = path.join(dir, 'changed.yaml');
    fs.writeFileSync(changed, fs.readFileSync(fixture('diff-lists-b.yaml'), 'utf8').replace('{ protocol: TCP, port: 9090 }', '{ protocol: TCP, port: 9091 }'));

    try {
      // WHEN
      const reordered = await cli('diff', fixture('diff-lists-a.yaml'), fixture('diff-lists-b.yaml'), '--exit-code');
      const control = await cli('diff', fixture('diff-lists-a.yaml'), changed, '--exit-code', '--output', 'json');

      // THEN
      expect(reordered.code).toBe(0);
      expect(reordered.stdout.split('\n')[0]).toBe('No connectivity changes; policies: 0 added, 0 removed, 0 changed');
      expect(control.code).toBe(1);
      const doc = JSON.parse(control.stdout);
      expect(doc.policies.changed.map((p: any) => p.name)).toEqual(['api']);
      expect(doc.removed.map((c: any) => `${c.source} -> ${c.destination} ${c.protocol} ${c.port}`)).toContain('shop/web -> shop/api TCP 9090');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
