// test/e2e/harness.mjs -- drive a real VS Code workbench (code-server 4.100.3 =
// VS Code 1.100.3) in headless Debian Chromium with the Corroborate extension
// loaded from this repository (extensionDevelopmentPath), like a person would.
//
// Everything stays on 127.0.0.1: code-server binds loopback, telemetry and the
// extension gallery are off, and Chromium cannot resolve any other host.
// Helpers wait on DOM conditions, never on fixed sleeps.
//
// Needs: code-server from test/e2e/install-code-server.sh (codeServerEntry()
// runs it; a no-op once installed), /usr/bin/chromium, playwright-core.

import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, '../..');
export const SEEDS = join(REPO, 'seeds');
// Screenshots go to test-results/ (git-ignored; nothing is left in /tmp) unless
// asked for (`npm run screenshots` writes the README's images into docs/images).
export const RESULTS = join(REPO, 'test-results');
export const SHOTS = process.env.CORROBORATE_SHOTS ? resolve(REPO, process.env.CORROBORATE_SHOTS) : join(RESULTS, 'e2e-shots');
/** Where a failing UI step saves the workbench as it was. */
export const failureShot = (step) => join(RESULTS, `e2e-failure-${step}.png`);

const KEEP = !!process.env.KEEP_VSCODE_E2E;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** Path of code-server's entry.js: $CODE_SERVER_ENTRY, else run the (idempotent) installer. */
export function codeServerEntry() {
  if (process.env.CODE_SERVER_ENTRY) return process.env.CODE_SERVER_ENTRY;
  return execFileSync('bash', [join(here, 'install-code-server.sh')], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
  '--disable-background-networking', '--disable-component-update', '--disable-default-apps',
  // the page can resolve loopback only
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

/** User settings for a quiet, deterministic, offline workbench. */
export const BASE_SETTINGS = {
  'telemetry.telemetryLevel': 'off', // required: --disable-telemetry alone still phones home
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'security.workspace.trust.enabled': false,
  'window.restoreWindows': 'none',
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.hover.delay': 300,
  'editor.minimap.enabled': false,
  'editor.wordWrap': 'on', // articles are one paragraph per line
  'files.exclude': { '**/.vscode': true },
};

export async function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

/**
 * A throwaway copy of seeds/ (named "seeds", so the workbench title matches the
 * repository) that tests may write settings into. Returns { dir, cleanup() }.
 */
/**
 * A code-server, a browser and the workbench open on `folder` (the extension
 * loaded from this checkout). `close()` stops all three.
 */
export async function openWorkbenchOn(folder) {
  const server = await startCodeServer();
  const browser = await launchBrowser();
  const page = browser.page;
  await openWorkbench(page, server.url, folder);
  return { server, browser, page, close: async () => { await browser.close(); await server.stop(); } };
}

/**
 * Runs a test step; when it fails, adds a screenshot and the extension host's
 * recent errors and Corroborate lines to the failure.
 */
export async function explainFailure(wb, name, fn) {
  try {
    await fn();
  } catch (e) {
    await screenshot(wb.page, failureShot(name)).catch(() => {});
    e.message += `\n(screenshot: ${failureShot(name)})\n${extensionHostLog(wb.server.userDataDir).split('\n').filter((l) => /\[(error|warning)\]|corroborate\.corroborate/i.test(l)).slice(-30).join('\n')}`;
    throw e;
  }
}

export function copySeeds() {
  const root = mkdtempSync(join(tmpdir(), 'corroborate-ws-'));
  const dir = join(root, 'seeds');
  cpSync(SEEDS, dir, { recursive: true });
  return { dir, cleanup: () => { if (!KEEP) rmSync(root, { recursive: true, force: true }); } };
}

/**
 * Start code-server on 127.0.0.1 with fresh user-data and extensions dirs.
 * Returns { url, port, root, userDataDir, startMs, stop(), output() }.
 */
export async function startCodeServer({ entry = codeServerEntry(), settings = {}, env = {}, port, vsix = [], timeoutMs = 60_000 } = {}) {
  if (!existsSync(entry)) throw new Error(`code-server entry.js not found: ${entry}`);
  const root = mkdtempSync(join(tmpdir(), 'corroborate-cs-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  const config = join(root, 'config.yaml'); // keeps code-server from writing ~/.config/code-server
  writeFileSync(config, 'auth: none\n');
  port ??= await freePort();
  // code-server and its extension hosts put their IPC sockets (vscode-ipc-*.sock)
  // in the temporary folder: give them one inside root, removed with it.
  const tmp = join(root, 'tmp');
  mkdirSync(tmp);
  const childEnv = { ...process.env, EXTENSIONS_GALLERY: '{}', TMPDIR: tmp, ...env };
  delete childEnv.VSCODE_IPC_HOOK_CLI;
  // .vsix packages are installed the way users install them, before the server starts
  for (const v of vsix) {
    execFileSync(process.execPath, [entry, '--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
      '--install-extension', resolve(v), '--force'], { env: childEnv, stdio: 'pipe', timeout: 60_000 });
  }
  const args = [
    entry, '--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
  ];
  const t0 = Date.now();
  let out = '';
  const proc = spawn(process.execPath, args, { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  let exited = null;
  proc.on('exit', (code, signal) => { exited = { code, signal }; });
  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    if (!exited) {
      try { process.kill(-proc.pid, 'SIGTERM'); } catch {} // our own process group only
      const deadline = Date.now() + 5000;
      while (!exited && Date.now() < deadline) await pause(50);
      if (!exited) { try { process.kill(-proc.pid, 'SIGKILL'); } catch {} }
    }
    if (!KEEP) rmSync(root, { recursive: true, force: true });
  };
  for (;;) {
    if (exited) throw new Error(`code-server exited ${JSON.stringify(exited)}:\n${out}`);
    if (Date.now() - t0 > timeoutMs) { await stop(); throw new Error(`code-server not healthy after ${timeoutMs} ms:\n${out}`); }
    try { if ((await fetch(`${url}healthz`)).ok) break; } catch {}
    await pause(100);
  }
  return { url, port, root, userDataDir, startMs: Date.now() - t0, stop, output: () => out };
}

/** Headless Chromium with a fresh profile. Returns { context, page, close(), external: string[] }. */
export async function launchBrowser({ viewport = { width: 1400, height: 900 }, executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium' } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'corroborate-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath, headless: true, viewport, args: CHROMIUM_ARGS, deviceScaleFactor: 1,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const external = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!/^(https?:\/\/127\.0\.0\.1[:/]|data:|blob:|vscode-)/.test(u)) external.push(u);
  });
  const close = async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); };
  return { context, page, close, external };
}

/**
 * Workbench URL for a folder; `payload` pairs reach the workbench environment
 * (extensionDevelopmentPath / extensionTestsPath as vscode-remote URIs), which
 * is how VS Code web does --extensionDevelopmentPath / --extensionTestsPath.
 */
export function workbenchUrl(serverUrl, folder, { extensionDevelopmentPath = REPO, extensionTestsPath } = {}) {
  const host = new URL(serverUrl).host;
  const remote = (p) => `vscode-remote://${host}${resolve(p)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  let url = `${serverUrl}?folder=${encodeURIComponent(resolve(folder))}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** Load the workbench on `folder` and wait until it is usable (theme applied, explorer listed). */
export async function openWorkbench(page, serverUrl, folder, { timeout = 60_000, ...opts } = {}) {
  const t0 = Date.now();
  await page.goto(workbenchUrl(serverUrl, folder, opts));
  await page.waitForFunction(() => {
    const wb = document.querySelector('.monaco-workbench');
    return wb && /\bvscode-theme-/.test(wb.className) &&
      document.querySelector('.explorer-folders-view .monaco-list-row') &&
      !document.querySelector('.part.sidebar .monaco-progress-container.active') &&
      document.getElementById('status.problems');
  }, null, { timeout });
  return Date.now() - t0;
}

export const activeEditor = (page) => page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
const quickInput = (page) => page.locator('.quick-input-widget .quick-input-box input');

/** Quick Open (Ctrl+P) a file by name or relative path and wait for its editor. */
export async function openFile(page, relPath, { timeout = 20_000 } = {}) {
  await page.keyboard.press('Control+P');
  const input = quickInput(page);
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(relPath);
  const name = basename(relPath);
  // wait until the list is filtered (the focused row is our file), not just any row from history
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor({ timeout });
  await page.keyboard.press('Enter');
  await page.locator(`.editor-group-container.active .tab.active[data-resource-name="${name}"]`).waitFor({ timeout });
  await activeEditor(page).locator('.view-lines .view-line').first().waitFor({ timeout });
}

/** Open a file by clicking its row in the Explorer (it must be listed) and wait for its editor. */
export async function openFromExplorer(page, name, { timeout = 20_000 } = {}) {
  await page.locator('.explorer-folders-view .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) })
    .first().click({ timeout });
  await page.locator(`.editor-group-container.active .tab.active[data-resource-name="${name}"]`).waitFor({ timeout });
  await activeEditor(page).locator('.view-lines .view-line').first().waitFor({ timeout });
}

/** Name of the active editor tab's file. */
export async function activeFileName(page) {
  return page.locator('.editor-group-container.active .tab.active').first().getAttribute('data-resource-name');
}

/**
 * Screen box of the first rendered occurrence of `text` in the active editor
 * (Monaco renders spaces as U+00A0; a phrase must not span a wrapped line).
 */
export async function textBox(page, text) {
  return activeEditor(page).evaluate((root, text) => {
    for (const line of root.querySelectorAll('.view-lines .view-line')) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      const nodes = [];
      let full = '';
      for (let n; (n = walker.nextNode());) { nodes.push([n, full.length]); full += n.data; }
      const idx = full.replace(/\u00a0/g, ' ').indexOf(text);
      if (idx < 0) continue;
      const at = (off) => { for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= off) return [nodes[i][0], off - nodes[i][1]]; };
      const range = document.createRange();
      range.setStart(...at(idx));
      const [endNode, endOff] = at(idx + text.length - 1);
      range.setEnd(endNode, endOff + 1);
      const r = range.getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height, cx: r.left + r.width / 2, cy: r.top + r.height / 2 };
    }
    return null;
  }, text);
}

