// Protocol tests: spawn `node dist/server.js --stdio` and talk LSP to it the
// way an editor does, on a temporary copy of seeds/ (npm test builds first).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspHarness, offsetOf, positionOf } from '../tools/lspHarness';
import { formatScore } from '../server/src/lsp/format';
import { semanticTokensLegend } from '../server/src/lsp/protocol';
import { offsetOf as indexOfText } from './helpers';

const root = path.resolve(__dirname, '..');
const serverJs = path.join(root, 'dist/server.js');
const seedNames = ['000_467a02d64a99aa07.txt', '001_1daa2546301c4f28.txt', '002_926b0ccb0c4bc0b4.txt', '003_2847c147cfa7078d.txt', '004_f6f8265c106e9b28.txt'];
const QUOTE = 'The peace process definitely';

let dir: string;
let h: LspHarness;
const file = (name: string) => path.join(dir, 'articles', name);
const uri = (name: string) => pathToFileURL(file(name)).href;
const text = (name: string) => readFileSync(file(name), 'utf8');
let sources: Record<string, string> = {};
/** What the harness answers to workspace/configuration (mutated by the settings test). */
const settings: Record<string, unknown> = { flagSingleSource: false, maxFileSize: 200_000, codeLens: { enabled: true } };

async function hoverText(name: string, pos: { line: number; character: number }): Promise<string> {
  const res = await h.request('textDocument/hover', { textDocument: { uri: uri(name) }, position: pos });
  return res?.contents?.value ?? '';
}

/** What a hover line shows once rendered: link text without the target, no emphasis marks or escapes. */
function visibleText(md: string): string {
  return md
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|~~/g, '')
    .replace(/(^|\s)_|_(\s|$)/g, '$1$2')
    .replace(/\\(.)/g, '$1')
    .replace(/^> /, '');
}

/** Lines a paragraph takes when word-wrapped at `width` characters (a 500 px hover holds about 76). */
function wrappedLines(text: string, width = 76): number {
  let lines = 0;
  let col = 0;
  for (const w of text.split(/\s+/).filter(Boolean)) {
    if (!lines || col + 1 + w.length > width) {
      lines++;
      col = w.length;
    } else col += 1 + w.length;
  }
  return lines;
}

/** Document symbols flattened depth-first, each with its parent. */
function flattenSymbols(list: any[], parent: any = null, out: { sym: any; parent: any; siblings: any[] }[] = []) {
  for (const sym of list) {
    out.push({ sym, parent, siblings: list });
    flattenSymbols(sym.children ?? [], sym, out);
  }
  return out;
}

const posLe = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
const rangeInside = (inner: any, outer: any) => posLe(outer.start, inner.start) && posLe(inner.end, outer.end);

function decodeTokens(data: number[]) {
  const out: { line: number; char: number; length: number; type: string; mods: string[] }[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
    out.push({
      line,
      char,
      length: data[i + 2],
      type: semanticTokensLegend.tokenTypes[data[i + 3]],
      mods: semanticTokensLegend.tokenModifiers.filter((_, b) => data[i + 4] & (1 << b)),
    });
  }
  return out;
}

