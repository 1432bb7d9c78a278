/**
 * A read-only core `FileSystem` over one commit of a git repository, rooted
 * at a folder in it: what `cmo agree main other` reads, without a checkout.
 * The tree is listed once (git ls-tree); files are read on demand with one
 * long-running `git cat-file --batch`. A blob over the file limit is refused
 * by its listed size before a byte of it is read; a committed symbolic link
 * is followed inside the folder only, as on disk.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as posix from 'node:path/posix';
import { DEFAULT_LIMITS, FileNotFound, limitFor, overLimit, ReadRefused, type EntryType, type FileSystem, type Limits } from '../core';

/** How many links in a row are followed before the read is refused (as the kernel's ELOOP). */
const MAX_LINKS = 40;

export class GitFileSystem implements FileSystem {
  private readonly blobs = new Map<string, { sha: string; size: number; link: boolean }>();
  private readonly dirs = new Set<string>(['']);
  private batch: ChildProcessWithoutNullStreams | undefined;
  private buffer = Buffer.alloc(0);
  private readonly waiting: Array<{ resolve: (b: Buffer) => void; reject: (e: Error) => void; path: string }> = [];

  /** `repo`: the work tree's top folder; `ref`: a commit-ish; `root`: a folder in the repository ('' for all). */
  constructor(
    readonly repo: string,
    readonly ref: string,
    readonly root: string,
    readonly limits: Limits = DEFAULT_LIMITS,
  ) {
    const listing = execFileSync('git', ['ls-tree', '-r', '-l', '-z', '--full-tree', ref, '--', ...(root ? [root] : [])], { cwd: repo, maxBuffer: 1 << 30 });
    for (const entry of listing.toString('utf8').split('\0')) {
      if (!entry) continue;
      const tab = entry.indexOf('\t');
      const [mode, type, sha, size] = entry.slice(0, tab).split(/\s+/);
      const full = entry.slice(tab + 1);
      if (type !== 'blob') continue;
      const rel = root ? full.slice(root.length + 1) : full;
      this.blobs.set(rel, { sha: sha as string, size: Number(size), link: mode === '120000' });
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

  async readFile(path: string): Promise<Uint8Array> {
    let at = path;
    for (let hops = 0; ; hops++) {
      const blob = this.blobs.get(at);
      if (!blob) throw new FileNotFound(path);
      if (!blob.link) {
        const limit = limitFor(path);
        if (blob.size > this.limits[limit]) throw overLimit(`${this.ref.slice(0, 7)}:${path}`, blob.size, limit, this.limits);
        return this.readBlob(blob.sha, path);
      }
      if (hops >= MAX_LINKS) throw new ReadRefused(`${this.ref.slice(0, 7)}:${path}`, `more than ${MAX_LINKS} symbolic links in a row, so it was not read.`);
      const target = new TextDecoder().decode(await this.readBlob(blob.sha, path));
      const next = posix.normalize(posix.join(posix.dirname(at), target));
      if (target.startsWith('/') || next === '..' || next.startsWith('../')) throw new ReadRefused(`${this.ref.slice(0, 7)}:${path}`, `it is a link to ${target}, outside the folder; CMO Coder reads nothing outside the review's folder.`);
      at = next;
    }
  }

  private readBlob(sha: string, path: string): Promise<Uint8Array> {
    this.batch ??= this.start();
    const batch = this.batch;
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject, path });
      batch.stdin.write(sha + '\n');
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
