// Claims: factual statements outside quotes, one sentence each.
//
// What counts: a declarative sentence of at least five words with a verb and
// something concrete to check (a named entity, a number or date), e.g. who did
// what, numbers, dates, invitations, refusals.
// What does not: questions, headings and chrome (already ignored), sentences
// that are mostly quotation (the quote is the statement), and the writer's own
// opinion (first person, "should"/"must" advice, evaluative asides).
import { isSpace } from '../text/chars';
import type { TextModel } from '../text/text';
import type { Span } from '../model';

const OPINION = /\b(?:I|I'm|I’m|I've|I’ve|me|my|we|we're|we’re|our|us)\b|\b(?:in my (?:view|opinion)|should|ought to|must not|let's|let’s)\b/;

/** Hedges and newsroom formulas that state nothing checkable. */
const NO_CONTENT = /\b(?:it (?:is|was|remains) (?:unclear|not clear|uncertain|not known|to be seen)|(?:was|were) not (?:immediately )?available (?:for|to) comment|declined to comment|did not (?:immediately )?respond to (?:a )?requests? for comment|could not be reached)\b/i;

/**
 * Whether sentence `sentenceIndex` is a claim. `quotes` are the document's
 * direct quotes (sorted): a sentence that opens inside a quote, or is mostly
 * quotation, belongs to the quote statement instead.
 */
export function isClaimSentence(model: TextModel, sentenceIndex: number, quotes: Span[]): boolean {
  const s = model.sentences[sentenceIndex];
  const text = model.text.slice(s.start, s.end);
  if (endsWithQuestion(text)) return false;
  if (!endsWithFinalPunctuation(text)) return false; // headlines and fragments have no final punctuation
  if (quotes.some((q) => q.start <= s.start && s.start < q.end)) return false;
  if (coveredChars(s, quotes) > (s.end - s.start) * 0.35) return false;
  const { start, end } = model.sentenceTokens[sentenceIndex];
  let words = 0;
  let verb = false;
  let concrete = false;
  for (let i = start; i < end; i++) {
    const pos = model.tokens.pos[i];
    if (pos === 'PUNCT' || pos === 'SPACE' || pos === 'SYM') continue;
    words++;
    if (pos === 'VERB' || pos === 'AUX') verb = true;
    if (pos === 'PROPN' || pos === 'NUM') concrete = true;
  }
  if (words < 5 || !verb || !concrete) return false;
  // (after the token tests, which are cheaper and reject most sentences that fail)
  if (NO_CONTENT.test(text)) return false;
  // Opinion in the writer's own voice: judge only the text outside quotes.
  const outside = text.replace(/[“"][^”"]*[”"]/g, ' ');
  return !OPINION.test(outside);
}

/**
 * `/\?\s*["”’]?$/.test(text)`, read from the end (V8 tries an end-anchored
 * pattern at every position of the sentence).
 */
function endsWithQuestion(text: string): boolean {
  let k = text.length;
  const last = text[k - 1];
  if (last === '"' || last === '”' || last === '’') k--;
  while (k > 0 && isSpace(text.charCodeAt(k - 1))) k--;
  return k > 0 && text[k - 1] === '?';
}

/** `/[.!"”’)]$/.test(text)` */
function endsWithFinalPunctuation(text: string): boolean {
  const last = text[text.length - 1];
  return last === '.' || last === '!' || last === '"' || last === '”' || last === '’' || last === ')';
}

/** Characters of `span` covered by any of `quotes` (sorted, non-overlapping). */
export function coveredChars(span: Span, quotes: Span[]): number {
  let n = 0;
  for (const q of quotes) {
    if (q.end <= span.start) continue;
    if (q.start >= span.end) break;
    n += Math.min(q.end, span.end) - Math.max(q.start, span.start);
  }
  return n;
}
