// The text model: paragraphs, sentences and tokens with exact UTF-16 offsets.
// wink-nlp (English lite model) does tokenisation, sentence splitting
// (abbreviation-aware: U.S., Sept., Mr.), lemmas and part-of-speech tags; this
// module maps its tokens back onto offsets into the original string.
import type WinkNLP from 'wink-nlp';
import type WinkModel from 'wink-eng-lite-web-model';
import type Allowed from 'wink-nlp/src/allowed.js';
import type { Sentence, Span } from '../model';
import { isSpace, isTrimmable } from './chars';
import { lowerBound } from './search';
import { grown } from '../arrays';

type Nlp = ReturnType<typeof WinkNLP>;
type WinkTokens = ReturnType<ReturnType<Nlp['readDoc']>['tokens']>;

interface Wink {
  winkNLP: typeof WinkNLP;
  /** The model as wink can load it more than once (below). */
  model: typeof WinkModel;
  allowed: typeof Allowed;
}

/**
 * wink and its model, loaded on the first text read rather than at import:
 * requiring them takes ~100 ms (23 ms + 65–83 ms measured alone), which a
 * process that reads no text (a CLI run printing a stored result, `--help`)
 * no longer pays. The model as wink can load it more
 * than once: its `metaCER` loader re-stringifies the JSON it stringified on
 * the last load (a module variable of wink-eng-lite-web-model), so a second
 * instance got a doubly encoded string; its one load (0.2 ms) is made here and
 * handed to every instance. The engine's one process-wide value: made once,
 * never changed, the same for every engine (as a module import would be).
 */
const wink = once((): Wink => {
  const model: typeof WinkModel = require('wink-eng-lite-web-model');
  const loaded: unknown = (model as unknown as { metaCER: () => unknown }).metaCER();
  return {
    winkNLP: require('wink-nlp'),
    model: { ...model, metaCER: () => loaded } as typeof WinkModel,
    allowed: require('wink-nlp/src/allowed.js'),
  };
});

function once<T>(make: () => T): () => T {
  const box: { value?: T } = {};
  return () => (box.value ??= make());
}

/**
 * When wink is loaded afresh. It never forgets a word, and the words it learns
 * are slices of the text they came from, so they keep that whole text alive:
 * analysing a 20 MB document left 286 MB behind after the document was gone
 * (now none), and a long editing session grows the lexicon with every typo.
 * Learnt words do not change how a text is read (`forgetLearnedLexemes`), so a
 * fresh instance, with the lexeme-id memos emptied with it, reads every text
 * exactly as before (`test/history.test.ts`; the CLI's JSON on the PolNeAR
 * articles is byte-identical when wink is renewed after every article). A
 * renewal costs one model load (~80 ms): after a text of more than a million
 * characters (seconds of analysis), or 200,000 learnt words.
 */
const RENEW_AFTER_LEARNT = 200_000;
const RENEW_AFTER_CHARS = 1_000_000;

interface WinkCache {
  lookup(text: string): number[] | null;
  add(text: string, category: number): number;
  intrinsicSize(): number;
  currentSize(): number;
}

/**
 * wink-nlp adds every word it has not seen before to its lexicon, and its
 * tokenizer asks that lexicon whether a string is a word: once "man's" has
 * been learnt from one article it is no longer split into "man" + "'s" in the
 * next. The tokens of a text, and so its statements, would depend on the texts
 * read before it (in another order, or before an edit, an article gave other
 * claims). So the tokenizer's lookups see only the model's own lexicon: every
 * text is tokenised as if it were the first. Learnt words still get their
 * lexeme ids (token values and the lemma memo read them). wink offers no
 * option for this; its cache is reached once, through a token mapper
 * registered for the call.
 *
 * wink also fixes a word's features when it first learns it: its token
 * category, and the part of speech it guesses from that for a word its model
 * lacks. "01" met first inside "IE5.01" (a word) was tagged PROPN in "In 2000
 * - 01 under Brown", met first in "01 / 5 / 2011" (a number) NUM: an
 * article's tags, and the wordings matching keys on, depended on which
 * articles its worker thread had read before. So a word learnt from an
 * earlier text is used again only where learning it afresh would give the
 * same entry (the same category, for the word and for its lower-cased
 * normal, to which it points); otherwise it is dropped from wink's hash first
 * and learnt again. Only those few words are learnt twice (`nextText` starts
 * each text).
 */
