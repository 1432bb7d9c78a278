/**
 * The PDF view's page script (runs in the webview, not in the extension
 * host): pdf.js draws each page and its text layer; core's layout analysis,
 * run on the same text items the import used, says where each item is in
 * the Markdown twin; codes (twin offsets) are anchored into that text and
 * drawn over the items they cover, in their role's colour and with its
 * letter; a selection on the page is turned into twin offsets and reported
 * to the extension, which codes it through the twin's session.
 *
 * Messages in: load {pdf (its webview URL), twin, codes, page?, noTwin?, importHere?}, codes {twin, codes}, page {page}, pages.
 * Messages out: ready, laid-out {pages}, selection {start, end, exact, prefix, suffix} | {none}, open-twin {page}, import,
 * pages {pages: the text items read here, for the browser's import}, error {message}.
 */
import * as pdfjs from 'pdfjs-dist';
import * as pdfjsWorker from 'pdfjs-dist/build/pdf.worker.mjs';
import { anchorCodes, layoutPdf, parseWordList, ROLE_INFO, selectorFor, type Code, type ItemSpan, type PdfLayout, type PdfPage } from '../core';
import { extractPages, type PdfDocumentLike } from '../pdf/extract';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };
const vscode = acquireVsCodeApi();
// The worker's code runs in this page (pdf.js's "fake worker"): no worker file to load across origins.
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;

interface PageView {
  number: number;
  box: HTMLDivElement;
  textDivs: HTMLElement[];
  rendered: boolean;
  scale: number;
}

const root = document.getElementById('pages') as HTMLDivElement;
const banner = document.getElementById('banner') as HTMLDivElement;
const SCALE = 1.4;
let doc: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']> | undefined;
let layout: PdfLayout | undefined;
/** Where the layout's text starts in the twin (its first line and a blank line come first). */
let bodyStart = 0;
let twin: string | null = null;
let codes: Code[] = [];
/** The text items of each page as read here (what the import makes the twin from). */
let extracted: PdfPage[] | undefined;
const pages: PageView[] = [];
/** Spans by page, then item index. */
let spanOf = new Map<number, Map<number, ItemSpan>>();

function show(message: string, kind: 'info' | 'warning' = 'info'): void {
  banner.textContent = message;
  banner.className = kind;
  banner.hidden = !message;
}

window.addEventListener('message', (e: MessageEvent) => {
  // noTwin: what the banner says when the PDF has no twin (where it can be imported differs on the web).
  const m = e.data as { type: string; pdf?: string; words?: string; twin?: string | null; codes?: Code[]; page?: number; noTwin?: string; importHere?: boolean; maxPages?: number; message?: string };
  if (m.type === 'load') void load(m.pdf as string, m.words, m.twin ?? null, m.codes ?? [], m.page, m.noTwin, m.importHere, m.maxPages);
  // Over a limit: not opened, and why.
  else if (m.type === 'refused') show(`This PDF is not shown: ${m.message ?? ''}`, 'warning');
  // The browser's import: the text items this page read, for the extension to make the twin from.
  else if (m.type === 'pages') vscode.postMessage({ type: 'pages', pages: extracted ?? null });
  else if (m.type === 'codes') {
    twin = m.twin ?? twin;
    codes = m.codes ?? [];
    placeCodes();
    drawHighlights();
  } else if (m.type === 'page' && m.page) scrollToPage(m.page);
});

/** The word list, fetched once from the extension (the import lays text out with it; so does this page, to match the twin). */
let wordList: Promise<Set<string> | undefined> | undefined;
function words(url: string | undefined): Promise<Set<string> | undefined> {
  if (!url) return Promise.resolve(undefined);
  return (wordList ??= fetch(url).then(
    async (r) => (r.ok ? parseWordList(await r.text()) : undefined),
    () => undefined,
  ));
}

