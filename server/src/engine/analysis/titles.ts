// Names in quotation marks and headlines: what looks like a statement or a
// speaker by its marks or its capitals, but is neither.
//
// A title (`"Face the Nation"`, `"Today"`, `"Fox & Friends"`, `"The Art of
// the Deal"`, `the "don't ask, don't tell" policy`) is recognised by its form
// and its context, never by a list of titles:
//   - form: short, every word capitalised but the small words of a title
//     (`the`, `of`, `&`), no sentence punctuation inside (a period or comma
//     just inside the closing mark belongs to the writer's sentence);
//   - context: the noun of a work or a rule right after the closing mark
//     (`"Today" show`, `"don't ask, don't tell" policy`) or right before the
//     opening one (`the book "..."`), a naming verb (`titled`, `dubbed`,
//     `known as`, or an appositive after such a noun: `his memoir, "..."`), a possessive (`CBS' "Face the Nation"`), a preposition of
//     place or medium (`appeared on "Meet the Press"`, `in "The Art of the
//     Deal"`), or the listener slot of `told` (`he told "Today."`).
// A headline line (a paragraph in title case) names people only in passing:
// its names never become speakers (speakers.ts).
import type { TextModel } from '../text/text';
import type { Span } from '../model';
import type { QuoteSpan } from './quoteSpans';

/** The small words a title leaves lower-case (closed-class words: articles, conjunctions, short prepositions). */
const MINOR = new Set('a an the and or nor but of in on at to for with by from as vs vs. v. via per into onto over off up out & + - – — de la le du del von van der'.split(' '));

/** Nouns for a work, a programme or a rule: a quotation right next to one is its name. */
const WORK_NOUNS = new Set(
  (
    'show program programme book film movie series law act bill policy podcast documentary album song column episode ' +
    'segment broadcast newsletter blog memoir novel play musical sitcom miniseries special report rule doctrine ' +
    'initiative amendment slogan hashtag motto tv movement sequel franchise star host anchor project'
  ).split(' '),
);
/** Verbs that give something a name: `a law titled "..."`, `the plan dubbed "..."`. */
const NAMING_VERBS = new Set('call title entitle name dub nickname label brand term'.split(' '));
/** Prepositions after which a title-cased quotation is a place or medium (`on "Meet the Press"`), not speech. */
const TITLE_PREPS = new Set('on in to with from during onto'.split(' '));
/** Nouns whose `of` names a work: `host of "Morning Joe"`, `author of "America's Bitter Pill"`, `an episode of "..."`. */
const OF_WORK = new Set('author creator producer director writer editor cast season installment edition'.split(' '));

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*|&/gu;
const UPPER_OR_DIGIT = /^[\p{Lu}\p{N}]/u;

/**
 * `s` has the form of a title: 1..maxWords words, the first capitalised, every
 * other one capitalised or a small word, and at least one capitalised word
 * besides a lone `I`; no sentence punctuation inside (a final `.` or `,`
 * belongs to the writer's sentence).
 */
function isTitleCased(s: string, maxWords: number): boolean {
  const body = s.trim().replace(/[.,]$/, '');
  if (/[!?;…]|[.,:]\s+\p{Ll}/u.test(body) || /\.\s+\S/.test(body.replace(/\b\p{Lu}\p{L}?\.(?=\s)/gu, ''))) return false;
  const words = body.match(WORD);
  if (!words || words.length > maxWords) return false;
  if (!UPPER_OR_DIGIT.test(words[0])) return false;
  let capitals = 0;
  for (const w of words) {
    if (UPPER_OR_DIGIT.test(w)) capitals++;
    else if (!MINOR.has(w.toLowerCase())) return false;
  }
  return capitals > 0 && !(words.length === 1 && words[0] === 'I');
}

