// Direct quotations and their speakers.
//
// 1. Quote marks are classified by glyph and context (a mark after a space
//    opens, a mark before a space / punctuation closes; straight and reversed
//    curly marks work the same way) and paired in one left-to-right pass per
//    paragraph. A quotation that is still open at the end of a paragraph
//    continues only when the next paragraph opens with a mark (the news
//    convention for multi-paragraph quotes); otherwise it is capped at the end
//    of its paragraph. When the last paragraph of such a quotation closes with
//    a cue of its own (`"A. ¶ "B," he said.`), it is a quotation of its own and
//    the paragraphs before it another (taking its speaker when they have none).
//    A same-style mark inside a quotation followed by two closers is a nested
//    quotation; a paragraph never begins with a closer; `5’2”` is no mark.
// 2. Scare quotes and titles (`called him "crooked"`, `the "Apprentice" star`)
//    are dropped: a quotation of at most three words counts as a statement only
//    when a speech cue governs it right next to it (`"Denver," he answered`,
//    `saying it would be "hypocritical"`), never after a naming verb (called,
//    dubbed). A capitalised title-like quote without a cue is dropped too.
// 3. The speaker comes from the cue after the closing mark (`," said X`,
//    `," X said`, `," he added`), else before the opening mark (`X said: "`,
//    `X told Reuters that ... "`, `As X put it, "`), else from the previous sentence (`X said:` /
//    `X added.`) or the previous quotation when it continues a speaker's words.
// 4. Direct vs partial quotes (`QuoteFinding.partial`), following PolNeAR's
//    definition of attributions (source + cue + content):
//    - An attribution is a *direct quote* when its whole content is quotation:
//      `"A," he said.`, `He said: "A."`, and also `"A," he said. "B."`, where
//      B has no cue of its own and continues the same attribution. Its pieces
//      are separate findings, one per quotation: the cue between them is not
//      content (PolNeAR marks such content as one discontinuous span, `A` +
//      `B`), so no finding ever spans a cue.
//    - A quotation is *partial* when its attribution's content also has the
//      writer's own words: embedded in the writer's clause (`would "hold direct
//      talks" with`, `called it "a cartel"`), after reported content in the
//      frame (`Ryan said it's unrealistic to think that if the U.S. pulls
//      back, "our oceans ..."`, `He adds that Muslims have two choices: "..."`),
//      or after the writer's words with the cue behind it (`To believe ...,
//      "you have to ...," he said`).
//    - A quotation without a cue of its own (no speech verb next to it; the
//      next sentence or paragraph goes on with the same speaker) belongs to the
//      attribution before it, when nothing but that attribution's frame lies
//      between them, and takes its kind: after `The deal "looks out for ...,"
//      Sanders wrote.` or `Carter said that for decades ... .`, the quotation
//      `"That is unacceptable."` is partial; after `"A," he said.` it is direct.
//    Partial quotations stay quote findings (the words are the speaker's); the
//    flag says they are not the whole reported statement.
//    The rules above make a first decision; the final one is a logistic
//    regression (quoteModel.ts / quoteModel.json, fitted on the dev part of
//    PolNeAR by tools/trainQuotes.ts) over context features of the
//    finding (quoteFeatures: the rules' decision and its parts, where the
//    speaker came from, the characters and words before the opening mark and
//    after the closing one, punctuation inside the closing mark, length, the
//    previous finding). `partial = !(p >= threshold)`.
import { spanIndexAt, tokenAt, type TextModel } from '../text/text';
import type { Span, Speaker } from '../model';
import { clauseSubject, cueIn, isCueToken, makeSpeaker, npBefore, personNameSpan, speechFrameAfter, isQuoteMark, isSentenceEnd, paragraphOfToken, reportedViaIn, type SpeakerContext } from './attribution';

import { FEATURE_NAMES, isDirectQuote } from './quoteModel';

export { findAttribution } from './attribution';

export interface QuoteFinding extends Span {
  /** Who said it: the mention as written (start/end), the resolved name, the kind of mention. */
  speaker: Speaker | null;
  /** Outlets the quote is reported through ("told Reuters" -> ["Reuters"]). */
  reportedVia: string[];
  /**
   * The quotation is part of an attribution whose content also has the
   * writer's own words (`would "hold direct talks" with`, `said that "..."`,
   * or a quotation continuing such an attribution) rather than being the whole
   * reported content. See the definition at the top of this file.
   */
  partial: boolean;
  /** Index of the paragraph where the quotation opens. */
  paragraph: number;
  /** Where the speaker was found (diagnostics and evaluation). */
  via?: SpeakerVia;
}

type SpeakerVia = 'after' | 'before' | 'sameSentence' | 'colon' | 'clause' | 'prevSentence' | 'prevQuote';

