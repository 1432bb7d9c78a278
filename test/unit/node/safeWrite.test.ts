/** writeInside: the one write of the CLI, the desktop extension and the merge driver. */
import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { OutsideWorkspace, workspaceRootOf, writeInside } from '../../../src/node/safeWrite';

describe('writeInside (src/node)', () => {
  let dir: string;
  let ws: string;
  let outside: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cmo-write-'));
    ws = path.join(dir, 'ws');
    mkdirSync(path.join(ws, 'papers'), { recursive: true });
    outside = path.join(dir, 'outside.txt');
    writeFileSync(outside, 'precious');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a new file and replaces an old one, keeping its mode, leaving no temporary', async () => {
    const file = path.join(ws, 'papers', 'a.cmo.json');
    await writeInside(file, 'one', ws);
    chmodSync(file, 0o640);
    await writeInside(file, new TextEncoder().encode('two'), ws);
    assert.equal(readFileSync(file, 'utf8'), 'two');
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(path.join(ws, 'papers')), ['a.cmo.json']);
  });

  it('writes to one file asked for together land in the order asked, the last one on disk', async () => {
    const file = path.join(ws, 'papers', 'a.cmo.json');
    // Earlier writes are larger, so unqueued they would finish last and leave old content behind.
    const writes = Array.from({ length: 12 }, (_, i) => writeInside(file, `${i}:`.padEnd((12 - i) * 400_000, 'x'), ws));
    await Promise.all(writes);
    assert.equal(readFileSync(file, 'utf8').slice(0, 3), '11:');
    assert.deepEqual(readdirSync(path.join(ws, 'papers')), ['a.cmo.json']);
  });

  it('makes the folders missing between the workspace and the file (a new --out folder, papers/ of an empty workspace), and the workspace itself when it is not made yet', async () => {
    await writeInside(path.join(ws, 'out', 'deep', 'a.csv'), 'a', ws);
    assert.equal(readFileSync(path.join(ws, 'out', 'deep', 'a.csv'), 'utf8'), 'a');
    const fresh = path.join(dir, 'new', 'twins');
    await writeInside(path.join(fresh, 'x.md'), 'x', fresh);
    assert.equal(readFileSync(path.join(fresh, 'x.md'), 'utf8'), 'x');
  });

  it('makes no folder through a link out of the workspace', async () => {
    symlinkSync(dir, path.join(ws, 'up'));
    await assert.rejects(writeInside(path.join(ws, 'up', 'made', 'new.txt'), 'evil', ws), OutsideWorkspace);
    assert.deepEqual(readdirSync(dir).sort(), ['outside.txt', 'ws']);
  });

  it('refuses a link out of the workspace: at the file, dangling, or through a linked folder', async () => {
    symlinkSync(outside, path.join(ws, 'THEORY.md'));
    symlinkSync(path.join(dir, 'nowhere.txt'), path.join(ws, 'dangling.md'));
    symlinkSync(dir, path.join(ws, 'up'));
    for (const target of [path.join(ws, 'THEORY.md'), path.join(ws, 'dangling.md'), path.join(ws, 'up', 'outside.txt'), path.join(ws, 'up', 'new.txt')]) {
      await assert.rejects(writeInside(target, 'evil', ws), (e: unknown) => e instanceof OutsideWorkspace && /outside .*ws; CMO Coder does not write outside the workspace/.test(e.message), target);
    }
    assert.equal(readFileSync(outside, 'utf8'), 'precious');
    assert.deepEqual(readdirSync(dir).sort(), ['outside.txt', 'ws']);
  });

  it('follows a link that stays inside, and writes its target (the link stays)', async () => {
    writeFileSync(path.join(ws, 'papers', 'real.md'), 'old');
    symlinkSync(path.join('papers', 'real.md'), path.join(ws, 'alias.md'));
    await writeInside(path.join(ws, 'alias.md'), 'new', ws);
    assert.equal(readFileSync(path.join(ws, 'papers', 'real.md'), 'utf8'), 'new');
    assert.ok(readdirSync(ws).includes('alias.md'));
  });

  it('a failed write removes its temporary and names the target', async () => {
    mkdirSync(path.join(ws, 'folder.md'));
    await assert.rejects(writeInside(path.join(ws, 'folder.md'), 'x', ws), (e: NodeJS.ErrnoException) => e.code === 'EISDIR' || e.code === 'EPERM' || e.code === 'ENOTEMPTY');
    assert.deepEqual(readdirSync(ws).filter((f) => f.includes('cmo-tmp')), []);
  });

  it('the workspace of a file: the nearest folder up with cmo-project.json or .git, else its own', async () => {
    writeFileSync(path.join(ws, 'cmo-project.json'), '{}');
    assert.equal(await workspaceRootOf(path.join(ws, 'papers')), ws);
    assert.equal(await workspaceRootOf(dir), dir, 'no marker up to the file-system root: the folder itself');
  });
});
