// The learned direct/partial decision for quote findings: a logistic regression over context features
// (quoteFeatures below), fitted on the dev part of PolNeAR by tools/trainQuotes.ts, which writes
// quoteModel.json. A finding is a direct quote when p >= threshold; `partial = !(p >= threshold)`.
import { isQuoteMark, isLineBreak, isSpace } from '../text/chars';
import type { TextModel } from '../text/text';
import { cueTokIn, isCueToken } from './attribution';
import { INVISIBLE, sentenceIndexAt, trimEnd, type QuoteSpan } from './quoteSpans';
import type { QuoteFinding, SpeakerVia } from './quotes';
import weights from './quoteModel.json';

/** Feature order; quoteModel.json must list the same names (checked at load). */
export const FEATURE_NAMES = [
  // the rules' decision and its parts
  'rule_partial', 'rule_partialBefore', 'rule_partialAfter', 'rule_partialLower', 'rule_partialWord', 'rule_colonMixed', 'rule_prevSentenceMixed',
  'via_after', 'via_before', 'via_sameSentence', 'via_colon', 'via_clause', 'via_prevSentence', 'via_prevQuote', 'via_none',
  'frameAfter', 'cueNear', 'naming', 'ownCue',
  // before the opening mark
  'b_paragraphStart', 'b_sentenceStart', 'b_colon', 'b_comma', 'b_dash', 'b_bracket', 'b_word',
  'b_cue', 'b_cueWithin2', 'b_cueWithin6', 'b_subordinator', 'b_cueInWindow', 'b_logWords', 'b_logWordsAfterCue', 'b_thatRightBefore',
  // the quotation
  'in_endComma', 'in_endPeriod', 'in_endQuestionExcl', 'in_endDash', 'in_closed', 'in_continued', 'in_logWords', 'in_words<=3', 'in_words<=8',
  'in_sentences', 'in_lowerStart', 'in_upperStart', 'in_paragraphInitial', 'in_runsToParagraphEnd',
  // after the closing mark
  'a_paragraphEnd', 'a_comma', 'a_period', 'a_lower', 'a_upper', 'a_words', 'a_cueWithin3', 'a_wordsRightAfter',
  // the previous finding
  'prev_partial', 'prev_direct', 'prev_sameSentence', 'prev_near', 'prev_continues', 'prev_viaAfter',
] as const;

interface QuoteModelWeights {
  features: string[];
  weights: number[];
  bias: number;
  threshold: number;
  /** How it was fitted (documentation only). */
  fitted?: string;
}

const W = weights as QuoteModelWeights;
if (W.features.length !== FEATURE_NAMES.length || W.features.some((f, i) => f !== FEATURE_NAMES[i])) {
  throw new Error('quoteModel.json does not match FEATURE_NAMES: rerun trainQuotes');
}
const WV = Float64Array.from(W.weights);

function quoteScore(x: ArrayLike<number>, w: ArrayLike<number> = WV, bias = W.bias): number {
  let z = bias;
  for (let i = 0; i < w.length; i++) z += w[i] * x[i];
  return 1 / (1 + Math.exp(-z));
}

/** The finding is the whole content of its attribution (a direct quote), not a partial quote. */
export function isDirectQuote(x: ArrayLike<number>): boolean {
  return quoteScore(x) >= W.threshold;
}

/** A finding's rules and context, as attributeQuotes (quotes.ts) decided them. */
export interface FeatureInput {
  q: QuoteSpan;
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
  colonMixed: boolean;
  prevSentenceMixed: boolean;
  prev: QuoteFinding | null;
  prevContinues: boolean;
}

const VIAS: (SpeakerVia | undefined)[] = ['after', 'before', 'sameSentence', 'colon', 'clause', 'prevSentence', 'prevQuote', undefined];
const SUBORD = new Set(['that', 'whether', 'if', 'because', 'how', 'why', 'what']);

/** Context features of one finding, in the order of FEATURE_NAMES (quoteModel.ts). Cheap: tokens and characters near the marks. */
export function quoteFeatures(model: TextModel, x: FeatureInput): Float64Array {
  const { text, tokens, paragraphs } = model;
  const { pos, value, lemma } = tokens;
  const v = new Float64Array(FEATURE_NAMES.length);
  let n = 0;
  const put = (b: boolean | number) => {
    v[n++] = typeof b === 'number' ? b : b ? 1 : 0;
  };
  const { q } = x;
  const { inner } = q;
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
  while (b >= para.start && isSpace(text.charCodeAt(b))) b--;
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
  put(x.beforeCueTok >= 0 && q.first - x.beforeCueTok <= 2);
  put(x.beforeCueTok >= 0 && q.first - x.beforeCueTok <= 6);
  let subord = false;
  let wordsBefore = 0;
  let wordsAfterCue = 0;
  let cueBefore = false;
  for (let k = q.bFrom; k < q.first; k++) {
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
  put(q.beforeTok >= 0 && q.beforeTok === q.first - 1 && lemma[q.beforeTok] === 'that');
  // inside
  const innerTrim = inner.replace(/[\s’'”"»]+$/u, '');
  const endC = innerTrim.slice(-1);
  put(endC === ',');
  put(endC === '.');
  put(endC === '?' || endC === '!');
  put(endC === '—' || endC === '–' || endC === '-' || endC === '…');
  put(q.closed);
  put(!!q.continued);
  put(Math.log1p(q.words));
  put(q.words <= 3);
  put(q.words <= 8);
  const sEnd = sentenceIndexAt(model, Math.max(q.start, q.end - 2));
  put(Math.min(3, sEnd - q.sIdx));
  put(q.lowerStart);
  put(/^[\s‘'([]*\p{Lu}/u.test(inner));
  put(q.start === para.start);
  put(q.end >= para.end - 1 || trimEnd(text, q.end, para.end) === q.end);
  // after the closing mark
  let a = q.end;
  while (a < text.length && isSpace(text.charCodeAt(a)) && !isLineBreak(text.charCodeAt(a))) a++;
  const ca = a < para.end && a < text.length ? text[a] : '';
  put(!ca || ca === '\n' || ca === '\r');
  put(ca === ',');
  put(ca === '.' || ca === ';');
  put(/\p{Ll}/u.test(ca));
  put(/\p{Lu}/u.test(ca));
  put(q.afterWords);
  put(q.afterWords && cueTokIn(model, q.ai, Math.min(q.aTo, q.ai + 3)));
  put(q.afterWords && q.aFrom === q.ai);
  // the previous finding
  const p = x.prev;
  const prevSame = !!p && sentenceIndexAt(model, p.end - 1) === q.sIdx;
  put(!!p && p.partial);
  put(!!p && !p.partial);
  put(prevSame);
  put(!!p && p.paragraph >= q.paragraph - 1);
  put(x.prevContinues);
  put(!!p && p.via === 'after');
  if (n !== v.length) throw new Error(`quoteFeatures: ${n} features, FEATURE_NAMES has ${v.length}`);
  return v;
}
