import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { projectJsonSchema, sidecarJsonSchema } from '../../../../src/core/formats/jsonSchema';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

describe('JSON Schemas for hand editing', () => {
  it('are draft-07 and describe every sidecar field', () => {
    const s = sidecarJsonSchema() as any;
    assert.equal(s.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.deepEqual(s.required, ['cmo', 'source', 'sha256', 'codes']);
    const code = s.properties.codes.items;
    assert.deepEqual(code.required, ['id', 'role', 'start', 'end', 'exact', 'prefix', 'suffix']);
    assert.deepEqual(code.properties.role.enum, ['context', 'resource', 'reasoning', 'outcome', 'mechanism', 'none']);
    assert.equal(code.properties.cites.type, 'array');
    assert.equal(code.properties.start.type, 'integer');
  });

  it('describe the project file', () => {
    const p = projectJsonSchema() as any;
    assert.deepEqual(Object.keys(p.properties), ['cmo', 'programme', 'theories', 'configurations', 'codebook', 'attributes', 'refi', 'conflicts']);
    // The evidence model: stances, structured parts, links, status and the refinement log.
    const conf = p.properties.configurations.items;
    assert.deepEqual(Object.keys(conf.properties), ['id', 'title', 'statement', 'if', 'then', 'because', 'codes', 'stances', 'status', 'leadsTo', 'log']);
    assert.deepEqual(conf.properties.stances.additionalProperties.enum, ['supports', 'refutes', 'refines']);
    assert.deepEqual(conf.properties.status.enum, ['initial', 'refined', 'refuted', 'retired']);
    assert.deepEqual(conf.properties.log.items.required, ['date', 'change']);
    assert.deepEqual(p.properties.theories.items.properties.status.enum, ['initial', 'refined', 'refuted', 'retired']);
    assert.deepEqual(Object.keys(p.properties.programme.properties), ['statement', 'if', 'then', 'because', 'theories', 'log']);
    assert.deepEqual(p.properties.attributes.properties.fields.items.properties.appraisal.enum, ['relevance', 'rigour']);
  });

  it('are the ones the package ships (dist/schemas, wired in package.json)', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const wired = pkg.contributes.jsonValidation.map((j: { fileMatch: string; url: string }) => [j.fileMatch, j.url]);
    assert.deepEqual(wired, [
      ['*.cmo.json', './dist/schemas/sidecar.schema.json'],
      ['cmo-project.json', './dist/schemas/project.schema.json'],
    ]);
    const shipped = path.join(ROOT, 'dist/schemas/sidecar.schema.json');
    assert.ok(existsSync(shipped), 'run npm run build');
    assert.deepEqual(JSON.parse(readFileSync(shipped, 'utf8')), sidecarJsonSchema());
  });
});
