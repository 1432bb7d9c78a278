/** The XML reader REFI-QDA files go through, and the schema table generated from the REFI-QDA XSD. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { readXml, XmlError } from '../../../../src/core/exchange/xmlReader';
import { generate, OUT_PATH, XSD_PATH } from '../../../fixtures/make-refi-schema';

function errorOf(xml: string): XmlError {
  try {
    readXml(xml);
  } catch (e) {
    if (e instanceof XmlError) return e;
    throw e;
  }
  assert.fail(`no error for ${xml}`);
}

describe('XML reader', () => {
  it('reads elements, attributes, text, entities, character references and CDATA, with each element\'s line and column', () => {
    const root = readXml('\ufeff<?xml version="1.0" encoding="utf-8"?>\n<!-- c -->\n<qda:Project xmlns:qda="u" name="a &amp; b&#13;c\td">\n  <Note guid=\'x\'><PlainTextContent>1 &lt; 2 &#x1F600; <![CDATA[<raw> & ]]></PlainTextContent></Note>\n  <Empty/>\n</qda:Project>\n<!-- after -->\n');
    assert.equal(root.name, 'Project');
    assert.equal(root.attributes.name, 'a & b\rc d', 'a literal tab becomes a space; &#13; stays a carriage return');
    const note = root.children[0]!;
    assert.deepEqual([note.name, note.line, note.column, note.attributes.guid], ['Note', 4, 3, 'x']);
    assert.equal(note.children[0]!.text, '1 < 2 😀 <raw> & ');
    assert.deepEqual([root.children[1]!.name, root.children[1]!.line], ['Empty', 5]);
  });

  it('refuses what is not well formed, naming the line and column', () => {
    const cases: Array<[string, RegExp, number, number]> = [
      ['<a>\n  <b></c>\n</a>', /<\/c> closes <b> \(opened at line 2, column 3\)/, 2, 6],
      ['<a x="1" x="2"/>', /x is given twice/, 1, 10],
      ['<a>\n&nbsp;</a>', /&nbsp; is not defined/, 2, 1],
      ['<a>fish & chips</a>', /"&" must start an entity/, 1, 9],
      ['<a x=1/>', /the value of x must be in quotes/, 1, 6],
      ['<a>\n<b>', /<b> \(line 2, column 1\) is never closed/, 2, 4],
      ['<a/><b/>', /nothing but comments may follow the root element/, 1, 5],
      ['<!DOCTYPE a [<!ENTITY x "xx">]><a/>', /a DOCTYPE is refused/, 1, 1],
      ['<a>&#0;</a>', /&#0; is not a character XML allows/, 1, 4],
      ['', /the file has no root element/, 1, 1],
    ];
    for (const [xml, message, line, column] of cases) {
      const e = errorOf(xml);
      assert.match(e.message, message, xml);
      assert.deepEqual([e.line, e.column], [line, column], `${xml}: ${e.message}`);
    }
  });
});

describe('REFI-QDA schema table', () => {
  it('src/core/exchange/refiSchema.ts is what the XSD generates (run test/fixtures/make-refi-schema.ts after changing either)', () => {
    assert.equal(readFileSync(OUT_PATH, 'utf8'), generate(readFileSync(XSD_PATH, 'utf8')));
  });
});
