/**
 * JSON Schemas generated from the zod schemas, for `contributes.jsonValidation`
 * (completion and red squiggles when a person edits a file by hand). Built at
 * build time into dist/schemas; draft-07 is what VS Code's JSON service handles best.
 */
import * as z from 'zod/mini';
import { projectSchema, sidecarSchema } from '../model/schema';

function generate(schema: z.ZodMiniType, title: string, description: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-07', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $schema: json.$schema, title, description, ...json };
}

export function sidecarJsonSchema(): Record<string, unknown> {
  return generate(sidecarSchema, 'CMO Coder sidecar', 'Codes of one article: <article>.cmo.json beside the article. Offsets are UTF-16 code units over the LF-normalised text.');
}

export function projectJsonSchema(): Record<string, unknown> {
  return generate(projectSchema, 'CMO Coder project', 'cmo-project.json: codebook, document attributes, configurations, theories and the programme theory. Code references are path#id.');
}
