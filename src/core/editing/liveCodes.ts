/**
 * The codes of one article while it is open in an editor: the model behind
 * highlighting, hovering, coding and saving. vscode-free; the extension feeds
 * it text changes and asks it for ranges.
 *
 * Rules:
 * - Ranges here are offsets in the *editor's* text (which may have CRLF line
 *   ends); the sidecar's LF offsets are computed only when reading and saving
 *   (`fromLf` / `toLf` supplied by the caller), so a keystroke costs one pass
 *   over the codes and no text conversion.
 * - Typing just before or just after a code does not extend it; typing inside
 *   it does. A code whose whole text is deleted is kept, detached, with its
 *   last quote; when an undo brings those words back near where they were, it
 *   comes back. Codes never disappear because of text edits.
 * - Orphans (codes that could not be anchored when the article was read) stay
 *   exactly as they were in the file until the user re-attaches or deletes them.
 * - Coding changes (add, role, memo, tags, delete, re-attach) can be undone
 *   and redone; text edits are the editor's to undo.
 */
import { anchorCodes, selectorFor, type Anchored } from '../anchoring/anchor';
import { newId } from '../model/ids';
import { isRole, type Role } from '../model/roles';
import { FORMAT_VERSION, type Code, type CodeConflict, type Sidecar } from '../model/schema';
import { resolveCodeConflict, type Resolution } from '../formats/conflicts';
import { SectionIndex } from '../text/sections';
import { sha256Hex } from '../text/text';

export type CodeState = 'live' | 'detached' | 'orphaned';

export interface LiveCode {
  /** The code's stored fields; start/end/exact/prefix/suffix are as last saved or anchored. */
  code: Code;
  state: CodeState;
  /** Current range in editor offsets (for detached and orphaned codes: where it was). */
  start: number;
  end: number;
}

export interface TextChange {
  /** Editor offset where the replaced text began (before the change). */
  offset: number;
  /** Length of the replaced text. */
  removed: number;
  /** The new text. */
  text: string;
}

export interface CodingChange {
  readonly label: string;
  readonly before: LiveCode[];
  readonly after: LiveCode[];
  readonly conflictsBefore: CodeConflict[];
  readonly conflictsAfter: CodeConflict[];
}

/** Converts between the editor's offsets and the sidecar's LF offsets. */
export interface OffsetMapping {
  toLf(editorOffset: number): number;
  fromLf(lfOffset: number): number;
}

export const IDENTITY: OffsetMapping = { toLf: (o) => o, fromLf: (o) => o };

const clone = (codes: readonly LiveCode[]): LiveCode[] => codes.map((c) => ({ ...c, code: { ...c.code } }));

export class LiveCodes {
  private codes: LiveCode[] = [];
  private undoStack: CodingChange[] = [];
  private redoStack: CodingChange[] = [];
  /** Bumped on every change of codes or ranges; the extension uses it to know what to redraw and save. */
  version = 0;
  /** Whether anything differs from the sidecar on disk. */
  dirty = false;
  /** Fields of the sidecar we do not know, kept for the next save. */
  private extra: Record<string, unknown> = {};
  /** Merge conflicts recorded in the sidecar, waiting to be reconciled. */
  private conflictList: CodeConflict[] = [];

  constructor(
    readonly articlePath: string,
    private readonly limit = 200,
  ) {}

  /**
   * Loads a sidecar's codes against the article's current LF text: anchors
   * them and maps them into editor offsets. Returns the anchoring results.
   */
  load(sidecar: Sidecar | undefined, lfText: string, mapping: OffsetMapping = IDENTITY): Anchored[] {
    const { cmo: _v, source: _s, sha256: _h, codes: _c, conflicts, ...extra } = sidecar ?? { cmo: 1, source: '', sha256: '', codes: [] };
    this.extra = extra;
    this.conflictList = conflicts ?? [];
    const results = this.anchor(sidecar?.codes ?? [], lfText, mapping);
    this.undoStack = [];
    this.redoStack = [];
    this.dirty = results.some((r) => r.status === 'moved' || r.status === 'fuzzy');
    return results;
  }

  /**
   * After the text was replaced wholesale (reloaded from disk, say): finds every
   * code again from its quote and context, as when the article is opened.
   * Coding undo history is cleared, since its positions no longer hold.
   */
  relocate(lfText: string, mapping: OffsetMapping = IDENTITY): Anchored[] {
    const results = this.anchor(
      this.codes.map((c) => c.code),
      lfText,
      mapping,
    );
    this.undoStack = [];
    this.redoStack = [];
    this.dirty = true;
    return results;
  }

