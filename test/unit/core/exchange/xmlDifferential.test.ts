/**
 * The XML reader against libxml2 (xmllint --noout, compiled to WebAssembly):
 * thousands of seeded mutations of real REFI-QDA files (sample/'s project.qde
 * and codebook) and of small documents with what those files may hold
 * (declaration, namespaces, comments, processing instructions, CDATA,
 * references), each read as bytes by both. What ours accepts, libxml2 must
 * accept; and ours refuses nothing libxml2 reads (a DOCTYPE aside, which we
 * refuse on purpose and never generate here).
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { decodeXml, loadExportData, readXml, toQdc, toRefiProject } from '../../../../src/core';
import { NodeFileSystem } from '../../../../src/cli/nodeFileSystem';
import { rng } from '../../../helpers/corpus';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const enc = (s: string) => new TextEncoder().encode(s);
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Small documents with the constructs a mutation should meet often. */
const SMALL: Uint8Array[] = [
  enc(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<!-- a codebook -->\n<?cmo note?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" xmlns:x="urn:x" x:origin="cmo">\n  <Codes><Code guid="g1" name="Trust &amp; power" isCodable="true"><Description><![CDATA[<b>bold</b>]]> &#233;t&#xe9; &lt;ok&gt;</Description></Code></Codes>\n</CodeBook>\n`),
  enc(`<p:Project xmlns:p="urn:p" xmlns:q="urn:q" q:name='x' name="y"><p:Notes><p:Note guid="n" xml:lang="en">Memo — naïve café ✓ 😀</p:Note></p:Notes></p:Project>`),
  latin1(`<?xml version="1.0" encoding="ISO-8859-1"?><a b="caf\u00e9">na\u00efve</a>`),
  enc(`\ufeff<?xml version='1.1'?><a><b/><c d="1" e='2'>t</c></a>`),
];

const PALETTE = ['<', '>', '&', '&amp;', '&#0;', '&#x41;', '&#xD800;', '&bogus;', '--', '<!-- c -->', '<!-- a -- b -->', '<!---->', '<?xml version="1.0"?>', '<?pi x?>', '<?XmL x?>', '<?a:b?>', '<?pi?>', ']]>', '<![CDATA[x]]>', '"', "'", '=', ':', 'a:b', ' xmlns:p="u"', ' p:x="1"', ' xmlns=""', ' xmlns:p=""', ' xmlns:xml="x"', ' xmlns:xmlns="x"', ' xml:lang="en"', '×', '\u0300', '1', '-', '.', '\u037e', '\u2000', '\t', '\r', '\uffff', '\u0001', '😀', '/', '/>', '</x>', ' ', 'é', '\u00b7', '<x>', '<x/>', 'encoding="latin1"', 'encoding="UTF-16"', 'encoding="bogus"', 'version="2.0"', 'standalone="maybe"'];
const BYTES = [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe9], [0x80], [0xf4, 0x90, 0x80, 0x80]];

/** One to three mutations near markup: insert from the palette, delete, replace, duplicate, or bytes that are not UTF-8. */
function mutate(seed: Uint8Array, random: () => number): Uint8Array {
  let doc = seed;
  const marks: number[] = [];
  doc.forEach((b, i) => (b === 0x3c || b === 0x3e || b === 0x26 || b === 0x22 || b === 0x3d || b === 0x3f || b === 0x2d || b === 0x3a) && marks.push(i));
  const n = 1 + Math.floor(random() * 3);
  for (let k = 0; k < n; k++) {
    const near = marks.length && random() < 0.85 ? (marks[Math.floor(random() * marks.length)] as number) + Math.floor(random() * 7) - 3 : Math.floor(random() * doc.length);
    const at = Math.max(0, Math.min(doc.length, near));
    const kind = random();
    const splice = (insert: Uint8Array, wanted = 0) => {
      const remove = Math.min(wanted, doc.length - at);
      const out = new Uint8Array(doc.length - remove + insert.length);
      out.set(doc.subarray(0, at));
      out.set(insert, at);
      out.set(doc.subarray(Math.min(doc.length, at + remove)), at + insert.length);
      doc = out;
    };
    if (kind < 0.45) splice(enc(PALETTE[Math.floor(random() * PALETTE.length)] as string));
    else if (kind < 0.6) splice(new Uint8Array(0), 1 + Math.floor(random() * 4));
    else if (kind < 0.75) splice(enc(PALETTE[Math.floor(random() * PALETTE.length)] as string), 1);
    else if (kind < 0.85) splice(doc.slice(at, at + 1 + Math.floor(random() * 12)));
    else splice(Uint8Array.from(BYTES[Math.floor(random() * BYTES.length)] as number[]));
  }
  return doc;
}

