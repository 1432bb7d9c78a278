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
    assert.match(report, /^### Dialogue and documentation lead to alignment$/m);
    assert.match(report, /\| \*\*M\*\* Mechanism reasoning \| “In summary, the transformation/);
    assert.match(report, /\[masterson-2024\.md:\d+\]\(papers\/masterson-2024\.md\?plain=1#L\d+\) \| Results › Main findings \|/);
    assert.match(report, /```mermaid\nflowchart LR\n/);
    assert.match(report, /\| 2 \| 11 \| 3 \| 2 \| 2 \| 4 \| 0 \| 2 \| 1 \| 5 \|/);
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
