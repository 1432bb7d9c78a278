import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('the merge driver and the sidecar diff are set up for the sidecar suffix in force, not only *.cmo.json', async () => {
    assert.deepEqual(gitattributesLines(), ['*.cmo.json merge=cmo', 'cmo-project.json merge=cmo', '*.cmo.json diff=cmo', 'reconciliation.json merge=cmo']);
    const r = await installMergeDriver(dir, '/x/cli.js', process.execPath, false, '.codes.json');
    assert.equal(r.addedAttributes, 4);
    assert.deepEqual(readFileSync(path.join(dir, '.gitattributes'), 'utf8').split('\n').filter(Boolean), ['*.codes.json merge=cmo', 'cmo-project.json merge=cmo', '*.codes.json diff=cmo', 'reconciliation.json merge=cmo']);
    assert.match(execFileSync('git', ['config', 'diff.cmo.textconv'], { cwd: dir, encoding: 'utf8' }), /'\/x\/cli\.js' textconv/);
    assert.equal(await mergeDriverInstalled(dir, '.codes.json'), true);
    assert.equal(await mergeDriverInstalled(dir), false, 'the default suffix is not covered');
  });

  it('a repository set up before the sidecar diff existed counts as not set up, and setting it up again adds only the new lines', async () => {
    const attributes = path.join(dir, '.gitattributes');
    writeFileSync(attributes, '*.cmo.json merge=cmo\ncmo-project.json merge=cmo\n');
    execFileSync('git', ['config', 'merge.cmo.driver', 'node cli.js merge %O %A %B %P'], { cwd: dir });
    assert.equal(await mergeDriverInstalled(dir), false);
    const r = await installMergeDriver(dir, '/x/cli.js', process.execPath);
    assert.equal(r.addedAttributes, 2);
    assert.equal(readFileSync(attributes, 'utf8'), '*.cmo.json merge=cmo\ncmo-project.json merge=cmo\n*.cmo.json diff=cmo\nreconciliation.json merge=cmo\n');
    assert.equal(await mergeDriverInstalled(dir), true);
  });
});