function forgetLearnedLexemes(n: Nlp, allowed: typeof Allowed, lexemes: LexemeTable): LearntWords {
  const grab = (_index: number, rdd: { cache: WinkCache }) => rdd.cache;
  allowed.its4token.add(grab);
  let cache: WinkCache;
  try {
    cache = n.readDoc('a').tokens().itemAt(0).out(grab as unknown as Parameters<ReturnType<ReturnType<Nlp['readDoc']>['tokens']>['out']>[0]) as unknown as WinkCache;
  } finally {
    allowed.its4token.delete(grab);
  }
  const lookup = cache.lookup;
  const add = cache.add;
  const intrinsic = cache.intrinsicSize();
  const { hash, list } = lexemes;
  // per learnt entry (index - intrinsic): the category it was learnt with, the entry it points to as its normal, the text it was last found good for
  const category: number[] = [];
  const normal: number[] = [];
  const goodFor: number[] = [];
  let text = 0;
  let textStart = list.length;
  /** Whether entry `i` is as this text would have learnt it: the model's, learnt from this text, or checked in it. */
  const current = (i: number) => i < intrinsic || i >= textStart || goodFor[i - intrinsic] === text;
  /** An entry learnt before this text, to be found as this text would learn it with `cat` and normal `norm` (-1: the entry itself): kept, or dropped from the hash to be learnt again. */
  const check = (word: string, i: number, cat: number, norm: number) => {
    const k = i - intrinsic;
    if (category[k] === cat && normal[k] === (norm < 0 ? i : norm)) goodFor[k] = text;
    else delete hash[word];
  };
  // Adding a word reads its own entry back (the model's POS feature): inside `add`, lookups see everything.
  let adding = 0;
  cache.add = (word: string, cat: number) => {
    adding++;
    try {
      // wink's add looks up the word, then its lower-cased form (its normal), and learns whichever is missing with `cat`
      const lower = word.toLowerCase();
      if (lower !== word) {
        const l = hash[lower];
        if (l !== undefined && !current(l)) check(lower, l, cat, -1);
      }
      const w = hash[word];
      if (w !== undefined && !current(w)) check(word, w, cat, lower === word ? -1 : hash[lower] ?? -2);
      const from = list.length;
      const index = add(word, cat);
      for (let i = from; i < list.length; i++) {
        category[i - intrinsic] = cat;
        normal[i - intrinsic] = i === index && lower !== word ? hash[lower] : i;
      }
      return index;
    } finally {
      adding--;
    }
  };
  cache.lookup = (word: string) => {
    const found = lookup(word);
    return adding === 0 && found !== null && found.length === 1 && found[0] >= intrinsic ? null : found;
  };
  return {
    cache,
    nextText: () => {
      text++;
      textStart = list.length;
    },
  };
}

interface LearntWords {
  cache: WinkCache;
  /** Called before each text: words learnt from earlier texts are checked again when this one meets them. */
  nextText(): void;
}

/** wink's table of lexemes (its core model's `features.lexeme`): every word by index, and the index of each by its text. */
interface LexemeTable {
  list: string[];
  hash: Record<string, number>;
}

/** Tokens as parallel arrays (compact for large corpora). */
export interface Tokens {
  start: Int32Array;
  end: Int32Array;
  /** Lower-cased lemma ("declined" -> "decline"). */
  lemma: string[];
  /** Universal POS tag (NOUN, PROPN, VERB, NUM, PUNCT, ...). */
  pos: string[];
  /** Raw token text. */
  value: string[];
}

