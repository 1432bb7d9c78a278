/**
 * The core `FileSystem` over Node's fs, rooted at a folder. Writes go through
 * `writeInside`: atomic, and never through a symbolic link out of `writeRoot`
 * (the workspace; by default the root itself). Reads go through
 * `readBounded`: regular files only, inside the root once links are
 * resolved, within the limits (a PDF's, a .qdpx's, any other file's).
 */
import { promises as fsp } from 'node:fs';
import * as nodePath from 'node:path';
import { FileNotFound, limitFor, limitsFrom, overLimit, type EntryType, type FileSystem, type Limits } from '../core';
import { readBounded, readBoundedSync } from '../node/boundedRead';
import { isInside, writeInside } from '../node/safeWrite';

/** The limits of this process: the defaults, or CMO_MAX_* from the environment. */
export const processLimits = (): Limits => limitsFrom(process.env);

/** A file read whole and at once (git's merge driver, a report's current text): a regular file within the file limit, inside `root` if given. */
export function readLimitedSync(file: string, root?: string): Uint8Array {
  const limits = processLimits();
  return readBoundedSync(file, { ...(root !== undefined ? { root } : {}), maxBytes: limits.fileBytes, tooLarge: (size) => overLimit(file, size, 'fileBytes', limits) });
}

export class NodeFileSystem implements FileSystem {
  constructor(
    readonly root: string,
    readonly writeRoot = root,
    readonly limits: Limits = processLimits(),
    /** The folder no read may lead out of through a link (the workspace); by default the root. */
    readonly readRoot = root,
  ) {}

  resolve(path: string): string {
    return nodePath.join(this.root, ...path.split('/').filter(Boolean));
  }

  async readFile(path: string): Promise<Uint8Array> {
    const limit = limitFor(path);
    try {
      return await readBounded(this.resolve(path), { root: this.readRoot, shown: path, maxBytes: this.limits[limit], tooLarge: (size) => overLimit(path, size, limit, this.limits) });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new FileNotFound(path);
      throw e;
    }
  }

  async writeFile(path: string, data: Uint8Array): Promise<void> {
    await writeInside(this.resolve(path), data, this.writeRoot);
  }

  /** Removes a file (an import undoing its own writes); only a regular file inside the write root, never through a link. */
  async remove(path: string): Promise<void> {
    const full = this.resolve(path);
    const s = await fsp.lstat(full);
    if (!s.isFile() || !isInside(await fsp.realpath(this.writeRoot), await fsp.realpath(full))) throw new Error(`${path}: not a file of this workspace, not removed`);
    await fsp.unlink(full);
  }

  async stat(path: string): Promise<{ type: EntryType; size: number } | undefined> {
    try {
      const s = await fsp.stat(this.resolve(path));
      return { type: s.isDirectory() ? 'directory' : 'file', size: s.size };
    } catch {
      return undefined;
    }
  }

  async readDirectory(path: string): Promise<Array<[string, EntryType]>> {
    const dir = this.resolve(path);
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    const out: Array<[string, EntryType]> = [];
    for (const e of entries) {
      if (e.isDirectory()) out.push([e.name, 'directory']);
      else if (e.isFile()) out.push([e.name, 'file']);
      else if (e.isSymbolicLink()) {
        const s = await fsp.stat(nodePath.join(dir, e.name)).catch(() => undefined);
        if (s?.isFile()) out.push([e.name, 'file']);
      }
    }
    return out;
  }
}
