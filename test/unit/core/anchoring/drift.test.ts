import { strict as assert } from 'node:assert';
import { anchorCodes, loose } from '../../../../src/core';
import { driftCase } from '../../../bench/fixtures';

/**
 * Issue 13's drift case: a long messy extraction re-extracted with paragraphs
 * gone and tabs read as spaces. Every passage still in the text must be
 * found, and every code placed must hold its own words (a passage whose
 * paragraph is gone may be found where the article says the same words
 * again, as the design allows; never on other words).
 */
describe('anchoring a long re-extraction with paragraphs deleted (drift)', () => {
  for (const [bytes, seed] of [
    [500_000, 5],
    [2_000_000, 6],
  ] as const) {
    it(`${bytes / 1e6} MB: 0 intact passages orphaned, none on other words`, function () {
      this.timeout(60_000);
      const { after, codes, intact } = driftCase(bytes, seed);
      assert.ok(codes.length === 2000 && intact.size > 1800 && intact.size < 1950, `${codes.length} codes, ${intact.size} intact`);
      const results = anchorCodes(after, codes);
      const orphanedIntact = results.filter((r) => intact.has(r.code.id) && r.status === 'orphaned').map((r) => r.code.id);
      const misplaced = results.filter((r) => r.status !== 'orphaned' && loose(after.slice(r.start, r.end)) !== loose(r.code.exact)).map((r) => `${r.code.id} (${r.status})`);
      assert.deepEqual(orphanedIntact, [], `${orphanedIntact.length} intact passages orphaned`);
      assert.deepEqual(misplaced, [], `${misplaced.length} misplaced`);
    });
  }
});
