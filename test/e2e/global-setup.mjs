// Runs once before the e2e files: install code-server (no-op when present) and
// check that the bundles the workbench loads exist.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, codeServerEntry } from './harness.mjs';

export default function setup() {
  const t0 = Date.now();
  process.env.CODE_SERVER_ENTRY = codeServerEntry();
  for (const f of ['dist/extension.js', 'dist/server.js', 'dist/test/vscode/index.js']) {
    if (!existsSync(join(REPO, f))) throw new Error(`${f} is missing: run "npm run build && node test/vscode/build.mjs" (npm run test:e2e does both)`);
  }
  console.log(`[e2e] code-server ready (${Date.now() - t0} ms): ${process.env.CODE_SERVER_ENTRY}`);
}
