/**
 * A .qdpx's zip integrity (issue 30, case 5): every entry's size and CRC-32
 * checked as it is inflated. Archives are altered byte by byte from one
 * CMO Coder exports, as a hostile pull request would.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { crc32 as nodeCrc32, deflateRawSync } from 'node:zlib';
import { crc32, importQdpx, loadExportData, qdpxOfWorkspace, unzipChecked, ZipRefused } from '../../../../src/core';
import { NodeFileSystem } from '../../../../src/cli/nodeFileSystem';
import { rng } from '../../../helpers/corpus';
import { oneEntryZip, rawZeroBomb } from '../../../helpers/hostileZip';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const LIMITS = { entryBytes: 64 * 1048576, totalBytes: 256 * 1048576 };

/** Where each entry's headers are in an archive, by name. */
function headers(zip: Uint8Array): Map<string, { central: number; local: number }> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out = new Map<string, { central: number; local: number }>();
  for (let at = 0; at + 46 < zip.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    out.set(new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)), { central: at, local: view.getUint32(at + 42, true) });
  }
  return out;
}

describe('.qdpx zip integrity: sizes and CRC-32 of every entry', function () {
  this.timeout(60_000);
  let qdpx: Uint8Array;
  before(async () => {
    qdpx = qdpxOfWorkspace(await loadExportData(new NodeFileSystem(path.join(ROOT, 'sample'))), 'sample').bytes;
  });
  const none = new Map();

  it('our CRC-32 is zlib\'s', () => {
    const random = rng(5);
    for (const n of [0, 1, 7, 1000, 65537]) {
      const data = Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
      assert.equal(crc32(data), nodeCrc32(data) >>> 0);
    }
  });

  it('an archive CMO Coder wrote reads back, every entry checked', () => {
    const entries = unzipChecked(qdpx, () => true, LIMITS, { bytes: 0 });
    assert.ok(entries['project.qde'] && Object.keys(entries).some((n) => n.startsWith('sources/')));
    assert.doesNotThrow(() => importQdpx(qdpx, none, []));
  });

  it('an entry that claims 1 KB and inflates to 1 GB is refused at its 1 KB, not cut to it and imported', () => {
    // 1 GB of zeros deflates to about 1 MB; inflating it whole is what must not happen.
    const zip = oneEntryZip('project.qde', rawZeroBomb(1024), 1024, 0);
    const started = process.memoryUsage().rss;
    assert.throws(() => importQdpx(zip, none, []), (e: Error) => e instanceof ZipRefused && /project\.qde inflates past the 1024 bytes the archive declares for it: refused/.test(e.message));
    assert.ok(process.memoryUsage().rss - started < 200 * 1048576, 'the inflated gigabyte was never held');
  });

  it('an entry that inflates to less than it declares is refused', () => {
    const text = new TextEncoder().encode('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>');
    const zip = oneEntryZip('project.qde', deflateRawSync(text), text.length + 10, nodeCrc32(text) >>> 0);
    assert.throws(() => importQdpx(zip, none, []), /project\.qde inflates to \d+ bytes, not the \d+ the archive declares: it is damaged/);
  });

  it('altered bytes are refused by their CRC-32: in a source text, in the project, and in the CRC field itself', () => {
    const at = headers(qdpx);
    const source = [...at.keys()].find((n) => n.startsWith('sources/')) as string;
    for (const name of [source, 'project.qde']) {
      // A stored entry would show its bytes; these are deflated: change the recorded CRC in both headers instead, and,
      // separately, a byte of the deflated data (which either fails to inflate or inflates to other bytes).
      const h = at.get(name)!;
      const crcAltered = qdpx.slice();
      for (const field of [h.local + 14, h.central + 16]) crcAltered[field] = crcAltered[field]! ^ 0x01;
      assert.throws(() => importQdpx(crcAltered, none, []), new RegExp(`${name.replace(/[.]/g, '\\.')}: its bytes do not match the CRC-32 the archive records`));
    }
    // A literal changed inside a deflated entry: zip a stored copy and flip one byte of its text.
    const text = new TextEncoder().encode('<Project xmlns="urn:QDA-XML:project:1.0" name="altered"/>');
    const crc = nodeCrc32(text) >>> 0;
    const good = oneEntryZip('project.qde', deflateRawSync(text, { level: 0 }), text.length, crc);
    assert.doesNotThrow(() => unzipChecked(good, () => true, LIMITS, { bytes: 0 }));
    const bad = good.slice();
    const i = Buffer.from(bad).indexOf('altered');
    bad[i] = 0x41; // "Altered": same length, other bytes
    assert.throws(() => unzipChecked(bad, () => true, LIMITS, { bytes: 0 }), /project\.qde: its bytes do not match the CRC-32/);
  });

  it('a damaged directory, a cut archive and other methods are refused by name', () => {
    assert.throws(() => importQdpx(qdpx.slice(0, qdpx.length - 30), none, []), /not a \.qdpx \(zip\) file|damaged|cut short/);
    const text = new TextEncoder().encode('x');
    const stored = oneEntryZip('project.qde', deflateRawSync(text), 1, nodeCrc32(text) >>> 0);
    const bzip = stored.slice();
    const h = headers(bzip).get('project.qde')!;
    for (const field of [h.local + 8, h.central + 10]) bzip[field] = 12;
    assert.throws(() => unzipChecked(bzip, () => true, LIMITS, { bytes: 0 }), /project\.qde is compressed with method 12/);
  });
});
