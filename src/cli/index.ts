import { Command, CommanderError, Option } from 'commander';
import { CliError, CliIo, EXIT_BAD_INPUT, EXIT_OK, messageOf } from './cli-error';
import type * as DiffCommand from './diff-command';
import type * as LintCommand from './lint-command';
import type * as MatrixCommand from './matrix-command';
import type * as ReportCommand from './report-command';
import type * as TestCommand from './test-command';
import type * as ValidateCommand from './validate-command';
import { readVersion } from './version';
import { PolicyError } from '../core/errors';

/*
 * The `cdk8s-netpol` command line. `bin/cdk8s-netpol` calls `run()`; tests
 * call `main(argv, io)`. The engine is loaded inside the command handlers,
 * so `--version` and `--help` stay fast.
 */

export type { CliIo } from './cli-error';

const NAME = 'cdk8s-netpol';

const HELP_FOOTER = `
Exit codes (every command):
  0  success: probes hold, policies valid, no findings, no change
  1  a probe failed (test), a policy is invalid (validate), findings at or
     above --fail-on (lint), or something changed (diff --exit-code)
  2  bad input: a missing file, invalid YAML, an unknown workload, a
     NetworkPolicy the API server would reject, or a bad option

Output goes to stdout, messages to stderr. Progress shows on stderr only when
it is a terminal, and never with --output json or sarif.

Examples:
  $ ${NAME} validate dist/
  $ ${NAME} lint dist/ --output sarif > netpol.sarif
  $ ${NAME} test dist/ --probes probes.yaml
  $ ${NAME} test dist/ --probes probes.yaml --services dns --cluster cluster.yaml
  $ ${NAME} matrix dist/ --port 80 --port 53/UDP --output markdown
  $ ${NAME} diff main-dist/ dist/ --output markdown --exit-code
  $ ${NAME} diff --old base/apps/ --old base/infra/ --new apps/ --new infra/
  $ ${NAME} report dist/ --out netpol.html
`;

/** The commands that read the cluster outside the manifests. */
const INVENTORY_COMMANDS = ['test', 'matrix', 'diff', 'report', 'lint'];

const INVENTORY_HELP = `
The cluster outside the manifests:
  --cluster PATH adds what a cluster has and the manifests lack: Namespaces,
  Pods and workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet,
  ReplicationController, Job, CronJob), e.g. the output of
    kubectl get namespaces,pods,deployments,statefulsets,daemonsets,replicasets -A -o yaml
  read as it is (a List, with status). Pods and ReplicaSets whose controller
  is in the same files are folded into it, keeping their pod IPs. Objects of
  the manifests win over those of --cluster with the same kind, namespace
  and name. NetworkPolicies in --cluster files are not under test and are
  left out (a note says how many); pass them as PATH to include them.
  --services dns,monitoring,ingress (or all) adds the well-known services
  where the library's default Conventions place them:
    dns         kube-system/kube-dns, k8s-app=kube-dns, ports dns 53/UDP and dns-tcp 53/TCP
    monitoring  monitoring/prometheus, app.kubernetes.io/name=prometheus, port web 9090/TCP
    ingress     ingress-nginx/ingress-nginx-controller, app.kubernetes.io/name=ingress-nginx,
                ports http 80/TCP and https 443/TCP
  For other places, write them once in a small YAML file of Namespaces and
  Deployments and pass it with --cluster.
`;

const PROBES_HELP = `
PATH is a YAML or JSON file, or a directory searched recursively for *.yaml,
*.yml and *.json files (in sorted order). Files may hold several documents
and kind: List.

The probes file (YAML or JSON) is a list of probes:
  - from: shop/web              # <namespace>/<name> of a Pod or workload, or an IP
    to: shop/api
    port: 8080                  # a number, or a named container port of "to"
    protocol: TCP               # TCP (default), UDP or SCTP; a named port brings its own
    expect: allow               # allow | deny (optional)

An IP address names the pod with that IP (status.podIP), else an endpoint
outside the cluster.

A .json probes file is read as a stream, so it may hold millions of probes;
a YAML file is read whole. Every bad probe is reported, with its line, before
any result. Results are written as they are computed. --output json writes
{"results": [...], "summary": {...}}: each result has from, to, port,
protocol, allowed, and expect and pass when the probe has expect; --explain
adds its explanation.

Exit codes: 0 every expectation holds (or none given), 1 an expectation
failed, 2 bad input.
`;

