// A document analysed, in portable form: everything the corpus needs of one
// text (its analysis, and per statement the tokens matching prepares from),
// as plain data only: no class instances, no ids interned by an engine, no
// typed arrays. It can cross a worker thread (structured clone) or be stored
// as JSON and read back by any engine, which then indexes and matches it
// (`Engine.setAnalysed`) exactly as if it had analysed the text itself.
import { tokenAt, type TextModel } from './text/text';
import { spanIndexAt } from './text/search';
import type { DocumentAnalysis, Span } from './model';

/**
 * The version of `AnalysedDocument`'s shape and of what it holds. Bump it when
 * the analysis, the tokens kept per statement or the context rule below
 * change: a stored document of another version is not read.
 */
export const ANALYSIS_FORMAT = 1;

/** A span's tokens (empty ones skipped), side by side: surface form, lemma, part-of-speech tag. */
export interface SpanTokens {
  value: string[];
  lemma: string[];
  pos: string[];
}

interface AnalysedStatement {
  /** The statement's tokens: what matching prepares it from; their tags tell one wording from another. */
  tokens: SpanTokens;
  /**
   * A partial quote's context: its sentence, cut to CONTEXT_WORDS tokens
   * either side (a short fragment links only where its context agrees).
   */
  context?: { text: string; tokens: SpanTokens };
}

export interface AnalysedDocument {
  format: number;
  path: string;
  text: string;
  analysis: DocumentAnalysis;
  /** Parallel to `analysis.statements`. */
  statements: AnalysedStatement[];
}

/** The portable form of one analysis and its text model. */
export function toAnalysed(text: string, analysis: DocumentAnalysis, model: TextModel): AnalysedDocument {
  return {
    format: ANALYSIS_FORMAT,
    path: analysis.path,
    text,
    analysis,
    statements: analysis.statements.map((s) => {
      const out: AnalysedStatement = { tokens: spanTokens(model, s) };
      if (s.kind === 'quote' && s.partial) {
        const span = contextOf(model, analysis.sentences, s);
        out.context = { text: text.slice(span.start, span.end), tokens: spanTokens(model, span) };
      }
      return out;
    }),
  };
}

function spanTokens(model: TextModel, span: Span): SpanTokens {
  const t = model.tokens;
  const out: SpanTokens = { value: [], lemma: [], pos: [] };
  for (let i = tokenAt(t, span.start); i < t.start.length && t.start[i] < span.end; i++) {
    if (t.end[i] <= t.start[i]) continue;
    out.value.push(t.value[i]);
    out.lemma.push(t.lemma[i]);
    out.pos.push(t.pos[i]);
  }
  return out;
}

/** Words either side of a fragment that make its context. */
const CONTEXT_WORDS = 10;

/** A fragment's context: its sentence, cut to CONTEXT_WORDS tokens either side of it. */
function contextOf(model: TextModel, sentences: readonly Span[], s: Span): Span {
  const t = model.tokens;
  const i = spanIndexAt(sentences, s.start);
  const sentence = sentences[i] && sentences[i].start <= s.start ? sentences[i] : s;
  const first = tokenAt(t, s.start);
  let last = tokenAt(t, Math.max(s.start, s.end - 1));
  let lo = first;
  for (let k = 0; k < CONTEXT_WORDS && lo > 0 && t.start[lo - 1] >= sentence.start; k++) lo--;
  for (let k = 0; k < CONTEXT_WORDS && last + 1 < t.start.length && t.end[last + 1] <= Math.max(sentence.end, s.end); k++) last++;
  return { start: Math.min(s.start, t.start[lo]), end: Math.max(s.end, t.end[last]) };
}
