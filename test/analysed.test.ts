// The portable analysis carries each statement's wording (what matching
// prepares before it interns words), made in the thread that analyses; the
// thread that indexes only interns it. Both must prepare exactly what
// `Matcher.prepare` makes from the statement's own tokens, after JSON and
// structured clone alike, or a warm or parallel start would match differently.
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../server/src/engine/analysis/analyze';
import { toAnalysed, unpackWording, vocabOf, type AnalysedDocument } from '../server/src/engine/analysed';
import { Matcher, type Prepared, type TokenInfo } from '../server/src/engine/matching/similarity';
import { tokenAt, type TextModel } from '../server/src/engine/text/text';
import type { Span } from '../server/src/engine/model';
import { seedFiles, seedText } from './helpers';

/** The model's tokens of a span (empty ones skipped), as a caller of `prepare` hands them. */
function tokensOf(model: TextModel, span: Span): TokenInfo[] {
  const t = model.tokens;
  const out: TokenInfo[] = [];
  for (let i = tokenAt(t, span.start); i < t.start.length && t.start[i] < span.end; i++) {
    if (t.end[i] > t.start[i]) out.push({ value: t.value[i], lemma: t.lemma[i], pos: t.pos[i] });
  }
  return out;
}

/** Everything a prepared statement holds that matching reads (ids compared as given: both sides intern in the same order). */
const facts = (p: Prepared) => ({
  text: p.text,
  words: p.words,
  lemmas: p.lemmas,
  lid: [...p.lid],
  wid: [...p.wid],
  flags: [...p.flags],
  content: [...p.content],
  ulid: [...p.ulid],
  numbers: p.numbers,
  negations: p.negations,
  h: [...p.h],
});

describe('the portable wording', () => {
  const analyzer = new Analyzer();
  const docs = seedFiles().map((f) => {
    const text = seedText(f);
    const { analysis, model } = analyzer.analyze(f, text);
    return { text, model, doc: toAnalysed(text, analysis, model, new Matcher().lexicon) };
  });

  for (const [name, copy] of [
    ['JSON', (d: AnalysedDocument) => JSON.parse(JSON.stringify(d)) as AnalysedDocument],
    ['structured clone', (d: AnalysedDocument) => structuredClone(d)],
  ] as const) {
    it(`prepares every statement and fragment context of the seeds as Matcher.prepare does from its tokens (${name})`, () => {
      const direct = new Matcher();
      const portable = new Matcher();
      let statements = 0, contexts = 0, numbers = 0, negated = 0;
      for (const { text, model, doc } of docs) {
        const copied = copy(doc);
        const vocab = vocabOf(copied);
        doc.analysis.statements.forEach((s, i) => {
          const a = direct.prepare(s.text, tokensOf(model, s));
          const b = portable.prepareWording(s.text, unpackWording(copied.statements[i].wording, vocab));
          expect(facts(b)).toEqual(facts(a));
          statements++;
          numbers += a.numbers.length;
          if (a.negations) negated++;
          const context = copied.statements[i].context;
          if (!context) return;
          const start = text.lastIndexOf(context.text, s.start);
          expect(start).toBeGreaterThanOrEqual(0);
          const span = { start, end: start + context.text.length };
          const ca = direct.prepare(context.text, tokensOf(model, span));
          const cb = portable.prepareWording(context.text, unpackWording(context.wording, vocab));
          expect(facts(cb)).toEqual(facts(ca));
          contexts++;
        });
      }
      // the seeds exercise what the wording carries besides words
      expect(statements).toBeGreaterThan(50);
      expect(contexts).toBeGreaterThan(0);
      expect(numbers).toBeGreaterThan(0);
      expect(negated).toBeGreaterThan(0);
      // both interned the same words in the same order
      expect(portable.lexicon.size).toBe(direct.lexicon.size);
    });
  }
});
