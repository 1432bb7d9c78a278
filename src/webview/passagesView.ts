/**
 * The Passages view's page script (runs in the webview): the filter bar,
 * and a list that draws only the rows in sight (fixed row height), so that
 * 10,000 passages scroll and filter without delay. Keyboard first: ↑/↓,
 * Home/End, PageUp/PageDown move; Shift extends the selection, Space
 * toggles, Ctrl+A selects all; Enter opens the passage (the keyboard stays
 * here), Ctrl+Enter opens it and goes there; T, R, K, M run the actions.
 * Text goes in by textContent, never as HTML.
 *
 * Messages in: rows {state, choices, rows, total, description, themeColors, roles, error?, skipped?}.
 * Messages out: ready, query {query, group}, selection {items}, open {item, focus}, action {action, items}.
 */

import type { PassageQuery, PassageRow } from '../core';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };
const vscode = acquireVsCodeApi();

type Row = PassageRow;
interface Choice {
  id: string;
  label: string;
  color?: string;
}
type Query = PassageQuery;
type Grouping = 'article' | 'theme' | 'none';
interface RowsMessage {
  type: 'rows';
  state: { query: Query; group: Grouping };
  choices: Record<'roles' | 'themes' | 'configurations' | 'theories' | 'articles' | 'attributes' | 'coders', Choice[]>;
  rows: Row[];
  total: number;
  description: string;
  themeColors: Record<string, string>;
  roles: Record<string, { letter: string; label: string }>;
  error?: string;
  skipped?: string[];
}
/** What the list draws: a group heading or a passage. */
type Item = { kind: 'group'; label: string; count: number } | { kind: 'row'; row: Row };

const ROW = 40;
const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const list = el<HTMLDivElement>('list');
const spacer = el<HTMLDivElement>('spacer');
const statusLine = el<HTMLDivElement>('status');
const grep = el<HTMLInputElement>('grep');
const FILTERS = ['role', 'theme', 'configuration', 'theory', 'article', 'attribute', 'coder'] as const;
const ANY: Record<(typeof FILTERS)[number], string> = { role: 'any role', theme: 'any theme', configuration: 'any configuration', theory: 'any theory', article: 'any article', attribute: 'any attribute', coder: 'any coder' };

let last: RowsMessage | undefined;
let items: Item[] = [];
/** Index into `items` of the row the keyboard is on. */
let active = -1;
/** Anchor of a Shift-selection. */
let anchor = -1;
const selected = new Set<string>();
const keyOf = (r: Row) => `${r.article}#${r.id}`;
const saved = (vscode.getState() as { scrollTop?: number; active?: string; selected?: string[] } | undefined) ?? {};
for (const k of saved.selected ?? []) selected.add(k);

function setOptions(select: HTMLSelectElement, any: string, choices: Choice[], value: string | undefined): void {
  select.replaceChildren();
  const none = document.createElement('option');
  none.value = '';
  none.textContent = any;
  select.appendChild(none);
  for (const c of choices) {
    const o = document.createElement('option');
    o.value = c.id;
    o.textContent = c.label;
    select.appendChild(o);
  }
  select.value = value && choices.some((c) => c.id === value) ? value : '';
  select.classList.toggle('set', !!select.value);
  select.disabled = choices.length === 0;
}

function queryFromBar(): { query: Query; group: Grouping } {
  const query: Query = {};
  const v = (id: string) => el<HTMLSelectElement>(id).value;
  if (v('role')) query.role = v('role');
  if (v('theme')) query.theme = v('theme');
  if (v('configuration')) query.configuration = v('configuration');
  if (v('theory')) query.theory = v('theory');
  if (v('article')) query.article = v('article');
  if (v('attribute')) query.attribute = JSON.parse(v('attribute')) as { field: string; value: string };
  if (v('coder')) query.coder = v('coder');
  const state = v('state');
  if (state === 'orphaned') query.orphaned = true;
  else if (state === 'conflicted') query.conflicted = true;
  else if (state === 'placed') {
    query.orphaned = false;
    query.conflicted = false;
  }
  if (grep.value.trim()) query.grep = grep.value.trim();
  // What the bar cannot show (a matrix cell's "theme itself", a second attribute) stays until a filter changes.
  const before = last?.state.query;
  if (before?.subThemes === false && query.theme === before.theme) query.subThemes = false;
  if (Array.isArray(before?.attribute) && v('attribute') === JSON.stringify(before.attribute[0])) query.attribute = before.attribute;
  return { query, group: v('group') as Grouping };
}

