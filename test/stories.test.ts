// Stories: the seeds are one story of five; two happenings of one kind, told
// in text written here, come apart; nothing depends on the order documents
// arrive in or on their ids; an edit or removal re-decides only its story.
import { describe, expect, it } from 'vitest';
import { Stories, type StoryDocument } from '../server/src/engine/stories/stories';
import { seedFiles, seedText } from './helpers';

const seeds = (): StoryDocument[] =>
  seedFiles().map((f) => {
    const text = seedText(f);
    // The headline as the engine finds it: the first line of prose.
    const title = text.split('\n').find((l) => l.trim().length > 30)?.trim();
    return { id: f, text, title };
  });

// Two different earthquakes, reported twice each: what tells them apart is
// where, when and how strong, not the kind of event.
const QUAKES: Record<string, string> = {
  'a1.txt': `Strong earthquake shakes Aceh province\n\nA magnitude 6.1 earthquake struck Indonesia's Aceh province on Tuesday, killing at least 12 people in the district of Bener Meriah and destroying hundreds of homes, the disaster agency said. Rescuers searched collapsed buildings in Takengon overnight. Governor Zaini Abdullah declared an emergency.`,
  'a2.txt': `Aceh quake kills 12 as rescuers dig through rubble\n\nRescuers in Takengon dug through rubble on Wednesday after a 6.1-magnitude earthquake hit Bener Meriah in Aceh province, Indonesia, killing 12. Governor Zaini Abdullah said the emergency would last two weeks; the disaster agency counted hundreds of damaged homes.`,
  'b1.txt': `Earthquake rattles northern California wine country\n\nA magnitude 6.0 earthquake struck near Napa, California, early Sunday, injuring more than 120 people and setting fires in the historic downtown. Governor Jerry Brown declared a state of emergency as crews restored water mains along Browns Valley Road.`,
  'b2.txt': `Napa cleans up after strongest Bay Area quake in 25 years\n\nResidents of Napa swept broken glass on Monday after the 6.0 quake, the strongest in the Bay Area since Loma Prieta in 1989. Governor Jerry Brown's emergency declaration freed state money; 120 people were treated at Queen of the Valley hospital and Browns Valley Road stayed closed.`,
};
const quakes = (): StoryDocument[] => Object.entries(QUAKES).map(([id, text]) => ({ id, text, title: text.split('\n')[0] }));

/** Deterministic shuffles of a list (a small linear congruential generator). */
function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const grouping = (docs: StoryDocument[]) => {
  const s = new Stories();
  for (const d of docs) s.set(d);
  return s.stories().map((st) => ({ ...st }));
};

describe('stories', () => {
  it('makes the five seeds one story of five, labelled from their headlines', () => {
    const docs = seeds();
    const stories = grouping(docs);
    expect(stories).toHaveLength(1);
    expect(stories[0].documents).toEqual(docs.map((d) => d.id).sort());
    expect(docs.map((d) => d.title)).toContain(stories[0].label);
    expect(stories[0].label).toMatch(/Russia|Taliban|Afghan/);
  });

  it('keeps two earthquakes apart, and the seeds apart from both', () => {
    const stories = grouping([...quakes(), ...seeds()]);
    const sets = stories.map((s) => s.documents.join(' '));
    expect(sets).toContain('a1.txt a2.txt');
    expect(sets).toContain('b1.txt b2.txt');
    expect(sets).toContain(seedFiles().join(' '));
    expect(stories).toHaveLength(3);
  });

  it('does not depend on the order documents arrive in nor on their ids', () => {
    const docs = [...quakes(), ...seeds()];
    const expected = grouping(docs);
    for (const seed of [1, 2, 3]) expect(grouping(shuffled(docs, seed))).toEqual(expected);
    // Renamed documents: same stories (same ids and labels), only the names differ.
    const renamed = grouping(docs.map((d, i) => ({ ...d, id: `renamed-${String(docs.length - i).padStart(2, '0')}` })));
    expect(renamed.map((s) => [s.id, s.label, s.documents.length])).toEqual(expected.map((s) => [s.id, s.label, s.documents.length]));
  });

  it('re-decides a document on edit and removal, giving the same stories as a fresh start', () => {
    const s = new Stories();
    for (const d of [...quakes(), ...seeds()]) s.set(d);
    const seedStory = s.storyOf(seedFiles()[0])!;
    // a2 rewritten to report the Napa quake: it joins that story and leaves a1 alone.
    s.set({ id: 'a2.txt', text: QUAKES['b2.txt'].replace('Monday', 'Tuesday'), title: 'Napa quake' });
    expect(s.storyOf('a2.txt')!.documents).toEqual(['a2.txt', 'b1.txt', 'b2.txt']);
    expect(s.storyOf('a1.txt')!.documents).toEqual(['a1.txt']);
    expect(s.storyOf(seedFiles()[0])).toEqual(seedStory);
    s.remove('b1.txt');
    expect(s.storyOf('b1.txt')).toBeUndefined();
    expect(s.storyOf('b2.txt')!.documents).toEqual(['a2.txt', 'b2.txt']);
    expect(s.size).toBe(8);
    const fresh = new Stories();
    fresh.set({ id: 'a1.txt', text: QUAKES['a1.txt'], title: QUAKES['a1.txt'].split('\n')[0] });
    fresh.set({ id: 'a2.txt', text: QUAKES['b2.txt'].replace('Monday', 'Tuesday'), title: 'Napa quake' });
    fresh.set({ id: 'b2.txt', text: QUAKES['b2.txt'], title: QUAKES['b2.txt'].split('\n')[0] });
    for (const d of seeds()) fresh.set(d);
    expect(s.stories()).toEqual(fresh.stories());
    expect(s.similarity('a2.txt', 'b2.txt')).toBeGreaterThan(s.similarity('a1.txt', 'b2.txt'));
  });
});

