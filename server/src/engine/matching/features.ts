// The pairwise features the learned model scores, from two prepared
// statements: lexical alignment with IDF weights, n-gram/LCS/BLEU overlaps,
// character n-grams, length, number, name, date and negation mismatches, and
// the learned term odds of words found on one side only. Features have names
// (`FEATURE`); the vector keeps the order of FEATURE_NAMES, which the shipped
// model was trained on.
import { commonPrefix, editDistance } from './normalize';
import {
  F_ADJ, F_CONTENT, F_DATE, F_NAME, F_NOUN, F_NUMBER, F_VERB, REL_ANTONYM, REL_NONE,
} from './prepare';
import type { Lexicon, NumberMention, Prepared } from './prepare';

const FEATURE_NAMES = [
  'cov_w_min', 'cov_w_max', 'cov_min', 'cov_max', 'unal_w_max', 'unal_w_min', 'unal_n_max', 'unal_n_min',
  'dice_w', 'uni_dice_all', 'p1_min', 'p2_min', 'p3_min', 'p4_min', 'p1_max', 'p2_max', 'p3_max', 'p4_max',
  'lcs_max', 'lcs_min', 'wed', 'len_ratio', 'len_diff', 'content_diff', 'char3_dice', 'num_both', 'num_mismatch',
  'num_only_one', 'num_match', 'name_unal_max', 'name_unal_sum', 'neg_mismatch', 'exact', 'bleu_min', 'bleu_max',
  'unal_verb_max', 'unal_noun_max', 'unal_adj_max', 'run_min', 'min_content', 'unal_w_frac', 'unal_idf_maxword',
  'word_p1_min', 'date_mismatch', 'fuzzy_frac', 'max_len', 'unal_w_sum', 'run_max', 'cov_nonum_min', 'name_diff',
  'gap_max', 'gap_max_frac', 'gap_min', 'frag', 'num_subset', 'num_count_diff', 'char4_content', 'unal_name_one',
  'kld_sum', 'kld_min', 'kld_neg', 'kld_side_min', 'kld_side_max', 'gap_clause', 'unal_inside_max', 'unal_outside_max',
  'wn_frac', 'wn_synonym', 'wn_derivation', 'wn_broader', 'wn_antonym', 'polarity_mismatch',
] as const;

type FeatureName = (typeof FEATURE_NAMES)[number];

/** Each feature's position in the vector: read and write features by name (`x[FEATURE.lcs_max]`). */
export const FEATURE = Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, i])) as Record<FeatureName, number>;

