import { strict as assert } from 'node:assert';
import { freeId, ID_PATTERN, newId, slugify } from '../../../../src/core';

describe('ids', () => {
  it('new ids are 8 characters, start with a letter, satisfy the schema and avoid taken ones', () => {
    const taken = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = newId(taken);
      assert.match(id, /^[a-z][a-z0-9]{7}$/);
      assert.ok(ID_PATTERN.test(id));
      assert.ok(!taken.has(id));
      taken.add(id);
    }
  });

  it('slugs fold accents and punctuation, and may be empty', () => {
    assert.equal(slugify('Interaction & partnership'), 'interaction-partnership');
    assert.equal(slugify('Équité — santé'), 'equite-sante');
    assert.equal(slugify('A.B'), 'a-b');
    assert.equal(slugify('***'), '');
    assert.equal(slugify('x'.repeat(100)).length, 60);
  });

  it('freeId numbers a taken id', () => {
    assert.equal(freeId('trust', new Set()), 'trust');
    assert.equal(freeId('trust', new Set(['trust', 'trust-2'])), 'trust-3');
  });
});
