// What a document says that can tell its story from another: content words,
// names (runs of capitalised words), numbers and the title, counted per
// document. A light tokeniser of its own (no wink, no regexes on the hot path):
// grouping must cost a small fraction of analysis, and it needs only words,
// not parts of speech.
import type { Span } from '../model';

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

/**
 * Term ids of one Stories instance, and the reader that counts a document's
 * terms into them. Ids are never reused (a term's frequency may fall to 0 and
 * rise again).
 */
export class Vocabulary {
  private readonly byKind: Map<string, number>[] = [new Map(), new Map(), new Map(), new Map()];
  /** Per id: its kind and its text (ties between terms break on the text, not on arrival order). */
  readonly kinds: Kind[] = [];
  readonly names: string[] = [];
  /** Scratch: count per id for the document being read, and the ids it touched. */
  private counts = new Float64Array(1024);
  private readonly seen: number[] = [];

  get size(): number {
    return this.names.length;
  }

  id(kind: Kind, text: string): number {
    const m = this.byKind[kind];
    let id = m.get(text);
    if (id === undefined) {
      id = this.names.length;
      m.set(text, id);
      this.kinds.push(kind);
      this.names.push(text);
      if (id >= this.counts.length) {
        const c = new Float64Array(this.counts.length * 2);
        c.set(this.counts);
        this.counts = c;
      }
    }
    return id;
  }

  /** The id of a term if known. */
  find(kind: Kind, text: string): number | undefined {
    return this.byKind[kind].get(text);
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

  private add(kind: Kind, text: string, by: number): void {
    const id = this.id(kind, text);
    if (this.counts[id] === 0) this.seen.push(id);
    this.counts[id] += by;
  }

  private readInto(text: string, skip: readonly Span[], by: number): void {
    let prevName: string | undefined;
    let prevEnd = -1;
    tokens(text, skip, (start, end) => {
      // Words are joined into a name only with nothing but spaces between them;
      // a capitalised word is a name only inside a sentence.
      let sentence = prevEnd < 0;
      let spaces = prevEnd >= 0;
      for (let i = Math.max(prevEnd, 0); i < start; i++) {
        const c = text.charCodeAt(i);
        if (c === 46 || c === 33 || c === 63 || c === 58 || c === 10) sentence = true;
        if (c !== 32 && c !== 9) spaces = false;
      }
      prevEnd = end;
      let digit = false;
      for (let i = start; i < end && !digit; i++) digit = isDigit(text.charCodeAt(i));
      if (digit) {
        prevName = undefined;
        if (isDigit(text.charCodeAt(start))) {
          let d = text.slice(start, end);
          if (d.includes(',')) d = d.replace(/,/g, '');
          if (d.length <= 12) this.add(Kind.Number, d.toLowerCase(), by);
        }
        return;
      }
      const w = wordKey(text.slice(start, end));
      const stop = w.length < 3 || STOP.has(w);
      const name = !stop && isUpper(text.charCodeAt(start));
      if (!stop) this.add(Kind.Word, w, by);
      if (name && !sentence) this.add(Kind.Proper, w, by);
      if (name && prevName !== undefined && spaces) this.add(Kind.Name, prevName + ' ' + w, by);
      prevName = name ? w : undefined;
    });
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
