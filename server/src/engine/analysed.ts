// A document analysed, in portable form: everything the corpus needs of one
// text (its analysis, and per statement its wording: what matching prepares
// before it interns words to ids),
// as plain data only: no class instances, no ids interned by an engine, no
// typed arrays. It can cross a worker thread (structured clone) or be stored
// as JSON and read back by any engine, which then indexes and matches it
// (`Engine.setAnalysed`) exactly as if it had analysed the text itself.
import { tokenAt, type TextModel } from './text/text';
import { spanIndexAt } from './text/search';
import { F_NEG, wordingOf, type Lexicon, type NumberMention, type TokenInfo, type Wording } from './matching/prepare';
import { numberKey } from './matching/normalize';
import type { DocumentAnalysis, Span } from './model';

/**
 * The version of `AnalysedDocument`'s shape and of what it holds. Bump it when
 * the analysis, what matching prepares per statement or the context rule
 * below change: a stored document of another version is not read.
 */
export const ANALYSIS_FORMAT = 3;

/**
 * A statement's wording (matching's `Wording`: what `prepare` makes before it
 * interns anything), packed: a few strings instead of strings per word (most
 * of a stored document, and of the objects a worker's answer is cloned
 * into). `words`: the canonical words joined by SEP; `lemmas`: per word ''
 * where the lemma is the word, else the lemma, joined by SEP; `flags`: one
 * character per word, CODE0 + its flags; `numbers` (when there are any):
 * [value, at, relative + 2 * approx, surface] each, the value as a string
 * where JSON would not keep it. Words that cannot be packed exactly (a SEP in
 * one, an empty lemma of a word) are kept as arrays instead.
 */
export interface PackedWording {
  words: string | string[];
  lemmas: string | string[];
  flags: string;
  numbers?: [number | string, number, number, string][];
}

const SEP = ' ';
/** wink's part-of-speech tags (Universal Dependencies). */
const POS_TAGS = ['ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM', 'PART', 'PRON', 'PROPN', 'PUNCT', 'SCONJ', 'SYM', 'VERB', 'X', 'SPACE'] as const;
const POS_CODE = new Map<string, number>(POS_TAGS.map((t, i) => [t, i]));
const CODE0 = 0x30;

interface AnalysedStatement {
  /**
   * Its tokens' tags (empty tokens skipped), which tell one wording from
   * another: one character per token, its tag's index in POS_TAGS (from
   * '0'), or the tags as a JSON array when one is not in POS_TAGS.
   */
  tags: string;
  /** What matching prepares it from. */
  wording: PackedWording;
  /**
   * A partial quote's context: its sentence, cut to CONTEXT_WORDS tokens
   * either side (a short fragment links only where its context agrees).
   */
  context?: { text: string; wording: PackedWording };
}

export interface AnalysedDocument {
  format: number;
  path: string;
  text: string;
  analysis: DocumentAnalysis;
  /** Parallel to `analysis.statements`. */
  statements: AnalysedStatement[];
}

/** The portable form of one analysis and its text model; `lexicon`'s caches of word facts make the wordings (nothing is interned). */
export function toAnalysed(text: string, analysis: DocumentAnalysis, model: TextModel, lexicon: Lexicon): AnalysedDocument {
  return {
    format: ANALYSIS_FORMAT,
    path: analysis.path,
    text,
    analysis,
    statements: analysis.statements.map((s) => {
      const tokens = spanTokens(model, s);
      const out: AnalysedStatement = { tags: tagsOf(tokens), wording: pack(wordingOf(lexicon, tokens)) };
      if (s.kind === 'quote' && s.partial) {
        const span = contextOf(model, analysis.sentences, s);
        out.context = { text: text.slice(span.start, span.end), wording: pack(wordingOf(lexicon, spanTokens(model, span))) };
      }
      return out;
    }),
  };
}

/** A span's tokens, empty ones skipped. */
function spanTokens(model: TextModel, span: Span): TokenInfo[] {
  const t = model.tokens;
  const out: TokenInfo[] = [];
  for (let i = tokenAt(t, span.start); i < t.start.length && t.start[i] < span.end; i++) {
    if (t.end[i] <= t.start[i]) continue;
    out.push({ value: t.value[i], lemma: t.lemma[i], pos: t.pos[i] });
  }
  return out;
}

function tagsOf(tokens: readonly TokenInfo[]): string {
  let tags = '';
  for (const { pos } of tokens) {
    const code = POS_CODE.get(pos);
    if (code === undefined) return JSON.stringify(tokens.map((t) => t.pos));
    tags += String.fromCharCode(CODE0 + code);
  }
  return tags;
}

function pack({ words, lemmas, flags, numbers }: Wording): PackedWording {
  let packed = true;
  let f = '';
  const short: string[] = new Array(words.length);
  for (let k = 0; k < words.length; k++) {
    f += String.fromCharCode(CODE0 + flags[k]);
    if (lemmas[k] === '' && words[k] !== '') packed = false;
    if (words[k].includes(SEP) || lemmas[k].includes(SEP)) packed = false;
    short[k] = lemmas[k] === words[k] ? '' : lemmas[k];
  }
  const out: PackedWording = packed ? { words: words.join(SEP), lemmas: short.join(SEP), flags: f } : { words, lemmas, flags: f };
  if (numbers.length) {
    out.numbers = numbers.map((n) => [Number.isFinite(n.value) ? n.value : String(n.value), n.at, (n.relative ? 1 : 0) + (n.approx ? 2 : 0), n.surface]);
  }
  return out;
}

/** A packed wording as matching's `preparedFrom` takes it. */
export function unpackWording(p: PackedWording): Wording {
  const m = p.flags.length;
  const flags: number[] = new Array(m);
  let negations = 0;
  for (let k = 0; k < m; k++) {
    flags[k] = p.flags.charCodeAt(k) - CODE0;
    if (flags[k] & F_NEG) negations++;
  }
  let words: string[], lemmas: string[];
  if (typeof p.words !== 'string') {
    words = p.words;
    lemmas = p.lemmas as string[];
  } else if (m === 0) {
    words = [];
    lemmas = [];
  } else {
    words = p.words.split(SEP);
    lemmas = (p.lemmas as string).split(SEP);
    for (let k = 0; k < m; k++) if (lemmas[k] === '') lemmas[k] = words[k];
  }
  const numbers: NumberMention[] = [];
  if (p.numbers) {
    for (const [v, at, bits, surface] of p.numbers) {
      const value = Number(v);
      numbers.push({ key: numberKey(value), value, at, relative: (bits & 1) !== 0, approx: (bits & 2) !== 0, surface });
    }
  }
  return { lemmas, words, flags, numbers, negations };
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