const MATRIX_HELP = `
Rows are sources, columns destinations. In text and markdown, ✓ marks an
allowed pair and · a denied one. CSV has a header and one
"port,protocol,source,destination,allowed" line per pair. JSON gives, per
source, the destinations it reaches as ranges of indexes (docs/matrix-json.md):
{"ports": [{"port", "protocol", "sources", "destinations", "allowedRanges"}]},
where allowedRanges[i] = [0, 4, 7, 7] means sources[i] reaches destinations
0 to 4 and 7. JSON and CSV are written row by row as they are computed.
`;

const DIFF_HELP = `
OLD and NEW are each a YAML or JSON file, or a directory of them; for
several paths per side, give --old PATH and --new PATH (repeatable) instead.
--cluster and --services add the same inventory to both sides. The diff
covers the union of the workloads of both sides (a side that lacks a
workload or namespace borrows the other side's), one external address per
ipBlock range, and every TCP, UDP and SCTP port: each protocol's ports are
cut where any policy or container port of either side starts or stops
matching, and one port per piece is probed, so a piece nobody mentions
stands for all its ports. Adjacent ports with the same change are merged
(e.g. "TCP 1-79"); ports given with --port are reported on their own.

Exit codes: 0 (or, with --exit-code, 0 no change and 1 a flow or policy
changed), 2 bad input.
`;

const REPORT_HELP = `
--format html writes one self-contained HTML file (no network assets): a
heat map of the reachability matrix per port, a graph of allowed flows,
every policy in words, and the lint findings. --format mermaid and
--format dot write a flowchart or digraph of allowed flows for docs.
--out - writes to stdout. The file is written whole or not at all; then
stderr names it, e.g. "cdk8s-netpol: wrote netpol.html (48.1 KB)".

Ports: the --port list, or else every port number that a policy or a
container port mentions (at most 24), or else 80/TCP.
`;

const VALIDATE_HELP = `
Checks every NetworkPolicy (kind: List included) with the API server's
validation rules: the checks that guard synthesis. A policy with no
metadata.namespace is valid (the API server takes the namespace from the
request, e.g. kubectl apply -n); one with no name is invalid.

Checks every ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2) with
the schema and CEL rules of the CRD of --channel: experimental (the
default) is the superset; with standard, the nodes and domainNames peers
and the experimental rules are errors.

In JSON, "index" is the policy's position among the policies of its kind
in its file, from 0; "kind" is NetworkPolicy or ClusterNetworkPolicy;
"name" and "namespace" are null when not set (namespace always, for a
ClusterNetworkPolicy); error paths use the API server's notation, e.g.
spec.ingress[0].ports[0].endPort or spec.egress[0].to[0].networks[1].

Exit codes: 0 every policy is valid, 1 one is invalid, 2 bad input (a
missing file, a YAML syntax error).
`;

const LINT_HELP = `
Rules (docs/lint.md explains each, with examples):
  NP001  warning  egress-without-dns: pods isolated for egress, no DNS allowed
  NP002  warning  selects-no-workload: the podSelector selects no workload
  NP003  warning  peer-matches-nothing: a peer matches no namespace or workload
  NP004  warning  separate-namespace-and-pod-selectors: two peers, one meant
  NP005  warning  ipblock-in-cluster-range: an ipBlock in the pod or Service range
  NP006  warning  ingress-open-to-world: ingress from 0.0.0.0/0 or ::/0
  NP007  note     redundant-policy: other policies allow every flow it allows
  NP008  warning  unknown-named-port: a named port no destination declares
  NP009  error    duplicate-name: two policies with one namespace and name
  NP010  warning  namespace-without-workloads: no workload in its namespace

Policies are checked against the Pods, workloads and Namespaces of the same
manifests; when there are none, NP002, NP003, NP007, NP008 and NP010 are
skipped. --pod-cidr and --service-cidr replace the defaults 10.244.0.0/16 and
10.96.0.0/12 (kubeadm's). To turn rules off for one policy, annotate it with
lint.cdk8s-netpol.dev/ignore: "NP004,NP006".

Exit codes: 0 no finding at or above --fail-on, 1 some, 2 bad input
(including a NetworkPolicy the API server would reject).
`;

