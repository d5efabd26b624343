// Who said each quotation, and whether it is the whole of what they said.
// Reads the quote spans (quoteSpans.ts) in text order, in two steps per span:
//
// 1. Its frames (`quoteFrame`, local to the span): the speech cue after the
//    closing mark (`," said X`, `," X said`, `," he added`, `," Trump shot
//    back`), else before the opening mark (`X said: "`, `X told Reuters that
//    ... "`, `As X put it, "`). attribution.ts finds cues and their source
//    noun phrases.
// 2. Its attribution (`attributeQuotes`, in order, since it reads the
//    findings before it): the frames' sources resolved to speakers
//    (speakers.ts); scare quotes and titles dropped (`called him "crooked"`,
//    `the "Apprentice" star`: a quotation of at most three words counts as a
//    statement only when a speech cue governs it right next to it, never after
//    a naming verb; a capitalised title-like quote without a cue is dropped
//    too); a speaker from the context when the frames give none (the previous
//    quotation in the same sentence, a clause ending with a colon, the subject
//    of the writer's clause, the previous sentence `X said:` / `X added.`, the
//    previous quotation when it continues a speaker's words); the outlets.
//
// Direct vs partial quotes (`QuoteFinding.partial`), following PolNeAR's
// definition of attributions (source + cue + content):
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
import { isQuoteMark, isSentenceEnd, isSpace } from '../text/chars';
import { tokenAt, type TextModel } from '../text/text';
import type { Span, Speaker } from '../model';
import { clauseSubject, cueIn, cueTokIn, isCueToken, npBefore, reportedViaIn, speechFrameAfter, type Cue } from './attribution';
import { namesSomeone, personNameSpan, Speakers, type SpeakerContext } from './speakers';
import { findQuoteSpans, INVISIBLE, isInchMark, sentenceIndexAt, type QuoteSpan } from './quoteSpans';
import { isDirectQuote, quoteFeatures } from './quoteModel';
import { isTitle } from './titles';

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

export type SpeakerVia = 'after' | 'before' | 'sameSentence' | 'colon' | 'clause' | 'prevSentence' | 'prevQuote';

const PARTIAL_BEFORE = new Set(['that', 'if', 'whether', 'because', 'than', 'to', 'be', 'have', 'the', 'a', 'an', 'as', 'so', 'too', 'very', 'more', 'most', 'and', 'or', 'but']);

/**
 * The document's quotations with their speakers; nothing inside `ignored`
 * regions. The rules below give each finding a first direct/partial
 * decision; the learned model (quoteModel.ts, fitted on the dev part of
 * PolNeAR) makes the final one from context features that include that
 * decision.
 */
export function findQuotes(model: TextModel, spans: QuoteSpan[], speakers: Speakers): QuoteFinding[] {
  const { findings, features } = attributeQuotes(model, spans, speakers, true);
  for (let i = 0; i < findings.length; i++) findings[i].partial = !isDirectQuote(features[i]);
  return findings;
}

/** The findings of a text with the rules' direct/partial decision and each one's feature vector (for evaluation and training). */
export function scanQuotes(model: TextModel, ignored: Span[]): { findings: QuoteFinding[]; features: Float64Array[] } {
  const spans = findQuoteSpans(model, ignored);
  return attributeQuotes(model, spans, new Speakers(model, ignored, spans), true);
}

/** What the frames right around a quotation say, before any context: the speech cues after and before it. */
interface QuoteFrame {
  /**
   * The noun phrases the frames name as sources, in the order they were
   * found; each is resolved even when the quotation is then dropped, as the
   * names they register and the person they mention last are the document's.
   */
  sources: Span[];
  /** Index into `sources` of the quotation's speaker; -1 when the frames give none. */
  speaker: number;
  via: 'after' | 'before' | undefined;
  /** A speech cue governs the quotation right next to it. */
  cueNear: boolean;
  /** A naming verb (called, dubbed) governs it instead. */
  naming: boolean;
  /** The frame follows the closing mark. */
  frameAfter: boolean;
  /** The cue before the opening mark, -1 if none; the source it gives (index into `sources`, -1 if none). */
  beforeCueTok: number;
  beforeCueSource: number;
}

