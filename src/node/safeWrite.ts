/**
 * Every file CMO Coder writes where Node runs (the CLI, the desktop
 * extension, the merge driver) goes through `writeInside`:
 *
 * - It never follows a symbolic link out of the folder it was asked to write
 *   in (the workspace): a repository can ship `THEORY.md -> /home/me/.bashrc`,
 *   and a report must not overwrite the link's target. A link that stays
 *   inside the workspace is followed, as an editor would.
 * - It is atomic: a temporary file beside the target, fsync, rename, so a
 *   kill leaves the old file or the new one, never half of one.
 * - Folders missing between the workspace and the target are made (inside
 *   the workspace only), so a first export or import into a new folder works.
 * - Its temporary files are named `.<name>.cmo-tmp-<pid>-<n>`, so a write
 *   killed before its rename leaves something recognisable: the next write
 *   beside it deletes temporaries whose process is gone.
 *
 * We do not use write-file-atomic for this: it resolves symbolic links by
 * design, and names its temporaries `<name>.<hash>`, which nothing can tell
 * from a user's file.
 */
import { createHash } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import * as nodePath from 'node:path';

/** A write refused because its target resolves outside the workspace. */
export class OutsideWorkspace extends Error {
  constructor(
    readonly target: string,
    readonly resolved: string,
    readonly root: string,
  ) {
    super(`${target} is a symbolic link to ${resolved}, outside ${root}; CMO Coder does not write outside the workspace. Remove the link (or replace it with a copy of the file) and try again.`);
    this.name = 'OutsideWorkspace';
  }
}

const TEMP = /^\.(.+)\.cmo-tmp-(\d+)-\d+$/;
let counter = 0;

/**
 * The name part of a target's temporaries: the name itself, or, when that
 * would make the temporary longer than a file name may be (255 bytes), its
 * first bytes and a hash of the whole (a sidecar of a 233-byte article name
 * could otherwise never be written).
 */
function tempStem(name: string): string {
  if (Buffer.byteLength(name) <= 200) return name;
  let prefix = name.slice(0, 150);
  while (Buffer.byteLength(prefix) > 150) prefix = prefix.slice(0, -1);
  return `${prefix}~${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}

/** Whether `path` is `root` or lies under it (both absolute; compared as given, without following links). */
export function isInside(root: string, path: string): boolean {
  const rel = nodePath.relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !nodePath.isAbsolute(rel));
}

/** The real path of `path`, following every link, including a last one that dangles. */
async function realTarget(path: string, depth = 0): Promise<string> {
  const parent = await fsp.realpath(nodePath.dirname(path));
  const here = nodePath.join(parent, nodePath.basename(path));
  const link = await fsp.lstat(here).then(
    (s) => s.isSymbolicLink(),
    () => false,
  );
  if (!link) return here;
  if (depth > 40) throw Object.assign(new Error(`${path}: too many levels of symbolic links`), { code: 'ELOOP' });
  return realTarget(nodePath.resolve(parent, await fsp.readlink(here)), depth + 1);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes temporaries of `name` in `dir` left by writes whose process is gone. Returns how many. */
export async function removeStaleTemporaries(dir: string, name?: string): Promise<number> {
  let removed = 0;
  const entries = await fsp.readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    const m = TEMP.exec(entry);
    if (!m || (name !== undefined && m[1] !== tempStem(name)) || alive(Number(m[2]))) continue;
    await fsp.unlink(nodePath.join(dir, entry)).then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
}

/** Writes in flight per target: writes to one file land in the order they were asked for. */
const queues = new Map<string, Promise<void>>();

/**
 * Writes `data` to `target` atomically, refusing (with `OutsideWorkspace`) when
 * the target, through symbolic links, is not inside `root`. `root` defaults to
 * the target's own folder: then only a link at the target itself is checked.
 * Two writes to one file in this process never overlap: each renames its own
 * temporary, so overlapping ones could land in either order and leave the
 * older content on disk.
 */
export async function writeInside(target: string, data: Uint8Array | string, root = nodePath.dirname(target)): Promise<void> {
  const key = nodePath.resolve(target);
  const write = (queues.get(key) ?? Promise.resolve()).then(
    () => writeNow(target, data, root),
    () => writeNow(target, data, root),
  );
  queues.set(key, write);
  try {
    await write;
  } finally {
    if (queues.get(key) === write) queues.delete(key);
  }
}

/** The real path `path` has or will have: its nearest existing ancestor's real path, plus the folders still to make. */
async function realPlanned(path: string): Promise<string> {
  let existing = nodePath.resolve(path);
  while (!(await fsp.stat(existing).then(() => true, () => false))) {
    const up = nodePath.dirname(existing);
    if (up === existing) break;
    existing = up;
  }
  return nodePath.join(await fsp.realpath(existing), nodePath.relative(existing, nodePath.resolve(path)));
}

async function writeNow(target: string, data: Uint8Array | string, root: string): Promise<void> {
  // A root or target folder not made yet (a new --out folder, papers/ in an empty workspace) is made, inside the root only.
  const realRoot = await realPlanned(root);
  const folder = await realPlanned(nodePath.dirname(nodePath.resolve(target)));
  if (!isInside(realRoot, folder)) throw new OutsideWorkspace(target, folder, root);
  await fsp.mkdir(folder, { recursive: true });
  const real = await realTarget(nodePath.resolve(target));
  if (!isInside(realRoot, real)) throw new OutsideWorkspace(target, real, root);
  const dir = nodePath.dirname(real);
  const name = nodePath.basename(real);
  await removeStaleTemporaries(dir, name);
  const temp = nodePath.join(dir, `.${tempStem(name)}.cmo-tmp-${process.pid}-${++counter}`);
  const mode = await fsp.stat(real).then(
    (s) => s.mode & 0o7777,
    () => 0o666,
  );
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fsp.rename(temp, real);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fsp.unlink(temp).catch(() => undefined);
    // Name the file the user asked for, not our temporary.
    const err = e as NodeJS.ErrnoException;
    if (err.path === temp) err.path = target;
    throw e;
  }
  // The rename is durable once the folder is synced; not every platform can open a folder.
  const handleOfDir = await fsp.open(dir, 'r').catch(() => undefined);
  await handleOfDir
    ?.sync()
    .catch(() => undefined)
    .finally(() => handleOfDir.close());
}

/**
 * The folder a CLI command treats as the workspace for a file it was pointed
 * at: the nearest folder above it holding `cmo-project.json` or `.git`, else
 * the file's own folder.
 */
export async function workspaceRootOf(dir: string): Promise<string> {
  let here = nodePath.resolve(dir);
  for (;;) {
    for (const marker of ['cmo-project.json', '.git']) {
      if (await fsp.lstat(nodePath.join(here, marker)).then(
        () => true,
        () => false,
      ))
        return here;
    }
    const up = nodePath.dirname(here);
    if (up === here) return nodePath.resolve(dir);
    here = up;
  }
}