function sendQuery(): void {
  vscode.postMessage({ type: 'query', ...queryFromBar() });
}

for (const id of [...FILTERS, 'state', 'group']) el<HTMLSelectElement>(id).addEventListener('change', sendQuery);
let typing: ReturnType<typeof setTimeout> | undefined;
grep.addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(sendQuery, 250);
});
grep.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown') {
    e.preventDefault();
    list.focus();
    if (active < 0) moveTo(firstRow(), false);
  }
});
el('clear').addEventListener('click', () => {
  grep.value = '';
  vscode.postMessage({ type: 'query', query: {}, group: el<HTMLSelectElement>('group').value });
});

function buildItems(m: RowsMessage): Item[] {
  if (m.state.group === 'none') return m.rows.map((row) => ({ kind: 'row', row }));
  const groups = new Map<string, Row[]>();
  for (const row of m.rows) {
    const keys = m.state.group === 'article' ? [row.article] : row.themes.length ? row.themes : ['(no theme)'];
    for (const k of keys) {
      const g = groups.get(k);
      if (g) g.push(row);
      else groups.set(k, [row]);
    }
  }
  const order = [...groups.keys()];
  if (m.state.group === 'theme') order.sort((a, b) => (a === '(no theme)' ? 1 : b === '(no theme)' ? -1 : a.localeCompare(b)));
  const out: Item[] = [];
  for (const k of order) {
    const rows = groups.get(k) as Row[];
    out.push({ kind: 'group', label: k, count: rows.length });
    for (const row of rows) out.push({ kind: 'row', row });
  }
  return out;
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data as RowsMessage;
  if (m?.type !== 'rows') return;
  const first = !last;
  last = m;
  const q = m.state.query;
  setOptions(el('role'), ANY.role, m.choices.roles, q.role);
  setOptions(el('theme'), ANY.theme, m.choices.themes, q.theme);
  setOptions(el('configuration'), ANY.configuration, m.choices.configurations, q.configuration);
  setOptions(el('theory'), ANY.theory, m.choices.theories, q.theory);
  setOptions(el('article'), ANY.article, m.choices.articles, q.article);
  const attr = Array.isArray(q.attribute) ? q.attribute[0] : q.attribute;
  setOptions(el('attribute'), ANY.attribute, m.choices.attributes, attr ? JSON.stringify({ field: attr.field, value: attr.value }) : undefined);
  setOptions(el('coder'), ANY.coder, m.choices.coders, q.coder);
  const state = el<HTMLSelectElement>('state');
  state.value = q.orphaned ? 'orphaned' : q.conflicted ? 'conflicted' : q.orphaned === false ? 'placed' : '';
  state.classList.toggle('set', !!state.value);
  el<HTMLSelectElement>('group').value = m.state.group;
  if (document.activeElement !== grep) grep.value = q.grep ?? '';
  grep.classList.toggle('set', !!grep.value);
  items = buildItems(m);
  const present = new Set(m.rows.map(keyOf));
  for (const k of [...selected]) if (!present.has(k)) selected.delete(k);
  const activeKey = first ? saved.active : activeRow() && keyOf(activeRow() as Row);
  active = activeKey ? items.findIndex((i) => i.kind === 'row' && keyOf(i.row) === activeKey) : -1;
  statusLine.className = m.error ? 'error' : '';
  const extra = m.skipped?.length ? ` · ${m.skipped.length} sidecar(s) left out because they do not parse (see Problems)` : '';
  statusLine.textContent = m.error ?? `${m.rows.length} of ${m.total} passage(s) · ${m.description}${extra}${m.rows.length === 0 && m.total > 0 ? ' · nothing matches: loosen a filter or Clear' : ''}${m.total === 0 ? ' · no coded passages yet: select a passage in an article and press Ctrl+Alt+1…4' : ''}`;
  spacer.style.height = `${items.length * ROW}px`;
  if (first && saved.scrollTop) list.scrollTop = saved.scrollTop;
  draw();
  updateActions();
});

function activeRow(): Row | undefined {
  const i = items[active];
  return i?.kind === 'row' ? i.row : undefined;
}

const drawn = new Map<number, HTMLDivElement>();

