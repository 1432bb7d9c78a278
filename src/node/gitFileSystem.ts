/**
 * A read-only core `FileSystem` over one commit of a git repository, rooted
 * at a folder in it: what `cmo agree main other` reads, without a checkout.
 * The tree is listed once (git ls-tree); files are read on demand with one
 * long-running `git cat-file --batch`.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { FileNotFound, type EntryType, type FileSystem } from '../core';

export class GitFileSystem implements FileSystem {
  private readonly blobs = new Map<string, { sha: string; size: number }>();
  private readonly dirs = new Set<string>(['']);
  private batch: ChildProcessWithoutNullStreams | undefined;
  private buffer = Buffer.alloc(0);
  private readonly waiting: Array<{ resolve: (b: Buffer) => void; reject: (e: Error) => void; path: string }> = [];

  /** `repo`: the work tree's top folder; `ref`: a commit-ish; `root`: a folder in the repository ('' for all). */
  constructor(
    readonly repo: string,
    readonly ref: string,
    readonly root: string,
  ) {
    const listing = execFileSync('git', ['ls-tree', '-r', '-l', '-z', '--full-tree', ref, '--', ...(root ? [root] : [])], { cwd: repo, maxBuffer: 1 << 30 });
    for (const entry of listing.toString('utf8').split('\0')) {
      if (!entry) continue;
      const tab = entry.indexOf('\t');
      const [, type, sha, size] = entry.slice(0, tab).split(/\s+/);
      const full = entry.slice(tab + 1);
      if (type !== 'blob') continue;
      const rel = root ? full.slice(root.length + 1) : full;
      this.blobs.set(rel, { sha: sha as string, size: Number(size) });
      const parts = rel.split('/');
      for (let i = 1; i < parts.length; i++) this.dirs.add(parts.slice(0, i).join('/'));
    }
  }

  /** Resolves what the user typed (a branch, tag or commit) to a commit, or undefined. */
  static resolveRef(repo: string, ref: string): string | undefined {
    try {
      return execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.repo });
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    child.on('error', (e) => this.fail(e));
    child.on('exit', () => this.fail(new Error('git cat-file ended early')));
    return child;
  }

  private drain(): void {
    for (;;) {
      const next = this.waiting[0];
      if (!next) return;
      const nl = this.buffer.indexOf(10);
      if (nl < 0) return;
      const header = this.buffer.subarray(0, nl).toString('utf8');
      if (header.endsWith(' missing')) {
        this.buffer = this.buffer.subarray(nl + 1);
        this.waiting.shift();
        next.reject(new FileNotFound(next.path));
        continue;
      }
      const size = Number(header.split(' ')[2]);
      if (this.buffer.length < nl + 1 + size + 1) return;
      const data = Buffer.from(this.buffer.subarray(nl + 1, nl + 1 + size));
      this.buffer = this.buffer.subarray(nl + 1 + size + 1);
      this.waiting.shift();
      next.resolve(data);
    }
  }

  private fail(e: Error): void {
    for (const w of this.waiting.splice(0)) w.reject(e);
    this.batch = undefined;
  }

  readFile(path: string): Promise<Uint8Array> {
    const blob = this.blobs.get(path);
    if (!blob) return Promise.reject(new FileNotFound(path));
    this.batch ??= this.start();
    const batch = this.batch;
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject, path });
      batch.stdin.write(blob.sha + '\n');
    });
  }

  async writeFile(path: string): Promise<void> {
    throw new Error(`${path}: ${this.ref} is a git commit, read only`);
  }

  async stat(path: string): Promise<{ type: EntryType; size: number } | undefined> {
    const blob = this.blobs.get(path);
    if (blob) return { type: 'file', size: blob.size };
    return this.dirs.has(path) ? { type: 'directory', size: 0 } : undefined;
  }

  async readDirectory(path: string): Promise<Array<[string, EntryType]>> {
    const prefix = path ? path + '/' : '';
    const seen = new Map<string, EntryType>();
    for (const key of this.blobs.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const slash = rest.indexOf('/');
      seen.set(slash < 0 ? rest : rest.slice(0, slash), slash < 0 ? 'file' : 'directory');
    }
    return [...seen];
  }

  close(): void {
    if (this.batch) {
      this.batch.removeAllListeners('exit');
      this.batch.stdin.end();
      this.batch = undefined;
    }
  }
}
