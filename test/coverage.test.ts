// Coverage of a story (engine/stories/coverage.ts): one row per thing
// reported, one column per source, each cell how that source reports it. On
// the seeds and two short stories written in storyTexts.ts, all in one corpus.
import { describe, expect, it } from 'vitest';
import { createEngine, storyCoverage, type Coverage, type Engine } from '../server/src/engine';
import { seedFiles, seedText } from './helpers';
import { MADE_UP_STORIES } from './storyTexts';

const files = () => [
  ...seedFiles().map((f) => ({ path: `/ws/${f}`, text: seedText(f) })),
  ...Object.entries(MADE_UP_STORIES).map(([f, text]) => ({ path: `/ws/${f}`, text })),
];
const textOf = new Map(files().map((f) => [f.path, f.text]));

function build(order: { path: string; text: string }[]): Engine {
  const e = createEngine();
  e.setMany(order);
  return e;
}

const coverageOf = (e: Engine, member: string): Coverage => storyCoverage(e, e.storyOf(member)!);
/** The row whose label holds `phrase` (throws when none: a test cannot pass vacuously). */
function rowWith(c: Coverage, phrase: string) {
  const r = c.rows.find((x) => x.label.includes(phrase));
  if (!r) throw new Error(`no row with "${phrase}" in ${c.story.label}`);
  return r;
}
const column = (c: Coverage, file: string) => c.sources.indexOf(`/ws/${file}`);

describe('story coverage', () => {
  const engine = build(files());

  it('has one column per article of the story and accounts for every statement exactly once', () => {
    for (const story of engine.stories()) {
      const c = storyCoverage(engine, story);
      expect(c.sources).toEqual(story.documents);
      const statements = story.documents.reduce((n, p) => n + engine.get(p)!.statements.length, 0);
      const shown = c.rows.reduce((n, r) => n + r.cells.reduce((k, cell) => k + (cell.relation === 'absent' ? 0 : 1 + (cell.more ?? 0)), 0), 0);
      expect(shown, story.label).toBe(statements);
      for (const r of c.rows) {
        expect(r.cells).toHaveLength(c.sources.length);
        expect(r.sources).toBe(r.cells.filter((x) => x.relation !== 'absent').length);
        // each cell points at its own source's text
        r.cells.forEach((cell, i) => {
          if (cell.relation !== 'absent') expect(textOf.get(c.sources[i])!.slice(cell.start, cell.end)).toBe(cell.text);
        });
        // the anchor's own cell prints the label
        expect(r.cells[c.sources.indexOf(r.path)].text).toBe(r.label);
      }
      // most sources first
      expect(c.rows.map((r) => r.sources)).toEqual([...c.rows.map((r) => r.sources)].sort((a, b) => b - a));
    }
  });

  it('shows the seeds\' shared Sibghat Ahmadi quote as one row reported by three sources', () => {
    const c = coverageOf(engine, `/ws/${seedFiles()[0]}`);
    const r = rowWith(c, 'definitely needs to be carried out');
    expect(r.kind).toBe('quote');
    expect(r.sources).toBe(3);
    expect(r.conflict).toBe(false);
    for (const cell of r.cells.filter((x) => x.relation !== 'absent')) {
      expect(cell.text).toContain('definitely needs to be carried out');
      expect(['verbatim', 'partial']).toContain(cell.relation);
    }
  });

  it('marks the source that gives a different figure as a conflict, and a source that does not report it as absent', () => {
    const c = coverageOf(engine, '/ws/bridge-1.txt');
    expect(c.sources).toEqual(['/ws/bridge-1.txt', '/ws/bridge-2.txt', '/ws/bridge-3.txt']);
    const weeks = c.rows.find((x) => x.cells.some((cell) => cell.text?.includes('six weeks')))!;
    expect(weeks.conflict).toBe(true);
    const six = weeks.cells[column(c, 'bridge-1.txt')];
    const eight = weeks.cells[column(c, 'bridge-2.txt')];
    expect(six.text).toContain('six weeks');
    expect(eight.text).toContain('eight weeks');
    expect([six.relation, eight.relation]).toContain('conflict');
    expect(weeks.cells[column(c, 'bridge-3.txt')].relation).toBe('absent');
    // the engineer's quote: verbatim in the two articles that print it, absent from the third
    const quote = rowWith(c, 'We found cracks in two of the main cables');
    expect(quote.cells.map((x) => x.relation)).toEqual(['verbatim', 'verbatim', 'absent']);
    // a statement only one article makes is a single-source row
    expect(rowWith(c, 'Commuters queued for the ferries').sources).toBe(1);
  });

  it('keeps links to other stories out of the rows', () => {
    const c = coverageOf(engine, '/ws/museum-1.txt');
    expect(c.sources).toEqual(['/ws/museum-1.txt', '/ws/museum-2.txt']);
    expect(rowWith(c, 'taken from its frame in less than four minutes').cells.map((x) => x.relation)).toEqual(['verbatim', 'verbatim']);
  });

  it('does not depend on the order the documents arrived in', () => {
    const other = build([...files()].reverse());
    for (const story of engine.stories()) {
      const c = storyCoverage(engine, story);
      const d = coverageOf(other, story.documents[0]);
      expect(d).toEqual(c);
    }
  });
});
