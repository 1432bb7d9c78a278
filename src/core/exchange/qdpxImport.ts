/**
 * The REFI-QDA project import: a `.qdpx`'s coded passages placed on the
 * workspace's articles (by source name, else identical text, else the quote
 * on a changed text), its new themes added to the codebook, and what cannot
 * be placed listed, never guessed.
 */
import { anchorCodes, selectorFor } from '../anchoring/anchor';
import { findFiles, type FileSystem } from '../formats/fs';
import { DEFAULT_SIDECAR_SUFFIX, PROJECT_FILE, sidecarPathFor } from '../formats/paths';
import { sameValue } from '../formats/merge';
import { emptySidecar, loadArticle, loadSidecar, writeAllOrNone } from '../formats/store';
import { serializeProject, serializeSidecar } from '../formats/canonical';
import { freeId, newId, slugify } from '../model/ids';
import { isRole, ROLE_INFO, ROLES, type Role } from '../model/roles';
import { DATE_PATTERN, ID_PATTERN, type Code, type Project, type Theme } from '../model/schema';
import { SectionIndex } from '../text/sections';
import { normalizeNewlines } from '../text/text';
import { loadCoding, loadProjectOrEmpty } from '../workspace/load';
import { guidFor, offsetsOf, ROLES_NAME, THEMES_NAME } from './refi';
import { unzipChecked, ZipRefused } from './unzip';
import { CMO_NOTE_NAME, projectFromRefi, readCmoProjectNote, type RefiProjectElements, type RefiProjectImport, type SavedNote } from './refiProject';
import { parseRefiProjectXml, themeFieldsOf, xmlList, xmlTextOf, type XmlNode } from './xml';

export interface QdpxImport {
  /** Codes to add, per workspace article path (ids kept when free). */
  codes: Map<string, Code[]>;
  /** Themes of the file not in the codebook, to add. */
  newThemes: Theme[];
  /** What could not be placed, and why. */
  unplaced: Array<{ source: string; selection: string; reason: string }>;
  /** Sources that match no article (and, with `createArticles`, could not be made one). */
  unmatchedSources: string[];
  /** With `createArticles`: articles to make from sources that match none, with their text. */
  newArticles: Array<{ path: string; text: string; source: string }>;
  /** Configurations, theories, programme and attributes read back (see refiProject.ts). */
  project: RefiProjectImport;
}

/**
 * Where a source with no article may become one: its own name when that is a
 * plain relative path to a .md or .txt file, else that name with .txt added;
 * undefined for a name that leaves the workspace, goes into .git/, or is not
 * a path at all.
 */
