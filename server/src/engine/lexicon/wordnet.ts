// WordNet 3.1 as the engine reads it: the compact index tools/wordnet.mjs
// builds at build time (dist/wordnet.bin, inflated by the node layer), read
// into typed arrays (`WordNetIndex`, immutable, shareable), and the queries
// an engine asks of it (`WordNet`, one per engine: it owns its memos).
//
// The index holds lemmas and their synsets in sense order, each synset's
// lemmas, and five kinds of pointer: hypernym (with instance hypernym),
// derivationally related form, antonym, entailment and similar-to; plus
// WordNet's morphological exception lists (noun, verb, adjective). No glosses.
//
// Layout (little-endian), as tools/wordnet.mjs writes it:
//   header u32: MAGIC, FORMAT, words, synsets per part of speech (n, v, a, r),
//               synset lemmas, pointers, sections, then each section's bytes
//   sections, each padded to 4 bytes:
//     words        the lemmas, sorted by code unit, end to end (ASCII;
//                  lower case, '_' between the words of a collocation)
//     wordLength   u8 per word
//     lemmaCount   u8 per synset: how many lemmas it has
//     lemmas       u32 per synset lemma: the word id, synset by synset
//     senseRank    u8 per synset lemma: the synset's place in its word's
//                  sense list (all parts of speech, n v a r, each in
//                  WordNet's sense order)
//     ptrCount     u8 per synset
//     ptrs         u32 per pointer: target synset (bits 0-16), kind (17-19),
//                  source lemma (20-25, 1-based, 0 = whole synset),
//                  target lemma (26-31)
//     exceptions   one per part of speech: 'form lemma[ lemma…]' lines
import { lowerBound } from '../text/search';

const MAGIC = 0x31334e57; // 'WN31'
const FORMAT = 2;
const HEADER = 10;

export type WordNetPos = 'n' | 'v' | 'a' | 'r';
const POS: readonly WordNetPos[] = ['n', 'v', 'a', 'r'];

/** How two words are linked in WordNet, closest first (see `WordNet.relation`). */
export type LexicalRelation = 'same' | 'synonym' | 'derivation' | 'antonym' | 'entailment' | 'hypernym';

const enum Kind {
  Hypernym = 0,
  Derivation = 1,
  Antonym = 2,
  Entailment = 3,
  Similar = 4,
}

/** Detachment rules of WordNet's morphy, per part of speech: [suffix, ending]. */
const RULES: Record<WordNetPos, readonly (readonly [string, string])[]> = {
  n: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  v: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  a: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  r: [],
};

/**
 * The immutable tables of the index. Built once from the file's bytes and
 * never changed, so one may be shared by several engines, like a module
 * constant; everything that changes lives in a `WordNet`.
 */
export class WordNetIndex {
  /** The lemmas' bytes, end to end, sorted. */
  private readonly text: Uint8Array;
  /** Start of each word in `text`, and the end of the last. */
  private readonly wordStart: Uint32Array;
  /** First synset of each part of speech (n, v, a, r), then the number of synsets. */
  readonly posStart: Uint32Array;
  /** Per synset, its range in `synLemmas`. */
  readonly lemmaStart: Uint32Array;
  /** Word ids of each synset's lemmas, synset by synset. */
  readonly synLemmas: Uint32Array;
  /** Per word, its range in `senses`. */
  readonly senseStart: Uint32Array;
  /** Each word's synsets, in sense order (n, v, a, r). */
  readonly senses: Uint32Array;
  /** Per synset, its range in `ptrs`. */
  readonly ptrStart: Uint32Array;
  readonly ptrs: Uint32Array;
  /** Per part of speech (n, v, a, r), inflected form -> lemmas. */
  readonly exceptions: readonly ExceptionList[];