beforeAll(async () => {
  expect(existsSync(serverJs), 'dist/server.js (run npm run build)').toBe(true);
  dir = mkdtempSync(path.join(tmpdir(), 'corroborate-server-'));
  mkdirSync(path.join(dir, 'articles'));
  for (const n of seedNames) cpSync(path.join(root, 'seeds', n), file(n));
  // A binary file matching the include glob, and an excluded directory.
  writeFileSync(file('zz_binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0, 0, 0, 0x08, 0, 0xff, 0xfe]));
  // Over the size limit (set to 200 KB below), and Latin-1 bytes (invalid UTF-8).
  writeFileSync(file('zz_big.txt'), 'The committee said the budget was approved on Tuesday.\n\n'.repeat(5000));
  writeFileSync(file('zz_latin1.txt'), Buffer.from('Caf\xe9 owners said the new rules would take effect in March.\n', 'latin1'));
  mkdirSync(path.join(dir, 'node_modules'));
  cpSync(path.join(root, 'seeds', seedNames[0]), path.join(dir, 'node_modules', 'copy.txt'));
  h = LspHarness.start(serverJs, settings);
  const init = await h.initialize(dir);
  expect(init.capabilities.semanticTokensProvider.legend).toEqual(semanticTokensLegend);
  await h.waitIdle(0, 60_000);
  const summary = await h.request('corroborate/corpusSummary', {});
  sources = Object.fromEntries(summary.documents.map((d: any) => [path.basename(new URL(d.uri).pathname), d.source]));
}, 90_000);

afterAll(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('language server over stdio', () => {
  it('indexes the workspace with work-done progress and status notifications', async () => {
    const kinds = h.events.filter((e) => e.kind === 'progress').map((e) => e.params.value.kind);
    expect(kinds[0]).toBe('begin');
    expect(kinds).toContain('end');
    const idle = h.events.filter((e) => e.kind === 'status' && e.params.state === 'idle').pop()!;
    expect(idle.params.documents).toBe(6);
    expect(idle.params.statements).toBeGreaterThan(10);
    const summary = await h.request('corroborate/corpusSummary', {});
    expect(summary.indexing).toBe(false);
    expect(summary.documents.map((d: any) => path.basename(new URL(d.uri).pathname)).sort()).toEqual([...seedNames, 'zz_latin1.txt']);
    // The three Afghan-talks articles have distinct source labels for the hover to name.
    expect(new Set([sources[seedNames[0]], sources[seedNames[1]], sources[seedNames[2]]]).size).toBe(3);
  });

  it('skips the binary and the oversized file with a message, decodes invalid UTF-8 with a warning, keeps answering', async () => {
    const logs = h.events.filter((e) => e.kind === 'log').map((e) => e.params.message as string);
    expect(logs.some((m) => m.includes('zz_binary.txt') && /binary/i.test(m))).toBe(true);
    expect(logs.filter((m) => m.includes('zz_big.txt') && /maxFileSize/.test(m)).length).toBe(1);
    const shown = h.events.filter((e) => e.kind === 'showMessage').map((e) => e.params.message as string);
    expect(shown.filter((m) => /maxFileSize/.test(m)).length).toBe(1);
    expect(logs.some((m) => m.includes('zz_latin1.txt') && /UTF-8/.test(m))).toBe(true);
    const latin = await h.request('corroborate/documentStatements', { uri: uri('zz_latin1.txt') });
    expect(latin.statements.map((x: any) => x.text).join(' ')).toContain('Caf\ufffd owners');
    expect(await h.request('textDocument/hover', { textDocument: { uri: uri('zz_binary.txt') }, position: { line: 0, character: 1 } })).toBeNull();
    expect(await h.request('textDocument/documentSymbol', { textDocument: { uri: uri('nope.txt') } })).toEqual([]);
    const st = await h.request('corroborate/documentStatements', { uri: uri('zz_binary.txt') });
    expect(st.statements).toEqual([]);
  });

  it('returns per-line semantic tokens for 000, the quote marked corroborated', async () => {
    const t = text(seedNames[0]);
    const lines = t.split('\n');
    const res = await h.request('textDocument/semanticTokens/full', { textDocument: { uri: uri(seedNames[0]) } });
    const tokens = decodeTokens(res.data);
    expect(tokens.length).toBeGreaterThan(3);
    for (const tok of tokens) expect(tok.char + tok.length).toBeLessThanOrEqual(lines[tok.line].length);
    const q = positionOf(t, t.indexOf(QUOTE));
    const hit = tokens.find((k) => k.line === q.line && k.char <= q.character && q.character < k.char + k.length);
    expect(hit?.type).toBe('quote');
    expect(hit?.mods).toContain('corroborated');
    expect(tokens.some((k) => k.type === 'claim')).toBe(true);
    // Range request: only tokens on the requested line.
    const ranged = decodeTokens((await h.request('textDocument/semanticTokens/range', { textDocument: { uri: uri(seedNames[0]) }, range: { start: { line: q.line, character: 0 }, end: { line: q.line, character: 1 } } })).data);
    expect(ranged.length).toBeGreaterThan(0);
    expect(ranged.every((k) => k.line === q.line)).toBe(true);
  });

  it('hovers the Sibghat Ahmadi quote in 000 naming the sources of 001 and 002', async () => {
    const t = text(seedNames[0]);
    const md = await hoverText(seedNames[0], positionOf(t, t.indexOf(QUOTE) + 5));
    expect(md).toMatch(/\*\*Quote\*\*/);
    expect(md).toMatch(/Sibghat Ahmadi/);
    expect(md).toMatch(/Reported by [3-5] of 5 sources/);
    expect(md).toContain(sources[seedNames[1]]);
    expect(md).toContain(sources[seedNames[2]]);
    expect(md).toMatch(/\]\(file:\/\/.*#L\d+,\d+\)/);
  });

  it('goes to the matching passage in another seed; references cover both', async () => {
    const t = text(seedNames[0]);
    const pos = positionOf(t, t.indexOf(QUOTE) + 5);
    const def = await h.request('textDocument/definition', { textDocument: { uri: uri(seedNames[0]) }, position: pos });
    const target = [seedNames[1], seedNames[2]].find((n) => uri(n) === def?.uri);
    expect(target).toBeDefined();
    const other = text(target!);
    const passage = other.slice(offsetOf(other, def.range.start), offsetOf(other, def.range.end));
    expect(passage).toContain('peace process definitely needs');
    const refs: any[] = await h.request('textDocument/references', { textDocument: { uri: uri(seedNames[0]) }, position: pos, context: { includeDeclaration: false } });
    const uris = refs.map((r) => r.uri);
    expect(uris).toContain(uri(seedNames[1]));
    expect(uris).toContain(uri(seedNames[2]));
    expect(uris).not.toContain(uri(seedNames[0]));
  });

  it('outline, code lens, inlay hints and documentStatements agree', async () => {
    const syms: any[] = await h.request('textDocument/documentSymbol', { textDocument: { uri: uri(seedNames[0]) } });
    const sym = syms.find((s) => s.name.startsWith('“The peace process') || s.name.includes(QUOTE));
    expect(sym?.detail).toMatch(/Sibghat Ahmadi · [3-5] of 5 sources/);
    const lenses: any[] = await h.request('textDocument/codeLens', { textDocument: { uri: uri(seedNames[0]) } });
    expect(lenses.some((l) => l.range.start.line === sym.range.start.line && /^\d of 5 sources/.test(l.command.title))).toBe(true);
    const hints: any[] = await h.request('textDocument/inlayHint', { textDocument: { uri: uri(seedNames[0]) }, range: { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } } });
    expect(hints.some((x) => x.position.line === sym.range.end.line && /sources/.test(x.label))).toBe(true);
    const st = await h.request('corroborate/documentStatements', { uri: uri(seedNames[0]) });
    const s = st.statements.find((x: any) => x.text.includes(QUOTE));
    expect(s.kind).toBe('quote');
    expect(s.matches.map((m: any) => m.uri)).toEqual(expect.arrayContaining([uri(seedNames[1]), uri(seedNames[2])]));
    const ws: any[] = await h.request('workspace/symbol', { query: 'sibghat' });
    expect(ws.length).toBeGreaterThan(0);
    expect(ws.every((x) => /sibghat/i.test(x.containerName) || /sibghat/i.test(x.name))).toBe(true);
  });

  it('hover cards of statements with 3+ sources: one header line per source with its speaker, a percent score, and a short passage', async () => {
    let cards = 0;
    for (const name of seedNames) {
      const t = text(name);
      const st = await h.request('corroborate/documentStatements', { uri: uri(name) });
      for (const s of st.statements) {
        if (new Set(s.matches.map((m: any) => m.uri)).size < 2) continue;
        cards++;
        const md = await hoverText(name, positionOf(t, indexOfText(t, s.text) + 1));
        const [head, ...entries] = md.split('\n---\n');
        expect(head).toMatch(/Reported by [3-9] of \d+ sources/);
        expect(md, 'scores are shown as percentages').not.toMatch(/\b[01]\.\d\d\b/);
        expect(entries.length).toBe(s.matches.length);
        let lines = head.split('\n').filter((l) => l.trim()).reduce((n, l) => n + wrappedLines(visibleText(l)), 0);
        for (const [i, m] of s.matches.entries()) {
          // Entries come in the order of the statement's matches, each linking to its passage.
          const entry = entries[i];
          expect(entry).toContain(`${m.uri}#L${m.range.start.line + 1},${m.range.start.character + 1}`);
          const [header, ...rest] = entry!.split('\n').filter((l) => l.trim());
          const shown = visibleText(header);
          expect(shown).toContain(m.source.length <= 60 ? m.source : m.source.slice(0, 40));
          expect(shown).toContain(` · ${m.relation} · ${formatScore(m.score)}`);
          // The other source's own attribution, read from that document's statement.
          const other = (await h.request('corroborate/documentStatements', { uri: m.uri })).statements.find((x: any) => x.range.start.line === m.range.start.line && x.range.start.character === m.range.start.character);
          expect(other).toBeDefined();
          if (other.speaker) expect(shown).toContain(other.speaker.slice(0, 30));
          else if (other.kind === 'quote') expect(shown).toContain('no speaker');
          // The passage: at most 22 words of the other text, and the whole entry within 4 wrapped lines.
          const passage = visibleText(rest.find((l) => l.startsWith('> '))!);
          expect(passage.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length, passage).toBeLessThanOrEqual(22);
          const entryLines = [header, ...rest].reduce((n, l) => n + wrappedLines(visibleText(l)), 0);
          expect(entryLines, `entry too tall:\n${entry}`).toBeLessThanOrEqual(4);
          lines += entryLines + 1; // the rule between entries
        }
        // About 20 px a line: the card fits a 500 px hover without scrolling.
        expect(lines, md).toBeLessThanOrEqual(24);
      }
    }
    expect(cards).toBeGreaterThanOrEqual(5);
  });

  it('the hover passage keeps the shared words and marks what was left out', async () => {
    const t = text(seedNames[0]);
    const md = await hoverText(seedNames[0], positionOf(t, indexOfText(t, QUOTE) + 5));
    const tolo = md.split('\n---\n').find((e) => e.includes(sources[seedNames[2]]))!;
    // 002 opens the quote with a sentence 000 lacks: only its last words are kept, after a "…".
    expect(tolo).toMatch(/> … \*\*/);
    expect(tolo).toContain('peace process definitely');
    expect(tolo).toContain('Moscow talks');
    expect(tolo).not.toContain('Any regional consensus');
  });

  it('puts the "N sources" hint after the sentence, not between a quote and its attribution', async () => {
    const t = text(seedNames[0]);
    const quoteEnd = indexOfText(t, 'that end,”') + 'that end,”'.length;
    const sentenceEnd = indexOfText(t, 'spokesman said.', 1) + 'spokesman said.'.length;
    expect(t.slice(quoteEnd, sentenceEnd)).toBe(' the US State Department spokesman said.');
    const all = { start: { line: 0, character: 0 }, end: { line: 9999, character: 0 } };
    const hints: any[] = await h.request('textDocument/inlayHint', { textDocument: { uri: uri(seedNames[0]) }, range: all });
    const line = positionOf(t, quoteEnd).line;
    const onLine = hints.filter((x) => x.position.line === line);
    expect(onLine.map((x) => x.position)).toEqual([positionOf(t, sentenceEnd)]);
    // Every hint in every seed ends a sentence: the line ends there or a new sentence starts.
    let merged = 0;
    for (const name of seedNames) {
      const tn = text(name);
      const lines = tn.split('\n');
      const hs: any[] = await h.request('textDocument/inlayHint', { textDocument: { uri: uri(name) }, range: all });
      expect(new Set(hs.map((x) => `${x.position.line}:${x.position.character}`)).size, 'one hint per place').toBe(hs.length);
      for (const x of hs) {
        const before = lines[x.position.line].slice(0, x.position.character);
        const after = lines[x.position.line].slice(x.position.character);
        // Mid-line, it follows a sentence's final punctuation and a new sentence starts after it.
        if (after.trim()) {
          expect(before, `hint in ${name} line ${x.position.line + 1}`).toMatch(/[.!?…]["”’')\]]*$/);
          expect(after, `hint in ${name} before "${after.slice(0, 30)}"`).toMatch(/^\s+["“‘(\p{Lu}\p{N}]/u);
        }
        if (Array.isArray(x.label)) {
          merged++;
          expect(x.label.map((p: any) => p.value).join('')).toMatch(/^(quote|claim): \d+ of 5 sources.*\| (quote|claim): \d+ of 5 sources/);
        }
      }
    }
    // 001's "… “decided against attending …”, adding that they will “hold direct talks” …" sentence has several.
    expect(merged).toBeGreaterThan(0);
  });

  it('Outline symbols cover the whole statement with its attribution; selection is its first words; ranges nest', async () => {
    const t = text(seedNames[0]);
    const syms: any[] = await h.request('textDocument/documentSymbol', { textDocument: { uri: uri(seedNames[0]) } });
    const flat = flattenSymbols(syms);
    const quoteStart = indexOfText(t, '“unlikely to yield');
    const quote = flat.find((x) => x.sym.selectionRange.start.line === positionOf(t, quoteStart).line && x.sym.selectionRange.start.character === positionOf(t, quoteStart).character);
    expect(quote, 'the “unlikely to yield …” quote').toBeDefined();
    const sentenceEnd = indexOfText(t, 'spokesman said.') + 'spokesman said.'.length;
    expect(quote!.sym.range).toEqual({ start: positionOf(t, quoteStart), end: positionOf(t, sentenceEnd) });
    expect(quote!.sym.selectionRange).toEqual({ start: positionOf(t, quoteStart), end: positionOf(t, quoteStart + '“unlikely to yield any progress'.length) });
    // It sits inside its sentence's claim ("Based on previous …"), which is its parent.
    expect(quote!.parent?.range.start).toEqual(positionOf(t, indexOfText(t, 'Based on previous Russia-led')));
    // The Sibghat Ahmadi quote reaches to the end of "said MoFA deputy spokesman Sibghat Ahmadi."
    const sib = flat.find((x) => x.sym.name.includes('The peace process definitely'))!;
    expect(sib.sym.range.end).toEqual(positionOf(t, indexOfText(t, 'Sibghat Ahmadi.') + 'Sibghat Ahmadi.'.length));
    // The deepest symbol around a word of the attribution is the quote: the Outline follows the cursor there.
    const cursor = positionOf(t, indexOfText(t, 'State Department spokesman said.'));
    const deepest = flat.filter((x) => posLe(x.sym.range.start, cursor) && posLe(cursor, x.sym.range.end)).pop();
    expect(deepest?.sym).toBe(quote!.sym);
    for (const name of seedNames) {
      const all = flattenSymbols(await h.request('textDocument/documentSymbol', { textDocument: { uri: uri(name) } }));
      const st = await h.request('corroborate/documentStatements', { uri: uri(name) });
      expect(all.length).toBe(st.statements.length);
      for (const s of st.statements) expect(all.some((x) => rangeInside(s.range, x.sym.range) && posLe(x.sym.selectionRange.start, s.range.start) && posLe(s.range.start, x.sym.selectionRange.start))).toBe(true);
      for (const { sym, parent, siblings } of all) {
        expect(rangeInside(sym.selectionRange, sym.range)).toBe(true);
        if (parent) expect(rangeInside(sym.range, parent.range)).toBe(true);
        const i = siblings.indexOf(sym);
        if (i > 0) expect(posLe(siblings[i - 1].range.end, sym.range.start), `${name}: "${sym.name}" overlaps the symbol before it`).toBe(true);
      }
    }
  });

  it('an edit deleting the quote from 000 removes 000 from the hover in 001', async () => {
    const t0 = text(seedNames[0]);
    const t1 = text(seedNames[1]);
    const in001 = positionOf(t1, t1.indexOf(QUOTE) + 5);
    expect(await hoverText(seedNames[1], in001)).toContain(sources[seedNames[0]]);
    await h.notify('textDocument/didOpen', { textDocument: { uri: uri(seedNames[0]), languageId: 'plaintext', version: 1, text: t0 } });
    // Delete the quote with its attribution, and the paragraph before it that reports the
    // same announcement in 000's own words (the MoFA paraphrase also matches 001's quote).
    // 000 prints its body twice (the core ignores the copy as a duplicate), so delete the
    // passage in both copies: two incremental changes, the later range first.
    const blocks: { start: number; end: number }[] = [];
    for (let from = 0; ; ) {
      const start = t0.indexOf('This comes after the Afghan Ministry', from);
      if (start < 0) break;
      const end = t0.indexOf('\n', t0.indexOf(QUOTE, start));
      expect(end).toBeGreaterThan(start);
      blocks.push({ start, end });
      from = end;
    }
    expect(blocks.length).toBeGreaterThan(0);
    const mark = h.mark;
    await h.notify('textDocument/didChange', {
      textDocument: { uri: uri(seedNames[0]), version: 2 },
      contentChanges: blocks.reverse().map((b) => ({ range: { start: positionOf(t0, b.start), end: positionOf(t0, b.end) }, text: '' })),
    });
    // Re-analysis after the debounce ends with a semantic-tokens refresh.
    await h.waitFor((e) => e.kind === 'refresh' && e.params.method === 'workspace/semanticTokens/refresh', mark, 10_000);
    const md = await hoverText(seedNames[1], in001);
    expect(md).toContain(sources[seedNames[2]]);
    expect(md).not.toContain(sources[seedNames[0]]);
    // The open (edited) document overrides the disk copy: 000's tokens no longer contain the quote line.
    const st = await h.request('corroborate/documentStatements', { uri: uri(seedNames[0]) });
    expect(st.statements.some((s: any) => s.text.includes(QUOTE))).toBe(false);
    // Closing reverts to the disk copy.
    const mark2 = h.mark;
    await h.notify('textDocument/didClose', { textDocument: { uri: uri(seedNames[0]) } });
    await h.waitFor((e) => e.kind === 'refresh', mark2, 10_000);
    expect(await hoverText(seedNames[1], in001)).toContain(sources[seedNames[0]]);
  });

  it('a file deleted from disk disappears from hovers', async () => {
    const t1 = text(seedNames[1]);
    const in001 = positionOf(t1, t1.indexOf(QUOTE) + 5);
    expect(await hoverText(seedNames[1], in001)).toContain(sources[seedNames[2]]);
    unlinkSync(file(seedNames[2]));
    const mark = h.mark;
    await h.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(seedNames[2]), type: 3 }] });
    await h.waitIdle(mark, 10_000);
    const md = await hoverText(seedNames[1], in001);
    expect(md).toContain(sources[seedNames[0]]);
    expect(md).not.toContain(sources[seedNames[2]]);
    const summary = await h.request('corroborate/corpusSummary', {});
    expect(summary.documents.length).toBe(5);
    // And a created file comes back.
    cpSync(path.join(root, 'seeds', seedNames[2]), file(seedNames[2]));
    const mark2 = h.mark;
    await h.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(seedNames[2]), type: 1 }] });
    await h.waitIdle(mark2, 10_000);
    expect(await hoverText(seedNames[1], in001)).toContain(sources[seedNames[2]]);
  });

  it('publishes diagnostics only from source corroborate, with related information', async () => {
    const diags = h.events.filter((e) => e.kind === 'diagnostics').flatMap((e) => e.params.diagnostics);
    for (const d of diags) {
      expect(d.source).toBe('corroborate');
      expect([1, 2, 3, 4]).toContain(d.severity);
      if (d.code !== 'single-source') expect(d.relatedInformation.length).toBeGreaterThan(0);
    }
    // flagSingleSource is off in this workspace: no single-source diagnostics.
    expect(diags.some((d) => d.code === 'single-source')).toBe(false);
  });
});

