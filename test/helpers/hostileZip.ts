/**
 * Crafted zips for the hostile-input tests: one entry with the data, sizes
 * and CRC-32 given (so that they can lie), and raw deflate data that
 * inflates to gigabytes from about a thousandth of that.
 */
import { constants, deflateRawSync } from 'node:zlib';

/** A one-entry zip of `deflated` as `name` (method 8), declaring `size` and `crc` in both headers. */
export function oneEntryZip(name: string, deflated: Uint8Array, size: number, crc: number): Uint8Array {
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12);
  end.writeUInt32LE(30 + n.length + deflated.length, 16);
  return new Uint8Array(Buffer.concat([local, n, deflated, central, n, end]));
}

/** Raw deflate data of `megabytes` MB of zeros: one MB deflated and flushed to a byte boundary, repeated, then a final empty block. */
export function rawZeroBomb(megabytes: number): Uint8Array {
  const mb = deflateRawSync(Buffer.alloc(1 << 20), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  return new Uint8Array(Buffer.concat([...Array.from({ length: megabytes }, () => mb), Buffer.from([0x03, 0x00])]));
}
