// Quote spans: where the quotations of a document are, before anyone is
// asked who said them.
//
// Quote marks are classified by glyph and context (a mark after a space
// opens, a mark before a space / punctuation closes; straight and reversed
// curly marks work the same way) and paired in one left-to-right pass per
// paragraph. A quotation that is still open at the end of a paragraph
// continues only when the next paragraph opens with a mark (the news
// convention for multi-paragraph quotes); otherwise it is capped at the end
// of its paragraph. When the last paragraph of such a quotation closes with
// a cue of its own (`"A. ¶ "B," he said.`), it is a quotation of its own and
// the paragraphs before it another (taking its speaker when they have none).
// A same-style mark inside a quotation followed by two closers is a nested
// quotation; a paragraph never begins with a closer; `5’2”` is no mark.
// Empty quotations and pull quotes are dropped. Each span carries the token
// windows its attribution reads: the words before the opening mark and after
// the closing one, back to a sentence end, another mark or the paragraph edge.
import { lowerBound, spanIndexAt } from '../text/search';
import { isQuoteMark, isSentenceEnd, isSpace } from '../text/chars';
import { tokenAt, type TextModel } from '../text/text';
import type { Span } from '../model';

const DQ_OPEN = new Set(['“', '„', '«']);
const DQ_CLOSE = new Set(['”', '»']);
const isDq = (c: string) => c === '"' || DQ_OPEN.has(c) || DQ_CLOSE.has(c);
/** isDq by UTF-16 code: " “ ” „ « » */
const isDqCode = (c: number) => c === 0x22 || (c >= 0xab && (c === 0x201c || c === 0x201d || c === 0x201e || c === 0xab || c === 0xbb));

