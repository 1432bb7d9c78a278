import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { articleText, markdownHeadings, SectionIndex } from '../../../../src/core';

describe('sections', () => {
  const md = articleText(readFileSync(path.join(__dirname, '..', '..', '..', '..', 'sample', 'papers', 'masterson-2024.md')));

  it('gives heading paths in the sample article, without the document title', () => {
    const index = SectionIndex.forArticle('papers/masterson-2024.md', md);
    assert.equal(index.at(md.indexOf('The results of our abductive analysis')), 'Results › Main findings');
    assert.equal(index.at(md.indexOf('Data relating to co-design and co-production processes were extracted')), 'Abstract › Analysis');
    assert.equal(index.at(md.indexOf('Phase 2 – abductive analysis') + 40), 'Methods › Data extraction, synthesis, and analysis › Phase 2 – abductive analysis');
    assert.equal(index.at(0), undefined);
  });

  it('handles setext headings, skips # inside code, strips inline markup', () => {
    const text = 'Intro\n=====\n\ntext\n\n```\n# not a heading\n```\n\n## The *real* `one`\n\nbody\n';
    const h = markdownHeadings(text);
    assert.deepEqual(h.map((x) => [x.depth, x.title, x.line]), [[1, 'Intro', 0], [2, 'The real one', 9]]);
    const index = new SectionIndex(h);
    assert.equal(index.at(text.indexOf('body')), 'The real one');
    assert.equal(index.at(text.indexOf('not a heading')), undefined);
  });

  it('keeps several level-1 headings in paths', () => {
    const index = SectionIndex.forArticle('a.md', '# One\n\nx\n\n# Two\n\n## Sub\n\ny\n');
    assert.equal(index.at(7), 'One');
    assert.equal(index.at(22), 'Two › Sub');
  });

  it('has no sections in plain text', () => {
    const index = SectionIndex.forArticle('a.txt', '# Looks like a heading\n\ntext');
    assert.equal(index.at(25), undefined);
  });
});
