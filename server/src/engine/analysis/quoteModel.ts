// The learned direct/partial decision for quote findings: a logistic regression over context features
// (quotes.ts, quoteFeatures), fitted on the dev part of PolNeAR by tools/trainQuotes.ts, which
// writes quoteModel.json. A finding is a direct quote when p >= threshold; `partial = !(p >= threshold)`.
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
