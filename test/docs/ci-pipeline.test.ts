import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { snippets } from './readme-snippets';
import { EgressLimitsChart } from '../../examples/egress-limits';
import { EnvironmentsChart } from '../../examples/environments';
import { ExternalAccessChart } from '../../examples/external-access';
import { MultiTenancyChart } from '../../examples/multi-tenancy';
import { PaymentsChart } from '../../examples/payments';
import { ShopChart } from '../../examples/shop';
import { CliRun, runCli } from '../cli/_support';

/*
 * The CI pipelines of examples/ci/, shown in the README's "CI pipeline"
 * section: the README shows the files as they are, and every cdk8s-netpol
 * command in them runs, with its exact arguments, against the example app.
 */

const ROOT = path.join(__dirname, '..', '..');
const FILES = ['github-actions.yml', 'gitlab-ci.yml'] as const;
type CiFile = typeof FILES[number];
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const SOURCE: { [file in CiFile]: string } = {
  'github-actions.yml': fs.readFileSync(path.join(ROOT, 'examples', 'ci', 'github-actions.yml'), 'utf8'),
  'gitlab-ci.yml': fs.readFileSync(path.join(ROOT, 'examples', 'ci', 'gitlab-ci.yml'), 'utf8'),
};
const DOC: { [file in CiFile]: any } = {
  'github-actions.yml': YAML.parse(SOURCE['github-actions.yml'], { uniqueKeys: true }),
  'gitlab-ci.yml': YAML.parse(SOURCE['gitlab-ci.yml'], { uniqueKeys: true }),
};

/** A word or an operator of a shell line. */
type Token = { readonly word: string } | { readonly op: string };

/**
 * Splits one shell line into words and operators (`>`, `>>`, `|`, `||`,
 * `&&`, `;`, `(`, `)`), with '...' and "..." quoting; a `#` that starts a
 * word starts a comment.
 */
function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      break;
    } else if ('|&;()<>'.includes(c)) {
      const op = /^(\|\||&&|>>|[|&;()<>])/.exec(line.slice(i))![1];
      tokens.push({ op });
      i += op.length;
    } else {
      let word = '';
      while (i < line.length && !/\s/.test(line[i]) && !'|&;()<>'.includes(line[i])) {
        const q = line[i];
        if (q === '\'' || q === '"') {
          const end = line.indexOf(q, i + 1);
          if (end < 0) {
            throw new Error(`unterminated quote in: ${line}`);
          }
          word += line.slice(i + 1, end);
          i = end + 1;
        } else {
          word += q;
          i++;
        }
      }
      tokens.push({ word });
    }
  }
  return tokens;
}

/** One `cdk8s-netpol ...` invocation of a CI file. */
interface Invocation {
  readonly file: CiFile;
  /** The shell line, as written. */
  readonly line: string;
  /** The arguments after `cdk8s-netpol`. */
  readonly argv: string[];
  /** Where `>` or `>>` sends stdout, if anywhere. */
  readonly stdoutTo?: string;
}

/** The `cdk8s-netpol` invocations of some shell scripts (`npx cdk8s-netpol ...` too). */
function invocations(file: CiFile, scripts: string[]): Invocation[] {
  const result: Invocation[] = [];
  const lines = scripts.join('\n').replace(/\\\n/g, ' ').split('\n');
  for (const line of lines) {
    const tokens = tokenize(line);
    tokens.forEach((t, i) => {
      if (!('word' in t) || t.word !== 'cdk8s-netpol') {
        return;
      }
      const before = tokens[i - 1];
      const commandStart = (k: number) => k < 0 || 'op' in tokens[k];
      const isCommand = commandStart(i - 1) || ('word' in before && before.word === 'npx' && commandStart(i - 2));
      if (!isCommand) {
        return;
      }
      const argv: string[] = [];
      let k = i + 1;
      for (; k < tokens.length && 'word' in tokens[k]; k++) {
        argv.push((tokens[k] as { word: string }).word);
      }
      const op = tokens[k];
      const target = tokens[k + 1];
      const stdoutTo = op && 'op' in op && (op.op === '>' || op.op === '>>') && target && 'word' in target ? target.word : undefined;
      result.push({ file, line: line.trim(), argv, stdoutTo });
    });
  }
  return result;
}