  private anchor(stored: readonly Code[], lfText: string, mapping: OffsetMapping): Anchored[] {
    const results = anchorCodes(lfText, stored);
    this.codes = results.map((r) => ({
      code: r.status === 'orphaned' ? r.code : { ...r.code, ...selectorFor(lfText, r.start, r.end) },
      state: r.status === 'orphaned' ? 'orphaned' : 'live',
      start: mapping.fromLf(r.start),
      end: mapping.fromLf(r.end),
    }));
    this.sort();
    this.version++;
    return results;
  }

  all(): readonly LiveCode[] {
    return this.codes;
  }

  get(id: string): LiveCode | undefined {
    return this.codes.find((c) => c.code.id === id);
  }

  /** Live codes whose range contains the offset (ends inclusive, so a cursor right after a code counts). */
  at(offset: number): LiveCode[] {
    return this.codes.filter((c) => c.state === 'live' && c.start <= offset && offset <= c.end);
  }

  /** Live codes overlapping [start, end). */
  overlapping(start: number, end: number): LiveCode[] {
    return this.codes.filter((c) => c.state === 'live' && c.start < end && start < c.end);
  }

  /**
   * Shifts ranges for text edits, in the order the editor reports them (each
   * against the text before it). The text after the edits is asked for only
   * when an edit touched a code (a function, so a keystroke elsewhere costs
   * no copy of the document).
   */
  applyTextChanges(changes: readonly TextChange[], after: string | (() => string)): void {
    if (changes.length === 0) return;
    // Apply from the last to the first, so earlier offsets stay valid.
    const ordered = [...changes].sort((a, b) => b.offset - a.offset);
    const touched = new Set<LiveCode>();
    for (const ch of ordered) {
      const s = ch.offset;
      const e = ch.offset + ch.removed;
      const delta = ch.text.length - ch.removed;
      for (const c of this.codes) {
        if (c.state === 'orphaned') continue;
        if (c.end < s || (c.end === s && c.start < c.end)) continue; // before the edit, or ends where it starts
        if (c.start >= e) {
          // after the edit (an insertion at the code's start does not extend it)
          c.start += delta;
          c.end += delta;
          continue;
        }
        touched.add(c);
        if (c.start >= s && c.end <= e) {
          // the whole passage was replaced: keep the code, detached, where it was
          c.state = 'detached';
          c.start = s;
          c.end = s;
          continue;
        }
        const start = c.start < s ? c.start : s + ch.text.length;
        const end = c.end > e ? c.end + delta : s;
        c.start = Math.min(start, end);
        c.end = Math.max(start, end);
      }
    }
    // Words of a touched or detached code back near where they were (an undo, say): put it back on them.
    // A detached code also looks through the text this change inserted: undoing (or reverting) a large
    // deletion puts its words back anywhere in the restored stretch, which the code may sit on either side of.
    let text: string | undefined;
    const textAfter = () => (text ??= typeof after === 'string' ? after : after());
    // The inserted stretches, in the text after the change.
    const stretches: Array<[number, number]> = [];
    let shift = 0;
    for (const ch of [...changes].sort((x, y) => x.offset - y.offset)) {
      if (ch.text.length) stretches.push([ch.offset + shift, ch.offset + shift + ch.text.length]);
      shift += ch.text.length - ch.removed;
    }
    /** How far a detached code at `at` may look: the inserted stretch it sits at the edge of, if any. */
    const reach = (at: number) => {
      const stretch = stretches.find(([from, to]) => from <= at && at <= to);
      return stretch ? stretch[1] - stretch[0] : 0;
    };
    for (const c of this.codes) {
      if (c.state === 'orphaned' || !(touched.has(c) || c.state === 'detached')) continue;
      const quote = c.code.exact;
      if (!quote || textAfter().slice(c.start, c.end) === quote) {
        if (c.state === 'detached' && quote) c.state = 'live';
        continue;
      }
      const slack = c.state === 'detached' ? reach(c.start) : 0;
      const from = Math.max(0, c.start - quote.length - 64 - slack);
      const at = textAfter().indexOf(quote, from);
      if (at !== -1 && at <= c.end + 64 + slack) {
        c.start = at;
        c.end = at + quote.length;
        c.state = 'live';
      }
    }
    this.sort();
    this.dirty = true;
    this.version++;
  }

  /** Every coding change goes through here, so it can be undone. */
  private change(label: string, mutate: () => void): void {
    const before = clone(this.codes);
    const conflictsBefore = this.conflictList;
    mutate();
    this.sort();
    this.undoStack.push({ label, before, after: clone(this.codes), conflictsBefore, conflictsAfter: this.conflictList });
    if (this.undoStack.length > this.limit) this.undoStack.shift();
    this.redoStack = [];
    this.dirty = true;
    this.version++;
  }