/** Wait until `text` is rendered in the active editor (e.g. after a reveal). */
export async function waitForText(page, text, { timeout = 10_000 } = {}) {
  await page.waitForFunction(
    (text) => [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line')]
      .some((l) => l.textContent.replace(/\u00a0/g, ' ').includes(text)),
    text, { timeout });
}

/** Move the mouse onto `text` in the active editor (the hover appears after editor.hover.delay). */
export async function hoverAtText(page, text) {
  const box = await textBox(page, text);
  if (!box) throw new Error(`not visible in the active editor: ${text}`);
  await page.mouse.move(box.cx - 30, box.cy + 60);
  await page.mouse.move(box.cx, box.cy, { steps: 4 });
  return box;
}

/** Click into `text` (puts the cursor there). */
export async function clickText(page, text) {
  const box = await textBox(page, text);
  if (!box) throw new Error(`not visible in the active editor: ${text}`);
  await page.mouse.click(box.cx, box.cy);
  return box;
}

/** Wait for a visible editor hover (containing `expect`, if given); returns its text. */
export async function readHover(page, { expect, timeout = 15_000 } = {}) {
  const handle = await page.waitForFunction((expect) => {
    const hovers = [...document.querySelectorAll('.monaco-editor .monaco-hover, .workbench-hover-container .monaco-hover')]
      .filter((h) => h.offsetParent !== null && !h.classList.contains('hidden') && h.innerText.trim());
    const text = hovers.map((h) => h.innerText.replace(/[ \t\u00a0]+/g, ' ').trim()).join('\n---\n');
    return text && (!expect || text.includes(expect)) ? text : null;
  }, expect ?? null, { timeout });
  const text = await handle.jsonValue();
  await settleAnimations(page, '.monaco-hover');
  return text;
}

/** Wait until no element matching `selector` is mid CSS animation/transition (for crisp screenshots). */
export async function settleAnimations(page, selector, { timeout = 3000 } = {}) {
  await page.waitForFunction((sel) => {
    const els = [...document.querySelectorAll(sel)];
    return els.every((el) => el.getAnimations({ subtree: true }).every((a) => a.playState !== 'running'));
  }, selector, { timeout }).catch(() => {});
}

export async function dismissHover(page) {
  await page.keyboard.press('Escape');
  await page.mouse.move(2, 450);
  await page.waitForFunction(() => ![...document.querySelectorAll('.monaco-editor .monaco-hover')]
    .some((h) => h.offsetParent !== null && !h.classList.contains('hidden')), null, { timeout: 5000 }).catch(() => {});
}

/** Run a command from the Command Palette (F1) by its full label, e.g. "Corroborate: Show Sources". */
export async function runCommand(page, label, { timeout = 15_000 } = {}) {
  await page.keyboard.press('F1');
  const input = quickInput(page);
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: label }) }).first();
  await row.waitFor({ timeout });
  await row.click();
}