const PARTIAL_BEFORE = new Set(['that', 'if', 'whether', 'because', 'than', 'to', 'be', 'have', 'the', 'a', 'an', 'as', 'so', 'too', 'very', 'more', 'most', 'and', 'or', 'but']);

const DQ_OPEN = new Set(['“', '„', '«']);
const DQ_CLOSE = new Set(['”', '»']);
const isDq = (c: string) => c === '"' || DQ_OPEN.has(c) || DQ_CLOSE.has(c);
/** isDq by UTF-16 code: " “ ” „ « » */
const isDqCode = (c: number) => c === 0x22 || (c >= 0xab && (c === 0x201c || c === 0x201d || c === 0x201e || c === 0xab || c === 0xbb));

const INVISIBLE = /^[\p{Cf}\s]*$/u;
const isWs = (c: string) => c === ' ' || c === '\t' || c === '\u00a0' || c === '\n' || c === '\r' || c === '\u2009' || c === '\u202f';
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
    // last region starting at or before off
    let lo = 0;
    let hi = sortedIgnored.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedIgnored[mid].start <= off) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && maxEnd[lo - 1] > off;
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
function isInchMark(text: string, i: number, ps: number): boolean {
  if (text[i] === '“' || i - 3 < ps) return false;
  return /\d/.test(text[i - 1]) && (text[i - 2] === '’' || text[i - 2] === "'" || (/\d/.test(text[i - 2]) && (text[i - 3] === '’' || text[i - 3] === "'"))) && /\d/.test(text[i - (/\d/.test(text[i - 2]) ? 4 : 3)] ?? '');
}

