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
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { ROLES } from './roles';

// zod/mini: the same checks as zod's classic API at a tenth of the bundle
// (the classic API was 54 % of the extension). Mini starts without messages;
// the English ones, as the classic API gives them, are set here.
z.config(en());

export const FORMAT_VERSION = 1;

/** Letters, digits, - and _, 4 to 64 of them, starting with a letter or digit. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$/;
/** A theme id in the codebook: a slug. */
export const SLUG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** A theme colour: #rrggbb. */
export const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;

export function isColor(value: unknown): value is string {
  return typeof value === 'string' && COLOR_PATTERN.test(value);
}
/** A SHA-256 digest, lower-case hex. */
export const HEX64 = /^[0-9a-f]{64}$/;

/** A string matching `pattern`, with `message` when it does not. */
const matching = (pattern: RegExp, message: string) => z.string().check(z.regex(pattern, message));
const described = <T extends z.ZodMiniType>(schema: T, text: string): T => schema.check(z.describe(text)) as T;

const offset = described(z.int().check(z.minimum(0)), 'UTF-16 code units into the LF-normalised text');
const anId = () => matching(ID_PATTERN, 'an id is 4 to 64 letters, digits, - or _');
const aSlug = (what: string) => matching(SLUG_PATTERN, `a ${what} id is a slug`);

export const codeSchema = z
  .looseObject({
    id: described(anId(), 'Stable, short, random; never reused'),
    role: described(z.enum(ROLES), 'context | resource | reasoning | outcome | mechanism | none (themes only)'),
    start: offset,
    end: offset,
    exact: described(z.string(), 'The coded text, as it was when last anchored'),
    prefix: described(z.string(), 'Up to 32 characters before the passage'),
    suffix: described(z.string(), 'Up to 32 characters after the passage'),
    section: described(z.optional(z.string()), 'Heading path, e.g. "Results › Tailoring"'),
    tags: described(z.optional(z.array(aSlug('theme'))), 'Codebook theme ids'),
    cites: described(
      z.optional(z.array(z.string().check(z.minLength(1, 'a citation is a path or a reference, not empty')))),
      'Studies this passage reports on (a review coding a review): workspace paths of their articles ("papers/olsson-2014.pdf") or free references ("Olsson 2014")',
    ),
    note: described(z.optional(z.string()), 'Memo'),
    coder: described(z.optional(z.string()), 'Who coded the passage'),
    created: described(z.optional(matching(DATE_PATTERN, 'a date is YYYY-MM-DD')), 'When the passage was coded'),
  })
  .check(z.refine((c) => c.end >= c.start, { message: '"end" must not be before "start"', path: ['end'] }));

/**
 * A merge conflict on one code, recorded by `cmo merge` instead of text
 * markers so the file stays valid: the code in `codes` holds the merged
 * value (our side for the fields in conflict); `ours` and `theirs` are each
 * side's whole code, or null where that side deleted it.
 */
export const codeConflictSchema = z.looseObject({
  code: described(anId(), 'Id of the code in "codes" the conflict is about'),
  fields: described(z.array(z.string()).check(z.minLength(1)), 'What both sides changed differently: role, span, note, … or deleted'),
  ours: described(z.nullable(codeSchema), 'Our side of the code; null when we deleted it'),
  theirs: described(z.nullable(codeSchema), 'Their side of the code; null when they deleted it'),
});

/**
 * Top-level fields of a sidecar (`source`, fields of newer tools) that both
 * sides of a merge changed differently: the file holds our values; `ours`
 * and `theirs` hold each side's value of each field named (absent: that side
 * has no such field).
 */
export const fileConflictSchema = z.looseObject({
  fields: described(z.array(z.string()).check(z.minLength(1)), 'The top-level fields both sides changed differently'),
  ours: z.record(z.string(), z.unknown()),
  theirs: z.record(z.string(), z.unknown()),
});