  /** Codes a range of the editor's text. Returns the new code's id. */
  add(role: Role, start: number, end: number, editorText: string, fields: { coder?: string; created?: string; tags?: string[]; note?: string } = {}): string {
    if (!isRole(role)) throw new Error(`unknown role ${role}`);
    if (end <= start) throw new Error('select the passage to code first');
    const sel = selectorFor(editorText, start, end);
    const id = newId(new Set(this.codes.map((c) => c.code.id)));
    const code: Code = { id, role, ...sel, ...(fields.tags?.length ? { tags: fields.tags } : {}), ...(fields.note ? { note: fields.note } : {}), ...(fields.coder ? { coder: fields.coder } : {}), ...(fields.created ? { created: fields.created } : {}) };
    this.change(`Code as ${role}`, () => this.codes.push({ code, state: 'live', start: sel.start, end: sel.end }));
    return id;
  }

  private edit(id: string, label: string, fn: (c: LiveCode) => void): void {
    const target = this.get(id);
    if (!target) throw new Error(`no code ${id} in this article`);
    this.change(label, () => fn(this.get(id) as LiveCode));
  }

  setRole(id: string, role: Role): void {
    this.edit(id, 'Change role', (c) => (c.code.role = role));
  }

  setNote(id: string, note: string): void {
    this.edit(id, 'Edit memo', (c) => {
      if (note.trim()) c.code.note = note;
      else delete c.code.note;
    });
  }

  setTags(id: string, tags: readonly string[]): void {
    this.edit(id, 'Tag with theme', (c) => {
      const unique = [...new Set(tags)];
      if (unique.length) c.code.tags = unique;
      else delete c.code.tags;
    });
  }

  /** The studies a passage reports on (a review coding a review): paths or free references, each once. */
  setCites(id: string, cites: readonly string[]): void {
    this.edit(id, 'Edit cited studies', (c) => {
      const unique = [...new Set(cites.map((x) => x.trim()).filter(Boolean))];
      if (unique.length) c.code.cites = unique;
      else delete c.code.cites;
    });
  }

  /** The same role for several codes: one undo step. */
  setRoleOf(ids: readonly string[], role: Role): void {
    if (!isRole(role)) throw new Error(`unknown role ${role}`);
    const targets = this.many(ids);
    this.change('Change role', () => {
      for (const id of targets) (this.get(id) as LiveCode).code.role = role;
    });
  }

  /** Themes added to several codes (those they have stay): one undo step. */
  addTagsTo(ids: readonly string[], tags: readonly string[]): void {
    const targets = this.many(ids);
    this.change('Tag with theme', () => {
      for (const id of targets) {
        const c = this.get(id) as LiveCode;
        const unique = [...new Set([...(c.code.tags ?? []), ...tags])];
        if (unique.length) c.code.tags = unique;
      }
    });
  }

  private many(ids: readonly string[]): string[] {
    const missing = ids.filter((id) => !this.get(id));
    if (missing.length) throw new Error(`no code ${missing.join(', ')} in this article`);
    return [...new Set(ids)];
  }

  delete(id: string): void {
    if (!this.get(id)) throw new Error(`no code ${id} in this article`);
    this.change('Delete code', () => (this.codes = this.codes.filter((c) => c.code.id !== id)));
  }

  /** Attaches an orphaned or detached code (or moves a live one) to a range of the editor's text. */
  reattach(id: string, start: number, end: number, editorText: string): void {
    if (end <= start) throw new Error('select the passage to attach the code to first');
    this.edit(id, 'Re-attach code', (c) => {
      const sel = selectorFor(editorText, start, end);
      c.state = 'live';
      c.start = sel.start;
      c.end = sel.end;
      c.code = { ...c.code, exact: sel.exact, prefix: sel.prefix, suffix: sel.suffix };
    });
  }

  canUndo(): string | undefined {
    return this.undoStack[this.undoStack.length - 1]?.label;
  }

  canRedo(): string | undefined {
    return this.redoStack[this.redoStack.length - 1]?.label;
  }

  undo(): string | undefined {
    const step = this.undoStack.pop();
    if (!step) return undefined;
    this.codes = clone(step.before);
    this.conflictList = step.conflictsBefore;
    this.redoStack.push(step);
    this.dirty = true;
    this.version++;
    return step.label;
  }

  redo(): string | undefined {
    const step = this.redoStack.pop();
    if (!step) return undefined;
    this.codes = clone(step.after);
    this.conflictList = step.conflictsAfter;
    this.undoStack.push(step);
    this.dirty = true;
    this.version++;
    return step.label;
  }

