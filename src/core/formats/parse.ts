/**
 * Reading a sidecar or project file from its text. Never throws on bad input:
 * every failure comes back as problems that name the line and column and say
 * what to do. Nothing here writes; callers must not write a file that did not
 * parse (the store enforces that).
 */
import { findNodeAtLocation, parse as parseJsonc, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { ZodMiniType } from 'zod/mini';
import type { Problem, ProblemKind, Severity } from '../model/problems';
import { FORMAT_VERSION, MAX_FILE_BYTES, MAX_JSON_DEPTH, PROTO_KEY, projectSchema, sidecarSchema, type Project, type Sidecar, valueList } from '../model/schema';
import { isPlainSidecar } from '../model/plainSidecar';
import { LineIndex, decodeUtf8 } from '../text/text';
import { mergeProjects, mergeSidecars, splitConflictMarkers, type MarkerSides } from './merge';

export type ParseResult<T> = { ok: true; value: T; problems: Problem[] } | { ok: false; problems: Problem[] };

const LEFT_AS_IS = 'The file is left exactly as it is.';
const MAX_SCHEMA_PROBLEMS = 20;

/** Paths a Reporter locates by scanning before it builds jsonc-parser's tree. */
const MAX_PATH_SCANS = 4;

class Reporter {
  readonly problems: Problem[] = [];
  private lines: LineIndex | undefined;
  private tree: Node | undefined | null = null;
  private codeSpans: Array<[number, number]> | undefined | null = null;
  private scans = 0;
  constructor(
    readonly path: string,
    readonly text: string,
  ) {}

  at(offset: number, length: number, severity: Severity, kind: ProblemKind, message: string, codeId?: string, recoverable?: true): void {
    this.lines ??= new LineIndex(this.text);
    const s = this.lines.position(offset);
    const e = this.lines.position(offset + length);
    this.problems.push({ path: this.path, line: s.line, column: s.character, endLine: e.line, endColumn: e.character, severity, kind, message, ...(codeId ? { codeId } : {}), ...(recoverable ? { recoverable } : {}) });
  }

  /** Reports at the JSON node for a path, or the nearest existing ancestor. */
  atPath(path: readonly (string | number)[], severity: Severity, kind: ProblemKind, message: string, codeId?: string): void {
    // A code of a sidecar (an orphan, a fuzzy match: most problems of a big review) by a scan, without a parse tree.
    if (path.length === 2 && path[0] === 'codes' && typeof path[1] === 'number' && this.tree === null) {
      if (this.codeSpans === null) this.codeSpans = arraySpans(this.text, 'codes');
      const span = this.codeSpans?.[path[1]];
      if (span) return this.at(span[0], Math.min(span[1] - span[0], 200), severity, kind, message, codeId);
    }
    // A few others (the sha256 of a re-extracted article's sidecar, a tag) by a scan that skips what is off the path; many by the tree.
    if (this.tree === null && this.scans < MAX_PATH_SCANS) {
      this.scans++;
      const span = locatePaths(this.text, [path])?.[0];
      if (span) return this.at(span.offset, Math.min(span.length, 200), severity, kind, message, codeId);
    }
    if (this.tree === null) this.tree = parseTree(this.text) ?? undefined;
    let node: Node | undefined;
    for (let n = path.length; n >= 0 && !node; n--) node = this.tree && findNodeAtLocation(this.tree, path.slice(0, n) as (string | number)[]);
    // For a property, point at its key rather than the whole value.
    const target = node?.parent?.type === 'property' ? node.parent : node;
    const offset = target?.offset ?? 0;
    const length = target?.type === 'property' ? (target.children?.[0]?.length ?? 1) : Math.min(target?.length ?? 1, 200);
    this.at(offset, length, severity, kind, message, codeId);
  }
}

/**
 * The [start, end) of each element of the array under `key` in a JSON text's
 * top-level object, by one scan that knows strings and nesting only; as
 * jsonc-parser's tree gives them. Undefined where the text is not shaped so
 * (the key absent or twice, an element not an object, the text cut short):
 * the caller then parses the tree.
 */
export function arraySpans(text: string, key: string): Array<[number, number]> | undefined {
  const n = text.length;
  let depth = 0;
  let spans: Array<[number, number]> | undefined;
  let inArray = false;
  let done = false;
  let start = -1;
  let keyNext = false; // the last string at depth 1 was `key` (it is a key when a colon follows)
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const from = i;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
      if (i >= n) return undefined;
      if (depth === 2 && inArray) return undefined; // a string element
      keyNext = depth === 1 && text.slice(from + 1, i) === key;
      continue;
    }
    if (c === 123 || c === 91) {
      if (depth === 1 && keyNext && c === 91) {
        if (spans || done) return undefined; // the key twice
        spans = [];
        inArray = true;
      } else if (depth === 2 && inArray) {
        if (c !== 123) return undefined;
        start = i;
      }
      keyNext = false;
      depth++;
      continue;
    }
    if (c === 125 || c === 93) {
      depth--;
      if (depth === 2 && inArray && c === 125) spans?.push([start, i + 1]);
      else if (depth === 1 && inArray) {
        inArray = false;
        done = true;
      }
      continue;
    }
    if (c === 58 || c === 32 || c === 10 || c === 13 || c === 9) continue; // a colon after the key, or white space
    if (c === 44) {
      keyNext = false;
      continue;
    }
    if (depth === 2 && inArray) return undefined; // a number, true, false or null as an element
    keyNext = false;
  }
  return done ? spans : undefined;
}

