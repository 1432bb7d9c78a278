/**
 * package.json, as VS Code reads it: every command a menu, keybinding,
 * walkthrough or welcome link names is contributed and registered in
 * commandIds.ts; every walkthrough step's page exists.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Commands } from '../../../src/extension/shared/commandIds';

const ROOT = path.join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributed = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
/** Commands of VS Code itself that links may use. */
const BUILT_IN = /^(workbench\.|vscode\.)/;

describe('package.json', () => {
  it('contributes exactly the commands in commandIds.ts', () => {
    assert.deepEqual([...contributed].sort(), Object.values(Commands).sort());
  });

  it('menus and keybindings name contributed commands', () => {
    for (const [menu, items] of Object.entries(pkg.contributes.menus as Record<string, Array<{ command?: string }>>)) {
      for (const i of items) if (i.command) assert.ok(contributed.has(i.command), `${menu}: ${i.command}`);
    }
    for (const k of pkg.contributes.keybindings as Array<{ command: string }>) assert.ok(contributed.has(k.command), `keybinding ${k.command}`);
  });

  it('the walkthrough has its pages and its links and the welcome views name real commands', () => {
    const [walk] = pkg.contributes.walkthroughs as Array<{ id: string; steps: Array<{ id: string; description: string; media: { markdown: string }; completionEvents: string[] }> }>;
    assert.ok(walk && walk.steps.length >= 5);
    const texts = [...walk.steps.map((s) => s.description), ...(pkg.contributes.viewsWelcome as Array<{ contents: string }>).map((v) => v.contents)];
    for (const s of walk.steps) {
      assert.ok(existsSync(path.join(ROOT, s.media.markdown)), s.media.markdown);
      for (const e of s.completionEvents) assert.ok(contributed.has(e.replace(/^onCommand:/, '')), `${s.id}: ${e}`);
    }
    const links = texts.flatMap((t) => [...t.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]!));
    assert.ok(links.length > 8);
    for (const l of links) assert.ok(contributed.has(l) || BUILT_IN.test(l), `link to ${l}`);
    assert.ok(links.includes('cmo.startReview'));
    assert.equal(`${pkg.publisher}.${pkg.name}#${walk.id}`, 'cmo-coder.cmo-coder#start', 'the id startReview.ts opens');
  });
});
