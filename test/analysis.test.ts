// The analysis core held to the seed gold file: quotes and speakers, chrome,
// claims and source labels, positions found from the text.
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../server/src/engine/analysis/analyze';
import type { DocumentAnalysis } from '../server/src/engine/model';
import gold from './fixtures/seeds.gold.json';
import { offsetOf, seedFiles, seedText } from './helpers';

interface GoldQuote { text: string; speaker: string; kind?: string; reportedVia?: string }
interface GoldChrome { text: string; reason: string | null; occurrence?: number }
interface GoldDoc { source: string; headline: string; quotes: GoldQuote[]; quoteCount?: number; chrome: GoldChrome[]; claims: string[]; notStatements: string[] }

const docs = gold.documents as Record<string, GoldDoc>;
const analyzer = new Analyzer();

/** One data-driven check: a seed's analysis against its gold entry. */
function check(text: string, a: DocumentAnalysis, g: GoldDoc) {
  expect(a.source).toBe(g.source);
  // one headline statement: the title line, where the text has it
  const heads = a.statements.filter((s) => s.kind === 'headline');
  expect(heads.map((s) => s.text)).toEqual([g.headline]);
  expect(heads[0].start).toBe(offsetOf(text, g.headline));
  expect(heads[0].speaker).toBeNull();
  expect(a.title).toBe(g.headline);
  for (const q of g.quotes) {
    const at = offsetOf(text, q.text);
    const s = a.statements.find((x) => x.kind === 'quote' && x.start <= at && at < x.end);
    expect(s, `quote "${q.text}"`).toBeDefined();
    expect(s!.speaker?.name ?? '(none)', `speaker of "${q.text}"`).toMatch(new RegExp(q.speaker));
    if (q.kind) expect(s!.speaker!.kind, `speaker kind of "${q.text}"`).toBe(q.kind);
    if (q.reportedVia) expect(s!.reportedVia, `reported via of "${q.text}"`).toContain(q.reportedVia);
  }
  if (g.quoteCount !== undefined) expect(a.statements.filter((s) => s.kind === 'quote')).toHaveLength(g.quoteCount);
  for (const c of g.chrome) {
    const at = offsetOf(text, c.text, c.occurrence ?? 1);
    const r = a.ignored.find((x) => x.start <= at && at < x.end);
    expect(r?.reason ?? null, `chrome "${c.text}"`).toBe(c.reason);
  }
  for (const prefix of g.claims) {
    const at = offsetOf(text, prefix);
    expect(a.statements.some((s) => s.kind === 'claim' && s.start === at), `claim "${prefix}"`).toBe(true);
  }
  for (const t of g.notStatements) {
    let at = text.indexOf(t);
    while (at >= 0) {
      expect(a.statements.find((s) => s.start <= at && at < s.end && !(s.kind === 'headline' && s.start === at))?.text, `"${t}" is no statement`).toBeUndefined();
      at = text.indexOf(t, at + 1);
    }
  }
}

describe.each(seedFiles())('seed %s', (file) => {
  const text = seedText(file);
  const a = analyzer.analyze(file, text).analysis;

  it('matches the gold file', () => check(text, a, docs[file]));

  it('gives every statement exact offsets into the text', () => {
    expect(a.statements.length).toBeGreaterThan(3);
    for (const s of a.statements) expect(text.slice(s.start, s.end)).toBe(s.text);
    for (const s of a.statements) if (s.speaker && !s.speaker.borrowedFrom) expect(s.speaker.end).toBeGreaterThan(s.speaker.start);
  });

  it('keeps statements out of ignored regions', () => {
    for (const r of a.ignored) for (const s of a.statements) expect(s.end <= r.start || s.start >= r.end, `${s.text} overlaps ignored ${r.reason}`).toBe(true);
  });
});

describe('text model', () => {
  it('keeps offsets exact with CRLF line ends and non-breaking spaces', () => {
    const file = seedFiles()[0];
    const lf = seedText(file);
    const crlf = lf.replace(/\n/g, '\r\n').replace('Sibghat Ahmadi', 'Sibghat\u00a0Ahmadi');
    const a = analyzer.analyze(file, crlf).analysis;
    for (const s of a.statements) expect(crlf.slice(s.start, s.end)).toBe(s.text);
    const q = a.statements.find((s) => s.text.includes('The peace process definitely'))!;
    expect(q.speaker?.name.replace(/\s/g, ' ')).toBe('Sibghat Ahmadi');
    expect(a.statements.filter((s) => s.kind === 'quote')).toHaveLength(analyzer.analyze(file, lf).analysis.statements.filter((s) => s.kind === 'quote').length);
  });

  it('does not let an unbalanced quote mark swallow the document', () => {
    const text = seedText(seedFiles()[1]);
    const broken = text.replace('“decided against', 'decided against'); // drop one opening mark
    const a = analyzer.analyze('x', broken).analysis;
    const longest = Math.max(...a.statements.filter((s) => s.kind === 'quote').map((s) => s.end - s.start));
    expect(longest).toBeLessThan(600);
    expect(a.statements.some((s) => s.text.includes('Sergey Lavrov was quoted'))).toBe(true);
  });

  it('analyses an empty document to nothing', () => {
    const a = analyzer.analyze('empty.txt', '').analysis;
    expect(a.statements).toEqual([]);
    expect(a.source).toBe('empty.txt');
  });
});