  constructor(bytes: Uint8Array) {
    // Typed views need 4-byte alignment; copy once when the bytes sit elsewhere.
    const b = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
    const u32 = (at: number, n: number) => new Uint32Array(b.buffer, b.byteOffset + at, n);
    const head = u32(0, HEADER);
    if (head[0] !== MAGIC || head[1] !== FORMAT) throw new Error('wordnet: not a WordNet index of this format');
    const [nWords, nN, nV, nA, nR, nSynLemmas, nPtrs, nSections] = head.subarray(2);
    const sizes = u32(HEADER * 4, nSections);
    const sections: Uint8Array[] = [];
    let at = (HEADER + nSections) * 4;
    for (const size of sizes) {
      sections.push(b.subarray(at, at + size));
      at += (size + 3) & ~3;
    }
    const nSyn = nN + nV + nA + nR;
    this.posStart = Uint32Array.of(0, nN, nN + nV, nN + nV + nA, nSyn);
    const [text, wordLength, lemmaCount, lemmas, senseRank, ptrCount, ptrs, ...exc] = sections;

    this.text = text;
    this.wordStart = prefixSums(wordLength);

    this.lemmaStart = prefixSums(lemmaCount);
    this.synLemmas = u32(lemmas.byteOffset - b.byteOffset, nSynLemmas);
    this.ptrStart = prefixSums(ptrCount);
    this.ptrs = u32(ptrs.byteOffset - b.byteOffset, nPtrs);

    // Senses: the synset lemmas inverted, each placed at its rank (locals: this runs once, cold).
    const synLemmas = this.synLemmas;
    const lemmaStart = this.lemmaStart;
    const senseStart = new Uint32Array(nWords + 1);
    for (let i = 0; i < nSynLemmas; i++) senseStart[synLemmas[i] + 1]++;
    for (let i = 0; i < nWords; i++) senseStart[i + 1] += senseStart[i];
    const senses = new Uint32Array(nSynLemmas);
    for (let s = 0; s < nSyn; s++) {
      const end = lemmaStart[s + 1];
      for (let i = lemmaStart[s]; i < end; i++) senses[senseStart[synLemmas[i]] + senseRank[i]] = s;
    }
    this.senseStart = senseStart;
    this.senses = senses;

    this.exceptions = exc.map((section) => new ExceptionList(section));
  }

  get wordCount(): number {
    return this.wordStart.length - 1;
  }

  get synsetCount(): number {
    return this.posStart[4];
  }

  /** The id of a lemma as the index spells it (lower case, '_' for spaces), or -1. */
  wordId(lemma: string): number {
    const ws = this.wordStart;
    const text = this.text;
    const n = ws.length - 1;
    const i = lowerBound(n, (k) => compare(lemma, text, ws[k], ws[k + 1]) <= 0);
    return i < n && compare(lemma, text, ws[i], ws[i + 1]) === 0 ? i : -1;
  }

  word(id: number): string {
    return String.fromCharCode(...this.text.subarray(this.wordStart[id], this.wordStart[id + 1]));
  }

  posOf(synset: number): WordNetPos {
    let p = 0;
    while (synset >= this.posStart[p + 1]) p++;
    return POS[p];
  }
}

/** One exception list: sorted 'form lemma[ lemma…]' lines, searched in place (nothing decoded at load). */
class ExceptionList {
  /** Start of each line, and one past the end. */
  private readonly starts: Uint32Array;

  constructor(private readonly text: Uint8Array) {
    let n = 0;
    for (let i = 0; i < text.length; i++) if (text[i] === 10) n++;
    this.starts = new Uint32Array(text.length ? n + 2 : 1);
    let k = 1;
    for (let i = 0; i < text.length; i++) if (text[i] === 10) this.starts[k++] = i + 1;
    if (text.length) this.starts[k] = text.length + 1;
  }

