/** src/core may import neither vscode nor any Node built-in (see CONTRIBUTING.md, Layers), so the same core runs on the web. */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';

const CORE = path.join(__dirname, '..', '..', '..', 'src', 'core');

describe('core purity', () => {
  const files = readdirSync(CORE, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  it('has files to check', () => assert.ok(files.length > 5));
  for (const file of files) {
    it(`${file} imports no vscode and no Node built-in`, () => {
      const source = readFileSync(path.join(CORE, file), 'utf8');
      const specifiers = [...source.matchAll(/(?:from|import|require)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
      for (const s of specifiers) {
        assert.notEqual(s, 'vscode', `${file} imports vscode`);
        assert.ok(!s.startsWith('node:') && !builtinModules.includes(s.split('/')[0]!), `${file} imports Node built-in ${s}`);
      }
      assert.doesNotMatch(source, /\bprocess\.|\bBuffer\b|\b__dirname\b/, `${file} uses a Node global`);
    });
  }
});
