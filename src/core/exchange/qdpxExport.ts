/**
 * The REFI-QDA project export: `project.qde` and its sources in a `.qdpx`
 * zip, as other qualitative analysis tools read it (NVivo, ATLAS.ti, MAXQDA,
 * QDA Miner…). The mapping is stated in refi.ts.
 */
import { strToU8, zipSync } from 'fflate';
import { CMO_ROLES, ROLE_INFO } from '../model/roles';
import { valueList, type Project } from '../model/schema';
import { normalizeNewlines } from '../text/text';
import type { ExportData } from './exportData';
import { CMO_NOTE_NAME, cmoProjectNote } from './refiProject';
import { offsetsOf, guidFor, ROLE_COLOR, ROLES_NAME, THEMES_NAME, withRefiNamespace } from './refi';
import { themeCodesXml, xmlAttr as attr, xmlText } from './xml';

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
  // Theme-only passages (role none) carry their theme codes alone: no role code for them.
  for (const role of CMO_ROLES) out.push(`        <Code${attr('guid', g('role', role))}${attr('name', ROLE_INFO[role].label)} isCodable="true"${attr('color', ROLE_COLOR[role])}/>`);
  out.push('      </Code>');
  out.push(`      <Code${attr('guid', g('codebook', THEMES_NAME))}${attr('name', THEMES_NAME)} isCodable="false">`);
  out.push(...themeCodesXml(project, (id) => g('theme', id), 8));
  out.push('      </Code>', '    </Codes>', '  </CodeBook>');
  const ids = new Set(codebook.map((t) => t.id));

  const fields = project.attributes?.fields ?? [];
  if (fields.length) {
    out.push('  <Variables>');
    for (const f of fields) out.push(`    <Variable${attr('guid', g('variable', f.id))}${attr('name', f.name ?? f.id)} typeOfVariable="Text">${f.values.length ? `<Description>${xmlText(`Allowed values: ${f.values.join(', ')}`)}</Description>` : ''}</Variable>`);
    out.push('  </Variables>');
  }

  // Sources, their selections and codings; notes collected on the way.
  const notes: string[] = [];
  const sources: RefiExport['sources'] = [];
  const selectionOf = new Map<string, string>();
  if (data.articles.length) out.push('  <Sources>');
  for (const a of data.articles) {
    const sg = g('source', a.path);
    const offsets = offsetsOf(a.text);
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
      out.push(`      <PlainTextSelection${attr('guid', sel)}${attr('name', c.code.id)}${attr('startPosition', offsets.codePoints(c.start))}${attr('endPosition', offsets.codePoints(c.end))}${attr('creatingUser', who)}${attr('creationDateTime', date(c.code.created))}>`);
      if (c.code.role !== 'none') out.push(`        <Coding${attr('guid', g('coding', ref))}${attr('creatingUser', who)}${attr('creationDateTime', date(c.code.created))}><CodeRef${attr('targetGUID', g('role', c.code.role))}/></Coding>`);
      for (const tag of c.code.tags ?? []) {
        if (!ids.has(tag)) continue;
        out.push(`        <Coding${attr('guid', g('coding', `${ref}#${tag}`))}${attr('creatingUser', who)}${attr('creationDateTime', date(c.code.created))}><CodeRef${attr('targetGUID', g('theme', tag))}/></Coding>`);
      }
      if (c.code.note) {
        const ng = g('memo', ref);
        notes.push(`    <Note${attr('guid', ng)}${attr('name', `Memo on ${c.code.id}`)}${attr('creatingUser', who)}><PlainTextContent>${xmlText(c.code.note)}</PlainTextContent></Note>`);
        out.push(`        <NoteRef${attr('targetGUID', ng)}/>`);
      }
      out.push('      </PlainTextSelection>');
    }
    const values = project.attributes?.documents?.[a.path] ?? {};
    for (const f of fields) {
      const v = values[f.id];
      // Several values of a multi-valued field: one text, "; " between them (REFI-QDA holds one value per variable).
      if (v !== undefined) out.push(`      <VariableValue><VariableRef${attr('targetGUID', g('variable', f.id))}/><TextValue>${xmlText(valueList(v).join('; '))}</TextValue></VariableValue>`);
    }
    out.push('    </TextSource>');
  }
  if (data.articles.length) out.push('  </Sources>');

  const links: string[] = [];
  for (const k of project.configurations ?? []) {
    const ng = g('configuration', k.id);
    notes.push(`    <Note${attr('guid', ng)}${attr('name', k.title)}><PlainTextContent>${xmlText(k.statement ?? k.title)}</PlainTextContent></Note>`);
    for (const ref of k.codes) {
      const sel = selectionOf.get(ref);
      if (sel) links.push(`    <Link${attr('guid', g('link', `${k.id}|${ref}`))}${attr('name', `Configuration: ${k.title}`)} direction="OneWay"${attr('originGUID', ng)}${attr('targetGUID', sel)}/>`);
    }
  }
  for (const t of project.theories ?? []) notes.push(`    <Note${attr('guid', g('theory', t.id))}${attr('name', t.title)}><PlainTextContent>${xmlText(t.statement ?? t.title)}</PlainTextContent></Note>`);
  // What REFI-QDA has no element for (ids, status, stances, if/then/because, links, logs, cites, field values), for a lossless import back.
  const cites: Record<string, string[]> = {};
  for (const a of data.articles) for (const c of a.codes) if (c.code.cites?.length && c.start !== undefined) cites[`${a.path}#${c.code.id}`] = c.code.cites;
  notes.push(`    <Note${attr('guid', g('cmo', CMO_NOTE_NAME))}${attr('name', CMO_NOTE_NAME)}><PlainTextContent>${xmlText(cmoProjectNote(project, namespace, cites))}</PlainTextContent></Note>`);
  out.push('  <Notes>', ...notes, '  </Notes>');
  if (links.length) out.push('  <Links>', ...links, '  </Links>');
  const theories = project.theories ?? [];
  const confIds = new Set((project.configurations ?? []).map((k) => k.id));
  if (theories.length) {
    out.push('  <Sets>');
    for (const t of theories) {
      out.push(`    <Set${attr('guid', g('set', t.id))}${attr('name', t.title)}>`);
      if (t.statement) out.push(`      <Description>${xmlText(t.statement)}</Description>`);
      for (const k of t.configurations) if (confIds.has(k)) out.push(`      <MemberNote${attr('targetGUID', g('configuration', k))}/>`);
      out.push('    </Set>');
    }
    out.push('  </Sets>');
  }
  if (project.programme?.statement) out.push(`  <Description>${xmlText(project.programme.statement)}</Description>`);
  out.push(`  <NoteRef${attr('targetGUID', g('cmo', CMO_NOTE_NAME))}/>`);
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
