/**
 * The REFI-QDA codebook exchange file (.qdc, Codebook.xsd 1.0): the themes
 * with their hierarchy, descriptions and colours, out and in.
 */
import { createTheme, themes } from '../codebook/themes';
import type { Project } from '../model/schema';
import { ProjectError } from '../theory/project';
import { guidFor, ROLES_NAME, THEMES_NAME } from './refi';
import { parseXml, themeCodesXml, themeFieldsOf, xmlList, type XmlNode } from './xml';

const QDC_NS = 'urn:QDA-XML:codebook:1.0';

/** The codebook as a REFI-QDA codebook file (Codebook.xsd 1.0): themes with their hierarchy, descriptions and colours. */
export function toQdc(project: Project, namespace: string): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>', `<CodeBook xmlns="${QDC_NS}" origin="CMO Coder">`, '  <Codes>'];
  out.push(...themeCodesXml(project, (id) => guidFor(namespace, 'theme', id), 4));
  out.push('  </Codes>', '</CodeBook>', '');
  return out.join('\n');
}

/**
 * Reads a .qdc (or the CodeBook of a project.qde) into themes: existing
 * themes (same name, case-insensitive) are kept and updated only where empty;
 * new ones are added under their parents. Returns the new project and what
 * was added.
 */
export function importQdc(project: Project, xml: string | Uint8Array): { project: Project; added: string[] } {
  const doc = parseXml(xml, 'the codebook (.qdc)');
  const book = (doc.CodeBook ?? (doc.Project as XmlNode | undefined)?.CodeBook) as XmlNode | undefined;
  if (!book) throw new ProjectError('not a REFI-QDA codebook: no <CodeBook>');
  let p = project;
  const added: string[] = [];
  const walk = (codes: XmlNode[], parent: string | null) => {
    for (const c of codes) {
      const name = String(c.name ?? '').trim();
      if (!name) continue;
      // A CMO Coder project.qde: roles are not themes; the "Themes" umbrella is not one either.
      if (parent === null && c.isCodable === 'false' && (name === ROLES_NAME || name === THEMES_NAME)) {
        if (name === THEMES_NAME) walk(xmlList(c.Code), null);
        continue;
      }
      const existing = themes(p).find((t) => t.name.toLowerCase() === name.toLowerCase());
      let id: string;
      if (existing) id = existing.id;
      else {
        const r = createTheme(p, { name, parent, ...themeFieldsOf(c) });
        p = r.project;
        id = r.id;
        added.push(name);
      }
      walk(xmlList(c.Code), id);
    }
  };
  walk(xmlList((book.Codes as XmlNode | undefined)?.Code), null);
  return { project: p, added };
}
