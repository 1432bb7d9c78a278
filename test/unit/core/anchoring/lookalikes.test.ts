/**
 * A code must never silently claim the wrong words. When its passage is
 * deleted, a lookalike (a number changed, a negation added) must not take
 * its place, near or far, even with the passage's own context around it.
 */
import { strict as assert } from 'node:assert';
import { anchorCodes, claimsOf, loose, sameClaims, selectorFor, type Code } from '../../../../src/core';
import { corpus, rng } from '../../../helpers/corpus';

const text = corpus();

/** The passage with up to two harmless typos, then its claim changed: a digit changed, or a negation added. */
function lookalike(quote: string, random: () => number): string {
  let out = quote;
  for (let typos = Math.floor(random() * 3); typos > 0; typos--) {
    const letters = [...out.matchAll(/[a-z]/g)];
    const l = letters[Math.floor(random() * letters.length)];
    if (l) out = out.slice(0, l.index) + String.fromCharCode(97 + Math.floor(random() * 26)) + out.slice((l.index as number) + 1);
  }
  const digits = [...out.matchAll(/\d/g)];
  if (digits.length && random() < 0.8) {
    const d = digits[Math.floor(random() * digits.length)] as RegExpMatchArray;
    const old = Number(d[0]);
    return out.slice(0, d.index) + String((old + 1 + Math.floor(random() * 8)) % 10) + out.slice((d.index as number) + 1);
  }
  const words = [...out.matchAll(/(?<=\s)[a-z]{4,}\b/g)];
  const w = words[Math.floor(random() * words.length)];
  if (!w) return '';
  const at = w.index as number;
  const how = Math.floor(random() * 4);
  return out.slice(0, at) + (how === 0 ? 'not ' : how === 1 ? 'never ' : how === 2 ? 'un' : 'no ') + out.slice(at);
}

/** A space within `radius` of `around` (or anywhere further than `beyond` from it), where something can be inserted. */
function placeNear(t: string, around: number, random: () => number, radius: number): number {
  const at = Math.max(0, Math.min(t.length - 1, around + Math.floor((random() * 2 - 1) * radius)));
  const space = t.indexOf(' ', at);
  return space < 0 ? t.length : space + 1;
}

describe('anchoring never misplaces a code on a lookalike', () => {
  it('the two cases seen: a negation added, a flow-diagram row with other numbers', () => {
    const article = 'Data availability. All data generated are included in the article\u2019s Creative Commons licence, unless indicated otherwise in a credit line.';
    const from = article.indexOf('All data');
    const code: Code = { id: 'neg00001', role: 'outcome', ...selectorFor(article, from, article.indexOf(' Commons')) };
    assert.equal(code.exact, 'All data generated are included in the article\u2019s Creative');
    const replaced = article.replace('All data generated are included in the article\u2019s Creative', 'Some data generated are not included in the article\u2019s Creative');
    assert.equal(anchorCodes(replaced, [code])[0]?.status, 'orphaned');

    const flow = 'Records screened\npublished 2013 \u2013 9 / n = 31\npublished 2012 \u2013 12 / published 2011 \u2013 7 / n = 52\nRecords excluded\n';
    const row = flow.indexOf('published 2012');
    const rowCode: Code = { id: 'row00001', role: 'context', ...selectorFor(flow, row, flow.indexOf('\nRecords excluded')) };
    const withoutRow = flow.replace('published 2012 \u2013 12 / published 2011 \u2013 7 / n = 52\n', 'published 2012 \u2013 11 / published 2011 \u2013 8 / n = 51\n');
    assert.equal(anchorCodes(withoutRow, [rowCode])[0]?.status, 'orphaned');
  });

  it('claims: numbers kept in order (one may be added), negations counted, no word turned into its opposite', () => {
    const same = (a: string, b: string) => sameClaims(claimsOf(loose(a)), claimsOf(loose(b)));
    assert.equal(same('published 2012 - 12, n = 52', 'published 2012 - 12, n = 52'), true);
    assert.equal(same('Ninety-three peer-review articles', 'Ninety-three (93) peer-review articles'), true);
    assert.equal(same('published 2012 - 12', 'published 2011 - 12'), false);
    assert.equal(same('n = 5', 'n = 52'), false);
    assert.equal(same('are included in the article', 'are not included in the article'), false);
    assert.equal(same('it was likely to work', 'it was unlikely to work'), false);
    assert.equal(same("it doesn't work", 'it does work'), false);
    assert.equal(same('co-design workshops', 'codesign workshop'), true);
  });

  it('property: 1,000 passages deleted or kept beside a lookalike (near, far, in place, with their own context): 0 misplaced', () => {
    const random = rng(20261124);
    const sentences = [...text.matchAll(/[A-Z][^.\n]{30,180}\./g)].filter((m) => text.indexOf(m[0]) === m.index && text.indexOf(m[0], (m.index as number) + 1) < 0);
    const tally = { cases: 0, misplaced: 0, orphaned: 0, found: 0, byKind: {} as Record<string, number> };
    const failures: string[] = [];
    while (tally.cases < 1000) {
      const m = sentences[Math.floor(random() * sentences.length)] as RegExpMatchArray;
      const start = m.index as number;
      const quote = m[0];
      const fake = lookalike(quote, random);
      if (!fake || fake === quote) continue;
      const code: Code = { id: `case${tally.cases}`, role: 'context', ...selectorFor(text, start, start + quote.length) };
      const kind = ['in place', 'deleted, lookalike near', 'deleted, lookalike far with its context', 'kept, lookalike beside it'][tally.cases % 4] as string;
      let after: string;
      let truth: number | undefined; // where the passage really is now, if anywhere
      const without = text.slice(0, start) + text.slice(start + quote.length);
      if (kind === 'in place') after = text.slice(0, start) + fake + text.slice(start + quote.length);
      else if (kind === 'deleted, lookalike near') {
        const at = placeNear(without, start, random, 400);
        after = without.slice(0, at) + fake + ' ' + without.slice(at);
      } else if (kind === 'deleted, lookalike far with its context') {
        let at = placeNear(without, Math.floor(random() * without.length), random, 0);
        if (Math.abs(at - start) < 3000) at = placeNear(without, (start + without.length / 2) % without.length, random, 0);
        after = without.slice(0, at) + code.prefix + fake + code.suffix + ' ' + without.slice(at);
      } else {
        const at = placeNear(text, start - 200, random, 150);
        const inserted = code.prefix + fake + code.suffix + ' ';
        after = text.slice(0, at) + inserted + text.slice(at);
        truth = start + (at <= start ? inserted.length : 0);
      }
      tally.cases++;
      tally.byKind[kind] = (tally.byKind[kind] ?? 0) + 1;
      const r = anchorCodes(after, [code])[0];
      assert.ok(r);
      if (r.status === 'orphaned') {
        tally.orphaned++;
        if (truth !== undefined) failures.push(`orphaned though kept (${kind}): "${quote}"`);
        continue;
      }
      tally.found++;
      if (truth === undefined || r.start !== truth) {
        tally.misplaced++;
        if (failures.length < 5) failures.push(`${kind}: "${quote}" → ${r.status} on "${after.slice(r.start, r.end)}"`);
      }
    }
    console.log(`      ${tally.cases} cases: ${tally.misplaced} misplaced, ${tally.orphaned} orphaned, ${tally.found} found; ${JSON.stringify(tally.byKind)}`);
    assert.equal(tally.misplaced, 0, failures.join('\n'));
    assert.deepEqual(failures, [], 'a kept passage is always found in its place');
  });
});
