// Statement preparation (normalised words, lemmas, numbers, names) and the
// pairwise feature vector the learned model scores: lexical alignment with
// IDF weights, n-gram/LCS/BLEU overlaps, character trigrams, length, number,
// name, date and negation mismatches.
import { buildTextModel } from '../text/text';
import {
  LIGHT_LEMMAS, NEGATIONS, STOP, canonicalWord, commonPrefix, editDistance, isDateWord, isScaleWord,
  numberKey, numberValue, scaleValue, synonymMask,
} from './normalize';

export interface TokenInfo {
  value: string;
  lemma: string;
  pos: string;
}

const F_CONTENT = 1;
export const F_NUMBER = 2;
export const F_NAME = 4;
const F_DATE = 8;
const F_NEG = 16;
const F_VERB = 32;
const F_NOUN = 64;
const F_ADJ = 128;

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

/** A statement ready for comparison. Build with `prepare`. */
export interface Prepared {
  readonly text: string;
  /** Canonical surface words (punctuation dropped, quote marks folded, "U.S." -> "usa", numbers canonical); built on each access from wid. */
  readonly words: string[];
  /** Canonical lemmas, parallel to words; built on each access from lid. */
  readonly lemmas: string[];
  /** Bit flags per word (F_*). */
  readonly flags: Uint8Array;
  /** Interned ids of lemmas / words (for fast n-gram and LCS work); `nameOf` gives the strings. */
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
}