export function articlePathForSource(name: string): string | undefined {
  const path = name.replace(/\\/g, '/');
  if (!path || path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.split('/').some((seg) => seg === '..' || seg === '.' || seg === '' || seg.toLowerCase() === '.git') || /[\u0000-\u001f<>:"|?*]/.test(path)) return undefined;
  return /\.(md|txt)$/i.test(path) ? path : `${path}.txt`;
}

/**
 * Reads a `.qdpx` and places its coded passages on the workspace's articles
 * (matched by source name, else by identical text). `existing` maps article
 * paths to their current text and code ids; codes already there (same id,
 * role and passage) are not added again.
 */
/** Limits on what a .qdpx may inflate to: a zip bomb is refused, not unpacked. */
export const QDPX_LIMITS = { entryBytes: 64 * 1024 * 1024, totalBytes: 256 * 1024 * 1024 };

/**
 * The entries of a .qdpx that `want` names, inflated one at a time with
 * their sizes and CRC-32 checked (unzip.ts), refusing an entry (or a total)
 * larger than the limits before inflating it; entries not wanted are never
 * inflated.
 */
function unzipEntries(bytes: Uint8Array, want: (name: string) => boolean, limits: typeof QDPX_LIMITS, used: { bytes: number }): Record<string, Uint8Array> {
  try {
    return unzipChecked(bytes, want, limits, used);
  } catch (e) {
    if (e instanceof ZipRefused && /^it is not a zip/.test(e.message)) throw new Error(`not a .qdpx (zip) file: ${e.message}`);
    throw e;
  }
}

export function importQdpx(bytes: Uint8Array, articles: ReadonlyMap<string, { text: string; codes: readonly Code[] }>, codebook: readonly Theme[], limits = QDPX_LIMITS, options: { createArticles?: boolean } = {}): QdpxImport {
  const used = { bytes: 0 };
  const qde = unzipEntries(bytes, (name) => name === 'project.qde', limits, used)['project.qde'];
  if (!qde) throw new Error('the .qdpx has no project.qde');
  const doc = parseRefiProjectXml(qde, 'project.qde');
  const project = doc.Project as XmlNode | undefined;
  if (!project) throw new Error('project.qde has no <Project> root');
  const notesList = xmlList((project.Notes as XmlNode | undefined)?.Note).map((n) => ({ guid: String(n.guid), name: String(n.name ?? ''), text: xmlTextOf(n.PlainTextContent) }));
  const lost: string[] = [];
  let saved: SavedNote | undefined;
  const cmoNote = notesList.find((n) => n.name === CMO_NOTE_NAME);
  if (cmoNote) {
    const read = readCmoProjectNote(cmoNote.text);
    if ('problem' in read) lost.push(`the "${CMO_NOTE_NAME}" note cannot be read (${read.problem}), so what only it holds could not come back`);
    else saved = read;
  }
  const ns = saved?.project.refi?.namespace;
  const savedThemes = new Map((ns ? (saved?.project.codebook ?? []) : []).map((t) => [guidFor(ns as string, 'theme', t.id).toLowerCase(), t]));
  const out: QdpxImport = { codes: new Map(), newThemes: [], unplaced: [], unmatchedSources: [], newArticles: [], project: { configurations: [], theories: [], extra: {}, lost } };

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
        walk(xmlList(c.Code), null, true);
        continue;
      }
      if (underRoles && asRole) {
        roleByGuid.set(guid, asRole);
        continue;
      }
      if (name === THEMES_NAME && parentTheme === null && c.isCodable === 'false') {
        walk(xmlList(c.Code), null, false);
        continue;
      }
      let id = themeIdByName.get(name.toLowerCase());
      if (!id) {
        // The id it had when CMO Coder exported it, else the same ids the .qdc import makes (codebook/themes.ts: themeIdFor).
        const before = savedThemes.get(guid);
        id = before && !taken.has(before.id) ? before.id : freeId(slugify(name) || 'theme', taken);
        taken.add(id);
        themeIdByName.set(name.toLowerCase(), id);
        const { description: _d, color: _c, ...kept } = before ?? {};
        out.newThemes.push({ ...kept, id, name, parent: parentTheme, ...themeFieldsOf(c) });
      }
      themeByGuid.set(guid, id);
      walk(xmlList(c.Code), id, false);
    }
  };
  walk(xmlList((project.CodeBook as XmlNode | undefined)?.Codes && ((project.CodeBook as XmlNode).Codes as XmlNode).Code), null, false);

  const users = new Map(xmlList((project.Users as XmlNode | undefined)?.User).map((u) => [String(u.guid).toLowerCase(), String(u.name ?? u.id ?? '')]));
  // Themes in the order of the codebook they were exported from.
  const order = new Map((saved?.project.codebook ?? []).map((t, i) => [t.id, i]));
  out.newThemes.sort((a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity));
  const notes = new Map(notesList.map((n) => [n.guid.toLowerCase(), n.text]));
  const variables = xmlList((project.Variables as XmlNode | undefined)?.Variable).map((v) => ({ guid: String(v.guid), name: String(v.name ?? ''), ...(v.Description !== undefined ? { description: xmlTextOf(v.Description) } : {}) }));
  const elements: RefiProjectElements = {
    notes: notesList.filter((n) => n !== cmoNote),
    links: xmlList((project.Links as XmlNode | undefined)?.Link).map((l) => ({ origin: String(l.originGUID ?? ''), target: String(l.targetGUID ?? ''), name: String(l.name ?? '') })),
    sets: xmlList((project.Sets as XmlNode | undefined)?.Set).map((x) => ({ guid: String(x.guid), name: String(x.name ?? ''), ...(x.Description !== undefined ? { description: xmlTextOf(x.Description) } : {}), members: xmlList(x.MemberNote).map((m) => String(m.targetGUID)) })),
    ...(project.Description !== undefined ? { description: xmlTextOf(project.Description) } : {}),
    variables,
    values: new Map(),
    selections: new Map(),
    renamed: new Map(),
  };
  const byText = new Map<string, string>();
  for (const [path, a] of articles) byText.set(a.text, path);
  // Only the source texts the project names are inflated.
  const sourcePaths = new Set(
    xmlList((project.Sources as XmlNode | undefined)?.TextSource)
      .map((source) => source.plainTextPath)
      .filter((p): p is string => typeof p === 'string' && p.startsWith('internal://'))
      .map((p) => `sources/${p.slice('internal://'.length)}`),
  );
  const files = sourcePaths.size ? unzipEntries(bytes, (name) => sourcePaths.has(name), limits, used) : {};

  const newPaths = new Set<string>();
  for (const source of xmlList((project.Sources as XmlNode | undefined)?.TextSource)) {
    const name = String(source.name ?? '');
    let text: string | undefined;
    const path = typeof source.plainTextPath === 'string' ? source.plainTextPath : undefined;
    if (path?.startsWith('internal://')) {
      const f = files[`sources/${path.slice('internal://'.length)}`];
      if (f) {
        try {
          text = normalizeNewlines(new TextDecoder('utf-8', { fatal: true }).decode(f));
        } catch {
          throw new Error(`its source text sources/${path.slice('internal://'.length)} (${name}) is not UTF-8, as REFI-QDA's plain-text sources are; nothing was imported`);
        }
      }
    } else if (source.PlainTextContent !== undefined) text = normalizeNewlines(xmlTextOf(source.PlainTextContent));
    let target = articles.has(name) ? name : text !== undefined ? byText.get(text) : undefined;
    let article = target ? (articles.get(target) as { text: string; codes: readonly Code[] }) : undefined;
    if (!target && options.createArticles && text !== undefined) {
      const path = articlePathForSource(name);
      if (path && !articles.has(path) && !newPaths.has(path)) {
        newPaths.add(path);
        out.newArticles.push({ path, text, source: name });
        target = path;
        article = { text, codes: [] };
      }
    }
    if (!target || !article) {
      out.unmatchedSources.push(name);
      continue;
    }
    const values = new Map(xmlList(source.VariableValue).map((v) => [String((v.VariableRef as XmlNode | undefined)?.targetGUID ?? ''), xmlTextOf(v.TextValue ?? v.BooleanValue ?? v.IntegerValue ?? v.FloatValue ?? v.DateValue ?? v.DateTimeValue)]));
    if (values.size) elements.values.set(target, values);
    const ids = new Set(article.codes.map((c) => c.id));
    const added: Code[] = [];
    let sections: SectionIndex | undefined;
    let offsets: ReturnType<typeof offsetsOf> | undefined;
    let existing: Map<string, Code> | undefined;
    for (const sel of xmlList(source.PlainTextSelection)) {
      const selName = String(sel.name ?? sel.guid ?? '');
      const codings = xmlList(sel.Coding).map((c) => String((c.CodeRef as XmlNode | undefined)?.targetGUID ?? '').toLowerCase());
      // No role but themes: a theme-only passage (role none), as CMO Coder exports one.
      const role = codings.map((c) => roleByGuid.get(c)).find((r) => r !== undefined) ?? (codings.some((c) => themeByGuid.has(c)) ? 'none' : undefined);
      if (!role) {
        out.unplaced.push({ source: name, selection: selName, reason: 'no CMO role or theme among its codes (code it in the editor)' });
        continue;
      }
      const srcText = text ?? article.text;
      // Positions are code points within the source: anything else is listed, never clamped into a code.
      const startCp = Number(sel.startPosition);
      const endCp = Number(sel.endPosition);
      offsets ??= offsetsOf(srcText);
      const length = offsets.codePoints(srcText.length);
      if (!Number.isSafeInteger(startCp) || !Number.isSafeInteger(endCp) || startCp < 0 || endCp <= startCp || endCp > length) {
        out.unplaced.push({ source: name, selection: selName, reason: `its positions ${String(sel.startPosition)}–${String(sel.endPosition)} are not a passage of the source's ${length} characters` });
        continue;
      }
      const s16 = offsets.utf16(startCp);
      const e16 = offsets.utf16(endCp);
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
      const selGuid = String(sel.guid ?? '').toLowerCase();
      // The first code with this role and passage, as a search from the start would find.
      existing ??= new Map([...article.codes].reverse().map((c) => [`${c.role} ${c.start} ${c.end}`, c]));
      const sameAlready = existing.get(`${role} ${start} ${end}`);
      if (sameAlready) {
        elements.selections.set(selGuid, `${target}#${sameAlready.id}`);
        elements.renamed.set(`${name}#${selName}`, `${target}#${sameAlready.id}`);
        continue;
      }
      const tags = [...new Set(codings.map((c) => themeByGuid.get(c)).filter((t): t is string => !!t))];
      const note = xmlList(sel.NoteRef).map((n) => notes.get(String(n.targetGUID).toLowerCase())).filter((t): t is string => !!t).join('\n\n');
      const coder = users.get(String(sel.creatingUser ?? '').toLowerCase());
      const created = typeof sel.creationDateTime === 'string' ? sel.creationDateTime.slice(0, 10) : undefined;
      const id = ID_PATTERN.test(selName) && !ids.has(selName) ? selName : newId(ids);
      ids.add(id);
      elements.selections.set(selGuid, `${target}#${id}`);
      elements.renamed.set(`${name}#${selName}`, `${target}#${id}`);
      const cites = saved?.cites[`${name}#${selName}`];
      sections ??= SectionIndex.forArticle(target, article.text);
      const section = sections.at(start);
      added.push({ id, role, ...selectorFor(article.text, start, end), ...(section !== undefined ? { section } : {}), ...(tags.length ? { tags } : {}), ...(cites?.length ? { cites } : {}), ...(note ? { note } : {}), ...(coder ? { coder } : {}), ...(created && DATE_PATTERN.test(created) ? { created } : {}) });
    }
    if (added.length) out.codes.set(target, [...(out.codes.get(target) ?? []), ...added]);
  }
  const fromElements = projectFromRefi(elements, saved);
  out.project = { ...fromElements, lost: [...lost, ...fromElements.lost] };
  return out;
}

