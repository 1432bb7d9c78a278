/**
 * The file access core needs, as a small interface each host implements:
 * the CLI with Node's fs, the extension with `vscode.workspace.fs` (or Node
 * where it runs on the desktop), tests in memory.
 *
 * Paths are workspace-relative with `/` separators; '' is the root.
 */
export type EntryType = 'file' | 'directory';

export interface FileSystem {
  /** Rejects with a `FileNotFound` error when there is no such file. */
  readFile(path: string): Promise<Uint8Array>;
  /** Writes atomically: a crash leaves the old file or the new one, never half of one. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** undefined when nothing is there. */
  stat(path: string): Promise<{ type: EntryType; size: number } | undefined>;
  readDirectory(path: string): Promise<Array<[name: string, type: EntryType]>>;
  /** Removes a file this program wrote (an import undoing itself); hosts that cannot, leave it out. */
  remove?(path: string): Promise<void>;
}

export class FileNotFound extends Error {
  constructor(readonly path: string) {
    super(`${path}: no such file`);
    this.name = 'FileNotFound';
  }
}

export function joinPath(...parts: string[]): string {
  return parts.filter((p) => p.length > 0).join('/');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `path` made relative to `root` ('' for the workspace); unchanged when it is not under `root`. */
export function underRoot(root: string, path: string): string {
  return root && path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

/** `a/b/../c` → `a/c`: `.` and empty segments dropped, `..` taken back where it can be. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else if (part && part !== '.') out.push(part);
  }
  return out.join('/');
}

/** A relative path from folder `from` to `to` (both relative to the same root, '/'-separated); `normalizePath(joinPath(from, result))` is `to`. */
export function relativePath(from: string, to: string): string {
  const a = from ? from.split('/') : [];
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

/** Folders a workspace scan never enters. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test']);

/** Every file under a folder whose name satisfies `want`, in sorted order. */
export async function findFiles(fs: FileSystem, root: string, want: (name: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await fs.readDirectory(dir)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [name, type] of entries) {
      const path = joinPath(dir, name);
      if (type === 'directory') {
        if (!SKIPPED_FOLDERS.has(name) && !name.startsWith('.')) await walk(path);
      } else if (want(name)) out.push(path);
    }
  };
  await walk(root);
  return out;
}

/**
 * `fn` over `items` with at most `limit` calls in flight, results in the
 * order of `items`: reads of many files overlap (the host's I/O runs while
 * this thread parses) without opening them all at once.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** How many files a workspace walk reads at once. */
export const READ_CONCURRENCY = 8;

/** An in-memory file system, for tests and for previews that must not touch disk. */
export class MemoryFileSystem implements FileSystem {
  readonly files = new Map<string, Uint8Array>();
  writes = 0;

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) {
      this.files.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
    }
  }
  async readFile(path: string): Promise<Uint8Array> {
    const data = this.files.get(path);
    if (!data) throw new FileNotFound(path);
    return data;
  }
  async writeFile(path: string, data: Uint8Array): Promise<void> {
    this.writes++;
    this.files.set(path, data);
  }
  async remove(path: string): Promise<void> {
    this.files.delete(path);
  }
  async stat(path: string): Promise<{ type: EntryType; size: number } | undefined> {
    const data = this.files.get(path);
    if (data) return { type: 'file', size: data.byteLength };
    const prefix = path === '' ? '' : path + '/';
    for (const key of this.files.keys()) if (key.startsWith(prefix)) return { type: 'directory', size: 0 };
    return undefined;
  }
  async readDirectory(path: string): Promise<Array<[string, EntryType]>> {
    const prefix = path === '' ? '' : path + '/';
    const seen = new Map<string, EntryType>();
    for (const key of this.files.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) seen.set(rest, 'file');
      else seen.set(rest.slice(0, slash), 'directory');
    }
    return [...seen];
  }
  text(path: string): string | undefined {
    const data = this.files.get(path);
    return data && new TextDecoder().decode(data);
  }
}