/** Step 1: the frames of one quote span (local: reads only tokens near the span). */
function quoteFrame(model: TextModel, q: QuoteSpan): QuoteFrame {
  const { tokens } = model;
  const { first, bFrom, aFrom, aTo, ai, beforeVal } = q;
  const f: QuoteFrame = { sources: [], speaker: -1, via: undefined, cueNear: false, naming: false, frameAfter: false, beforeCueTok: -1, beforeCueSource: -1 };
  const found = (cue: Cue) => (cue.source ? f.sources.push(cue.source) - 1 : -1);
  // after: '," said X' / '," X said' / '," according to X' / '," Trump shot back'
  if (q.afterWords) {
    const cue = cueIn(model, ai, aTo, 'start');
    const source = cue ? found(cue) : -1;
    // the frame must start right after the mark: '," said X' or '," X said' (not a cue further on)
    const adjacent = cue && (cue.tok === ai || (cue.source && tokens.start[cue.source.start] === tokens.start[ai]) || (cue.tok - ai <= 2 && !cue.source));
    if (cue && adjacent && cue.tok - ai <= 12) {
      f.speaker = cue.naming ? -1 : source;
      if (f.speaker >= 0) f.via = 'after';
      f.naming = cue.naming;
      f.cueNear = !cue.naming;
      f.frameAfter = !cue.naming;
    } else if (cue && !cue.naming && cue.source && cue.tok - ai <= 12 && speechFrameAfterComma(model, cue.tok, cue.source, ai)) {
      // the sentence goes on past the quotation and closes with its frame:
      // '"... the Moscow" meeting, the ministry said.'
      f.speaker = source;
      f.via = 'after';
    } else if (/[,!?]$/.test(q.inner.trimEnd()) || tokens.value[aFrom] === ',') {
      const np = speechFrameAfter(model, ai, aTo);
      if (np) {
        f.speaker = f.sources.push(np) - 1;
        f.via = 'after';
        f.cueNear = true;
        f.frameAfter = true;
      }
    }
  }
  // before: 'X said: "' / 'X told Reuters that the government had "'
  if (f.speaker < 0 && first > bFrom) {
    const cue = cueIn(model, bFrom, first, 'end');
    if (cue) {
      const source = found(cue);
      f.beforeCueTok = cue.tok;
      // a speech verb right before the quotation, nearer than the one the speaker came from, is its own
      // frame (`X joked that ..., but went on to say, "`, `a headline that said, "`)
      const k = first - 2;
      if (!cue.naming && k > cue.tok && (beforeVal === ',' || beforeVal === ':') && isCueToken(model, k) && tokens.pos[k] === 'VERB') f.beforeCueTok = k;
      f.beforeCueSource = source;
      f.naming = f.naming || (cue.naming && first - cue.tok <= 3);
      f.speaker = cue.naming ? -1 : source;
      if (f.speaker >= 0) f.via = 'before';
      if (!cue.naming && first - cue.tok <= 6) f.cueNear = true;
      // the quotation lies in the reported clause of a speech verb ("The official added that
      // the government is willing to hold “direct talks”"): the speaker's words, even when short
      if (!cue.naming && cue.source && reportedClause(model, cue.tok, first)) f.cueNear = true;
    }
  }
  // an `as` clause of its own that frames the quotation (`As Vulture put it, "`, `As The Post's Dana Milbank
  // puts it, "`, `As Politico reported, "`): the source, the verb and nothing of the writer's content
  if (f.speaker < 0 && f.beforeCueTok < 0 && first > bFrom) {
    const np = asFrame(model, bFrom, first);
    if (np && namesSomeone(model, np)) {
      f.speaker = f.sources.push(np) - 1;
      f.via = 'before';
      f.cueNear = true;
      f.beforeCueTok = first - 1;
    }
  }
  return f;
}