/** The shell scripts of a GitHub Actions workflow: every step's `run`. */
function githubScripts(workflow: any): string[] {
  return Object.values<any>(workflow.jobs).flatMap(job => (job.steps ?? []).map((s: any) => s.run).filter((r: unknown) => typeof r === 'string'));
}

/** The shell scripts of a GitLab CI pipeline: `before_script`, `script` and `after_script` of every job and of `default`. */
function gitlabScripts(pipeline: any): string[] {
  return Object.values<any>(pipeline)
    .filter(job => job !== null && typeof job === 'object' && !Array.isArray(job))
    .flatMap(job => ['before_script', 'script', 'after_script'].flatMap(key => [job[key] ?? []].flat()));
}

const INVOCATIONS: Invocation[] = [
  ...invocations('github-actions.yml', githubScripts(DOC['github-actions.yml'])),
  ...invocations('gitlab-ci.yml', gitlabScripts(DOC['gitlab-ci.yml'])),
];

/** Synthesizes charts as `cdk8s synth` does: one dist/<chart>.k8s.yaml per chart. */
function synth(outdir: string, charts: ((app: App) => Chart)[]): void {
  const app = new App({ outdir });
  charts.forEach(make => make(app));
  app.synth();
}

/** The value of `--name VALUE` in argv, else `fallback`. */
function option(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
}

const SEVERITY_RANK: { [severity: string]: number } = { note: 0, warning: 1, error: 2 };

/** The severities of the findings a `lint` run printed, as SARIF or as text (the formats the pipelines use). */
function lintSeverities(argv: string[], stdout: string): string[] {
  if (option(argv, '--output', 'text') === 'sarif') {
    return JSON.parse(stdout).runs.flatMap((r: any) => r.results.map((x: any) => x.level));
  }
  return stdout.split('\n').map(l => /^\S+: (error|warning|note) NP\d{3} /.exec(l)?.[1]).filter((s): s is string => s !== undefined);
}

/** The exit code a run should have, by the CLI's documented exit codes and what it printed. */
function expectedExitCode(argv: string[], stdout: string): number {
  if (argv[0] === 'lint') {
    const failOn = SEVERITY_RANK[option(argv, '--fail-on', 'warning')];
    return lintSeverities(argv, stdout).some(s => SEVERITY_RANK[s] >= failOn) ? 1 : 0;
  }
  // validate, test and matrix: the example app's policies are valid and its probes hold;
  // diff: exit 1 on a change only with --exit-code, which the pipelines do not pass.
  return 0;
}

/** A GitHub workflow's steps that use an action, with their job. */
function githubSteps(uses: RegExp): { job: any; step: any }[] {
  return Object.values<any>(DOC['github-actions.yml'].jobs)
    .flatMap(job => (job.steps ?? []).map((step: any) => ({ job, step })))
    .filter(({ step }) => typeof step.uses === 'string' && uses.test(step.uses));
}

/** Runs the github-script step that comments the diff, with a fake API, in directory `cwd`. */
async function runCommentScript(cwd: string, existing: { id: number; body: string }[]): Promise<{ method: string; params: any }[]> {
  const script: string = githubSteps(/^actions\/github-script@/)[0].step.with.script;
  const calls: { method: string; params: any }[] = [];
  const record = (method: string) => async (params: any) => {
    calls.push({ method, params });
    return method === 'listComments' ? existing : {};
  };
  const github = {
    paginate: async (method: (params: any) => Promise<unknown>, params: any) => method(params),
    rest: { issues: { listComments: record('listComments'), createComment: record('createComment'), updateComment: record('updateComment') } },
  };
  const context = { repo: { owner: 'acme', repo: 'shop' }, issue: { number: 7 } };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    await new AsyncFunction('require', 'github', 'context', script)(require, github, context);
  } finally {
    process.chdir(previous);
  }
  return calls.filter(c => c.method !== 'listComments');
}