export interface TextModel {
  text: string;
  paragraphs: Span[];
  sentences: Sentence[];
  tokens: Tokens;
  /** For each sentence, the index range [from, to) of its tokens. */
  sentenceTokens: Span[];
}

/** Trim white space from both ends of [start, end). */
function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && isTrimmable(text.charCodeAt(start))) start++;
  while (end > start && isTrimmable(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

/** Each non-blank line is a paragraph (news text puts one paragraph per line). */
export function splitParagraphs(text: string): Span[] {
  const out: Span[] = [];
  let lineStart = 0;
  const push = (s: number, e: number) => {
    const t = trimSpan(text, s, e);
    if (t.end > t.start) out.push(t);
  };
  // (a regex finds line breaks three times faster than a loop over isLineBreak)
  for (const m of text.matchAll(/\r\n|\n|\r|\u2028|\u2029/g)) {
    push(lineStart, m.index);
    lineStart = m.index + m[0].length;
  }
  push(lineStart, text.length);
  return out;
}

/**
 * What a reader keeps across documents, by wink lexeme id; emptied with each
 * wink renewal (lexeme ids are the instance's).
 *
 * Lemmas: wink's lemma of a token that is not part of a contraction depends
 * only on its lexeme and its POS tag (an exception list, or a lexicon lookup
 * of the suffix-stripped form), yet computing it for every token (its.lemma)
 * cost about a tenth of the analysis. Per lexeme the memo keeps the
 * lower-cased lemmas of the two POS tags last seen ("report" as NOUN and
 * VERB); a token with a third asks wink again and replaces the older entry.
 * Flat arrays indexed by lexeme id, not a Map: the lookup runs ~900 times per
 * article and a Map probe cost as much as wink. Contractions ("n't" -> "not")
 * carry their own lemma and always ask wink.
 *
 * Values: a token's text is its lexeme's (its.value reads wink's lexeme list,
 * which only grows), and reading it here saves a pass through wink's API per
 * document. A document with many lexemes not seen yet reads them all from
 * wink at once.
 */
class LexemeMemo {
  lemma0: string[] = [];
  lemma1: string[] = [];
  /** The POS code (1-based, TextReader.posCode) lemma0/1 was computed for; 0: none. */
  pos0: Uint8Array = new Uint8Array(1 << 17);
  pos1: Uint8Array = new Uint8Array(1 << 17);
  value: (string | undefined)[] = [];

  tokenValues(all: WinkTokens, ids: number[]): string[] {
    const n = ids.length;
    const values: string[] = new Array(n);
    let unseen = 0;
    for (let i = 0; i < n; i++) {
      const v = this.value[ids[i]];
      if (v === undefined) unseen++;
      else values[i] = v;
    }
    if (unseen === 0) return values;
    if (unseen > 32) {
      const fresh = all.out() as string[];
      for (let i = 0; i < n; i++) this.remember(ids[i], fresh[i]);
      return fresh;
    }
    for (let i = 0; i < n; i++) if (values[i] === undefined) values[i] = this.remember(ids[i], all.itemAt(i).out() as string);
    return values;
  }

  private remember(id: number, value: string): string {
    while (this.value.length <= id) this.value.push(undefined);
    this.value[id] = value;
    return value;
  }

  /** Makes room for lexeme `id` in the POS tables. */
  reserve(id: number): void {
    if (id < this.pos0.length) return;
    const size = Math.max(id + 1, this.pos0.length * 2);
    this.pos0 = grown(this.pos0, size);
    this.pos1 = grown(this.pos1, size);
  }
}

/**
 * Longest run of non-space characters wink-nlp is given. Its tokenizer's
 * patterns (e-mail, URL, hyphenated words) backtrack over a run, so its time
 * grows with the square of the run's length: 80 KB of `a-a-a-…` took 33 s.
 * Longer runs are cut by a space every MAX_RUN characters before wink sees
 * them (`guardRuns`); the offsets still point into the text as read. No word
 * of prose is this long; the longest URLs in the development articles are
 * 173 characters.
 */
export const MAX_RUN = 256;

/**
 * The text wink reads: `text` itself, or, when it has a run of more than
 * MAX_RUN non-space characters, a copy with a space inserted every MAX_RUN
 * characters of such runs (never inside a surrogate pair). `inserted` holds
 * the positions of those spaces in the copy, ascending.
 */
export function guardRuns(text: string): { fed: string; inserted: number[] } {
  const inserted: number[] = [];
  let parts: string[] | undefined;
  let from = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      run = 0;
      continue;
    }
    // a low surrogate stays with its high one
    if (run >= MAX_RUN && !(c >= 0xdc00 && c <= 0xdfff)) {
      (parts ??= []).push(text.slice(from, i));
      from = i;
      inserted.push(i + inserted.length);
      run = 0;
    }
    run++;
  }
  if (!parts) return { fed: text, inserted };
  parts.push(text.slice(from));
  return { fed: parts.join(' '), inserted };
}
/**
 * `fed` with each combining mark that follows no letter (after a space or a
 * line break, or first: mojibake such as "Ã ̈ne" from a mis-decoded "è")
 * replaced by a space, so wink never reads a token made of marks alone or
 * starting with one. wink tagged such a token after the texts read before it:
 * "Ogni impedimento ÃÂ ̈ distrutto" had another part of speech for " ̈" once
 * "SÃ©golÃ ̈ne" had been read (one PolNeAR article's analysis depended on the
 * order the texts came in). Same length: the offsets stand.
 */
