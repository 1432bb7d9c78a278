import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gitattributesLines, installMergeDriver, mergeDriverInstalled } from '../../../src/node/gitRepository';

describe('git set-up (src/node)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cmo-git-'));
    execFileSync('git', ['init', '-q'], { cwd: dir });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the merge driver is set up for the sidecar suffix in force, not only *.cmo.json', async () => {
    assert.deepEqual(gitattributesLines(), ['*.cmo.json merge=cmo', 'cmo-project.json merge=cmo']);
    const r = await installMergeDriver(dir, '/x/cli.js', process.execPath, false, '.codes.json');
    assert.equal(r.addedAttributes, 2);
    assert.deepEqual(readFileSync(path.join(dir, '.gitattributes'), 'utf8').split('\n').filter(Boolean), ['*.codes.json merge=cmo', 'cmo-project.json merge=cmo']);
    assert.equal(await mergeDriverInstalled(dir, '.codes.json'), true);
    assert.equal(await mergeDriverInstalled(dir), false, 'the default suffix is not covered');
  });
});