/*
 * The workspace of a CI job: app/ is the checkout, with dist/ synthesized
 * from the example app and its probes.yaml; base/ is the base branch's
 * worktree, whose dist/ holds only the shop.
 */
const WORKSPACE = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-pipeline-'));
const CHECKOUT = path.join(WORKSPACE, 'app');
const RUNS = new Map<Invocation, CliRun>();

beforeAll(async () => {
  synth(path.join(CHECKOUT, 'dist'), [
    app => new ShopChart(app, 'shop'),
    app => new PaymentsChart(app, 'payments'),
    app => new EnvironmentsChart(app, 'environments'),
    app => new ExternalAccessChart(app, 'external-access'),
    app => new EgressLimitsChart(app, 'egress-limits'),
    app => new MultiTenancyChart(app, 'multi-tenancy'),
  ]);
  synth(path.join(WORKSPACE, 'base', 'dist'), [app => new ShopChart(app, 'shop')]);
  fs.copyFileSync(path.join(ROOT, 'examples', 'probes.yaml'), path.join(CHECKOUT, 'probes.yaml'));
  for (const inv of INVOCATIONS) {
    RUNS.set(inv, await runCli(inv.argv, { cwd: CHECKOUT }));
  }
}, 120_000);

afterAll(() => {
  fs.rmSync(WORKSPACE, { recursive: true, force: true });
});