function withoutOrphanMarks(fed: string): string {
  return fed.replace(ORPHAN_MARKS, (_m, before: string, marks: string) => before + ' '.repeat(marks.length));
}

const ORPHAN_MARKS = /(^|\s)(\p{M}+)/gu;

/**
 * Reads texts into text models. Owns a wink-nlp instance (loaded on first
 * use, ~80 ms, and renewed as above) and the memos kept across documents:
 * each engine has its own, so what one engine has read never reaches
 * another.
 */
export class TextReader {
  private nlp: Nlp | undefined;
  private learnt: LearntWords | undefined;
  private memo = new LexemeMemo();
  private readonly posCode = new Map<string, number>();

  private wink(): Nlp {
    // Only sentence boundaries and POS tags (lemmas come with them); the default
    // pipe's NER, negation and sentiment passes cost ~30% more and nothing here
    // reads them.
    if (!this.nlp) {
      const { winkNLP, model, allowed } = wink();
      // the instance's own copy of the core model (each `core()` parses afresh), for its lexeme table
      let core: { features: { lexeme: LexemeTable } } | undefined;
      const loader = { ...model, core: () => (core = (model.core as () => typeof core)()) } as typeof WinkModel;
      this.nlp = winkNLP(loader, ['sbd', 'pos']);
      this.learnt = forgetLearnedLexemes(this.nlp, allowed, core!.features.lexeme);
    }
    return this.nlp;
  }

  private renewIfGrown(textLength: number): void {
    const cache = this.learnt?.cache;
    if (!cache) return;
    if (textLength <= RENEW_AFTER_CHARS && cache.currentSize() - cache.intrinsicSize() < RENEW_AFTER_LEARNT) return;
    this.nlp = undefined;
    this.learnt = undefined;
    this.memo = new LexemeMemo();
  }