  /**
   * The sidecar for the article's current text. Live codes get their quote,
   * context and section from the text; detached codes keep their last quote
   * and position (they will be anchored again, or orphaned, next time);
   * orphans are written exactly as they were read.
   */
  toSidecar(source: string, lfText: string, mapping: OffsetMapping = IDENTITY): Sidecar {
    let sections: SectionIndex | undefined;
    const codes = this.codes.map((c) => {
      if (c.state !== 'live') return c.code;
      const sel = selectorFor(lfText, mapping.toLf(c.start), mapping.toLf(c.end));
      sections ??= SectionIndex.forArticle(this.articlePath, lfText);
      const section = sections.at(sel.start);
      const { section: _old, ...rest } = c.code;
      return { ...rest, ...sel, ...(section !== undefined ? { section } : {}) };
    });
    return { ...this.extra, cmo: FORMAT_VERSION, source, sha256: sha256Hex(lfText), codes, ...(this.conflictList.length ? { conflicts: this.conflictList } : {}) };
  }

  // -------------------------------------------------------------------------
  // Reconciling with another coder

  /** Merge conflicts recorded in the sidecar and not yet reconciled. */
  conflicts(): readonly CodeConflict[] {
    return this.conflictList;
  }

  /** A code from elsewhere (the other coder, a merge) placed on the current text; undefined if its quote is not there. */
  private placed(code: Code, lfText: string, mapping: OffsetMapping): LiveCode | undefined {
    const r = anchorCodes(lfText, [code])[0] as Anchored;
    if (r.status === 'orphaned') return undefined;
    return { code: { ...code, ...selectorFor(lfText, r.start, r.end) }, state: 'live', start: mapping.fromLf(r.start), end: mapping.fromLf(r.end) };
  }

  /**
   * Adds the other coder's code to this article, keeping its id unless that
   * is taken here. Returns the id, or undefined when its quote is not in this
   * text (then nothing changes).
   */
  adopt(code: Code, lfText: string, mapping: OffsetMapping = IDENTITY, label = 'Take their code'): string | undefined {
    const taken = new Set(this.codes.map((c) => c.code.id));
    const live = this.placed({ ...code, id: taken.has(code.id) ? newId(taken) : code.id }, lfText, mapping);
    if (!live) return undefined;
    this.change(label, () => this.codes.push(live));
    return live.code.id;
  }

  /** Gives one of our codes the other coder's role and passage (and keeps its id, so configurations still point at it). */
  takeRoleAndSpan(id: string, theirs: Code, lfText: string, mapping: OffsetMapping = IDENTITY): boolean {
    const target = this.get(id);
    const live = this.placed({ ...(target?.code as Code), role: theirs.role, start: theirs.start, end: theirs.end, exact: theirs.exact, prefix: theirs.prefix, suffix: theirs.suffix }, lfText, mapping);
    if (!target || !live) return false;
    this.edit(id, 'Take their coding', (c) => Object.assign(c, live));
    return true;
  }

  /** Settles a recorded merge conflict (see core resolveCodeConflict); undoable. */
  resolveConflict(codeId: string, how: Resolution, lfText: string, mapping: OffsetMapping = IDENTITY): boolean {
    const asStored = this.codes.map((c) => (c.state === 'live' ? { ...c.code, start: mapping.toLf(c.start), end: mapping.toLf(c.end) } : c.code));
    const byCode = new Map(asStored.map((code, i) => [code, this.codes[i] as LiveCode]));
    const next = resolveCodeConflict({ cmo: FORMAT_VERSION, source: '', sha256: '', codes: asStored, conflicts: this.conflictList }, codeId, how);
    if (!next) return false;
    const label = how === 'mine' ? 'Keep my side' : how === 'theirs' ? 'Take their side' : 'Keep both sides';
    this.change(label, () => {
      this.codes = next.codes.map((code) => byCode.get(code) ?? this.placed(code, lfText, mapping) ?? { code, state: 'orphaned', start: code.start, end: code.end });
      this.conflictList = next.conflicts ?? [];
    });
    return true;
  }

  /** Call after a successful save: what is in memory is what is on disk. */
  saved(lfText: string, mapping: OffsetMapping = IDENTITY): void {
    for (const c of this.codes) {
      if (c.state === 'live') c.code = { ...c.code, ...selectorFor(lfText, mapping.toLf(c.start), mapping.toLf(c.end)) };
    }
    this.dirty = false;
  }

  /** Codes in text order, for next / previous. */
  next(offset: number, direction: 1 | -1): LiveCode | undefined {
    const live = this.codes.filter((c) => c.state === 'live');
    if (direction === 1) return live.find((c) => c.start > offset) ?? live[0];
    return [...live].reverse().find((c) => c.start < offset) ?? live[live.length - 1];
  }

  counts(): Record<Role, number> {
    const out: Record<Role, number> = { context: 0, resource: 0, reasoning: 0, outcome: 0, mechanism: 0, none: 0 };
    for (const c of this.codes) out[c.code.role]++;
    return out;
  }

  private sort(): void {
    this.codes.sort((a, b) => a.start - b.start || a.end - b.end || (a.code.id < b.code.id ? -1 : 1));
  }
}
