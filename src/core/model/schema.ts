/**
 * The file formats, as zod schemas. This is a contract other tools rely on
 * (the README's "Files" section): keep the field names, extend only additively, and bump
 * `FORMAT_VERSION` for a breaking change.
 *
 * Rules of the model, stated once here:
 * - Offsets (`start`, `end`) are UTF-16 code units, zero-based, end-exclusive,
 *   over the article's text with CRLF (and lone CR) folded to LF. They never
 *   split a surrogate pair. `exact` is the text between them when the code was
 *   last anchored; `prefix` / `suffix` are up to 32 units either side.
 * - `sha256` is the hex SHA-256 of the LF-folded text, UTF-8 encoded, when the
 *   codes were last anchored. When it still matches, positions are trusted.
 * - A code whose text cannot be found is *orphaned*: it stays in the file
 *   exactly as it was. The software never drops a code.
 * - Ids are short random strings, unique within their file and never reused.
 * - Code references in the project file are `path#id`, the path relative to
 *   the workspace root with `/` separators, never absolute, never with `..`.
 * - Fields this version does not know are kept as they are (objects are
 *   loose), so a file written by a newer minor tool survives a round trip.
 */
import { z } from 'zod';
import { ROLES } from './roles';

export const FORMAT_VERSION = 1;

/** Letters, digits, - and _, 4 to 64 of them, starting with a letter or digit. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$/;
/** A theme id in the codebook: a slug. */
const SLUG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** A theme colour: #rrggbb. */
export const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;

export function isColor(value: unknown): value is string {
  return typeof value === 'string' && COLOR_PATTERN.test(value);
}
const HEX64 = /^[0-9a-f]{64}$/;

const offset = z.number().int().min(0).describe('UTF-16 code units into the LF-normalised text');

export const codeSchema = z
  .looseObject({
    id: z.string().regex(ID_PATTERN, 'an id is 4 to 64 letters, digits, - or _').describe('Stable, short, random; never reused'),
    role: z.enum(ROLES).describe('context | resource | reasoning | outcome | mechanism'),
    start: offset,
    end: offset,
    exact: z.string().describe('The coded text, as it was when last anchored'),
    prefix: z.string().describe('Up to 32 characters before the passage'),
    suffix: z.string().describe('Up to 32 characters after the passage'),
    section: z.string().optional().describe('Heading path, e.g. "Results › Tailoring"'),
    tags: z.array(z.string().regex(SLUG_PATTERN, 'a theme id is a slug')).optional().describe('Codebook theme ids'),
    note: z.string().optional().describe('Memo'),
    coder: z.string().optional().describe('Who coded the passage'),
    created: z.string().regex(DATE_PATTERN, 'a date is YYYY-MM-DD').optional().describe('When the passage was coded'),
  })
  .refine((c) => c.end >= c.start, { message: '"end" must not be before "start"', path: ['end'] });

/**
 * A merge conflict on one code, recorded by `cmo merge` instead of text
 * markers so the file stays valid: the code in `codes` holds the merged
 * value (our side for the fields in conflict); `ours` and `theirs` are each
 * side's whole code, or null where that side deleted it.
 */
export const codeConflictSchema = z.looseObject({
  code: z.string().regex(ID_PATTERN, 'an id is 4 to 64 letters, digits, - or _').describe('Id of the code in "codes" the conflict is about'),
  fields: z.array(z.string()).min(1).describe('What both sides changed differently: role, span, note, … or deleted'),
  ours: codeSchema.nullable().describe('Our side of the code; null when we deleted it'),
  theirs: codeSchema.nullable().describe('Their side of the code; null when they deleted it'),
});

/**
 * Top-level fields of a sidecar (`source`, fields of newer tools) that both
 * sides of a merge changed differently: the file holds our values; `ours`
 * and `theirs` hold each side's value of each field named (absent: that side
 * has no such field).
 */
export const fileConflictSchema = z.looseObject({
  fields: z.array(z.string()).min(1).describe('The top-level fields both sides changed differently'),
  ours: z.record(z.string(), z.unknown()),
  theirs: z.record(z.string(), z.unknown()),
});

export const sidecarSchema = z.looseObject({
  cmo: z.literal(FORMAT_VERSION).describe('Format version'),
  source: z
    .string()
    .min(1)
    .refine((s) => !s.includes('/') && !s.includes('\\') && s !== '..' && s !== '.', {
      message: '"source" is the article\'s file name, without a folder',
    })
    .describe("The article's file name"),
  sha256: z.string().regex(HEX64, 'sha256 is 64 lower-case hex digits').describe('SHA-256 of the LF-normalised text when last anchored'),
  codes: z.array(codeSchema).describe('Sorted by start, end, id'),
  conflicts: z.array(codeConflictSchema).optional().describe('Merge conflicts waiting to be reconciled; sorted by code id'),
  fileConflict: fileConflictSchema.optional().describe('A merge conflict on the top-level fields, waiting to be reconciled'),
});

