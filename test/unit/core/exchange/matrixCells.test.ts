/** A matrix cell opens the passages behind it: for every table and every cell, the cell's count is the number of passages its query finds. */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { attributeCrosstab, cellQuery, configurationByArticle, displayQuote, loadExportData, queryPassages, roleByArticle, themeByArticle, themeByRole, type ExportData, type Matrix } from '../../../../src/core';
import { NodeFileSystem } from '../../../../src/cli/nodeFileSystem';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

function passagesOfCells(data: ExportData, m: Matrix, unitIsArticles = false): void {
  m.rows.forEach((r, i) =>
    r.cells.forEach((count, j) => {
      const found = queryPassages(data, cellQuery(m, i, j));
      const n = unitIsArticles ? new Set(found.map((p) => p.article)).size : found.length;
      // An attribute table counts articles, and an article without passages opens none.
      if (unitIsArticles) assert.ok(n <= count, `${m.title} [${r.label}, ${m.columns[j]}]: ${n} articles with passages, ${count} counted`);
      else assert.equal(n, count, `${m.title} [${r.label}, ${m.columns[j]}]`);
    }),
  );
}

describe('matrix cells → passages', () => {
  let data: ExportData;
  before(async () => {
    data = await loadExportData(new NodeFileSystem(path.join(ROOT, 'sample')));
  });

  it('every cell of the occurrence tables of sample/ opens exactly as many passages as it counts', () => {
    let nonZero = 0;
    for (const m of [themeByArticle(data), roleByArticle(data), configurationByArticle(data), themeByRole(data)]) {
      assert.ok(m.columnQueries && m.columnQueries.length === m.columns.length, m.title);
      passagesOfCells(data, m);
      nonZero += m.rows.reduce((n, r) => n + r.cells.filter((c) => c > 0).length, 0);
    }
    assert.ok(nonZero > 10, 'the sample has counts to check');
  });

  it('an attribute table cell opens the passages of the articles it counts', () => {
    const fields = data.project.attributes?.fields ?? [];
    assert.ok(fields.length > 0, 'the sample has document attributes');
    const m = attributeCrosstab(data, fields[0]!.id, fields[1]?.id);
    passagesOfCells(data, m, true);
    const whole = queryPassages(data, cellQuery(m, 0, undefined));
    assert.ok(whole.every((p) => (data.project.attributes?.documents?.[p.article]?.[fields[0]!.id] ?? '(not set)') === m.rows[0]!.label));
  });

  it('a row of "themes by article" counts the theme itself; the query of the theme takes in its sub-themes', () => {
    const m = themeByArticle(data);
    const parent = m.rows.findIndex((r, i) => (m.rows[i + 1]?.depth ?? 0) > (r.depth ?? 0));
    assert.ok(parent >= 0, 'the sample codebook has a theme with sub-themes');
    const own = queryPassages(data, cellQuery(m, parent, undefined)).length;
    const withBelow = queryPassages(data, { theme: (m.rows[parent]!.query as { theme: string }).theme }).length;
    assert.equal(own, m.rows[parent]!.cells.reduce((a, b) => a + b, 0));
    assert.ok(withBelow > own);
  });

  it('quotes are shown folded: page markers, soft hyphens and line breaks go; words stay', () => {
    assert.equal(displayQuote('co-\ndesign with\tservice users <!-- page 4 -->\n\nwho took\u00adpart'), 'co-design with service users who tookpart');
    assert.equal(displayQuote('  plain  '), 'plain');
  });
});
