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
 * interns anything), packed: three short strings instead of strings per word
 * (most of a stored document, and of the objects a worker's answer is cloned
 * into). `lemmas`, `words`: per word one character, CODE0 + the index of its
 * string in the document's `vocab` (each distinct string once: the thread
 * that interns looks each up once per document, not once per word), or the
 * indexes as numbers where one is past MAX_INDEX; `flags`: one character per
 * word, CODE0 + its flags; `numbers` (when there are any): [value, at,
 * relative + 2 * approx, surface] each, the value as a string where JSON
 * would not keep it.
 */
export interface PackedWording {
  lemmas: string | number[];
  words: string | number[];
  flags: string;
  numbers?: [number | string, number, number, string][];
}

const SEP = ' ';
/** wink's part-of-speech tags (Universal Dependencies). */
const POS_TAGS = ['ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM', 'PART', 'PRON', 'PROPN', 'PUNCT', 'SCONJ', 'SYM', 'VERB', 'X', 'SPACE'] as const;
const POS_CODE = new Map<string, number>(POS_TAGS.map((t, i) => [t, i]));
const CODE0 = 0x30;
/** The last vocabulary index packed as a character (below the surrogates). */
const MAX_INDEX = 0xd7ff - CODE0;

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
  /** The distinct strings of the statements' wordings, joined by SEP (an array when one holds a SEP). */
  vocab: string | string[];
}

/** The portable form of one analysis and its text model; `lexicon`'s caches of word facts make the wordings (nothing is interned). */
export function toAnalysed(text: string, analysis: DocumentAnalysis, model: TextModel, lexicon: Lexicon): AnalysedDocument {
  const vocab = new Vocabulary();
  const statements = analysis.statements.map((s) => {
    const tokens = spanTokens(model, s);
    const out: AnalysedStatement = { tags: tagsOf(tokens), wording: vocab.pack(wordingOf(lexicon, tokens)) };
    if (s.kind === 'quote' && s.partial) {
      const span = contextOf(model, analysis.sentences, s);
      out.context = { text: text.slice(span.start, span.end), wording: vocab.pack(wordingOf(lexicon, spanTokens(model, span))) };
    }
    return out;
  });
  return { format: ANALYSIS_FORMAT, path: analysis.path, text, analysis, statements, vocab: vocab.packed() };
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

/** One document's distinct wording strings, indexed in order of first use. */
class Vocabulary {
  readonly #index = new Map<string, number>();
  readonly #list: string[] = [];

  pack({ words, lemmas, flags, numbers }: Wording): PackedWording {
    const m = words.length;
    const li: number[] = new Array(m);
    const wi: number[] = new Array(m);
    let f = '', big = false;
    for (let k = 0; k < m; k++) {
      f += String.fromCharCode(CODE0 + flags[k]);
      li[k] = this.#indexOf(lemmas[k]);
      wi[k] = this.#indexOf(words[k]);
      if (li[k] > MAX_INDEX || wi[k] > MAX_INDEX) big = true;
    }
    const out: PackedWording = big ? { lemmas: li, words: wi, flags: f } : { lemmas: chars(li), words: chars(wi), flags: f };
    if (numbers.length) {
      out.numbers = numbers.map((n) => [Number.isFinite(n.value) ? n.value : String(n.value), n.at, (n.relative ? 1 : 0) + (n.approx ? 2 : 0), n.surface]);
    }
    return out;
  }

  packed(): string | string[] {
    return this.#list.some((s) => s.includes(SEP)) ? this.#list : this.#list.join(SEP);
  }

  #indexOf(s: string): number {
    let i = this.#index.get(s);
    if (i === undefined) this.#index.set(s, (i = this.#list.push(s) - 1));
    return i;
  }
}

function chars(indexes: readonly number[]): string {
  let out = '';
  for (const i of indexes) out += String.fromCharCode(CODE0 + i);
  return out;
}

/** A document's `vocab` as `unpackWording` takes it. */
export function vocabOf(doc: AnalysedDocument): string[] {
  return typeof doc.vocab === 'string' ? doc.vocab.split(SEP) : doc.vocab;
}

/** A packed wording as matching's `preparedFrom` takes it; `vocab`: its document's (`vocabOf`). */
export function unpackWording(p: PackedWording, vocab: readonly string[]): Wording {
  const m = p.flags.length;
  const flags: number[] = new Array(m);
  const lemmas: string[] = new Array(m);
  const words: string[] = new Array(m);
  let negations = 0;
  for (let k = 0; k < m; k++) {
    flags[k] = p.flags.charCodeAt(k) - CODE0;
    if (flags[k] & F_NEG) negations++;
    lemmas[k] = vocab[typeof p.lemmas === 'string' ? p.lemmas.charCodeAt(k) - CODE0 : p.lemmas[k]];
    words[k] = vocab[typeof p.words === 'string' ? p.words.charCodeAt(k) - CODE0 : p.words[k]];
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
