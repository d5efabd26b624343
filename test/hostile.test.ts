// Pathological text: long runs without a space made wink-nlp's tokenizer
// backtrack (80 KB of `a-a-…` took 33 s, 1 MiB of one letter over five
// minutes). Each case must finish well inside vitest's timeout (the failure
// signal; no wall-clock assertion) with every offset pointing into the text.
import { describe, expect, it } from 'vitest';
import { Corpus } from '../server/src/engine/corpus';
import { guardRuns, MAX_RUN, TextReader } from '../server/src/engine/text/text';
import { offsetOf, seedFiles, seedText } from './helpers';

const reader = new TextReader();

/** Every token, sentence and statement lies inside the text, in order; tokens are what the text holds there. */
function checkOffsets(text: string) {
  const model = reader.read(text);
  const { start, end, value } = model.tokens;
  // one expect per document, not per token (a token-wise expect costs more than the analysis)
  const bad: string[] = [];
  let last = 0;
  for (let i = 0; i < start.length && bad.length < 5; i++) {
    if (end[i] <= start[i]) continue;
    if (start[i] < last || end[i] > text.length || text.slice(start[i], end[i]) !== value[i]) bad.push(`token ${i} "${value[i]}" at ${start[i]}-${end[i]}`);
    last = end[i];
  }
  for (const s of model.sentences) if (s.start < 0 || s.end > text.length || s.start >= s.end) bad.push(`sentence ${s.start}-${s.end}`);
  const corpus = new Corpus();
  const analysis = corpus.set('hostile.txt', text);
  for (const s of analysis.statements) if (text.slice(s.start, s.end) !== s.text) bad.push(`statement ${s.id}`);
  expect(bad).toEqual([]);
  expect(start.length).toBeGreaterThan(0);
  return model;
}

const repeat = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

describe('text without spaces is tokenised in linear time, offsets exact', () => {
  const cases: [string, string][] = [
    ['200 KB of a-a-a-…', repeat('a-', 200_000)],
    ['1 MiB of one letter', 'a'.repeat(1 << 20)],
    ['100 KB of punctuation', repeat('!?-.,;:/', 100_000)],
    ['100 KB of one URL', 'See https://example.com/' + repeat('path-segment/', 100_000) + 'page.html?q=1 for more.'],
    ['100 KB e-mail-like run', repeat('a.b', 50_000) + '@' + repeat('c.d', 50_000)],
    ['long runs inside prose', `The minister said on Tuesday that ${repeat('x-', 5000)} was "not acceptable". Officials agreed.\n`],
  ];
  for (const [name, text] of cases) it(name, () => checkOffsets(text));

  it('keeps the prose around a long run (a quote after it is still found)', () => {
    const text = `Note: ${repeat('ab-', 3000)}\n“We will not give up,” the minister said on Tuesday in the capital.\n`;
    const model = checkOffsets(text);
    const at = offsetOf(text, 'We will not give up');
    const i = model.tokens.start.indexOf(at);
    expect(model.tokens.value[i]).toBe('We');
    const corpus = new Corpus();
    const quote = corpus.set('q.txt', text).statements.find((s) => s.kind === 'quote');
    expect(quote?.text).toContain('We will not give up');
  });
});

describe('guardRuns', () => {
  it('leaves text without a long run alone (the seeds are read as they are)', () => {
    for (const f of seedFiles()) {
      const text = seedText(f);
      const g = guardRuns(text);
      expect(g.fed, f).toBe(text);
      expect(g.inserted).toEqual([]);
    }
  });

  it('cuts a run every MAX_RUN characters with a space, never inside a surrogate pair', () => {
    const run = repeat('a😀', 3 * MAX_RUN + 5);
    const g = guardRuns(`x ${run} y`);
    expect(g.inserted.length).toBeGreaterThanOrEqual(3);
    for (const p of g.inserted) {
      expect(g.fed[p]).toBe(' ');
      const before = g.fed.charCodeAt(p - 1);
      expect(before >= 0xd800 && before <= 0xdbff, `high surrogate before ${p}`).toBe(false);
    }
    expect(g.fed.replace(/ /g, '')).toBe(`x${run}y`);
    for (const piece of g.fed.split(' ')) expect(piece.length).toBeLessThanOrEqual(MAX_RUN + 1);
  });
});