function trimEnd(text: string, s: number, e: number): number {
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
 * Find direct quotations with their speakers; nothing inside `ignored` regions. The rules below give each
 * finding a first direct/partial decision; the learned model (quoteModel.ts, fitted on the dev part of
 * PolNeAR) makes the final one from context features that include that decision.
 */
export function findQuotes(model: TextModel, ignored: Span[]): QuoteFinding[] {
  const { findings, features } = scanQuotes(model, ignored, true);
  for (let i = 0; i < findings.length; i++) findings[i].partial = !isDirectQuote(features[i]);
  return findings;
}

/** The findings with the rules' direct/partial decision and, when asked, each one's feature vector. */
export function scanQuotes(model: TextModel, ignored: Span[], withFeatures: boolean): { findings: QuoteFinding[]; features: Float64Array[] } {
  const features: Float64Array[] = [];
  const raw = pairQuoteMarks(model, ignored);
  const { tokens, text } = model;
  const ntok = tokens.start.length;
  const ctx: SpeakerContext = {};
  const out: QuoteFinding[] = [];
  let prev: QuoteFinding | null = null;
  let prevEndPara = -10;
  /** The first paragraphs of a quotation split before its last paragraph, while it has no speaker of its own. */
  let awaiting: QuoteFinding | null = null;
  /** The attribution of the previous finding: where it ends, and whether its content is mixed. */
  let prevAttr: { end: number; mixed: boolean; framed: boolean } | null = null;
  // a quotation without a cue of its own continues the previous attribution when that one has a speech
  // frame and nothing of the writer's comes between them but that frame (`"A," he said. "B."`, or the next
  // paragraph); it shares that attribution's content, mixed or not
  const continues = (a: { end: number; mixed: boolean; framed: boolean }, sIdx: number) =>
    a.mixed && a.framed && (sentenceIndexAt(model, a.end - 1) >= sIdx - 1 || /^\s*$/.test(text.slice(a.end, model.sentences[sIdx].start)));

  // quote-mark token positions: used to bound windows
  for (const q of raw) {
    const inner = text.slice(q.start + 1, q.closed ? q.end - 1 : q.end);
    const { n: words, capitalised } = countWords(inner);
    if (words === 0) continue;
    if (isPullQuote(model, q)) continue;
    const first = tokenAt(tokens, q.start);
    let last = tokenAt(tokens, q.end - 1); // token holding the last char
    if (last >= ntok) last = ntok - 1;
    const startPara = q.paragraph;
    const endPara = paragraphOfToken(model, last);
    const pStart = model.paragraphs[startPara].start;
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
    const afterWords = ai < aTo; // words follow in the same sentence
    // (invisible format characters, `\u202a”Sorry ...”`, are no word of the writer's)
    let beforeTok = first - 1;
    while (beforeTok >= bFrom && INVISIBLE.test(tokens.value[beforeTok])) beforeTok--;
    if (beforeTok < bFrom) beforeTok = -1;
    const beforeVal = beforeTok >= 0 ? tokens.value[beforeTok] : '';

    let speaker: Speaker | null = null;
    let via: SpeakerVia | undefined;
    let cueNear = false;
    let naming = false;
    let frameAfter = false;
    // 1. after: '," said X' / '," X said' / '," according to X' / '," Trump shot back'
    if (afterWords) {
      const cue = cueIn(model, ai, aTo, 'start', ctx);
      // the frame must start right after the mark: '," said X' or '," X said' (not a cue further on)
      const adjacent = cue && (cue.tok === ai || (cue.speaker && cue.speaker.start === tokens.start[ai]) || (cue.tok - ai <= 2 && !cue.speaker));
      if (cue && adjacent && cue.tok - ai <= 12) {
        speaker = cue.naming ? null : cue.speaker;
        if (speaker) via = 'after';
        naming = cue.naming;
        cueNear = !cue.naming;
        frameAfter = !cue.naming;
      } else if (cue && !cue.naming && cue.speaker && cue.tok - ai <= 12 && speechFrameAfterComma(model, cue, ai)) {
        // the sentence goes on past the quotation and closes with its frame:
        // '"... the Moscow" meeting, the ministry said.'
        speaker = cue.speaker;
        via = 'after';
      } else if (/[,!?]$/.test(inner.trimEnd()) || tokens.value[aFrom] === ',') {
        const sp = speechFrameAfter(model, ai, aTo, ctx);
        if (sp) {
          speaker = sp;
          via = 'after';
          cueNear = true;
          frameAfter = true;
        }
      }
    }
    // 2. before: 'X said: "' / 'X told Reuters that the government had "'
    let beforeCueTok = -1;
    let beforeCueSpeaker: Speaker | null = null;
    if (!speaker && first > bFrom) {
      const cue = cueIn(model, bFrom, first, 'end', ctx);
      if (cue) {
        beforeCueTok = cue.tok;
        // a speech verb right before the quotation, nearer than the one the speaker came from, is its own
        // frame (`X joked that ..., but went on to say, "`, `a headline that said, "`)
        const k = first - 2;
        if (!cue.naming && k > cue.tok && (beforeVal === ',' || beforeVal === ':') && isCueToken(model, k) && tokens.pos[k] === 'VERB') beforeCueTok = k;
        beforeCueSpeaker = cue.speaker;
        naming = naming || (cue.naming && first - cue.tok <= 3);
        if (!cue.naming || !speaker) speaker = cue.naming ? null : cue.speaker;
        if (speaker) via = 'before';
        if (!cue.naming && first - cue.tok <= 6) cueNear = true;
        // the quotation lies in the reported clause of a speech verb ("The official added that
        // the government is willing to hold “direct talks”"): the speaker's words, even when short
        if (!cue.naming && cue.speaker && reportedClause(model, cue.tok, first)) cueNear = true;
      }
    }
    // 2a. an `as` clause of its own that frames the quotation (`As Vulture put it, "`, `As The Post's Dana Milbank
    // puts it, "`, `As Politico reported, "`): the source, the verb and nothing of the writer's content
    if (!speaker && beforeCueTok < 0 && first > bFrom) {
      const np = asFrame(model, bFrom, first);
      const sp = np ? makeSpeaker(model, np, ctx) : null;
      if (sp) {
        speaker = sp;
        via = 'before';
        cueNear = true;
        beforeCueTok = first - 1;
      }
    }
    // partial: the quotation is only part of a clause of the writer's ("said that "...",
    // had "decided ...", would "hold direct talks" with, the "Apprentice" star)
    const bl = beforeTok >= 0 ? tokens.lemma[beforeTok] : '';
    const bp = beforeTok >= 0 ? tokens.pos[beforeTok] : 'PUNCT';
    const partialBefore = beforeTok >= 0 && beforeTok !== beforeCueTok && (PARTIAL_BEFORE.has(bl) || bp === 'AUX' || bp === 'DET' || bp === 'ADJ' || bp === 'PART' || bp === 'SCONJ');
    const partialAfter = afterWords && !frameAfter && aFrom === ai && !/[,.!?;:…—–-][’'”)\]]*\s*$/.test(inner);
    // a quotation that starts lower-case right after the writer's own word continues the writer's clause
    // (Obama's words "amount to ...", the founder of "Indian Americans ...")
    const lowerStart = /^[\s‘'([]*\p{Ll}/u.test(inner);
    const partialLower = lowerStart && beforeTok >= 0 && bp !== 'PUNCT' && beforeTok !== beforeCueTok;
    // a quotation right after a word of the writer's clause other than the speech verb: a title or a
    // phrase the writer's sentence is built around (on "Meet the Press.", host of "Morning Joe,")
    // (an abbreviation that ends the sentence before a capitalised quotation is no such word: `Calif. "The reality ...`)
    const abbrevEnd = /\.$/.test(beforeVal) && beforeVal.length > 1 && /^[\s‘'([]*\p{Lu}/u.test(inner);
    const partialWord = beforeTok >= 0 && beforeTok !== beforeCueTok && bp !== 'PUNCT' && bp !== 'SYM' && !abbrevEnd && !(bp === 'VERB' && isCueToken(model, beforeTok));
    const partial = partialBefore || partialAfter || partialLower || partialWord;

    // scare quotes and titles
    // a short quotation standing as a sentence of its own ("Big time." after a quote of the same speaker) is speech
    const ownSentence = /^\p{Lu}/u.test(inner.trimStart()) && /[.!?]\s*$/.test(inner) && (beforeTok < 0 || beforeVal === ':');
    if (words <= 3 && (!cueNear || naming) && !ownSentence) continue;
    if (!cueNear && !speaker && words <= 6 && capitalised === words && !/[.!?,]/.test(inner.slice(0, -1))) continue;

    // 2b. a second quotation in the same sentence as the previous one (`would be "X" for "Y"`)
    if (!speaker && prev && prev.speaker && sentenceIndexAt(model, prev.end - 1) === sentenceIndexAt(model, q.start)) {
      speaker = prev.speaker;
      via = 'sameSentence';
    }
    // 3. a clause that ends with a colon right before the quotation ("Cruz continued:", "... surprise pollster Daron Shaw:")
    let colonMixed = false;
    if (!speaker && !naming) {
      const c = colonSpeaker(model, q.start, ctx);
      if (c) {
        speaker = c.speaker;
        colonMixed = c.mixed;
        via = 'colon';
      }
    }
    // 4. the subject of the writer's clause that embeds the quotation ("She called his actions "..."")
    if (!speaker && !naming && first > bFrom && beforeCueTok < 0) {
      const np = clauseSubject(model, first, bFrom);
      if (np) speaker = makeSpeaker(model, np, ctx);
      if (speaker) via = 'clause';
    }
    // 5. no cue in the sentence: a speaker from the previous sentence or the previous quotation
    const sIdx = sentenceIndexAt(model, q.start);
    let prevSentenceMixed = false;
    if (!speaker && !partial) {
      const ps = sIdx > 0 ? model.sentences[sIdx - 1] : null;
      if (ps && q.paragraph - ps.paragraph <= 1) {
        const st0 = model.sentenceTokens[sIdx - 1];
        // a sentence that begins inside the previous quotation (`"A. B," Rubio said.`): its frame follows that quotation
        const st = prev && prev.start < ps.start && prev.end > ps.start ? { start: Math.min(st0.end, Math.max(st0.start, tokenAt(tokens, prev.end - 1) + 1)), end: st0.end } : st0;
        const mask = maskQuotes(model, st.start, st.end);
        // the sentence's main cue, its first (`Carter said that ... critics had been predicting ...`)
        const cue = cueIn(model, st.start, st.end, 'start', ctx, mask);
        if (cue && cue.speaker && !cue.naming) {
          speaker = cue.speaker;
          via = 'prevSentence';
          if (prevAttr && (prevAttr.end > ps.start || /^\s*$/.test(text.slice(prevAttr.end, ps.start)))) {
            // the sentence before holds (or follows right on) the previous quotation and its cue
            // (`"A," he said. "B."`): the same attribution
            prevSentenceMixed = continues(prevAttr, sIdx);
          } else {
            // a sentence of reported speech without quotation marks (`Carter said that ... .`): the quotation
            // continues that attribution, whose content is the writer's paraphrase
            prevSentenceMixed = frameHasContent(model, cue.tok, st.end, cue.speaker, mask);
          }
        }
      }
      if (!speaker && prev && prev.speaker && startPara - prevEndPara <= 2) {
        speaker = prev.speaker;
        via = 'prevQuote';
      }
    }

    // outlets: the frame around the quotation (not its words), plus a trailing ", AP reported." sentence
    const reportedVia = reportedViaIn(model, bFrom, first);
    for (const r of reportedViaIn(model, aFrom, sentenceEndTok(model, aFrom, pEnd))) if (!reportedVia.includes(r)) reportedVia.push(r);
    const nextS = sentenceIndexAt(model, q.end);
    const follow = nextS + 1 < model.sentences.length ? model.sentences[nextS + 1] : null;
    if (follow && follow.paragraph - endPara <= 1) {
      const st = model.sentenceTokens[nextS + 1];
      // only a sentence that ends with "..., <Outlet> reported."
      let k = st.end - 1;
      while (k > st.start && tokens.pos[k] === 'PUNCT') k--;
      if (tokens.lemma[k] === 'report' && tokens.value[k - 1] !== undefined) {
        for (const r of reportedViaIn(model, Math.max(st.start, k - 6), k + 1)) if (!reportedVia.includes(r)) reportedVia.push(r);
      }
    }

    // no speech cue at all, only the subject of the writer's clause around it: the quotation is part of that clause
    // the attribution this quotation belongs to, and whether its content mixes the writer's words in
    let mixed = partial || via === 'clause';
    // a speech verb right after the closing mark or before the opening one is a cue of the quotation's own,
    // even when no speaker was resolved from it: a new attribution, not the continuation of the previous one
    const ownCue = beforeCueTok >= 0 || cueTokIn(model, ai, Math.min(aTo, ai + 12));
    if (!mixed) {
      if (ownCue && (via === 'prevSentence' || via === 'prevQuote' || via === 'sameSentence')) mixed = false;
      else if (via === 'after') mixed = writerWordsBefore(model, bFrom, first);
      else if (via === 'before') mixed = frameHasContent(model, beforeCueTok, first, beforeCueSpeaker);
      else if (via === 'colon') mixed = colonMixed;
      else if (via === 'prevSentence') mixed = prevSentenceMixed;
      else if (via === 'prevQuote' || via === 'sameSentence') mixed = !!prevAttr && continues(prevAttr, sIdx);
    }
    // the second piece of a quotation split by its frame (`"A," Thiel wrote in a statement explaining why ...,
    // "but most ..."`): the same attribution as the first piece (unless the frame opens a reported clause the
    // quotation completes: `"A," he said, noting that he and his wife "have ..."`)
    if (!partial && prev && !prev.partial && prev.via === 'after' && prevAttr && prevAttr.end === prev.end && lowerStart && beforeVal === ',' && !/[.!?]|\b[Tt]hat\b/.test(text.slice(prev.end, q.start))) {
      mixed = false;
      if (prev.speaker) {
        speaker = prev.speaker;
        via = 'after';
      }
    }
    const f: QuoteFinding = { start: q.start, end: q.end, speaker, reportedVia, partial: mixed, paragraph: q.paragraph, via };
    out.push(f);
    if (withFeatures) {
      features.push(quoteFeatures(model, {
        q, inner, words, first, last, bFrom, aFrom, aTo, ai, afterWords, beforeTok, beforeCueTok, via, mixed, partialBefore, partialAfter,
        partialLower, partialWord, frameAfter, cueNear, naming, ownCue, lowerStart, colonMixed, prevSentenceMixed,
        prev: out.length > 1 ? out[out.length - 2] : null, prevContinues: !!prevAttr && continues(prevAttr, sIdx), sIdx,
      }));
    }
    // the cue of the last paragraph frames the paragraphs before it too (`"A. ¶ "B," Smith said.`)
    if (awaiting && speaker && q.start === model.paragraphs[q.paragraph].start && q.paragraph - awaiting.paragraph <= 3) {
      awaiting.speaker = speaker;
      awaiting.via = 'after';
    }
    awaiting = q.continued && !speaker ? f : null;
    // a title or phrase quoted inside the frame of the previous attribution (`," he said on "Meet the Press."`)
    // is no attribution of its own: the next quotation continues the previous one
    const inPrevFrame = partial && prevAttr && !prevAttr.mixed && !/[.!?]/.test(text.slice(prevAttr.end, q.start));
    if (!inPrevFrame) prevAttr = { end: q.end, mixed, framed: via !== undefined && via !== 'clause' };
    prev = f;
    prevEndPara = endPara;
  }
  return { findings: out, features };
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

/** The cue's frame opens after a comma: '..." meeting, the ministry said' / '..." meeting, said X'. */
function speechFrameAfterComma(model: TextModel, cue: { tok: number; speaker: Speaker | null }, from: number): boolean {
  const { tokens } = model;
  const sp = cue.speaker;
  let frameStart = cue.tok;
  if (sp && sp.start < tokens.start[cue.tok]) frameStart = tokenAt(tokens, sp.start);
  if (frameStart - 1 < from || tokens.value[frameStart - 1] !== ',') return false;
  // and the frame ends the sentence: nothing but time words / punctuation after the cue and its speaker
  let k = cue.tok + 1;
  if (sp && sp.end > tokens.end[cue.tok]) k = tokenAt(tokens, sp.end);
  let guard = 0;
  while (k < tokens.start.length && guard++ < 6 && !isSentenceEnd(tokens.value[k])) {
    if (tokens.pos[k] !== 'ADV' && tokens.pos[k] !== 'PROPN' && tokens.pos[k] !== 'NOUN' && tokens.pos[k] !== 'ADP' && tokens.pos[k] !== 'DET') return false;
    k++;
  }
  return k >= tokens.start.length || isSentenceEnd(tokens.value[k]);
}

/**
 * `As <source> <verb> [out|back|it] [time / place], "...`: a frame clause that opens the sentence and ends with
 * the comma before the quotation. Returns the source's token span.
 */
const AS_VERBS = new Set('put point report sing write note observe phrase summarize summarise remind quote'.split(' '));
function asFrame(model: TextModel, from: number, first: number): Span | null {
  const { pos, value, lemma } = model.tokens;
  let a = from;
  while (a < first && (pos[a] === 'CCONJ' || pos[a] === 'SYM' || pos[a] === 'PUNCT')) a++;
  if (value[a]?.toLowerCase() !== 'as' || value[first - 1] !== ',') return null;
  // the verb: the last verb of the clause, with only particles, `it` and prepositional phrases after it
  let v = -1;
  let inPP = false;
  for (let k = a + 1; k < first - 1; k++) {
    const p = pos[k];
    const l = lemma[k];
    if (p === 'VERB') {
      if (v >= 0) return null;
      v = k;
      inPP = false;
      continue;
    }
    if (v < 0) continue;
    if (p === 'ADV' || p === 'PART' || TIME_WORDS.has(l)) continue;
    if (p === 'ADP') {
      inPP = true;
      continue;
    }
    if (l === 'it' && k === v + 1) continue;
    if (inPP && (p === 'DET' || p === 'NOUN' || p === 'PROPN' || p === 'NUM' || p === 'ADJ')) continue;
    return null;
  }
  if (v < 0 || v - 1 <= a || !(AS_VERBS.has(lemma[v]) || isCueToken(model, v))) return null;
  const np = npBefore(model, v, a + 1);
  if (!np || np.start !== a + 1 || np.end !== v) return null;
  for (let k = np.start; k < np.end; k++) if (pos[k] === 'ADP') return null;
  return np;
}

/** Token `quoteTok` lies in the "that"-clause of the speech verb at `cueTok` ("added that ..."). */
function reportedClause(model: TextModel, cueTok: number, quoteTok: number): boolean {
  const { value } = model.tokens;
  for (let j = cueTok + 1; j < quoteTok && j <= cueTok + 5; j++) {
    if (value[j].toLowerCase() === 'that') return true;
    if (isQuoteMark(value[j]) || isSentenceEnd(value[j])) return false;
  }
  return false;
}

function sentenceEndTok(model: TextModel, from: number, pEnd: number): number {
  const { tokens } = model;
  let k = from;
  const n = tokens.start.length;
  while (k < n && tokens.end[k] <= pEnd && !isSentenceEnd(tokens.value[k]) && k - from < 60) k++;
  return k;
}

function sentenceIndexAt(model: TextModel, off: number): number {
  return Math.min(spanIndexAt(model.sentences, off), model.sentences.length - 1);
}

function maskQuotes(model: TextModel, from: number, to: number): (tok: number) => boolean {
  const inside = new Uint8Array(to - from);
  let open = false;
  for (let i = from; i < to; i++) {
    if (isQuoteMark(model.tokens.value[i]) && !isInchMark(model.text, model.tokens.start[i], 0)) {
      inside[i - from] = 1;
      open = !open;
    } else if (open) inside[i - from] = 1;
  }
  return (t) => inside[t - from] === 1;
}

/**
 * Speaker of a quotation introduced by a clause ending with a colon right before it (same or previous
 * paragraph), and whether that clause carries words of the writer's own beside the frame (`Politico
 * reveals a few relevant facts:`, `X said that given the candidates:`), which makes the attribution's content mixed.
 */
function colonSpeaker(model: TextModel, qStart: number, ctx: SpeakerContext): { speaker: Speaker; mixed: boolean } | null {
  const { text, tokens } = model;
  let k = qStart - 1;
  while (k >= 0 && isWs(text[k])) k--;
  if (k < 0 || text[k] !== ':') return null;
  const colonTok = tokenAt(tokens, k);
  const st = sentenceTokensOf(model, k);
  if (!st) return null;
  const from = st.start;
  // a name right before the colon ("... doesn't surprise Republican pollster Daron Shaw:")
  const name = personNameSpan(model, from, colonTok);
  const nameSpeaker = name ? makeSpeaker(model, name, ctx) : null;
  if (nameSpeaker) return { speaker: nameSpeaker, mixed: false };
  const mask = maskQuotes(model, from, colonTok);
  const cue = cueIn(model, from, colonTok, 'end', ctx, mask);
  if (cue && cue.speaker && !cue.naming) return { speaker: cue.speaker, mixed: frameHasContent(model, cue.tok, colonTok, cue.speaker, mask) };
  // no speech verb: a sentence of the writer's that leads into the quotation
  const np = clauseSubject(model, colonTok, from) ?? npBefore(model, colonTok, from);
  const sp = np ? makeSpeaker(model, np, ctx) : null;
  // (PolNeAR's annotators treat such a lead-in, `Kasich resisted:`, as the frame: not mixed)
  return sp ? { speaker: sp, mixed: false } : null;
}

/** Cue lemmas whose first object is the listener (`told reporters`, `asked him`), not reported content. */
const LISTENER_CUES = new Set(['tell', 'told', 'ask', 'answer', 'assure', 'inform', 'remind', 'warn', 'urge', 'reply', 'respond']);
const TIME_WORDS = new Set('monday tuesday wednesday thursday friday saturday sunday today yesterday tonight week month year night morning afternoon evening weekend day last this earlier later recently'.split(' '));

/**
 * Tokens (cueTok, to) of a speech frame hold reported content of the writer's own rather than only the
 * frame (the speaker, time, place, medium, listener): `said that ...`, `says no matter what action Obama
 * takes,`, `reveals a few relevant facts:`. The speaker's own span and masked tokens are skipped.
 */
function frameHasContent(model: TextModel, cueTok: number, to: number, speaker: Speaker | null, skip?: (tok: number) => boolean): boolean {
  if (cueTok < 0) return false;
  const { pos, lemma, value, start, end } = model.tokens;
  const listener = LISTENER_CUES.has(lemma[cueTok]);
  let inPP = false;
  for (let k = cueTok + 1; k < to; k++) {
    if (skip?.(k)) continue;
    if (speaker && start[k] >= speaker.start && end[k] <= speaker.end) continue;
    const p = pos[k];
    const l = lemma[k];
    if (value[k] === ',' || value[k] === '(' || value[k] === '—') return false; // an aside or appositive follows (`said Smith, who ...`, `, referring to ...`)
    if (p === 'PUNCT' || p === 'SYM') {
      if (value[k] !== '-') inPP = false;
      continue;
    }
    if (l === 'who' || l === 'which' || l === 'whose' || l === 'whom') return false;
    if (l === 'that' || l === 'whether' || l === 'if' || p === 'SCONJ') return true;
    if (p === 'ADP' || l === 'according') {
      inPP = true;
      continue;
    }
    if (p === 'ADV' || p === 'PART' || p === 'NUM' || p === 'PROPN' || p === 'CCONJ' || p === 'DET' || TIME_WORDS.has(l)) continue;
    if (inPP && (p === 'DET' || p === 'NOUN' || p === 'ADJ' || p === 'PRON')) continue;
    if (p === 'VERB' && isCueToken(model, k)) continue;
    if (listener && (p === 'PRON' || p === 'NOUN' || p === 'ADJ')) continue;
    return true;
  }
  return false;
}

function cueTokIn(model: TextModel, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (isCueToken(model, k)) return true;
  return false;
}

/**
 * Words of the writer's own between the sentence start and the opening mark of a quotation whose cue
 * follows it (`To believe the government must ..., "you have to take ...," he said`): the attribution's
 * content begins with them.
 */
function writerWordsBefore(model: TextModel, from: number, first: number): boolean {
  const { pos, value } = model.tokens;
  // a frame of its own before the quotation (`Brafman said, "`, `... declared the need for drive: "`) or an
  // aside set off by a dash or bracket (`When Trump wrapped up — "..." —`) is not part of the content
  const b = value[first - 1];
  if (b === ':' || b === '—' || b === '–' || b === '(' || b === '-') return false;
  let words = false;
  for (let k = from; k < first; k++) {
    const p = pos[k];
    if (isCueToken(model, k) || value[k] === ':') return false;
    if (p === 'PUNCT' || p === 'SYM' || p === 'CCONJ' || isQuoteMark(value[k]) || INVISIBLE.test(value[k])) continue;
    words = true;
  }
  return words;
}

function sentenceTokensOf(model: TextModel, off: number): Span | null {
  const i = sentenceIndexAt(model, off);
  return i >= 0 && i < model.sentenceTokens.length ? model.sentenceTokens[i] : null;
}

interface FeatureInput {
  q: RawQuote;
  inner: string;
  words: number;
  first: number;
  last: number;
  bFrom: number;
  aFrom: number;
  aTo: number;
  ai: number;
  afterWords: boolean;
  beforeTok: number;
  beforeCueTok: number;
  via: SpeakerVia | undefined;
  mixed: boolean;
  partialBefore: boolean;
  partialAfter: boolean;
  partialLower: boolean;
  partialWord: boolean;
  frameAfter: boolean;
  cueNear: boolean;
  naming: boolean;
  ownCue: boolean;
  lowerStart: boolean;
  colonMixed: boolean;
  prevSentenceMixed: boolean;
  prev: QuoteFinding | null;
  prevContinues: boolean;
  sIdx: number;
}

const VIAS: (SpeakerVia | undefined)[] = ['after', 'before', 'sameSentence', 'colon', 'clause', 'prevSentence', 'prevQuote', undefined];
const SUBORD = new Set(['that', 'whether', 'if', 'because', 'how', 'why', 'what']);

/** Context features of one finding, in the order of FEATURE_NAMES (quoteModel.ts). Cheap: tokens and characters near the marks. */
function quoteFeatures(model: TextModel, x: FeatureInput): Float64Array {
  const { text, tokens, paragraphs } = model;
  const { pos, value, lemma } = tokens;
  const v = new Float64Array(FEATURE_NAMES.length);
  let n = 0;
  const put = (b: boolean | number) => {
    v[n++] = typeof b === 'number' ? b : b ? 1 : 0;
  };
  const { q, inner } = x;
  const para = paragraphs[q.paragraph];
  // the rules
  put(x.mixed);
  put(x.partialBefore);
  put(x.partialAfter);
  put(x.partialLower);
  put(x.partialWord);
  put(x.colonMixed);
  put(x.prevSentenceMixed);
  for (const via of VIAS) put(x.via === via);
  put(x.frameAfter);
  put(x.cueNear);
  put(x.naming);
  put(x.ownCue);
  // before the opening mark
  let b = q.start - 1;
  while (b >= para.start && isWs(text[b])) b--;
  const cb = b >= para.start ? text[b] : '';
  const cb2 = b - 1 >= para.start ? text[b - 1] : '';
  const sentStart = !cb || /[.!?…]/.test(cb) || (/["”’)\]]/.test(cb) && /[.!?…]/.test(cb2));
  put(!cb);
  put(sentStart && !!cb);
  put(cb === ':');
  put(cb === ',');
  put(/[\u2014\u2013\-]/.test(cb));
  put(cb === '(' || cb === '[');
  put(/\p{L}|\p{N}/u.test(cb));
  put(x.beforeCueTok >= 0);
  put(x.beforeCueTok >= 0 && x.first - x.beforeCueTok <= 2);
  put(x.beforeCueTok >= 0 && x.first - x.beforeCueTok <= 6);
  let subord = false;
  let wordsBefore = 0;
  let wordsAfterCue = 0;
  let cueBefore = false;
  for (let k = x.bFrom; k < x.first; k++) {
    if (SUBORD.has(lemma[k]) || pos[k] === 'SCONJ') subord = true;
    const cue = isCueToken(model, k);
    if (cue) cueBefore = true;
    if (pos[k] === 'PUNCT' || pos[k] === 'SYM' || pos[k] === 'CCONJ' || isQuoteMark(value[k]) || INVISIBLE.test(value[k]) || cue) continue;
    wordsBefore++;
    if (x.beforeCueTok >= 0 && k > x.beforeCueTok) wordsAfterCue++;
  }
  put(subord);
  put(cueBefore);
  put(Math.log1p(wordsBefore));
  put(Math.log1p(wordsAfterCue));
  put(x.beforeTok >= 0 && x.beforeTok === x.first - 1 && lemma[x.beforeTok] === 'that');
  // inside
  const innerTrim = inner.replace(/[\s’'”"»]+$/u, '');
  const endC = innerTrim.slice(-1);
  put(endC === ',');
  put(endC === '.');
  put(endC === '?' || endC === '!');
  put(endC === '—' || endC === '–' || endC === '-' || endC === '…');
  put(q.closed);
  put(!!q.continued);
  put(Math.log1p(x.words));
  put(x.words <= 3);
  put(x.words <= 8);
  const sEnd = sentenceIndexAt(model, Math.max(q.start, q.end - 2));
  put(Math.min(3, sEnd - x.sIdx));
  put(x.lowerStart);
  put(/^[\s‘'([]*\p{Lu}/u.test(inner));
  put(q.start === para.start);
  put(q.end >= para.end - 1 || trimEnd(text, q.end, para.end) === q.end);
  // after the closing mark
  let a = q.end;
  while (a < text.length && (text[a] === ' ' || text[a] === '\t' || text[a] === '\u00a0')) a++;
  const ca = a < para.end && a < text.length ? text[a] : '';
  put(!ca || ca === '\n' || ca === '\r');
  put(ca === ',');
  put(ca === '.' || ca === ';');
  put(/\p{Ll}/u.test(ca));
  put(/\p{Lu}/u.test(ca));
  put(x.afterWords);
  put(x.afterWords && cueTokIn(model, x.ai, Math.min(x.aTo, x.ai + 3)));
  put(x.afterWords && x.aFrom === x.ai);
  // the previous finding
  const p = x.prev;
  const prevSame = !!p && sentenceIndexAt(model, p.end - 1) === x.sIdx;
  put(!!p && p.partial);
  put(!!p && !p.partial);
  put(prevSame);
  put(!!p && p.paragraph >= q.paragraph - 1);
  put(x.prevContinues);
  put(!!p && p.via === 'after');
  if (n !== v.length) throw new Error(`quoteFeatures: ${n} features, FEATURE_NAMES has ${v.length}`);
  return v;
}