export interface WorkspaceImport extends QdpxImport {
  /** Codes written (or, dry, to write) per article. */
  added: Array<{ path: string; count: number }>;
  /** Sidecars not written because they do not parse. */
  refused: Array<{ path: string; reason: string }>;
  /** Articles made from the file's sources (none in a dry run). */
  created: string[];
  /** What the project file gained: configurations, theories, fields, documents' values, the programme. */
  projectAdded: { configurations: number; theories: number; fields: number; documents: number; programme: boolean };
  /** What the workspace already had and kept (the file's version was not taken). */
  kept: string[];
}

/**
 * Imports a `.qdpx` into a workspace: its passages into the sidecars of the
 * matching articles (an article without a sidecar gets one; a source with no
 * article becomes one), its new themes into the codebook, and its
 * configurations, theories, programme and attributes into the project file,
 * where the workspace has none with the same id (the workspace's are kept,
 * and listed). Writes nothing with `dryRun`, nor into a file that does not
 * parse.
 */
export async function importQdpxIntoWorkspace(fs: FileSystem, bytes: Uint8Array, options: { suffix?: string; dryRun?: boolean } = {}): Promise<WorkspaceImport> {
  const suffix = options.suffix ?? DEFAULT_SIDECAR_SUFFIX;
  const project = await loadProjectOrEmpty(fs);
  const coding = await loadCoding(fs, '', suffix);
  const articles = new Map<string, { text: string; codes: readonly Code[] }>([...coding.articles].map(([p, a]) => [p, { text: a.text, codes: a.codes }]));
  for (const path of await findFiles(fs, '', (n) => /\.(md|txt)$/i.test(n))) {
    if (articles.has(path)) continue;
    const a = await loadArticle(fs, path);
    if ('text' in a) articles.set(path, { text: a.text, codes: [] });
  }
  const result = importQdpx(bytes, articles, project.codebook ?? [], QDPX_LIMITS, { createArticles: true });
  const out: WorkspaceImport = { ...result, added: [], refused: [], created: [], projectAdded: { configurations: 0, theories: 0, fields: 0, documents: 0, programme: false }, kept: [] };
  // Every write is planned first, then all are made or none (writeAllOrNone): a source whose file cannot be written
  // (a link out of the workspace in its way, say) leaves nothing half imported.
  const writes: Array<{ path: string; data: Uint8Array }> = [];
  // A source becomes an article only where nothing is in the way (a file the scan above did not read, say).
  for (const a of result.newArticles) {
    if (await fs.stat(a.path)) {
      out.unmatchedSources.push(a.source);
      result.codes.delete(a.path);
      continue;
    }
    articles.set(a.path, { text: a.text, codes: [] });
    if (!options.dryRun) {
      writes.push({ path: a.path, data: new TextEncoder().encode(a.text) });
      out.created.push(a.path);
    }
  }
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
    writes.push({ path: sidecarPath, data: new TextEncoder().encode(serializeSidecar({ ...base, codes: [...base.codes, ...codes] })) });
  }
  const merged = withImportedProject(project, result, out);
  if (merged !== project && !options.dryRun) writes.push({ path: PROJECT_FILE, data: new TextEncoder().encode(serializeProject(merged)) });
  if (!options.dryRun) await writeAllOrNone(fs, writes);
  return out;
}

