/** The PDF view's page in a UI flow: waiting for it to draw, and selecting words on it as a hand would. */
import { strict as assert } from 'node:assert';
import type { Frame } from 'playwright-core';
import type { FlowContext } from './flow';

/** The PDF view's page (a frame inside the webview's frame), once its pages and text layer are drawn. */
export async function pdfFrame(ui: FlowContext): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    for (const f of ui.page.frames()) {
      if (await f.locator('.page .textLayer span').first().isVisible().catch(() => false)) return f;
    }
    if (Date.now() > deadline) throw new Error('the PDF view did not draw its first page');
    await ui.page.waitForTimeout(300);
  }
}

/**
 * Selects, on a drawn page of the PDF view, from the first span holding `from`
 * to the end of `to` (a sentence may run over lines, justified word by word,
 * and words are cut into spans at their soft hyphens). Returns 'ok' or what
 * went wrong.
 */
export async function selectOnPdfPage(frame: Frame, page: number, from: string, to: string): Promise<string> {
  await frame.locator('.page').first().click({ position: { x: 5, y: 5 } });
  return frame.evaluate(
    ([page, from, to]) => {
      const spans = Array.from(document.querySelectorAll<HTMLElement>(`.page[data-page="${page}"] .textLayer span`));
      const i = spans.findIndex((s) => (s.textContent ?? '').includes(from));
      let joined = '';
      const j = spans.findIndex((s, k) => k >= i && (joined += s.textContent ?? '').includes(to));
      const first = spans[i];
      const last = spans[j];
      if (i < 0 || j < 0 || !first?.firstChild || !last?.firstChild) return `spans not found (${i}, ${j}) among ${spans.length}`;
      // The end of `to` in the last span: what of `to` is left after the spans before it.
      const before = joined.length - (last.textContent ?? '').length;
      const end = joined.lastIndexOf(to) + to.length - before;
      const range = document.createRange();
      range.setStart(first.firstChild, (first.textContent ?? '').indexOf(from));
      range.setEnd(last.firstChild, Math.max(0, Math.min(end, (last.textContent ?? '').length)));
      const sel = document.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      const got = sel.toString().replace(/\s+/g, ' ').trim();
      return got.startsWith(from) && got.endsWith(to.slice(-1)) ? 'ok' : `selected: ${JSON.stringify(got)}`;
    },
    [String(page), from, to] as const,
  );
}

/**
 * Selects `sentence` (from its first word to its last) on page 1 of the PDF
 * view, codes it with `key`, and checks the code in the twin's sidecar (on
 * the twin's words, as `role`) and its highlight on the page.
 */
export async function codeSentenceOnPage(ui: FlowContext, frame: Frame, twin: string, sentence: string, key: string, role: string, shotSelected?: string): Promise<void> {
  const words = sentence.split(' ');
  const selected = await selectOnPdfPage(frame, 1, words[0]!, words[words.length - 1]!);
  assert.ok(selected === 'ok', selected);
  await ui.page.waitForTimeout(1_000); // the page reports its selection to the extension
  if (shotSelected) await ui.shot(shotSelected);
  await ui.press(key);
  const sidecar = await ui.diskUntil(`${twin}.cmo.json`, (t) => t.includes(sentence), "the code in the twin's sidecar");
  const code = (JSON.parse(sidecar) as { codes: Array<{ exact: string; role: string; start: number; end: number }> }).codes.find((c) => c.exact === sentence);
  assert.ok(code, `a code on “${sentence}”`);
  assert.equal(code.role, role);
  assert.equal(ui.disk(twin).slice(code.start, code.end), sentence);
  // The highlight on the page, in the role's colour.
  await frame.locator(`.hl.role-${role}`).first().waitFor({ state: 'attached', timeout: 15_000 });
  await frame.evaluate(() => document.getSelection()?.removeAllRanges());
}
