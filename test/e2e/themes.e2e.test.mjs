// Theme check: seed 000 in Dark Modern, Light Modern and both high-contrast
// themes. In each, quotes and claims must look different from each other and
// from the conflict colour (the only red/orange), and corroborated statements
// keep their blue underline. Screenshots: docs/images/theme-*.png with
// `npm run screenshots` (README: theme-light.png, theme-dark.png).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as H from './harness.mjs';

const SEED_000 = '000_467a02d64a99aa07.txt';
// A word inside the Sibghat Ahmadi quote, and one inside the claim that opens the article.
const IN_QUOTE = 'definitely';
const IN_CLAIM = 'rejected';

const THEMES = [
  { label: 'Light Modern', file: 'light_modern', shot: 'theme-light.png', light: true },
  { label: 'Dark High Contrast', file: 'hc_black', shot: 'theme-hc-dark.png', light: false },
  { label: 'Light High Contrast', file: 'hc_light', shot: 'theme-hc-light.png', light: true },
  { label: 'Dark Modern', file: 'dark_modern', shot: 'theme-dark.png', light: false },
];

/** 'rgb(1, 2, 3)' / 'rgba(..)' / '#rrggbb[aa]' → { h (0-360), s (0-1), l (0-1) }. */
function hsl(css) {
  const s = css.trim();
  let rgb;
  const hex = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(s);
  if (hex) rgb = [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16));
  else rgb = (/rgba?\(([^)]+)\)/.exec(s)?.[1] ?? '').split(',').slice(0, 3).map(Number);
  if (rgb.length !== 3 || rgb.some((v) => !Number.isFinite(v))) throw new Error(`not a colour: "${css}"`);
  const [r, g, b] = rgb.map((v) => v / 255);
  const max = Math.max(r, g, b), min = Math.min(r, g, b), l = (max + min) / 2, d = max - min;
  if (d === 0) return { h: 0, s: 0, l };
  const sat = d / (1 - Math.abs(2 * l - 1));
  const h = max === r ? ((g - b) / d + 6) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return { h: h * 60, s: sat, l };
}
/** WCAG relative luminance (0 black .. 1 white) of an opaque CSS colour. */
function luminance(css) {
  const s = css.trim();
  const hex = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(s);
  const rgb = hex ? [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16))
    : (/rgba?\(([^)]+)\)/.exec(s)?.[1] ?? '').split(',').slice(0, 3).map(Number);
  if (rgb.length !== 3 || rgb.some((v) => !Number.isFinite(v))) throw new Error(`not a colour: "${css}"`);
  const [r, g, b] = rgb.map((v) => { const c = v / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const isRedOrOrange = (c) => { const { h, s } = hsl(c); return s > 0.25 && (h < 45 || h > 330); };
const isBlue = (c) => { const { h, s } = hsl(c); return s > 0.25 && h >= 185 && h <= 250; };

describe('statement marks in light, dark and high-contrast themes', () => {
  let wb, server, browser, page, ws;

  beforeAll(async () => {
    ws = H.copySeeds();
    wb = await H.openWorkbenchOn(ws.dir);
    ({ server, browser, page } = wb);
    await H.openFile(page, SEED_000);
    await H.statusBarText(page, /Corroborate: \d+ sources|Story: .+ · \d+ sources/);
    await H.waitForText(page, IN_QUOTE);
  });

  afterAll(async () => {
    await wb?.close();
    ws?.cleanup();
  });

  /** Computed style of the rendered token holding `word`, and the theme's Corroborate colours. */
  const probe = (word) => page.evaluate((word) => {
    const span = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line span > span')]
      .find((s) => s.textContent.replace(/\u00a0/g, ' ').includes(word));
    const wb = getComputedStyle(document.querySelector('.monaco-workbench'));
    const mark = document.querySelector('.editor-group-container.active .monaco-editor .view-overlays [class*="ced-"]');
    return span && {
      color: getComputedStyle(span).color,
      fontStyle: getComputedStyle(span).fontStyle,
      corroborated: wb.getPropertyValue('--vscode-corroborate-corroboratedUnderline'),
      conflict: wb.getPropertyValue('--vscode-corroborate-conflictUnderline'),
      editorForeground: wb.getPropertyValue('--vscode-editor-foreground'),
      markBorder: mark ? getComputedStyle(mark).borderBottomColor : '',
      // what is painted behind the text: the editor's background layer and the workbench itself
      editorBackground: getComputedStyle(document.querySelector('.editor-group-container.active .monaco-editor .monaco-editor-background')).backgroundColor,
      editorBackgroundVar: wb.getPropertyValue('--vscode-editor-background'),
      workbenchBackground: wb.backgroundColor,
      workbenchColor: wb.color,
    };
  }, word);

  /**
   * Mean luminance (0..1) of the editor and of the side bar in the saved picture
   * itself (decoded by the page), so what the README shows is checked, not only
   * the styles the picture was meant to have.
   */
  const pictureLuminance = (path) => page.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const scale = bitmap.width / window.innerWidth;
    const lin = (v) => { const c = v / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    const mean = (selector) => {
      const r = document.querySelector(selector).getBoundingClientRect();
      const { data } = ctx.getImageData(Math.round(r.x * scale), Math.round(r.y * scale), Math.round(r.width * scale), Math.round(r.height * scale));
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += 0.2126 * lin(data[i]) + 0.7152 * lin(data[i + 1]) + 0.0722 * lin(data[i + 2]);
      return sum / (data.length / 4);
    };
    return { editor: mean('.editor-group-container.active .monaco-editor'), sideBar: mean('.part.sidebar') };
  }, readFileSync(path).toString('base64'));

  for (const theme of THEMES) {
    it(`${theme.label}: quotes are italic and not red, claims upright, corroborated blue, conflict red`, async () => {
      await H.setColorTheme(page, theme.label, theme.file);
      // the tokens are re-rendered with the new theme's rules
      await page.waitForFunction((word) => {
        const span = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line span > span')]
          .find((s) => s.textContent.replace(/\u00a0/g, ' ').includes(word));
        return span && getComputedStyle(span).fontStyle === 'italic' &&
          document.querySelector('.editor-group-container.active .monaco-editor .view-overlays [class*="ced-"]');
      }, IN_QUOTE, { timeout: 20_000 }).catch(() => {}); // the assertions below say what is missing
      const quote = await probe(IN_QUOTE);
      const claim = await probe(IN_CLAIM);
      const where = `${theme.label}: quote ${JSON.stringify(quote)}, claim ${JSON.stringify(claim)}`;
      expect(quote, where).toBeTruthy();
      expect(claim, where).toBeTruthy();
      expect(quote.fontStyle, where).toBe('italic');
      expect(claim.fontStyle, where).toBe('normal');
      expect(isRedOrOrange(quote.color), `quote text is red/orange, like a conflict: ${where}`).toBe(false);
      expect(isRedOrOrange(claim.color), where).toBe(false);
      expect(isRedOrOrange(quote.conflict), `conflict colour: ${where}`).toBe(true);
      expect(isBlue(quote.corroborated), `corroborated colour: ${where}`).toBe(true);
      expect(isBlue(quote.markBorder), `drawn underline: ${where}`).toBe(true);
      // the whole workbench follows the theme, not only our colours: light themes paint
      // light backgrounds with dark text, dark themes the reverse
      const light = (c) => luminance(c) > 0.5;
      expect(light(quote.editorBackground), `editor background: ${where}`).toBe(theme.light);
      expect(light(quote.workbenchBackground), `workbench background: ${where}`).toBe(theme.light);
      expect(light(quote.workbenchColor), `workbench text: ${where}`).toBe(!theme.light);
      expect(light(quote.color), `quote text: ${where}`).toBe(!theme.light);
      await page.mouse.move(2, 450); // no hover in the picture
      const shot = await H.screenshot(page, theme.shot);
      const picture = await pictureLuminance(shot);
      expect(picture.editor > 0.5, `editor in ${shot}: mean luminance ${picture.editor.toFixed(3)}`).toBe(theme.light);
      expect(picture.sideBar > 0.5, `side bar in ${shot}: mean luminance ${picture.sideBar.toFixed(3)}`).toBe(theme.light);
    });
  }
});
