// `npm run demo`: open seeds/ in VS Code with Corroborate loaded from this
// repository. Uses desktop VS Code (`code --extensionDevelopmentPath`) when
// `code` is on PATH, else code-server on 127.0.0.1 (installed on first use by
// install-code-server.sh) and prints the URL to open in a browser.
// Env: PORT (code-server port, default: a free one), DEMO_FOLDER (default seeds/).
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { REPO, startCodeServer, workbenchUrl } from './harness.mjs';

const folder = resolve(process.env.DEMO_FOLDER ?? join(REPO, 'seeds'));
const hasCode = !process.env.DEMO_CODE_SERVER && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;

if (hasCode) {
  console.log(`Opening ${folder} in VS Code with the extension from ${REPO}`);
  const child = spawn('code', ['--new-window', `--extensionDevelopmentPath=${REPO}`, folder], { stdio: 'inherit', detached: true });
  child.unref();
} else {
  const server = await startCodeServer({ port: process.env.PORT ? Number(process.env.PORT) : undefined });
  const url = workbenchUrl(server.url, folder, { extensionDevelopmentPath: REPO });
  console.log(`code-server is serving ${folder} with Corroborate loaded.`);
  console.log(`Open this URL in a browser on this machine (it listens on 127.0.0.1 only):\n\n  ${url}\n`);
  console.log('Press Ctrl+C to stop.');
  const stop = async () => { await server.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