/** Draws the items in sight (and a screen above and below), reusing nothing: at 40 px a row, that is a few dozen elements. */
function draw(): void {
  const from = Math.max(0, Math.floor(list.scrollTop / ROW) - 20);
  const to = Math.min(items.length, Math.ceil((list.scrollTop + list.clientHeight) / ROW) + 20);
  for (const [i, node] of drawn) {
    if (i < from || i >= to) {
      node.remove();
      drawn.delete(i);
    }
  }
  for (let i = from; i < to; i++) {
    const old = drawn.get(i);
    if (old) old.remove();
    const node = render(items[i] as Item, i);
    drawn.set(i, node);
    spacer.appendChild(node);
  }
  vscode.setState({ scrollTop: list.scrollTop, active: activeRow() && keyOf(activeRow() as Row), selected: [...selected] });
}

function span(text: string, cls?: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.textContent = text;
  if (cls) s.className = cls;
  return s;
}

function render(item: Item, index: number): HTMLDivElement {
  const div = document.createElement('div');
  div.style.top = `${index * ROW}px`;
  if (item.kind === 'group') {
    div.className = 'group';
    div.append(span(item.label), span(`${item.count}`, 'count'));
    return div;
  }
  const r = item.row;
  const role = last?.roles[r.role];
  div.className = `row${selected.has(keyOf(r)) ? ' selected' : ''}${index === active ? ' active' : ''}`;
  div.id = `row-${index}`;
  div.setAttribute('role', 'option');
  div.setAttribute('aria-selected', String(selected.has(keyOf(r))));
  div.dataset.index = String(index);
  div.dataset.vscodeContext = JSON.stringify({ webviewSection: 'passage', preventDefaultContextMenuItems: true });
  const line1 = document.createElement('div');
  line1.className = 'line1';
  const cue = span(role?.letter ?? '?', `cue ${r.role}`);
  cue.title = role?.label ?? r.role;
  line1.append(cue, span(`“${r.quote}”`));
  const line2 = document.createElement('div');
  line2.className = 'line2';
  const where = r.orphaned ? 'orphaned' : `line ${r.line ?? '?'}${r.page !== undefined ? `, p. ${r.page}` : ''}`;
  const about = span(`${r.article}${r.appraisal ? ` (${r.appraisal})` : ''} · ${where} · ${role?.label ?? r.role}`);
  // The article's attributes on hover, and for screen readers.
  if (r.attributes) {
    about.title = r.attributes;
    about.setAttribute('aria-label', `${about.textContent ?? ''}; ${r.attributes}`);
  }
  line2.append(about);
  for (const t of r.themes) {
    const sw = span('', 'swatch');
    sw.style.background = last?.themeColors[t] ?? 'var(--vscode-descriptionForeground)';
    line2.append(sw, span(t));
  }
  if (r.configurations.length) line2.append(span(` · in ${r.configurations.join(', ')}`));
  if (r.memo) {
    const memo = span(' ✎ memo', 'flag');
    memo.title = r.memo;
    line2.append(memo);
  }
  if (r.orphaned) line2.append(span(' ⚠ not found in the text', 'flag bad'));
  if (r.conflicted) line2.append(span(' ⚠ merge conflict', 'flag bad'));
  div.title = `${r.quote}${r.memo ? `\n\nMemo: ${r.memo}` : ''}`;
  div.append(line1, line2);
  return div;
}

list.addEventListener('scroll', () => requestAnimationFrame(draw));
window.addEventListener('resize', () => draw());

function firstRow(): number {
  return items.findIndex((i) => i.kind === 'row');
}

function nextRow(from: number, step: 1 | -1): number {
  for (let i = from + step; i >= 0 && i < items.length; i += step) if (items[i]?.kind === 'row') return i;
  return from;
}

/** Moves the keyboard to an item; `extend`: select from the anchor to it; else it alone is selected. */
function moveTo(index: number, extend: boolean): void {
  if (index < 0 || index >= items.length || items[index]?.kind !== 'row') return;
  active = index;
  if (extend) {
    if (anchor < 0) anchor = index;
    selected.clear();
    const [a, b] = anchor < index ? [anchor, index] : [index, anchor];
    for (let i = a; i <= b; i++) {
      const it = items[i];
      if (it?.kind === 'row') selected.add(keyOf(it.row));
    }
  } else {
    anchor = index;
    selected.clear();
    selected.add(keyOf((items[index] as { row: Row }).row));
  }
  const top = index * ROW;
  if (top < list.scrollTop) list.scrollTop = top;
  else if (top + ROW > list.scrollTop + list.clientHeight) list.scrollTop = top + ROW - list.clientHeight;
  list.setAttribute('aria-activedescendant', `row-${index}`);
  selectionChanged();
}

