// Runs the extension-host integration suites (test/vscode/suite/*.test.ts,
// bundled to dist/test/vscode/index.js) inside code-server's Node extension
// host, via the workbench `payload` extensionTestsPath mechanism: the same
// module @vscode/test-electron loads for `npm run test:vscode`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as H from './harness.mjs';

describe('extension-host suites in code-server', () => {
  let server, browser, ws;
  beforeAll(async () => {
    ws = H.copySeeds();
    server = await H.startCodeServer();
    browser = await H.launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    ws?.cleanup();
  });

  it('all suites pass', async () => {
    const verbose = !!process.env.E2E_VERBOSE;
    const r = await H.runExtensionTests(browser.context, server.url, {
      folder: ws.dir,
      extensionTestsPath: join(H.REPO, 'dist/test/vscode/index.js'),
      onLog: (l) => { if (verbose || /^\w+: (not )?ok |^\w+: # /.test(l)) console.log(l.replace(/^\w+: /, '')); },
    });
    const tap = r.logs.filter((l) => /^\w+: (TAP|1\.\.|(not )?ok |#)/.test(l)).join('\n');
    const failures = r.logs.filter((l) => /^\w+: not ok /.test(l)).join('\n\n');
    expect(failures, `extension-host tests failed:\n${failures}\n\nextension host log:\n${H.extensionHostLog(server.userDataDir).slice(-3000)}`).toBe('');
    expect(r.exitCode, tap).toBe(0);
    expect(tap).toMatch(/# \d+ passed, 0 failed/);
  }, 240_000);
});
