import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { anchorCodes, articleText, loose, selectorFor, type Code } from '../../../../src/core';
import { codeOn, corpus, reextract } from '../../../helpers/corpus';

const text = corpus();
const PASSAGE = 'initial reflection on intentions and assets (mechanisms) may create the initial conducive conditions for engagement';
const one = (t: string, code: Code) => anchorCodes(t, [code])[0]!;

/** Sentences spread through the article, each unique in it. */
function sentences(t: string, count: number): string[] {
  const all = t.split(/(?<=[.?!])\s+/).filter((s) => s.length > 40 && s.length < 400 && t.indexOf(s) === t.lastIndexOf(s));
  const step = Math.max(1, Math.floor(all.length / count));
  return all.filter((_, i) => i % step === 0).slice(0, count);
}

describe('anchoring on the corpus article', () => {
  it('keeps every code in place when the text is unchanged', () => {
    const codes = sentences(text, 40).map((s) => codeOn(text, s));
    const results = anchorCodes(text, codes);
    assert.deepEqual(new Set(results.map((r) => r.status)), new Set(['kept']));
  });

  it('moves a code when text is inserted before it', () => {
    const code = codeOn(text, PASSAGE);
    const edited = 'A new opening paragraph, added by the reviewer.\n\n' + text;
    const r = one(edited, code);
    assert.equal(r.status, 'moved');
    assert.equal(r.start, code.start + 49);
    assert.equal(edited.slice(r.start, r.end), PASSAGE);
  });

  it('keeps a code when text after it changes', () => {
    const code = codeOn(text, PASSAGE);
    const edited = text.slice(0, code.end + 200) + ' INSERTED ' + text.slice(code.end + 200);
    assert.equal(one(edited, code).status, 'kept');
  });

  it('follows an edit inside the passage by approximate match', () => {
    const code = codeOn(text, PASSAGE);
    const edited = text.replace('conducive conditions', 'favourable conditions');
    const r = one(edited, code);
    assert.equal(r.status, 'fuzzy');
    assert.equal(edited.slice(r.start, r.end), PASSAGE.replace('conducive', 'favourable'));
    assert.ok(r.score! > 0.8, `score ${r.score}`);
  });

  it('orphans a code whose passage was deleted, and returns it untouched', () => {
    const code = codeOn(text, PASSAGE);
    const frozen = structuredClone(code);
    const edited = text.replace(/For example, initial reflection[^.]*\./, '');
    const r = one(edited, code);
    assert.equal(r.status, 'orphaned');
    assert.equal(r.code, code);
    assert.deepEqual(code, frozen);
    assert.equal(r.start, code.start);
  });

  it('chooses the right occurrence of a repeated phrase, by its context', () => {
    const phrase = 'co-design or co-production';
    const positions: number[] = [];
    for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) positions.push(at);
    assert.ok(positions.length >= 5, `${positions.length} occurrences`);
    const target = positions[3]!;
    const code = codeOn(text, phrase, 'context', target);
    // Shift everything by a long insertion so the old position points at nothing useful.
    const edited = text.slice(0, 100) + 'x'.repeat(5000) + text.slice(100);
    const r = one(edited, code);
    assert.equal(r.status, 'moved');
    assert.equal(r.start, target + 5000);
  });

  it('prefers the occurrence nearest the expected position when contexts tie', () => {
    const t = 'alpha beta gamma. alpha beta gamma. alpha beta gamma.';
    const code: Code = { id: 'near0001', role: 'context', start: 19, end: 29, exact: 'lpha beta ', prefix: '', suffix: '', coder: 't' };
    // Occurrences now at 3, 21 and 39; the code was at 19.
    const r = one('zz' + t, code);
    assert.equal(r.status, 'moved');
    assert.equal(r.start, 21);
  });

  it('reads a CRLF checkout at the same offsets as LF', () => {
    const code = codeOn(text, PASSAGE);
    const crlf = articleText(new TextEncoder().encode(text.replace(/\n/g, '\r\n')));
    assert.equal(crlf, text);
    assert.equal(one(crlf, code).status, 'kept');
  });

  it('never splits a surrogate pair', () => {
    const t = 'Before 👩🏽‍⚕️ the nurse 🩺 said: co-design works 🎉 here.';
    const mid = t.indexOf('👩') + 1; // inside the pair
    const sel = selectorFor(t, mid, t.indexOf('🩺') + 1);
    assert.equal(sel.start, mid - 1);
    assert.equal(sel.end, t.indexOf('🩺') + 2);
    assert.ok(!/[\uD800-\uDBFF]$/.test(sel.exact) && !/^[\uDC00-\uDFFF]/.test(sel.exact));
    const code: Code = { id: 'emoji001', role: 'outcome', ...selectorFor(t, t.indexOf('co-design'), t.indexOf('🎉') + 2) };
    const edited = '🧪🧪 ' + t.replace('works', 'work');
    const r = one(edited, code);
    assert.equal(r.status, 'fuzzy');
    const found = edited.slice(r.start, r.end);
    assert.ok(found.startsWith('co-design') && found.endsWith('🎉'), found);
    for (const at of [r.start, r.end]) {
      const c = edited.charCodeAt(at);
      assert.ok(!(c >= 0xdc00 && c <= 0xdfff), `offset ${at} splits a pair`);
    }
  });

  it('finds every code again in a re-extracted copy of the article (wrapping, hyphenation, ligatures, spacing, CRLF)', () => {
    const codes = sentences(text, 60).map((s, i) => codeOn(text, s, i % 2 ? 'outcome' : 'context'));
    const again = articleText(new TextEncoder().encode(reextract(text)));
    assert.notEqual(again, text);
    const results = anchorCodes(again, codes);
    const orphans = results.filter((r) => r.status === 'orphaned');
    assert.equal(orphans.length, 0, `orphaned: ${orphans.map((o) => o.code.exact.slice(0, 40)).join(' | ')}`);
    for (const r of results) {
      const found = again.slice(r.start, r.end);
      assert.equal(loose(found), loose(r.code.exact), `${r.status}: ${found.slice(0, 80)}`);
    }
    assert.ok(results.filter((r) => r.status === 'fuzzy').length > 30, 'most codes needed the loose match');
  });

  it('does not land a short quote on a lookalike word when its context is gone', () => {
    const t = 'The intervention relied on trust. '.repeat(1) + 'Later, the team relied on rust-proof tools.';
    const code: Code = { id: 'short001', role: 'context', ...selectorFor(t, t.indexOf('trust'), t.indexOf('trust') + 5) };
    const edited = t.replace('The intervention relied on trust. ', 'Something else entirely was said here. ');
    assert.equal(one(edited, code).status, 'orphaned');
  });

  it('keeps a zero-length or empty-quote code as an orphan rather than guessing', () => {
    const code: Code = { id: 'empty001', role: 'context', start: 5, end: 5, exact: '', prefix: 'abc', suffix: 'def' };
    assert.equal(one('xyz', code).status, 'orphaned');
    assert.equal(one('0123456789', code).status, 'kept');
  });

  it('property: random edits away from a passage never move it off its text', () => {
    const pool = sentences(text, 30);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: pool.length - 1 }),
        fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.integer({ min: 0, max: 300 }), ins: fc.string({ maxLength: 120 }) }), { maxLength: 12 }),
        (which, edits) => {
          const code = codeOn(text, pool[which]!);
          let t = text;
          let start = code.start;
          let end = code.end;
          for (const e of edits) {
            // Pick a spot before or after the passage, and edit there without touching it.
            const before = e.at < start / t.length;
            const pos = before ? Math.floor(e.at * start) : end + Math.floor((e.at - start / t.length) * (t.length - end));
            const del = before ? Math.min(e.del, start - pos) : Math.min(e.del, t.length - pos);
            t = t.slice(0, pos) + e.ins + t.slice(pos + del);
            if (before) {
              start += e.ins.length - del;
              end += e.ins.length - del;
            }
          }
          const r = one(t, code);
          assert.ok(r.status === 'kept' || r.status === 'moved', r.status);
          assert.equal(t.slice(r.start, r.end), code.exact);
          // With the passage unique, the position is exactly where the edits put it (or an identical copy an insertion made).
          if (t.indexOf(code.exact) === t.lastIndexOf(code.exact)) assert.equal(r.start, start);
        },
      ),
      { numRuns: 200, seed: 20261122 },
    );
  });
});
