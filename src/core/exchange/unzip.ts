/**
 * Reading a zip (a .qdpx) with its integrity checked: every entry wanted is
 * inflated in pieces (fflate's streaming Inflate), and refused as soon as it
 * gives more than its declared size, or at its end when it gave less or its
 * CRC-32 differs from the one the archive records. fflate's unzipSync takes
 * the declared size on trust (an entry that claims 1 KB and inflates to 1 GB
 * was cut to 1 KB and imported) and checks no CRC (altered bytes were
 * imported as they were). Entries not wanted are never inflated; the sizes
 * the archive declares are held to the caller's limits before any is.
 */
import { Inflate } from 'fflate';

export class ZipRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipRefused';
  }
}

export interface ZipLimits {
  /** The most one entry may inflate to. */
  entryBytes: number;
  /** The most all wanted entries together may inflate to. */
  totalBytes: number;
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

const PIECE = 16384;
const MB = 1048576;

let table: Uint32Array | undefined;
/** CRC-32 (IEEE 802.3, as zip uses it) of `data`, continuing from `crc`. */
export function crc32(data: Uint8Array, crc = 0): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = (table[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

/** The entries of the central directory (names, methods, sizes, CRCs, where each starts). */
function centralDirectory(bytes: Uint8Array): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (u32(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipRefused('it is not a zip archive (no end of central directory)');
  let count = u16(end + 10);
  let at = u32(end + 16);
  // ZIP64: the counts and offset are in the ZIP64 end record, found through its locator.
  if ((count === 0xffff || at === 0xffffffff) && end >= 20 && u32(end - 20) === 0x07064b50) {
    const z = Number(view.getBigUint64(end - 12, true));
    if (z + 56 > bytes.length || u32(z) !== 0x06064b50) throw new ZipRefused('its ZIP64 end record is damaged');
    count = Number(view.getBigUint64(z + 32, true));
    at = Number(view.getBigUint64(z + 48, true));
  }
  const entries: Entry[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 46 > bytes.length || u32(at) !== 0x02014b50) throw new ZipRefused(`its central directory is damaged at entry ${k + 1} of ${count}`);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    const e: Entry = { flags: u16(at + 8), method: u16(at + 10), crc: u32(at + 16), compressed: u32(at + 20), size: u32(at + 24), offset: u32(at + 42), name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)) };
    // ZIP64 sizes and offset, in that order, for those marked 0xFFFFFFFF.
    if (e.size === 0xffffffff || e.compressed === 0xffffffff || e.offset === 0xffffffff) {
      for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; ) {
        const id = u16(x);
        const length = u16(x + 2);
        if (id === 0x0001) {
          let f = x + 4;
          const next = () => {
            const v = Number(view.getBigUint64(f, true));
            f += 8;
            return v;
          };
          if (e.size === 0xffffffff) e.size = next();
          if (e.compressed === 0xffffffff) e.compressed = next();
          if (e.offset === 0xffffffff) e.offset = next();
        }
        x += 4 + length;
      }
    }
    entries.push(e);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The entries `want` names, inflated and checked: the declared sizes within
 * `limits` (counted in `used`, shared across calls on one archive) before
 * any is inflated; then each entry's real size and CRC-32 against the
 * archive's. Throws ZipRefused naming the entry.
 */
export function unzipChecked(bytes: Uint8Array, want: (name: string) => boolean, limits: ZipLimits, used: { bytes: number }): Record<string, Uint8Array> {
  const entries = centralDirectory(bytes).filter((e) => want(e.name));
  for (const e of entries) {
    if (e.size > limits.entryBytes || used.bytes + e.size > limits.totalBytes) throw new ZipRefused(`${e.name} would inflate to ${(e.size / MB).toFixed(0)} MB, over the ${limits.entryBytes / MB} MB per file (${limits.totalBytes / MB} MB in all) a .qdpx may hold; it was not unpacked`);
    used.bytes += e.size;
  }
  const out: Record<string, Uint8Array> = {};
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const e of entries) {
    if (e.flags & 1) throw new ZipRefused(`${e.name} is encrypted`);
    const at = e.offset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) throw new ZipRefused(`${e.name}: its local header is missing or damaged`);
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const data = bytes.subarray(start, start + e.compressed);
    if (start + e.compressed > bytes.length) throw new ZipRefused(`${e.name}: the archive ends inside it (it is cut short)`);
    let content: Uint8Array;
    if (e.method === 0) {
      if (e.compressed !== e.size) throw new ZipRefused(`${e.name}: stored with ${e.compressed} bytes, but declared as ${e.size}`);
      content = data.slice();
    } else if (e.method === 8) content = inflateExactly(e, data);
    else throw new ZipRefused(`${e.name} is compressed with method ${e.method}, which a .qdpx does not use (only stored or deflated)`);
    if (crc32(content) !== e.crc) throw new ZipRefused(`${e.name}: its bytes do not match the CRC-32 the archive records (it is damaged or was altered); nothing was imported`);
    out[e.name] = content;
  }
  return out;
}

/** Inflates an entry in pieces into a buffer of its declared size, refusing it the moment it gives more, or at its end if it gave less. */
function inflateExactly(e: Entry, data: Uint8Array): Uint8Array {
  const content = new Uint8Array(e.size);
  let length = 0;
  let ended = false;
  let over = false;
  const inflater = new Inflate((chunk, final) => {
    if (length + chunk.length > e.size) over = true;
    else content.set(chunk, length);
    length += chunk.length;
    if (final) ended = true;
  });
  try {
    for (let i = 0; i < data.length && !over && !ended; i += PIECE) inflater.push(data.subarray(i, i + PIECE), i + PIECE >= data.length);
  } catch (x) {
    throw new ZipRefused(`${e.name} cannot be inflated (${(x as Error).message}): the archive is damaged`);
  }
  if (over) throw new ZipRefused(`${e.name} inflates past the ${e.size} bytes the archive declares for it: refused (a zip bomb, or a damaged archive)`);
  if (length !== e.size) throw new ZipRefused(`${e.name} inflates to ${length} bytes, not the ${e.size} the archive declares: it is damaged`);
  return content;
}
