// Links respect stories: the five seeds (one story) beside two articles this
// test writes about a different happening (a dam agreement) that share a scare
// quote with the seeds and reprint one seed quote word for word as background.
// Inside the seeds' story every expected link stays and counts say "of 5";
// across stories only the long quote links, marked otherStory; the catchphrase
// links nothing, inside or across stories.
import { beforeAll, describe, expect, it } from 'vitest';
import { hover } from '../server/src/lsp/features/hover';
import { ServerState } from '../server/src/lsp/state';
import type { Statement } from '../server/src/engine';
import { positionOf } from '../tools/lspHarness';
import links from './fixtures/seeds.links.json';
import { offsetOf, seedByPrefix, seedFiles, seedText, shippedWordNet } from './helpers';
import { DAM_A, DAM_B } from './twoStories';

let state: ServerState;
const paths = new Map<string, string>();
const texts = new Map<string, string>();

beforeAll(() => {
  state = new ServerState(shippedWordNet());
  for (const f of seedFiles()) texts.set(`/news/${f}`, seedText(f));
  texts.set('/news/dam-a.txt', DAM_A);
  texts.set('/news/dam-b.txt', DAM_B);
  for (const p of texts.keys()) paths.set(p.split('/').pop()!, p);
  state.setMany([...texts].map(([path, text]) => ({ path, text })));
  state.indexing = false;
});

const seedPath = (prefix: string) => `/news/${seedByPrefix(prefix)}`;
function at(path: string, phrase: string, occurrence = 1): Statement {
  const s = state.corpus.statementAt(path, offsetOf(texts.get(path)!, phrase, occurrence));
  if (!s) throw new Error(`no statement at "${phrase}" in ${path}`);
  return s;
}

describe('two stories in one folder', () => {
  it('groups the seeds as one story of five and the dam articles as another', () => {
    const seeds = state.corpus.storyOf(seedPath('000'))!;
    expect([...seeds.documents].sort()).toEqual(seedFiles().map((f) => `/news/${f}`).sort());
    const dam = state.corpus.storyOf('/news/dam-a.txt')!;
    expect(dam.documents).toEqual(['/news/dam-a.txt', '/news/dam-b.txt']);
  });

  it('keeps every seed link', () => {
    for (const g of links.groups) {
      const members = g.members as [string, string][];
      for (const a of members) {
        for (const b of members) {
          if (a === b) continue;
          const pa = seedPath(a[0]);
          const pb = seedPath(b[0]);
          const sb = at(pb, b[1]);
          const m = state.corpus.matches(pa, at(pa, a[1]).id).find((x) => x.path === pb && x.statementId === sb.id);
          expect(m, `${g.name}: ${a[0]} → ${b[0]}`).toBeDefined();
          expect(m!.otherStory).toBeUndefined();
        }
      }
    }
  });

  it('links the long quote across stories word for word, marked as another story', () => {
    const quote = at('/news/dam-a.txt', 'The peace process definitely');
    expect(quote.kind).toBe('quote');
    const ms = state.corpus.matches('/news/dam-a.txt', quote.id);
    const seed = ms.filter((m) => m.path === seedPath('000') || m.path === seedPath('001'));
    expect(seed).toHaveLength(2);
    for (const m of seed) expect([m.relation, m.otherStory]).toEqual(['verbatim', true]);
    // and from the seeds' side
    const back = state.corpus.matches(seedPath('000'), at(seedPath('000'), 'The peace process definitely').id).find((m) => m.path === '/news/dam-a.txt');
    expect(back?.otherStory).toBe(true);
    // nothing else of the dam story links to the seeds
    for (const p of ['/news/dam-a.txt', '/news/dam-b.txt']) {
      for (const s of state.corpus.get(p)!.statements) {
        for (const m of state.corpus.matches(p, s.id)) if (!m.path.includes('dam-')) expect(s.id, s.text).toBe(quote.id);
      }
    }
  });

  it('links no catchphrase: not the seeds\' "hold direct talks" to the dam story, not "keep its word" inside it', () => {
    const mine = at('/news/dam-a.txt', 'hold direct talks');
    expect(mine.kind).toBe('quote');
    expect(state.corpus.matches('/news/dam-a.txt', mine.id)).toEqual([]);
    for (const prefix of ['001', '004']) {
      const s = at(seedPath(prefix), 'hold direct talks');
      expect(state.corpus.matches(seedPath(prefix), s.id).map((m) => m.path)).not.toContain('/news/dam-a.txt');
    }
    // two people of one story promise to "keep its word" about different things: the words alone make no link
    const a = at('/news/dam-a.txt', 'keep its word');
    const b = at('/news/dam-b.txt', 'keep its word');
    expect([a.kind, b.kind]).toEqual(['quote', 'quote']);
    expect(state.corpus.matches('/news/dam-a.txt', a.id).map((m) => m.statementId)).not.toContain(b.id);
    expect(state.corpus.matches('/news/dam-b.txt', b.id).map((m) => m.statementId)).not.toContain(a.id);
    expect(state.corpus.view('/news/dam-a.txt', a.id)!.attributionConflicts).toEqual([]);
    expect(state.corpus.view('/news/dam-b.txt', b.id)!.attributionConflicts).toEqual([]);
  });

  it('counts sources per story: "of 5" for the seeds, "of 2" for the dam story', () => {
    const p = seedPath('000');
    const text = texts.get(p)!;
    const card = hover(state, `file://${p}`, positionOf(text, offsetOf(text, 'The peace process definitely') + 1))!;
    const value = (card.contents as { value: string }).value;
    expect(value).toMatch(/Reported by [2-5] of 5 sources/);
    expect(state.summarize(p, at(p, 'The peace process definitely'))!.storySize).toBe(5);
    const damText = texts.get('/news/dam-b.txt')!;
    const dam = hover(state, 'file:///news/dam-b.txt', positionOf(damText, offsetOf(damText, 'keep its word') + 1))!;
    expect((dam.contents as { value: string }).value).toMatch(/Reported by 1 of 2 sources/);
  });
});

describe('while a folder loads', () => {
  it('keeps the stories as last decided, and the new article joins its story when the load ends', () => {
    const loading = new ServerState(shippedWordNet());
    const [first, ...rest] = seedFiles();
    loading.setMany(rest.map((f) => ({ path: `/news/${f}`, text: seedText(f) })));
    loading.indexing = false;
    const before = loading.corpus.storyOf(`/news/${rest[0]}`)!.documents;
    expect(before).toHaveLength(rest.length);

    loading.indexing = true;
    loading.setMany([{ path: `/news/${first}`, text: seedText(first) }]);
    expect(loading.corpus.storyOf(`/news/${rest[0]}`)!.documents).toEqual(before);
    expect(loading.corpus.storyOf(`/news/${first}`)).toBeUndefined();

    loading.indexing = false;
    expect([...loading.corpus.storyOf(`/news/${first}`)!.documents].sort()).toEqual(seedFiles().map((f) => `/news/${f}`).sort());
  });
});