/** Where a problem at a JSON path is shown: the property's key, or the value (an array element, the root). */
export interface PathSpan {
  offset: number;
  length: number;
}

interface PathTrie {
  children: Map<string | number, PathTrie>;
  span?: PathSpan;
  /** A path asked for ends here. */
  wanted?: boolean;
}

/**
 * Locates many JSON paths in one scan of a JSON text, as `atPath` would one
 * by one with jsonc-parser's tree: each path's node, or its nearest existing
 * ancestor; a property's key, an element's value; the first of duplicate
 * keys. Values off the paths are skipped, not parsed, so a 2 MB project file
 * with a thousand dangling references costs one pass and no tree. Undefined
 * when the text is not plain JSON (comments, cut short): the caller then
 * uses the tree.
 */
export function locatePaths(text: string, paths: ReadonlyArray<readonly (string | number)[]>): PathSpan[] | undefined {
  const root: PathTrie = { children: new Map() };
  /** Paths asked for and not found yet: at none, the scan stops (a sidecar's sha256 comes before its codes). */
  let pending = 0;
  for (const path of paths) {
    let node = root;
    for (const seg of path) {
      let next = node.children.get(seg);
      if (!next) node.children.set(seg, (next = { children: new Map() }));
      node = next;
    }
    if (!node.wanted && node !== root) {
      node.wanted = true;
      pending++;
    }
  }
  if (pending === 0) return paths.map(() => ({ offset: 0, length: Math.min(text.length, 1) }));
  const n = text.length;
  const fail = (): never => {
    throw NOT_PLAIN;
  };
  const ws = (i: number): number => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    }
    return i;
  };
  /** From the opening quote to past the closing one. */
  const string = (i: number): number => {
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 34) return i + 1;
    }
    return fail();
  };
  /** Past a value that no path goes into. */
  const skip = (i: number): number => {
    const c = text.charCodeAt(i);
    if (c === 34) return string(i);
    if (c === 123 || c === 91) {
      let depth = 0;
      for (; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 34) i = string(i) - 1;
        else if (d === 123 || d === 91) depth++;
        else if (d === 125 || d === 93) {
          if (--depth === 0) return i + 1;
        } else if (d === 47) fail(); // a comment: not plain JSON
      }
      return fail();
    }
    let j = i;
    while (j < n && /[-+.\w]/.test(text[j] as string)) j++;
    return j > i ? j : fail();
  };
  /** Past a value on some path, recording the spans of the paths' nodes in it. */
  const visit = (i: number, node: PathTrie): number => {
    const c = text.charCodeAt(i);
    if (node.children.size === 0 || (c !== 123 && c !== 91)) return skip(i);
    let index = 0;
    i = ws(i + 1);
    if (text.charCodeAt(i) === (c === 123 ? 125 : 93)) return i + 1;
    for (;;) {
      let child: PathTrie | undefined;
      let key: PathSpan | undefined;
      if (c === 123) {
        if (text.charCodeAt(i) !== 34) fail();
        const end = string(i);
        const raw = text.slice(i + 1, end - 1);
        key = { offset: i, length: end - i };
        child = node.children.get(raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw);
        i = ws(end);
        if (text.charCodeAt(i) !== 58) fail();
        i = ws(i + 1);
      } else child = node.children.get(index++);
      const start = i;
      i = child && !child.span ? visit(i, child) : skip(i);
      if (child && !child.span) {
        child.span = key ?? { offset: start, length: i - start };
        if (child.wanted && --pending === 0) throw ALL_FOUND;
      }
      i = ws(i);
      const d = text.charCodeAt(i);
      if (d === 44) i = ws(i + 1);
      else if (d === (c === 123 ? 125 : 93)) return i + 1;
      else fail();
    }
  };
  const start = ws(0);
  try {
    const end = visit(start, root);
    root.span = { offset: start, length: end - start };
    if (ws(end) !== n) return undefined;
  } catch (e) {
    if (e === NOT_PLAIN) return undefined;
    if (e !== ALL_FOUND) throw e;
    root.span = { offset: start, length: n - start };
  }
  return paths.map((path) => {
    let node = root;
    let span = root.span as PathSpan;
    // The deepest node found on the path (when the scan stopped early, the nodes above it have no span of their own).
    for (const seg of path) {
      const next = node.children.get(seg);
      if (!next) break;
      node = next;
      if (next.span) span = next.span;
    }
    return span;
  });
}
const NOT_PLAIN = new Error('not plain JSON');
const ALL_FOUND = new Error('every path found');