/**
 * Runs the CLI with `process.argv` and sets `process.exitCode`.
 */
export function run(): void {
  // A reader that stops early (`| head`) closes the pipe: that ends the
  // output, quietly, as it does for other command-line tools.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      process.exit(process.exitCode ?? EXIT_OK);
    }
    process.stderr.write(`${NAME}: cannot write the output: ${messageOf(error)}\n`);
    process.exit(EXIT_BAD_INPUT);
  });
  main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  }, error => {
    process.stderr.write(`${NAME}: internal error: ${messageOf(error)}\n`);
    process.exitCode = EXIT_BAD_INPUT;
  });
}

/**
 * Runs the CLI in-process and resolves to the exit code: 0 ok, 1 a probe's
 * expectation failed, 2 bad input. Never exits the process and never prints
 * a stack trace.
 *
 * @param argv the arguments after the program name
 * @param io where to write
 */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command(NAME)
    .description('Test and explain Kubernetes NetworkPolicies: who can reach whom, and which rule decides.')
    .exitOverride()
    .configureOutput({
      writeOut: text => io.stdout.write(text),
      writeErr: text => io.stderr.write(text),
      outputError: (text, write) => write(`${NAME}: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError(`(run "${NAME} --help" for usage)`)
    .version(readVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print help')
    .addHelpText('after', HELP_FOOTER);

  program.command('test')
    .description('check probes (from, to, port, expect) against the NetworkPolicies of the manifests')
    .argument('<path...>', 'YAML or JSON files, or directories of them')
    .requiredOption('--probes <file>', 'YAML or JSON list of probes')
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--pretty', 'JSON indented by two spaces (default: compact, one line)')
    .option('--explain', 'JSON: give each result its explanation (text always has it)')
    .addHelpText('after', PROBES_HELP)
    .action(async (paths: string[], options: TestCommand.TestCommandOptions) => {
      exitCode = guard(io, () => load<typeof TestCommand>('./test-command').runTestCommand(paths, options, io));
    });

  program.command('matrix')
    .description('print who can reach whom, one matrix per port')
    .argument('<path...>', 'YAML or JSON files, or directories of them')
    .addOption(repeatable('--port <port>', 'port and protocol, e.g. 443, 53/UDP or a container port name such as http; repeatable',
      'the ports the policies and pods name'))
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'markdown', 'json', 'csv']).default('text'))
    .addHelpText('after', MATRIX_HELP)
    .action(async (paths: string[], options: MatrixCommand.MatrixCommandOptions) => {
      exitCode = guard(io, () => load<typeof MatrixCommand>('./matrix-command').runMatrixCommand(paths, options, io));
    });

  program.command('diff')
    .description('report every connectivity change from OLD to NEW: newly allowed and newly denied flows')
    .argument('[old]', 'YAML or JSON file, or a directory of them: the manifests before')
    .argument('[new]', 'YAML or JSON file, or a directory of them: the manifests after')
    .addOption(repeatable('--old <path>', 'instead of OLD: a path of the manifests before; repeatable'))
    .addOption(repeatable('--new <path>', 'instead of NEW: a path of the manifests after; repeatable'))
    .addOption(repeatable('--port <port>', 'a port to report on its own, e.g. 443 or 53/UDP; repeatable'))
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--exit-code', 'exit 1 when anything changed')
    .addHelpText('after', DIFF_HELP)
    .action(async (oldPath: string | undefined, newPath: string | undefined, options: DiffCommand.DiffCommandOptions) => {
      const args = [oldPath, newPath].filter((a): a is string => a !== undefined);
      exitCode = guard(io, () => load<typeof DiffCommand>('./diff-command').runDiffCommand(args, options, io));
    });

  program.command('report')
    .description('write a self-contained HTML report (or a Mermaid or DOT graph) of who can reach whom')
    .argument('<path...>', 'YAML or JSON files, or directories of them')
    .requiredOption('--out <file>', 'the file to write, or - for stdout')
    .addOption(repeatable('--port <port>', 'port and protocol, e.g. 443, 53/UDP or a container port name such as http; repeatable',
      'the ports the policies and pods name'))
    .addOption(new Option('--format <format>', 'output format').choices(['html', 'mermaid', 'dot']).default('html'))
    .addHelpText('after', REPORT_HELP)
    .action(async (paths: string[], options: ReportCommand.ReportCommandOptions) => {
      exitCode = guard(io, () => load<typeof ReportCommand>('./report-command').runReportCommand(paths, options, io));
    });

  program.command('validate')
    .description('check every NetworkPolicy and ClusterNetworkPolicy against the API server\'s validation rules')
    .argument('<path...>', 'YAML or JSON files, or directories of them')
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--channel <channel>', 'the ClusterNetworkPolicy CRD channel installed in the cluster')
      .choices(['standard', 'experimental']).default('experimental'))
    .addHelpText('after', VALIDATE_HELP)
    .action(async (paths: string[], options: ValidateCommand.ValidateCommandOptions) => {
      exitCode = guard(io, () => load<typeof ValidateCommand>('./validate-command').runValidateCommand(paths, options, io));
    });

  program.command('lint')
    .description('find NetworkPolicy mistakes the API server accepts: missing DNS, selectors that match nothing, ...')
    .argument('<path...>', 'YAML or JSON files, or directories of them')
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 on findings of this severity or worse')
      .choices(['error', 'warning', 'note']).default('warning'))
    .addOption(repeatable('--pod-cidr <cidr>', 'a pod IP range of the cluster; repeatable', '10.244.0.0/16'))
    .addOption(repeatable('--service-cidr <cidr>', 'a Service IP range of the cluster; repeatable', '10.96.0.0/12'))
    .addHelpText('after', LINT_HELP)
    .action(async (paths: string[], options: LintCommand.LintCommandOptions) => {
      exitCode = guard(io, () => load<typeof LintCommand>('./lint-command').runLintCommand(paths, options, io));
    });

  for (const command of program.commands.filter(c => INVENTORY_COMMANDS.includes(c.name()))) {
    withInventoryOptions(command);
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT_OK : EXIT_BAD_INPUT;
    }
    return reportError(io, e);
  }
  return exitCode;
}

/** Runs a command, turning any error into a message on stderr and exit code 2. */
function guard(io: CliIo, command: () => number): number {
  try {
    return command();
  } catch (e) {
    return reportError(io, e);
  }
}

function reportError(io: CliIo, error: unknown): number {
  if (error instanceof CliError) {
    for (const line of error.lines) {
      io.stderr.write(`${NAME}: ${line}\n`);
    }
    return error.exitCode;
  }
  if (error instanceof PolicyError) {
    // A ManifestError names the file, line and field; other PolicyErrors say what is wrong.
    io.stderr.write(`${NAME}: ${messageOf(error)}\n`);
    return EXIT_BAD_INPUT;
  }
  io.stderr.write(`${NAME}: internal error: ${messageOf(error)}\n`);
  return EXIT_BAD_INPUT;
}

/** Adds `--cluster` and `--services` (see INVENTORY_HELP) to a command. */
function withInventoryOptions(command: Command): Command {
  return command
    .addOption(repeatable('--cluster <path>', 'objects of the cluster that are not under test (kubectl get ... -o yaml); repeatable'))
    .addOption(repeatable('--services <names>', 'well-known services to add: dns, monitoring, ingress or all; repeatable'))
    .addHelpText('after', INVENTORY_HELP);
}

/**
 * A repeatable option whose value is the list of the values given. With
 * `shownDefault`, it is empty when none is given and help shows
 * `shownDefault` as its default, once; without, it is undefined and help
 * shows no default.
 */
function repeatable(flags: string, description: string, shownDefault?: string): Option {
  const option = new Option(flags, description).argParser(collect);
  return shownDefault === undefined ? option : option.default([], shownDefault);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...previous ?? [], value];
}

/**
 * Loads a command module on demand: the engine is only needed once a
 * command runs, so `--version` and `--help` load none of it.
 */
function load<T>(id: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(id);
}
