import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { articleText, excerpt, LineIndex, normalizeNewlines, sha256Hex, snapStart, stripBom } from '../../../../src/core';
import { corpus } from '../../../helpers/corpus';

describe('text', () => {
  it('an article is UTF-8 without BOM, with CRLF and lone CR folded to LF', () => {
    const bytes = new TextEncoder().encode('\ufeffa\r\nb\rc\n');
    assert.equal(articleText(bytes), 'a\nb\nc\n');
    assert.equal(normalizeNewlines('x\r\ny'), 'x\ny');
    assert.equal(stripBom('\ufeffx'), 'x');
    assert.throws(() => articleText(new Uint8Array([0xff, 0xfe, 0x41])));
  });

  it('hashes the LF text as Node does', () => {
    const text = corpus();
    assert.equal(sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('line index positions agree with splitting the corpus article into lines', () => {
    const text = corpus();
    const index = new LineIndex(text);
    const lines = text.split('\n');
    const long = lines.map((l, n) => (l.length > 3 ? n : -1)).filter((n) => n >= 0);
    for (const n of [long[0]!, long[1]!, long[10]!, long[long.length - 1]!]) {
      const offset = lines.slice(0, n).reduce((s, l) => s + l.length + 1, 0) + 3;
      assert.deepEqual(index.position(offset), { line: n, character: 3 });
    }
  });

  it('excerpts fold white space and cut with an ellipsis; starts never split a surrogate pair', () => {
    assert.equal(excerpt('  a\n\n b  ', 10), 'a b');
    assert.equal(excerpt('abcdefghij', 5), 'abcd…');
    const s = 'x😀y';
    assert.equal(snapStart(s, 2), 1);
    assert.equal(snapStart(s, 1), 1);
  });
});
