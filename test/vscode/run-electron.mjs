// `npm run test:vscode`: the extension-host suites in desktop VS Code via
// @vscode/test-electron (downloads VS Code into .vscode-test/ on first use, so
// it needs network access to update.code.visualstudio.com; on machines without
// it, `npm run test:e2e` runs the same suites in code-server).
// Env: VSCODE_VERSION (default "stable"), VSCODE_EXECUTABLE (use a local build).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(join(tmpdir(), 'corroborate-vscode-'));
const workspace = join(tmp, 'seeds');
cpSync(join(root, 'seeds'), workspace, { recursive: true }); // tests may write settings; keep seeds/ clean

let code = 0;
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'dist/test/vscode/index.js'),
    launchArgs: [
      workspace,
      '--disable-extensions', // only Corroborate (and built-ins)
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      `--user-data-dir=${join(tmp, 'user-data')}`,
    ],
    extensionTestsEnv: { CORROBORATE_TEST_RESULTS: join(tmp, 'results.json') },
  });
} catch (e) {
  const msg = e instanceof Error ? e.message : String(e);
  console.error(`extension-host tests failed: ${msg}`);
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|fetch failed/.test(msg)) {
    console.error('Could not download VS Code. Set VSCODE_EXECUTABLE to a local VS Code binary, or run the same suites in code-server: npm run test:e2e');
  }
  code = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