describe('settings', () => {
  it('re-reads configuration: match.threshold rebuilds the corpus, flagSingleSource lists single-source statements in Problems', async () => {
    const t1 = text(seedNames[1]);
    const before = await h.request('corroborate/documentStatements', { uri: uri(seedNames[1]) });
    const scores = before.statements.flatMap((x: any) => x.matches.map((m: any) => m.score));
    expect(scores.some((x: number) => x < 0.95)).toBe(true);
    settings.match = { threshold: 0.95 };
    const mark = h.mark;
    await h.notify('workspace/didChangeConfiguration', { settings: null });
    await h.waitIdle(mark, 30_000);
    const after = await h.request('corroborate/documentStatements', { uri: uri(seedNames[1]) });
    const left = after.statements.flatMap((x: any) => x.matches.map((m: any) => m.score));
    expect(left.every((x: number) => x >= 0.95)).toBe(true);
    // Single-source statements (quotes and claims) of an open document are listed once enabled,
    // as Information: the Problems panel does not list Hint diagnostics.
    settings.flagSingleSource = true;
    await h.notify('textDocument/didOpen', { textDocument: { uri: uri(seedNames[1]), languageId: 'plaintext', version: 1, text: t1 } });
    const mark2 = h.mark;
    await h.notify('workspace/didChangeConfiguration', { settings: null });
    const ev = await h.waitFor((e) => e.kind === 'diagnostics' && e.params.uri === uri(seedNames[1]) && e.params.diagnostics.some((d: any) => d.code === 'single-source'), mark2, 10_000);
    const single = ev.params.diagnostics.filter((d: any) => d.code === 'single-source');
    // a headline no other source reports is listed, never flagged (it is never marked)
    const unlinked = after.statements.filter((x: any) => x.matches.length === 0 && x.kind !== 'headline');
    expect(unlinked.some((x: any) => x.kind === 'quote')).toBe(true);
    expect(after.statements.some((x: any) => x.matches.length === 0 && x.kind === 'headline')).toBe(true);
    expect(single.map((d: any) => JSON.stringify(d.range)).sort()).toEqual(unlinked.map((x: any) => JSON.stringify(x.range)).sort());
    for (const d of single) {
      expect(d.severity).toBe(3);
      const st = unlinked.find((x: any) => JSON.stringify(x.range) === JSON.stringify(d.range));
      expect(d.message).toMatch(new RegExp(`^Only this source reports this ${st.kind}\\b`));
      expect(t1.slice(offsetOf(t1, d.range.start), offsetOf(t1, d.range.end))).toBe(st.text);
    }
    // And they go away when the setting is turned off again.
    settings.flagSingleSource = false;
    const mark3 = h.mark;
    await h.notify('workspace/didChangeConfiguration', { settings: null });
    await h.waitFor((e) => e.kind === 'diagnostics' && e.params.uri === uri(seedNames[1]) && !e.params.diagnostics.some((d: any) => d.code === 'single-source'), mark3, 10_000);
  });
});

