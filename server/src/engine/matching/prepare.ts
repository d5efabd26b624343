// Statement preparation: normalised words and lemmas as interned ids, word
// flags, numbers, and (on first comparison) the sorted hashes the overlap
// features count. The interner is a `Lexicon`, one per Matcher: ids mean
// nothing outside the lexicon that made them.
import { TextReader, type TextModel } from '../text/text';
import { grown } from '../arrays';
import {
  LIGHT_LEMMAS, NEGATIONS, STOP, canonicalWord, isDateWord, isScaleWord, numberKey, numberValue, scaleValue,
} from './normalize';
import type { WordEntry, WordNet } from '../lexicon/wordnet';

export interface TokenInfo {
  value: string;
  lemma: string;
  pos: string;
}

export const F_CONTENT = 1;
export const F_NUMBER = 2;
export const F_NAME = 4;
export const F_DATE = 8;
export const F_NEG = 16;
export const F_VERB = 32;
export const F_NOUN = 64;
export const F_ADJ = 128;

export interface NumberMention {
  /** Canonical numeric string ("11", "2500000000"). */
  key: string;
  value: number;
  /** Index into words. */
  at: number;
  /** "eleven other countries", "two more": relative to some other count. */
  relative: boolean;
  /** "about 40", "more than 12": approximate. */
  approx: boolean;
  /** Text as written ("eleven", "$2.5 billion"). */
  surface: string;
}

/** A statement ready for comparison. Build with `Lexicon.prepare`. */
export interface Prepared {
  readonly text: string;
  /** Canonical surface words (punctuation dropped, quote marks folded, "U.S." -> "usa", numbers canonical); built on each access from wid. */
  readonly words: string[];
  /** Canonical lemmas, parallel to words; built on each access from lid. */
  readonly lemmas: string[];
  /** Bit flags per word (F_*). */
  readonly flags: Uint8Array;
  /** Interned ids of lemmas / words (for fast n-gram and LCS work); `Lexicon.name` gives the strings. */
  readonly lid: Int32Array;
  readonly wid: Int32Array;
  /** Indexes of content words. */
  readonly content: Int32Array;
  readonly numbers: NumberMention[];
  readonly negations: number;
  /**
   * Sorted 32-bit hashes, one after another: n-grams of lid (n = 1..4; n = 1
   * is the ids themselves), wid unigrams (the ids), lemma char trigrams from
   * `hc3`, content-word char 4-grams from `hc4` to the end.
   */
  readonly h: Int32Array;
  readonly hc3: number;
  readonly hc4: number;
  /** Views into h (built on each access; for tests and tools). */
  readonly grams: Int32Array[];
  readonly wuni: Int32Array;
  readonly char3: Int32Array;
  readonly char4: Int32Array;
  /** Distinct lemma ids, sorted. */
  readonly ulid: Int32Array;
  /** Cached IDF weights per content word, for the idf function in `idfOf`. */
  weights?: Float64Array;
  idfOf?: (t: string) => number;
  /** Forgets the n-gram hashes, the bulk of its memory (`h` makes them again, the same, should it be compared again). */
  dropHashes(): void;
}