function ours(bytes: Uint8Array): string | undefined {
  try {
    readXml(decodeXml(bytes));
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** libxml2's verdict on each document: the error lines naming it, or none. */
async function xmllint(docs: readonly Uint8Array[]): Promise<Array<string | undefined>> {
  const xml = docs.map((contents, i) => ({ fileName: `d${i}.xml`, contents }));
  let out: string;
  try {
    out = (await validateXML({ xml, normalization: 'format', modifyArguments: (a) => a.map((x) => (x === '--format' ? '--noout' : x)), maxMemoryPages: 4096 })).rawOutput;
  } catch (e) {
    out = (e as Error).message; // exit code 1: some document did not parse; its lines say which
  }
  const errors = new Map<number, string>();
  for (const line of out.split('\n')) {
    const m = /^d(\d+)\.xml:\d+: (.*error.*)$/.exec(line);
    if (m && !errors.has(Number(m[1]))) errors.set(Number(m[1]), m[2] as string);
  }
  return docs.map((_, i) => errors.get(i));
}

describe('the XML reader against libxml2 (differential, mutated documents)', function () {
  this.timeout(300_000);
  const COUNT = 3000;
  const BATCH = 500;
  let seeds: Uint8Array[];

  before(async () => {
    const data = await loadExportData(new NodeFileSystem(path.join(ROOT, 'sample')));
    const ns = '6d2f8d0a-1111-4222-8333-944455556666';
    seeds = [enc(toRefiProject(data, ns, 'sample').xml), enc(toQdc(data.project, ns)), ...SMALL];
  });

  it('every seed is read by both', async () => {
    const lint = await xmllint(seeds);
    seeds.forEach((s, i) => {
      assert.equal(lint[i], undefined, `libxml2 refuses seed ${i}`);
      assert.equal(ours(s), undefined, `ours refuses seed ${i}`);
    });
  });

  it(`${COUNT} mutated documents: what ours accepts libxml2 accepts, and ours refuses nothing libxml2 reads`, async () => {
    const random = rng(30);
    const acceptedWrongly: string[] = [];
    const refusedWrongly: string[] = [];
    let refusedByBoth = 0;
    for (let done = 0; done < COUNT; done += BATCH) {
      const docs = Array.from({ length: BATCH }, (_, k) => mutate(seeds[(done + k) % seeds.length] as Uint8Array, random));
      const lint = await xmllint(docs);
      docs.forEach((doc, i) => {
        const mine = ours(doc);
        const show = () => JSON.stringify(new TextDecoder().decode(doc).slice(0, 400));
        if (mine === undefined && lint[i] !== undefined) acceptedWrongly.push(`libxml2: ${lint[i]}\n    ${show()}`);
        else if (mine !== undefined && lint[i] === undefined) refusedWrongly.push(`ours: ${mine}\n    ${show()}`);
        else if (mine !== undefined) refusedByBoth++;
      });
    }
    assert.deepEqual(acceptedWrongly.slice(0, 10), [], `${acceptedWrongly.length} accepted by ours, refused by libxml2`);
    assert.deepEqual(refusedWrongly.slice(0, 10), [], `${refusedWrongly.length} refused by ours, read by libxml2`);
    // The mutations must reach the rules: a good share of the documents is ill-formed.
    assert.ok(refusedByBoth > COUNT / 4, `only ${refusedByBoth} of ${COUNT} refused`);
  });
});
