/**
 * REFI-QDA (QDA-XML 1.0) project export and import: the `.qdpx` zip other
 * qualitative analysis tools read (NVivo, ATLAS.ti, MAXQDA, QDA Miner…).
 *
 * Mapping:
 * - roles are codes under a "CMO roles" code, themes are codes under a
 *   "Themes" code (with the codebook's hierarchy, description and colour);
 * - each article is a TextSource whose text is `sources/<guid>.txt` (UTF-8,
 *   LF); each code is a PlainTextSelection (named with its id) with one
 *   Coding for its role and one per theme, positions in Unicode code points;
 * - memos are Notes referenced from their selection; each configuration is
 *   a Note (title, statement) linked to its passages; each theory is a Set of
 *   its configurations' notes; the programme statement is the project's
 *   Description; document attributes are Variables with values on sources.
 * - GUIDs are derived from our ids and a namespace GUID stored once in
 *   cmo-project.json (`refi.namespace`), so repeated exports are identical.
 */
import { XMLParser } from 'fast-xml-parser';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { anchorCodes, selectorFor } from '../anchoring/anchor';
import { loadCoding } from '../pairs/compare';
import type { ExportData } from './exportData';
import { findFiles, type FileSystem } from '../formats/fs';
import { DEFAULT_SIDECAR_SUFFIX, emptySidecar, loadArticle, loadProject, loadSidecar, PROJECT_FILE, saveProject, saveSidecar, sidecarPathFor } from '../formats/store';
import { freeId, newId, slugify } from '../model/ids';
import { isRole, ROLE_INFO, ROLES, type Role } from '../model/roles';
import type { Code, Project, Theme } from '../model/schema';
import { SectionIndex } from '../text/sections';
import { normalizeNewlines, sha256Hex } from '../text/text';

/** The role colours of the editor's light theme (Okabe-Ito). */
const ROLE_COLOR: Record<Role, string> = { context: '#0072B2', resource: '#009E73', reasoning: '#E69F00', outcome: '#CC79A7', mechanism: '#D55E00' };
const ROLES_NAME = 'CMO roles';
const THEMES_NAME = 'Themes';

