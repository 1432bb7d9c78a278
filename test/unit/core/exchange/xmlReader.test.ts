/** The XML reader REFI-QDA files go through, and the schema table generated from the REFI-QDA XSD. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { decodeXml, readXml, XmlError } from '../../../../src/core/exchange/xmlReader';
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

  // Issue 30, case 4: each of these the reader accepted, and libxml2 refuses.
  it('refuses what libxml2 refuses: a misplaced declaration, "--" in a comment, reserved or bad PI names, name characters, namespace errors', () => {
    const cases: Array<[string, RegExp]> = [
      [' <?xml version="1.0"?><a/>', /the XML declaration is allowed only at the very start/],
      ['<a><?xml version="1.0"?></a>', /the XML declaration is allowed only at the very start/],
      ['<?xml version="1.0" standalone="yes" encoding="utf-8"?><a/>', /the XML declaration is not well formed/],
      ['<?xml version="2.0"?><a/>', /the XML declaration is not well formed/],
      ['<a><!-- one -- two --></a>', /"--" is not allowed inside a comment/],
      ['<a><!-- one ---></a>', /a comment cannot end with "--->"/],
      ['<?XML x?><a/>', /"XML" is reserved/],
      ['<?a:b x?><a/>', /a processing instruction's name has no colon/],
      ['<?pi?x?><a/>', /a space or "\?>" was expected/],
      ['<a\u00d7/>', /a space or the end of <a> was expected/],
      ['<a:b/>', /the prefix a of <a:b> is not bound/],
      ['<a xmlns:p=""/>', /a prefix cannot be bound to an empty namespace/],
      ['<a xmlns:xml="urn:x"/>', /the prefix xml is bound to/],
      ['<a xmlns:xmlns="urn:x"/>', /the prefix xmlns cannot be declared/],
      ['<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>', /q:x is the same attribute as another one here/],
      ['<a xmlns:p="a b"/>', /a namespace is a URI/],
      ['<a:b:c xmlns:a="u"/>', /not a name namespaces allow/],
      ['<a xml:\u0300lang="en"/>', /not a name namespaces allow/],
    ];
    for (const [xml, message] of cases) assert.match(errorOf(xml.replace(/\\u([0-9a-f]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))).message, message, xml);
  });

  it('nests at most 256 elements, as libxml2', () => {
    assert.doesNotThrow(() => readXml('<a>'.repeat(256) + '</a>'.repeat(256)));
    assert.match(errorOf('<a>'.repeat(257) + '</a>'.repeat(257)).message, /nested deeper than 256 levels/);
  });
});

describe('XML bytes decoded strictly, by their declared encoding', () => {
  const bytes = (...parts: Array<string | number[]>) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));
  it('ISO-8859-1 is honoured: é is é, not U+FFFD', () => {
    assert.equal(readXml(decodeXml(bytes('<?xml version="1.0" encoding="ISO-8859-1"?><a>caf', [0xe9], '</a>'))).text, 'café');
  });
  it('a byte that is not UTF-8 is an error with its line, never a U+FFFD', () => {
    const e = (() => {
      try {
        decodeXml(bytes('<a>\n<b>caf', [0xe9], '</b></a>'));
      } catch (x) {
        return x as XmlError;
      }
      return assert.fail('no error');
    })();
    assert.match(e.message, /byte 0xE9 is not UTF-8 text; re-save the file as UTF-8/);
    assert.deepEqual([e.line, e.column], [2, 7]);
  });
  it('UTF-16 by its mark; a declared encoding it cannot read is refused by name', () => {
    const utf16 = [0xff, 0xfe, ...[...'<a>é</a>'].flatMap((c) => [c.charCodeAt(0), 0])];
    assert.equal(readXml(decodeXml(Uint8Array.from(utf16))).text, 'é');
    assert.throws(() => decodeXml(bytes('<?xml version="1.0" encoding="windows-1252"?><a/>')), /"windows-1252" it declares is not one CMO Coder reads/);
    assert.throws(() => decodeXml(bytes('<?xml version="1.0" encoding="UTF-16"?><a/>')), /the declaration says UTF-16, but the file is not UTF-16/);
  });
});

describe('REFI-QDA schema table', () => {
  it('src/core/exchange/refiSchema.ts is what the XSD generates (run test/fixtures/make-refi-schema.ts after changing either)', () => {
    assert.equal(readFileSync(OUT_PATH, 'utf8'), generate(readFileSync(XSD_PATH, 'utf8')));
  });
});
