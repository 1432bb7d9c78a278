/**
 * src/core is folded by domain, and the domains are layers: src/core/index.ts
 * exports them bottom first, and a file may import only from its own domain
 * or from one exported before it. A file outside every domain folder (other
 * than index.ts) fails too, so a new file has to find its domain.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const CORE = path.join(__dirname, '..', '..', '..', 'src', 'core');

function layerOrder(): string[] {
  const index = readFileSync(path.join(CORE, 'index.ts'), 'utf8');
  return [...index.matchAll(/export \* from '\.\/([A-Za-z]+)';/g)].map((m) => m[1]!);
}

/** Relative imports (static, type-only and dynamic) of a source file. */
function relativeImports(source: string): string[] {
  return [...source.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]*)['"]/g)].map((m) => m[1]!);
}

describe('core layers', () => {
  const order = layerOrder();
  const rank = new Map(order.map((d, i) => [d, i]));
  const files = readdirSync(CORE, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'index.ts');

  it('index.ts names every domain folder, once', () => {
    const folders = readdirSync(CORE, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    assert.deepEqual([...order].sort(), folders);
    assert.equal(new Set(order).size, order.length);
  });

  for (const file of files) {
    it(`${file} imports only its own domain and the layers below`, () => {
      const domain = file.split(path.sep)[0]!;
      assert.ok(rank.has(domain), `${file} is not in a domain folder named in src/core/index.ts`);
      for (const spec of relativeImports(readFileSync(path.join(CORE, file), 'utf8'))) {
        const target = path.relative(CORE, path.resolve(CORE, path.dirname(file), spec));
        const targetDomain = target.split(path.sep)[0]!;
        assert.ok(!target.startsWith('..'), `${file} imports ${spec}, outside src/core`);
        assert.ok(rank.has(targetDomain), `${file} imports ${spec}, which is in no domain (the barrel index.ts is for the extension and the CLI)`);
        assert.ok(rank.get(targetDomain)! <= rank.get(domain)!, `${file} (${domain}) imports ${spec} (${targetDomain}), a layer above it; the order is ${order.join(' < ')}`);
      }
    });
  }

  it('the check fails on an import upwards (the test can fail)', () => {
    assert.ok(rank.get('model')! < rank.get('exchange')!);
    assert.deepEqual(relativeImports(`import { x } from '../exchange/refi';\nimport type { Y } from './y';`), ['../exchange/refi', './y']);
  });
});