async function load(url: string, wordsUrl: string | undefined, twinText: string | null, codeList: Code[], page?: number, noTwin?: string, importHere?: boolean, maxPages?: number): Promise<void> {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`the PDF could not be read (${response.status})`);
    doc = await pdfjs.getDocument({ data: new Uint8Array(await response.arrayBuffer()), isEvalSupported: false }).promise;
    extracted = await extractPages(doc as unknown as PdfDocumentLike, undefined, maxPages);
    layout = layoutPdf(extracted, { words: await words(wordsUrl) });
    spanOf = new Map();
    for (const s of layout.spans) {
      let m = spanOf.get(s.page);
      if (!m) spanOf.set(s.page, (m = new Map()));
      m.set(s.item, s);
    }
    twin = twinText;
    codes = codeList;
    bodyStart = twinText ? Math.max(0, twinText.indexOf('<!-- page 1 -->')) : 0;
    if (!twinText) {
      show(`${noTwin ?? 'This PDF has no text twin yet: import it (CMO: Add article…) to code it.'} Its pages are shown below.`, 'warning');
      const button = document.createElement('button');
      button.id = 'import';
      button.textContent = importHere ? 'Import it here' : 'Import…';
      button.addEventListener('click', () => vscode.postMessage({ type: 'import' }));
      banner.append(' ', button);
    }
    else if (twinText.slice(bodyStart) !== layout.text) show('The text twin differs from this PDF’s text (edited, or made by another version): highlights are placed by each passage’s words.', 'info');
    else show('');
    placeCodes();
    await buildPages();
    drawHighlights();
    vscode.postMessage({ type: 'laid-out', pages: doc.numPages });
    if (page) scrollToPage(page);
  } catch (e) {
    show(`This PDF could not be shown: ${(e as Error).message}`, 'warning');
    vscode.postMessage({ type: 'error', message: (e as Error).message });
  }
}

async function buildPages(): Promise<void> {
  root.textContent = '';
  pages.length = 0;
  for (let n = 1; n <= (doc?.numPages ?? 0); n++) {
    const page = await doc!.getPage(n);
    const viewport = page.getViewport({ scale: SCALE });
    const box = document.createElement('div');
    box.className = 'page';
    box.dataset.page = String(n);
    box.style.width = `${viewport.width}px`;
    box.style.height = `${viewport.height}px`;
    box.style.setProperty('--scale-factor', String(SCALE));
    const label = document.createElement('div');
    label.className = 'page-label';
    label.textContent = `page ${n}`;
    box.append(label);
    root.append(box);
    pages.push({ number: n, box, textDivs: [], rendered: false, scale: SCALE });
  }
  // Pages are drawn when they come near the view: a 30-page article opens at once.
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const view = pages[Number((entry.target as HTMLElement).dataset.page) - 1];
        if (view && !view.rendered) void renderPage(view);
      }
    },
    { rootMargin: '600px 0px' },
  );
  for (const p of pages) observer.observe(p.box);
}

