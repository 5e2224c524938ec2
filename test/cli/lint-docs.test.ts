import * as fs from 'fs';
import * as path from 'path';
import { cli, fixture } from './_support';
import { atOrAbove, LINT_RULES } from '../../src/analysis/lint';
import { ruleAnchor } from '../../src/render/lint';

/*
 * docs/lint.md documents every rule with a failing and a passing example.
 * The examples are fixtures: the YAML shown must be the fixture's, the
 * failing one must trigger exactly its rule, the passing one none.
 */

const DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'lint.md'), 'utf8');

interface RuleSection {
  readonly id: string;
  readonly name: string;
  readonly text: string;
}

/** The `## NPxxx name` sections of the doc. */
function sections(): RuleSection[] {
  const headings = [...DOC.matchAll(/^## (NP\d{3}) (\S+)\n/gm)];
  return headings.map((h, i) => ({
    id: h[1],
    name: h[2],
    text: DOC.slice(h.index! + h[0].length, i + 1 < headings.length ? headings[i + 1].index : undefined),
  }));
}

/** The fixture named under `### <title>` and the YAML block that follows it. */
function example(section: RuleSection, title: 'Fails' | 'Passes'): { file: string; yaml: string } {
  const m = new RegExp(`^### ${title}\\n\\n\`test/fixtures/([a-z0-9-]+\\.yaml)\`:\\n\\n\`\`\`yaml\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(section.text);
  if (!m) {
    throw new Error(`docs/lint.md: ${section.id} has no "${title}" example`);
  }
  return { file: m[1], yaml: m[2] };
}

const SECTIONS = sections();
const EXAMPLES = SECTIONS.flatMap(s => (['Fails', 'Passes'] as const).map(title => [`${s.id} ${title.toLowerCase()}`, s, title] as const));

describe('docs/lint.md |', () => {
  test('documents every rule, in order, with its name, severity and summary', () => {
    // THEN
    expect(SECTIONS.map(s => [s.id, s.name])).toEqual(LINT_RULES.map(r => [r.id, r.name]));
    for (const rule of LINT_RULES) {
      const section = SECTIONS.find(s => s.id === rule.id)!;
      expect(section.text).toMatch(new RegExp(`^\\n\\*\\*Severity:\\*\\* ${rule.severity}\\n\\n${escape(rule.summary)}\\n`));
      expect(DOC).toContain(`| [${rule.id}](#${ruleAnchor(rule)}) | \`${rule.name}\` | ${rule.severity} | ${rule.summary} |`);
    }
  });

  test('the anchor that SARIF help links and the rule table use is the anchor of the rule\'s heading', () => {
    // THEN
    expect(SECTIONS.map(s => headingAnchor(`${s.id} ${s.name}`))).toEqual(LINT_RULES.map(ruleAnchor));
  });

  test.each(EXAMPLES)('the %s example is the fixture it names', (_name, section, title) => {
    // GIVEN
    const { file, yaml } = example(section, title);

    // THEN
    expect(file).toBe(`lint-${section.id.toLowerCase()}-${title === 'Fails' ? 'fail' : 'pass'}.yaml`);
    expect(yaml).toEqual(fs.readFileSync(fixture(file), 'utf8'));
  });

  test.each(EXAMPLES)('the %s example triggers exactly what it says', async (_name, section, title) => {
    // GIVEN
    const { file } = example(section, title);
    const rule = LINT_RULES.find(r => r.id === section.id)!;

    // WHEN
    const run = await cli('lint', fixture(file), '--output', 'json');

    // THEN
    const report = JSON.parse(run.stdout);
    expect(report.skipped).toEqual([]);
    if (title === 'Fails') {
      expect(report.findings.map((f: any) => f.ruleId)).toEqual([rule.id]);
      expect(run.code).toBe(atOrAbove(rule.severity, 'warning') ? 1 : 0);
    } else {
      expect(report.findings).toEqual([]);
      expect(run.code).toBe(0);
    }
  });
});

/** The anchor GitHub gives a heading: lower case, punctuation other than `-` and `_` dropped, spaces as `-`. */
function headingAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