export function pathString(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

const CONFLICT = /^(<{7}|={7}|>{7})(?: |$)/m;

/** Decodes bytes as UTF-8, or reports why not. */
export function decodeFile(path: string, bytes: Uint8Array): { text: string } | { problems: Problem[] } {
  const base = { path, line: 0, column: 0, severity: 'error' as const };
  if (bytes.byteLength > MAX_FILE_BYTES) {
    const mb = (bytes.byteLength / 1048576).toFixed(1);
    return {
      problems: [{ ...base, kind: 'too-large', message: `${mb} MB is over the ${MAX_FILE_BYTES / 1048576} MB limit for a CMO file, so it was not read. If it is really yours, split the article; otherwise restore it from git. ${LEFT_AS_IS}` }],
    };
  }
  try {
    return { text: decodeUtf8(bytes) };
  } catch {
    return { problems: [{ ...base, kind: 'not-utf8', message: `not valid UTF-8 text. Restore it from git or re-save it as UTF-8. ${LEFT_AS_IS}` }] };
  }
}

/** What JSON.parse made of a file, or the sides of its git conflict markers. */
type Raw = { json: unknown } | { markers: MarkerSides; at: number; length: number } | undefined;

/**
 * The offset of the first bracket nested deeper than MAX_JSON_DEPTH, or -1.
 * A scan of the text, for where no parsed value is at hand (invalid JSON,
 * before the error locator recurses into it) and to say where a value found
 * too deep is.
 */
export function tooDeepAt(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string with the native search (strings are most of a CMO file); a quote after an odd run of backslashes is escaped.
      let j = text.indexOf('"', i + 1);
      for (;;) {
        if (j < 0) return -1; // not closed: JSON.parse says so
        let k = j - 1;
        while (text.charCodeAt(k) === 0x5c) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      i = j;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/**
 * JSON.parse keeps a "__proto__" key as an own property, but any copy by
 * assignment (the schema's, ours) would set a prototype instead and lose it.
 * So such keys are renamed to PROTO_KEY here and back on writing.
 */
function keepProtoKeys(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) keepProtoKeys(v);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(o, '__proto__')) {
    const v = Object.getOwnPropertyDescriptor(o, '__proto__')?.value;
    delete o['__proto__'];
    o[PROTO_KEY] = v;
  }
  for (const k of Object.keys(o)) keepProtoKeys(o[k]);
}

/**
 * Whether a parsed value nests deeper than MAX_JSON_DEPTH. Iterative, and
 * run before anything else walks the value: the schema, the writer, the merge
 * and the error locator all recurse. (V8's JSON.parse itself does not.)
 */
function walkJson(root: unknown): { deep: boolean; keys: number } {
  const stack: unknown[] = [root];
  const depths: number[] = [1];
  let keys = 0;
  while (stack.length > 0) {
    const v = stack.pop() as object;
    const d = depths.pop() as number;
    if (d > MAX_JSON_DEPTH) return { deep: true, keys };
    if (Array.isArray(v)) {
      for (const x of v) {
        if (x === null || typeof x !== 'object') continue;
        stack.push(x);
        depths.push(d + 1);
      }
    } else {
      for (const k in v) {
        keys++;
        const x = (v as Record<string, unknown>)[k];
        if (x === null || typeof x !== 'object') continue;
        stack.push(x);
        depths.push(d + 1);
      }
    }
  }
  return { deep: false, keys };
}

/**
 * Whether the text may give a key twice in one object: more `":` than the
 * parsed value has keys (a duplicate collapses into one key), or a key with
 * blanks before its colon, which the count does not see. A `":` inside a
 * string only makes it look again; only then is the text scanned
 * (duplicateKeyAt), so a file without duplicates costs a count, not a scan.
 */
function mayRepeatKeys(text: string, keys: number): boolean {
  let colons = 0;
  for (let i = text.indexOf('":'); i !== -1; i = text.indexOf('":', i + 2)) colons++;
  return colons > keys || /"[ \t\r\n]+:/.test(text);
}

/**
 * Where the first key given twice in one object is (its second time), or -1.
 * JSON.parse keeps the last silently ("start": 604, "start": 1 is a code at
 * 1), and a merge or a hand edit can leave such a pair. One pass of a native
 * regex over strings and brackets: in valid JSON a string followed by a colon
 * is a key.
 */
function duplicateKeyAt(text: string): number {
  const TOKEN = /"(?:[^"\\]|\\.)*"|[{}[\]]/g;
  const scopes: Array<Set<string> | null> = [];
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const t = m[0];
    if (t === '{') scopes.push(new Set());
    else if (t === '[') scopes.push(null);
    else if (t === '}' || t === ']') scopes.pop();
    else {
      let k = TOKEN.lastIndex;
      while (k < text.length && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13 || text.charCodeAt(k) === 9)) k++;
      if (text.charCodeAt(k) !== 58) continue; // a value, not a key
      const keys = scopes[scopes.length - 1];
      if (!keys) continue;
      // Two spellings of one key ("a" and "\u0061") are one key: compare them decoded.
      const key = t.includes('\\') ? (JSON.parse(t) as string) : t.slice(1, -1);
      if (keys.has(key)) return m.index;
      keys.add(key);
    }
  }
  return -1;
}