async function renderPage(view: PageView): Promise<void> {
  view.rendered = true;
  const page = await doc!.getPage(view.number);
  const viewport = page.getViewport({ scale: view.scale });
  const canvas = document.createElement('canvas');
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${viewport.width}px`;
  canvas.style.height = `${viewport.height}px`;
  view.box.prepend(canvas);
  await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined }).promise;
  const textBox = document.createElement('div');
  textBox.className = 'textLayer';
  view.box.append(textBox);
  const textLayer = new pdfjs.TextLayer({ textContentSource: await page.getTextContent(), container: textBox, viewport });
  await textLayer.render();
  view.textDivs = textLayer.textDivs;
  view.textDivs.forEach((d, i) => (d.dataset.item = String(i)));
  drawHighlights(view);
}

/** Each code's [start, end) in the layout's text: by its words, so an edited twin still lines up. Worked out when the codes or the twin change, not per page drawn. */
let placed: Array<{ code: Code; start: number; end: number }> = [];

function placeCodes(): void {
  if (!layout || !twin) {
    placed = [];
    return;
  }
  const shifted = codes.map((c) => ({ ...c, start: c.start - bodyStart, end: c.end - bodyStart }));
  // anchorCodes answers in the order given: result i is codes[i].
  placed = anchorCodes(layout.text, shifted).flatMap((a, i) => (a.status === 'orphaned' ? [] : [{ code: codes[i] as Code, start: a.start, end: a.end }]));
}

function drawHighlights(only?: PageView): void {
  if (!layout) return;
  for (const view of only ? [only] : pages) {
    if (!view.rendered) continue;
    view.box.querySelectorAll('.hl').forEach((e) => e.remove());
    const boxRect = view.box.getBoundingClientRect();
    const spans = layout.spans.filter((s) => s.page === view.number);
    for (const { code, start, end } of placed) {
      let first = true;
      for (const s of spans) {
        if (s.end <= start || s.start >= end) continue;
        const div = view.textDivs[s.item];
        const node = div?.firstChild;
        if (!div || !node || node.nodeType !== Node.TEXT_NODE) continue;
        const length = (node.textContent ?? '').length;
        const range = document.createRange();
        range.setStart(node, Math.min(length, Math.max(0, start - s.start)));
        range.setEnd(node, Math.min(length, Math.max(0, end - s.start)));
        for (const r of Array.from(range.getClientRects())) {
          const hl = document.createElement('div');
          hl.className = `hl role-${code.role}`;
          hl.style.left = `${r.left - boxRect.left}px`;
          hl.style.top = `${r.top - boxRect.top}px`;
          hl.style.width = `${r.width}px`;
          hl.style.height = `${r.height}px`;
          hl.title = `${ROLE_INFO[code.role].label}${code.note ? ` — ${code.note}` : ''}\n“${code.exact}”`;
          hl.dataset.code = code.id;
          if (first) {
            hl.dataset.letter = ROLE_INFO[code.role].letter;
            first = false;
          }
          view.box.append(hl);
        }
      }
    }
  }
}

/** The twin offset of a point in the text layer (a text node inside an item's span). */
function offsetAt(node: Node, offset: number, atEnd: boolean): number | undefined {
  const el = (node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as HTMLElement)) as HTMLElement | null;
  const itemEl = el?.closest<HTMLElement>('[data-item]');
  const pageEl = el?.closest<HTMLElement>('.page');
  if (!pageEl) return undefined;
  const page = Number(pageEl.dataset.page);
  const spans = spanOf.get(page);
  if (!spans) return undefined;
  if (itemEl) {
    const s = spans.get(Number(itemEl.dataset.item));
    if (s) return s.start + Math.min(s.end - s.start, node.nodeType === Node.TEXT_NODE ? offset : atEnd ? s.end - s.start : 0);
  }
  // Between items (the selection starts or ends on the page itself): the nearest item of the page.
  const list = [...spans.values()];
  if (!list.length) return undefined;
  return atEnd ? Math.max(...list.map((s) => s.end)) : Math.min(...list.map((s) => s.start));
}

function selectionOffsets(): { start: number; end: number } | undefined {
  const sel = document.getSelection();
  if (!sel || sel.isCollapsed || sel.rangeCount === 0 || !layout) return undefined;
  const range = sel.getRangeAt(0);
  const a = offsetAt(range.startContainer, range.startOffset, false);
  const b = offsetAt(range.endContainer, range.endOffset, true);
  if (a === undefined || b === undefined) return undefined;
  let start = Math.min(a, b);
  let end = Math.max(a, b);
  // Trim white space the selection took at its edges.
  while (start < end && /\s/.test(layout.text[start] as string)) start++;
  while (end > start && /\s/.test(layout.text[end - 1] as string)) end--;
  return end > start ? { start, end } : undefined;
}

let selectionTimer: ReturnType<typeof setTimeout> | undefined;
document.addEventListener('selectionchange', () => {
  clearTimeout(selectionTimer);
  selectionTimer = setTimeout(reportSelection, 60);
});

function reportSelection(): void {
  const o = selectionOffsets();
  if (!o || !layout) {
    vscode.postMessage({ type: 'selection', none: true });
    return;
  }
  const sel = selectorFor(layout.text, o.start, o.end);
  vscode.postMessage({ type: 'selection', ...sel, start: sel.start + bodyStart, end: sel.end + bodyStart });
}

function scrollToPage(n: number): void {
  pages[n - 1]?.box.scrollIntoView({ block: 'start' });
}

/** The page most in view, for "Open text twin" at the same place. */
function currentPage(): number {
  let best = 1;
  let bestVisible = -1;
  for (const p of pages) {
    const r = p.box.getBoundingClientRect();
    const visible = Math.min(window.innerHeight, r.bottom) - Math.max(0, r.top);
    if (visible > bestVisible) {
      bestVisible = visible;
      best = p.number;
    }
  }
  return best;
}

window.addEventListener('message', (e: MessageEvent) => {
  if ((e.data as { type: string }).type === 'where') vscode.postMessage({ type: 'open-twin', page: currentPage() });
});

vscode.postMessage({ type: 'ready' });
