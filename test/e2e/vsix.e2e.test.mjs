// The packaged extension works on its own: pack a .vsix from the current dist/
// the way `npm run package` does (tools/package.mjs: vsce, the .vscodeignore
// allow-list, a README with its pictures embedded), check its contents,
// install it into a fresh code-server the way a user would, see it index the
// seeds and its details page show every picture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import * as H from './harness.mjs';
import { PACKAGE_README, packageVsix } from '../../tools/package.mjs';

/** The entries of a zip file (from its central directory): name -> () => contents. */
function zipEntries(file) {
  const buf = readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  const entries = new Map();
  for (let i = 0, at = buf.readUInt32LE(eocd + 16); i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const method = buf.readUInt16LE(at + 10), size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28), extraLen = buf.readUInt16LE(at + 30), commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    entries.set(name, () => {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${name}: zip method ${method}`);
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

const IMAGE_RE = /!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["'][^>]*>/gi;

/** Pictures a Markdown text shows: Markdown `![alt](path "title")` and HTML `<img src="path">`, as { alt, ref }. */
function pictures(md) {
  return [...md.matchAll(IMAGE_RE)].map((m) => ({ alt: m[3] ? (/\balt\s*=\s*["']([^"']*)["']/i.exec(m[0])?.[1] ?? '') : m[1], ref: m[2] ?? m[3] }));
}

/** Local pictures README.md shows, as { alt, path } (path relative to the repository). */
function readmeImages() {
  const seen = new Map();
  for (const { alt, ref } of pictures(readFileSync(join(H.REPO, 'README.md'), 'utf8'))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) continue;
    const path = decodeURI(ref.replace(/^\.\//, '').replace(/[?#].*$/, ''));
    if (!seen.has(path)) seen.set(path, { alt, path });
  }
  return [...seen.values()];
}

const MAX_VSIX_BYTES = 4 * 1024 * 1024;

describe('packaged .vsix', () => {
  let tmp, vsix, server, browser, ws;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'corroborate-vsix-'));
    vsix = packageVsix(join(tmp, 'corroborate.vsix'), { stdio: 'pipe' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    ws?.cleanup();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('contains only the bundles, WordNet\'s index and licence, the README, LICENSE, the icon and the activity-bar icon', () => {
    const out = execFileSync(process.execPath, [join(H.REPO, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies', '--readme-path', PACKAGE_README], { cwd: H.REPO, encoding: 'utf8' });
    const files = out.split('\n').map((l) => l.trim()).filter(Boolean).sort();
    const pkg = JSON.parse(readFileSync(join(H.REPO, 'package.json'), 'utf8'));
    const activity = pkg.contributes.viewsContainers.activitybar.map((c) => c.icon);
    expect(files).toEqual(['package.json', 'dist/extension.js', 'dist/server.js', 'dist/wordnet.bin', 'dist/WORDNET-LICENSE.txt', PACKAGE_README, 'LICENSE', pkg.icon, ...activity].sort());
  });

  it('holds every picture the README shows (embedded in its README, or as a file) and the icon', () => {
    const entries = zipEntries(vsix);
    const images = readmeImages();
    expect(images.length, 'README shows no pictures? (the check found none)').toBeGreaterThan(0);
    const icon = JSON.parse(readFileSync(join(H.REPO, 'package.json'), 'utf8')).icon;
    expect(entries.has(`extension/${icon}`), `the icon ${icon} is not in the .vsix`).toBe(true);
    const readme = entries.get('extension/readme.md')?.().toString('utf8');
    expect(readme, 'no extension/readme.md in the .vsix').toBeTruthy();
    const shown = pictures(readme);
    // The details page shows only https: and data: pictures: nothing relative may be left.
    expect(shown.map((p) => p.ref).filter((r) => !/^(https|data):/i.test(r)).map((r) => r.slice(0, 80)), 'relative pictures in the packaged README').toEqual([]);
    for (const { alt, path } of images) {
      const bytes = readFileSync(join(H.REPO, path));
      const file = entries.get(`extension/${path}`)?.();
      const embedded = shown.filter((p) => p.alt === alt && p.ref.startsWith('data:')).map((p) => Buffer.from(p.ref.replace(/^data:[^,]*;base64,/, ''), 'base64'));
      expect(!!file?.equals(bytes) || embedded.some((b) => b.equals(bytes)), `${path} is neither in the .vsix nor embedded in its README`).toBe(true);
    }
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
    expect(await H.statusBarText(page, /^Story: .+ · 5 sources$/)).toBeTruthy();
    const log = H.extensionHostLog(server.userDataDir);
    expect(log).toMatch(/_doActivateExtension corroborate\.corroborate/);
    expect(log).not.toMatch(/Loading development extension/);
  });

  it("the extension's details page shows every picture of the README (none broken)", async () => {
    const page = browser.page;
    const images = readmeImages();
    await page.keyboard.press('Control+Shift+X'); // the Extensions view (no gallery: the installed ones)
    await page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Corroborate' }).first().click({ timeout: 20_000 });
    // The README is rendered in a webview (nested iframes); wait until each picture has loaded or failed.
    const deadline = Date.now() + 30_000;
    let seen;
    for (;;) {
      seen = null;
      for (const frame of page.frames()) {
        const imgs = await frame.evaluate(() => [...document.querySelectorAll('img')].map((i) => ({ alt: i.getAttribute('alt') ?? '', src: (i.getAttribute('src') ?? '').slice(0, 60), done: i.complete, width: i.naturalWidth })))
          .catch(() => []);
        if (imgs.some((i) => i.alt === images[0].alt)) { seen = imgs; break; }
      }
      if (seen && seen.every((i) => i.done)) break;
      if (Date.now() > deadline) throw new Error(`details page pictures not loaded: ${JSON.stringify(seen)}`);
      await page.waitForTimeout(200); // polling the webview frames (no DOM event crosses into them)
    }
    for (const { alt, path } of images) {
      const img = seen.find((i) => i.alt === alt);
      expect(img, `${path} not on the details page: ${JSON.stringify(seen)}`).toBeTruthy();
      expect(img.width, `${path} is broken on the details page: ${JSON.stringify(img)}`).toBeGreaterThan(0);
    }
  });
});
