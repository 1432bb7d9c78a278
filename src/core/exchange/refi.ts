/**
 * REFI-QDA (QDA-XML 1.0), what its files share: GUIDs derived from our ids,
 * positions in code points, the names and colours of the umbrella codes.
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
 *   Description; document attributes are Variables with values on sources;
 * - what REFI-QDA has no element for (ids, status, stances, if/then/because,
 *   links between configurations, logs, cited studies, fields' values) is in
 *   one project-level Note, "CMO Coder project" (refiProject.ts), so an
 *   export imports back without loss.
 * - GUIDs are derived from our ids and a namespace GUID stored once in
 *   cmo-project.json (`refi.namespace`), so repeated exports are identical.
 */
import type { Role } from '../model/roles';
import type { Project } from '../model/schema';
import { sha256Hex } from '../text/text';

/** The role colours of the editor's light theme (Okabe-Ito). */
export const ROLE_COLOR: Record<Role, string> = { context: '#0072B2', resource: '#009E73', reasoning: '#E69F00', outcome: '#CC79A7', mechanism: '#D55E00', none: '#767676' };
export const ROLES_NAME = 'CMO roles';
export const THEMES_NAME = 'Themes';

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

/**
 * Offsets in code points (REFI-QDA's positions) and UTF-16 (JavaScript's)
 * for one text, each in log time after one pass over the text: an export
 * of 2,000 codes on a 7 MB article converts 4,000 offsets, and counting from
 * the start for each was 31 s. Same results as codePointOffset and
 * utf16Offset below.
 */
export function offsetsOf(text: string): { codePoints(utf16: number): number; utf16(codePoints: number): number } {
  // The UTF-16 index of each surrogate pair's first half, in order.
  const pairs: number[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) pairs.push(i++);
    }
  }
  const countBelow = (limit: (k: number) => boolean): number => {
    // The number of pairs k (a prefix of them) for which limit(k) holds.
    let lo = 0;
    let hi = pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (limit(mid)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const cpLength = text.length - pairs.length;
  return {
    // A pair counts once when its first half is before the offset (as codePointOffset counts it).
    codePoints: (utf16) => {
      const at = Math.min(Math.max(0, utf16), text.length);
      return at - countBelow((k) => (pairs[k] as number) + 1 < at);
    },
    utf16: (codePoints) => {
      const cp = Math.min(Math.max(0, codePoints), cpLength);
      return cp + countBelow((k) => (pairs[k] as number) - k < cp);
    },
  };
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

/** The project with a REFI namespace, made now if it has none (the only write an export does). */
export function withRefiNamespace(project: Project): { project: Project; created: boolean } {
  if (project.refi?.namespace) return { project, created: false };
  return { project: { ...project, refi: { namespace: randomGuid() } }, created: true };
}