function refs(): Array<{ article: string; id: string }> {
  const out: Array<{ article: string; id: string }> = [];
  const seen = new Set<string>();
  for (const i of items) {
    if (i.kind !== 'row' || !selected.has(keyOf(i.row)) || seen.has(keyOf(i.row))) continue;
    seen.add(keyOf(i.row));
    out.push({ article: i.row.article, id: i.row.id });
  }
  return out;
}

function selectionChanged(): void {
  draw();
  updateActions();
  vscode.postMessage({ type: 'selection', items: refs() });
}

function updateActions(): void {
  const n = refs().length;
  for (const id of ['act-tag', 'act-role', 'act-configuration']) el<HTMLButtonElement>(id).disabled = n === 0;
  el<HTMLButtonElement>('act-memo').disabled = n !== 1;
}

function open(focus: boolean): void {
  const r = activeRow();
  if (r) vscode.postMessage({ type: 'open', item: { article: r.article, id: r.id }, focus });
}

/** The row actions, by the key that runs them (without Ctrl); each is also a button `act-<action>`. */
type Action = 'tag' | 'role' | 'configuration' | 'memo';
const ACTIONS: ReadonlyMap<string, Action> = new Map([['t', 'tag'], ['r', 'role'], ['k', 'configuration'], ['m', 'memo']]);

function act(action: Action): void {
  const items = refs();
  if (items.length) vscode.postMessage({ type: 'action', action, items });
}
for (const action of ACTIONS.values()) el(`act-${action}`).addEventListener('click', () => act(action));

list.addEventListener('keydown', (e) => {
  const page = Math.max(1, Math.floor(list.clientHeight / ROW) - 1);
  const ctrl = e.ctrlKey || e.metaKey;
  const start = active < 0 ? firstRow() - 1 : active;
  switch (e.key) {
    case 'ArrowDown':
      moveTo(active < 0 ? firstRow() : nextRow(start, 1), e.shiftKey);
      break;
    case 'ArrowUp':
      moveTo(active < 0 ? firstRow() : nextRow(start, -1), e.shiftKey);
      break;
    case 'PageDown':
      moveTo(Math.min(items.length - 1, Math.max(0, start) + page), e.shiftKey);
      break;
    case 'PageUp':
      moveTo(Math.max(firstRow(), start - page), e.shiftKey);
      break;
    case 'Home':
      moveTo(firstRow(), e.shiftKey);
      break;
    case 'End':
      moveTo(nextRow(items.length, -1), e.shiftKey);
      break;
    case 'Enter':
      open(ctrl);
      break;
    case ' ': {
      const r = activeRow();
      if (!r) break;
      if (selected.has(keyOf(r))) selected.delete(keyOf(r));
      else selected.add(keyOf(r));
      selectionChanged();
      break;
    }
    case 'a':
    case 'A':
      if (!ctrl) return;
      for (const i of items) if (i.kind === 'row') selected.add(keyOf(i.row));
      selectionChanged();
      break;
    case 'Escape':
      selected.clear();
      selectionChanged();
      break;
    default: {
      const action = ACTIONS.get(e.key);
      if (!action || ctrl) return;
      act(action);
    }
  }
  e.preventDefault();
});

/** A click selects (Ctrl toggles, Shift extends) and opens; a double click goes to the article. */
list.addEventListener('mousedown', (e) => {
  const target = (e.target as HTMLElement).closest('.row') as HTMLElement | null;
  if (!target) return;
  const index = Number(target.dataset.index);
  const key = keyOf((items[index] as { row: Row }).row);
  if (e.button === 2) {
    // The context menu acts on the selection; right-clicking outside it selects the row first.
    if (!selected.has(key)) moveTo(index, false);
    return;
  }
  if (e.ctrlKey || e.metaKey) {
    active = index;
    if (selected.has(key)) selected.delete(key);
    else selected.add(key);
    selectionChanged();
    return;
  }
  moveTo(index, e.shiftKey);
  if (!e.shiftKey) open(false);
});
list.addEventListener('dblclick', () => open(true));

vscode.postMessage({ type: 'ready' });
