/** Markdown headings by one scan of the lines, checked against remark-parse (the reference) and timed at 20 MB. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { markdownHeadings, type Heading } from '../../../../src/core';
import { rng } from '../../../helpers/corpus';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

/** The reference: remark's top-level headings, as the section index used to read them. */
function remarkHeadings(text: string): Heading[] {
  interface Node {
    type: string;
    depth?: number;
    value?: string;
    children?: Node[];
    position?: { start: { offset?: number; line: number } };
  }
  const plain = (n: Node): string => (typeof n.value === 'string' ? n.value : (n.children ?? []).map(plain).join(''));
  const tree = unified().use(remarkParse).parse(text) as Node;
  return (tree.children ?? [])
    .filter((n) => n.type === 'heading')
    .map((n) => ({ depth: n.depth ?? 1, title: plain(n).replace(/\s+/g, ' ').trim(), offset: n.position?.start.offset ?? -1, line: (n.position?.start.line ?? 0) - 1 }));
}

const BLOCKS = [
  () => '# Results',
  () => '## Tailoring *to* context',
  () => '### Trust and `code` in [a link](http://x.org)',
  () => '  #### Indented heading ##',
  () => '#Not a heading',
  () => '####### Seven is not a heading',
  () => 'A paragraph line\nthat goes on.',
  () => 'Setext title\n===',
  () => 'Another setext\nover two lines\n---',
  () => '---',
  () => '* * *',
  () => '```\n# not a heading in code\n```',
  () => '~~~~ md\n# still code\n~~~',
  () => '    # indented code',
  () => '- a list item\n- # heading in a list',
  () => '1. numbered\n   # inside the item',
  () => '> # quoted heading\n> more quote',
  () => '> quote\nlazy line',
  () => '<div>\n# inside html\n</div>',
  () => '<!-- page 5 -->',
  () => '<!--\n# in a comment\n-->',
  () => 'Text with &amp; entity and \\# escape',
  () => '# Heading with &amp; and \\* escapes',
  () => '+ plus item\n\n  continued # not heading\n\n# After the list',
  () => 'para\n# ATX interrupts a paragraph',
  () => 'para\n    four spaces continue it',
  () => '',
  () => '\t# tab-indented is code',
];

describe('Markdown headings by a scan of the lines', () => {
  it('match remark on the sample article and the README', () => {
    for (const file of ['sample/papers/masterson-2024.md', 'README.md', 'CHANGELOG.md', 'THEORY.md'].map((f) => (f === 'THEORY.md' ? 'sample/THEORY.md' : f))) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      const ours = markdownHeadings(text);
      assert.ok(ours.length > 0, file);
      assert.deepEqual(ours, remarkHeadings(text), file);
    }
  });

  it('property: 500 random documents of headings, code, lists, quotes, HTML and paragraphs give what remark gives', () => {
    const random = rng(20261124);
    for (let n = 0; n < 500; n++) {
      const parts: string[] = [];
      const count = 1 + Math.floor(random() * 10);
      for (let i = 0; i < count; i++) parts.push((BLOCKS[Math.floor(random() * BLOCKS.length)] as () => string)());
      const sep = () => (random() < 0.7 ? '\n\n' : '\n');
      const text = parts.reduce((acc, p, i) => (i === 0 ? p : acc + sep() + p), '') + (random() < 0.5 ? '\n' : '');
      assert.deepEqual(markdownHeadings(text), remarkHeadings(text), JSON.stringify(text));
    }
  });

  it('a 20 MB article costs about a scan of its text', function () {
    this.timeout(20_000);
    const unit = readFileSync(path.join(ROOT, 'sample/papers/masterson-2024.md'), 'utf8');
    const big = unit.repeat(Math.ceil((20 * 1024 * 1024) / unit.length));
    const t0 = Date.now();
    const headings = markdownHeadings(big);
    const ms = Date.now() - t0;
    const t1 = Date.now();
    let lines = 0;
    for (let i = big.indexOf('\n'); i >= 0; i = big.indexOf('\n', i + 1)) lines++;
    const scan = Math.max(1, Date.now() - t1);
    console.log(`      20 MB: ${headings.length} headings in ${ms} ms (a bare line count: ${scan} ms)`);
    assert.equal(headings.length, markdownHeadings(unit).length * Math.ceil((20 * 1024 * 1024) / unit.length));
    assert.ok(lines > 0);
  });
});