/** The IDF weight of each content word of p, kept on p for this idf (the first comparison's). */
export function weightsOf(lx: Lexicon, p: Prepared, idf: (t: string) => number): Float64Array {
  if (p.weights && p.idfOf === idf) return p.weights;
  const [buf, at] = lx.slab.alloc(8 * p.content.length);
  const w = new Float64Array(buf, at, p.content.length);
  for (let k = 0; k < p.content.length; k++) {
    const i = p.content[k];
    const t = lx.name(p.lid[i]);
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
  /** How each content word of a was aligned (`ALIGN_*`). */
  how: Uint8Array;
  /** For each content word of b, index into a.words or -1. */
  ba: Int32Array;
  /** Per content word of a / of b: aligned by equal lemma or word, or by spelling (not by WordNet alone). The rules that name a relation count these. */
  literalA: Uint8Array;
  literalB: Uint8Array;
  /** Two content words with the same lemma were aligned (so the statements share a content lemma). */
  sameLemma: boolean;
  /** Content words of a left unaligned that have a WordNet antonym among b's unaligned ones (`accept` / `decline`). */
  antonyms: number;
}

/** How a content word was aligned: not, by equal lemma or word, by WordNet (one lemma or synonyms; derivation; entailment or hypernym), by spelling. */
const ALIGN_NONE = 0;
const ALIGN_EXACT = 1;
const ALIGN_WN_SYNONYM = 2;
const ALIGN_WN_DERIVATION = 3;
const ALIGN_WN_BROADER = 4;
const ALIGN_SPELLING = 5;

/** Strength of an alignment by each WordNet relation (index: `REL_*`); an antonym does not align. */
const WN_STRENGTH = [0, 0.9, 0.85, 0.8, 0, 0.7, 0.6];
const WN_HOW = [ALIGN_NONE, ALIGN_WN_SYNONYM, ALIGN_WN_SYNONYM, ALIGN_WN_DERIVATION, ALIGN_NONE, ALIGN_WN_BROADER, ALIGN_WN_BROADER];

/**
 * Spelling evidence that two content words are one (1 the same word, 0.9 a
 * name's variant, 0.75 a shared stem), or 0.
 */
function spellingMatch(lx: Lexicon, a: Prepared, i: number, b: Prepared, j: number): number {
  const fa = a.flags[i];
  if (a.wid[i] === b.wid[j]) return 1;
  const sa = lx.name(a.lid[i]);
  const sb = lx.name(b.lid[j]);
  const cp = commonPrefix(sa, sb);
  if (cp >= 5 || (cp >= 4 && Math.min(sa.length, sb.length) <= cp + 2 && !(fa & F_NAME))) return 0.75;
  if (fa & b.flags[j] & F_NAME) {
    const wa = lx.name(a.wid[i]);
    const wb = lx.name(b.wid[j]);
    const L = Math.min(wa.length, wb.length);
    if (L >= 4 && wa.charCodeAt(0) === wb.charCodeAt(0) && editDistance(wa, wb, 2) <= (L >= 7 ? 2 : 1)) return 0.9;
  }
  return 0;
}

/**
 * Align content words: exact lemma or word first, then the best of what is
 * left by WordNet (one lemma, synonyms, derivations, entailment, hypernyms
 * up to two levels; not names, numbers or dates) or by spelling (shared
 * stems, name spelling variants). Without WordNet, spelling only.
 */
export function align(lx: Lexicon, a: Prepared, b: Prepared): Alignment {
  const na = a.content.length;
  const nb = b.content.length;
  const ab = new Int32Array(na).fill(-1);
  const ba = new Int32Array(nb).fill(-1);
  const strength = new Float64Array(na);
  const how = new Uint8Array(na);
  // pass 1: exact lemma or word
  let sameLemma = false;
  for (let x = 0; x < na; x++) {
    const i = a.content[x];
    const li = a.lid[i];
    const wi = a.wid[i];
    for (let y = 0; y < nb; y++) {
      if (ba[y] >= 0) continue;
      const j = b.content[y];
      if (b.lid[j] === li || b.wid[j] === wi) {
        if (b.lid[j] === li) sameLemma = true;
        ab[x] = j;
        ba[y] = i;
        strength[x] = 1;
        how[x] = ALIGN_EXACT;
        break;
      }
    }
  }
  // pass 2: the best match of each word left. A test on the flat keys skips
  // the pairs spelling scores 0 (neither the same word nor the same first
  // letter of the lemma, nor of the word for two names) unless WordNet may
  // relate them (both common words it knows).
  const keys = lx.keys;
  const wn = lx.wordnet !== undefined;
  let antonyms = 0;
  for (let x = 0; x < na; x++) {
    if (ab[x] >= 0) continue;
    const i = a.content[x];
    const fa = a.flags[i];
    if (fa & (F_NUMBER | F_DATE)) continue;
    const li = a.lid[i];
    const l0 = keys[2 * li];
    const w0 = fa & F_NAME ? keys[2 * a.wid[i]] : -2;
    const wi = a.wid[i];
    const wnA = wn && !(fa & F_NAME) && lx.inWordNet(li);
    let best = 0;
    let by = -1;
    let kind = ALIGN_NONE;
    let opposite = false;
    for (let y = 0; y < nb; y++) {
      if (ba[y] >= 0) continue;
      const j = b.content[y];
      const fb = b.flags[j];
      if (fb & (F_NUMBER | F_DATE)) continue;
      const lj = b.lid[j];
      let s = 0;
      let k = ALIGN_NONE;
      if (wnA && !(fb & F_NAME) && lx.inWordNet(lj)) {
        const r = lx.relation(li, lj);
        if (r !== REL_NONE) {
          if (r === REL_ANTONYM) opposite = true;
          s = WN_STRENGTH[r];
          k = WN_HOW[r];
        }
      }
      if (keys[2 * lj] === l0 || b.wid[j] === wi || (fb & F_NAME && keys[2 * b.wid[j]] === w0)) {
        const sp = spellingMatch(lx, a, i, b, j);
        if (sp > s) {
          s = sp;
          k = ALIGN_SPELLING;
        }
      }
      if (s > best) {
        best = s;
        by = y;
        kind = k;
      }
    }
    if (by >= 0) {
      ab[x] = b.content[by];
      ba[by] = i;
      strength[x] = best;
      how[x] = kind;
    } else if (opposite) antonyms++;
  }
  const literalA = new Uint8Array(na);
  const literalB = new Uint8Array(nb);
  for (let x = 0; x < na; x++) {
    if (how[x] !== ALIGN_EXACT && how[x] !== ALIGN_SPELLING) continue;
    literalA[x] = 1;
    const j = ab[x];
    for (let y = 0; y < nb; y++) if (b.content[y] === j) literalB[y] = 1;
  }
  return { ab, strength, how, ba, literalA, literalB, sameLemma, antonyms };
}

interface SequenceMeasures {
  /** Longest common subsequence of the lemma ids. */
  lcs: number;
  /** Longest common contiguous run of the lemma ids. */
  run: number;
  /** Edit distance of the word ids. */
  wed: number;
}

/**
 * Buffers reused from pair to pair, one set per Matcher: per lemma/word id,
 * the bit masks of its positions in `sequenceBits`' pattern (zero outside a
 * call), and the run lengths of one row.
 */
export class PairScratch {
  pmL = new Int32Array(1024);
  pmW = new Int32Array(1024);
  readonly runLen = new Int32Array(33);
}

/**
 * Longest common subsequence and longest common contiguous run of lemma ids
 * (la, lb), and word edit distance of word ids (wa, wb). All three are
 * symmetric: bit-parallel with the shorter sequence as the pattern when it
 * fits a 32-bit word (measured: compare 1.5x faster on MRPC pairs than the DP alone), else
 * by dynamic programming.
 */
function sequenceMeasures(lx: Lexicon, sc: PairScratch, la: Int32Array, lb: Int32Array, wa: Int32Array, wb: Int32Array): SequenceMeasures {
  const n = la.length;
  const m = lb.length;
  if (n === 0 || m === 0) return { lcs: 0, run: 0, wed: n + m };
  if (m <= 32 && m <= n) return sequenceBits(lx, sc, lb, wb, la, wa);
  if (n <= 32) return sequenceBits(lx, sc, la, wa, lb, wb);
  return sequenceDp(la, lb, wa, wb);
}

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * sequenceMeasures with a pattern (pl, pw) of at most 32 words: LCS
 * (Allison-Dix / Hyyro), longest common run (over the match bits of each
 * row) and Levenshtein distance (Myers / Hyyro 2003).
 */
function sequenceBits(lx: Lexicon, sc: PairScratch, pl: Int32Array, pw: Int32Array, tl: Int32Array, tw: Int32Array): SequenceMeasures {
  const m = pl.length;
  if (sc.pmL.length <= lx.size) {
    sc.pmL = new Int32Array((lx.size + 1) * 2);
    sc.pmW = new Int32Array((lx.size + 1) * 2);
  }
  const PL = sc.pmL;
  const PW = sc.pmW;
  for (let j = 0; j < m; j++) {
    PL[pl[j]] |= 1 << j;
    PW[pw[j]] |= 1 << j;
  }
  const full = m === 32 ? -1 : (1 << m) - 1;
  const top = 1 << (m - 1);
  let V = full; // LCS state
  let VP = -1, VN = 0, dist = m; // edit distance state
  let prevR = 0, best = 0;
  const len = sc.runLen;
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
  return { lcs: popcount(~V & full), run: best, wed: dist };
}

/** sequenceMeasures by dynamic programming, one row each of the LCS, the run ending here and the edit distance. */
function sequenceDp(la: Int32Array, lb: Int32Array, wa: Int32Array, wb: Int32Array): SequenceMeasures {
  const n = la.length;
  const m = lb.length;
  const L = new Int32Array(m + 1);
  const R = new Int32Array(m + 1);
  const W = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) W[j] = j;
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
  return { lcs: L[m], run: best, wed: W[m] };
}

