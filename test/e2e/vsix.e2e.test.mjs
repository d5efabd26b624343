// The packaged extension works on its own: pack a .vsix from the current dist/
// (vsce, .vscodeignore allow-list), check its file list, install it into a
// fresh code-server the way a user would, and see it index the seeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as H from './harness.mjs';

describe('packaged .vsix', () => {
  let tmp, vsix, server, browser, ws;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'corroborate-vsix-'));
    vsix = join(tmp, 'corroborate.vsix');
    execFileSync(process.execPath, [join(H.REPO, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsix],
      { cwd: H.REPO, stdio: 'pipe' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    ws?.cleanup();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('contains only the bundles, icon, README and LICENSE', () => {
    const out = execFileSync(process.execPath, [join(H.REPO, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: H.REPO, encoding: 'utf8' });
    const files = out.split('\n').map((l) => l.trim()).filter(Boolean).sort();
    const allowed = new Set(['package.json', 'dist/extension.js', 'dist/server.js', 'docs/images/icon.png', 'README.md', 'LICENSE']);
    expect(files.filter((f) => !allowed.has(f))).toEqual([]);
    for (const f of ['package.json', 'dist/extension.js', 'dist/server.js', 'LICENSE']) expect(files).toContain(f);
  });

  it('installs into VS Code and indexes the seeds', async () => {
    ws = H.copySeeds();
    server = await H.startCodeServer({ vsix: [vsix] });
    browser = await H.launchBrowser();
    const page = browser.page;
    await H.openWorkbench(page, server.url, ws.dir, { extensionDevelopmentPath: null });
    await H.openFile(page, '000_467a02d64a99aa07.txt');
    expect(await H.statusBarText(page, /Corroborate: 5 sources · \d+ statements/)).toBeTruthy();
    const log = H.extensionHostLog(server.userDataDir);
    expect(log).toMatch(/_doActivateExtension corroborate\.corroborate/);
    expect(log).not.toMatch(/Loading development extension/);
  });
});