export const sidecarSchema = z.looseObject({
  cmo: described(z.literal(FORMAT_VERSION), 'Format version'),
  source: described(
    z.string().check(
      z.minLength(1),
      z.refine((s: string) => !s.includes('/') && !s.includes('\\') && s !== '..' && s !== '.', { message: '"source" is the article\'s file name, without a folder' }),
    ),
    "The article's file name",
  ),
  sha256: described(matching(HEX64, 'sha256 is 64 lower-case hex digits'), 'SHA-256 of the LF-normalised text when last anchored'),
  codes: described(z.array(codeSchema), 'Sorted by start, end, id'),
  conflicts: described(z.optional(z.array(codeConflictSchema)), 'Merge conflicts waiting to be reconciled; sorted by code id'),
  fileConflict: described(z.optional(fileConflictSchema), 'A merge conflict on the top-level fields, waiting to be reconciled'),
});

const ref = described(z.string().check(z.minLength(3)), 'path#id, the path relative to the workspace root');
const entityId = anId;

/** How a passage bears on a configuration it is linked to; absent means `supports`. */
export const STANCES = ['supports', 'refutes', 'refines'] as const;
export type Stance = (typeof STANCES)[number];
/** Where a configuration or theory stands in the refinement of the programme theory; absent means `initial`. */
export const STATUSES = ['initial', 'refined', 'refuted', 'retired'] as const;
export type Status = (typeof STATUSES)[number];
/** What an attribute field means to CMO Coder: the usual realist appraisal of a source. */
export const APPRAISALS = ['relevance', 'rigour'] as const;
export type Appraisal = (typeof APPRAISALS)[number];

/** One step of a refinement log: who changed what, when, and why (a retroduction memo). */
export const logEntrySchema = z.looseObject({
  date: matching(DATE_PATTERN, 'a date is YYYY-MM-DD'),
  by: described(z.optional(z.string()), 'Who made the change'),
  change: described(z.string().check(z.minLength(1, 'say what changed: status, statement, if, then, because, links or note')), 'What changed: status, statement, if, then, because, links, or note (a memo without a change)'),
  from: described(z.optional(z.string()), 'The value before'),
  to: described(z.optional(z.string()), 'The value after'),
  why: described(z.optional(z.string()), 'The reason: a retroduction memo'),
});

const parts = {
  if: described(z.optional(z.string()), 'The context part: "if …"'),
  then: described(z.optional(z.string()), 'The outcome part: "then …"'),
  because: described(z.optional(z.string()), 'The mechanism part: "because …"'),
};
const refinement = {
  status: described(z.optional(z.enum(STATUSES)), 'initial (default) | refined | refuted | retired'),
  leadsTo: described(z.optional(z.array(entityId())), 'Configurations or theories this one leads to (its outcome is their context or mechanism)'),
  log: described(z.optional(z.array(logEntrySchema)), 'How it was refined, oldest first'),
};

export const configurationSchema = z.looseObject({
  id: entityId(),
  title: z.string(),
  statement: described(z.optional(z.string()), 'If … then … because …'),
  ...parts,
  codes: z.array(ref),
  stances: described(z.optional(z.record(ref, z.enum(STANCES))), 'How passages bear on the configuration, by path#id; a passage not named supports it'),
  ...refinement,
});

export const theorySchema = z.looseObject({
  id: entityId(),
  title: z.string(),
  statement: z.optional(z.string()),
  configurations: z.array(entityId()),
  ...refinement,
});

export const themeSchema = z.looseObject({
  id: aSlug('theme'),
  name: z.string(),
  parent: z.optional(z.nullable(z.string())),
  description: z.optional(z.string()),
  color: z.optional(matching(COLOR_PATTERN, 'a colour is #rrggbb')),
});

export const attributeFieldSchema = z.looseObject({
  id: aSlug('field'),
  name: z.optional(z.string()),
  appraisal: described(z.optional(z.enum(APPRAISALS)), 'What the field means to CMO Coder: relevance or rigour of the source'),
  multiple: described(z.optional(z.boolean()), 'A document may hold several of its values (e.g. every level of involvement a study covers); its value is then a list'),
  values: z.array(z.string()),
});