  /** The lemmas listed for `form`, or undefined. */
  get(form: string): string[] | undefined {
    const { text, starts } = this;
    const n = starts.length - 1;
    const formEnd = (k: number) => text.indexOf(32, starts[k]);
    const i = lowerBound(n, (k) => compare(form, text, starts[k], formEnd(k)) <= 0);
    if (i >= n || compare(form, text, starts[i], formEnd(i)) !== 0) return undefined;
    return String.fromCharCode(...text.subarray(formEnd(i) + 1, starts[i + 1] - 1)).split(' ');
  }

  has(form: string): boolean {
    return this.get(form) !== undefined;
  }
}

function prefixSums(counts: Uint8Array): Uint32Array {
  const out = new Uint32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) out[i + 1] = out[i] + counts[i];
  return out;
}

/** `s` against the ASCII bytes text[from, to), by code unit. */
function compare(s: string, text: Uint8Array, from: number, to: number): number {
  const n = to - from;
  const m = Math.min(s.length, n);
  for (let i = 0; i < m; i++) {
    const d = s.charCodeAt(i) - text[from + i];
    if (d !== 0) return d;
  }
  return s.length - n;
}

/** A word as `WordNet.relationOf` reads it: the index's spelling of it, and its sets (null: not in WordNet). */
export interface WordEntry {
  readonly key: string;
  readonly sets: WordSets | null;
}

/** What relation() needs of one word, found once per word. */
interface WordSets {
  /** Word ids of its lemmas. */
  lemmas: readonly number[];
  /** Synsets of its lemmas, any part of speech. */
  syn: Uint32Array;
  /** `syn` with the synsets similar to them (adjective clusters). */
  near: Uint32Array;
  /** Synsets its lemmas are derivationally related to. */
  deriv: Uint32Array;
  /** `near` and `deriv`: the word's meanings across parts of speech. */
  wide: Uint32Array;
  /** Antonyms of `wide`. */
  ant: Uint32Array;
  /** What `wide` entails. */
  ent: Uint32Array;
  /** Hypernyms of `syn`, one and two levels up. */
  up: Uint32Array;
}

const RELATIONS: readonly LexicalRelation[] = ['same', 'synonym', 'derivation', 'antonym', 'entailment', 'hypernym'];
/** Memo sizes: past these a memo starts again (the answers do not change, only the time to find them). */
const MAX_WORDS = 1 << 16;
const MAX_PAIRS = 1 << 20;
const NONE = -1;
const EMPTY = new Uint32Array(0);

/**
 * WordNet's answers for one engine: lemmatisation, senses and the relation
 * between two words. Pure (same question, same answer); it memoises per
 * instance, and an engine owns its own.
 */
export class WordNet {
  private readonly sets = new Map<string, WordSets | null>();
  private readonly pairs = new Map<string, number>();

  constructor(readonly index: WordNetIndex) {}

  /**
   * The base forms of `word` that WordNet has (morphy): the word itself when
   * it is a lemma, its exception-list bases (`went` → `go`), and the forms
   * the detachment rules give (`talks` → `talk`). Without `pos`, every part
   * of speech; an irregular form (in an exception list) then yields its
   * exception bases and itself only (`was` → `be`, not the noun `wa`).
   */
  lemmas(word: string, pos?: WordNetPos): string[] {
    return this.lemmaIds(word, pos).map((id) => this.index.word(id));
  }

  /** The synsets of a lemma (`refuse`, `take part`), in WordNet's sense order. */
  synsets(lemma: string, pos?: WordNetPos): number[] {
    const id = this.index.wordId(key(lemma));
    if (id < 0) return [];
    const out: number[] = [];
    for (let i = this.index.senseStart[id]; i < this.index.senseStart[id + 1]; i++) {
      const s = this.index.senses[i];
      if (!pos || this.index.posOf(s) === pos) out.push(s);
    }
    return out;
  }

  /** The lemmas of a synset, in WordNet's order. */
  synsetWords(synset: number): string[] {
    const ix = this.index;
    const out: string[] = [];
    for (let i = ix.lemmaStart[synset]; i < ix.lemmaStart[synset + 1]; i++) out.push(ix.word(ix.synLemmas[i]));
    return out;
  }

