// The packaged extension works on its own: pack a .vsix from the current dist/
// (vsce, .vscodeignore allow-list), check its file list, install it into a
// fresh code-server the way a user would, and see it index the seeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as H from './harness.mjs';

/** Names of the entries of a zip file (read from its central directory). */
function zipEntries(file) {
  const buf = readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  const names = [];
  for (let i = 0, at = buf.readUInt32LE(eocd + 16); i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const nameLen = buf.readUInt16LE(at + 28), extraLen = buf.readUInt16LE(at + 30), commentLen = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** Local pictures the README shows: Markdown `![alt](path "title")` and HTML `<img src="path">`. */
function readmeImages() {
  const md = readFileSync(join(H.REPO, 'README.md'), 'utf8');
  const refs = [...md.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...md.matchAll(/<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)]
    .map((m) => m[1]);
  return [...new Set(refs.filter((r) => !/^[a-z][a-z0-9+.-]*:/i.test(r)).map((r) => decodeURI(r.replace(/^\.\//, '').replace(/[?#].*$/, ''))))];
}

const MAX_VSIX_BYTES = 2 * 1024 * 1024;

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

  it('contains only the bundles, README, LICENSE and pictures', () => {
    const out = execFileSync(process.execPath, [join(H.REPO, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: H.REPO, encoding: 'utf8' });
    const files = out.split('\n').map((l) => l.trim()).filter(Boolean).sort();
    const allowed = new Set(['package.json', 'dist/extension.js', 'dist/server.js', 'README.md', 'LICENSE']);
    expect(files.filter((f) => !allowed.has(f) && !/^docs\/images\/[\w-]+\.png$/.test(f))).toEqual([]);
    for (const f of ['package.json', 'dist/extension.js', 'dist/server.js', 'LICENSE']) expect(files).toContain(f);
  });

  it('holds every picture the README shows and the icon (the details page loads them from the package)', () => {
    const entries = new Set(zipEntries(vsix));
    const images = readmeImages();
    expect(images.length, 'README shows no pictures? (the check found none)').toBeGreaterThan(0);
    const icon = JSON.parse(readFileSync(join(H.REPO, 'package.json'), 'utf8')).icon;
    const missing = [...images, icon].filter((p) => !entries.has(`extension/${p}`));
    expect(missing, `not in the .vsix (add them to .vscodeignore's allow-list): ${missing.join(', ')}`).toEqual([]);
  });

  it(`is at most ${MAX_VSIX_BYTES / 1024 / 1024} MB`, () => {
    const size = statSync(vsix).size;
    expect(size, `${(size / 1024 / 1024).toFixed(2)} MB`).toBeLessThanOrEqual(MAX_VSIX_BYTES);
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