/** A document's value of one field: one value, or a list for a field with `multiple`. */
export const attributeValueSchema = z.union([z.string(), z.array(z.string())]);
export type DocumentValue = z.infer<typeof attributeValueSchema>;

/** A document's value of a field as a list: empty when unset, one item for a single value. */
export function valueList(value: DocumentValue | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

/** The kinds of thing in the project file a merge conflict can be about. */
export const PROJECT_ENTITIES = ['programme', 'theory', 'configuration', 'theme', 'field', 'document', 'file'] as const;
export type ProjectEntity = (typeof PROJECT_ENTITIES)[number];

/** A merge conflict in the project file: the entity in place holds our side for the fields in conflict. */
export const projectConflictSchema = z.looseObject({
  entity: z.enum(PROJECT_ENTITIES),
  id: described(z.string().check(z.minLength(1)), 'The entity\'s id; the document path for a document; "programme" for the programme; "file" for the top-level fields (refi, fields of newer tools)'),
  fields: z.array(z.string()).check(z.minLength(1)),
  ours: z.nullable(z.record(z.string(), z.unknown())),
  theirs: z.nullable(z.record(z.string(), z.unknown())),
});

export const projectSchema = z.looseObject({
  cmo: described(z.literal(FORMAT_VERSION), 'Format version'),
  programme: z.optional(
    z.looseObject({
      statement: z.optional(z.string()),
      ...parts,
      theories: z.array(entityId()),
      log: refinement.log,
    }),
  ),
  theories: z.optional(z.array(theorySchema)),
  configurations: z.optional(z.array(configurationSchema)),
  codebook: z.optional(z.array(themeSchema)),
  attributes: z.optional(
    z.looseObject({
      fields: z.array(attributeFieldSchema),
      documents: z.record(z.string(), z.record(z.string(), attributeValueSchema)),
    }),
  ),
  refi: described(
    z.optional(z.looseObject({ namespace: matching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a GUID, 8-4-4-4-12 lower-case hex') })),
    'REFI-QDA exports: the namespace every exported GUID is derived from, made once and kept, so re-exports are identical',
  ),
  conflicts: described(z.optional(z.array(projectConflictSchema)), 'Merge conflicts waiting to be reconciled'),
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
export type LogEntry = z.infer<typeof logEntrySchema>;
export type Programme = NonNullable<Project['programme']>;

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
  code: ['id', 'role', 'start', 'end', 'exact', 'prefix', 'suffix', 'section', 'tags', 'cites', 'note', 'coder', 'created'],
  project: ['cmo', 'programme', 'theories', 'configurations', 'codebook', 'attributes', 'refi', 'conflicts'],
  programme: ['statement', 'if', 'then', 'because', 'theories', 'log'],
  theory: ['id', 'title', 'status', 'statement', 'configurations', 'leadsTo', 'log'],
  configuration: ['id', 'title', 'status', 'statement', 'if', 'then', 'because', 'codes', 'stances', 'leadsTo', 'log'],
  logEntry: ['date', 'by', 'change', 'from', 'to', 'why'],
  theme: ['id', 'name', 'parent', 'description', 'color'],
  attributes: ['fields', 'documents'],
  field: ['id', 'name', 'appraisal', 'multiple', 'values'],
} as const;

/** Characters of context stored either side of a quote. */
export const CONTEXT_LENGTH = 32;
/** Nesting deeper than this is refused: no CMO file needs it, and every tree walk recurses. */
export const MAX_JSON_DEPTH = 200;
/** How a "__proto__" key of a file is held in memory (see keepProtoKeys in formats/parse.ts). */
export const PROTO_KEY = '\u0000__proto__';
/** A sidecar or project file larger than this is refused rather than parsed. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
