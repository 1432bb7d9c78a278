/**
 * npm run test:electron: the in-host suites in a desktop VS Code downloaded by
 * @vscode/test-electron, for machines that can download it. Not used here:
 * these machines cannot download VS Code, so `npm test` uses code-server
 * (test/e2e/run.ts) instead.
 */
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const out = path.join(ROOT, 'dist', 'electron-tests');
  const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'es2022', external: ['vscode', './tests.js'] };
  await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'test', 'electron', 'suite.ts')], outfile: path.join(out, 'suite.js') });
  await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'test', 'vscode', 'extension.test.ts')], outfile: path.join(out, 'tests.js') });
  await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(out, 'suite.js'),
    launchArgs: [path.join(ROOT, 'sample'), '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((e) => {
  console.error(`test:electron failed: ${(e as Error).message}`);
  process.exit(1);
});