class Prep implements Prepared {
  weights?: Float64Array = undefined;
  idfOf?: (t: string) => number = undefined;
  /** The hashes, computed on first comparison: a statement never judged (27% of them on the PolNeAR texts) never pays for them. */
  #h: Int32Array | undefined = undefined;
  #hc3 = 0;
  #hc4 = 0;
  constructor(
    readonly text: string,
    readonly flags: Uint8Array,
    readonly lid: Int32Array,
    readonly wid: Int32Array,
    readonly content: Int32Array,
    readonly numbers: NumberMention[],
    readonly negations: number,
    readonly ulid: Int32Array,
  ) {}
  get h(): Int32Array {
    if (this.#h === undefined) {
      const r = hashesOf(this.flags, this.lid, this.wid);
      this.#h = r.h;
      this.#hc3 = r.hc3;
      this.#hc4 = r.hc4;
    }
    return this.#h;
  }
  get hc3(): number {
    return this.#h === undefined ? (this.h, this.#hc3) : this.#hc3;
  }
  get hc4(): number {
    return this.#h === undefined ? (this.h, this.#hc4) : this.#hc4;
  }
  get words(): string[] {
    return Array.from(this.wid, nameOf);
  }
  get lemmas(): string[] {
    return Array.from(this.lid, nameOf);
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

const intern = new Map<string, number>();
/** Interned id of a string (stable for the process). */
export function idOf(s: string): number {
  let v = intern.get(s);
  if (v === undefined) {
    v = intern.size + 1;
    intern.set(s, v);
    internNames[v] = s;
  }
  return v;
}
/** id -> string of `idOf` (index 0 unused). */
const internNames: string[] = [''];
/** The string an interned id stands for. */
export function nameOf(id: number): string {
  return internNames[id];
}
/** Canon of each interned lemma/word id seen by prepare (synonym masks at compare time). */
const canonById: Canon[] = [];

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
  /** Synonym-group bit masks (groups 0..31, 32..63). */
  synLo: number;
  synHi: number;
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

const canonCache = new Map<string, Canon>();
function canonOf(s: string): Canon {
  let c = canonCache.get(s);
  if (c === undefined) {
    if (canonCache.size > 500000) canonCache.clear();
    const m = synonymMask(s);
    c = { s, id: 0, neg: NEGATIONS.has(s), stop: STOP.has(s), light: LIGHT_LEMMAS.has(s), date: isDateWord(s), synLo: m[0], synHi: m[1] };
    canonCache.set(s, c);
  }
  return c;
}
function canonId(c: Canon): number {
  if (c.id === 0) {
    const id = (c.id = idOf(c.s));
    canonById[id] = c;
    if (idKeys.length < 4 * (id + 1)) {
      const k = new Int32Array(Math.max(8 * (id + 1), 4096));
      k.set(idKeys);
      idKeys = k;
    }
    idKeys[4 * id] = c.synLo;
    idKeys[4 * id + 1] = c.synHi;
    idKeys[4 * id + 2] = c.s.length ? c.s.charCodeAt(0) : -1;
    idKeys[4 * id + 3] = charSignature(c.s);
  }
  return c.id;
}
/**
 * Per id seen by prepare, 4 slots: its synonym masks (lo, hi), the first
 * UTF-16 code of its string (-1 when empty) and its `charSignature`. Flat
 * copies of facts of the Canon for align's pass 2 and the name checks (one
 * cache line per id instead of chasing objects).
 */
let idKeys = new Int32Array(4096);
/** One bit per character class present in s (a-z one each, digits five, anything else one): a substring's bits are a subset. */
function charSignature(s: string): number {
  let sig = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    sig |= 1 << (c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? 26 + ((c - 48) % 5) : 31);
  }
  return sig;
}
const lexCache = new Map<string, Lex>();
function lex(s: string): Lex {
  let r = lexCache.get(s);
  if (r === undefined) {
    if (lexCache.size > 500000) lexCache.clear();
    const lower = s.toLowerCase();
    r = { lower, num: numberValue(s), digitish: /^[\d$.,]/.test(s), hasDigit: /\d/.test(s), scale: isScaleWord(lower), c: canonOf(canonicalWord(s)) };
    lexCache.set(s, r);
  }
  return r;
}

function isNumberWord(t: TokenInfo, r: Lex): boolean {
  if (t.pos !== 'NUM' && !r.digitish) return !Number.isNaN(r.num) && t.pos !== 'PRON' && t.pos !== 'DET' && r.lower !== 'one';
  return !Number.isNaN(r.num) || r.scale;
}

function tokensOf(text: string): TokenInfo[] {
  let m: ReturnType<typeof buildTextModel>;
  try {
    m = buildTextModel(text);
  } catch {
    // wink gives no lemma for some unapostrophised contractions ("didnt"); spell them out.
    m = buildTextModel(text.replace(/\b([a-z]+)nt\b/gi, (w, s: string) => (/^(did|do|does|is|was|were|are|could|would|should|has|have|had|wo|ca|must|need)$/i.test(s) ? `${s}n't` : w)));
  }
  const t = m.tokens;
  const out: TokenInfo[] = new Array(t.value.length);
  for (let i = 0; i < out.length; i++) out[i] = { value: t.value[i], lemma: t.lemma[i], pos: t.pos[i] };
  return out;
}

// scratch buffers for prepare (grown as needed)
let pFlags = new Uint8Array(256);
const pLem: Canon[] = [];
const pWord: Canon[] = [];
let pLid = new Int32Array(256);
let pWid = new Int32Array(256);
let pU = new Int32Array(256);
let pC3 = new Uint16Array(1024);
let pC4 = new Uint16Array(1024);

// Typed arrays of prepared statements are carved out of shared slabs: one
// ArrayBuffer per statement costs more than the rest of prepare. A slab is
// freed when no statement prepared in it is alive (statements prepared
// together, one document's, usually die together).
const SLAB = 32768;
let slab = new ArrayBuffer(SLAB);
let slabOff = 0;
/** Reserve `bytes` (rounded up to 8) in a slab: the buffer and the byte offset. */
function slabAlloc(bytes: number): [ArrayBuffer, number] {
  const need = (bytes + 7) & ~7;
  if (need > SLAB / 4) return [new ArrayBuffer(need), 0];
  if (slabOff + need > SLAB) {
    slab = new ArrayBuffer(SLAB);
    slabOff = 0;
  }
  const at = slabOff;
  slabOff += need;
  return [slab, at];
}

/** Normalise a statement. Pass its tokens (a slice of text.ts Tokens) to avoid re-tokenising. */
export function prepare(text: string, tokens?: TokenInfo[]): Prepared {
  const toks = tokens ?? tokensOf(text);
  const numbers: NumberMention[] = [];
  let negations = 0;
  const n = toks.length;
  if (pFlags.length < n) pFlags = new Uint8Array(n * 2);
  const flagBuf = pFlags;
  const lemC = pLem;
  const wordC = pWord;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const t = toks[i];
    const pos = t.pos;
    if (pos === 'PUNCT' || pos === 'SPACE') continue;
    const raw = t.value;
    if (raw === '$' || raw === '\u20ac' || raw === '\u00a3') continue;
    const r = lex(raw);
    // numbers: "2.5 billion", "twenty - five", "eleven", "1,000"
    if (!r.scale && isNumberWord(t, r)) {
      let total = 0;
      let cur = r.num;
      let j = i + 1;
      let surface = raw;
      const isWordNum = !r.hasDigit;
      while (j < n) {
        const rv = lex(toks[j].value);
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
          const r2 = lex(toks[j + 1].value);
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
      const next = j < n ? lex(toks[j].value).lower : '';
      const prev = m ? pWord[m - 1].s : '';
      const kc = canonOf(key);
      numbers.push({ key, value, at: m, relative: RELATIVE_AFTER.has(next), approx: APPROX_BEFORE.has(prev), surface });
      lemC[m] = kc;
      wordC[m] = kc;
      flagBuf[m++] = F_CONTENT | F_NUMBER;
      i = j - 1;
      continue;
    }
    let wc = r.c;
    if (!wc.s) continue;
    let lc = lex(t.lemma).c;
    let w = wc.s;
    if (w === 'usa' || w === 'uk' || w === 'un' || wc.date) lc = wc;
    if (w === 'united' || w === 'per' || lc.s === 'turn' || lc.s === 'take') {
      const next = i + 1 < n ? lex(toks[i + 1].value).lower : '';
      if ((w === 'united' && (next === 'states' || next === 'kingdom' || next === 'nations')) || (w === 'per' && next === 'cent')) {
        wc = canonOf(next === 'states' ? 'usa' : next === 'kingdom' ? 'uk' : next === 'nations' ? 'un' : 'percent');
        lc = wc;
        i++;
      } else if (lc.s === 'turn' && next === 'down') {
        lc = canonOf('reject');
        i++;
      } else if (lc.s === 'take' && next === 'part') {
        lc = canonOf('participate');
        i++;
      }
      w = wc.s;
    }
    if (w === 'us' && raw === 'US') {
      wc = lc = canonOf('usa');
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
    lemC[m] = lc;
    wordC[m] = wc;
    flagBuf[m++] = f;
  }
  // ids (interned in the order lemma, word per position), content words, distinct lemma ids
  if (pLid.length < m) {
    pLid = new Int32Array(m * 2);
    pWid = new Int32Array(m * 2);
    pU = new Int32Array(m * 2);
  }
  const lidS = pLid;
  const widS = pWid;
  let nc = 0;
  for (let k = 0; k < m; k++) {
    lidS[k] = canonId(lemC[k]);
    widS[k] = canonId(wordC[k]);
    if (flagBuf[k] & F_CONTENT) nc++;
  }
  const u = pU.subarray(0, m);
  u.set(lidS.subarray(0, m));
  sortI32(u, 0, m - 1, 40);
  let nu = 0;
  for (let k = 0; k < m; k++) if (k === 0 || u[k] !== u[k - 1]) u[nu++] = u[k];
  // every typed array of the statement lives in one buffer (one allocation instead of a dozen)
  const [buf, start] = slabAlloc(4 * (2 * m + nc + nu) + m);
  let off = start;
  const i32 = (len: number): Int32Array => {
    const v = new Int32Array(buf, off, len);
    off += 4 * len;
    return v;
  };
  const lid = i32(m);
  const wid = i32(m);
  const content = i32(nc);
  const ulid = i32(nu);
  const flags = new Uint8Array(buf, off, m);
  flags.set(flagBuf.subarray(0, m));
  lid.set(lidS.subarray(0, m));
  wid.set(widS.subarray(0, m));
  ulid.set(u.subarray(0, nu));
  nc = 0;
  for (let k = 0; k < m; k++) if (flagBuf[k] & F_CONTENT) content[nc++] = k;
  return new Prep(text, flags, lid, wid, content, numbers, negations, ulid);
}

/**
 * A statement's hashes (see `Prepared.h`) from its word and lemma ids:
 * n-grams of lemma ids, word unigrams, lemma character trigrams and
 * content-word character 4-grams.
 */
function hashesOf(flags: Uint8Array, lid: Int32Array, wid: Int32Array): { h: Int32Array; hc3: number; hc4: number } {
  const m = lid.length;
  // character codes of ' ' + lemmas.join(' ') + ' ' (trigrams) and of
  // ' ' + content words joined by ' ' + ' ' (4-grams)
  // (read from the interned strings: fewer objects to reach than a per-word code array)
  let len3 = 1, len4 = 2, nc = 0;
  for (let k = 0; k < m; k++) {
    len3 += internNames[lid[k]].length + 1;
    if (flags[k] & F_CONTENT) {
      len4 += internNames[wid[k]].length + 1;
      nc++;
    }
  }
  if (m === 0) len3 = 2;
  if (nc > 0) len4--;
  if (pC3.length < len3) pC3 = new Uint16Array(len3 * 2);
  if (pC4.length < len4) pC4 = new Uint16Array(len4 * 2);
  const c3 = pC3;
  const c4 = pC4;
  c3[0] = 32;
  c4[0] = 32;
  let q3 = 1, q4 = 1;
  for (let k = 0, seen = 0; k < m; k++) {
    if (k > 0) c3[q3++] = 32;
    const l = internNames[lid[k]];
    for (let c = 0; c < l.length; c++) c3[q3++] = l.charCodeAt(c);
    if (flags[k] & F_CONTENT) {
      if (seen++ > 0) c4[q4++] = 32;
      const w = internNames[wid[k]];
      for (let c = 0; c < w.length; c++) c4[q4++] = w.charCodeAt(c);
    }
  }
  c3[q3++] = 32;
  c4[q4++] = 32;
  const n3 = Math.max(0, q3 - 2);
  const n4 = Math.max(0, q4 - 3);
  const g2 = Math.max(0, m - 1), g3 = Math.max(0, m - 2), g4 = Math.max(0, m - 3);
  const hc3 = m + g2 + g3 + g4 + m;
  const hc4 = hc3 + n3;
  const nH = hc4 + n4;
  const [buf, at] = slabAlloc(4 * nH);
  const h = new Int32Array(buf, at, nH);
  const wuni = h.subarray(hc3 - m, hc3);
  wuni.set(wid);
  sortI32(wuni, 0, m - 1, 40);
  ngramHashes4(lid, h);
  charGrams(c3, 3, h.subarray(hc3, hc4));
  charGrams(c4, 4, h.subarray(hc4, nH));
  return { h, hc3, hc4 };
}

function weightsOf(p: Prepared, idf: (t: string) => number): Float64Array {
  if (p.weights && p.idfOf === idf) return p.weights;
  const [buf, at] = slabAlloc(8 * p.content.length);
  const w = new Float64Array(buf, at, p.content.length);
  for (let k = 0; k < p.content.length; k++) {
    const i = p.content[k];
    const t = internNames[p.lid[i]];
    w[k] = p.flags[i] & F_NUMBER ? Math.max(idf(t), 3) : idf(t);
  }
  p.weights = w;
  p.idfOf = idf;
  return w;
}

/** Do two number mentions agree (exactly, approximately, or as "eleven other" vs 12)? */
export function numbersAgree(x: NumberMention, y: NumberMention): boolean {
  if (x.key === y.key) return true;
  const a = x.value;
  const b = y.value;
  if ((x.approx || y.approx) && Math.abs(a - b) <= 0.1 * Math.max(Math.abs(a), Math.abs(b))) return true;
  if (x.relative && b > a && b - a <= 2) return true;
  if (y.relative && a > b && a - b <= 2) return true;
  return false;
}

export interface Alignment {
  /** For each content word of a (by position in a.content), index into b.words or -1. */
  ab: Int32Array;
  /** Match strength per aligned content word of a (1 exact, <1 fuzzy). */
  strength: Float64Array;
  /** For each content word of b, index into a.words or -1. */
  ba: Int32Array;
}

function fuzzyMatch(a: Prepared, i: number, b: Prepared, j: number): number {
  const fa = a.flags[i];
  const fb = b.flags[j];
  if ((fa | fb) & (F_NUMBER | F_DATE)) return 0; // numbers (and dates) only match exactly
  // a shared synonym group
  const ka = 4 * a.lid[i];
  const kb = 4 * b.lid[j];
  if ((idKeys[ka] & idKeys[kb]) | (idKeys[ka + 1] & idKeys[kb + 1])) return 0.8;
  if (a.wid[i] === b.wid[j]) return 1;
  const la = internNames[a.lid[i]];
  const lb = internNames[b.lid[j]];
  const cp = commonPrefix(la, lb);
  if (cp >= 5 || (cp >= 4 && Math.min(la.length, lb.length) <= cp + 2 && !(fa & F_NAME))) return 0.75;
  if (fa & fb & F_NAME) {
    const wa = internNames[a.wid[i]];
    const wb = internNames[b.wid[j]];
    const L = Math.min(wa.length, wb.length);
    if (L >= 4 && wa.charCodeAt(0) === wb.charCodeAt(0) && editDistance(wa, wb, 2) <= (L >= 7 ? 2 : 1)) return 0.9;
  }
  return 0;
}

/** Set by align: pass 1 aligned two content words with the same lemma (so they share a content lemma). */
let alignLemmaMatch = false;
/** Whether the last `align` call aligned two content words with the same lemma: then `shareContentLemma` holds. */
export function alignedSameLemma(): boolean {
  return alignLemmaMatch;
}

let alAB = new Int32Array(256);
// align's pass-2 keys of b's content words: synonym masks, first code of the lemma, of the word (names)
let fzLo = new Int32Array(64);
let fzHi = new Int32Array(64);
let fzL0 = new Int32Array(64);
let fzW0 = new Int32Array(64);
let alBA = new Int32Array(256);
let alStrength = new Float64Array(256);
const alViewsAB: Int32Array[] = [];
const alViewsBA: Int32Array[] = [];
const alViewsS: Float64Array[] = [];

/**
 * Align content words. With `scratch`, the result lives in module buffers
 * (valid until the next scratch call): no allocation per pair.
 */
export function align(a: Prepared, b: Prepared, scratch = false): Alignment {
  const na = a.content.length;
  const nb = b.content.length;
  let ab: Int32Array, ba: Int32Array, strength: Float64Array;
  if (scratch) {
    if (alAB.length < na || alBA.length < nb) {
      alAB = new Int32Array(Math.max(na, nb) * 2);
      alBA = new Int32Array(Math.max(na, nb) * 2);
      alStrength = new Float64Array(Math.max(na, nb) * 2);
      alViewsAB.length = alViewsBA.length = alViewsS.length = 0;
    }
    // views of the buffers by length, made once
    ab = (alViewsAB[na] ??= alAB.subarray(0, na)).fill(-1);
    ba = (alViewsBA[nb] ??= alBA.subarray(0, nb)).fill(-1);
    strength = (alViewsS[na] ??= alStrength.subarray(0, na)).fill(0);
  } else {
    ab = new Int32Array(na).fill(-1);
    ba = new Int32Array(nb).fill(-1);
    strength = new Float64Array(na);
  }
  // pass 1: exact lemma or word
  let lemmaMatch = false;
  for (let x = 0; x < na; x++) {
    const i = a.content[x];
    const li = a.lid[i];
    const wi = a.wid[i];
    for (let y = 0; y < nb; y++) {
      if (ba[y] >= 0) continue;
      const j = b.content[y];
      if (b.lid[j] === li || b.wid[j] === wi) {
        if (b.lid[j] === li) lemmaMatch = true;
        ab[x] = j;
        ba[y] = i;
        strength[x] = 1;
        break;
      }
    }
  }
  alignLemmaMatch = lemmaMatch;
  // pass 2: synonyms, shared stems, name spelling variants
  // Fast path: a cheap test on per-word keys gathered once per pair skips the
  // pairs fuzzyMatch would score 0 (numbers and dates; no synonym group in
  // common, and neither the same word nor the same first letter of the lemma,
  // nor of the word for two names). Only zeros are skipped: the same best match.
  let fuzzyA = false;
  for (let x = 0; x < na; x++) if (ab[x] < 0 && !(a.flags[a.content[x]] & (F_NUMBER | F_DATE))) fuzzyA = true;
  if (!fuzzyA) return { ab, strength, ba };
  const keys = idKeys;
  if (fzLo.length < nb) {
    fzLo = new Int32Array(nb * 2);
    fzHi = new Int32Array(nb * 2);
    fzL0 = new Int32Array(nb * 2);
    fzW0 = new Int32Array(nb * 2);
  }
  for (let y = 0; y < nb; y++) {
    const j = b.content[y];
    const fb = b.flags[j];
    if (ba[y] >= 0 || fb & (F_NUMBER | F_DATE)) {
      // never a candidate (taken now, or a number/date)
      fzLo[y] = fzHi[y] = 0;
      fzL0[y] = -2;
      fzW0[y] = -2;
      continue;
    }
    const kb = 4 * b.lid[j];
    fzLo[y] = keys[kb];
    fzHi[y] = keys[kb + 1];
    fzL0[y] = keys[kb + 2];
    // names: first letter of the word (-3: not a name, never equal to a's key)
    fzW0[y] = fb & F_NAME ? keys[4 * b.wid[j] + 2] : -3;
  }
  for (let x = 0; x < na; x++) {
    if (ab[x] >= 0) continue;
    const i = a.content[x];
    const fa = a.flags[i];
    if (fa & (F_NUMBER | F_DATE)) continue;
    const ka = 4 * a.lid[i];
    const lo = keys[ka], hi = keys[ka + 1];
    const l0 = keys[ka + 2];
    const w0 = fa & F_NAME ? keys[4 * a.wid[i] + 2] : -4;
    const wi = a.wid[i];
    let best = 0;
    let by = -1;
    for (let y = 0; y < nb; y++) {
      if (ba[y] >= 0) continue;
      if (((lo & fzLo[y]) | (hi & fzHi[y])) === 0 && fzL0[y] !== l0 && fzW0[y] !== w0 && b.wid[b.content[y]] !== wi) continue;
      const s = fuzzyMatch(a, i, b, b.content[y]);
      if (s > best) {
        best = s;
        by = y;
      }
    }
    if (by >= 0) {
      ab[x] = b.content[by];
      ba[by] = i;
      strength[x] = best;
    }
  }
  return { ab, strength, ba };
}

// ---- sequence measures on interned ids ----

let seqL = new Int32Array(128);
let seqR = new Int32Array(128);
let seqW = new Int32Array(128);
/** Results of `sequenceMeasures`. */
let seqLcs = 0;
let seqRun = 0;
let seqWed = 0;
/**
 * In one pass over the two sequences: longest common subsequence and longest
 * common contiguous run of lemma ids (la, lb), and word edit distance of word
 * ids (wa, wb). Results in seqLcs, seqRun, seqWed.
 */
function sequenceMeasures(la: Int32Array, lb: Int32Array, wa: Int32Array, wb: Int32Array): void {
  const n = la.length;
  const m = lb.length;
  if (n === 0 || m === 0) {
    seqLcs = 0;
    seqRun = 0;
    seqWed = n + m;
    return;
  }
  // all three are symmetric: bit-parallel with the shorter sequence as the pattern when it fits a word
  if (m <= 32 && m <= n) return sequenceBits(lb, wb, la, wa);
  if (n <= 32) return sequenceBits(la, wa, lb, wb);
  sequenceDp(la, lb, wa, wb);
}

/** Per id: bit masks of its positions in the pattern (lemma ids, word ids); zero outside a call. */
let pmL = new Int32Array(1024);
let pmW = new Int32Array(1024);
let runLen = new Int32Array(33);

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/**
 * sequenceMeasures with a pattern (pl, pw) of at most 32 words: LCS
 * (Allison-Dix / Hyyro), longest common run (over the match bits of each
 * row) and Levenshtein distance (Myers / Hyyro 2003).
 */
function sequenceBits(pl: Int32Array, pw: Int32Array, tl: Int32Array, tw: Int32Array): void {
  const m = pl.length;
  if (pmL.length <= intern.size) {
    pmL = new Int32Array((intern.size + 1) * 2);
    pmW = new Int32Array((intern.size + 1) * 2);
  }
  const PL = pmL;
  const PW = pmW;
  for (let j = 0; j < m; j++) {
    PL[pl[j]] |= 1 << j;
    PW[pw[j]] |= 1 << j;
  }
  const full = m === 32 ? -1 : (1 << m) - 1;
  const top = 1 << (m - 1);
  let V = full; // LCS state
  let VP = -1, VN = 0, dist = m; // edit distance state
  let prevR = 0, best = 0;
  const len = runLen;
  for (let i = 0; i < tl.length; i++) {
    // LCS
    const R = PL[tl[i]];
    const U = V & R;
    V = (V + U) | (V - U);
    // longest run: a match at j extends the run ending at j-1 in the previous row
    let bits = R;
    while (bits !== 0) {
      const j = 31 - Math.clz32(bits);
      bits &= ~(1 << j);
      const l = j > 0 && (prevR >>> (j - 1)) & 1 ? len[j - 1] + 1 : 1;
      len[j] = l;
      if (l > best) best = l;
    }
    prevR = R;
    // edit distance
    const X = PW[tw[i]];
    const D0 = (((X & VP) + VP) ^ VP) | X | VN;
    let HP = VN | ~(D0 | VP);
    let HN = D0 & VP;
    if (HP & top) dist++;
    if (HN & top) dist--;
    HP = (HP << 1) | 1;
    HN = HN << 1;
    VP = HN | ~(D0 | HP);
    VN = HP & D0;
  }
  for (let j = 0; j < m; j++) {
    PL[pl[j]] = 0;
    PW[pw[j]] = 0;
  }
  seqLcs = popcount(~V & full);
  seqRun = best;
  seqWed = dist;
}

/** sequenceMeasures by dynamic programming (any lengths). */
function sequenceDp(la: Int32Array, lb: Int32Array, wa: Int32Array, wb: Int32Array): void {
  const n = la.length;
  const m = lb.length;
  if (seqL.length <= m) {
    seqL = new Int32Array(m * 2 + 1);
    seqR = new Int32Array(m * 2 + 1);
    seqW = new Int32Array(m * 2 + 1);
  }
  const L = seqL;
  const R = seqR;
  const W = seqW;
  for (let j = 0; j <= m; j++) {
    L[j] = 0;
    R[j] = 0;
    W[j] = j;
  }
  let best = 0;
  for (let i = 0; i < n; i++) {
    const xi = la[i];
    const wi = wa[i];
    let dL = 0;
    let dR = 0;
    let dW = W[0];
    W[0] = i + 1;
    for (let j = 1; j <= m; j++) {
      const eq = xi === lb[j - 1];
      const tL = L[j];
      if (eq) L[j] = dL + 1;
      else if (L[j - 1] > tL) L[j] = L[j - 1];
      dL = tL;
      const tR = R[j];
      if (eq) {
        const r = dR + 1;
        R[j] = r;
        if (r > best) best = r;
      } else R[j] = 0;
      dR = tR;
      const tW = W[j];
      let v = wi === wb[j - 1] ? dW : dW + 1;
      if (tW + 1 < v) v = tW + 1;
      if (W[j - 1] + 1 < v) v = W[j - 1] + 1;
      W[j] = v;
      dW = tW;
    }
  }
  seqLcs = L[m];
  seqRun = best;
  seqWed = W[m];
}

// In-place ascending sorts for the small arrays of prepare (no NaN, no -0 in
// them). Typed-array sort() costs a runtime call each; these are quicker
// below a few hundred elements.
function sortI32(a: Int32Array, lo: number, hi: number, depth: number): void {
  while (hi - lo > 16) {
    if (depth-- === 0) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    const x = a[lo], y = a[(lo + hi) >> 1], z = a[hi];
    const p = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (j - lo < hi - i) {
      sortI32(a, lo, j, depth);
      lo = i;
    } else {
      sortI32(a, i, hi, depth);
      hi = j;
    }
  }
  insertionSort(a, lo, hi + 1);
}

/** Sorts a[lo..end) in place (short runs). */
function insertionSort(a: Int32Array, lo: number, end: number): void {
  for (let i = lo + 1; i < end; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
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
  sortI32(out, 0, b1 - 1, 40);
  sortI32(out, b1, b2 - 1, 40);
  sortI32(out, b2, b3 - 1, 40);
  sortI32(out, b3, b4 - 1, 40);
}

/** Size of the multiset intersection of two sorted ranges, x[xs..xe) and y[ys..ye) (branch-free merge). */
function sortedMatches(x: Int32Array, xs: number, xe: number, y: Int32Array, ys: number, ye: number): number {
  // Long ranges (character n-grams): split both at the same value and run the
  // two halves' merges side by side. Each merge step waits on the previous
  // one's loads; two independent merges overlap. The count is the same (every
  // match has both elements on the same side of the split value).
  if (xe - xs >= 48 && ye - ys >= 48) {
    const v = x[(xs + xe) >> 1];
    const xm = lowerBound(x, xs, xe, v);
    const ym = lowerBound(y, ys, ye, v);
    let i = xs, j = ys, k = xm, l = ym;
    let c = 0;
    while (i < xm && j < ym && k < xe && l < ye) {
      const a = x[i];
      const b = y[j];
      const e = x[k];
      const f = y[l];
      c += +(a === b) + +(e === f);
      i += +(a <= b);
      j += +(b <= a);
      k += +(e <= f);
      l += +(f <= e);
    }
    return c + sortedMatches1(x, i, xm, y, j, ym) + sortedMatches1(x, k, xe, y, l, ye);
  }
  return sortedMatches1(x, xs, xe, y, ys, ye);
}

/** First index in x[lo..hi) whose value is >= v (hi if none). */
function lowerBound(x: Int32Array, lo: number, hi: number, v: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sortedMatches1(x: Int32Array, xs: number, xe: number, y: Int32Array, ys: number, ye: number): number {
  let i = xs;
  let j = ys;
  let c = 0;
  while (i < xe && j < ye) {
    const a = x[i];
    const b = y[j];
    c += +(a === b);
    i += +(a <= b);
    j += +(b <= a);
  }
  return c;
}

const bucketPos = new Int32Array(129);

/**
 * Sorted character n-grams (n = 3 or 4) of the codes s into out (length:
 * codes - n + 1). All-ASCII n-grams pack exactly into 21 / 28 bits (first
 * code most significant, so bucketing by the first code then insertion sort
 * within each bucket sorts them); text with other codes gets 32-bit hashes
 * with the sign bit set (never equal to a packed ASCII n-gram).
 */
function charGrams(s: Uint16Array, n: 3 | 4, out: Int32Array): void {
  const len = out.length;
  let ascii = true;
  for (let i = 0; i < len + n - 1; i++) if (s[i] >= 128) {
    ascii = false;
    break;
  }
  if (!ascii) {
    for (let i = 0; i < len; i++) out[i] = gramHash(s, n, i);
    sortI32(out, 0, len - 1, 40);
    return;
  }
  const pos = bucketPos;
  pos.fill(0);
  for (let i = 0; i < len; i++) pos[s[i] + 1]++;
  for (let b = 1; b <= 128; b++) pos[b] += pos[b - 1];
  // pos[c] = start of bucket c; scatter
  for (let i = 0; i < len; i++) out[pos[s[i]]++] = gramHash(s, n, i);
  // now pos[c] = end of bucket c; insertion sort each bucket
  let lo = 0;
  for (let b = 0; b < 128; b++) {
    const hi = pos[b];
    insertionSort(out, lo, hi);
    if (hi > lo) lo = hi;
  }
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

export const FEATURE_NAMES = [
  'cov_w_min', 'cov_w_max', 'cov_min', 'cov_max', 'unal_w_max', 'unal_w_min', 'unal_n_max', 'unal_n_min',
  'dice_w', 'uni_dice_all', 'p1_min', 'p2_min', 'p3_min', 'p4_min', 'p1_max', 'p2_max', 'p3_max', 'p4_max',
  'lcs_max', 'lcs_min', 'wed', 'len_ratio', 'len_diff', 'content_diff', 'char3_dice', 'num_both', 'num_mismatch',
  'num_only_one', 'num_match', 'name_unal_max', 'name_unal_sum', 'neg_mismatch', 'exact', 'bleu_min', 'bleu_max',
  'unal_verb_max', 'unal_noun_max', 'unal_adj_max', 'run_min', 'min_content', 'unal_w_frac', 'unal_idf_maxword',
  'word_p1_min', 'date_mismatch', 'fuzzy_frac', 'max_len', 'unal_w_sum', 'run_max', 'cov_nonum_min', 'name_diff',
  'gap_max', 'gap_max_frac', 'gap_min', 'frag', 'num_subset', 'num_count_diff', 'char4_content', 'unal_name_one',
  'kld_sum', 'kld_min', 'kld_neg', 'kld_side_min', 'kld_side_max', 'gap_clause', 'unal_inside_max', 'unal_outside_max',
];

/**
 * Lemma ids found in only one of the two statements (merge of the sorted
 * distinct ids). `out` receives them; returns how many.
 */
export function uniqueLemmas(a: Prepared, b: Prepared, out?: Int32Array): Int32Array {
  const x = a.ulid;
  const y = b.ulid;
  const buf = out && out.length >= x.length + y.length ? out : new Int32Array(x.length + y.length);
  let i = 0, j = 0, n = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      i++;
      j++;
    } else if (x[i] < y[j]) buf[n++] = x[i++];
    else buf[n++] = y[j++];
  }
  while (i < x.length) buf[n++] = x[i++];
  while (j < y.length) buf[n++] = y[j++];
  return buf.subarray(0, n);
}

/** Learned term weights: log-odds shift of "same" when a lemma occurs on one side only (TF-KLD-like). */
export type TermOdds = Map<number, number>;

const denseOdds = new WeakMap<TermOdds, { size: number; v: Float64Array }>();
/** Term odds as a dense array by lemma id (NaN: no entry), cached per table. */
let lastOdds: TermOdds | undefined;
let lastDense: { size: number; v: Float64Array } | undefined;
function oddsArray(odds: TermOdds): Float64Array {
  // the previous call's table: one WeakMap lookup less per pair
  let d = odds === lastOdds ? lastDense : denseOdds.get(odds);
  if (!d || d.size !== odds.size) {
    let max = 0;
    for (const k of odds.keys()) if (k > max) max = k;
    const v = new Float64Array(max + 1).fill(NaN);
    for (const [k, o] of odds) v[k] = o;
    d = { size: odds.size, v };
    denseOdds.set(odds, d);
  }
  lastOdds = odds;
  lastDense = d;
  return d.v;
}
let kldSum = 0;
let kldMin = 0;
let kldNeg = 0;
/** Sums of the term odds of the lemmas found only in a / only in b. */
let kldA = 0;
let kldB = 0;
function kldFeatures(a: Prepared, b: Prepared, odds: TermOdds | undefined): void {
  kldSum = 0;
  kldMin = 0;
  kldNeg = 0;
  kldA = 0;
  kldB = 0;
  if (!odds) return;
  const ov = oddsArray(odds);
  const x = a.ulid;
  const y = b.ulid;
  const L = ov.length;
  let sa = 0, sb = 0, min = 0, neg = 0;
  // merge of the sorted distinct lemma ids: ids on one side only
  let i = 0, j = 0;
  while (i < x.length || j < y.length) {
    let id: number;
    let side: number;
    if (j >= y.length || (i < x.length && x[i] < y[j])) {
      id = x[i++];
      side = 0;
    } else if (i >= x.length || y[j] < x[i]) {
      id = y[j++];
      side = 1;
    } else {
      i++;
      j++;
      continue;
    }
    if (id >= L) continue;
    const v = ov[id];
    if (v !== v) continue;
    if (side === 0) sa += v;
    else sb += v;
    if (v < min) min = v;
    if (v < -0.4) neg++;
  }
  kldSum = sa + sb;
  kldMin = min;
  kldNeg = neg;
  kldA = sa;
  kldB = sb;
}

export interface PairFeatures {
  x: Float64Array;
  alignment: Alignment;
  /** Numbers that disagree, as "12 vs 15". */
  numberDiffs: string[];
  /** Unaligned names/dates on both sides (possible conflicting details). */
  nameDiffs: string[];
  dateDiffs: string[];
  /** Share of non-number content words aligned, the lower of the two sides. */
  coverageNoNumbers: number;
  /** Aligned content words (a's canonical words). */
  aligned: string[];
}

function numberDiffs(a: Prepared, b: Prepared): { diffs: string[]; matched: number; onlyOne: number } {
  const diffs: string[] = [];
  let matched = 0;
  let onlyOne = 0;
  if (a.numbers.length === 0 || b.numbers.length === 0) {
    return { diffs, matched, onlyOne: a.numbers.length + b.numbers.length };
  }
  const usedB = new Uint8Array(b.numbers.length);
  const unA: NumberMention[] = [];
  for (const x of a.numbers) {
    let k = -1;
    for (let j = 0; j < b.numbers.length; j++) if (!usedB[j] && numbersAgree(x, b.numbers[j])) {
      k = j;
      break;
    }
    if (k >= 0) {
      usedB[k] = 1;
      matched++;
    } else unA.push(x);
  }
  const unB = b.numbers.filter((_, j) => !usedB[j]);
  // pair leftovers that sit in a similar context (same following word), else by order
  const usedU = new Uint8Array(unB.length);
  for (const x of unA) {
    const nextA = x.at + 1 < a.lid.length ? internNames[a.lid[x.at + 1]] : '';
    let k = unB.findIndex((y, j) => !usedU[j] && (y.at + 1 < b.lid.length ? internNames[b.lid[y.at + 1]] : '') === nextA && nextA !== '');
    if (k < 0) k = unB.findIndex((y, j) => !usedU[j] && Math.abs(y.value) >= 1900 === Math.abs(x.value) >= 1900);
    if (k >= 0) {
      usedU[k] = 1;
      diffs.push(`${x.surface} vs ${unB[k].surface}`);
    } else onlyOne++;
  }
  for (let j = 0; j < unB.length; j++) if (!usedU[j]) onlyOne++;
  return { diffs, matched, onlyOne };
}

let mark = new Int32Array(1024);
let markEpoch = 0;
/** Mark the lemma ids of q; returns the epoch that marks them. */
function markLemmas(q: Prepared): number {
  if (mark.length <= intern.size) {
    mark = new Int32Array((intern.size + 1) * 2);
    markEpoch = 0;
  }
  if (++markEpoch > 0x7ffffff0) {
    mark.fill(0);
    markEpoch = 1;
  }
  const u = q.ulid;
  for (let k = 0; k < u.length; k++) mark[u[k]] = markEpoch;
  return markEpoch;
}

/** Do a and b have a content lemma in common? */
export function shareContentLemma(a: Prepared, b: Prepared): boolean {
  if (mark.length <= intern.size) {
    mark = new Int32Array((intern.size + 1) * 2);
    markEpoch = 0;
  }
  if (++markEpoch > 0x7ffffff0) {
    mark.fill(0);
    markEpoch = 1;
  }
  const ep = markEpoch;
  const bc = b.content;
  const bl = b.lid;
  for (let y = 0; y < bc.length; y++) mark[bl[bc[y]]] = ep;
  const ac = a.content;
  const al = a.lid;
  for (let x = 0; x < ac.length; x++) if (mark[al[ac[x]]] === ep) return true;
  return false;
}

let gapHas = new Uint8Array(256);
/** Set by longestGap: a run of 3+ unmatched words holds a verb (an added clause). */
let gapVerb = 0;
/** Set by longestGap: unmatched content words between the first and last matched word / outside that span. */
let gapInside = 0;
let gapOutside = 0;
/** Longest run of words of p with no exact/aligned counterpart in q. */
function longestGap(p: Prepared, q: Prepared, al: Int32Array, content: Int32Array): number {
  const len = p.lid.length;
  if (gapHas.length < len) gapHas = new Uint8Array(len * 2);
  const has = gapHas;
  has.fill(0, 0, len);
  for (let k = 0; k < content.length; k++) if (al[k] >= 0) has[content[k]] = 1;
  const ep = markLemmas(q);
  const lid = p.lid;
  const flags = p.flags;
  for (let i = 0; i < len; i++) {
    if (has[i] || flags[i] & F_CONTENT) continue;
    if (mark[lid[i]] === ep) has[i] = 1;
  }
  let best = 0, run = 0, verbs = 0;
  let first = -1, last = -1;
  gapVerb = 0;
  for (let i = 0; i < len; i++) {
    if (has[i]) {
      run = 0;
      verbs = 0;
      if (flags[i] & F_CONTENT) {
        if (first < 0) first = i;
        last = i;
      }
    } else {
      if (++run > best) best = run;
      if (flags[i] & F_VERB) verbs++;
      if (run >= 3 && verbs > 0) gapVerb = 1;
    }
  }
  let inside = 0, outside = 0;
  for (let k = 0; k < content.length; k++) {
    if (al[k] >= 0) continue;
    const i = content[k];
    if (i > first && i < last) inside++;
    else outside++;
  }
  gapInside = inside;
  gapOutside = outside;
  return best;
}

/**
 * Whether the string of id occurs in p.words.join(' '). Without building the
 * string: one with no space occurs there exactly when it is one of the words
 * (same id) or occurs inside a longer one, which then has every character of
 * it (letter signatures of `idKeys` rule out most words without reading them).
 */
function inText(p: Prepared, id: number): boolean {
  const w = internNames[id];
  if (w === '' || w.includes(' ')) return p.words.join(' ').includes(w);
  const wid = p.wid;
  const n = w.length;
  const keys = idKeys;
  const sig = keys[4 * id + 3];
  for (let k = 0; k < wid.length; k++) {
    const o = wid[k];
    if (o === id) return true;
    if ((keys[4 * o + 3] & sig) !== sig) continue;
    const s = internNames[o];
    if (s.length > n && s.includes(w)) return true;
  }
  return false;
}

function contentCharDice(a: Prepared, b: Prepared): number {
  const x = a.h;
  const y = b.h;
  return (2 * sortedMatches(x, a.hc4, x.length, y, b.hc4, y.length)) / Math.max(x.length - a.hc4 + y.length - b.hc4, 1);
}

const scratchX = new Float64Array(FEATURE_NAMES.length);
const pMin = new Float64Array(4);
// pairFeatures' lists of unaligned names (word ids) and dates, per side
const unalNamesS: number[] = [];
const unalNamesBS: number[] = [];
const unalDatesAS: string[] = [];
const unalDatesBS: string[] = [];
const pMax = new Float64Array(4);

/**
 * Compute the feature vector for a pair. With `scratch`, x and the alignment
 * live in module buffers, valid until the next scratch call (compare's use).
 */
export function pairFeatures(a: Prepared, b: Prepared, idf: (t: string) => number, odds?: TermOdds, scratch = false): PairFeatures {
  return pairFeaturesOf(a, b, align(a, b, scratch), idf, odds, scratch);
}

/** pairFeatures with the alignment of a and b already made (`align(a, b, scratch)`). */
export function pairFeaturesOf(a: Prepared, b: Prepared, al: Alignment, idf: (t: string) => number, odds?: TermOdds, scratch = false): PairFeatures {
  const wa = weightsOf(a, idf);
  const wb = weightsOf(b, idf);
  const na = a.content.length;
  const nb = b.content.length;
  let totA = 0, alA = 0, cntA = 0, fuzzy = 0;
  let unVerbA = 0, unNounA = 0, unAdjA = 0, unNameA = 0, maxUnW = 0;
  // word ids of unaligned names
  // module scratch lists (emptied here; read only in this call)
  const unalNames = unalNamesS;
  const unalDatesA = unalDatesAS;
  unalNames.length = 0;
  unalDatesA.length = 0;
  for (let x = 0; x < na; x++) {
    totA += wa[x];
    const i = a.content[x];
    if (al.ab[x] >= 0) {
      alA += wa[x] * al.strength[x];
      cntA++;
      if (al.strength[x] < 1) fuzzy++;
    } else {
      const f = a.flags[i];
      if (f & F_VERB) unVerbA++;
      else if (f & F_NOUN) unNounA++;
      else if (f & F_ADJ) unAdjA++;
      if (f & F_NAME) {
        unNameA++;
        unalNames.push(a.wid[i]);
      }
      if (f & F_DATE) unalDatesA.push(internNames[a.wid[i]]);
      if (!(f & F_NUMBER) && wa[x] > maxUnW) maxUnW = wa[x];
    }
  }
  let totB = 0, alB = 0, cntB = 0;
  let unVerbB = 0, unNounB = 0, unAdjB = 0, unNameB = 0;
  const unalNamesB = unalNamesBS;
  const unalDatesB = unalDatesBS;
  unalNamesB.length = 0;
  unalDatesB.length = 0;
  for (let y = 0; y < nb; y++) {
    totB += wb[y];
    const j = b.content[y];
    if (al.ba[y] >= 0) {
      // strength is stored on a's side; find it
      alB += wb[y];
      cntB++;
    } else {
      const f = b.flags[j];
      if (f & F_VERB) unVerbB++;
      else if (f & F_NOUN) unNounB++;
      else if (f & F_ADJ) unAdjB++;
      if (f & F_NAME) {
        unNameB++;
        unalNamesB.push(b.wid[j]);
      }
      if (f & F_DATE) unalDatesB.push(internNames[b.wid[j]]);
      if (!(f & F_NUMBER) && wb[y] > maxUnW) maxUnW = wb[y];
    }
  }
  const covWA = totA > 0 ? alA / totA : 1;
  const covWB = totB > 0 ? Math.min(1, alB / totB) : 1;
  const covA = na > 0 ? cntA / na : 1;
  const covB = nb > 0 ? cntB / nb : 1;
  const unWA = totA - alA;
  const unWB = totB - alB;

  // sequence measures on lemmas (all words)
  const la = a.lid;
  const lb = b.lid;
  const lenA = la.length;
  const lenB = lb.length;
  const maxLen = Math.max(lenA, lenB, 1);
  const minLen = Math.max(Math.min(lenA, lenB), 1);
  const pmin = pMin;
  const pmax = pMax;
  let logA = 0, logB = 0;
  const HA = a.h;
  const HB = b.h;
  let sa = 0, sb = 0;
  for (let n = 1; n <= 4; n++) {
    const na1 = Math.max(0, lenA - n + 1);
    const nb1 = Math.max(0, lenB - n + 1);
    const m = sortedMatches(HA, sa, sa + na1, HB, sb, sb + nb1);
    sa += na1;
    sb += nb1;
    const pa = na1 ? m / na1 : 0;
    const pb = nb1 ? m / nb1 : 0;
    pmin[n - 1] = Math.min(pa, pb);
    pmax[n - 1] = Math.max(pa, pb);
    logA += Math.log((m + 1) / (na1 + 1));
    logB += Math.log((m + 1) / (nb1 + 1));
  }
  const bleuA = Math.exp(logA / 4) * Math.min(1, Math.exp(1 - lenB / Math.max(lenA, 1)));
  const bleuB = Math.exp(logB / 4) * Math.min(1, Math.exp(1 - lenA / Math.max(lenB, 1)));
  sequenceMeasures(la, lb, a.wid, b.wid);
  const l = seqLcs;
  const run = seqRun;
  const wed = seqWed;
  const uaLen = lenA;
  const ubLen = lenB;
  const um = sortedMatches(HA, a.hc3 - lenA, a.hc3, HB, b.hc3 - lenB, b.hc3);
  const caLen = a.hc4 - a.hc3;
  const cbLen = b.hc4 - b.hc3;
  const cm = sortedMatches(HA, a.hc3, a.hc4, HB, b.hc3, b.hc4);

  const nd = numberDiffs(a, b);
  // names: unaligned names on both sides are possible conflicting details
  const nameDiffs: string[] = [];
  if (unalNames.length && unalNamesB.length) {
    const ra = unalNames.filter((w) => !inText(b, w));
    const rb = unalNamesB.filter((w) => !inText(a, w));
    if (ra.length && rb.length) nameDiffs.push(`${ra.map(nameOf).join(' ')} vs ${rb.map(nameOf).join(' ')}`);
  }
  const dateDiffs: string[] = [];
  if (unalDatesA.length && unalDatesB.length) dateDiffs.push(`${unalDatesA.join(' ')} vs ${unalDatesB.join(' ')}`);
  const negMismatch = (a.negations % 2) !== (b.negations % 2) ? 1 : 0;
  const exact = lenA === lenB && wed === 0 ? 1 : 0;

  const x = scratch ? scratchX : new Float64Array(FEATURE_NAMES.length);
  let k = 0;
  x[k++] = Math.min(covWA, covWB);
  x[k++] = Math.max(covWA, covWB);
  x[k++] = Math.min(covA, covB);
  x[k++] = Math.max(covA, covB);
  x[k++] = Math.max(unWA, unWB);
  x[k++] = Math.min(unWA, unWB);
  x[k++] = Math.max(na - cntA, nb - cntB);
  x[k++] = Math.min(na - cntA, nb - cntB);
  x[k++] = totA + totB > 0 ? (alA + alB) / (totA + totB) : 1;
  x[k++] = (2 * um) / Math.max(uaLen + ubLen, 1);
  for (let n = 0; n < 4; n++) x[k++] = pmin[n];
  for (let n = 0; n < 4; n++) x[k++] = pmax[n];
  x[k++] = l / maxLen;
  x[k++] = l / minLen;
  x[k++] = wed / maxLen;
  x[k++] = minLen / maxLen;
  x[k++] = Math.abs(lenA - lenB);
  x[k++] = Math.abs(na - nb);
  x[k++] = (2 * cm) / Math.max(caLen + cbLen, 1);
  x[k++] = a.numbers.length && b.numbers.length ? 1 : 0;
  x[k++] = nd.diffs.length;
  x[k++] = nd.onlyOne;
  x[k++] = nd.matched;
  x[k++] = Math.max(unNameA, unNameB);
  x[k++] = unNameA + unNameB;
  x[k++] = negMismatch;
  x[k++] = exact;
  x[k++] = Math.min(bleuA, bleuB);
  x[k++] = Math.max(bleuA, bleuB);
  x[k++] = Math.max(unVerbA, unVerbB);
  x[k++] = Math.max(unNounA, unNounB);
  x[k++] = Math.max(unAdjA, unAdjB);
  x[k++] = run / minLen;
  x[k++] = Math.min(na, nb);
  x[k++] = totA + totB > 0 ? (unWA + unWB) / (totA + totB) : 0;
  x[k++] = maxUnW;
  x[k++] = Math.min(uaLen ? um / uaLen : 0, ubLen ? um / ubLen : 0);
  x[k++] = dateDiffs.length;
  x[k++] = na + nb > 0 ? fuzzy / Math.max(cntA, 1) : 0;
  x[k++] = maxLen;
  x[k++] = unWA + unWB;
  x[k++] = run / maxLen;
  let cA = 0, tA = 0, cB = 0, tB = 0;
  const aligned: string[] = [];
  for (let q = 0; q < na; q++) {
    const f = a.flags[a.content[q]];
    if (al.ab[q] >= 0) aligned.push(internNames[a.wid[a.content[q]]]);
    if (f & (F_NUMBER | F_DATE)) continue;
    tA++;
    if (al.ab[q] >= 0) cA++;
  }
  for (let q = 0; q < nb; q++) {
    if (b.flags[b.content[q]] & (F_NUMBER | F_DATE)) continue;
    tB++;
    if (al.ba[q] >= 0) cB++;
  }
  const coverageNoNumbers = Math.min(tA ? cA / tA : 0, tB ? cB / tB : 0);
  x[k++] = coverageNoNumbers;
  x[k++] = nameDiffs.length;
  // longest block of words with no counterpart (an added clause is strong evidence of extra information)
  const gA = longestGap(a, b, al.ab, a.content);
  const vA = gapVerb, inA = gapInside, outA = gapOutside;
  const gB = longestGap(b, a, al.ba, b.content);
  const vB = gapVerb, inB = gapInside, outB = gapOutside;
  x[k++] = Math.max(gA, gB);
  x[k++] = Math.max(gA / Math.max(lenA, 1), gB / Math.max(lenB, 1));
  x[k++] = Math.min(gA, gB);
  // fragmentation (METEOR): chunks of aligned content words kept in order
  let chunks = 0, prevJ = -2, matchedN = 0;
  for (let q = 0; q < na; q++) {
    const j = al.ab[q];
    if (j < 0) continue;
    matchedN++;
    if (j !== prevJ + 1 && !(prevJ >= 0 && j > prevJ && j - prevJ <= 2)) chunks++;
    prevJ = j;
  }
  x[k++] = matchedN ? chunks / matchedN : 1;
  const subset = (nd.diffs.length === 0 && (nd.onlyOne === 0 || a.numbers.length === 0 || b.numbers.length === 0)) ? 1 : 0;
  x[k++] = subset;
  x[k++] = Math.abs(a.numbers.length - b.numbers.length);
  x[k++] = contentCharDice(a, b);
  x[k++] = (unNameA > 0 ? 1 : 0) + (unNameB > 0 ? 1 : 0);
  kldFeatures(a, b, odds);
  x[k++] = kldSum;
  x[k++] = kldMin;
  x[k++] = kldNeg;
  // appended features (indexes above are used by the rules: keep them)
  x[k++] = Math.min(kldA, kldB);
  x[k++] = Math.max(kldA, kldB);
  x[k++] = vA + vB;
  x[k++] = Math.max(inA, inB);
  x[k++] = Math.max(outA, outB);
  return { x, alignment: al, numberDiffs: nd.diffs, nameDiffs, dateDiffs, coverageNoNumbers, aligned };
}