describe('positions and hover helpers', () => {
  it('converts offsets and LSP positions (CRLF, CR, surrogate pairs) and splits spans per line', async () => {
    const { LineIndex } = await import('../server/src/lsp/positions');
    const t = 'ab\r\n😀x\rlast';
    const li = new LineIndex(t);
    expect(li.lineCount).toBe(3);
    expect(li.positionAt(t.indexOf('x'))).toEqual({ line: 1, character: 2 });
    expect(li.offsetAt({ line: 1, character: 2 })).toBe(t.indexOf('x'));
    expect(li.positionAt(3)).toEqual({ line: 0, character: 2 }); // inside "\r\n" -> end of line 0
    expect(li.offsetAt({ line: 0, character: 99 })).toBe(2); // past the end of the line clamps
    expect(li.offsetAt({ line: 9, character: 0 })).toBe(t.length);
    expect(li.segments({ start: 1, end: t.length }).map((s) => [s.line, s.character, s.length])).toEqual([[0, 1, 1], [1, 0, 3], [2, 0, 4]]);
  });

  it.each([
    ['a quote and its attribution', '“We will win,” he said. Next one.', '“We will win,”', 'he said.'],
    ['a question answered by its attribution', '“Are you sure?” she asked. Then more.', '“Are you sure?”', 'she asked.'],
    ['a quote that ends its sentence', '“We won.” Then it rained.', '“We won.”', '“We won.”'],
    ['abbreviations inside the attribution', '“No,” the U.S. State Department spokesman Mr. Price said. Later.', '“No,”', 'Price said.'],
    ['a sentence that runs to the line end', '“No,” said Mr. Smith  \nNext line.', '“No,”', 'Mr. Smith'],
    ['a claim', 'Officials said 12 people died. Rescue went on.', 'people died.', 'people died.'],
  ])('sentenceEndAfter: %s', async (_, line, statement, endsWith) => {
    const { sentenceEndAfter } = await import('../server/src/lsp/features/lenses');
    const { TextReader } = await import('../server/src/engine/text/text');
    const buildTextModel = (text: string) => new TextReader().read(text);
    const end = indexOfText(line, statement) + statement.length;
    expect(sentenceEndAfter(line, buildTextModel(line).sentences, end)).toBe(indexOfText(line, endsWith) + endsWith.length);
  });

  it('compacts a hover passage around the shared words', async () => {
    const { compactDiff, renderDiff, wordDiff } = await import('../server/src/lsp/features/wordDiff');
    const words = (md: string) => md.replace(/\*\*|~~/g, '').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
    // A long passage both report word for word: its two ends, at most the budget.
    const long = 'The committee said on Tuesday that the budget for the coming year would be approved in full after a long debate about schools, roads and the city hospital.';
    const same = renderDiff(compactDiff([{ op: 'same', text: long }], { maxWords: 22 }));
    expect(same).toMatch(/^The committee said .* … .*city hospital\.$/);
    expect(words(same).length).toBeLessThanOrEqual(22);
    // The other passage quotes a few words of a long statement: this statement's other words are not listed as missing.
    const short = renderDiff(compactDiff(wordDiff(long, 'The budget “would be approved in full”, officials said.')));
    expect(short).not.toContain('~~The committee');
    expect(short).toContain('would be approved in full');
  });

  it('marks differing words', async () => {
    const { renderDiff, wordDiff } = await import('../server/src/lsp/features/wordDiff');
    const md = renderDiff(wordDiff('Officials said 12 people died on Monday.', 'Officials said 11 people died on Monday.'));
    expect(md).toContain('**11**');
    expect(md).toContain('~~12~~');
    expect(md).not.toContain('**Officials');
  });
});
