// What a document says that can tell its story from another: content words,
// names (runs of capitalised words), numbers and the title, counted per
// document. A light tokeniser of its own (no wink, no regexes on the hot path):
// grouping must cost a small fraction of analysis, and it needs only words,
// not parts of speech.
import type { Span } from '../model';
import { grown } from '../arrays';

/** Function words and newsroom verbs that say nothing about which story a text tells. */
const STOP = new Set(`a about above across after again against ago all almost along already also although always am among an and
another any anyone anything are around as at back be became because become been before began behind being below between both but
by came can cannot could did do does doing done down during each either else even ever every few for from further get gets getting
give given go going gone got had has have having he her here hers herself him himself his how however i if in including into is it
its itself just last late later least less like made make many may me might more most much must my myself near need never new next
no nor not now of off often on once one only onto or other others our ours ourselves out over own per rather said same say saying
says see seen she should since so some still such than that the their theirs them themselves then there these they this those though
three through thus to today told too took two under until up upon us very was we well were what when where whether which while who
whom whose why will with within without would yet you your yours yourself also according added asked called come comes week weeks
year years day days time times month months monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr percent
report reported reports reporting statement news people want wants wanted think know knew take takes told tell tells way`.split(/\s+/));

/** Kinds of term: a word, a capitalised word inside a sentence, a name pair, a number. */
export const enum Kind {
  Word = 0,
  Proper = 1,
  Name = 2,
  Number = 3,
}

/** Extra count a title's terms get: a headline names its story. */
const TITLE_BOOST = 2;

const WORD_CHAR = /[\p{L}\p{N}]/u;
const UPPER_CHAR = /\p{Lu}/u;

/** A letter or digit (ASCII answered without a regex). */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return WORD_CHAR.test(String.fromCharCode(c));
}

function isUpper(c: number): boolean {
  if (c < 128) return c >= 65 && c <= 90;
  return UPPER_CHAR.test(String.fromCharCode(c));
}

const isDigit = (c: number) => c >= 48 && c <= 57;
/** ' ’ . - : joins two runs of letters or digits into one token. */
const isJoiner = (c: number) => c === 39 || c === 0x2019 || c === 46 || c === 45;