/** A random GUID, for a project's namespace. */
export function randomGuid(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A name-based GUID (version 5 layout, SHA-256 instead of SHA-1): the same inputs, the same GUID. */
export function guidFor(namespace: string, kind: string, id: string): string {
  const h = sha256Hex(`${namespace}\n${kind}\n${id}`).slice(0, 32).split('');
  h[12] = '5';
  h[16] = ((parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Code points before a UTF-16 offset. */
export function codePointOffset(text: string, utf16: number): number {
  let cp = 0;
  for (let i = 0; i < utf16 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    cp++;
  }
  return cp;
}

/** The UTF-16 offset of a code point offset. */
export function utf16Offset(text: string, codePoints: number): number {
  let i = 0;
  for (let cp = 0; cp < codePoints && i < text.length; cp++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff ? 2 : 1;
  }
  return i;
}

/** Characters XML 1.0 cannot hold are dropped; the rest is escaped. */
function esc(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)
    .replace(/\r/g, '&#13;');
}
const attr = (name: string, value: string | number | undefined) => (value === undefined || value === '' ? '' : ` ${name}="${esc(String(value))}"`);
const date = (d: string | undefined) => (d ? `${d}T00:00:00Z` : undefined);

export interface RefiExport {
  /** project.qde */
  xml: string;
  /** sources/<guid>.txt */
  sources: Array<{ path: string; text: string }>;
  /** Codes left out (orphans: no place in the text), with why. */
  skipped: Array<{ article: string; id: string; reason: string }>;
}

export function toRefiProject(data: ExportData, namespace: string, projectName: string, origin = 'CMO Coder'): RefiExport {
  const g = (kind: string, id: string) => guidFor(namespace, kind, id);
  const project = data.project;
  const codebook = project.codebook ?? [];
  const out: string[] = [];
  const skipped: RefiExport['skipped'] = [];
  const users = new Set<string>();
  for (const a of data.articles) for (const c of a.codes) if (c.code.coder) users.add(c.code.coder);
  const userGuid = (name: string | undefined) => (name ? g('user', name) : undefined);

  out.push('<?xml version="1.0" encoding="utf-8"?>');
  out.push(`<Project xmlns="urn:QDA-XML:project:1.0"${attr('name', projectName)}${attr('origin', origin)}>`);
  if (users.size) {
    out.push('  <Users>');
    for (const u of [...users].sort()) out.push(`    <User${attr('guid', userGuid(u))}${attr('name', u)}${attr('id', u)}/>`);
    out.push('  </Users>');
  }
  // Codebook: roles, then the theme tree.
  out.push('  <CodeBook>', '    <Codes>');
  out.push(`      <Code${attr('guid', g('codebook', ROLES_NAME))}${attr('name', ROLES_NAME)} isCodable="false">`);
  out.push('        <Description>The parts of a context–mechanism–outcome configuration a passage plays (CMO Coder).</Description>');
  for (const role of ROLES) out.push(`        <Code${attr('guid', g('role', role))}${attr('name', ROLE_INFO[role].label)} isCodable="true"${attr('color', ROLE_COLOR[role])}/>`);
  out.push('      </Code>');
  out.push(`      <Code${attr('guid', g('codebook', THEMES_NAME))}${attr('name', THEMES_NAME)} isCodable="false">`);
  const ids = new Set(codebook.map((t) => t.id));
  const children = (parent: string | null) => codebook.filter((t) => (t.parent && ids.has(t.parent) ? t.parent : null) === parent);
  const writeTheme = (t: Theme, depth: number, seen: Set<string>) => {
    if (seen.has(t.id)) return;
    seen.add(t.id);
    const pad = ' '.repeat(8 + depth * 2);
    const kids = children(t.id);
    const open = `${pad}<Code${attr('guid', g('theme', t.id))}${attr('name', t.name)} isCodable="true"${attr('color', t.color)}`;
    if (!t.description && kids.length === 0) {
      out.push(open + '/>');
      return;
    }
    out.push(open + '>');
    if (t.description) out.push(`${pad}  <Description>${esc(t.description)}</Description>`);
    for (const k of kids) writeTheme(k, depth + 1, seen);
    out.push(`${pad}</Code>`);
  };
  const seen = new Set<string>();
  for (const t of children(null)) writeTheme(t, 0, seen);
  out.push('      </Code>', '    </Codes>', '  </CodeBook>');

  const fields = project.attributes?.fields ?? [];
  if (fields.length) {
    out.push('  <Variables>');
    for (const f of fields) out.push(`    <Variable${attr('guid', g('variable', f.id))}${attr('name', f.name ?? f.id)} typeOfVariable="Text">${f.values.length ? `<Description>${esc(`Allowed values: ${f.values.join(', ')}`)}</Description>` : ''}</Variable>`);
    out.push('  </Variables>');
  }

  // Sources, their selections and codings; notes collected on the way.
  const notes: string[] = [];
  const sources: RefiExport['sources'] = [];
  const selectionOf = new Map<string, string>();
  if (data.articles.length) out.push('  <Sources>');
  for (const a of data.articles) {
    const sg = g('source', a.path);
    sources.push({ path: `sources/${sg}.txt`, text: a.text });
    out.push(`    <TextSource${attr('guid', sg)}${attr('name', a.path)}${attr('plainTextPath', `internal://${sg}.txt`)}>`);
    for (const c of a.codes) {
      if (c.start === undefined || c.end === undefined) {
        skipped.push({ article: a.path, id: c.code.id, reason: 'orphaned: its passage is not in the article any more' });
        continue;
      }
      const ref = `${a.path}#${c.code.id}`;
      const sel = g('selection', ref);
      selectionOf.set(ref, sel);
      const who = userGuid(c.code.coder);
      out.push(`      <PlainTextSelection${attr('guid', sel)}${attr('name', c.code.id)}${attr('startPosition', codePointOffset(a.text, c.start))}${attr('endPosition', codePointOffset(a.text, c.end))}${attr('creatingUser', who)}${attr('creationDateTime', date(c.code.created))}>`);
      out.push(`        <Coding${attr('guid', g('coding', ref))}${attr('creatingUser', who)}${attr('creationDateTime', date(c.code.created))}><CodeRef${attr('targetGUID', g('role', c.code.role))}/></Coding>`);
      for (const tag of c.code.tags ?? []) {
        if (!ids.has(tag)) continue;
        out.push(`        <Coding${attr('guid', g('coding', `${ref}#${tag}`))}${attr('creatingUser', who)}${attr('creationDateTime', date(c.code.created))}><CodeRef${attr('targetGUID', g('theme', tag))}/></Coding>`);
      }
      if (c.code.note) {
        const ng = g('memo', ref);
        notes.push(`    <Note${attr('guid', ng)}${attr('name', `Memo on ${c.code.id}`)}${attr('creatingUser', who)}><PlainTextContent>${esc(c.code.note)}</PlainTextContent></Note>`);
        out.push(`        <NoteRef${attr('targetGUID', ng)}/>`);
      }
      out.push('      </PlainTextSelection>');
    }
    const values = project.attributes?.documents?.[a.path] ?? {};
    for (const f of fields) {
      const v = values[f.id];
      if (v !== undefined) out.push(`      <VariableValue><VariableRef${attr('targetGUID', g('variable', f.id))}/><TextValue>${esc(v)}</TextValue></VariableValue>`);
    }
    out.push('    </TextSource>');
  }
  if (data.articles.length) out.push('  </Sources>');

  const links: string[] = [];
  for (const k of project.configurations ?? []) {
    const ng = g('configuration', k.id);
    notes.push(`    <Note${attr('guid', ng)}${attr('name', k.title)}><PlainTextContent>${esc(k.statement ?? k.title)}</PlainTextContent></Note>`);
    for (const ref of k.codes) {
      const sel = selectionOf.get(ref);
      if (sel) links.push(`    <Link${attr('guid', g('link', `${k.id}|${ref}`))}${attr('name', `Configuration: ${k.title}`)} direction="OneWay"${attr('originGUID', ng)}${attr('targetGUID', sel)}/>`);
    }
  }
  for (const t of project.theories ?? []) notes.push(`    <Note${attr('guid', g('theory', t.id))}${attr('name', t.title)}><PlainTextContent>${esc(t.statement ?? t.title)}</PlainTextContent></Note>`);
  if (notes.length) out.push('  <Notes>', ...notes, '  </Notes>');
  if (links.length) out.push('  <Links>', ...links, '  </Links>');
  const theories = project.theories ?? [];
  const confIds = new Set((project.configurations ?? []).map((k) => k.id));
  if (theories.length) {
    out.push('  <Sets>');
    for (const t of theories) {
      out.push(`    <Set${attr('guid', g('set', t.id))}${attr('name', t.title)}>`);
      if (t.statement) out.push(`      <Description>${esc(t.statement)}</Description>`);
      for (const k of t.configurations) if (confIds.has(k)) out.push(`      <MemberNote${attr('targetGUID', g('configuration', k))}/>`);
      out.push('    </Set>');
    }
    out.push('  </Sets>');
  }
  if (project.programme?.statement) out.push(`  <Description>${esc(project.programme.statement)}</Description>`);
  out.push('</Project>', '');
  return { xml: out.join('\n'), sources, skipped };
}

/** The `.qdpx` zip: project.qde and sources/, with fixed dates so the same project gives the same bytes. */
export function toQdpx(refi: RefiExport): Uint8Array {
  const mtime = new Date(Date.UTC(2020, 0, 1));
  const files: Record<string, [Uint8Array, { mtime: Date }]> = { 'project.qde': [strToU8(refi.xml), { mtime }] };
  for (const s of refi.sources) files[s.path] = [strToU8(normalizeNewlines(s.text)), { mtime }];
  return zipSync(files, { level: 6 });
}

// ---------------------------------------------------------------------------
// Import

export interface QdpxImport {
  /** Codes to add, per workspace article path (ids kept when free). */
  codes: Map<string, Code[]>;
  /** Themes of the file not in the codebook, to add. */
  newThemes: Theme[];
  /** What could not be placed, and why. */
  unplaced: Array<{ source: string; selection: string; reason: string }>;
  /** Sources that match no article. */
  unmatchedSources: string[];
}

type XmlNode = Record<string, unknown>;
const list = (x: unknown): XmlNode[] => (x === undefined ? [] : Array.isArray(x) ? (x as XmlNode[]) : [x as XmlNode]);

/**
 * Reads a `.qdpx` and places its coded passages on the workspace's articles
 * (matched by source name, else by identical text). `existing` maps article
 * paths to their current text and code ids; codes already there (same id,
 * role and passage) are not added again.
 */
export function importQdpx(bytes: Uint8Array, articles: ReadonlyMap<string, { text: string; codes: readonly Code[] }>, codebook: readonly Theme[]): QdpxImport {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new Error(`not a .qdpx (zip) file: ${(e as Error).message}`);
  }
  const qde = files['project.qde'];
  if (!qde) throw new Error('the .qdpx has no project.qde');
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', textNodeName: '#text', trimValues: false, parseAttributeValue: false, parseTagValue: false, processEntities: true });
  const doc = parser.parse(strFromU8(qde)) as XmlNode;
  const project = doc.Project as XmlNode | undefined;
  if (!project) throw new Error('project.qde has no <Project> root');
  const out: QdpxImport = { codes: new Map(), newThemes: [], unplaced: [], unmatchedSources: [] };

  // Codebook: role codes by name under "CMO roles" (or anywhere, by a role's label); every other codable code is a theme.
  const roleByGuid = new Map<string, Role>();
  const themeByGuid = new Map<string, string>();
  const themeIdByName = new Map(codebook.map((t) => [t.name.toLowerCase(), t.id]));
  const taken = new Set(codebook.map((t) => t.id));
  const labelToRole = new Map(ROLES.map((r) => [ROLE_INFO[r].label.toLowerCase(), r] as const));
  const walk = (codes: XmlNode[], parentTheme: string | null, underRoles: boolean) => {
    for (const c of codes) {
      const name = String(c.name ?? '');
      const guid = String(c.guid ?? '').toLowerCase();
      const asRole = labelToRole.get(name.toLowerCase()) ?? (isRole(name.toLowerCase()) ? (name.toLowerCase() as Role) : undefined);
      if (name === ROLES_NAME) {
        walk(list(c.Code), null, true);
        continue;
      }
      if (underRoles && asRole) {
        roleByGuid.set(guid, asRole);
        continue;
      }
      if (name === THEMES_NAME && parentTheme === null && c.isCodable === 'false') {
        walk(list(c.Code), null, false);
        continue;
      }
      let id = themeIdByName.get(name.toLowerCase());
      if (!id) {
        // The same ids the .qdc import makes (codebook.ts: themeIdFor).
        id = freeId(slugify(name) || 'theme', taken);
        taken.add(id);
        themeIdByName.set(name.toLowerCase(), id);
        const color = typeof c.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(c.color) ? c.color : undefined;
        const description = typeof c.Description === 'string' ? c.Description : undefined;
        out.newThemes.push({ id, name, parent: parentTheme, ...(description ? { description } : {}), ...(color ? { color } : {}) });
      }
      themeByGuid.set(guid, id);
      walk(list(c.Code), id, false);
    }
  };
  walk(list((project.CodeBook as XmlNode | undefined)?.Codes && ((project.CodeBook as XmlNode).Codes as XmlNode).Code), null, false);

  const users = new Map(list((project.Users as XmlNode | undefined)?.User).map((u) => [String(u.guid).toLowerCase(), String(u.name ?? u.id ?? '')]));
  const notes = new Map(list((project.Notes as XmlNode | undefined)?.Note).map((n) => [String(n.guid).toLowerCase(), textOf(n.PlainTextContent)]));
  const byText = new Map<string, string>();
  for (const [path, a] of articles) byText.set(a.text, path);

  for (const source of list((project.Sources as XmlNode | undefined)?.TextSource)) {
    const name = String(source.name ?? '');
    let text: string | undefined;
    const path = typeof source.plainTextPath === 'string' ? source.plainTextPath : undefined;
    if (path?.startsWith('internal://')) {
      const f = files[`sources/${path.slice('internal://'.length)}`];
      if (f) text = normalizeNewlines(strFromU8(f));
    } else if (source.PlainTextContent !== undefined) text = normalizeNewlines(textOf(source.PlainTextContent));
    const target = articles.has(name) ? name : text !== undefined ? byText.get(text) : undefined;
    if (!target) {
      out.unmatchedSources.push(name);
      continue;
    }
    const article = articles.get(target) as { text: string; codes: readonly Code[] };
    const ids = new Set(article.codes.map((c) => c.id));
    const added: Code[] = [];
    let sections: SectionIndex | undefined;
    for (const sel of list(source.PlainTextSelection)) {
      const selName = String(sel.name ?? sel.guid ?? '');
      const codings = list(sel.Coding).map((c) => String((c.CodeRef as XmlNode | undefined)?.targetGUID ?? '').toLowerCase());
      const role = codings.map((c) => roleByGuid.get(c)).find((r) => r !== undefined);
      if (!role) {
        out.unplaced.push({ source: name, selection: selName, reason: 'no CMO role among its codes (code it in the editor)' });
        continue;
      }
      const srcText = text ?? article.text;
      const s16 = utf16Offset(srcText, Number(sel.startPosition));
      const e16 = utf16Offset(srcText, Number(sel.endPosition));
      let start = s16;
      let end = e16;
      if (srcText !== article.text) {
        const probe: Code = { id: 'probe000', role, ...selectorFor(srcText, s16, e16) };
        const r = anchorCodes(article.text, [probe])[0];
        if (!r || r.status === 'orphaned') {
          out.unplaced.push({ source: name, selection: selName, reason: `its passage "${srcText.slice(s16, Math.min(e16, s16 + 60))}" is not in ${target}` });
          continue;
        }
        ({ start, end } = r);
      }
      if (end <= start || end > article.text.length) {
        out.unplaced.push({ source: name, selection: selName, reason: 'its positions are outside the text' });
        continue;
      }
      const sameAlready = article.codes.some((c) => c.role === role && c.start === start && c.end === end);
      if (sameAlready) continue;
      const tags = [...new Set(codings.map((c) => themeByGuid.get(c)).filter((t): t is string => !!t))];
      const note = list(sel.NoteRef).map((n) => notes.get(String(n.targetGUID).toLowerCase())).filter((t): t is string => !!t).join('\n\n');
      const coder = users.get(String(sel.creatingUser ?? '').toLowerCase());
      const created = typeof sel.creationDateTime === 'string' ? sel.creationDateTime.slice(0, 10) : undefined;
      const id = /^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$/.test(selName) && !ids.has(selName) ? selName : newId(ids);
      ids.add(id);
      sections ??= SectionIndex.forArticle(target, article.text);
      const section = sections.at(start);
      added.push({ id, role, ...selectorFor(article.text, start, end), ...(section !== undefined ? { section } : {}), ...(tags.length ? { tags } : {}), ...(note ? { note } : {}), ...(coder ? { coder } : {}), ...(created && /^\d{4}-\d{2}-\d{2}$/.test(created) ? { created } : {}) });
    }
    if (added.length) out.codes.set(target, [...(out.codes.get(target) ?? []), ...added]);
  }
  return out;
}

function textOf(x: unknown): string {
  if (typeof x === 'string') return x;
  if (x && typeof x === 'object' && '#text' in (x as XmlNode)) return String((x as XmlNode)['#text']);
  return '';
}

/** The project with a REFI namespace, made now if it has none (the only write an export does). */
export function withRefiNamespace(project: Project): { project: Project; created: boolean } {
  if (project.refi?.namespace) return { project, created: false };
  return { project: { ...project, refi: { namespace: randomGuid() } }, created: true };
}

// ---------------------------------------------------------------------------
// Whole-workspace workflows, shared by `cmo export/import` and the extension

export interface QdpxExport {
  bytes: Uint8Array;
  sources: number;
  passages: number;
  skipped: RefiExport['skipped'];
  /** The project with its namespace, when this export made one: the caller stores it. */
  newProject?: Project;
}

/** A workspace's `.qdpx`. Makes the REFI namespace if the project has none (returned, for the caller to save). */
export function qdpxOfWorkspace(data: ExportData, projectName: string): QdpxExport {
  const { project, created } = withRefiNamespace(data.project);
  const refi = toRefiProject({ ...data, project }, (project.refi as { namespace: string }).namespace, projectName);
  const passages = data.articles.reduce((n, a) => n + a.codes.length, 0) - refi.skipped.length;
  return { bytes: toQdpx(refi), sources: data.articles.length, passages, skipped: refi.skipped, ...(created ? { newProject: project } : {}) };
}

export interface WorkspaceImport extends QdpxImport {
  /** Codes written (or, dry, to write) per article. */
  added: Array<{ path: string; count: number }>;
  /** Sidecars not written because they do not parse. */
  refused: Array<{ path: string; reason: string }>;
}

/**
 * Imports a `.qdpx` into a workspace: its passages into the sidecars of the
 * matching articles (an article without a sidecar gets one), its new themes
 * into the codebook. Writes nothing with `dryRun`, nor into a file that does
 * not parse.
 */
export async function importQdpxIntoWorkspace(fs: FileSystem, bytes: Uint8Array, options: { suffix?: string; dryRun?: boolean } = {}): Promise<WorkspaceImport> {
  const suffix = options.suffix ?? DEFAULT_SIDECAR_SUFFIX;
  const loaded = await loadProject(fs);
  if (loaded.state === 'invalid') throw new Error(`${PROJECT_FILE} does not parse; fix it first: ${loaded.problems[0]?.message ?? ''}`);
  const project: Project = loaded.state === 'ok' ? loaded.value : { cmo: 1 };
  const coding = await loadCoding(fs, '', suffix);
  const articles = new Map<string, { text: string; codes: readonly Code[] }>([...coding.articles].map(([p, a]) => [p, { text: a.text, codes: a.codes }]));
  for (const path of await findFiles(fs, '', (n) => /\.(md|txt)$/i.test(n))) {
    if (articles.has(path)) continue;
    const a = await loadArticle(fs, path);
    if ('text' in a) articles.set(path, { text: a.text, codes: [] });
  }
  const result = importQdpx(bytes, articles, project.codebook ?? []);
  const out: WorkspaceImport = { ...result, added: [], refused: [] };
  for (const [path, codes] of result.codes) {
    const sidecarPath = sidecarPathFor(path, suffix);
    const current = await loadSidecar(fs, sidecarPath);
    if (current.state === 'invalid') {
      out.refused.push({ path: sidecarPath, reason: current.problems[0]?.message ?? 'it does not parse' });
      continue;
    }
    out.added.push({ path, count: codes.length });
    if (options.dryRun) continue;
    const base = current.state === 'ok' ? current.value : emptySidecar(path, (articles.get(path) as { text: string }).text);
    await saveSidecar(fs, sidecarPath, { ...base, codes: [...base.codes, ...codes] });
  }
  if (result.newThemes.length && !options.dryRun) await saveProject(fs, { ...project, codebook: [...(project.codebook ?? []), ...result.newThemes] });
  return out;
}