describe('stories after edits', () => {
  // Texts of this project's own: the two quakes told again, and a third happening.
  const extra: StoryDocument[] = [
    { id: 'c1.txt', title: 'Flooding closes Danube bridges in Budapest', text: 'Flooding closes Danube bridges in Budapest\n\nThe Danube rose to 8.9 metres in Budapest on Sunday, closing the Margaret and Chain bridges. Mayor Gergely Karacsony said sandbags held along the Pest embankment.' },
    { id: 'c2.txt', title: 'Budapest braces as Danube peaks', text: 'Budapest braces as Danube peaks\n\nVolunteers filled sandbags on the Pest embankment as the Danube neared 8.9 metres; the Chain bridge was closed and Mayor Gergely Karacsony warned of more rain.' },
  ];
  const all = () => [...quakes(), ...seeds(), ...extra];
  const snapshot = (s: Stories) => s.stories().map((st) => ({ ...st }));
  const freshOf = (docs: Map<string, StoryDocument>) => {
    const s = new Stories();
    for (const d of docs.values()) s.set(d);
    return snapshot(s);
  };

  it('equal a fresh build of the final set after any replay of sets, edits and removals', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const docs = all();
      const live = new Map<string, StoryDocument>();
      const s = new Stories();
      let r = seed;
      const next = (n: number) => ((r = (r * 1103515245 + 12345) % 2147483648), r % n);
      for (let step = 0; step < 40; step++) {
        const d = docs[next(docs.length)];
        const op = next(4);
        if (op === 0) (s.remove(d.id), live.delete(d.id));
        else {
          // An edit: a sentence added or the text cut short, or the original back.
          const text = op === 1 ? d.text + '\n\nThe article was updated.' : op === 2 ? d.text.slice(0, Math.floor(d.text.length * 0.8)) : d.text;
          const doc = { ...d, text };
          s.set(doc);
          live.set(d.id, doc);
        }
        if (next(3) === 0) expect(snapshot(s)).toEqual(freshOf(live));
      }
      expect(snapshot(s)).toEqual(freshOf(live));
    }
  });

  it("keeps a story's id when a member's body is edited", () => {
    const s = new Stories();
    for (const d of all()) s.set(d);
    const before = s.storyOf('b1.txt')!.id;
    for (const id of ['b1.txt', 'b2.txt']) {
      const d = quakes().find((q) => q.id === id)!;
      s.set({ ...d, text: d.text + '\n\nCorrection: an earlier version misstated the magnitude.' });
      expect(s.storyOf('b1.txt')!.id).toBe(before);
    }
  });
});

describe('closeness inside a story', () => {
  const grouping = (docs: StoryDocument[]) => {
    const s = new Stories();
    for (const d of docs) s.set(d);
    return s;
  };

  it('keeps every pair of seed articles close enough to link (the links filter needs 0.06), and is symmetric', () => {
    const s = grouping(seeds());
    const ids = seedFiles();
    for (const a of ids) {
      for (const b of ids) {
        if (a === b) continue;
        expect(s.closeness(a, b)).toBeGreaterThanOrEqual(0.06);
        expect(s.closeness(a, b)).toBeCloseTo(s.closeness(b, a), 12);
      }
    }
  });

  it('ranks two reports of one quake closer than reports of two quakes of one topic, and other topics at 0', () => {
    const s = grouping([...quakes(), ...seeds()]);
    expect(s.closeness('a1.txt', seedFiles()[0])).toBe(0);
    expect(s.closeness('a1.txt', 'a2.txt')).toBeGreaterThan(s.closeness('a1.txt', 'b1.txt'));
    expect(s.closeness('b1.txt', 'b2.txt')).toBeGreaterThan(s.closeness('b2.txt', 'a2.txt'));
  });
});