/** The workspace's project with what the file brings that it does not have (by id); what both have stays the workspace's, listed in `out.kept`. */
function withImportedProject(project: Project, result: QdpxImport, out: WorkspaceImport): Project {
  const p = result.project;
  const next: Project = { ...project };
  let changed = false;
  if (result.newThemes.length) {
    next.codebook = [...(project.codebook ?? []), ...result.newThemes];
    changed = true;
  }
  const add = <T extends { id: string; title: string }>(have: readonly T[] | undefined, incoming: readonly T[], what: string): T[] | undefined => {
    const byId = new Map((have ?? []).map((x) => [x.id, x]));
    const fresh = incoming.filter((x) => !byId.has(x.id));
    // Listed only where the two differ: re-importing one's own export keeps everything silently.
    for (const x of incoming) if (byId.has(x.id) && !sameValue(byId.get(x.id), x)) out.kept.push(`${what} ${x.id} ("${x.title}"): this workspace's is kept`);
    return fresh.length ? [...(have ?? []), ...fresh] : undefined;
  };
  const configurations = add(project.configurations, p.configurations, 'configuration');
  if (configurations) {
    out.projectAdded.configurations = configurations.length - (project.configurations?.length ?? 0);
    next.configurations = configurations;
    changed = true;
  }
  const theories = add(project.theories, p.theories, 'theory');
  if (theories) {
    out.projectAdded.theories = theories.length - (project.theories?.length ?? 0);
    next.theories = theories;
    changed = true;
  }
  if (p.programme) {
    if (!project.programme) {
      next.programme = p.programme;
      out.projectAdded.programme = true;
      changed = true;
    } else if (!sameValue(project.programme, p.programme)) out.kept.push("the programme theory: this workspace's is kept");
  }
  if (p.attributes) {
    const have = project.attributes ?? { fields: [], documents: {} };
    const ids = new Set(have.fields.map((f) => f.id));
    const fields = [...have.fields, ...p.attributes.fields.filter((f) => !ids.has(f.id))];
    const documents = { ...have.documents };
    let docs = 0;
    for (const [doc, values] of Object.entries(p.attributes.documents)) {
      const current = { ...(documents[doc] ?? {}) };
      let took = false;
      for (const [f, v] of Object.entries(values)) {
        if (current[f] === undefined) {
          current[f] = v;
          took = true;
        } else if (!sameValue(current[f], v)) out.kept.push(`${doc}: ${f} is "${current[f]}" here, "${v}" in the file; this workspace's is kept`);
      }
      if (took) {
        documents[doc] = current;
        docs++;
      }
    }
    out.projectAdded.fields = fields.length - have.fields.length;
    out.projectAdded.documents = docs;
    if (out.projectAdded.fields || docs) {
      next.attributes = { ...have, fields, documents };
      changed = true;
    }
  }
  if (p.namespace && !project.refi?.namespace) {
    next.refi = { ...(project.refi ?? {}), namespace: p.namespace };
    changed = true;
  }
  for (const [k, v] of Object.entries(p.extra)) {
    if ((next as Record<string, unknown>)[k] === undefined) {
      (next as Record<string, unknown>)[k] = v;
      changed = true;
    }
  }
  return changed ? next : project;
}