const ref = z.string().min(3).describe('path#id, the path relative to the workspace root');
const entityId = z.string().regex(ID_PATTERN, 'an id is 4 to 64 letters, digits, - or _');

export const configurationSchema = z.looseObject({
  id: entityId,
  title: z.string(),
  statement: z.string().optional().describe('If … then … because …'),
  codes: z.array(ref),
});

export const theorySchema = z.looseObject({
  id: entityId,
  title: z.string(),
  statement: z.string().optional(),
  configurations: z.array(entityId),
});

export const themeSchema = z.looseObject({
  id: z.string().regex(SLUG_PATTERN, 'a theme id is a slug'),
  name: z.string(),
  parent: z.string().nullable().optional(),
  description: z.string().optional(),
  color: z.string().regex(COLOR_PATTERN, 'a colour is #rrggbb').optional(),
});

export const attributeFieldSchema = z.looseObject({
  id: z.string().regex(SLUG_PATTERN, 'a field id is a slug'),
  name: z.string().optional(),
  values: z.array(z.string()),
});

/** The kinds of thing in the project file a merge conflict can be about. */
export const PROJECT_ENTITIES = ['programme', 'theory', 'configuration', 'theme', 'field', 'document', 'file'] as const;
export type ProjectEntity = (typeof PROJECT_ENTITIES)[number];

/** A merge conflict in the project file: the entity in place holds our side for the fields in conflict. */
export const projectConflictSchema = z.looseObject({
  entity: z.enum(PROJECT_ENTITIES),
  id: z.string().min(1).describe('The entity\'s id; the document path for a document; "programme" for the programme; "file" for the top-level fields (refi, fields of newer tools)'),
  fields: z.array(z.string()).min(1),
  ours: z.record(z.string(), z.unknown()).nullable(),
  theirs: z.record(z.string(), z.unknown()).nullable(),
});

export const projectSchema = z.looseObject({
  cmo: z.literal(FORMAT_VERSION).describe('Format version'),
  programme: z
    .looseObject({
      statement: z.string().optional(),
      theories: z.array(entityId),
    })
    .optional(),
  theories: z.array(theorySchema).optional(),
  configurations: z.array(configurationSchema).optional(),
  codebook: z.array(themeSchema).optional(),
  attributes: z
    .looseObject({
      fields: z.array(attributeFieldSchema),
      documents: z.record(z.string(), z.record(z.string(), z.string())),
    })
    .optional(),
  refi: z
    .looseObject({ namespace: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a GUID, 8-4-4-4-12 lower-case hex') })
    .optional()
    .describe('REFI-QDA exports: the namespace every exported GUID is derived from, made once and kept, so re-exports are identical'),
  conflicts: z.array(projectConflictSchema).optional().describe('Merge conflicts waiting to be reconciled'),
});

export type Code = z.infer<typeof codeSchema>;
export type Sidecar = z.infer<typeof sidecarSchema>;
export type Configuration = z.infer<typeof configurationSchema>;
export type Theory = z.infer<typeof theorySchema>;
export type Theme = z.infer<typeof themeSchema>;
export type AttributeField = z.infer<typeof attributeFieldSchema>;
export type Project = z.infer<typeof projectSchema>;
export type CodeConflict = z.infer<typeof codeConflictSchema>;
export type FileConflict = z.infer<typeof fileConflictSchema>;
export type ProjectConflict = z.infer<typeof projectConflictSchema>;

/** A project with nothing in it yet: what a workspace without cmo-project.json has. */
export function emptyProject(): Project {
  return { cmo: FORMAT_VERSION };
}

/** Field order in written files. Fields not named here follow, sorted by name. */
export const KEY_ORDER = {
  sidecar: ['cmo', 'source', 'sha256', 'codes', 'conflicts', 'fileConflict'],
  codeConflict: ['code', 'fields', 'ours', 'theirs'],
  fileConflict: ['fields', 'ours', 'theirs'],
  projectConflict: ['entity', 'id', 'fields', 'ours', 'theirs'],
  code: ['id', 'role', 'start', 'end', 'exact', 'prefix', 'suffix', 'section', 'tags', 'note', 'coder', 'created'],
  project: ['cmo', 'programme', 'theories', 'configurations', 'codebook', 'attributes', 'refi', 'conflicts'],
  programme: ['statement', 'theories'],
  theory: ['id', 'title', 'statement', 'configurations'],
  configuration: ['id', 'title', 'statement', 'codes'],
  theme: ['id', 'name', 'parent', 'description', 'color'],
  attributes: ['fields', 'documents'],
  field: ['id', 'name', 'values'],
} as const;

/** Characters of context stored either side of a quote. */
export const CONTEXT_LENGTH = 32;
/** Nesting deeper than this is refused: no CMO file needs it, and every tree walk recurses. */
export const MAX_JSON_DEPTH = 200;
/** How a "__proto__" key of a file is held in memory (see keepProtoKeys in formats/parse.ts). */
export const PROTO_KEY = '\u0000__proto__';
/** A sidecar or project file larger than this is refused rather than parsed. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
