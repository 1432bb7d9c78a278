/**
 * What a UI flow gets: a page on the real workbench with the workspace open,
 * and the few gestures flows are made of. Adding a flow is a few lines in
 * flows.ts: `{ name, async run(ui) { await ui.quickOpen('a.md'); await ui.shot('opened'); } }`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { copyWorkspace, ROOT, type CodeServer } from './harness';

export interface FlowResult {
  ok: boolean;
  error?: string;
  shots: string[];
}

export class FlowContext {
  readonly shots: string[] = [];
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly workspace: string,
    readonly dir: string,
  ) {}

  static async open(browser: Browser, server: CodeServer, workspace: string, name: string, results: string): Promise<FlowContext> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const dir = path.join(results, name.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
    mkdirSync(dir, { recursive: true });
    await page.goto(server.url(workspace));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // The explorer lists the workspace once the window is really up.
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    return new FlowContext(context, page, workspace, dir);
  }

  async run(body: (ui: FlowContext) => Promise<void>): Promise<FlowResult> {
    try {
      await body(this);
      return { ok: true, shots: this.shots };
    } catch (e) {
      await this.shot('failure').catch(() => undefined);
      return { ok: false, error: (e as Error).message.split('\n')[0], shots: this.shots };
    } finally {
      await this.context.close().catch(() => undefined);
    }
  }

  /** A screenshot of the whole window, numbered in order: test-results/<flow>/NN-<step>.png. */
  async shot(step: string): Promise<string> {
    const file = path.join(this.dir, `${String(this.shots.length + 1).padStart(2, '0')}-${step}.png`);
    await this.page.screenshot({ path: file });
    this.shots.push(file);
    return file;
  }

  /** Runs a command by its palette title (F1). */
  async palette(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.quickInput;
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await this.page.keyboard.press('Enter');
    // The palette entry goes; the widget itself stays when the command asks for input.
    await row.waitFor({ state: 'hidden', timeout: 10_000 });
    await this.page.waitForTimeout(200);
  }

  /** Opens a workspace file by name with Quick Open, and waits for its tab. */
  async quickOpen(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.quickInput;
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await this.page.keyboard.press('Enter');
    await this.activeTab(name);
  }

  async activeTab(name: string): Promise<void> {
    await this.page.locator('.tab.active', { hasText: name }).first().waitFor({ state: 'visible', timeout: 15_000 });
  }

  /**
   * Drags one element onto another with the mouse and waits until `landed`
   * says it took; a drag started while a tree re-renders can miss, so it is
   * tried again (up to three times), as a person would.
   */
  async drag(source: Locator, target: Locator, landed: () => boolean): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      await this.page.waitForTimeout(500);
      await source.dragTo(target);
      const deadline = Date.now() + 4000;
      while (Date.now() < deadline) {
        if (landed()) return;
        await this.page.waitForTimeout(200);
      }
    }
    throw new Error('the drag did not take after three tries');
  }

  /** Types an answer into the open input box or quick pick, and accepts it. */
  /** The text box of the quick input (palette, Quick Open, a command's pick or input box, the browser's file dialogs). */
  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  async answer(text: string): Promise<void> {
    const input = this.quickInput;
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    const asked = await this.question();
    await input.fill(text);
    await this.page.waitForTimeout(150);
    await this.page.keyboard.press('Enter');
    await this.asked(asked);
  }

  /** What the quick input asks now (its title and prompt), or undefined when it is closed. */
  private question(): Promise<string | undefined> {
    return this.page.evaluate(() => {
      const w = document.querySelector<HTMLElement>('.quick-input-widget');
      if (!w || w.style.display === 'none' || !w.offsetParent) return undefined;
      return `${w.querySelector('.quick-input-title')?.textContent ?? ''}\n${w.querySelector('.quick-input-message')?.textContent ?? ''}`;
    });
  }

  /**
   * Waits until the box that asked `asked` is answered: closed, or asking
   * something else. The same box element serves one question after another,
   * and the host closes it only after a round trip: typed too soon, the next
   * answer would go into the box already answered. A box that asks the same
   * again (its input refused) is left after 10 s.
   */
  private async asked(asked: string | undefined): Promise<void> {
    for (const end = Date.now() + 10_000; Date.now() < end; await this.page.waitForTimeout(100)) {
      if ((await this.question()) !== asked) return;
    }
    console.log(`      (the box still asks ${JSON.stringify(asked)} 10 s after its answer)`);
  }

  /**
   * Picks the item of the open quick pick whose row shows `label`: typed into
   * its filter, and Enter only once the list has moved its focus onto that
   * row. On a loaded machine an Enter right after typing can take the row
   * focused before (the first, often "(now)"), which closes the pick without
   * a change and without the question that should follow. Then waits until
   * the pick is answered, as `answer` does.
   */
  async pick(label: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.locator('.monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await this.quickInput.fill(label);
    const focused = widget.locator('.monaco-list-row.focused', { hasText: label });
    await focused.first().waitFor({ state: 'visible', timeout: 10_000 });
    const asked = await this.question();
    await this.page.keyboard.press('Enter');
    await this.asked(asked);
  }

  /** Focuses the active editor's text. */
  async focusEditor(): Promise<void> {
    await this.palette('View: Focus Active Editor Group');
    await this.page.locator('.editor-group-container.active .monaco-editor textarea, .editor-group-container.active .monaco-editor .native-edit-context').first().waitFor({ state: 'attached' });
  }

  /** Moves the cursor to a 1-based line with Go to Line, and waits until the status bar says so. */
  async goToLine(line: number): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.quickInput;
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col`) }).first().waitFor({ state: 'visible', timeout: 10_000 });
  }

  /**
   * Opens a row's context menu and picks an item. The menu has the
   * extension's items once the extension host has read its contributions:
   * opened again until then (or until it is clearly not there).
   */
  async contextMenu(row: Locator, item: string, beforeClick?: () => Promise<void>): Promise<void> {
    const entry = this.page.locator('.context-view .action-item', { hasText: item }).first();
    for (let attempt = 0; ; attempt++) {
      await row.click({ button: 'right' });
      if (await entry.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) break;
      if (attempt >= 10) throw new Error(`the menu has no "${item}"`);
      await this.press('Escape');
      await this.page.waitForTimeout(1_000);
    }
    await beforeClick?.();
    // Now and then the menu takes a click as a hover only (seen on a loaded machine): it stays open, the item
    // highlighted. While it is open the command has not run, so clicking again is safe (a key press is not:
    // it could land in the quick pick the command opens).
    for (let attempt = 0; ; attempt++) {
      await entry.click();
      if (await entry.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false)) return;
      if (attempt >= 3) throw new Error(`the menu item "${item}" does not take a click`);
    }
  }

  /**
   * A menu item whose command asks in a quick pick or input box: picked, and
   * picked again if no box comes. The negative-case flow's "Set status"
   * opened none now and then: the Theories tree redrew three times after the
   * stance's write (its own write echoed by the file watcher, then
   * THEORY.md's diagnostics), and a redraw closes the menu, which looks like
   * a click taken. The tree now redraws once; with no box the command has
   * not run, so opening the menu again stays safe.
   */
  async contextMenuAsking(row: Locator, item: string): Promise<void> {
    const box = this.quickInput;
    for (let attempt = 0; ; attempt++) {
      await this.contextMenu(row, item);
      if (await box.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) return;
      if (attempt >= 2) throw new Error(`the menu item "${item}" opened no quick pick or input box`);
      console.log(`      (no box after "${item}": the menu is opened again)`);
    }
  }

  /** Types into the focused editor and waits until its tab shows unsaved changes. */
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
    await this.page.locator('.tab.active.dirty').first().waitFor({ state: 'visible', timeout: 10_000 });
  }

  async press(...keys: string[]): Promise<void> {
    for (const key of keys) await this.page.keyboard.press(key);
  }

  /** Selects the first occurrence of a text in the active editor, with the Find widget (as a person would). */
  async selectText(text: string): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+F');
    const find = this.page.locator('.editor-group-container.active .find-widget textarea, .editor-group-container.active .find-widget input').first();
    await find.waitFor({ state: 'visible' });
    await find.fill(text);
    await this.page.locator('.editor-group-container.active .find-widget .matchesCount', { hasText: /^1 of/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await this.page.keyboard.press('Escape');
    // Now and then the widget keeps its focus and stays open (seen right after an input box closed), and the next key
    // press lands in it. Escape again only then: in the editor it would drop the selection.
    const widget = this.page.locator('.editor-group-container.active .find-widget.visible');
    if (!(await widget.waitFor({ state: 'hidden', timeout: 2_000 }).then(() => true, () => false))) await this.page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 5_000 });
    await this.page.locator('.statusbar-item', { hasText: new RegExp(`\\(${text.length} selected\\)`) }).first().waitFor({ state: 'visible', timeout: 10_000 });
  }

  /** Moves the mouse over the middle of the selected text and waits for the hover; returns its text. */
  async hoverSelection(expect: RegExp): Promise<string> {
    const pieces = this.page.locator('.editor-group-container.active .selected-text');
    await pieces.first().waitFor({ state: 'visible' });
    // The widest piece of the selection (a wrapped selection has one per line); the editor may still be re-rendering it, so look again for a while.
    let box: { x: number; y: number; width: number; height: number } | undefined;
    for (let i = 0; i < 25 && !box; i++) {
      const boxes = (await Promise.all((await pieces.all()).map((p) => p.boundingBox().catch(() => null)))).filter((b): b is NonNullable<typeof b> => !!b && b.width > 0);
      box = boxes.sort((a, b) => b.width - a.width)[0];
      if (!box) await this.page.waitForTimeout(200);
    }
    if (!box) throw new Error('the selection is not on screen');
    // The editor shows hovers on mouse movement, so move there as a hand would, in steps.
    await this.page.mouse.move(box.x + box.width / 2 - 30, box.y + box.height / 2);
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 6 });
    const hover = this.page.locator('.monaco-hover', { hasText: expect }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.waitForTimeout(400); // let it finish fading in before a screenshot
    return hover.innerText();
  }

  /** Waits until a status bar item matches. */
  async statusBar(text: RegExp): Promise<void> {
    await this.page.locator('.statusbar-item', { hasText: text }).first().waitFor({ state: 'visible', timeout: 20_000 });
  }

  /** Waits until a file on disk satisfies a test. */
  async diskUntil(relative: string, ok: (text: string) => boolean, what: string): Promise<string> {
    const deadline = Date.now() + 15_000;
    let failed: unknown;
    for (;;) {
      let text = '';
      try {
        text = this.disk(relative);
      } catch {
        // not there yet
      }
      // A check that throws (JSON.parse of a file caught half written: on the web a write is not atomic) is a "not yet".
      try {
        if (ok(text)) return text;
        failed = undefined;
      } catch (e) {
        failed = e;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} in ${relative}${failed ? ` (${(failed as Error).message})` : ''}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Opens the Problems panel and waits until a row contains `text`; returns all rows' text. */
  async problems(text: string | RegExp): Promise<string[]> {
    await this.palette('View: Focus Problems');
    const row = this.page.locator('.markers-panel .monaco-list-row', { hasText: text });
    await row.first().waitFor({ state: 'visible', timeout: 20_000 });
    return this.page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  }

  /** A file of the workspace as it is on disk. */
  disk(relative: string): string {
    return readFileSync(path.join(this.workspace, relative), 'utf8');
  }
}

export interface Flow {
  name: string;
  /** Prepares the flow's fresh copy of the workspace before the window opens (e.g. a git history). */
  setup?(workspace: string): void;
  run(ui: FlowContext): Promise<void>;
}

/** Runs each flow (those whose name contains CMO_FLOW, when set) in a fresh copy of sample/ and prints ✔ or ✘ with `label`; returns [passed, failed]. */
export async function runFlows(browser: Browser, server: CodeServer, flows: readonly Flow[], results: string, label: string): Promise<[number, number]> {
  let passed = 0;
  let failed = 0;
  for (const flow of flows.filter((f) => !process.env.CMO_FLOW || f.name.includes(process.env.CMO_FLOW))) {
    const workspace = copyWorkspace(path.join(ROOT, 'sample'), 'sample');
    flow.setup?.(workspace);
    const ctx = await FlowContext.open(browser, server, workspace, flow.name, results);
    const result: FlowResult = await ctx.run(flow.run);
    if (result.ok) {
      passed++;
      console.log(`  ✔ [${label}] ${flow.name} (${result.shots.length} screenshots)`);
    } else {
      failed++;
      console.log(`  ✘ [${label}] ${flow.name}\n      ${result.error}`);
    }
  }
  return [passed, failed];
}