function parseJsonText(r: Reporter, what: string): Raw {
  const text = r.text.charCodeAt(0) === 0xfeff ? r.text.slice(1) : r.text;
  const reportDeep = (at: number) => r.at(Math.max(0, at) + (r.text.length - text.length), 1, 'error', 'too-deep', `nested more than ${MAX_JSON_DEPTH} levels deep, which no CMO file needs; it was not read further. Restore it from git. ${LEFT_AS_IS}`);
  try {
    const json: unknown = JSON.parse(text);
    const walked = json !== null && typeof json === 'object' ? walkJson(json) : { deep: false, keys: 0 };
    if (walked.deep) {
      reportDeep(tooDeepAt(text));
      return undefined;
    }
    const twice = mayRepeatKeys(text, walked.keys) ? duplicateKeyAt(text) : -1;
    if (twice >= 0) {
      const key = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(twice))?.[0] ?? 'a key';
      r.at(twice + (r.text.length - text.length), key.length, 'error', 'invalid-json', `${key} is given twice in one object: JSON keeps the last one silently, so which value is meant cannot be told. Keep the right one and remove the other. ${LEFT_AS_IS}`);
      return undefined;
    }
    if (text.includes('"__proto__"')) keepProtoKeys(json);
    return { json };
  } catch {
    // Conflict markers cannot be in valid JSON (a line break inside a string is escaped), so they are looked for only now.
    const marker = CONFLICT.exec(text);
    if (marker) {
      const at = marker.index + (r.text.length - text.length);
      const markers = splitConflictMarkers(text);
      if (markers) return { markers, at, length: marker[0].length };
      r.at(at, marker[0].length, 'error', 'conflict-markers', `unresolved git merge conflict markers that are not well formed (<<<<<<<, =======, >>>>>>> in that order). Resolve the conflict by hand (or set up the CMO merge driver, see the README) and save. ${LEFT_AS_IS}`);
      return undefined;
    }
    const deep = tooDeepAt(text);
    if (deep >= 0) {
      reportDeep(deep);
      return undefined;
    }
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const offset = (first?.offset ?? text.length) + (r.text.length - text.length);
    const reason = first ? describeJsonError(printParseErrorCode(first.error)) : 'not valid JSON';
    r.at(offset, first?.length ?? 1, 'error', 'invalid-json', `invalid JSON in ${what}: ${reason}. Fix it by hand or restore it from git. ${LEFT_AS_IS}`);
    return undefined;
  }
}