/** The word key of a token: lower case, no possessive, no apostrophes or dots, crude plural folding. */
function wordKey(raw: string): string {
  let w = raw.toLowerCase();
  let n = w.length;
  if (n >= 2 && w.charCodeAt(n - 1) === 115 /* s */ && (w.charCodeAt(n - 2) === 39 || w.charCodeAt(n - 2) === 0x2019)) w = w.slice(0, (n -= 2));
  for (let i = 0; i < n; i++) {
    const c = w.charCodeAt(i);
    if (c === 39 || c === 0x2019 || c === 46) {
      w = w.replace(/['’.]/g, '');
      n = w.length;
      break;
    }
  }
  // "talks"/"talk", "quakes"/"quake": enough to match the same word in two texts.
  if (n > 4 && w.charCodeAt(n - 1) === 115) {
    const p = w.charCodeAt(n - 2);
    if (p !== 115 && p !== 117 && p !== 105) w = w.slice(0, n - 1); // not -ss, -us, -is
  }
  return w;
}

/** Ints per slot of the Vocabulary's table. */
const SLOT = 8;

/** FNV-1a over `len` code units of `buf`. */
function hashOf(buf: Uint16Array, len: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h;
}

/** The string of `len` code units of `buf` (in chunks: a very long token must not overflow the call's arguments). */
function stringOf(buf: Uint16Array, len: number): string {
  let s = '';
  for (let i = 0; i < len; i += 4096) s += String.fromCharCode.apply(null, buf.subarray(i, Math.min(len, i + 4096)) as unknown as number[]);
  return s;
}

/**
 * Term ids of one Stories instance, and the reader that counts a document's
 * terms into them. Ids are never reused (a term's frequency may fall to 0 and
 * rise again).
 *
 * The reader builds each key (lower-cased, folded) in a scratch buffer while
 * it scans and looks it up by hash in an open-addressing table of key strings
 * ("keys"), comparing code units only on a hash hit: no slice, no string and
 * no Map lookup per token. A key holds its stop-word flag and its id per kind.
 */
export class Vocabulary {
  /** Per id: its kind and its text (ties between terms break on the text, not on arrival order). */
  readonly kinds: Kind[] = [];
  readonly names: string[] = [];
  /** Scratch: count per id for the document being read, and the ids it touched. */
  private counts = new Float64Array(1024);
  private readonly seen: number[] = [];
  /**
   * Open addressing on the key's hash, at most half full; a slot is SLOT ints:
   * hash, length + 1 (0: empty), start of its text in `pool`, stop-word flag,
   * and the id per kind (-1: none yet). One slot holds all a token needs.
   */
  private table = new Int32Array(4096 * SLOT);
  private keys = 0;
  /** The keys' text, one after another. */
  private pool = new Uint16Array(1 << 16);
  private poolEnd = 0;
  /** Scratch: the key being built, and a name pair. */
  private buf = new Uint16Array(256);
  private pair = new Uint16Array(512);

  constructor() {
    for (const w of STOP) this.table[this.keyOf(this.load(w), true) + 3] = 1;
  }

  get size(): number {
    return this.names.length;
  }

  /** The id of a term if known. */
  find(kind: Kind, text: string): number | undefined {
    const k = this.keyOf(this.load(text), false);
    const id = k < 0 ? -1 : this.table[k + 4 + kind];
    return id < 0 ? undefined : id;
  }

  /** The terms of a document outside `ignored`: ids ascending and their counts. */
  read(text: string, title: string | undefined, ignored: readonly Span[] | undefined): { ids: Int32Array; counts: Float64Array } {
    this.readInto(text, ignored ?? [], 1);
    if (title) this.readInto(title, [], TITLE_BOOST);
    const ids = Int32Array.from(this.seen).sort();
    const counts = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      counts[i] = this.counts[ids[i]];
      this.counts[ids[i]] = 0;
    }
    this.seen.length = 0;
    return { ids, counts };
  }

  /** The title's word ids (known words only), for labels. */
  titleWords(title: string): number[] {
    const out: number[] = [];
    tokens(title, [], (s, e) => {
      const w = wordKey(title.slice(s, e));
      const id = STOP.has(w) || w.length < 3 ? undefined : this.find(Kind.Word, w);
      if (id !== undefined && !out.includes(id)) out.push(id);
    });
    return out;
  }

  /** Copies `s` into the key buffer; its length. */
  private load(s: string): number {
    const n = s.length;
    if (n > this.buf.length) this.buf = new Uint16Array(n * 2);
    for (let i = 0; i < n; i++) this.buf[i] = s.charCodeAt(i);
    return n;
  }

  /** The slot of the key in the first `len` code units of `from` (the key buffer unless told), added if `create`; -1 if absent. */
  private keyOf(len: number, create: boolean, from: Uint16Array = this.buf): number {
    const h = hashOf(from, len);
    const t = this.table;
    const mask = t.length / SLOT - 1;
    let i = (h & mask) * SLOT;
    for (; t[i + 1] !== 0; i = i + SLOT === t.length ? 0 : i + SLOT) {
      if (t[i] !== h || t[i + 1] !== len + 1) continue;
      const p = this.pool;
      let j = 0;
      for (let q = t[i + 2]; j < len && p[q] === from[j]; q++) j++;
      if (j === len) return i;
    }
    if (!create) return -1;
    if (this.poolEnd + len > this.pool.length) this.pool = grown(this.pool, Math.max(this.pool.length * 2, this.poolEnd + len));
    this.pool.set(from.subarray(0, len), this.poolEnd);
    t[i] = h;
    t[i + 1] = len + 1;
    t[i + 2] = this.poolEnd;
    t[i + 4] = t[i + 5] = t[i + 6] = t[i + 7] = -1;
    this.poolEnd += len;
    if (2 * ++this.keys <= mask + 1) return i;
    this.grow();
    return this.keyOf(len, false, from);
  }

  /** Doubles the table. */
  private grow(): void {
    const old = this.table;
    const t = new Int32Array(old.length * 2);
    const mask = t.length / SLOT - 1;
    for (let o = 0; o < old.length; o += SLOT) {
      if (old[o + 1] === 0) continue;
      let i = (old[o] & mask) * SLOT;
      while (t[i + 1] !== 0) i = i + SLOT === t.length ? 0 : i + SLOT;
      t.set(old.subarray(o, o + SLOT), i);
    }
    this.table = t;
  }

  private add(kind: Kind, slot: number, by: number): void {
    let id = this.table[slot + 4 + kind];
    if (id < 0) {
      id = this.names.length;
      this.table[slot + 4 + kind] = id;
      this.kinds.push(kind);
      this.names.push(stringOf(this.pool.subarray(this.table[slot + 2]), this.table[slot + 1] - 1));
      if (id >= this.counts.length) this.counts = grown(this.counts, this.counts.length * 2);
    }
    if (this.counts[id] === 0) this.seen.push(id);
    this.counts[id] += by;
  }

  /**
   * Counts the terms of `text` whose tokens start outside `skip` (tokens as
   * `tokens` finds them, keys as `wordKey` makes them): the scan, the key and
   * the lookup in one pass.
   */
  private readInto(text: string, skip: readonly Span[], by: number): void {
    const spans = skip.length ? [...skip].sort((a, b) => a.start - b.start) : skip;
    let k = 0;
    let skipEnd = -1; // end of the skipped regions started so far
    const n = text.length;
    if (n > this.buf.length) this.buf = new Uint16Array(n);
    let buf = this.buf;
    let prevStart = -1; // text of the previous word in the pool if a name
    let prevLen = 0;
    let prevEnd = -1;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (!isWordChar(c)) {
        i++;
        continue;
      }
      const start = i;
      // The token, lower-cased into buf as it is scanned (ASCII; anything else but ’ goes the slow way).
      let len = 0;
      let digit = false;
      let other = false;
      let strip = false;
      for (;;) {
        while (i < n) {
          c = text.charCodeAt(i);
          if (c < 128) {
            if (c >= 97 && c <= 122) buf[len++] = c;
            else if (c >= 65 && c <= 90) buf[len++] = c + 32;
            else if (c >= 48 && c <= 57) {
              buf[len++] = c;
              digit = true;
            } else break;
          } else if (isWordChar(c)) {
            buf[len++] = c;
            other = true;
          } else break;
          i++;
        }
        if (i + 1 >= n) break;
        if (isJoiner(c) && isWordChar(text.charCodeAt(i + 1))) {
          if (c === 0x2019 || c === 39 || c === 46) strip = true;
          buf[len++] = c;
          i++;
        } else if (c === 44 && i + 3 < n && isDigit(text.charCodeAt(i + 1)) && isDigit(text.charCodeAt(i + 2)) && isDigit(text.charCodeAt(i + 3))) {
          buf[len++] = c;
          i++;
        } else break;
      }
      while (k < spans.length && spans[k].start <= start) skipEnd = Math.max(skipEnd, spans[k++].end);
      if (start < skipEnd) continue;
      // Words are joined into a name only with nothing but spaces between them;
      // a capitalised word is a name only inside a sentence.
      let sentence = prevEnd < 0;
      let spaces = prevEnd >= 0;
      for (let j = Math.max(prevEnd, 0); j < start; j++) {
        const g = text.charCodeAt(j);
        if (g === 46 || g === 33 || g === 63 || g === 58 || g === 10) sentence = true;
        if (g !== 32 && g !== 9) spaces = false;
      }
      prevEnd = i;
      if (digit) {
        prevStart = -1;
        if (!isDigit(text.charCodeAt(start))) continue;
        if (other) {
          let d = text.slice(start, i);
          if (d.includes(',')) d = d.replace(/,/g, '');
          if (d.length <= 12) this.add(Kind.Number, this.keyOf(this.load(d.toLowerCase()), true), by);
          buf = this.buf; // load may have grown it
          continue;
        }
        let m = 0;
        for (let j = 0; j < len; j++) if (buf[j] !== 44) buf[m++] = buf[j];
        if (m <= 12) this.add(Kind.Number, this.keyOf(m, true), by);
        continue;
      }
      if (other) {
        len = this.load(wordKey(text.slice(start, i)));
        buf = this.buf; // load may have grown it
      } else {
        // wordKey on ASCII and ’: no possessive, no apostrophes or dots, crude plural folding
        if (len >= 2 && buf[len - 1] === 115 && (buf[len - 2] === 39 || buf[len - 2] === 0x2019)) len -= 2;
        if (strip) {
          let m = 0;
          for (let j = 0; j < len; j++) {
            const g = buf[j];
            if (g !== 39 && g !== 0x2019 && g !== 46) buf[m++] = g;
          }
          len = m;
        }
        if (len > 4 && buf[len - 1] === 115) {
          const p = buf[len - 2];
          if (p !== 115 && p !== 117 && p !== 105) len--;
        }
      }
      const key = len < 3 ? -1 : this.keyOf(len, true);
      const stop = key < 0 || this.table[key + 3] === 1;
      const name = !stop && isUpper(text.charCodeAt(start));
      if (!stop) this.add(Kind.Word, key, by);
      if (name && !sentence) this.add(Kind.Proper, key, by);
      const start0 = prevStart;
      const len0 = prevLen;
      prevStart = name ? this.table[key + 2] : -1;
      prevLen = len;
      if (name && start0 >= 0 && spaces) this.add(Kind.Name, this.pairOf(start0, len0, len), by);
    }
  }

  /** The slot of the pair key: `len0` code units of the pool from `start0`, a space, and the `len` in the key buffer. */
  private pairOf(start0: number, len0: number, len: number): number {
    const n = len0 + 1 + len;
    if (n > this.pair.length) this.pair = new Uint16Array(n * 2);
    const p = this.pair;
    p.set(this.pool.subarray(start0, start0 + len0));
    p[len0] = 32;
    p.set(this.buf.subarray(0, len), len0 + 1);
    return this.keyOf(n, true, p);
  }
}

/**
 * Calls `emit(start, end)` for each token of `text` whose start is outside
 * `skip`: letters/digits with inner apostrophes, dots or hyphens, and commas
 * between digits ("1,200").
 */
function tokens(text: string, skip: readonly Span[], emit: (start: number, end: number) => void): void {
  const spans = skip.length ? [...skip].sort((a, b) => a.start - b.start) : skip;
  let k = 0;
  let skipEnd = -1; // end of the skipped regions started so far
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    for (;;) {
      while (i < n && isWordChar(text.charCodeAt(i))) i++;
      if (i + 1 >= n) break;
      const c = text.charCodeAt(i);
      if (isJoiner(c) && isWordChar(text.charCodeAt(i + 1))) i++;
      else if (c === 44 && i + 3 < n && isDigit(text.charCodeAt(i + 1)) && isDigit(text.charCodeAt(i + 2)) && isDigit(text.charCodeAt(i + 3))) i++;
      else break;
    }
    while (k < spans.length && spans[k].start <= start) skipEnd = Math.max(skipEnd, spans[k++].end);
    if (start >= skipEnd) emit(start, i);
  }
}