/** The name of a show, book, film, programme or law in quotation marks, by its form and context (see the top of this file). */
export function isTitle(model: TextModel, q: QuoteSpan): boolean {
  const { pos, value, lemma } = model.tokens;
  const inner = q.inner.trim();
  if (q.words > 12 || !q.closed) return false;
  const titleCased = isTitleCased(inner, 8);
  // a name of a few words without a sentence inside: `"don't ask, don't tell"`, `"Stealing America"`
  const nameLike = q.words <= 8 && !/[.!?;:…]/.test(inner.replace(/[.,]$/, ''));
  // after: `"Today" show host`, `the "don't ask, don't tell" policy` (nothing of a sentence ends inside the marks)
  const next = q.aFrom < value.length && q.aFrom === q.ai ? q.aFrom : -1;
  if (next >= 0 && !/[.,!?]$/.test(inner) && WORK_NOUNS.has(lemma[next]) && (pos[next] === 'NOUN' || pos[next] === 'PROPN' || pos[next] === 'VERB')) {
    if (titleCased) return true;
    const b = q.beforeTok;
    const bv = b >= 0 ? value[b].toLowerCase() : '';
    if (nameLike && b >= 0 && (pos[b] === 'DET' || bv === 'his' || bv === 'her' || bv === 'their' || bv === 'its' || bv === "'s" || bv === '’s')) return true;
  }
  let b = q.beforeTok;
  if (b < 0 || b !== q.first - 1) return false;
  // an appositive: `his memoir, "From Hope to Higher Ground,"`, `his radio show, "..."`
  if (value[b] === ',' && b > 0 && WORK_NOUNS.has(lemma[b - 1]) && pos[b - 1] === 'NOUN' && titleCased) b--;
  const bl = lemma[b];
  const bv = value[b];
  // `the book "The Art of the Deal"`, `his film "Fahrenheit 9/11"`
  if (WORK_NOUNS.has(bl) && pos[b] === 'NOUN' && (titleCased || (nameLike && UPPER_OR_DIGIT.test(inner)))) return true;
  if (!titleCased) return false;
  // `a plan dubbed "Medicare for All"`, `a group known as "Mothers of the Movement"`
  if (NAMING_VERBS.has(bl) && pos[b] === 'VERB') return true;
  if (bl === 'as' && b > 0 && lemma[b - 1] === 'know') return true;
  // `CBS' "Face the Nation"`, `NBC's "Today"`
  if ((bv === "'s" || bv === '’s' || ((bv === "'" || bv === '’') && /s$/i.test(value[b - 1] ?? ''))) && b > 0 && (pos[b - 1] === 'PROPN' || pos[b - 1] === 'NOUN')) return true;
  // `appeared on "Meet the Press"`, `said in "The Art of the Deal"`, `he told "Today."`
  if (TITLE_PREPS.has(bv.toLowerCase()) && (pos[b] === 'ADP' || pos[b] === 'PART')) return true;
  if (bl === 'of' && b > 0 && (WORK_NOUNS.has(lemma[b - 1]) || OF_WORK.has(lemma[b - 1]))) return true;
  if (bl === 'tell' || bv.toLowerCase() === 'told') return true;
  return false;
}

/**
 * Paragraphs written in title case (headlines and section headings that no
 * chrome rule marked): three to twenty-five words, every one capitalised but
 * the small words of a title.
 */
export function headlineParagraphs(model: TextModel): Span[] {
  const out: Span[] = [];
  for (const p of model.paragraphs) {
    const line = model.text.slice(p.start, p.end);
    if (line.length > 250 || /^\s*[“"]/.test(line)) continue;
    const words = line.match(WORD);
    if (!words || words.length < 3 || words.length > 25) continue;
    let ok = UPPER_OR_DIGIT.test(words[0]);
    let capitals = 0;
    for (const w of words) {
      if (!ok) break;
      if (UPPER_OR_DIGIT.test(w)) capitals++;
      else if (!MINOR.has(w.toLowerCase())) ok = false;
    }
    if (ok && capitals >= 3) out.push({ start: p.start, end: p.end });
  }
  return out;
}
