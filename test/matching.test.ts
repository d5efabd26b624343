// Cross-source matching on the seeds: the links a careful reader sees are
// there, unrelated statements stay apart, and edits re-match incrementally.
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type Statement } from '../server/src/engine';
import links from './fixtures/seeds.links.json';
import { offsetOf, seedByPrefix, seedFiles, seedText, shippedWordNet } from './helpers';

type Ref = [string, string];
let corpus: Engine;

function statement([prefix, phrase]: Ref): { path: string; s: Statement } {
  const path = seedByPrefix(prefix);
  const s = corpus.statementAt(path, offsetOf(seedText(path), phrase));
  if (!s) throw new Error(`no statement at "${phrase}" in ${prefix}`);
  return { path, s };
}
const linked = (a: Ref, b: Ref) => {
  const x = statement(a);
  const y = statement(b);
  return corpus.matches(x.path, x.s.id).find((m) => m.path === y.path && m.statementId === y.s.id);
};

beforeAll(() => {
  corpus = createEngine({ wordnet: shippedWordNet() });
  corpus.setMany(seedFiles().map((path) => ({ path, text: seedText(path) })));
});

describe('links a careful reader sees', () => {
  for (const g of links.groups) {
    it(g.name, () => {
      const members = g.members as Ref[];
      for (const a of members) {
        for (const b of members) {
          if (a === b) continue;
          const m = linked(a, b);
          expect(m, `${a[0]} "${a[1]}" → ${b[0]} "${b[1]}"`).toBeDefined();
          expect(g.relations, `${a[1]} → ${b[1]}: ${m!.relation}`).toContain(m!.relation);
        }
      }
    });
  }

  it('links nothing to statements no other source reports', () => {
    for (const ref of links.alone as Ref[]) {
      const { path, s } = statement(ref);
      expect(corpus.matches(path, s.id).map((m) => m.text), ref[1]).toEqual([]);
    }
  });

  it('keeps unrelated statements apart', () => {
    for (const [a, b] of links.unrelated as [Ref, Ref][]) expect(linked(a, b), `${a[1]} ↔ ${b[1]}`).toBeUndefined();
  });

  it('never links a document to itself, even when it repeats its own article', () => {
    for (const path of corpus.paths()) for (const s of corpus.get(path)!.statements) for (const m of corpus.matches(path, s.id)) expect(m.path).not.toBe(path);
  });

  it('explains every link', () => {
    const m = linked(['000', 'The peace process definitely needs'], ['001', 'The peace process definitely needs'])!;
    expect(m.relation).toBe('verbatim');
    expect(m.reason.aligned).toEqual(expect.arrayContaining(['peace', 'process']));
    expect(m.reason.threshold).toBeGreaterThan(0);
  });
});

describe('speakers across sources', () => {
  const p1 = () => seedByPrefix('001');
  const withSpeaker = (speaker: string) => {
    const c = createEngine();
    c.setMany(seedFiles().map((path) => ({ path, text: seedText(path) })));
    const text = seedText(p1()).replace('said Sibghat Ahmadi, the deputy spokesman of Afghanistan’s foreign ministry,', speaker);
    c.set(p1(), text);
    const s = c.statementAt(p1(), offsetOf(text, 'The peace process definitely needs'))!;
    return c.view(p1(), s.id)!;
  };

  it('borrows the name from a source that gives it when this one does not', () => {
    const v = withSpeaker('an official said,');
    expect(v.speaker?.name).toBe('Sibghat Ahmadi');
    expect([seedByPrefix('000'), seedByPrefix('002')]).toContain(v.speaker?.borrowedFrom?.path);
  });

  it('records different speakers given for the same quote as an attribution disagreement', () => {
    const v = withSpeaker('said Zabihullah Mujahid,');
    expect(v.speaker?.name).toBe('Zabihullah Mujahid');
    expect(v.attributionConflicts.map((c) => c.name)).toContain('Sibghat Ahmadi');
  });

  it('keeps its own name when the sources agree', () => {
    const v = corpus.view(p1(), statement(['001', 'The peace process definitely needs']).s.id)!;
    expect(v.speaker?.borrowedFrom).toBeUndefined();
    expect(v.attributionConflicts).toEqual([]);
  });
});

describe('incremental updates', () => {
  it('re-matches only the edited document and drops links to a removed quote', () => {
    const c = createEngine();
    c.setMany(seedFiles().map((path) => ({ path, text: seedText(path) })));
    const p0 = seedByPrefix('000');
    const p1 = seedByPrefix('001');
    const text1 = seedText(p1);
    const q1 = c.statementAt(p1, offsetOf(text1, 'The peace process definitely needs'))!;
    const fromP0 = () => c.matches(p1, q1.id).filter((m) => m.path === p0 && m.text.includes('peace process definitely'));
    expect(fromP0()).toHaveLength(1);

    const text0 = seedText(p0).replace(/^“The peace process definitely needs.*$/gm, '');
    c.set(p0, text0);
    expect(fromP0()).toEqual([]);
    expect(c.matches(p1, q1.id).map((m) => m.path)).toContain(seedByPrefix('002'));

    c.remove(seedByPrefix('002'));
    expect(c.matches(p1, q1.id).map((m) => m.path)).not.toContain(seedByPrefix('002'));
    expect(c.paths()).toHaveLength(seedFiles().length - 1);
  });
});

describe('an article saved many times', () => {
  it('still links the other sources, and its copies count each wording once', () => {
    // thirty copies of 000 make every one of its words frequent; the links of
    // 001 to 000 and to 002 must survive (retrieval and IDF count wordings, not files)
    const c = createEngine();
    const p0 = seedByPrefix('000');
    const copies = Array.from({ length: 30 }, (_, k) => ({ path: `copy-${k}-${p0}`, text: seedText(p0) }));
    c.setMany([...seedFiles().map((path) => ({ path, text: seedText(path) })), ...copies]);
    const p1 = seedByPrefix('001');
    const s = c.statementAt(p1, offsetOf(seedText(p1), 'Russia has invited 12 countries'))!;
    const paths = c.matches(p1, s.id).map((m) => m.path);
    expect(paths).toContain(p0);
    expect(paths).toContain(seedByPrefix('002'));
    expect(paths.some((p) => p.startsWith('copy-'))).toBe(true);
  });
});
