import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-netpol',
  description: 'Kubernetes NetworkPolicies as typed, intent-level cdk8s constructs, with a validator that refuses to synthesize an invalid policy.',
  keywords: ['cdk8s', 'kubernetes', 'networkpolicy', 'network-policy', 'security'],
  license: 'Apache-2.0',
  author: 'cdk8s-netpol maintainers',
  authorAddress: 'maintainers@cdk8s-netpol.dev',
  repositoryUrl: 'https://github.com/cdk8s-netpol/cdk8s-netpol.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // cdk8s 2 and constructs 10; the scaffold would otherwise pin cdk8s 1.x.
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.3.0',
  jsiiVersion: '~6.0.0',
  // cdk8s-plus objects are typed structurally (IPodSelectorLike, INamespaceLike), so
  // any cdk8s-plus 2.x works and the library forces none on its users. The tests
  // run against the oldest supported (-28) and the newest (-34, an npm alias).
  devDeps: [
    'cdk8s-plus-28@2.5.6',
    'cdk8s-plus-34@npm:cdk8s-plus-34@^2',
    'fast-check@^4',
    '@types/js-yaml@^4.0.9',
    // 3.7 resolves with enhanced-resolve; 3.8+ pulls unrs-resolver, whose
    // per-platform optional packages are not all served here, so `npm ci` fails.
    'eslint-import-resolver-typescript@~3.7.0',
    // The validation plugin's test runs a real `cdk8s synth` with it; pinned, since the plugin
    // contract (`cdk8s-cli/plugins`) is the CLI's.
    'cdk8s-cli@2.207.60',
  ],

  // jsii needs runtime dependencies bundled into the tarball.
  // ipaddr.js: IPv4/IPv6 parsing and CIDR math (kept by the express project, no dependencies).
  // yaml: a YAML 1.2 parser with strict options (duplicate keys, alias caps, line positions).
  // commander: the CLI's argument parser (subcommands, repeatable options, help), no dependencies.
  // js-yaml: a fast YAML loader for plain manifests (no anchors, tags or merge keys), checked against yaml.
  bundledDeps: ['ipaddr.js@^2.2.0', 'yaml@^2.8.0', 'commander@^12.1.0', 'js-yaml@^4.3.2'],
  bin: { 'cdk8s-netpol': 'bin/cdk8s-netpol' },

  // Only the JS target packages on this machine; no release workflow.
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  jestOptions: {
    // jest 30 resolves modules with unrs-resolver (see eslint-import-resolver-typescript above).
    jestVersion: '^29',
    // A test run must be able to fail on a changed snapshot; `test:update` accepts one.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
  },

  gitignore: ['/examples/dist/', '/bench/results.tmp.json'],

  // Source maps in their own files (lib/**/*.js.map, sources included), not
  // inline in every .js file that the CLI and users' apps load.
  tsconfig: {
    compilerOptions: {
      inlineSourceMap: false,
      sourceMap: true,
      inlineSources: true,
    },
  },
});

// The npm package holds what users need: lib/, bin/, docs/, README, API.md
// and LICENSE. Development files stay out (test/packaging.test.ts checks it).
for (const pattern of ['/bench/', '/.ci/', '/scripts/', '/BENCHMARKS.md', '/examples/', '/test-reports/', '/package-lock.json', '*.tgz']) {
  project.addPackageIgnore(pattern);
}

// The HTML report's style sheet and script are files of the package, read when a report is rendered.
project.postCompileTask.exec('mkdir -p lib/render/report && cp src/render/report/report.css src/render/report/report.js lib/render/report/');

// jsii prints an end-of-life banner on Node 20 for every command.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// ts-jest compiles each test file on its own without type-checking; check the
// tests, examples and README helpers as a whole before running them.
project.testTask.prependExec('tsc --noEmit -p test/tsconfig.json && tsc --noEmit -p examples/tsconfig.json && tsc --noEmit -p bench/tsconfig.json');
// The report's browser test loads it in Debian's chromium; install it on a fresh machine.
project.testTask.prependExec('bash scripts/ensure-chromium.sh');

// Imports flow one way (STYLE.md §1). Each room lists the rooms it may
// import; eslint refuses an import from any other room of src/.
const ROOMS: { [room: string]: string[] } = {
  util: [],
  kube: ['util'],
  core: ['kube', 'util'],
  // Patterns turn on the synth-time checks of their chart; they never read analysis themselves.
  patterns: ['checks', 'core', 'kube', 'util'],
  // ClusterNetworkPolicy constructs (policy.networking.k8s.io/v1alpha2).
  cluster: ['core', 'kube', 'util'],
  analysis: ['core', 'kube', 'util'],
  // The synth-time checks run the engine over the app's manifests; they build no policies.
  checks: ['analysis', 'core', 'kube', 'util'],
  render: ['analysis', 'core', 'kube', 'util'],
  // Invariants check the app's manifests with the engine; they build no policies.
  invariants: ['checks', 'analysis', 'render', 'core', 'kube', 'util'],
  // Organization baselines compose patterns and invariants.
  org: ['patterns', 'invariants', 'checks', 'analysis', 'render', 'core', 'kube', 'util'],
  // The jest matchers are for users' tests; nothing in the library imports them.
  testing: ['analysis', 'render', 'core', 'kube', 'util'],
  cli: ['analysis', 'render', 'core', 'kube', 'util'],
  // The cdk8s CLI validation plugin (lib/plugin), loaded by cdk8s-cli; like the CLI, no domain logic.
  plugin: ['analysis', 'render', 'core', 'kube', 'util'],
};
const room = (name: string) => `./src/${name}`;
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: [
      ...Object.entries(ROOMS).map(([target, allowed]) => ({
        target: room(target),
        from: Object.keys(ROOMS).filter(r => r !== target && !allowed.includes(r)).map(room),
      })),
      // core/private is core's alone.
      { target: Object.keys(ROOMS).filter(r => r !== 'core').map(room), from: './src/core/private' },
    ],
  }],
});

// Lint the examples too; like users' code, they import the public surface (src/index.ts) only.
project.eslint?.addLintPattern('examples');
// The examples and benchmarks use cdk8s-plus-28, a devDependency: the library itself needs no cdk8s-plus.
project.eslint?.allowDevDeps('examples/**');
project.eslint?.allowDevDeps('bench/**');
project.eslint?.addOverride({
  files: ['examples/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: ['../src/*', '../../src/*'], message: 'Examples use the public API: import from "../src".' }] }],
  },
});

// Typescript config for the example apps, run with ts-node from source.
new javascript.TypescriptConfig(project, {
  fileName: 'examples/tsconfig.json',
  include: ['**/*.ts'],
  exclude: ['dist', 'node_modules'],
  compilerOptions: {
    ...project.tsconfig?.compilerOptions,
    rootDir: '..',
    noEmit: true,
  },
});

// Benchmarks: run on demand, never part of the tests.
new javascript.TypescriptConfig(project, {
  fileName: 'bench/tsconfig.json',
  include: ['**/*.ts'],
  exclude: ['node_modules'],
  compilerOptions: {
    ...project.tsconfig?.compilerOptions,
    rootDir: '..',
    noEmit: true,
  },
});
project.eslint?.addLintPattern('bench');
project.addTask('bench', {
  description: 'Run the benchmarks; writes bench/results.json and the table in BENCHMARKS.md',
  exec: 'ts-node --project bench/tsconfig.json bench/main.ts',
  receiveArgs: true,
});

project.addTask('example', {
  description: 'Synthesize the example app into examples/dist/ and print its report',
  exec: 'ts-node --project examples/tsconfig.json examples/main.ts',
});

project.synth();