describe('CI pipeline |', () => {
  test.each(FILES)('examples/ci/%s is valid YAML without duplicate keys', file => {
    // WHEN
    const doc = YAML.parseDocument(SOURCE[file], { uniqueKeys: true });

    // THEN
    expect(doc.errors.map(e => e.message)).toEqual([]);
    expect(doc.warnings.map(e => e.message)).toEqual([]);
  });

  test.each(FILES)('the README shows examples/ci/%s exactly as it is', file => {
    // WHEN
    const shown = [...README.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)]
      .map(m => m[1])
      .filter(block => block.startsWith(`# examples/ci/${file}:`));

    // THEN
    expect(shown).toEqual([SOURCE[file]]);
  });

  test('the README snippet harness does not take a pipeline for the output of a TypeScript example', () => {
    // WHEN
    const outputs = snippets('README.md').flatMap(s => [s.yaml, s.text]).filter((o): o is string => o !== undefined);

    // THEN
    expect(outputs.filter(o => o.startsWith('# examples/ci/'))).toEqual([]);
  });

  test.each(FILES)('examples/ci/%s validates, runs the probes, lints to SARIF and diffs as markdown', file => {
    // WHEN
    const commands = INVOCATIONS.filter(inv => inv.file === file).map(inv => inv.argv);

    // THEN
    expect(commands).toContainEqual(['validate', 'dist/']);
    expect(commands).toContainEqual(['test', 'dist/', '--probes', 'probes.yaml']);
    expect(commands).toContainEqual(['lint', 'dist/', '--output', 'sarif']);
    expect(commands).toContainEqual(['diff', '../base/dist/', 'dist/', '--output', 'markdown']);
  });

  test.each(INVOCATIONS.map(inv => [inv.file, inv.line, inv] as const))(
    '%s: `%s` is accepted by the CLI and exits as documented on the example app', (_file, _line, inv) => {
      // WHEN
      const run = RUNS.get(inv)!;

      // THEN
      expect(inv.argv.filter(a => a.includes('$'))).toEqual([]); // run as written: no variables
      expect(run.stderr).toBe('');
      expect(run.code).toBe(expectedExitCode(inv.argv, run.stdout));
    });

  test('a misspelled flag fails the run with exit 2, so the check above would catch it', async () => {
    // GIVEN
    const lint = INVOCATIONS.find(inv => inv.argv[0] === 'lint')!;
    const misspelled = lint.argv.map(a => (a === '--output' ? '--ouptut' : a));

    // WHEN
    const run = await runCli(misspelled, { cwd: CHECKOUT });

    // THEN
    expect(misspelled).toContain('--ouptut');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--ouptut'/);
  });

  test('on a dist/ with findings, the lint commands exit 1 and the SARIF names them by paths relative to the checkout (lint-shop.yaml)', async () => {
    // GIVEN: a checkout whose dist/ holds manifests lint finds problems in
    const checkout = fs.mkdtempSync(path.join(WORKSPACE, 'findings-'));
    fs.mkdirSync(path.join(checkout, 'dist'));
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'lint-shop.yaml'), path.join(checkout, 'dist', 'lint-shop.yaml'));
    const lints = INVOCATIONS.filter(inv => inv.argv[0] === 'lint');
    const sarifRuns = lints.filter(inv => option(inv.argv, '--output', 'text') === 'sarif');

    // WHEN
    const runs = new Map<Invocation, CliRun>();
    for (const inv of lints) {
      runs.set(inv, await runCli(inv.argv, { cwd: checkout }));
    }

    // THEN
    expect(lints.map(inv => option(inv.argv, '--output', 'text'))).toEqual(['sarif', 'sarif', 'text']);
    expect(sarifRuns.map(inv => inv.stdoutTo)).toEqual(['netpol.sarif', 'netpol.sarif']);
    for (const inv of lints) {
      const run = runs.get(inv)!;
      expect(run.stderr).toBe('');
      expect(lintSeverities(inv.argv, run.stdout)).toEqual(['warning', 'warning', 'note', 'warning']);
      expect(expectedExitCode(inv.argv, run.stdout)).toBe(1);
      expect(run.code).toBe(1);
    }
    for (const inv of sarifRuns) {
      const log = JSON.parse(runs.get(inv)!.stdout);
      expect(log.version).toBe('2.1.0');
      const uris: string[] = log.runs.flatMap((r: any) => r.results.map((x: any) => x.locations[0].physicalLocation.artifactLocation.uri));
      expect(uris.length).toBeGreaterThan(0);
      expect(uris.filter(u => !u.startsWith('dist/'))).toEqual([]);
      expect(uris).toContain('dist/lint-shop.yaml');
    }
  });

  test('GitHub: the lint SARIF goes to code scanning, from a job allowed to write security events', () => {
    // WHEN
    const uploads = githubSteps(/^github\/codeql-action\/upload-sarif@/);

    // THEN
    expect(uploads).toHaveLength(1);
    const { job, step } = uploads[0];
    expect(step.with.sarif_file).toBe('netpol.sarif');
    expect(job.permissions).toMatchObject({ 'security-events': 'write' });
    const lint = job.steps.find((s: any) => typeof s.run === 'string' && s.run.includes('cdk8s-netpol lint'));
    expect(step.if).toContain(`steps.${lint.id}.outcome`);
  });

  test('GitHub: the diff is synthesized from the base commit and commented by a pull-request job allowed to write pull requests', () => {
    // WHEN
    const { job, step } = githubSteps(/^actions\/github-script@/)[0];

    // THEN
    expect(DOC['github-actions.yml'].on).toHaveProperty('pull_request');
    expect(job.if).toBe('github.event_name == \'pull_request\'');
    expect(job.permissions).toMatchObject({ 'pull-requests': 'write' });
    expect(job.steps.find((s: any) => s.uses === 'actions/checkout@v4').with['fetch-depth']).toBe(0);
    expect(githubScripts({ jobs: { job } }).join('\n')).toContain('git worktree add --detach ../base "$BASE_SHA"');
    expect(step.with.script).toContain('\'netpol-diff.md\'');
  });

  test('GitHub: every action is pinned to a major version tag', () => {
    // WHEN
    const uses = githubSteps(/./).map(({ step }) => step.uses);

    // THEN
    expect(uses.filter(u => !/^[\w-]+\/[\w-]+(\/[\w-]+)?@v\d+$/.test(u))).toEqual([]);
    expect(new Set(uses)).toEqual(new Set([
      'actions/checkout@v4', 'actions/setup-node@v4', 'github/codeql-action/upload-sarif@v3', 'actions/github-script@v7',
    ]));
  });

  test('GitHub: the comment script posts the diff once, then updates that comment (diff-old/ -> diff-new/)', async () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(WORKSPACE, 'comment-'));
    const fixtures = path.join(ROOT, 'test', 'fixtures');
    const diff = await runCli(['diff', path.join(fixtures, 'diff-old'), path.join(fixtures, 'diff-new'), '--output', 'markdown'], { cwd: dir });
    fs.writeFileSync(path.join(dir, 'netpol-diff.md'), diff.stdout);

    // WHEN
    const first = await runCommentScript(dir, []);
    const again = await runCommentScript(dir, [{ id: 1, body: 'LGTM' }, { id: 42, body: first[0].params.body }]);

    // THEN
    expect(diff.stdout).toMatch(/^\*\*NetworkPolicy diff:\*\* 2 newly allowed, /);
    const body = `<!-- cdk8s-netpol diff -->\n${diff.stdout}`;
    expect(first).toEqual([{ method: 'createComment', params: { owner: 'acme', repo: 'shop', issue_number: 7, body } }]);
    expect(again).toEqual([{ method: 'updateComment', params: { owner: 'acme', repo: 'shop', comment_id: 42, body } }]);
  });

  test('GitHub: the comment script cuts a diff too long for a comment at a line end', async () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(WORKSPACE, 'long-'));
    const row = '| `shop/web` | `shop/db` | TCP 5432 | ingress: no peer match |\n';
    fs.writeFileSync(path.join(dir, 'netpol-diff.md'), `**NetworkPolicy diff:** many changes.\n\n${row.repeat(2000)}`);

    // WHEN
    const [call] = await runCommentScript(dir, []);

    // THEN
    const body: string = call.params.body;
    expect(body.length).toBeLessThanOrEqual(65536);
    const [table, note] = body.split('\n\n_Cut short');
    expect(table.split('\n').slice(3)).toEqual(Array(table.split('\n').length - 3).fill(row.trimEnd()));
    expect(note).toBe(': the whole diff is in the summary of the workflow run._\n');
  });

  test('GitLab: the SARIF is kept as an artifact whatever the outcome, and the text lint decides the job', () => {
    // GIVEN
    const job = DOC['gitlab-ci.yml'].netpol;

    // THEN
    expect(job.artifacts).toMatchObject({ when: 'always', paths: ['netpol.sarif'] });
    expect(job.script).toContain('npx cdk8s-netpol lint dist/ --output sarif > netpol.sarif || [ $? -eq 1 ]');
    expect(job.script[job.script.length - 1]).toBe('npx cdk8s-netpol lint dist/');
  });

  test('GitLab: the diff job runs in merge request pipelines, against the merge base, and posts the diff as a note', () => {
    // GIVEN
    const job = DOC['gitlab-ci.yml']['netpol-diff'];
    const script = job.script.join('\n');

    // THEN
    expect(job.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(job.variables.GIT_DEPTH).toBe(0);
    expect(script).toContain('git worktree add --detach ../base "$CI_MERGE_REQUEST_DIFF_BASE_SHA"');
    expect(script).toContain('--data-urlencode "body@netpol-diff.md"');
    expect(script).toContain('"$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"');
  });
});