  posOf(synset: number): WordNetPos {
    return this.index.posOf(synset);
  }

  /**
   * The closest WordNet link between two words (any inflection, any part of
   * speech), checked in this order:
   * - `same`: one lemma (`talks` / `talk`, `said` / `says`);
   * - `synonym`: a shared synset, or an adjective similar to the other (`huge` / `large`);
   * - `derivation`: one's lemma is derivationally related to a sense of the
   *   other (`refusal` / `refuse`, and so `refusal` / `decline`);
   * - `antonym`: opposite senses, also through similar adjectives and across
   *   parts of speech through derivations (`accept` / `reject`, `acceptance` / `refuse`);
   * - `entailment`: one verb entails the other (`snore` / `sleep`);
   * - `hypernym`: one is a kind (or instance) of the other, one or two levels up;
   * else undefined. Symmetric.
   */
  relation(a: string, b: string): LexicalRelation | undefined {
    const x = key(a);
    const y = key(b);
    const pairKey = x < y ? `${x}\n${y}` : `${y}\n${x}`;
    let code = this.pairs.get(pairKey);
    if (code === undefined) {
      code = x === y ? 0 : relate(this.wordSets(x), this.wordSets(y));
      if (this.pairs.size >= MAX_PAIRS) this.pairs.clear();
      this.pairs.set(pairKey, code);
    }
    return code === NONE ? undefined : RELATIONS[code];
  }

  /** What `relationOf` needs of a word, found once: a caller that names words by its own ids keeps these (no string work per pair). */
  entry(word: string): WordEntry {
    const k = key(word);
    return { key: k, sets: this.wordSets(k) };
  }

  /** `relation` of two entries (from `entry`): the relation's place in RELATIONS (0 same … 5 hypernym), or -1. */
  relationOf(a: WordEntry, b: WordEntry): number {
    return a.key === b.key ? 0 : relate(a.sets, b.sets);
  }

  private lemmaIds(word: string, pos?: WordNetPos): number[] {
    const w = key(word);
    const ix = this.index;
    const out: number[] = [];
    const add = (form: string, p: WordNetPos | undefined) => {
      const id = ix.wordId(form);
      if (id >= 0 && !out.includes(id) && (!p || this.hasPos(id, p))) out.push(id);
    };
    const kinds = pos ? [pos] : POS;
    const irregular = !pos && kinds.some((p) => ix.exceptions[POS.indexOf(p)]?.has(w));
    for (const p of kinds) {
      const exc = ix.exceptions[POS.indexOf(p)]?.get(w);
      if (exc) for (const base of exc) add(base, p);
    }
    for (const p of kinds) add(w, p);
    if (irregular) return out;
    for (const p of kinds) {
      if (ix.exceptions[POS.indexOf(p)]?.has(w)) continue;
      if (p === 'n' && (w.endsWith('ss') || w.length <= 2)) continue;
      for (const [suffix, ending] of RULES[p]) {
        if (w.length > suffix.length && w.endsWith(suffix)) add(w.slice(0, w.length - suffix.length) + ending, p);
      }
      // A collocation inflects its first word (`took_part` → `take_part`) or its last (`peace_talks`, by the rules above).
      const gap = w.indexOf('_');
      if (gap > 0 && p === 'v') for (const first of this.lemmas(w.slice(0, gap), 'v')) add(first + w.slice(gap), p);
    }
    return out;
  }

  private hasPos(id: number, pos: WordNetPos): boolean {
    const ix = this.index;
    const p = POS.indexOf(pos);
    for (let i = ix.senseStart[id]; i < ix.senseStart[id + 1]; i++) {
      const s = ix.senses[i];
      if (s >= ix.posStart[p] && s < ix.posStart[p + 1]) return true;
    }
    return false;
  }

