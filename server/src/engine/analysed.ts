// A document analysed, in portable form: everything the corpus needs of one
// text (its analysis, and per statement the tokens matching prepares from),
// as plain data only: no class instances, no ids interned by an engine, no
// typed arrays. It can cross a worker thread (structured clone) or be stored
// as JSON and read back by any engine, which then indexes and matches it
// (`Engine.setAnalysed`) exactly as if it had analysed the text itself.
import { tokenAt, type TextModel } from './text/text';
import { spanIndexAt } from './text/search';
import type { TokenInfo } from './matching/prepare';
import type { DocumentAnalysis, Span } from './model';

/**
 * The version of `AnalysedDocument`'s shape and of what it holds. Bump it when
 * the analysis, the tokens kept per statement or the context rule below
 * change: a stored document of another version is not read.
 */
export const ANALYSIS_FORMAT = 2;

/**
 * A span's tokens (empty ones skipped), packed: three strings instead of
 * three strings per token (format 1 kept arrays: most of a stored document,
 * and of the objects a worker's answer is cloned into). `value`: the surface
 * forms joined by SEP; `lemma`: per token '' where the lemma is the value
 * lower-cased (most words), else the lemma, joined by SEP; `pos`: one
 * character per token, its tag's index in POS_TAGS (from '0'). Tokens that
 * cannot be packed exactly (a SEP in the text, an empty lemma, a tag not in
 * POS_TAGS) are kept side by side as arrays instead.
 */
export type SpanTokens = { value: string; lemma: string; pos: string } | { value: string[]; lemma: string[]; pos: string[] };

const SEP = ' ';
/** wink's part-of-speech tags (Universal Dependencies). */
const POS_TAGS = ['ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM', 'PART', 'PRON', 'PROPN', 'PUNCT', 'SCONJ', 'SYM', 'VERB', 'X', 'SPACE'] as const;
const POS_CODE = new Map<string, number>(POS_TAGS.map((t, i) => [t, i]));
const CODE0 = 0x30;

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
  const value: string[] = [];
  const lemma: string[] = [];
  const pos: string[] = [];
  for (let i = tokenAt(t, span.start); i < t.start.length && t.start[i] < span.end; i++) {
    if (t.end[i] <= t.start[i]) continue;
    value.push(t.value[i]);
    lemma.push(t.lemma[i]);
    pos.push(t.pos[i]);
  }
  return pack(value, lemma, pos);
}

function pack(value: string[], lemma: string[], pos: string[]): SpanTokens {
  let tags = '';
  const lemmas: string[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const code = POS_CODE.get(pos[i]);
    if (code === undefined || typeof lemma[i] !== 'string' || lemma[i] === '' || value[i].includes(SEP) || lemma[i].includes(SEP)) return { value, lemma, pos };
    tags += String.fromCharCode(CODE0 + code);
    lemmas[i] = lemma[i] === value[i].toLowerCase() ? '' : lemma[i];
  }
  return { value: value.join(SEP), lemma: lemmas.join(SEP), pos: tags };
}

/** The tokens of `SpanTokens`, as matching's `prepare` takes them. */
export function tokenInfos(t: SpanTokens): TokenInfo[] {
  if (typeof t.value !== 'string') {
    const { value, lemma, pos } = t as { value: string[]; lemma: string[]; pos: string[] };
    const out: TokenInfo[] = new Array(value.length);
    for (let i = 0; i < out.length; i++) out[i] = { value: value[i], lemma: lemma[i], pos: pos[i] };
    return out;
  }
  const tags = t.pos as string;
  const out: TokenInfo[] = new Array(tags.length);
  if (tags.length === 0) return out;
  const value = t.value.split(SEP);
  const lemma = (t.lemma as string).split(SEP);
  for (let i = 0; i < out.length; i++) {
    out[i] = { value: value[i], lemma: lemma[i] === '' ? value[i].toLowerCase() : lemma[i], pos: POS_TAGS[tags.charCodeAt(i) - CODE0] };
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
