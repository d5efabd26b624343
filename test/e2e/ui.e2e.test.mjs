// UI end-to-end: a real VS Code workbench (code-server) in headless Chromium,
// with Corroborate loaded from this repository, driven with mouse and keyboard.
// Screenshots go to docs/images/ (CORROBORATE_SHOTS overrides).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as H from './harness.mjs';

const SEED_000 = '000_467a02d64a99aa07.txt';
const QUOTE_PHRASE = 'definitely needs to be carried out';
const STATUS_RE = /^Story: .+ · 5 sources$/; // the seeds are one story of five

describe('Corroborate in the VS Code workbench', () => {
  let wb, server, browser, page, ws;
  let sources = []; // labels of the two other sources, as the quick pick shows them
  let hover = '';

  beforeAll(async () => {
    ws = H.copySeeds();
    wb = await H.openWorkbenchOn(ws.dir);
    ({ server, browser, page } = wb);
  });

  afterAll(async () => {
    await wb?.close();
    ws?.cleanup();
  });

  const onFailure = (name, fn) => H.explainFailure(wb, name, fn);

  it('opens seed 000 via Quick Open; the status bar names its story of five sources and statements are marked', () => onFailure('open', async () => {
    await H.openFile(page, SEED_000);
    expect(await H.statusBarText(page, STATUS_RE)).toMatch(/Russia|Taliban|Afghan/);
    // the quote is rendered with Corroborate's marks: client decorations (ced-*) and/or semantic-token underline (mtku)
    await H.waitForText(page, QUOTE_PHRASE);
    await page.waitForFunction(() => document.querySelectorAll('.editor-group-container.active .monaco-editor [class*="ced-"]').length > 0, null, { timeout: 20_000 });
    expect(await H.countInEditor(page, '[class*="ced-"]')).toBeGreaterThan(0);
    expect(browser.external).toEqual([]); // loopback only
  }));

  it('hovering the Sibghat Ahmadi quote shows a card naming the other sources', () => onFailure('hover', async () => {
    await H.hoverAtText(page, QUOTE_PHRASE);
    hover = await H.readHover(page, { expect: 'Sibghat Ahmadi' });
    expect(hover).toMatch(/Sibghat Ahmadi/);
    expect(hover).toMatch(/3 of 5 sources|3 sources/);
    await H.screenshot(page, 'hover-card.png');
    await H.dismissHover(page);
  }));

  it('the editor context menu offers "Go to Corroborating Source" on a statement', () => onFailure('context-menu', async () => {
    const box = await H.clickText(page, QUOTE_PHRASE);
    await page.mouse.click(box.cx, box.cy, { button: 'right' });
    const item = page.locator('.context-view .action-item .action-label', { hasText: 'Go to Corroborating Source' });
    await item.first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.locator('.context-view .monaco-menu').waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
  }));

  it('"Corroborate: Go to Corroborating Source" from the palette lands on the passage in the other article', () => onFailure('palette', async () => {
    await H.clickText(page, QUOTE_PHRASE);
    await H.runCommand(page, 'Corroborate: Go to Corroborating Source');
    const rows = await H.readQuickPick(page, { minRows: 2 });
    expect(rows).toHaveLength(2);
    sources = rows.map((r) => r.label);
    for (const s of sources) expect(hover, `hover card should name ${s}`).toContain(s);
    expect(rows.every((r) => /verbatim|partial|paraphrase/.test(r.text))).toBe(true);
    await H.screenshot(page, 'palette-sources.png');
    await page.keyboard.press('Enter');
    await H.quickInputClosed(page);
    await page.waitForFunction((seed) => {
      const tab = document.querySelector('.editor-group-container.active .tab.active');
      return tab && tab.getAttribute('data-resource-name') !== seed;
    }, SEED_000, { timeout: 15_000 });
    const landed = await H.activeFileName(page);
    expect(landed).toMatch(/^00[12]_/);
    await H.waitForText(page, QUOTE_PHRASE);
    // the passage is selected: the selection overlay is drawn on the quote's line
    await page.waitForFunction(() => document.querySelectorAll('.editor-group-container.active .monaco-editor .selected-text').length > 0, null, { timeout: 10_000 });
    await H.screenshot(page, 'palette-navigation.png');
  }));

  it('"Corroborate: Show Sources" lists the five sources', () => onFailure('status', async () => {
    await H.runCommand(page, 'Corroborate: Show Sources');
    const rows = await H.readQuickPick(page, { minRows: 5 });
    expect(rows).toHaveLength(5);
    for (const s of sources) expect(rows.map((r) => r.label)).toContain(s);
    await H.screenshot(page, 'status-sources.png');
    await page.keyboard.press('Escape');
    await H.quickInputClosed(page);
  }));

  it('the Outline lists the statements of seed 000 with speakers and source counts', () => onFailure('outline', async () => {
    await H.openFile(page, SEED_000);
    await H.readOutline(page, { minRows: 5 });
    await H.setPaneExpanded(page, 'SEEDS', false); // give the Outline the whole side bar
    await H.resizeSidebar(page, 520);
    await H.clickText(page, QUOTE_PHRASE); // the Outline follows the cursor and reveals the quote's row
    const rows = await H.readOutline(page, { minRows: 5, expect: /Sibghat Ahmadi · 3 of 5 sources/ });
    expect(rows.find((r) => /Sibghat Ahmadi/.test(r))).toMatch(/peace process definitely/);
    await H.screenshot(page, 'outline.png');
  }));
});