  private wordSets(w: string): WordSets | null {
    let sets = this.sets.get(w);
    if (sets === undefined) {
      sets = this.findSets(w);
      if (this.sets.size >= MAX_WORDS) this.sets.clear();
      this.sets.set(w, sets);
    }
    return sets;
  }

  private findSets(w: string): WordSets | null {
    const ix = this.index;
    const lemmas = this.lemmaIds(w);
    if (lemmas.length === 0) return null;
    const syn: number[] = [];
    for (const id of lemmas) for (let i = ix.senseStart[id]; i < ix.senseStart[id + 1]; i++) syn.push(ix.senses[i]);
    const synSet = sorted(syn);
    const similar: number[] = [...synSet];
    const deriv: number[] = [];
    for (const s of synSet) {
      for (let i = ix.ptrStart[s]; i < ix.ptrStart[s + 1]; i++) {
        const p = ix.ptrs[i];
        const kind = (p >>> 17) & 7;
        if (kind === Kind.Similar) similar.push(p & 0x1ffff);
        else if (kind === Kind.Derivation) {
          // A lexical pointer: only from the word's own lemma in that synset.
          const src = (p >>> 20) & 63;
          if (src > 0 && lemmas.includes(ix.synLemmas[ix.lemmaStart[s] + src - 1])) deriv.push(p & 0x1ffff);
        }
      }
    }
    const near = sorted(similar);
    const derivSet = sorted(deriv);
    const wide = sorted([...near, ...derivSet]);
    return {
      lemmas,
      syn: synSet,
      near,
      deriv: derivSet,
      wide,
      ant: this.follow(wide, Kind.Antonym),
      ent: this.follow(wide, Kind.Entailment),
      up: (() => {
        const one = this.follow(synSet, Kind.Hypernym);
        return sorted([...one, ...this.follow(one, Kind.Hypernym)]);
      })(),
    };
  }

  /** The synsets `kind` pointers lead to from `from`. */
  private follow(from: Uint32Array, kind: Kind): Uint32Array {
    const ix = this.index;
    const out: number[] = [];
    for (const s of from) {
      for (let i = ix.ptrStart[s]; i < ix.ptrStart[s + 1]; i++) {
        const p = ix.ptrs[i];
        if (((p >>> 17) & 7) === kind) out.push(p & 0x1ffff);
      }
    }
    return out.length ? sorted(out) : EMPTY;
  }
}

/** A word or lemma as the index spells it. */
const key = (word: string) => word.trim().toLowerCase().replace(/\s+/g, '_');

function sorted(xs: number[]): Uint32Array {
  if (xs.length === 0) return EMPTY;
  const a = Uint32Array.from(xs).sort();
  let n = 1;
  for (let i = 1; i < a.length; i++) if (a[i] !== a[n - 1]) a[n++] = a[i];
  return a.subarray(0, n);
}

/** The relation of two different words (see `WordNet.relation`), as a place in RELATIONS or NONE. */
function relate(A: WordSets | null, B: WordSets | null): number {
  if (!A || !B) return NONE;
  if (A.lemmas.some((l) => B.lemmas.includes(l))) return 0;
  if (meets(A.syn, B.syn) || meets(A.near, B.syn) || meets(B.near, A.syn)) return 1;
  if (meets(A.deriv, B.syn) || meets(B.deriv, A.syn)) return 2;
  if (meets(A.ant, B.wide) || meets(B.ant, A.wide)) return 3;
  if (meets(A.ent, B.wide) || meets(B.ent, A.wide)) return 4;
  if (meets(A.up, B.syn) || meets(B.up, A.syn)) return 5;
  return NONE;
}

/** Whether two sorted sets share an element. */
function meets(a: Uint32Array, b: Uint32Array): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) return true;
    if (a[i] < b[j]) i++;
    else j++;
  }
  return false;
}
