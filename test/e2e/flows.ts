/** UI flows: what a user does in the real workbench, with a screenshot of each step. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Flow } from './flow';
import { ROOT } from './harness';

export const flows: Flow[] = [
  {
    name: 'sidecar schema error in Problems',
    async run(ui) {
      await ui.shot('workbench');
      await ui.quickOpen('masterson-2024.md');
      // The extension is active: the status bar counts this article's codes per role (C 1 · R 0 · M 1 · O 1).
      await ui.page.locator('.statusbar-item', { hasText: /CMO\s+C 1 · R 0 · M 1 · O 1/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
      await ui.shot('article-open');
      await ui.quickOpen('masterson-2024.md.cmo.json');
      await ui.shot('sidecar-open');
      // Line 8 is the first code's `"role": "outcome",`: type into the value so it is no longer a role.
      await ui.goToLine(8);
      await ui.press('End', 'ArrowLeft', 'ArrowLeft');
      await ui.type('zzz');
      await ui.problems(/Value is not accepted/);
      // Ours arrives a moment later (debounced): the CMO problem names the field and says the file is left alone.
      const rows = await ui.problems(/codes\[0\]\.role/);
      await ui.shot('problems');
      assert.ok(rows.some((r) => /Value is not accepted|outcomezzz/.test(r)), `a JSON Schema problem: ${rows.join(' | ')}`);
      assert.ok(rows.some((r) => /codes\[0\]\.role/.test(r)), `a CMO problem naming the field: ${rows.join(' | ')}`);
      // Nothing was saved: the file on disk is the sample's, byte for byte.
      assert.equal(ui.disk('papers/masterson-2024.md.cmo.json'), readFileSync(path.join(ROOT, 'sample/papers/masterson-2024.md.cmo.json'), 'utf8'));
    },
  },
];
