// corroborate/stories over stdio, as the editor asks it: the stories of a
// folder holding the seeds and two short stories written in storyTexts.ts,
// their articles, and a story's coverage rows with ranges that select each
// source's own passage.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspHarness, offsetOf } from '../tools/lspHarness';
import type { StoriesResult } from '../server/src/lsp/protocol';
import { seedFiles } from './helpers';
import { MADE_UP_STORIES } from './storyTexts';

const root = path.resolve(__dirname, '..');
let dir: string;
let h: LspHarness;
const fileOf = (uri: string) => path.basename(new URL(uri).pathname);
const textAt = (uri: string) => readFileSync(new URL(uri), 'utf8');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'corroborate-stories-'));
  for (const f of seedFiles()) cpSync(path.join(root, 'seeds', f), path.join(dir, f));
  for (const [f, text] of Object.entries(MADE_UP_STORIES)) writeFileSync(path.join(dir, f), text);
  h = LspHarness.start(path.join(root, 'dist/server.js'));
  await h.initialize(dir);
  await h.waitIdle(0, 60_000);
}, 90_000);

afterAll(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('corroborate/stories', () => {
  it('lists each story with its articles, largest first', async () => {
    const r: StoriesResult = await h.request('corroborate/stories', {});
    expect(r.indexing).toBe(false);
    expect(r.coverage).toBeUndefined();
    expect(r.stories.map((s) => s.documents.map((d) => fileOf(d.uri)))).toEqual([
      seedFiles(),
      ['bridge-1.txt', 'bridge-2.txt', 'bridge-3.txt'],
      ['museum-1.txt', 'museum-2.txt'],
    ]);
    const bridge = r.stories[1];
    expect(bridge.label).toMatch(/Lindqvist Bridge/);
    expect(bridge.documents.map((d) => d.source)).toEqual(['Alder Courier', 'Harbour Daily', 'Coastline Radio']);
    expect(bridge.documents.every((d) => d.statements > 0)).toBe(true);
  });

  it('answers a story\'s coverage with one cell per article, each range on its own passage', async () => {
    const { stories } = await h.request('corroborate/stories', {});
    const bridge = stories[1];
    const r: StoriesResult = await h.request('corroborate/stories', { story: bridge.id });
    expect(r.coverage?.story).toBe(bridge.id);
    const rows = r.coverage!.rows;
    const quote = rows.find((x) => x.label.includes('We found cracks in two of the main cables'))!;
    expect(quote.cells.map((c) => c.relation)).toEqual(['verbatim', 'verbatim', 'absent']);
    for (const row of rows) {
      row.cells.forEach((cell, i) => {
        if (cell.relation === 'absent') return expect(cell.range).toBeUndefined();
        const text = textAt(bridge.documents[i].uri);
        expect(text.slice(offsetOf(text, cell.range!.start), offsetOf(text, cell.range!.end))).toBe(cell.text);
      });
    }
    expect(rows.some((x) => x.conflict)).toBe(true);
  });

  it('answers no coverage for an unknown story, and the empty answer for malformed params', async () => {
    const r: StoriesResult = await h.request('corroborate/stories', { story: 'nope' });
    expect(r.coverage).toBeUndefined();
    expect(r.stories.length).toBe(3);
    expect((await h.request('corroborate/stories', { story: 12 })).stories).toEqual([]);
  });
});
