/**
 * Loading and saving sidecars and the project file through a `FileSystem`.
 *
 * Guarantees:
 * - a file that does not parse is never written: `save*` re-reads the file on
 *   disk first and refuses (`WriteRefused`) while it is broken;
 * - writes are atomic (the file system's job) and canonical (the serializer's);
 * - an unchanged file is not rewritten, so its mtime and git status stay quiet.
 */
import { serializeProject, serializeSidecar } from './canonical';
import { basename, FileNotFound, type FileSystem } from './fs';
import { decodeFile, parseProjectText, parseSidecarText } from './parse';
import type { Problem } from '../model/problems';
import { FORMAT_VERSION, type Project, type Sidecar } from '../model/schema';
import { articleText, encodeUtf8, sha256Hex } from '../text/text';
import { PROJECT_FILE } from './paths';


export type Loaded<T> =
  | { state: 'missing'; path: string }
  | { state: 'invalid'; path: string; text?: string; problems: Problem[] }
  | { state: 'ok'; path: string; value: T; text: string; problems: Problem[] };

export class WriteRefused extends Error {
  constructor(
    readonly path: string,
    readonly problems: Problem[],
  ) {
    super(`${path} was not written: the file on disk does not parse (${problems[0]?.message ?? 'invalid'}). Fix it first; nothing was changed.`);
    this.name = 'WriteRefused';
  }
}

async function readOptional(fs: FileSystem, path: string): Promise<Uint8Array | undefined> {
  try {
    return await fs.readFile(path);
  } catch (e) {
    if (e instanceof FileNotFound || (e as { code?: string }).code === 'ENOENT' || (e as { code?: string }).code === 'FileNotFound') return undefined;
    throw e;
  }
}

/** Several writes that failed part way and were undone: nothing of them is left (or `left` says what is). */
export class WritesUndone extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly undone: number,
    readonly left: readonly string[],
  ) {
    super(`${path} could not be written (${reason}), so nothing was written: ${undone ? `the ${undone} file(s) written before it were put back as they were` : 'it was the first'}${left.length ? `, except ${left.join(', ')}, which could not be (remove or restore it from git)` : ''}.`);
    this.name = 'WritesUndone';
  }
}

/**
 * Writes every file or none: each file's bytes are read first (a file that
 * cannot be read, a link out of the workspace say, stops it before any
 * write); when a write fails, the ones before it are put back (their old
 * bytes, or removed when they were new) and WritesUndone says so.
 */
export async function writeAllOrNone(fs: FileSystem, writes: ReadonlyArray<{ path: string; data: Uint8Array }>): Promise<void> {
  const before = [];
  for (const w of writes) before.push(await readOptional(fs, w.path));
  for (let k = 0; k < writes.length; k++) {
    const w = writes[k] as { path: string; data: Uint8Array };
    try {
      await fs.writeFile(w.path, w.data);
    } catch (e) {
      const left: string[] = [];
      for (let j = k - 1; j >= 0; j--) {
        const { path } = writes[j] as { path: string };
        const old = before[j];
        try {
          if (old) await fs.writeFile(path, old);
          else if (fs.remove) await fs.remove(path);
          else left.push(path);
        } catch {
          left.push(path);
        }
      }
      throw new WritesUndone(w.path, (e as Error).message, k, left);
    }
  }
}

async function load<T>(fs: FileSystem, path: string, parse: (path: string, text: string) => ReturnType<typeof parseSidecarText> | ReturnType<typeof parseProjectText>): Promise<Loaded<T>> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readOptional(fs, path);
  } catch (e) {
    return { state: 'invalid', path, problems: [{ path, line: 0, column: 0, severity: 'error', kind: 'unreadable', message: `could not be read: ${(e as Error).message}` }] };
  }
  if (!bytes) return { state: 'missing', path };
  const decoded = decodeFile(path, bytes);
  if ('problems' in decoded) return { state: 'invalid', path, problems: decoded.problems };
  return loadedFrom<T>(path, decoded.text, parse(path, decoded.text));
}

function loadedFrom<T>(path: string, text: string, result: ReturnType<typeof parseSidecarText> | ReturnType<typeof parseProjectText>): Loaded<T> {
  return result.ok ? { state: 'ok', path, value: result.value as T, text, problems: result.problems } : { state: 'invalid', path, text, problems: result.problems };
}

/** A sidecar from text already in hand (an open editor's), as `loadSidecar` gives it from disk. */
export function sidecarFromText(path: string, text: string): Loaded<Sidecar> {
  return loadedFrom<Sidecar>(path, text, parseSidecarText(path, text));
}

export function loadSidecar(fs: FileSystem, path: string): Promise<Loaded<Sidecar>> {
  return load<Sidecar>(fs, path, parseSidecarText);
}

export function loadProject(fs: FileSystem, path = PROJECT_FILE): Promise<Loaded<Project>> {
  return load<Project>(fs, path, parseProjectText);
}

/** Writes canonical text unless the file on disk is broken or already says the same. Returns whether it wrote. */
async function save(fs: FileSystem, path: string, text: string, parse: typeof parseSidecarText | typeof parseProjectText): Promise<boolean> {
  const current = await readOptional(fs, path);
  if (current) {
    const decoded = decodeFile(path, current);
    if ('problems' in decoded) throw new WriteRefused(path, decoded.problems);
    if (decoded.text === text) return false;
    const parsed = parse(path, decoded.text);
    if (!parsed.ok) throw new WriteRefused(path, parsed.problems);
  }
  await fs.writeFile(path, encodeUtf8(text));
  return true;
}

export function saveSidecar(fs: FileSystem, path: string, sidecar: Sidecar): Promise<boolean> {
  return save(fs, path, serializeSidecar(sidecar), parseSidecarText);
}

export function saveProject(fs: FileSystem, project: Project, path = PROJECT_FILE): Promise<boolean> {
  return save(fs, path, serializeProject(project), parseProjectText);
}

export function emptySidecar(articlePath: string, text: string): Sidecar {
  return { cmo: FORMAT_VERSION, source: basename(articlePath), sha256: sha256Hex(text), codes: [] };
}

export async function loadArticle(fs: FileSystem, path: string): Promise<{ text: string } | { missing: true } | { error: string }> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readOptional(fs, path);
  } catch (e) {
    return { error: (e as Error).message };
  }
  if (!bytes) return { missing: true };
  try {
    return { text: articleText(bytes) };
  } catch {
    return { error: 'the article is not valid UTF-8 text; re-save it as UTF-8' };
  }
}