function describeJsonError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'malformed number',
    PropertyNameExpected: 'a property name (in double quotes) was expected',
    ValueExpected: 'a value was expected',
    ColonExpected: 'a colon was expected',
    CommaExpected: 'a comma was expected',
    CloseBraceExpected: 'a closing } was expected (is the file cut short?)',
    CloseBracketExpected: 'a closing ] was expected (is the file cut short?)',
    EndOfFileExpected: 'text after the end of the JSON value',
    InvalidCommentToken: 'comments are not allowed',
    UnexpectedEndOfComment: 'comments are not allowed',
    UnexpectedEndOfString: 'a string is not closed (is the file cut short?)',
    UnexpectedEndOfNumber: 'malformed number',
    InvalidUnicode: 'invalid \\u escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'a control character inside a string',
  };
  return words[code] ?? code;
}

function checkVersion(r: Reporter, value: unknown, what: string): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    r.at(0, 1, 'error', 'schema', `not a ${what}: the file must hold a JSON object. ${LEFT_AS_IS}`);
    return false;
  }
  const v = (value as Record<string, unknown>).cmo;
  if (typeof v === 'number' && v !== FORMAT_VERSION) {
    const newer = v > FORMAT_VERSION;
    r.atPath(['cmo'], 'error', 'unknown-version', newer
      ? `written in format ${v} by a newer CMO Coder; this version reads format ${FORMAT_VERSION}. Update CMO Coder to work on it. ${LEFT_AS_IS}`
      : `unknown format version ${v}; this version reads format ${FORMAT_VERSION}. ${LEFT_AS_IS}`);
    return false;
  }
  return true;
}

function validate<T>(r: Reporter, schema: ZodMiniType<T>, value: unknown): T | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  for (const issue of issues.slice(0, MAX_SCHEMA_PROBLEMS)) {
    const where = issue.path.length ? `${pathString(issue.path)}: ` : '';
    r.atPath(issue.path as (string | number)[], 'error', 'schema', `${where}${issue.message}. Fix the value by hand (the JSON Schema gives completion). ${LEFT_AS_IS}`);
  }
  if (issues.length > MAX_SCHEMA_PROBLEMS) r.at(0, 1, 'error', 'schema', `… and ${issues.length - MAX_SCHEMA_PROBLEMS} more schema problems.`);
  return undefined;
}

/**
 * A file that arrives with git conflict markers is recovered, not rejected:
 * both sides (and the base, with diff3 markers) are parsed as whole files and
 * merged by id, conflicts recorded. It still counts as an error until the
 * merged file is written, but it loads, and saving it writes the merge.
 */
function recoverMarkers<T>(r: Reporter, raw: { markers: MarkerSides; at: number; length: number }, parse: (path: string, text: string) => ParseResult<T>, merge: (base: T | undefined, ours: T, theirs: T) => { value: T; conflicts: number }): ParseResult<T> {
  const ours = parse(r.path, raw.markers.ours);
  const theirs = parse(r.path, raw.markers.theirs);
  const base = raw.markers.base !== undefined ? parse(r.path, raw.markers.base) : undefined;
  if (!ours.ok || !theirs.ok) {
    const side = !ours.ok ? 'our side (between <<<<<<< and =======)' : 'their side (between ======= and >>>>>>>)';
    const why = (!ours.ok ? ours.problems : (theirs as { problems: Problem[] }).problems)[0]?.message ?? 'it is not valid';
    r.at(raw.at, raw.length, 'error', 'conflict-markers', `unresolved git merge conflict markers, and ${side} does not parse on its own (${why.replace(/ The file is left exactly as it is\.$/, '')}). Resolve the conflict by hand and save. ${LEFT_AS_IS}`);
    return { ok: false, problems: r.problems };
  }
  const merged = merge(base?.ok ? base.value : undefined, ours.value, theirs.value);
  const recorded = merged.conflicts > 0 ? `; ${merged.conflicts} change(s) made differently on both sides are recorded as conflicts to reconcile` : '';
  r.at(raw.at, raw.length, 'error', 'conflict-markers', `git conflict markers: both sides were read and merged by id, nothing lost${recorded}. Write the merged file with the quick fix here, or run \`cmo merge --fix ${r.path}\` (and set up the merge driver, see the README, to avoid markers).`, undefined, true);
  return { ok: true, value: merged.value, problems: r.problems };
}

