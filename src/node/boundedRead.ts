/**
 * Every file CMO Coder reads where Node runs, read within bounds: only a
 * regular file (a device such as /dev/zero, a FIFO or a socket is refused
 * before it is opened for reading, so nothing hangs or fills memory), only
 * inside the folder it was asked to read in once links are resolved (a
 * committed `papers/notes.md -> /home/me/secret` is refused, not exported),
 * and no more than a stated number of bytes (core's limits.ts). The file is
 * opened without blocking and checked again through its descriptor, so one
 * swapped in after the first look is caught too.
 */
import { closeSync, constants, fstatSync, openSync, promises as fsp, readSync, realpathSync, type Stats } from 'node:fs';
import { ReadRefused } from '../core/formats/limits';
import { isInside } from './safeWrite';

export interface ReadBounds {
  /** The most bytes read; a larger file is refused with `tooLarge(size)`'s error. */
  maxBytes: number;
  tooLarge(size: number): Error;
  /** The folder the file must lie in once links are resolved; absent: anywhere (a file the user named). */
  root?: string;
  /** How the file is named in messages; default its path. */
  shown?: string;
}

/** The real paths of the roots reads are held inside (a workspace's is asked for once, not for each of its files). */
const realRoots = new Map<string, Promise<string>>();
const realRoot = (root: string) => {
  let real = realRoots.get(root);
  if (!real) {
    real = fsp.realpath(root);
    realRoots.set(root, real);
    real.catch(() => realRoots.delete(root));
  }
  return real;
};

export async function readBounded(path: string, bounds: ReadBounds): Promise<Uint8Array> {
  const shown = bounds.shown ?? path;
  const real = await fsp.realpath(path); // ENOENT for a missing file or a dangling link: the caller's "not found"
  if (bounds.root !== undefined) refuseOutside(shown, real, bounds.root, await realRoot(bounds.root));
  // Opened without blocking (a FIFO would wait for a writer), then judged by what was opened.
  const handle = await fsp.open(real, OPEN).catch((e: NodeJS.ErrnoException) => {
    throw opening(shown, e);
  });
  try {
    const buffer = judged(shown, await handle.stat(), bounds);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length >= buffer.length) break;
    }
    return within(buffer, length, bounds);
  } finally {
    await handle.close();
  }
}

/** `readBounded` for callers that cannot wait (git's merge driver and textconv read their files so). */
export function readBoundedSync(path: string, bounds: ReadBounds): Uint8Array {
  const shown = bounds.shown ?? path;
  const real = realpathSync(path);
  if (bounds.root !== undefined) refuseOutside(shown, real, bounds.root, realpathSync(bounds.root));
  let fd: number;
  try {
    fd = openSync(real, OPEN);
  } catch (e) {
    throw opening(shown, e as NodeJS.ErrnoException);
  }
  try {
    const buffer = judged(shown, fstatSync(fd), bounds);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, length);
      if (n === 0) break;
      length += n;
      if (length >= buffer.length) break;
    }
    return within(buffer, length, bounds);
  } finally {
    closeSync(fd);
  }
}

const OPEN = constants.O_RDONLY | constants.O_NONBLOCK;

function refuseOutside(shown: string, real: string, root: string, realRootPath: string): void {
  if (!isInside(realRootPath, real)) throw new ReadRefused(shown, `it is a link to ${real}, outside ${root}; CMO Coder reads nothing outside the review's folder. Replace the link with a copy of the file.`);
}

/** Why a file could not be opened: a socket cannot be opened at all; anything else as the system says. */
function opening(shown: string, e: NodeJS.ErrnoException): Error {
  return e.code === 'ENXIO' ? new ReadRefused(shown, 'it is a socket, not a regular file, so it was not read. An article, a sidecar or a PDF is a file.') : e;
}

/** What was opened, judged: a regular file within the limit; a buffer for at most the limit and one byte (a file that grows while it is read is still bounded). */
function judged(shown: string, st: Stats, bounds: ReadBounds): Buffer {
  if (!st.isFile()) throw new ReadRefused(shown, `${kind(st)}, not a regular file, so it was not read. An article, a sidecar or a PDF is a file.`);
  if (st.size > bounds.maxBytes) throw bounds.tooLarge(st.size);
  return Buffer.alloc(Math.min(bounds.maxBytes + 1, Math.max(st.size, 0) + 1));
}

function within(buffer: Buffer, length: number, bounds: ReadBounds): Uint8Array {
  if (length > bounds.maxBytes) throw bounds.tooLarge(length);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
}

function kind(s: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (s.isDirectory()) return 'it is a folder';
  if (s.isFIFO()) return 'it is a named pipe (FIFO)';
  if (s.isSocket()) return 'it is a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'it is a device';
  return 'it is a special file';
}
