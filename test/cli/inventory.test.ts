import { cli, fixture, STACK_LINE } from './_support';

describe('cdk8s-netpol --cluster and --services |', () => {
  test('test: --cluster reads kubectl get -o yaml output as it is; the Pod folds into its Deployment, keeping its IP (cli-cluster-kubectl.yaml)', async () => {
    // WHEN
    const run = await cli('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-cluster.yaml'),
      '--cluster', fixture('cli-cluster-kubectl.yaml'), '--output', 'json');

    // THEN
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toMatchObject({ total: 2, passed: 2, failed: 0 });
    expect(run.stderr).toBe(`cdk8s-netpol: note: --cluster ${fixture('cli-cluster-kubectl.yaml')}: 1 NetworkPolicy left out; `
      + 'only the policies of PATH are under test.\n');
  });

  test('matrix: --cluster adds one workload per Deployment, not one per Pod or ReplicaSet (cli-cluster-kubectl.yaml)', async () => {
    // WHEN
    const run = await cli('matrix', fixture('cli-shop.yaml'), '--port', '53/UDP', '--output', 'csv',
      '--cluster', fixture('cli-cluster-kubectl.yaml'));

    // THEN
    expect(run.code).toBe(0);
    const destinations = new Set(run.stdout.trimEnd().split('\n').slice(1).map(l => l.split(',')[3]));
    expect(destinations).toContain('kube-system/coredns');
    expect([...destinations].filter(d => d.startsWith('kube-system/'))).toEqual(['kube-system/coredns']);
    // the policies under test isolate web's egress; the live policy of the --cluster file is left out
    expect(run.stdout).toContain('53,UDP,shop/web,kube-system/coredns,false\n');
    expect(run.stdout).toContain('53,UDP,shop/api,kube-system/coredns,true\n');
  });

  test('test: without --services the cluster DNS is unknown; --services all adds it, monitoring and the ingress controller (cli-probes-services.yaml)', async () => {
    // WHEN
    const without = await cli('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-services.yaml'));
    const withAll = await cli('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-services.yaml'), '--services', 'all');
    const listed = await cli('test', fixture('cli-shop.yaml'), '--probes', fixture('cli-probes-services.yaml'),
      '--services', 'dns,monitoring', '--services', 'ingress');

    // THEN
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/cli-probes-services\.yaml:\d+: probe 1: "to": Unknown workload "kube-system\/kube-dns"/);
    expect(without.stderr).toMatch(/or add it with --cluster FILE or --services dns,monitoring,ingress\./);
    expect(without.stderr).not.toMatch(/addWorkload/);
    expect(withAll.code).toBe(0);
    expect(withAll.stdout).toMatch(/^ALLOW shop\/api -> kube-system\/kube-dns UDP 53 \(dns\) {2}pass/m);
    expect(withAll.stdout).toMatch(/^DENY {2}ingress-nginx\/ingress-nginx-controller -> shop\/web TCP 80 \(http\) {2}pass/m);
    expect(withAll.stdout).toMatch(/4 probes: 1 allowed, 3 denied; 4 passed, 0 failed/);
    expect(listed.stdout).toBe(withAll.stdout);
  });

  test('diff: --old/--new take several paths per side, and --services shows a removed allow to a workload outside them (diff-dns-*.yaml)', async () => {
    // GIVEN
    const sides = ['--old', fixture('diff-dns-workloads.yaml'), '--old', fixture('diff-dns-old.yaml'),
      '--new', fixture('diff-dns-workloads.yaml'), '--new', fixture('diff-dns-new.yaml')];

    // WHEN
    const without = await cli('diff', ...sides, '--output', 'json');
    const withDns = await cli('diff', ...sides, '--services', 'dns', '--output', 'json');

    // THEN
    expect(without.code).toBe(0);
    expect(JSON.parse(without.stdout).summary).toMatchObject({ newlyAllowed: 0, newlyDenied: 0, workloads: 1 });
    expect(withDns.code).toBe(0);
    const diff = JSON.parse(withDns.stdout);
    expect(diff.summary).toMatchObject({ newlyAllowed: 0, newlyDenied: 1, workloads: 2 });
    expect(diff.removed.map((c: any) => [c.source, c.destination, c.protocol, c.port, c.endPort]))
      .toEqual([['shop/web', 'kube-system/kube-dns', 'UDP', 53, 53]]);
  });

  test('lint and report accept the inventory options (cli-cluster-kubectl.yaml)', async () => {
    // WHEN
    const lint = await cli('lint', fixture('cli-shop.yaml'), '--cluster', fixture('cli-cluster-kubectl.yaml'), '--services', 'monitoring', '--output', 'json');
    const report = await cli('report', fixture('cli-shop.yaml'), '--cluster', fixture('cli-cluster-kubectl.yaml'),
      '--format', 'mermaid', '--out', '-');

    // THEN
    expect(lint.code).not.toBe(2);
    expect(JSON.parse(lint.stdout).findings).toBeDefined();
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/subgraph c0\["kube-system"\]\n {4}n4\["coredns"\]\n {2}end/);
  });

  test.each([
    ['an unknown --services name', ['--services', 'dns,metrics'],
      /^cdk8s-netpol: invalid --services "dns,metrics": unknown service "metrics"\. Use dns, monitoring, ingress or all, comma-separated\.\n$/],
    ['a missing --cluster path', ['--cluster', 'no-such-cluster.yaml'], /^cdk8s-netpol: no-such-cluster\.yaml: no such file or directory\n$/],
    ['an empty --cluster file', ['--cluster', fixture('cli-empty.yaml')], /cli-empty\.yaml:1: no Kubernetes object in this file/],
  ])('exits 2 on %s, with a message and no stack trace (cli-shop.yaml)', async (_case, args, message) => {
    // WHEN
    const run = await cli('matrix', fixture('cli-shop.yaml'), ...args);

    // THEN
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});