export function parseSidecarText(path: string, text: string): ParseResult<Sidecar> {
  const r = new Reporter(path, text);
  const raw = parseJsonText(r, 'a CMO sidecar');
  if (raw && 'markers' in raw) return recoverMarkers(r, raw, parseSidecarText, mergeSidecars);
  if (raw === undefined || !checkVersion(r, raw.json, 'CMO sidecar')) return { ok: false, problems: r.problems };
  // The common case checked in place; anything else (and every error) through the schema.
  const sidecar = isPlainSidecar(raw.json) ? raw.json : validate(r, sidecarSchema, raw.json);
  if (!sidecar) return { ok: false, problems: r.problems };
  const seen = new Map<string, number>();
  sidecar.codes.forEach((code, i) => {
    const first = seen.get(code.id);
    if (first !== undefined) {
      r.atPath(['codes', i, 'id'], 'error', 'duplicate-id', `code id "${code.id}" is used twice (also codes[${first}]); ids must be unique. Give one a new id. ${LEFT_AS_IS}`, code.id);
    } else seen.set(code.id, i);
  });
  if (r.problems.some((p) => p.severity === 'error')) return { ok: false, problems: r.problems };
  return { ok: true, value: sidecar, problems: r.problems };
}

/** A `path#id` reference, or why it is not one. */
export function parseCodeRef(ref: string): { path: string; id: string } | { error: string } {
  const hash = ref.lastIndexOf('#');
  if (hash <= 0 || hash === ref.length - 1) return { error: `"${ref}" is not a code reference of the form path#id` };
  const path = ref.slice(0, hash);
  const id = ref.slice(hash + 1);
  if (path.includes('\\')) return { error: `"${ref}": use / in paths, not \\` };
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return { error: `"${ref}": the path must be relative to the workspace root` };
  if (path.split('/').some((seg) => seg === '..' || seg === '.' || seg === '')) return { error: `"${ref}": the path must stay inside the workspace (no "..", ".", or empty segments)` };
  return { path, id };
}