/** The attribution a quotation belongs to: where it ends, whether its content is mixed, whether it has a speech frame. */
interface PrevAttribution {
  end: number;
  mixed: boolean;
  framed: boolean;
}

/** Step 2: the findings, span by span in text order, with the rules' direct/partial decision and, when asked, each one's feature vector. */
function attributeQuotes(model: TextModel, spans: QuoteSpan[], speakers: Speakers, withFeatures: boolean): { findings: QuoteFinding[]; features: Float64Array[] } {
  const features: Float64Array[] = [];
  const { tokens, text } = model;
  const ctx: SpeakerContext = {};
  const out: QuoteFinding[] = [];
  let prev: QuoteFinding | null = null;
  let prevEndPara = -10;
  /** The first paragraphs of a quotation split before its last paragraph, while it has no speaker of its own. */
  let awaiting: QuoteFinding | null = null;
  /** The attribution of the previous finding. */
  let prevAttr: PrevAttribution | null = null;
  /** The speaker of the frame around the last title dropped, with its sentence. */
  let titleFrame: { speaker: Speaker; sIdx: number } | null = null;
  // a quotation without a cue of its own continues the previous attribution when that one has a speech
  // frame and nothing of the writer's comes between them but that frame (`"A," he said. "B."`, or the next
  // paragraph); it shares that attribution's content, mixed or not
  const continues = (a: PrevAttribution, sIdx: number) =>
    a.mixed && a.framed && (sentenceIndexAt(model, a.end - 1) >= sIdx - 1 || /^\s*$/.test(text.slice(a.end, model.sentences[sIdx].start)));

  for (const q of spans) {
    const { inner, words, capitalised, first, bFrom, aFrom, aTo, ai, afterWords, beforeTok, beforeVal, lowerStart, sIdx, endPara, paragraph: startPara } = q;
    const frame = quoteFrame(model, q);
    const resolved = frame.sources.map((np) => speakers.resolve(np, ctx));
    let speaker: Speaker | null = frame.speaker >= 0 ? resolved[frame.speaker] : null;
    let via: SpeakerVia | undefined = speaker ? frame.via : undefined;
    const { cueNear, naming, frameAfter, beforeCueTok } = frame;
    const beforeCueSpeaker = frame.beforeCueSource >= 0 ? resolved[frame.beforeCueSource] : null;

    // partial: the quotation is only part of a clause of the writer's ("said that "...",
    // had "decided ...", would "hold direct talks" with, the "Apprentice" star)
    const bl = beforeTok >= 0 ? tokens.lemma[beforeTok] : '';
    const bp = beforeTok >= 0 ? tokens.pos[beforeTok] : 'PUNCT';
    const partialBefore = beforeTok >= 0 && beforeTok !== beforeCueTok && (PARTIAL_BEFORE.has(bl) || bp === 'AUX' || bp === 'DET' || bp === 'ADJ' || bp === 'PART' || bp === 'SCONJ');
    const partialAfter = afterWords && !frameAfter && aFrom === ai && !/[,.!?;:…—–-][’'”)\]]*\s*$/.test(inner);
    // a quotation that starts lower-case right after the writer's own word continues the writer's clause
    // (Obama's words "amount to ...", the founder of "Indian Americans ...")
    const partialLower = lowerStart && beforeTok >= 0 && bp !== 'PUNCT' && beforeTok !== beforeCueTok;
    // a quotation right after a word of the writer's clause other than the speech verb: a title or a
    // phrase the writer's sentence is built around (on "Meet the Press.", host of "Morning Joe,")
    // (an abbreviation that ends the sentence before a capitalised quotation is no such word: `Calif. "The reality ...`)
    const abbrevEnd = /\.$/.test(beforeVal) && beforeVal.length > 1 && /^[\s‘'([]*\p{Lu}/u.test(inner);
    const partialWord = beforeTok >= 0 && beforeTok !== beforeCueTok && bp !== 'PUNCT' && bp !== 'SYM' && !abbrevEnd && !(bp === 'VERB' && isCueToken(model, beforeTok));
    const partial = partialBefore || partialAfter || partialLower || partialWord;

    // titles: the name of a show, book, film, programme or law (`on "Face the Nation."`, `the "Today" show`);
    // the speaker of its frame still speaks for a quotation later in its sentence (`X told NBC's "Meet the
    // Press" that Clinton "has ..."`)
    if (isTitle(model, q)) {
      titleFrame = speaker ? { speaker, sIdx } : null;
      continue;
    }
    // scare quotes and titles
    // a short quotation standing as a sentence of its own ("Big time." after a quote of the same speaker) is speech
    const ownSentence = /^\p{Lu}/u.test(inner.trimStart()) && /[.!?]\s*$/.test(inner) && (beforeTok < 0 || beforeVal === ':');
    if (words <= 3 && (!cueNear || naming) && !ownSentence) continue;
    if (!cueNear && !speaker && words <= 6 && capitalised === words && !/[.!?,]/.test(inner.slice(0, -1))) continue;

    // a second quotation in the same sentence as the previous one (`would be "X" for "Y"`)
    if (!speaker && prev && prev.speaker && sentenceIndexAt(model, prev.end - 1) === sentenceIndexAt(model, q.start)) {
      speaker = prev.speaker;
      via = 'sameSentence';
    } else if (!speaker && titleFrame && titleFrame.sIdx === sIdx) {
      speaker = titleFrame.speaker;
      via = 'sameSentence';
    }
    // a clause that ends with a colon right before the quotation ("Cruz continued:", "... surprise pollster Daron Shaw:")
    let colonMixed = false;
    if (!speaker && !naming) {
      const c = colonFrame(model, q.start);
      const resolvedC = c ? c.sources.map((np) => speakers.resolve(np, ctx)) : [];
      if (c && c.speaker >= 0 && resolvedC[c.speaker]) {
        speaker = resolvedC[c.speaker];
        colonMixed = c.mixed;
        via = 'colon';
      }
    }
    // the subject of the writer's clause that embeds the quotation ("She called his actions "..."")
    if (!speaker && !naming && first > bFrom && beforeCueTok < 0) {
      const np = clauseSubject(model, first, bFrom);
      if (np && namesSomeone(model, np)) {
        speaker = speakers.resolve(np, ctx);
        if (speaker) via = 'clause';
      }
    }
    // no cue in the sentence: a speaker from the previous sentence or the previous quotation
    let prevSentenceMixed = false;
    if (!speaker && !partial) {
      const ps = sIdx > 0 ? model.sentences[sIdx - 1] : null;
      if (ps && q.paragraph - ps.paragraph <= 1) {
        const st0 = model.sentenceTokens[sIdx - 1];
        // a sentence that begins inside the previous quotation (`"A. B," Rubio said.`): its frame follows that quotation
        const st = prev && prev.start < ps.start && prev.end > ps.start ? { start: Math.min(st0.end, Math.max(st0.start, tokenAt(tokens, prev.end - 1) + 1)), end: st0.end } : st0;
        const mask = maskQuotes(model, st.start, st.end);
        // the sentence's main cue, its first (`Carter said that ... critics had been predicting ...`)
        const cue = cueIn(model, st.start, st.end, 'start', mask);
        const cueSpeaker = cue?.source ? speakers.resolve(cue.source, ctx) : null;
        if (cue && cueSpeaker && !cue.naming) {
          speaker = cueSpeaker;
          via = 'prevSentence';
          if (prevAttr && (prevAttr.end > ps.start || /^\s*$/.test(text.slice(prevAttr.end, ps.start)))) {
            // the sentence before holds (or follows right on) the previous quotation and its cue
            // (`"A," he said. "B."`): the same attribution
            prevSentenceMixed = continues(prevAttr, sIdx);
          } else {
            // a sentence of reported speech without quotation marks (`Carter said that ... .`): the quotation
            // continues that attribution, whose content is the writer's paraphrase
            prevSentenceMixed = frameHasContent(model, cue.tok, st.end, cueSpeaker, mask);
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
    for (const r of reportedViaIn(model, aFrom, sentenceEndTok(model, aFrom, model.paragraphs[endPara].end))) if (!reportedVia.includes(r)) reportedVia.push(r);
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
        q, beforeCueTok, via, mixed, partialBefore, partialAfter, partialLower, partialWord, frameAfter, cueNear, naming, ownCue, colonMixed,
        prevSentenceMixed, prev: out.length > 1 ? out[out.length - 2] : null, prevContinues: !!prevAttr && continues(prevAttr, sIdx),
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
/** The characters of a token span. */
function charSpan(model: TextModel, np: Span): Span {
  return { start: model.tokens.start[np.start], end: model.tokens.end[np.end - 1] };
}

/** The cue's frame opens after a comma: '..." meeting, the ministry said' / '..." meeting, said X'. */
function speechFrameAfterComma(model: TextModel, cueTok: number, source: Span, from: number): boolean {
  const { tokens } = model;
  const sp = charSpan(model, source);
  let frameStart = cueTok;
  if (sp.start < tokens.start[cueTok]) frameStart = tokenAt(tokens, sp.start);
  if (frameStart - 1 < from || tokens.value[frameStart - 1] !== ',') return false;
  // and the frame ends the sentence: nothing but time words / punctuation after the cue and its speaker
  let k = cueTok + 1;
  if (sp.end > tokens.end[cueTok]) k = tokenAt(tokens, sp.end);
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
function colonFrame(model: TextModel, qStart: number): { sources: Span[]; speaker: number; mixed: boolean } | null {
  const { text, tokens } = model;
  let k = qStart - 1;
  while (k >= 0 && isSpace(text.charCodeAt(k))) k--;
  if (k < 0 || text[k] !== ':') return null;
  const colonTok = tokenAt(tokens, k);
  const st = sentenceTokensOf(model, k);
  if (!st) return null;
  const from = st.start;
  // a name right before the colon ("... doesn't surprise Republican pollster Daron Shaw:")
  const name = personNameSpan(model, from, colonTok);
  if (name) return { sources: [name], speaker: 0, mixed: false };
  const mask = maskQuotes(model, from, colonTok);
  const cue = cueIn(model, from, colonTok, 'end', mask);
  if (cue && cue.source && !cue.naming) return { sources: [cue.source], speaker: 0, mixed: frameHasContent(model, cue.tok, colonTok, charSpan(model, cue.source), mask) };
  const sources = cue?.source ? [cue.source] : [];
  // no speech verb: a sentence of the writer's that leads into the quotation
  const np = clauseSubject(model, colonTok, from) ?? npBefore(model, colonTok, from);
  // (PolNeAR's annotators treat such a lead-in, `Kasich resisted:`, as the frame: not mixed)
  if (np && namesSomeone(model, np)) return { sources: [...sources, np], speaker: sources.length, mixed: false };
  return sources.length ? { sources, speaker: -1, mixed: false } : null;
}

/** Cue lemmas whose first object is the listener (`told reporters`, `asked him`), not reported content. */
const LISTENER_CUES = new Set(['tell', 'told', 'ask', 'answer', 'assure', 'inform', 'remind', 'warn', 'urge', 'reply', 'respond']);
const TIME_WORDS = new Set('monday tuesday wednesday thursday friday saturday sunday today yesterday tonight week month year night morning afternoon evening weekend day last this earlier later recently'.split(' '));

/**
 * Tokens (cueTok, to) of a speech frame hold reported content of the writer's own rather than only the
 * frame (the speaker, time, place, medium, listener): `said that ...`, `says no matter what action Obama
 * takes,`, `reveals a few relevant facts:`. The speaker's own span and masked tokens are skipped.
 */
function frameHasContent(model: TextModel, cueTok: number, to: number, speaker: Span | null, skip?: (tok: number) => boolean): boolean {
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