  read(text: string): TextModel {
    const paragraphs = splitParagraphs(text);
    const { fed: guarded, inserted } = guardRuns(text);
    const fed = withoutOrphanMarks(guarded);
    const nlp = this.wink();
    this.learnt!.nextText();
    const memo = this.memo;
    const doc = nlp.readDoc(fed);
    const its = nlp.its;
    const all = doc.tokens();
    const ids = all.out(its.uniqueId) as number[];
    const values = memo.tokenValues(all, ids);
    const spaces = all.out(its.precedingSpaces) as string[];
    const pos = all.out(its.pos) as string[];
    const contraction = all.out(its.contractionFlag) as boolean[];
    const lemma: string[] = new Array(values.length);
    const winkLemma = (i: number) => lemmaOf(all.itemAt(i).out(its.lemma as never) as string | undefined, values[i]);
    for (let i = 0; i < values.length; i++) {
      let code = this.posCode.get(pos[i]);
      if (code === undefined) this.posCode.set(pos[i], (code = this.posCode.size + 1));
      const id = ids[i];
      if (contraction[i] || code > 255) {
        lemma[i] = winkLemma(i);
        continue;
      }
      memo.reserve(id);
      if (memo.pos0[id] === code) {
        lemma[i] = memo.lemma0[id];
        continue;
      }
      if (memo.pos1[id] === code) {
        lemma[i] = memo.lemma1[id];
        continue;
      }
      while (memo.lemma0.length <= id) {
        memo.lemma0.push('');
        memo.lemma1.push('');
      }
      // the newest in slot 0, the one it displaces in slot 1
      memo.pos1[id] = memo.pos0[id];
      memo.lemma1[id] = memo.lemma0[id];
      lemma[i] = memo.lemma0[id] = winkLemma(i);
      memo.pos0[id] = code;
    }
    const n = values.length;
    const start = new Int32Array(n);
    const end = new Int32Array(n);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      at += spaces[i].length;
      if (fed.startsWith(v, at)) {
        start[i] = at;
      } else {
        // wink normalises a few characters; find the token where it really is.
        const found = fed.indexOf(v, at);
        start[i] = found >= 0 && found - at < 16 ? found : at;
      }
      end[i] = Math.min(fed.length, start[i] + v.length);
      at = end[i];
    }
    if (inserted.length) {
      // back to offsets into `text`: less the spaces inserted before each
      let k = 0;
      for (let i = 0; i < n; i++) {
        while (k < inserted.length && inserted[k] < start[i]) k++;
        start[i] -= k;
        let e = k;
        while (e < inserted.length && inserted[e] < end[i]) e++;
        end[i] = Math.max(start[i], end[i] - e);
      }
    }
    const tokens: Tokens = { start, end, lemma, pos, value: values };

    // wink sentences as token ranges, then cut at paragraph (line) boundaries.
    const spansOfSentences = doc.sentences().out(its.span) as unknown as [number, number][];
    const sentences: Sentence[] = [];
    const sentenceTokens: Span[] = [];
    let p = 0;
    for (const [first, last] of spansOfSentences) {
      let i = first;
      while (i <= last) {
        // skip whitespace tokens
        while (i <= last && end[i] <= start[i]) i++;
        if (i > last) break;
        while (p < paragraphs.length && paragraphs[p].end <= start[i]) p++;
        if (p >= paragraphs.length) break;
        const para = paragraphs[p];
        let j = i;
        while (j + 1 <= last && start[j + 1] < para.end) j++;
        const s = trimSpan(text, Math.max(start[i], para.start), Math.min(end[j], para.end));
        if (s.end > s.start) {
          sentences.push({ start: s.start, end: s.end, paragraph: p });
          sentenceTokens.push({ start: i, end: j + 1 });
        }
        i = j + 1;
      }
    }
    this.renewIfGrown(text.length);
    return { text, paragraphs, sentences, tokens, sentenceTokens };
  }
}


function lemmaOf(l: string | undefined, value: string): string {
  return (l ?? value).toLowerCase();
}

/** FNV-1a over a string's UTF-16 units (32-bit, signed), continuing from `h`. */
export function fnv1a(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** Index of the first token whose end is after `offset`; the token count if none. */
export function tokenAt(tokens: Tokens, offset: number): number {
  return lowerBound(tokens.end.length, (i) => tokens.end[i] > offset);
}