class Prep implements Prepared {
  weights?: Float64Array = undefined;
  idfOf?: (t: string) => number = undefined;
  /** The hashes, computed on first comparison: a statement never judged (27% of them on the PolNeAR texts) never pays for them. */
  #h: Int32Array | undefined = undefined;
  #hc3 = 0;
  #hc4 = 0;
  readonly #lx: Lexicon;
  constructor(
    lx: Lexicon,
    readonly text: string,
    readonly flags: Uint8Array,
    readonly lid: Int32Array,
    readonly wid: Int32Array,
    readonly content: Int32Array,
    readonly numbers: NumberMention[],
    readonly negations: number,
    readonly ulid: Int32Array,
  ) {
    this.#lx = lx;
  }
  get h(): Int32Array {
    if (this.#h === undefined) {
      const r = hashesOf(this.#lx, this.flags, this.lid, this.wid);
      this.#h = r.h;
      this.#hc3 = r.hc3;
      this.#hc4 = r.hc4;
    }
    return this.#h;
  }
  dropHashes(): void {
    this.#h = undefined;
  }
  get hc3(): number {
    return this.#h === undefined ? (this.h, this.#hc3) : this.#hc3;
  }
  get hc4(): number {
    return this.#h === undefined ? (this.h, this.#hc4) : this.#hc4;
  }
  get words(): string[] {
    return Array.from(this.wid, (id) => this.#lx.name(id));
  }
  get lemmas(): string[] {
    return Array.from(this.lid, (id) => this.#lx.name(id));
  }
  get grams(): Int32Array[] {
    const m = this.lid.length;
    const g2 = Math.max(0, m - 1), g3 = Math.max(0, m - 2), g4 = Math.max(0, m - 3);
    const h = this.h;
    return [h.subarray(0, m), h.subarray(m, m + g2), h.subarray(m + g2, m + g2 + g3), h.subarray(m + g2 + g3, m + g2 + g3 + g4)];
  }
  get wuni(): Int32Array {
    return this.h.subarray(this.hc3 - this.lid.length, this.hc3);
  }
  get char3(): Int32Array {
    return this.h.subarray(this.hc3, this.hc4);
  }
  get char4(): Int32Array {
    return this.h.subarray(this.hc4);
  }
}

const CONTENT_POS = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ', 'ADV', 'NUM', 'X', 'INTJ']);
const RELATIVE_AFTER = new Set(['other', 'more', 'additional', 'another', 'further', 'extra']);
const APPROX_BEFORE = new Set(['about', 'around', 'nearly', 'almost', 'roughly', 'approximately', 'some', 'over', 'than', 'least', 'most', 'up', 'under', 'estimated', 'several']);

/** Facts about one canonical word, computed once per distinct string. */
interface Canon {
  s: string;
  /** Interned id (0 until first needed, so interning order is that of first use). */
  id: number;
  neg: boolean;
  stop: boolean;
  light: boolean;
  date: boolean;
}
/** Facts about one token value (or lemma) as written. */
interface Lex {
  lower: string;
  num: number;
  /** /^[\d$.,]/ */
  digitish: boolean;
  hasDigit: boolean;
  scale: boolean;
  c: Canon;
}

/**
 * Typed arrays of prepared statements are carved out of shared slabs: an
 * ArrayBuffer per array costs more than the rest of prepare (measured:
 * prepare 1.6x faster on MRPC sentences, compare 1.15x). A slab is freed when no statement
 * prepared in it is alive (one document's statements usually die together).
 */
class Slab {
  static readonly SIZE = 32768;
  #buf = new ArrayBuffer(Slab.SIZE);
  #off = 0;
  /** Reserve `bytes` (rounded up to 8): the buffer and the byte offset. */
  alloc(bytes: number): [ArrayBuffer, number] {
    const need = (bytes + 7) & ~7;
    if (need > Slab.SIZE / 4) return [new ArrayBuffer(need), 0];
    if (this.#off + need > Slab.SIZE) {
      this.#buf = new ArrayBuffer(Slab.SIZE);
      this.#off = 0;
    }
    const at = this.#off;
    this.#off += need;
    return [this.#buf, at];
  }
  i32(len: number): Int32Array {
    const [buf, at] = this.alloc(4 * len);
    return new Int32Array(buf, at, len);
  }
}

/**
 * Small values (0..254) by pair of ids, open addressing in typed arrays
 * (a Map keyed by lo * PAIR_ID_LIMIT + hi boxes the keys past 2^31: see
 * ARCHITECTURE.md, "Main-thread CPU", for what it cost).
 */
class PairTable {
  #lo = new Int32Array(1 << 12);
  #hi = new Int32Array(1 << 12);
  /** value + 1; 0: an empty slot. */
  #v = new Uint8Array(1 << 12);
  size = 0;

  /** The value, or -1. */
  get(lo: number, hi: number): number {
    const mask = this.#v.length - 1;
    for (let i = pairHash(lo, hi) & mask; ; i = (i + 1) & mask) {
      const v = this.#v[i];
      if (v === 0) return -1;
      if (this.#lo[i] === lo && this.#hi[i] === hi) return v - 1;
    }
  }

  set(lo: number, hi: number, value: number): void {
    if (2 * (this.size + 1) > this.#v.length) this.#grow();
    const mask = this.#v.length - 1;
    let i = pairHash(lo, hi) & mask;
    while (this.#v[i] !== 0 && (this.#lo[i] !== lo || this.#hi[i] !== hi)) i = (i + 1) & mask;
    if (this.#v[i] === 0) this.size++;
    this.#lo[i] = lo;
    this.#hi[i] = hi;
    this.#v[i] = value + 1;
  }

  clear(): void {
    this.#v.fill(0);
    this.size = 0;
  }

  #grow(): void {
    const lo = this.#lo, hi = this.#hi, v = this.#v;
    this.#lo = new Int32Array(2 * v.length);
    this.#hi = new Int32Array(2 * v.length);
    this.#v = new Uint8Array(2 * v.length);
    this.size = 0;
    for (let i = 0; i < v.length; i++) if (v[i] !== 0) this.set(lo[i], hi[i], v[i] - 1);
  }
}

function pairHash(lo: number, hi: number): number {
  const h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi ^ (hi >>> 15), 0x85ebca6b);
  return h ^ (h >>> 13);
}

/**
 * WordNet relations as align uses them, closest first (`Lexicon.relation`):
 * 1 + the relation's place in WordNet's order (same, synonym, derivation,
 * antonym, entailment, hypernym; `WordNet.relationOf`), 0 for none.
 */
export const REL_NONE = 0;
export const REL_ANTONYM = 4;
/** Pairs of ids below this are kept (`PairTable`); past it (never seen in practice) asked each time. */
const PAIR_ID_LIMIT = 1 << 26;

/** Entries kept in each fact cache before it starts over (a bound on memory, not a tuning knob). */
const CACHE_MAX = 500000;

/**
 * The interner of lemma and word strings (ids from 1, in order of first use)
 * and the facts of each string, cached. It never shrinks: prepared
 * statements hold its ids. One per Matcher; `prepare` is its main use.
 */
export class Lexicon {
  /** Reads free-standing texts handed to `prepare` without their tokens (the engine's own reader). */
  readonly #reader: TextReader;
  readonly #ids = new Map<string, number>();
  /** id -> string (index 0 unused). */
  readonly #names: string[] = [''];
  /** The Canon of each id made by `prepare` (synonym masks at compare time). */
  readonly #canons: Canon[] = [];
  readonly #canonCache = new Map<string, Canon>();
  readonly #lexCache = new Map<string, Lex>();
  readonly slab = new Slab();
  /** The n-gram hashes (`Prepared.h`) in slabs of their own, so that hashes dropped together (`Prepared.dropHashes`) free whole slabs. */
  readonly hashSlab = new Slab();
  /** WordNet relations by pair of ids. */
  readonly #relations = new PairTable();
  /** Per id, WordNet's entry for its string (`#wordEntry`). */
  readonly #wordEntries: (WordEntry | undefined)[] = [];

  /** `wordnet`: the matcher's WordNet; without it, words align only when they are equal or look alike. */
  constructor(reader: TextReader = new TextReader(), readonly wordnet?: WordNet) {
    this.#reader = reader;
  }

  /** Ids handed out so far. */
  get size(): number {
    return this.#ids.size;
  }

  /** Interned id of a string. */
  id(s: string): number {
    let v = this.#ids.get(s);
    if (v === undefined) {
      v = this.#ids.size + 1;
      this.#ids.set(s, v);
      this.#names[v] = s;
    }
    return v;
  }

  /** The string an interned id stands for. */
  name(id: number): string {
    return this.#names[id];
  }

  /** The facts of a lemma or word id made by `prepare`. */
  canonAt(id: number): Canon {
    return this.#canons[id];
  }

  canon(s: string): Canon {
    let c = this.#canonCache.get(s);
    if (c === undefined) {
      if (this.#canonCache.size > CACHE_MAX) this.#canonCache.clear();
      c = { s, id: 0, neg: NEGATIONS.has(s), stop: STOP.has(s), light: LIGHT_LEMMAS.has(s), date: isDateWord(s) };
      this.#canonCache.set(s, c);
    }
    return c;
  }

  /**
   * Per id made by `prepare`, 2 slots: the first UTF-16 code of its string
   * (-1 when empty) and whether WordNet knows it (0 not asked yet, 1 yes,
   * 2 no: see `inWordNet`): the facts align's pass 2 tests for every pair of
   * words, flat (measured: compare 1.1x faster on MRPC pairs than calling
   * fuzzyMatch for every pair).
   */
  keys = new Int32Array(2 * 4096);

  canonId(c: Canon): number {
    if (c.id === 0) {
      const id = (c.id = this.id(c.s));
      this.#canons[id] = c;
      if (this.keys.length < 2 * (id + 1)) this.keys = grown(this.keys, 4 * (id + 1));
      this.keys[2 * id] = c.s.length ? c.s.charCodeAt(0) : -1;
    }
    return c.id;
  }

  /** Whether WordNet has a base form of the string of `id` (an id made by `prepare`; false without WordNet). Asked once per id. */
  inWordNet(id: number): boolean {
    const k = 2 * id + 1;
    let v = this.keys[k];
    if (v === 0) {
      const wn = this.wordnet;
      v = this.keys[k] = wn && /^[a-z][a-z'-]*$/.test(this.#names[id]) && wn.lemmas(this.#names[id]).length > 0 ? 1 : 2;
    }
    return v === 1;
  }

  /**
   * WordNet's relation between the strings of two ids (`REL_*`; REL_NONE
   * without WordNet), cached by the pair of ids: WordNet's own memo keys on
   * strings, and align asks this for most pairs of content words.
   */
  relation(a: number, b: number): number {
    const wn = this.wordnet;
    if (!wn) return REL_NONE;
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    if (hi >= PAIR_ID_LIMIT) return 1 + wn.relationOf(this.#wordEntry(wn, lo), this.#wordEntry(wn, hi));
    let v = this.#relations.get(lo, hi);
    if (v < 0) {
      v = 1 + wn.relationOf(this.#wordEntry(wn, lo), this.#wordEntry(wn, hi));
      if (this.#relations.size >= CACHE_MAX) this.#relations.clear();
      this.#relations.set(lo, hi, v);
    }
    return v;
  }

  /** WordNet's entry for the string of `id`, kept per id (measured on 1,486 mixed articles: `relation` takes half the time it took asking WordNet by strings per pair). */
  #wordEntry(wn: WordNet, id: number): WordEntry {
    return (this.#wordEntries[id] ??= wn.entry(this.#names[id]));
  }

  lex(s: string): Lex {
    let r = this.#lexCache.get(s);
    if (r === undefined) {
      if (this.#lexCache.size > CACHE_MAX) this.#lexCache.clear();
      const lower = s.toLowerCase();
      r = { lower, num: numberValue(s), digitish: /^[\d$.,]/.test(s), hasDigit: /\d/.test(s), scale: isScaleWord(lower), c: this.canon(canonicalWord(s)) };
      this.#lexCache.set(s, r);
    }
    return r;
  }

  /** Normalise a statement. Pass its tokens (a slice of text.ts Tokens) to avoid re-tokenising. */
  prepare(text: string, tokens?: TokenInfo[]): Prepared {
    return preparedFrom(this, text, wordingOf(this, tokens ?? tokensOf(this.#reader, text)));
  }
}

function isNumberWord(t: TokenInfo, r: Lex): boolean {
  if (t.pos !== 'NUM' && !r.digitish) return !Number.isNaN(r.num) && t.pos !== 'PRON' && t.pos !== 'DET' && r.lower !== 'one';
  return !Number.isNaN(r.num) || r.scale;
}

function tokensOf(reader: TextReader, text: string): TokenInfo[] {
  let m: TextModel;
  try {
    m = reader.read(text);
  } catch {
    // wink gives no lemma for some unapostrophised contractions ("didnt"); spell them out.
    m = reader.read(text.replace(/\b([a-z]+)nt\b/gi, (w, s: string) => (/^(did|do|does|is|was|were|are|could|would|should|has|have|had|wo|ca|must|need)$/i.test(s) ? `${s}n't` : w)));
  }
  const t = m.tokens;
  const out: TokenInfo[] = new Array(t.value.length);
  for (let i = 0; i < out.length; i++) out[i] = { value: t.value[i], lemma: t.lemma[i], pos: t.pos[i] };
  return out;
}

/**
 * A statement's words as `prepare` makes them before anything is interned:
 * per kept word its canonical lemma and word and its flags (F_*), the numbers
 * and the count of negations. Plain strings and numbers: it depends on no
 * lexicon's ids, so another thread may make it (`wordingOf`) and any
 * lexicon intern it (`preparedFrom`); analysed.ts packs it for the
 * portable analysis.
 */
export interface Wording {
  lemmas: string[];
  words: string[];
  flags: number[];
  numbers: NumberMention[];
  negations: number;
}

/** The first half of `prepare`: a statement's wording from its tokens (uses only the lexicon's caches of facts, interns nothing). */
export function wordingOf(lx: Lexicon, toks: readonly TokenInfo[]): Wording {
  const numbers: NumberMention[] = [];
  let negations = 0;
  const n = toks.length;
  // per kept word: flags, lemma and word facts
  const flagList: number[] = [];
  const lemC: Canon[] = [];
  const wordC: Canon[] = [];
  for (let i = 0; i < n; i++) {
    const t = toks[i];
    const pos = t.pos;
    if (pos === 'PUNCT' || pos === 'SPACE') continue;
    const raw = t.value;
    if (raw === '$' || raw === '\u20ac' || raw === '\u00a3') continue;
    const r = lx.lex(raw);
    // numbers: "2.5 billion", "twenty - five", "eleven", "1,000"
    if (!r.scale && isNumberWord(t, r)) {
      let total = 0;
      let cur = r.num;
      let j = i + 1;
      let surface = raw;
      const isWordNum = !r.hasDigit;
      while (j < n) {
        const rv = lx.lex(toks[j].value);
        const v = rv.lower;
        if (rv.scale) {
          const s = scaleValue(v);
          if (s === 100) cur *= 100;
          else {
            total += cur * s;
            cur = 0;
          }
          surface += ' ' + toks[j].value;
          j++;
          continue;
        }
        if (isWordNum && (v === '-' || v === 'and') && j + 1 < n) {
          const r2 = lx.lex(toks[j + 1].value);
          if (!Number.isNaN(r2.num) && !r2.hasDigit) {
            cur += r2.num;
            surface += ' ' + toks[j].value + ' ' + toks[j + 1].value;
            j += 2;
            continue;
          }
        }
        if (isWordNum && !rv.hasDigit && !Number.isNaN(rv.num) && rv.num < 10 && cur >= 20 && cur % 10 === 0) {
          cur += rv.num;
          surface += ' ' + toks[j].value;
          j++;
          continue;
        }
        break;
      }
      const value = total + cur;
      const key = numberKey(value);
      const next = j < n ? lx.lex(toks[j].value).lower : '';
      const m = flagList.length;
      const prev = m ? wordC[m - 1].s : '';
      const kc = lx.canon(key);
      numbers.push({ key, value, at: m, relative: RELATIVE_AFTER.has(next), approx: APPROX_BEFORE.has(prev), surface });
      lemC.push(kc);
      wordC.push(kc);
      flagList.push(F_CONTENT | F_NUMBER);
      i = j - 1;
      continue;
    }
    let wc = r.c;
    if (!wc.s) continue;
    let lc = lx.lex(t.lemma).c;
    let w = wc.s;
    if (w === 'usa' || w === 'uk' || w === 'un' || wc.date) lc = wc;
    if (w === 'united' || w === 'per' || lc.s === 'turn' || lc.s === 'take') {
      const next = i + 1 < n ? lx.lex(toks[i + 1].value).lower : '';
      if ((w === 'united' && (next === 'states' || next === 'kingdom' || next === 'nations')) || (w === 'per' && next === 'cent')) {
        wc = lx.canon(next === 'states' ? 'usa' : next === 'kingdom' ? 'uk' : next === 'nations' ? 'un' : 'percent');
        lc = wc;
        i++;
      } else if (lc.s === 'turn' && next === 'down') {
        lc = lx.canon('reject');
        i++;
      } else if (lc.s === 'take' && next === 'part') {
        lc = lx.canon('participate');
        i++;
      }
      w = wc.s;
    }
    if (w === 'us' && raw === 'US') {
      wc = lc = lx.canon('usa');
      w = wc.s;
    }
    const lemma0 = lc.s;
    if (lemma0 === '' || lemma0 === 'wo' || lemma0 === 'ca') lc = wc;
    let f = 0;
    if (wc.neg || lc.neg) {
      f |= F_NEG;
      negations++;
    }
    if (CONTENT_POS.has(pos) && !wc.stop && !lc.stop && !lc.light && w.length > 0) {
      f |= F_CONTENT;
      if (pos === 'PROPN' || w === 'usa' || w === 'uk' || w === 'un') f |= F_NAME;
      else if (pos === 'VERB') f |= F_VERB;
      else if (pos === 'NOUN') f |= F_NOUN;
      else if (pos === 'ADJ' || pos === 'ADV') f |= F_ADJ;
      if (wc.date) f = (f & ~F_NAME) | F_DATE;
    }
    lemC.push(lc);
    wordC.push(wc);
    flagList.push(f);
  }
  const m = flagList.length;
  const lemmas: string[] = new Array(m);
  const words: string[] = new Array(m);
  for (let k = 0; k < m; k++) {
    lemmas[k] = lemC[k].s;
    words[k] = wordC[k].s;
  }
  return { lemmas, words, flags: flagList, numbers, negations };
}

/**
 * The second half of `prepare`: a wording's strings interned (in the order
 * lemma, word per position: ids are handed out in order of first use) and
 * laid out in the lexicon's slabs.
 */
export function preparedFrom(lx: Lexicon, text: string, { lemmas, words, flags: flagList, numbers, negations }: Wording): Prepared {
  const m = flagList.length;
  let nc = 0;
  for (let k = 0; k < m; k++) if (flagList[k] & F_CONTENT) nc++;
  const lid = lx.slab.i32(m);
  const wid = lx.slab.i32(m);
  const content = lx.slab.i32(nc);
  nc = 0;
  for (let k = 0; k < m; k++) {
    lid[k] = lx.canonId(lx.canon(lemmas[k]));
    wid[k] = lx.canonId(lx.canon(words[k]));
    if (flagList[k] & F_CONTENT) content[nc++] = k;
  }
  const u = lid.slice().sort();
  let nu = 0;
  for (let k = 0; k < m; k++) if (k === 0 || u[k] !== u[k - 1]) u[nu++] = u[k];
  const ulid = lx.slab.i32(nu);
  ulid.set(u.subarray(0, nu));
  const [buf, at] = lx.slab.alloc(m);
  const flags = new Uint8Array(buf, at, m);
  flags.set(flagList);
  return new Prep(lx, text, flags, lid, wid, content, numbers, negations, ulid);
}

/**
 * A statement's hashes (see `Prepared.h`) from its word and lemma ids:
 * n-grams of lemma ids, word unigrams, lemma character trigrams and
 * content-word character 4-grams.
 */
function hashesOf(lx: Lexicon, flags: Uint8Array, lid: Int32Array, wid: Int32Array): { h: Int32Array; hc3: number; hc4: number } {
  const m = lid.length;
  // character codes of ' ' + lemmas.join(' ') + ' ' (trigrams) and of
  // ' ' + content words joined by ' ' + ' ' (4-grams)
  let len3 = 2, len4 = 2, nc = 0;
  for (let k = 0; k < m; k++) {
    len3 += lx.name(lid[k]).length + (k > 0 ? 1 : 0);
    if (flags[k] & F_CONTENT) len4 += lx.name(wid[k]).length + (nc++ > 0 ? 1 : 0);
  }
  const c3 = new Uint16Array(len3);
  const c4 = new Uint16Array(len4);
  c3[0] = c4[0] = c3[len3 - 1] = c4[len4 - 1] = 32;
  for (let k = 0, q3 = 1, q4 = 1, seen = 0; k < m; k++) {
    if (k > 0) c3[q3++] = 32;
    const l = lx.name(lid[k]);
    for (let c = 0; c < l.length; c++) c3[q3++] = l.charCodeAt(c);
    if (flags[k] & F_CONTENT) {
      if (seen++ > 0) c4[q4++] = 32;
      const w = lx.name(wid[k]);
      for (let c = 0; c < w.length; c++) c4[q4++] = w.charCodeAt(c);
    }
  }
  const n3 = Math.max(0, c3.length - 2);
  const n4 = Math.max(0, c4.length - 3);
  const g2 = Math.max(0, m - 1), g3 = Math.max(0, m - 2), g4 = Math.max(0, m - 3);
  const hc3 = m + g2 + g3 + g4 + m;
  const hc4 = hc3 + n3;
  const h = lx.hashSlab.i32(hc4 + n4);
  ngramHashes4(lid, h);
  h.set(wid, hc3 - m);
  h.subarray(hc3 - m, hc3).sort();
  charGrams(c3, 3, h.subarray(hc3, hc4));
  charGrams(c4, 4, h.subarray(hc4));
  return { h, hc3, hc4 };
}

/** 32-bit mix of a non-negative integer below 2^53 (the n-gram hashes). */
function mix53(h: number): number {
  let x = (h >>> 0) ^ Math.imul(Math.floor(h / 4294967296), 0x9e3779b1);
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/**
 * Sorted n-gram hashes (n = 1..4) of ids into out, one after another (each
 * n-gram's hash extends its (n-1)-gram's; unigrams are the ids themselves).
 */
function ngramHashes4(ids: Int32Array, out: Int32Array): void {
  const L = ids.length;
  const b1 = L, b2 = b1 + Math.max(0, L - 1), b3 = b2 + Math.max(0, L - 2), b4 = b3 + Math.max(0, L - 3);
  for (let i = 0; i < L; i++) {
    let h = (0 * 1000003 + ids[i]) % 9007199254740881;
    out[i] = h;
    if (i + 1 >= L) continue;
    h = (h * 1000003 + ids[i + 1]) % 9007199254740881;
    out[b1 + i] = mix53(h);
    if (i + 2 >= L) continue;
    h = (h * 1000003 + ids[i + 2]) % 9007199254740881;
    out[b2 + i] = mix53(h);
    if (i + 3 >= L) continue;
    h = (h * 1000003 + ids[i + 3]) % 9007199254740881;
    out[b3 + i] = mix53(h);
  }
  out.subarray(0, b1).sort();
  out.subarray(b1, b2).sort();
  out.subarray(b2, b3).sort();
  out.subarray(b3, b4).sort();
}

/**
 * Sorted character n-grams (n = 3 or 4) of the codes s into out (length:
 * codes - n + 1): all-ASCII n-grams packed exactly into 21 / 28 bits, text
 * with other codes as 32-bit hashes with the sign bit set (never equal to a
 * packed ASCII n-gram).
 */
function charGrams(s: Uint16Array, n: 3 | 4, out: Int32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = gramHash(s, n, i);
  out.sort();
}

/**
 * 32-bit key of an n-gram of n codes. The key is equal for two n-grams exactly
 * when their 64-bit packing (c0 c1 c2 [c3], 16 bits each, rounded to a double
 * as the original Float64 hashes were: the low bits of c3 are lost when c0 is
 * large) is equal, up to 32-bit hash collisions for non-ASCII text. ASCII
 * n-grams pack exactly and in order; other keys have the sign bit set.
 */
function gramHash(s: Uint16Array, n: 3 | 4, i: number): number {
  const c0 = s[i], c1 = s[i + 1], c2 = s[i + 2];
  if (n === 3) {
    if ((c0 | c1 | c2) < 128) return (c0 << 14) | (c1 << 7) | c2;
    return mix53((c0 * 65536 + c1) * 65536 + c2) | 0x80000000;
  }
  const v = ((c0 * 65536 + c1) * 65536 + c2) * 65536 + s[i + 3];
  const hi = Math.floor(v / 4294967296);
  const lo = v - hi * 4294967296;
  if ((c0 | c1 | c2 | s[i + 3]) < 128) {
    // lo = c2 * 65536 + rounded c3 (at most 128)
    return (c0 << 22) | (c1 << 15) | (Math.floor(lo / 65536) << 8) | (lo & 0xffff);
  }
  let x = mix53(hi * 65536 + (lo >>> 16));
  x = mix53((x >>> 0) * 65536 + (lo & 0xffff));
  return x | 0x80000000;
}