/** Size of the multiset intersection of two sorted ranges, x[xs..xe) and y[ys..ye). */
function sortedMatches(x: Int32Array, xs: number, xe: number, y: Int32Array, ys: number, ye: number): number {
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

/** Lemma ids found in only one of the two statements (merge of the sorted distinct ids). */
export function uniqueLemmas(a: Prepared, b: Prepared): Int32Array {
  const x = a.ulid;
  const y = b.ulid;
  const out = new Int32Array(x.length + y.length);
  let i = 0, j = 0, n = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      i++;
      j++;
    } else if (x[i] < y[j]) out[n++] = x[i++];
    else out[n++] = y[j++];
  }
  while (i < x.length) out[n++] = x[i++];
  while (j < y.length) out[n++] = y[j++];
  return out.subarray(0, n);
}

/**
 * Learned term weights: log-odds shift of "same" when a lemma occurs on one
 * side only (TF-KLD-like), by lemma id (NaN: no entry). Made by `termOddsOf`.
 */
export type TermOdds = Float64Array;

/** A table of term odds by lemma (model.json's `odds`) by the lexicon's lemma ids; interns its terms. */
export function termOddsOf(lx: Lexicon, t: Record<string, number>): TermOdds {
  const entries = Object.keys(t).map((k): [number, number] => [lx.id(k), t[k]]);
  let max = 0;
  for (const [id] of entries) if (id > max) max = id;
  const v = new Float64Array(max + 1).fill(NaN);
  for (const [id, o] of entries) v[id] = o;
  return v;
}

