// What a document says that can tell its story from another: content words,
// names (runs of capitalised words), numbers and the title, counted per
// document. A light tokeniser of its own (no wink): grouping must cost a small
// fraction of analysis, and it needs only words, not parts of speech.
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

/** A token: letters/digits with inner apostrophes, dots, hyphens or commas between digits. */
const TOKEN = /[\p{L}\p{N}]+(?:(?:['’.-]|,(?=\d{3}))[\p{L}\p{N}]+)*/gu;
const UPPER = /^\p{Lu}/u;
const DIGIT = /\d/;

/** Per-document term counts, keyed `w:` word, `p:` capitalised word inside a sentence, `n:` name pair, `d:` number. */
export type TermCounts = Map<string, number>;

/** Extra count a title's terms get: a headline names its story. */
const TITLE_BOOST = 2;

function wordKey(raw: string): string {
  let w = raw.toLowerCase().replace(/['’]s$/, '').replace(/['’.]/g, '');
  // Crude plural folding ("talks"/"talk", "quakes"/"quake"), enough to match the same word in two texts.
  if (w.length > 4 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  return w;
}

function add(counts: TermCounts, key: string, by: number): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

/** Counts the terms of `text` outside `skip` (sorted or not), each counted `by`. */
function countInto(counts: TermCounts, text: string, skip: readonly Span[], by: number): void {
  let prevName: string | undefined;
  let prevEnd = -1;
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index;
    const tok = m[0];
    if (skip.length && skip.some((s) => start >= s.start && start < s.end)) continue;
    // Words are joined into a name only with nothing but spaces between them.
    const gap = prevEnd >= 0 ? text.slice(prevEnd, start) : '.';
    prevEnd = start + tok.length;
    if (DIGIT.test(tok)) {
      prevName = undefined;
      const digits = tok.replace(/,/g, '');
      if (/^\d/.test(digits) && digits.length <= 12) add(counts, 'd:' + digits.toLowerCase(), by);
      continue;
    }
    const w = wordKey(tok);
    const stop = STOP.has(w) || w.length < 3;
    const name = UPPER.test(tok) && !stop;
    if (!stop) add(counts, 'w:' + w, by);
    // A capitalised word inside a sentence is a name or place: counted again as one.
    if (name && !/[.!?:\n]/.test(gap)) add(counts, 'p:' + w, by);
    if (name && prevName !== undefined && /^[ \t]+$/.test(gap)) add(counts, 'n:' + prevName + ' ' + w, by);
    prevName = name ? w : undefined;
  }
}

export function countTerms(text: string, title: string | undefined, ignored: readonly Span[] | undefined): TermCounts {
  const counts: TermCounts = new Map();
  countInto(counts, text, ignored ?? [], 1);
  if (title) countInto(counts, title, [], TITLE_BOOST);
  return counts;
}

/** The title's words, for labels. */
export function titleWords(title: string): string[] {
  const out: string[] = [];
  for (const m of title.matchAll(TOKEN)) {
    const w = wordKey(m[0]);
    if (!STOP.has(w) && w.length >= 3) out.push('w:' + w);
  }
  return out;
}