export function parseProjectText(path: string, text: string): ParseResult<Project> {
  const r = new Reporter(path, text);
  const raw = parseJsonText(r, 'the CMO project file');
  if (raw && 'markers' in raw) return recoverMarkers(r, raw, parseProjectText, mergeProjects);
  if (raw === undefined || !checkVersion(r, raw.json, 'CMO project file')) return { ok: false, problems: r.problems };
  const project = validate(r, projectSchema, raw.json);
  if (!project) return { ok: false, problems: r.problems };

  const unique = (list: { id: string }[] | undefined, key: string) => {
    const seen = new Set<string>();
    (list ?? []).forEach((item, i) => {
      if (seen.has(item.id)) r.atPath([key, i, 'id'], 'error', 'duplicate-id', `id "${item.id}" is used twice in ${key}; ids must be unique. ${LEFT_AS_IS}`);
      seen.add(item.id);
    });
    return seen;
  };
  const theories = unique(project.theories, 'theories');
  const configurations = unique(project.configurations, 'configurations');
  const themes = unique(project.codebook, 'codebook');

  project.programme?.theories.forEach((id, i) => {
    if (!theories.has(id)) r.atPath(['programme', 'theories', i], 'warning', 'dangling-reference', `the programme theory refers to theory "${id}", which does not exist. Remove the reference or restore the theory.`);
  });
  project.theories?.forEach((t, ti) =>
    t.configurations.forEach((id, i) => {
      if (!configurations.has(id)) r.atPath(['theories', ti, 'configurations', i], 'warning', 'dangling-reference', `theory "${t.title}" refers to configuration "${id}", which does not exist. Remove the reference or restore the configuration.`);
    }),
  );
  project.configurations?.forEach((c, ci) =>
    c.codes.forEach((ref, i) => {
      const parsed = parseCodeRef(ref);
      if ('error' in parsed) r.atPath(['configurations', ci, 'codes', i], 'error', 'bad-reference', `${parsed.error}. ${LEFT_AS_IS}`);
    }),
  );
  // The evidence model: links to nothing, stances of passages not listed.
  const linkable = new Set([...theories, ...configurations]);
  const links = (list: 'theories' | 'configurations', i: number, x: { title: string; leadsTo?: string[] }) =>
    x.leadsTo?.forEach((to, j) => {
      if (!linkable.has(to)) r.atPath([list, i, 'leadsTo', j], 'warning', 'dangling-reference', `"${x.title}" leads to "${to}", which is no configuration or theory. Remove the link or restore what it names.`);
    });
  project.theories?.forEach((t, i) => links('theories', i, t));
  project.configurations?.forEach((c, ci) => {
    links('configurations', ci, c);
    const listed = new Set(c.codes);
    for (const ref of Object.keys(c.stances ?? {})) {
      if (!listed.has(ref)) r.atPath(['configurations', ci, 'stances', ref], 'warning', 'dangling-reference', `configuration "${c.title}" gives a stance for ${ref}, which is not one of its passages. Add the passage to "codes" or remove the stance.`);
    }
  });
  // Document attributes: each value one of its field's allowed values (an empty list allows any), each field defined.
  const fieldsById = new Map((project.attributes?.fields ?? []).map((f) => [f.id, f]));
  for (const [doc, values] of Object.entries(project.attributes?.documents ?? {})) {
    for (const [fieldId, value] of Object.entries(values)) {
      const field = fieldsById.get(fieldId);
      if (!field) r.atPath(['attributes', 'documents', doc, fieldId], 'warning', 'unknown-attribute', `${doc} has a value for "${fieldId}", which is not a field in attributes.fields. Define the field or remove the value.`);
      else {
        if (Array.isArray(value) && !field.multiple && value.length > 1) r.atPath(['attributes', 'documents', doc, fieldId], 'warning', 'unknown-attribute', `${doc} has ${value.length} values for ${field.name ?? field.id}, which holds one. Keep one, or make the field multi-valued ("multiple": true).`);
        for (const v of valueList(value)) {
          if (field.values.length > 0 && !field.values.includes(v)) r.atPath(['attributes', 'documents', doc, fieldId], 'warning', 'unknown-attribute', `${doc}: "${v}" is not one of ${field.name ?? field.id}'s values (${field.values.join(', ')}). Pick one of them, or add it to the field's values.`);
        }
      }
    }
  }
  project.codebook?.forEach((theme, i) => {
    if (theme.parent != null && !themes.has(theme.parent)) r.atPath(['codebook', i, 'parent'], 'warning', 'dangling-reference', `theme "${theme.id}" has parent "${theme.parent}", which is not in the codebook.`);
  });
  if (r.problems.some((p) => p.severity === 'error' && p.kind !== 'dangling-reference')) return { ok: false, problems: r.problems };
  return { ok: true, value: project, problems: r.problems };
}

/**
 * Locates JSON paths in one file's text for problems found after parsing.
 * The text is parsed (and its lines indexed) once, on the first call, so a
 * file with many problems costs one parse, not one per problem.
 */
export function locator(path: string, text: string): (jsonPath: readonly (string | number)[]) => { line: number; column: number } {
  let r: Reporter | undefined;
  return (jsonPath) => {
    r ??= new Reporter(path, text);
    r.atPath(jsonPath, 'info', 'schema', '');
    const p = r.problems.pop() as Problem;
    return { line: p.line, column: p.column };
  };
}

/** Where in a file's text each of many JSON paths is: one scan (`locatePaths`), the parse tree only when the text is not plain JSON. */
export function locateAll(path: string, text: string, jsonPaths: ReadonlyArray<readonly (string | number)[]>): Array<{ line: number; column: number }> {
  const spans = jsonPaths.length ? locatePaths(text, jsonPaths) : [];
  if (!spans) return jsonPaths.map(locator(path, text));
  const lines = new LineIndex(text);
  return spans.map((s) => {
    const p = lines.position(s.offset);
    return { line: p.line, column: p.character };
  });
}

/** Where in a parsed file's text a JSON path is (one look-up; use `locator` for many). */
export function locate(path: string, text: string, jsonPath: readonly (string | number)[]): { line: number; column: number } {
  return locator(path, text)(jsonPath);
}