interface OddsFeatures {
  /** Sums of the term odds of the lemmas found only in a / only in b. */
  a: number;
  b: number;
  /** The lowest odds among them (0 if none is negative), and how many are below -0.4. */
  min: number;
  neg: number;
}

function oddsFeatures(a: Prepared, b: Prepared, odds: TermOdds | undefined): OddsFeatures {
  let sa = 0, sb = 0, min = 0, neg = 0;
  if (!odds) return { a: sa, b: sb, min, neg };
  const x = a.ulid;
  const y = b.ulid;
  const L = odds.length;
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
    const v = odds[id];
    if (v !== v) continue;
    if (side === 0) sa += v;
    else sb += v;
    if (v < min) min = v;
    if (v < -0.4) neg++;
  }
  return { a: sa, b: sb, min, neg };
}

export interface PairFeatures {
  /** The feature vector, in the order of FEATURE_NAMES (`FEATURE` gives each one's position). */
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

function numberDiffs(lx: Lexicon, a: Prepared, b: Prepared): { diffs: string[]; matched: number; onlyOne: number } {
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
  const nextWord = (p: Prepared, at: number) => (at + 1 < p.lid.length ? lx.name(p.lid[at + 1]) : '');
  for (const x of unA) {
    const nextA = nextWord(a, x.at);
    let k = unB.findIndex((y, j) => !usedU[j] && nextWord(b, y.at) === nextA && nextA !== '');
    if (k < 0) k = unB.findIndex((y, j) => !usedU[j] && Math.abs(y.value) >= 1900 === Math.abs(x.value) >= 1900);
    if (k >= 0) {
      usedU[k] = 1;
      diffs.push(`${x.surface} vs ${unB[k].surface}`);
    } else onlyOne++;
  }
  for (let j = 0; j < unB.length; j++) if (!usedU[j]) onlyOne++;
  return { diffs, matched, onlyOne };
}

/** Do a and b have a content lemma in common? */
export function shareContentLemma(a: Prepared, b: Prepared): boolean {
  for (let x = 0; x < a.content.length; x++) {
    const l = a.lid[a.content[x]];
    for (let y = 0; y < b.content.length; y++) if (b.lid[b.content[y]] === l) return true;
  }
  return false;
}

interface Gap {
  /** Longest run of words of p with no exact/aligned counterpart in q. */
  longest: number;
  /** A run of 3+ such words holds a verb (an added clause). */
  clause: boolean;
  /** Unaligned content words between the first and last aligned one / outside that span. */
  inside: number;
  outside: number;
}

/** The words of p with no counterpart in q (al: p's alignment to q, by content word). */
function gapOf(p: Prepared, q: Prepared, al: Int32Array): Gap {
  const len = p.lid.length;
  const content = p.content;
  const lid = p.lid;
  const flags = p.flags;
  const has = new Uint8Array(len);
  for (let k = 0; k < content.length; k++) if (al[k] >= 0) has[content[k]] = 1;
  // a function word counts as found when its lemma occurs anywhere in q
  for (let i = 0; i < len; i++) if (!has[i] && !(flags[i] & F_CONTENT) && q.ulid.includes(lid[i])) has[i] = 1;
  let longest = 0, run = 0, verbs = 0;
  let first = -1, last = -1;
  let clause = false;
  for (let i = 0; i < len; i++) {
    if (has[i]) {
      run = 0;
      verbs = 0;
      if (flags[i] & F_CONTENT) {
        if (first < 0) first = i;
        last = i;
      }
    } else {
      if (++run > longest) longest = run;
      if (flags[i] & F_VERB) verbs++;
      if (run >= 3 && verbs > 0) clause = true;
    }
  }
  let inside = 0, outside = 0;
  for (let k = 0; k < content.length; k++) {
    if (al[k] >= 0) continue;
    const i = content[k];
    if (i > first && i < last) inside++;
    else outside++;
  }
  return { longest, clause, inside, outside };
}

/** Whether the string of id occurs in p.words.join(' '): a string with no space occurs there exactly when it occurs in one of the words. */
function inText(lx: Lexicon, p: Prepared, id: number): boolean {
  const w = lx.name(id);
  if (w === '' || w.includes(' ')) return p.words.join(' ').includes(w);
  for (let k = 0; k < p.wid.length; k++) if (p.wid[k] === id || lx.name(p.wid[k]).includes(w)) return true;
  return false;
}

/** Content words of one side, split by whether they were aligned. */
interface SideCounts {
  /** IDF weight of all content words, and of the aligned ones (times their strength on a's side). */
  total: number;
  aligned: number;
  /** Aligned content words, and those aligned fuzzily (strength < 1; a's side only). */
  count: number;
  fuzzy: number;
  /** Unaligned verbs, nouns, adjectives/adverbs, names. */
  verbs: number;
  nouns: number;
  adjs: number;
  names: number;
  /** Word ids of the unaligned names, and the unaligned dates. */
  nameIds: number[];
  dates: string[];
  /** Highest IDF weight of an unaligned non-number word. */
  maxUnaligned: number;
}

function sideCounts(lx: Lexicon, p: Prepared, w: Float64Array, al: Int32Array, strength: Float64Array | undefined): SideCounts {
  const s: SideCounts = { total: 0, aligned: 0, count: 0, fuzzy: 0, verbs: 0, nouns: 0, adjs: 0, names: 0, nameIds: [], dates: [], maxUnaligned: 0 };
  for (let x = 0; x < p.content.length; x++) {
    s.total += w[x];
    const i = p.content[x];
    if (al[x] >= 0) {
      s.aligned += strength ? w[x] * strength[x] : w[x];
      s.count++;
      if (strength && strength[x] < 1) s.fuzzy++;
      continue;
    }
    const f = p.flags[i];
    if (f & F_VERB) s.verbs++;
    else if (f & F_NOUN) s.nouns++;
    else if (f & F_ADJ) s.adjs++;
    if (f & F_NAME) {
      s.names++;
      s.nameIds.push(p.wid[i]);
    }
    if (f & F_DATE) s.dates.push(lx.name(p.wid[i]));
    if (!(f & F_NUMBER) && w[x] > s.maxUnaligned) s.maxUnaligned = w[x];
  }
  return s;
}

/** The features of a pair (with their alignment, `align(lx, a, b)`, when already made). */
export function pairFeatures(lx: Lexicon, sc: PairScratch, a: Prepared, b: Prepared, idf: (t: string) => number, odds?: TermOdds, al = align(lx, a, b)): PairFeatures {
  const wa = weightsOf(lx, a, idf);
  const wb = weightsOf(lx, b, idf);
  const na = a.content.length;
  const nb = b.content.length;
  const A = sideCounts(lx, a, wa, al.ab, al.strength);
  const B = sideCounts(lx, b, wb, al.ba, undefined);
  const totA = A.total, alA = A.aligned, cntA = A.count;
  const totB = B.total, alB = B.aligned, cntB = B.count;
  const covWA = totA > 0 ? alA / totA : 1;
  const covWB = totB > 0 ? Math.min(1, alB / totB) : 1;
  const covA = na > 0 ? cntA / na : 1;
  const covB = nb > 0 ? cntB / nb : 1;
  const unWA = totA - alA;
  const unWB = totB - alB;
  const maxUnW = Math.max(A.maxUnaligned, B.maxUnaligned);
  const x = new Float64Array(FEATURE_NAMES.length);
  const F = FEATURE;
  x[F.cov_w_min] = Math.min(covWA, covWB);
  x[F.cov_w_max] = Math.max(covWA, covWB);
  x[F.cov_min] = Math.min(covA, covB);
  x[F.cov_max] = Math.max(covA, covB);
  x[F.unal_w_max] = Math.max(unWA, unWB);
  x[F.unal_w_min] = Math.min(unWA, unWB);
  x[F.unal_n_max] = Math.max(na - cntA, nb - cntB);
  x[F.unal_n_min] = Math.min(na - cntA, nb - cntB);
  x[F.dice_w] = totA + totB > 0 ? (alA + alB) / (totA + totB) : 1;
  x[F.unal_verb_max] = Math.max(A.verbs, B.verbs);
  x[F.unal_noun_max] = Math.max(A.nouns, B.nouns);
  x[F.unal_adj_max] = Math.max(A.adjs, B.adjs);
  x[F.name_unal_max] = Math.max(A.names, B.names);
  x[F.name_unal_sum] = A.names + B.names;
  x[F.unal_name_one] = (A.names > 0 ? 1 : 0) + (B.names > 0 ? 1 : 0);
  x[F.min_content] = Math.min(na, nb);
  x[F.content_diff] = Math.abs(na - nb);
  x[F.unal_w_frac] = totA + totB > 0 ? (unWA + unWB) / (totA + totB) : 0;
  x[F.unal_idf_maxword] = maxUnW;
  x[F.unal_w_sum] = unWA + unWB;
  x[F.fuzzy_frac] = na + nb > 0 ? A.fuzzy / Math.max(cntA, 1) : 0;

  // sequence measures on lemmas (all words): n-gram precision, BLEU, LCS, longest run, word edit distance
  const lenA = a.lid.length;
  const lenB = b.lid.length;
  const maxLen = Math.max(lenA, lenB, 1);
  const minLen = Math.max(Math.min(lenA, lenB), 1);
  const HA = a.h;
  const HB = b.h;
  let logA = 0, logB = 0;
  let sa = 0, sb = 0;
  for (let n = 1; n <= 4; n++) {
    const na1 = Math.max(0, lenA - n + 1);
    const nb1 = Math.max(0, lenB - n + 1);
    const m = sortedMatches(HA, sa, sa + na1, HB, sb, sb + nb1);
    sa += na1;
    sb += nb1;
    const pa = na1 ? m / na1 : 0;
    const pb = nb1 ? m / nb1 : 0;
    x[F.p1_min + n - 1] = Math.min(pa, pb);
    x[F.p1_max + n - 1] = Math.max(pa, pb);
    logA += Math.log((m + 1) / (na1 + 1));
    logB += Math.log((m + 1) / (nb1 + 1));
  }
  const bleuA = Math.exp(logA / 4) * Math.min(1, Math.exp(1 - lenB / Math.max(lenA, 1)));
  const bleuB = Math.exp(logB / 4) * Math.min(1, Math.exp(1 - lenA / Math.max(lenB, 1)));
  x[F.bleu_min] = Math.min(bleuA, bleuB);
  x[F.bleu_max] = Math.max(bleuA, bleuB);
  const seq = sequenceMeasures(lx, sc, a.lid, b.lid, a.wid, b.wid);
  x[F.lcs_max] = seq.lcs / maxLen;
  x[F.lcs_min] = seq.lcs / minLen;
  x[F.wed] = seq.wed / maxLen;
  x[F.run_min] = seq.run / minLen;
  x[F.run_max] = seq.run / maxLen;
  x[F.len_ratio] = minLen / maxLen;
  x[F.len_diff] = Math.abs(lenA - lenB);
  x[F.max_len] = maxLen;
  x[F.exact] = lenA === lenB && seq.wed === 0 ? 1 : 0;
  // word unigrams, lemma character trigrams, content-word character 4-grams
  const um = sortedMatches(HA, a.hc3 - lenA, a.hc3, HB, b.hc3 - lenB, b.hc3);
  x[F.uni_dice_all] = (2 * um) / Math.max(lenA + lenB, 1);
  x[F.word_p1_min] = Math.min(lenA ? um / lenA : 0, lenB ? um / lenB : 0);
  const cm = sortedMatches(HA, a.hc3, a.hc4, HB, b.hc3, b.hc4);
  x[F.char3_dice] = (2 * cm) / Math.max(a.hc4 - a.hc3 + b.hc4 - b.hc3, 1);
  const c4 = sortedMatches(HA, a.hc4, HA.length, HB, b.hc4, HB.length);
  x[F.char4_content] = (2 * c4) / Math.max(HA.length - a.hc4 + HB.length - b.hc4, 1);

  // numbers, names, dates, negation
  const nd = numberDiffs(lx, a, b);
  x[F.num_both] = a.numbers.length && b.numbers.length ? 1 : 0;
  x[F.num_mismatch] = nd.diffs.length;
  x[F.num_only_one] = nd.onlyOne;
  x[F.num_match] = nd.matched;
  x[F.num_subset] = nd.diffs.length === 0 && (nd.onlyOne === 0 || a.numbers.length === 0 || b.numbers.length === 0) ? 1 : 0;
  x[F.num_count_diff] = Math.abs(a.numbers.length - b.numbers.length);
  // unaligned names on both sides are possible conflicting details
  const nameDiffs: string[] = [];
  if (A.nameIds.length && B.nameIds.length) {
    const ra = A.nameIds.filter((w) => !inText(lx, b, w));
    const rb = B.nameIds.filter((w) => !inText(lx, a, w));
    if (ra.length && rb.length) nameDiffs.push(`${ra.map((w) => lx.name(w)).join(' ')} vs ${rb.map((w) => lx.name(w)).join(' ')}`);
  }
  x[F.name_diff] = nameDiffs.length;
  const dateDiffs: string[] = [];
  if (A.dates.length && B.dates.length) dateDiffs.push(`${A.dates.join(' ')} vs ${B.dates.join(' ')}`);
  x[F.date_mismatch] = dateDiffs.length;
  x[F.neg_mismatch] = a.negations % 2 !== b.negations % 2 ? 1 : 0;

  // coverage without numbers and dates
  let cA = 0, tA = 0, cB = 0, tB = 0;
  const aligned: string[] = [];
  for (let q = 0; q < na; q++) {
    const f = a.flags[a.content[q]];
    if (al.ab[q] >= 0) aligned.push(lx.name(a.wid[a.content[q]]));
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
  x[F.cov_nonum_min] = coverageNoNumbers;

  // longest block of words with no counterpart (an added clause is strong evidence of extra information)
  const gA = gapOf(a, b, al.ab);
  const gB = gapOf(b, a, al.ba);
  x[F.gap_max] = Math.max(gA.longest, gB.longest);
  x[F.gap_max_frac] = Math.max(gA.longest / Math.max(lenA, 1), gB.longest / Math.max(lenB, 1));
  x[F.gap_min] = Math.min(gA.longest, gB.longest);
  x[F.gap_clause] = +gA.clause + +gB.clause;
  x[F.unal_inside_max] = Math.max(gA.inside, gB.inside);
  x[F.unal_outside_max] = Math.max(gA.outside, gB.outside);
  // fragmentation (METEOR): chunks of aligned content words kept in order
  let chunks = 0, prevJ = -2, matchedN = 0;
  for (let q = 0; q < na; q++) {
    const j = al.ab[q];
    if (j < 0) continue;
    matchedN++;
    if (j !== prevJ + 1 && !(prevJ >= 0 && j > prevJ && j - prevJ <= 2)) chunks++;
    prevJ = j;
  }
  x[F.frag] = matchedN ? chunks / matchedN : 1;

  const o = oddsFeatures(a, b, odds);
  x[F.kld_sum] = o.a + o.b;
  x[F.kld_min] = o.min;
  x[F.kld_neg] = o.neg;
  x[F.kld_side_min] = Math.min(o.a, o.b);
  x[F.kld_side_max] = Math.max(o.a, o.b);

  // WordNet: what it aligned beyond equal words, and opposite meanings
  let wnSyn = 0, wnDeriv = 0, wnBroader = 0;
  for (let q = 0; q < na; q++) {
    const h = al.how[q];
    if (h === ALIGN_WN_SYNONYM) wnSyn++;
    else if (h === ALIGN_WN_DERIVATION) wnDeriv++;
    else if (h === ALIGN_WN_BROADER) wnBroader++;
  }
  x[F.wn_frac] = (wnSyn + wnDeriv + wnBroader) / Math.max(Math.min(na, nb), 1);
  x[F.wn_synonym] = wnSyn;
  x[F.wn_derivation] = wnDeriv;
  x[F.wn_broader] = wnBroader;
  x[F.wn_antonym] = al.antonyms;
  // one side negated, or an antonym across (but not both: "did not accept" / "declined")
  x[F.polarity_mismatch] = x[F.neg_mismatch] !== (al.antonyms % 2) ? 1 : 0;
  return { x, alignment: al, numberDiffs: nd.diffs, nameDiffs, dateDiffs, coverageNoNumbers, aligned };
}
