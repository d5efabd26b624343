// Bundles the extension-host suites into dist/test/vscode/index.js (CommonJS,
// `vscode` external), so they run unchanged under @vscode/test-electron and
// under code-server (test/e2e/vscode.e2e.test.mjs).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
await build({
  entryPoints: [join(root, 'test/vscode/index.ts')],
  outfile: join(root, 'dist/test/vscode/index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode'],
  logLevel: 'warning',
});
