import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { emptySidecar, escapeInline, loadReportData, renderReport, selectorFor, type Code } from '../../../../src/core';
import { NodeFileSystem } from '../../../../src/cli/nodeFileSystem';

const SAMPLE = path.join(__dirname, '..', '..', '..', '..', 'sample');

describe('THEORY.md', () => {
  it('matches the committed sample/THEORY.md byte for byte (golden), and twice the same', async () => {
    const { data, problems } = await loadReportData(new NodeFileSystem(SAMPLE));
    assert.deepEqual(problems, []);
    const report = renderReport(data!);
    assert.equal(report, readFileSync(path.join(SAMPLE, 'THEORY.md'), 'utf8'));
    assert.equal(renderReport(data!), report);
  });

  it('has the programme, theory, configurations with each quote, line links, a Mermaid diagram and counts', async () => {
    const report = readFileSync(path.join(SAMPLE, 'THEORY.md'), 'utf8');
    assert.match(report, /^# Programme theory$/m);
    assert.match(report, /^## Engagement, alignment and agreement$/m);
    assert.match(report, /^### Dialogue and documentation lead to alignment \*\(refined\)\*$/m);
    assert.match(report, /\| \*\*M\*\* Mechanism reasoning \| “In summary, the transformation/);
    assert.match(report, /\[masterson-2024\.md:\d+\]\(papers\/masterson-2024\.md\?plain=1#L\d+\)<br>relevance high, rigour high \| Results › Main findings \|/);
    assert.match(report, /```mermaid\nflowchart LR\n/);
    // Theme-only codes have their column (only when there are some) and are never "unassigned".
    assert.match(report, /\| articles \| codes \| context \| mechanism resource \| mechanism reasoning \| outcome \| mechanism \| theme only \| configurations \| theories \| unassigned codes \|/);
    assert.match(report, /\| 3 \| 20 \| 5 \| 4 \| 3 \| 7 \| 0 \| 1 \| 3 \| 1 \| 6 \|/);
  });

  it('shows the evidence model: stances, studies by stance with appraisals, if / then / because, links, status and the refinement log', () => {
    const report = readFileSync(path.join(SAMPLE, 'THEORY.md'), 'utf8');
    assert.match(report, /\| \*\*O\*\* Outcome \| ✗ \*\*refutes\*\* “the forum did not reach alignment/);
    assert.match(report, /\| \*\*M\*\* Mechanism reasoning \| ± \*\*refines\*\* “documentation matters, but in this forum it helped only when members could read and shape it”<br>\*Cites:\* papers\/masterson-2024\.txt \|/);
    assert.match(report, /^\*\*Evidence:\*\* 2 supporting studies \(2 of high rigour\), 1 refuting study, 2 refining studies \(1 of high rigour\)\.<br>✓ Supporting: papers\/masterson-2024\.md \(relevance high, rigour high\); papers\/masterson-2024\.txt \(relevance high, rigour high\)<br>✗ Refuting: papers\/riverside-2025\.md \(relevance high, rigour moderate\)<br>± Refining: papers\/masterson-2024\.txt \(cited; relevance high, rigour high\); papers\/riverside-2025\.md \(relevance high, rigour moderate\)$/m);
    assert.match(report, /\[riverside-2025\.md:41\]\(papers\/riverside-2025\.md\?plain=1#L41\)<br>relevance high, rigour moderate \| Findings › Alignment \|/);
    assert.match(report, /^\*\*If\*\* interaction is iterative<br>\*\*Then\*\* the group aligns on its ways of working<br>\*\*Because\*\* dialogue and records/m);
    assert.match(report, /^Leads to: \*Records written with members lead to agreement on ways of working\*\.$/m);
    assert.match(report, /^ {2}K_k1engage -\. leads to \.-> K_k2align0$/m);
    assert.match(report, /^## How this theory was refined\n\n\| date \| who \| what \| change \| why \|\n\|---\|---\|---\|---\|---\|\n\| 2026-11-23 \| alice \| Configuration \*Dialogue and documentation lead to alignment\* \| statement revised<br>was: If interaction is iterative \(C\), then dialogue and documentation \(M\) lead/m);
    assert.match(report, /\| status initial → refined \| Refined after the Riverside negative case/);
  });

  it('a review without the evidence model reads as before: no theme-only column, no evidence of missing codes, no history section', () => {
    const text = 'A context here. An outcome there.';
    const codes: Code[] = [{ id: 'ctx00001', role: 'context', ...selectorFor(text, 0, 15) }];
    const report = renderReport({ project: { cmo: 1, configurations: [{ id: 'conf0001', title: 'K', codes: ['a.txt#ctx00001', 'a.txt#gone0001'] }] }, articles: [{ path: 'a.txt', sidecar: { ...emptySidecar('a.txt', text), codes }, text }] });
    assert.ok(!report.includes('theme only'));
    assert.ok(!report.includes('How this theory was refined'));
    assert.match(report, /^\*\*Evidence:\*\* 1 supporting study\.<br>✓ Supporting: a\.txt$/m, 'the missing code is no evidence');
  });

  it('escapes hostile quotes so a table row stays one row of four cells', () => {
    const text = 'Before. A | pipe, *stars*, _under_, <b>tag</b>, `tick`\nand a new line. After.';
    const quote = text.slice(8, text.indexOf(' After'));
    const code: Code = { id: 'hostile1', role: 'context', ...selectorFor(text, 8, 8 + quote.length) };
    const report = renderReport({
      project: { cmo: 1, configurations: [{ id: 'conf0001', title: '# Not | a heading', codes: ['a.txt#hostile1', 'a.txt#missing1'] }] },
      articles: [{ path: 'a.txt', sidecar: { ...emptySidecar('a.txt', text), codes: [code] }, text }],
    });
    const row = report.split('\n').find((l) => l.includes('pipe'))!;
    assert.equal(row.replace(/\\\|/g, '').split('|').length - 1, 5, row);
    assert.ok(!row.includes('<b>') && row.includes('\\<b\\>'));
    assert.ok(row.includes('\\*stars\\*') && row.includes('\\_under\\_') && row.includes('\\`tick\\`'));
    assert.match(report, /^### \\# Not \\\| a heading$/m);
    assert.match(report, /⚠ \| \*missing code\* `a\.txt#missing1`/);
    assert.match(report, /## Configurations in no theory/);
  });

  it('escapeInline flattens line breaks and neutralises block starts', () => {
    assert.equal(escapeInline('1. not a list\nline'), '\\1. not a list line');
    assert.equal(escapeInline('- item'), '\\- item');
    assert.equal(escapeInline('plain (parens) stay'), 'plain (parens) stay');
  });
});