/**
 * Pick a colour theme the way a person does ("Preferences: Color Theme", type
 * its label, Enter) and wait until the workbench wears it. `file` is the
 * theme's file stem (e.g. "light_modern"), which the workbench puts in its class.
 */
export async function setColorTheme(page, label, file, { timeout = 20_000 } = {}) {
  await runCommand(page, 'Preferences: Color Theme', { timeout });
  const input = quickInput(page);
  await input.fill(label);
  await page.locator('.quick-input-list .monaco-list-row.focused .label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .first().waitFor({ timeout });
  await page.keyboard.press('Enter');
  await quickInputClosed(page, { timeout });
  await page.waitForFunction((file) => new RegExp(`\\bvscode-theme-[\\w-]*${file}-json\\b`).test(document.querySelector('.monaco-workbench').className), file, { timeout });
}

/** Rows of the open quick pick: [{ label, description, detail, focused }]. */
export async function readQuickPick(page, { minRows = 1, timeout = 15_000 } = {}) {
  await page.waitForFunction((n) => document.querySelectorAll('.quick-input-widget:not([style*="display: none"]) .quick-input-list .monaco-list-row').length >= n,
    minRows, { timeout });
  await settleAnimations(page, '.quick-input-widget');
  return page.locator('.quick-input-list .monaco-list-row').evaluateAll((rows) => rows.map((r) => ({
    label: r.querySelector('.label-name')?.textContent?.trim() ?? '',
    description: r.querySelector('.label-description')?.textContent?.trim() ?? '',
    detail: r.querySelector('.quick-input-list-label-meta, .monaco-icon-label-container + * , .quick-input-list-detail')?.textContent?.trim() ?? '',
    text: r.innerText.replace(/\s+/g, ' ').trim(),
    focused: r.classList.contains('focused'),
  })));
}

/** Wait until the quick input is closed. */
export async function quickInputClosed(page, { timeout = 15_000 } = {}) {
  await quickInput(page).waitFor({ state: 'hidden', timeout });
}

/** Text of the status bar entry matching `pattern` (string or RegExp), waiting for it. */
export async function statusBarText(page, pattern, { timeout = 60_000 } = {}) {
  const src = pattern instanceof RegExp ? pattern.source : pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const flags = pattern instanceof RegExp ? pattern.flags : '';
  const handle = await page.waitForFunction(([src, flags]) => {
    const re = new RegExp(src, flags);
    for (const el of document.querySelectorAll('.statusbar .statusbar-item')) {
      const t = el.innerText.replace(/\s+/g, ' ').trim();
      if (re.test(t)) return t;
    }
    return null;
  }, [src, flags], { timeout });
  return handle.jsonValue();
}

/** Wait until no visible status bar entry matches `pattern` (a RegExp). */
export async function statusBarGone(page, pattern, { timeout = 30_000 } = {}) {
  await page.waitForFunction(([src, flags]) => {
    const re = new RegExp(src, flags);
    return ![...document.querySelectorAll('.statusbar .statusbar-item')]
      .some((el) => el.offsetParent !== null && re.test(el.innerText.replace(/\s+/g, ' ').trim()));
  }, [pattern.source, pattern.flags], { timeout });
}

/**
 * Open the Outline view and return its rendered rows' text once at least
 * `minRows` are listed and (if given) one matches `expect` (a RegExp). The
 * Outline follows the cursor, so put the cursor on a statement first to have
 * its row revealed.
 */
export async function readOutline(page, { minRows = 1, expect, timeout = 20_000 } = {}) {
  await runCommand(page, 'Explorer: Focus on Outline View');
  const handle = await page.waitForFunction(([n, src, flags]) => {
    const pane = [...document.querySelectorAll('.pane')].find((p) => /outline/i.test(p.querySelector('.pane-header')?.textContent ?? ''));
    if (!pane) return null;
    const rows = [...pane.querySelectorAll('.monaco-list-row')].map((r) => r.innerText.replace(/\s+/g, ' ').trim()).filter(Boolean);
    if (rows.length < n) return null;
    if (src && !rows.some((r) => new RegExp(src, flags).test(r))) return null;
    return rows;
  }, [minRows, expect?.source ?? null, expect?.flags ?? ''], { timeout });
  return handle.jsonValue();
}

/** Drag the sash between the side bar and the editor so the side bar is `width` px wide. */
export async function resizeSidebar(page, width) {
  const sidebar = page.locator('.part.sidebar');
  const box = await sidebar.boundingBox();
  if (!box) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width - 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction((w) => Math.abs(document.querySelector('.part.sidebar').getBoundingClientRect().width - w) < 40, width - 0, { timeout: 5000 });
}

/** Collapse or expand a side bar pane by its title (e.g. the workspace folder in the Explorer). */
export async function setPaneExpanded(page, title, expanded) {
  const header = page.locator('.pane-header', { hasText: title }).first();
  if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
  await page.waitForFunction(([t, e]) => [...document.querySelectorAll('.pane-header')]
    .some((h) => h.textContent.toLowerCase().includes(t.toLowerCase()) && h.getAttribute('aria-expanded') === String(e)), [title, expanded], { timeout: 5000 });
}

/** Count of rendered decorations / semantic-token spans of a class in the active editor. */
export async function countInEditor(page, selector) {
  return activeEditor(page).locator(selector).count();
}

let warnedNoPngquant = false;

/**
 * Save a PNG of the page (into SHOTS unless `name` is absolute). Screenshots are
 * quantised with Debian's pngquant when it is installed (install-code-server.sh
 * installs it; about 40% of the size, no visible change), so the README's
 * pictures, embedded in the packaged README, keep the .vsix small. Without it
 * the screenshot is kept as taken, with one warning.
 */
export async function screenshot(page, name, { clip } = {}) {
  const path = name.startsWith('/') ? name : join(SHOTS, name.endsWith('.png') ? name : `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, clip });
  try {
    execFileSync('pngquant', ['--quality=70-95', '--skip-if-larger', '--strip', '--force', '--output', path, path], { stdio: 'ignore' });
  } catch (e) {
    // exit 98/99: no smaller result at that quality; keep the original either way.
    if (e?.code === 'ENOENT' && !warnedNoPngquant) {
      warnedNoPngquant = true;
      console.warn('[e2e] pngquant not found: screenshots kept unquantised (about 2.5x larger; the README pictures then bring the .vsix close to its 2 MB limit). apt-get install pngquant');
    }
  }
  return path;
}

/** Extension host log text (activation, errors) from the server's user-data dir. */
export function extensionHostLog(userDataDir) {
  const logs = join(userDataDir, 'logs');
  let out = '';
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/exthost|remoteexthost|Corroborate/i.test(p) && e.name.endsWith('.log')) out += `\n== ${p}\n` + readFileSync(p, 'utf8');
    }
  };
  walk(logs);
  return out;
}

/**
 * Run extension-host integration tests inside code-server's remote Node
 * extension host (the @vscode/test-electron contract: the module's run()
 * returns a Promise; reject = failure). Uses a fresh page because the exposed
 * functions must exist before the workbench loads.
 * Returns { exitCode, logs, ms }.
 */
export async function runExtensionTests(context, serverUrl, { folder, extensionTestsPath, extensionDevelopmentPath = REPO, timeout = 180_000, onLog } = {}) {
  const page = await context.newPage();
  const logs = [];
  let finish;
  const finished = new Promise((r) => { finish = r; });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = `${type}: ${(args ?? []).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`;
    logs.push(line);
    onLog?.(line);
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish(code));
  const t0 = Date.now();
  await page.goto(workbenchUrl(serverUrl, folder, { extensionDevelopmentPath, extensionTestsPath }));
  let timer;
  try {
    const exitCode = await Promise.race([finished, new Promise((_, rej) => {
      timer = setTimeout(() => rej(new Error(`extension tests did not finish in ${timeout} ms:\n${logs.join('\n')}`)), timeout);
    })]);
    return { exitCode, logs, ms: Date.now() - t0 };
  } finally {
    clearTimeout(timer);
    await page.close().catch(() => {});
  }
}