/** Only invisible characters: format characters (`\u202a`) and white space. */
export const INVISIBLE = /^[\p{Cf}\s]*$/u;
const isWs = (c: string) => isSpace(c.charCodeAt(0));
const LEFT_BOUNDARY = /[\s([{\u2014\u2013\-/‘'“"]/;
const RIGHT_BOUNDARY = /[\s.,;:!?)\]}\u2014\u2013\-…’'”"]/;

type MarkRole = 'open' | 'close' | 'either';

function markRole(text: string, i: number, pStart: number, pEnd: number): MarkRole {
  const c = text[i];
  const prev = i > pStart ? text[i - 1] : ' ';
  const next = i + 1 < pEnd ? text[i + 1] : ' ';
  const left = LEFT_BOUNDARY.test(prev);
  const right = RIGHT_BOUNDARY.test(next);
  if (left && !right) return 'open';
  if (right && !left) return 'close';
  if (DQ_OPEN.has(c)) return 'open';
  if (DQ_CLOSE.has(c)) return 'close';
  return 'either';
}

interface RawQuote {
  start: number;
  end: number;
  paragraph: number;
  /** Closed by a real closing mark (not capped at the paragraph end). */
  closed: boolean;
  /** The paragraphs of a quotation whose last paragraph, split off, follows with a cue of its own. */
  continued?: boolean;
}

/** Pair quote marks paragraph by paragraph (linear). */
function pairQuoteMarks(model: TextModel, ignored: Span[]): RawQuote[] {
  const { text, paragraphs } = model;
  const out: RawQuote[] = [];
  const sortedIgnored = [...ignored].sort((a, b) => a.start - b.start);
  // prefix maximum of region ends, for a binary-searched point query
  const maxEnd: number[] = [];
  for (let k = 0; k < sortedIgnored.length; k++) maxEnd.push(Math.max(k ? maxEnd[k - 1] : 0, sortedIgnored[k].end));
  const ignoredAt = (off: number) => {
    // after the last region starting at or before off
    const k = lowerBound(sortedIgnored.length, (i) => sortedIgnored[i].start > off);
    return k > 0 && maxEnd[k - 1] > off;
  };
  let open = -1; // offset of the opening mark of the current quotation
  let openPara = -1;
  for (let p = 0; p < paragraphs.length; p++) {
    const { start: ps, end: pe } = paragraphs[p];
    if (ignoredAt(ps) && ignoredAt(pe - 1)) {
      open = -1;
      continue;
    }
    // marks of this paragraph
    const marks: number[] = [];
    for (let i = ps; i < pe; i++) if (isDqCode(text.charCodeAt(i)) && !ignoredAt(i) && !isInchMark(text, i, ps)) marks.push(i);
    const firstChar = ps;
    for (let m = 0; m < marks.length; m++) {
      const i = marks[m];
      let role = markRole(text, i, ps, pe);
      if (open >= 0 && openPara < p && i === firstChar && role !== 'close') {
        // continuation mark of a multi-paragraph quotation
        continue;
      }
      if (open < 0) {
        if (role !== 'close') {
          open = i;
          openPara = p;
        } else if (i + 1 < pe && /[\p{L}\p{N}‘'(\[]/u.test(text[i + 1]) && (i === ps || !/[\p{L}\p{N}]/u.test(text[i - 1]))) {
          // reversed curly mark used as an opener ("”The ...")
          open = i;
          openPara = p;
        } else if (m + 1 < marks.length && INVISIBLE.test(text.slice(ps, i))) {
          // a paragraph cannot begin with a closing mark: an opener (`” … in the case of Wyoming, ...,” wrote Time`)
          open = i;
          openPara = p;
        }
        continue;
      }
      // inside a quotation
      if (trimEnd(text, i + 1, pe) === i + 1) role = 'close'; // a mark at the paragraph end closes
      const outerStraight = text[open] === '"';
      const straight = text[i] === '"';
      if (straight !== outerStraight && role !== 'close') {
        // a quotation nested in the other style ("... “Equal Justice” ..."): skip the inner pair
        const nx = marks[m + 1];
        if (nx !== undefined && (text[nx] === '"') === straight && markRole(text, nx, ps, pe) !== 'open') {
          m++;
          continue;
        }
      }
      if (role === 'open' && text[i] === text[open] && m + 2 < marks.length && text[marks[m + 1]] !== text[open]
        && markRole(text, marks[m + 1], ps, pe) === 'close' && markRole(text, marks[m + 2], ps, pe) !== 'open') {
        // a quotation nested in the same style (`“People wearing “Settle For Hillary” shirts ...”`): an opener
        // followed by two closers; skip the inner pair
        m++;
        continue;
      }
      if (role === 'open') {
        // an opener where a closer was expected: the earlier mark was unbalanced;
        // cap it before the new mark and start anew.
        const prevEnd = trimEnd(text, open, i);
        if (prevEnd - open > 1) out.push({ start: open, end: prevEnd, paragraph: openPara, closed: false });
        open = i;
        openPara = p;
        continue;
      }
      if (openPara < p && isDq(text[ps]) && ps < i && cueFollows(text, i, pe)) {
        // a quotation continued across paragraphs whose last paragraph closes with a cue of its own
        // (`"A. ¶ "B," he said.`): the cue frames the last paragraph; the paragraphs before stand apart
        const prevEnd = trimEnd(text, open, paragraphs[p - 1].end);
        if (prevEnd - open > 1) out.push({ start: open, end: prevEnd, paragraph: openPara, closed: false, continued: true });
        out.push({ start: ps, end: i + 1, paragraph: p, closed: true });
      } else out.push({ start: open, end: i + 1, paragraph: openPara, closed: true });
      open = -1;
    }
    if (open >= 0) {
      // still open at the paragraph end: continues if the next paragraph reopens with a mark,
      // or if the line was broken mid-sentence (next paragraph starts lower-case and closes a quote)
      const np = paragraphs[p + 1];
      const reopens = np && isDq(text[np.start]) && markRole(text, np.start, np.start, np.end) !== 'close';
      const broken = np && /^\p{Ll}/u.test(text[np.start]) && !/[.!?:]$/.test(text.slice(pe - 1, pe)) && /[”"]/.test(text.slice(np.start, np.end));
      if (!reopens && !broken) {
        out.push({ start: open, end: pe, paragraph: openPara, closed: false });
        open = -1;
      }
    }
  }
  return out;
}

/** The closing mark at `i` ends the words with `,` `?` or `!` and a word follows it (`," he said`): a cue. */
function cueFollows(text: string, i: number, pe: number): boolean {
  let k = i - 1;
  while (k > 0 && (text[k] === '’' || text[k] === "'")) k--;
  if (!/[,?!]/.test(text[k])) return false;
  let j = i + 1;
  while (j < pe && isWs(text[j])) j++;
  return j < pe && j > i + 1 && /\p{L}/u.test(text[j]);
}

/** A double prime after a height or length (`5’2”`, `6'2"`): not a quote mark. */
export function isInchMark(text: string, i: number, ps: number): boolean {
  if (text[i] === '“' || i - 3 < ps) return false;
  return /\d/.test(text[i - 1]) && (text[i - 2] === '’' || text[i - 2] === "'" || (/\d/.test(text[i - 2]) && (text[i - 3] === '’' || text[i - 3] === "'"))) && /\d/.test(text[i - (/\d/.test(text[i - 2]) ? 4 : 3)] ?? '');
}

export function trimEnd(text: string, s: number, e: number): number {
  while (e > s && isWs(text[e - 1])) e--;
  return e;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const LETTER = /^\p{L}$/u;
const UPPER = /^\p{Lu}$/u;
/** Code point at i as a string (one or two code units). */
const charAt = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? s.slice(i, i + 2) : s[i];
};
const isLetterOrDigitAt = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
  return LETTER_OR_DIGIT.test(charAt(s, i));
};
const isLetterAt = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  return LETTER.test(charAt(s, i));
};
/**
 * Words (`/[\p{L}\p{N}]+(?:['’]\p{L}+)*\/gu` matches) and how many begin with
 * an upper-case letter. A scan rather than matchAll: it runs on every
 * quotation and the match objects were a few per cent of findQuotes.
 */
function countWords(s: string): { n: number; capitalised: number } {
  let n = 0;
  let cap = 0;
  let i = 0;
  const len = s.length;
  while (i < len) {
    if (!isLetterOrDigitAt(s, i)) {
      i++;
      continue;
    }
    n++;
    const c = s.charCodeAt(i);
    if (c < 0x80 ? c >= 0x41 && c <= 0x5a : UPPER.test(charAt(s, i))) cap++;
    while (i < len && isLetterOrDigitAt(s, i)) i += charAt(s, i).length;
    // `['’]\p{L}+` groups: an apostrophe followed by at least one letter
    while (i + 1 < len && (s[i] === "'" || s[i] === '’') && isLetterAt(s, i + 1)) {
      i++;
      while (i < len && isLetterAt(s, i)) i += charAt(s, i).length;
    }
  }
  return { n, capitalised: cap };
}


/**
 * A pull quote: a paragraph that opens with a mark and stays open, followed by
 * a short line naming the speaker that closes it (`"What we have seen ...` /
 * `Amy Pope, deputy homeland security advisor."`). A page element repeating a
 * quotation of the article, not a statement of its own.
 */
function isPullQuote(model: TextModel, q: RawQuote): boolean {
  const { text, paragraphs } = model;
  const p = paragraphs[q.paragraph];
  if (q.closed || q.start !== p.start || q.end !== p.end) return false;
  const np = paragraphs[q.paragraph + 1];
  if (!np) return false;
  const line = text.slice(np.start, np.end);
  if (!/^\p{Lu}[^"“”]{1,100}[.]["”]$/u.test(line)) return false;
  // a name with its title: no verbs
  const from = tokenAt(model.tokens, np.start);
  for (let k = from; k < model.tokens.start.length && model.tokens.start[k] < np.end; k++) {
    if (model.tokens.pos[k] === 'VERB' || model.tokens.pos[k] === 'AUX') return false;
  }
  return true;
}


export function sentenceIndexAt(model: TextModel, off: number): number {
  return Math.min(spanIndexAt(model.sentences, off), model.sentences.length - 1);
}

/** A quotation with the token windows around it. Token indexes; `first`/`last` hold the marks. */
export interface QuoteSpan extends Span {
  /** Paragraph where the quotation opens. */
  paragraph: number;
  /** Closed by a real closing mark (not capped at the paragraph end). */
  closed: boolean;
  /** The paragraphs of a quotation whose last paragraph, split off, follows with a cue of its own. */
  continued: boolean;
  /** The words between the marks (to the paragraph end when not closed). */
  inner: string;
  words: number;
  /** Words that begin with an upper-case letter. */
  capitalised: number;
  first: number;
  last: number;
  /** Paragraph of the last token. */
  endPara: number;
  /** Sentence where the quotation opens. */
  sIdx: number;
  /** Window before the opening mark: [bFrom, first). */
  bFrom: number;
  /** Window after the closing mark: [aFrom, aTo); `ai` is its first token that is no punctuation. */
  aFrom: number;
  aTo: number;
  ai: number;
  /** Words follow the closing mark in the same sentence. */
  afterWords: boolean;
  /** The visible token right before the opening mark inside its window, -1 if none; its text ('' if none). */
  beforeTok: number;
  beforeVal: string;
  /** The quotation starts lower-case. */
  lowerStart: boolean;
}

/** The document's quotations, outside the `ignored` regions, in text order. */
export function findQuoteSpans(model: TextModel, ignored: Span[]): QuoteSpan[] {
  const { tokens, text } = model;
  const ntok = tokens.start.length;
  const out: QuoteSpan[] = [];
  for (const q of pairQuoteMarks(model, ignored)) {
    const inner = text.slice(q.start + 1, q.closed ? q.end - 1 : q.end);
    const { n: words, capitalised } = countWords(inner);
    if (words === 0) continue;
    if (isPullQuote(model, q)) continue;
    const first = tokenAt(tokens, q.start);
    let last = tokenAt(tokens, q.end - 1); // token holding the last char
    if (last >= ntok) last = ntok - 1;
    const endPara = spanIndexAt(model.paragraphs, tokens.start[last]);
    const pStart = model.paragraphs[q.paragraph].start;
    const pEnd = model.paragraphs[endPara].end;

    // window before the opening mark: back to a sentence end, another quote mark or the paragraph start
    let bFrom = first;
    while (bFrom - 1 >= 0 && tokens.start[bFrom - 1] >= pStart && !isQuoteMark(tokens.value[bFrom - 1]) && !isSentenceEnd(tokens.value[bFrom - 1]) && first - bFrom < 40) bFrom--;
    // window after the closing mark: to a sentence end, another quote mark or the paragraph end
    const aFrom = Math.min(ntok, last + 1);
    let aTo = aFrom;
    while (aTo < ntok && tokens.end[aTo] <= pEnd && !isQuoteMark(tokens.value[aTo]) && !isSentenceEnd(tokens.value[aTo]) && aTo - aFrom < 40) aTo++;

    // what touches the quote on each side
    let ai = aFrom;
    while (ai < aTo && tokens.pos[ai] === 'PUNCT') ai++;
    // (invisible format characters, `\u202a”Sorry ...”`, are no word of the writer's)
    let beforeTok = first - 1;
    while (beforeTok >= bFrom && INVISIBLE.test(tokens.value[beforeTok])) beforeTok--;
    if (beforeTok < bFrom) beforeTok = -1;
    // (a literal, not a spread of q: V8 builds a spread object by the slow path, ~10% of the quote pass)
    out.push({
      start: q.start, end: q.end, paragraph: q.paragraph, closed: q.closed, continued: q.continued ?? false, inner, words, capitalised, first, last, endPara, sIdx: sentenceIndexAt(model, q.start), bFrom, aFrom, aTo, ai,
      afterWords: ai < aTo, beforeTok, beforeVal: beforeTok >= 0 ? tokens.value[beforeTok] : '', lowerStart: /^[\s‘'([]*\p{Ll}/u.test(inner),
    });
  }
  return out;
}
