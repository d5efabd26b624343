// Attribution frames around a statement: the speech cue ("said", "told",
// "according to"), the speaker noun phrase next to it, and the outlets the
// statement is reported through ("AP reported", "told Reuters").
// Token-based (wink lemmas / POS tags); every search is bounded to a small
// window, so the cost is linear in the document. A frame gives its source as
// a noun phrase (a token span); speakers.ts turns it into a Speaker, in
// document order, with the document's names.
import { isQuoteMark, isSentenceEnd } from '../text/chars';
import { tokenAt, type TextModel } from '../text/text';
import type { Span } from '../model';
import { namesSomeone, personNameIn, PRONOUNS } from './speakers';

/** Speech / statement verbs (lemmas) that introduce a quote or a reported claim. */
const SAY_LEMMAS = new Set(
  (
    'say tell add continue write state explain note argue ask declare announce insist claim warn recall quip tweet ' +
    'joke respond reply acknowledge admit suggest conclude observe remark complain predict urge testify exclaim ' +
    'proclaim read tout boast vow promise pledge stress emphasize emphasise assert contend maintain concede caution ' +
    'counter retort shout yell scream chant lament muse post answer confirm deny agree reiterate repeat charge allege ' +
    'accuse describe mock declare thunder cry sigh whisper snap fire chime interject begin elaborate clarify ' +
    'estimate report reveal disclose announce comment speculate wonder demand plead recount told said'
  ).split(' '),
);
/** Verb forms that report speech with their particle: `shot back`, `pointed out`. */
const PHRASAL_CUES = new Map<string, string>([
  ...'shot shoots shoot hit hits fired fires fire snapped snaps pushed pushes struck strikes'.split(' ').map((w): [string, string] => [w, 'back']),
  ...'pointed points point'.split(' ').map((w): [string, string] => [w, 'out']),
]);
/** Cues that name the expression rather than report speech ("called it 'crooked'"). */
const NAMING_LEMMAS = new Set('call dub name label term brand title nickname describe'.split(' '));

const WEEKDAYS = new Set('monday tuesday wednesday thursday friday saturday sunday'.split(' '));
const TIME_NOUNS = new Set('week month year night morning afternoon evening weekend day today yesterday tonight'.split(' '));
const NP_ADP = new Set('of for at in with from to on'.split(' '));
const POSSESSIVE = new Set('his her their its our my your'.split(' '));

/** Outlets and words that mark a proper-noun run as a news outlet. */
const MEDIA_WORDS = new Set(
  (
    'reuters ap afp cnn bbc nbc abc cbs msnbc fox npr pbs interfax tass ria xinhua bloomberg politico axios tolonews ' +
    'jazeera news post times press journal tribune herald radio tv television agency network channel magazine daily ' +
    'telegraph guardian gazette chronicle wire newspaper newsweek independent economist observer mail sun mirror ' +
    'breitbart huffpost huffington examiner hill atlantic vox buzzfeed dpa kyodo yonhap anadolu sputnik pajhwok ' +
    'khaama efe ansa'
  ).split(' '),
);
const MEDIA_FOLLOWERS = new Set('news newspaper website television channel radio daily agency network magazine outlet broadcaster'.split(' '));

export function isCueToken(model: TextModel, i: number): boolean {
  const { pos, lemma, value } = model.tokens;
  // "shot back", "hit back", "pointed out": phrasal speech verbs (the particle makes them speech)
  // (the particle is tested first, by length before the regex: this runs on most tokens)
  const next = value[i + 1];
  if (next !== undefined && (next.length === 3 || next.length === 4) && /^(back|out)$/i.test(next) && PHRASAL_CUES.has(value[i]?.toLowerCase()) && pos[i - 1] !== 'DET' && pos[i - 1] !== 'ADJ') {
    return PHRASAL_CUES.get(value[i].toLowerCase()) === value[i + 1].toLowerCase();
  }
  if (!SAY_LEMMAS.has(lemma[i])) return false;
  // wink sometimes tags "says"/"said" as NOUN/ADJ at the start of a fragment; accept VERB and those.
  if (pos[i] === 'VERB' || lemma[i] === 'say' || lemma[i] === 'tell' || lemma[i] === 'add') return true;
  // "Viguerie notes." tagged as a noun: a name or pronoun right before, punctuation right after
  const p = pos[i - 1];
  return pos[i] === 'NOUN' && /s$/.test(value[i]) && (p === 'PROPN' || p === 'PRON') && (pos[i + 1] === 'PUNCT' || i + 1 >= pos.length);
}
/** A speech cue among tokens [from, to). */
export function cueTokIn(model: TextModel, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (isCueToken(model, k)) return true;
  return false;
}

function isAccordingTo(model: TextModel, i: number): boolean {
  const v = model.tokens.value;
  // lengths first (a string whose lower case is "according" has its length): this runs on most tokens
  return v[i]?.length === 9 && v[i].toLowerCase() === 'according' && v[i + 1]?.length === 2 && v[i + 1].toLowerCase() === 'to';
}

function skipBackFiller(model: TextModel, i: number, min: number): number {
  // i: index just before the cue; skip adverbs, auxiliaries, "not", time expressions.
  const { pos, lemma } = model.tokens;
  let k = i;
  let guard = 0;
  while (k >= min && guard++ < 8) {
    const l = lemma[k];
    const p = pos[k];
    if (p === 'ADV' || p === 'AUX' || p === 'PART' && l === 'not') {
      k--;
      continue;
    }
    if (WEEKDAYS.has(l)) {
      k--;
      if (k >= min && lemma[k] === 'on') k--;
      continue;
    }
    if (TIME_NOUNS.has(l) && k - 1 >= min && (lemma[k - 1] === 'last' || lemma[k - 1] === 'this' || lemma[k - 1] === 'earlier')) {
      k -= 2;
      continue;
    }
    break;
  }
  return k;
}

function isNpToken(model: TextModel, i: number): boolean {
  const p = model.tokens.pos[i];
  const v = model.tokens.value[i];
  if (p === 'PROPN' || p === 'NOUN' || p === 'ADJ' || p === 'NUM' || p === 'DET') return true;
  if (p === 'PART' && (v === "'s" || v === '’s' || v === "'" || v === '’')) return true;
  // a possessive apostrophe after a plural or a name in -s, tagged as punctuation (`RealClearPolitics’ David Byler`)
  if (p === 'PUNCT' && (v === "'" || v === '’') && /s$/i.test(model.tokens.value[i - 1] ?? '') && model.tokens.pos[i + 1] !== 'PUNCT') return true;
  if (p === 'PRON' && POSSESSIVE.has(v.toLowerCase())) return true;
  if (p === 'PUNCT' && v === '-') return true;
  return false;
}

/** Noun phrase ending right before token `end` (exclusive), not before `min`. */
export function npBefore(model: TextModel, end: number, min: number): Span | null {
  const { pos, value, lemma } = model.tokens;
  let k = skipBackFiller(model, end - 1, min);
  if (k < min) return null;
  // "Afghanistan's ambassador to Russia, Abdul Qayyum Kochai, said": the subject ends before the comma
  if (value[k] === ',' && k - 1 >= min && (pos[k - 1] === 'PROPN' || pos[k - 1] === 'NOUN')) k = skipBackFiller(model, k - 1, min);
  if (k < min) return null;
  if (pos[k] === 'PRON' && PRONOUNS.has(value[k].toLowerCase())) return { start: k, end: k + 1 };
  if (!isNpToken(model, k) || pos[k] === 'DET' || pos[k] === 'ADJ') {
    // "who", relative clauses etc.
    return null;
  }
  const headEnd = k + 1;
  let s = k;
  let steps = 0;
  while (s - 1 >= min && steps++ < 14) {
    const j = s - 1;
    if (isNpToken(model, j)) {
      s = j;
      continue;
    }
    // "spokesman for the State Department", "official of the ministry"
    if (pos[j] === 'ADP' && NP_ADP.has(lemma[j]) && j - 1 >= min && (isNpToken(model, j - 1) || /(ing|ed)$/.test(value[j - 1]))) {
      s = j;
      continue;
    }
    // hyphenated compounds: "Kabul-based", "state-owned"
    if ((pos[j] === 'VERB' || pos[j] === 'ADV') && j - 1 >= min && value[j - 1] === '-') {
      s = j;
      continue;
    }
    // "an Afghan official working with ..."
    if (pos[j] === 'VERB' && /(ing|ed)$/.test(value[j]) && pos[j + 1] === 'ADP' && j - 1 >= min && (pos[j - 1] === 'NOUN' || pos[j - 1] === 'PROPN')) {
      s = j;
      continue;
    }
    if (pos[j] === 'CCONJ' && lemma[j] === 'and' && j - 1 >= min && pos[j - 1] === 'PROPN' && pos[j + 1] === 'PROPN') {
      s = j;
      continue;
    }
    break;
  }
  while (s < headEnd && (pos[s] === 'ADP' || pos[s] === 'PART' || pos[s] === 'CCONJ' || value[s] === '-')) s++;
  if (s >= headEnd) return null;
  return { start: s, end: headEnd };
}

/**
 * The subject of a cue verb: the noun phrase right before it, or, when that
 * phrase ends a relative clause, the phrase the clause describes ("A senior
 * diplomat whose country is among those invited to the Moscow talks said" ->
 * "A senior diplomat"; "Lavrov, who is visiting Kabul, said" -> "Lavrov").
 */
function subjectBefore(model: TextModel, end: number, min: number): Span | null {
  const np = npBefore(model, end, min);
  if (!np) return null;
  const { value, pos } = model.tokens;
  let sawVerb = false;
  for (let k = np.start - 1; k >= min && np.start - k <= 25; k--) {
    const v = value[k].toLowerCase();
    if (isQuoteMark(value[k]) || isSentenceEnd(value[k]) || v === ';' || v === ':') break;
    if (pos[k] === 'VERB' || pos[k] === 'AUX') sawVerb = true;
    if (v === 'who' || v === 'whose' || v === 'which') {
      if (!sawVerb && v !== 'whose') break;
      let a = k;
      if (value[a - 1] === ',') a--;
      if (a - 1 < min || !(pos[a - 1] === 'NOUN' || pos[a - 1] === 'PROPN')) break;
      // the clause must not contain a cue of its own ("who said ...")
      for (let j = k + 1; j < np.start; j++) if (isCueToken(model, j)) return np;
      return npBefore(model, a, min) ?? np;
    }
  }
  return np;
}

/** Noun phrase starting at token `from` (after a cue: "said MoFA deputy spokesman Sibghat Ahmadi"). */
function npAfter(model: TextModel, from: number, max: number): Span | null {
  const { pos, value, lemma } = model.tokens;
  let k = from;
  // skip adverbs / time expressions: "said on Wednesday", "said Tuesday"
  let guard = 0;
  while (k < max && guard++ < 6) {
    if (pos[k] === 'ADV') k++;
    else if (WEEKDAYS.has(lemma[k])) k++;
    else if (lemma[k] === 'on' && k + 1 < max && WEEKDAYS.has(lemma[k + 1])) k += 2;
    else if (/^(this|last|next|earlier|later)$/i.test(value[k]) && k + 1 < max && TIME_NOUNS.has(lemma[k + 1])) k += 2;
    else if (TIME_NOUNS.has(lemma[k])) k++;
    else break;
  }
  if (k >= max) return null;
  if (pos[k] === 'PRON' && PRONOUNS.has(value[k].toLowerCase())) return { start: k, end: k + 1 };
  if (!isNpToken(model, k) || (pos[k] === 'NUM' && value[k].toLowerCase() !== 'one')) return null;
  const s = k;
  let e = k;
  let steps = 0;
  while (e < max && steps++ < 14) {
    if (isNpToken(model, e)) {
      e++;
      continue;
    }
    if (pos[e] === 'ADP' && NP_ADP.has(lemma[e]) && e + 1 < max && isNpToken(model, e + 1) && e > s) {
      e++;
      continue;
    }
    break;
  }
  // do not end on a determiner / adjective / possessive
  while (e > s && (pos[e - 1] === 'DET' || pos[e - 1] === 'ADP' || pos[e - 1] === 'PART' || value[e - 1] === '-')) e--;
  if (e <= s) return null;
  return { start: s, end: e };
}

function isMediaRun(model: TextModel, from: number, to: number): boolean {
  const { value, lemma } = model.tokens;
  for (let i = from; i < to; i++) if (MEDIA_WORDS.has(value[i].toLowerCase().replace(/[’']s$/, ''))) return true;
  if (to < value.length && MEDIA_FOLLOWERS.has(lemma[to])) return true;
  return false;
}

/** Proper-noun run ending right before `end` (skipping "news agency" style followers). */
function propnRunBefore(model: TextModel, end: number, min: number): Span | null {
  const { pos } = model.tokens;
  let e = end;
  let s = e;
  while (s - 1 >= min && pos[s - 1] === 'PROPN') s--;
  if (s === e) return null;
  return { start: s, end: e };
}
function propnRunAt(model: TextModel, from: number, max: number): Span | null {
  const { pos, value } = model.tokens;
  let s = from;
  if (s < max && /^the$/i.test(value[s])) s++;
  let e = s;
  while (e < max && (pos[e] === 'PROPN' || (e > s && /^(of|the)$/i.test(value[e]) && pos[e + 1] === 'PROPN'))) e++;
  if (e === s) return null;
  return { start: s, end: e };
}
function spanText(model: TextModel, r: Span): string {
  return model.text.slice(model.tokens.start[r.start], model.tokens.end[r.end - 1]);
}

/** Outlets ("AP reported", "told Reuters", "according to Interfax") in token range [from, to). */
export function reportedViaIn(model: TextModel, from: number, to: number, skip?: (tok: number) => boolean): string[] {
  const { value, lemma, pos } = model.tokens;
  const out: string[] = [];
  const push = (r: Span | null) => {
    if (!r) return;
    const t = spanText(model, r).replace(/[’']s$/, '');
    if (t && !out.includes(t)) out.push(t);
  };
  for (let i = from; i < to; i++) {
    if (skip?.(i)) continue;
    const l = lemma[i];
    if ((l === 'report' || l === 'quote' || l === 'cite') && pos[i] === 'VERB') {
      // "<Outlet> reported", "<Outlet> news agency reported"; not "X was quoted as saying"
      if (pos[i - 1] === 'AUX') continue;
      let e = i;
      while (e - 1 >= from && (MEDIA_FOLLOWERS.has(lemma[e - 1]) || pos[e - 1] === 'ADV')) e--;
      const r = propnRunBefore(model, e, from);
      if (r && (isMediaRun(model, r.start, r.end + (e < i ? 1 : 0)) || e < i || !personNameIn(model, r.start, r.end))) push(r);
      continue;
    }
    if ((l === 'tell' || l === 'talk') && pos[i] === 'VERB') {
      let k = i + 1;
      if (lemma[i] === 'talk' && /^(to|with)$/.test(value[k] ?? '')) k++;
      const r = propnRunAt(model, k, to);
      if (r && isMediaRun(model, r.start, r.end)) push(r);
      continue;
    }
    if (isAccordingTo(model, i)) {
      const r = propnRunAt(model, i + 2, to);
      if (r && isMediaRun(model, r.start, r.end)) push(r);
      continue;
    }
    // "... carried by the Russia-focused Interfax news agency", "in an interview with CNN"
    if (MEDIA_FOLLOWERS.has(l) && (l === 'agency' || l === 'newspaper' || l === 'website') && i - 1 >= from && pos[i + 1] !== 'PROPN') {
      let e = i;
      if (lemma[e - 1] === 'news') e--;
      const r = propnRunBefore(model, e, from);
      push(r);
      continue;
    }
    if (l === 'interview' && lemma[i + 1] === 'with') {
      const r = propnRunAt(model, i + 2, to);
      if (r && isMediaRun(model, r.start, r.end)) push(r);
    }
  }
  return out;
}

export interface Cue {
  /** Token index of the cue verb (or of "according"). */
  tok: number;
  /** The noun phrase of the speaker (token span), when it names someone. */
  source: Span | null;
  /** The cue names an expression ("called it ...") rather than reporting speech. */
  naming: boolean;
}

/** Subject of the clause that contains token `tok` (for participle cues: "Lavrov ..., saying ..."). */
export function clauseSubject(model: TextModel, tok: number, min: number): Span | null {
  const { pos } = model.tokens;
  for (let i = min; i < tok; i++) {
    if ((pos[i] === 'VERB' || pos[i] === 'AUX') && i > min) return npBefore(model, i, min);
  }
  return null;
}

/**
 * The speech cue in tokens [from, to) nearest to `prefer` ('start' or 'end')
 * with its speaker: "X said", "said X", "according to X", "X told Reuters",
 * "X was quoted as saying", "..., saying".
 */
export function cueIn(model: TextModel, from: number, to: number, prefer: 'start' | 'end', skip?: (tok: number) => boolean): Cue | null {
  const { pos, value, lemma } = model.tokens;
  const source = (np: Span) => (namesSomeone(model, np) ? np : null);
  let fallback: Cue | null = null;
  for (let n = 0; n < to - from; n++) {
    const i = prefer === 'start' ? from + n : to - 1 - n;
    if (skip?.(i)) continue;
    if (isAccordingTo(model, i)) {
      const np = npAfter(model, i + 2, to);
      if (np && !isMediaRun(model, np.start, np.end)) return { tok: i, source: source(np), naming: false };
      continue;
    }
    const naming = pos[i] === 'VERB' && NAMING_LEMMAS.has(lemma[i]);
    const isTell = lemma[i] === 'tell' || lemma[i] === 'told';
    if (!isCueToken(model, i) && !naming) continue;
    // passive: "X was quoted as saying" -> the cue is "saying", the subject before "was quoted"
    if (lemma[i] === 'say' && value[i - 1]?.toLowerCase() === 'as' && lemma[i - 2] === 'quote') {
      let k = i - 2;
      while (k - 1 >= from && pos[k - 1] === 'AUX') k--;
      const np = npBefore(model, k, from);
      if (np) return { tok: i, source: source(np), naming: false };
    }
    // participle: ", saying ...", ", adding ..."
    if (/ing$/.test(value[i]) && (value[i - 1] === ',' || value[i - 1] === '—' || pos[i - 1] === 'ADV' || /^(by|while|after|before|when|in)$/i.test(value[i - 1] ?? ''))) {
      const np = clauseSubject(model, i, from);
      if (np) return { tok: i, source: source(np), naming };
    }
    // "X said" (subject before)
    const before = i > from ? subjectBefore(model, i, from) : null;
    // "AP reported": an outlet the statement is reported through, not its speaker
    if (before && (lemma[i] === 'report' || lemma[i] === 'quote' || lemma[i] === 'cite') && isMediaRun(model, before.start, before.end)) continue;
    if (before && !(pos[i - 1] === 'ADP')) {
      return { tok: i, source: source(before), naming };
    }
    // "... and said last week that": the subject of the clause
    if (!before && i > from && (pos[i - 1] === 'CCONJ' || (pos[i - 1] === 'ADV' && pos[i - 2] === 'CCONJ'))) {
      const np = clauseSubject(model, i, from);
      if (np) return { tok: i, source: source(np), naming };
    }
    // "said X" (inverted)
    if (!naming && !isTell) {
      const after = npAfter(model, i + 1, to);
      if (after && !isMediaRun(model, after.start, after.end)) {
        if (namesSomeone(model, after)) return { tok: i, source: after, naming };
      }
    }
    fallback ??= { tok: i, source: null, naming };
  }
  return fallback;
}

/**
 * A speech frame right after a closing mark with a verb outside the cue list:
 * '," Trump shot back', '," he points out', '," Brent Bozell III, founder of X, tells'.
 */
export function speechFrameAfter(model: TextModel, from: number, to: number): Span | null {
  const { pos, value } = model.tokens;
  if (from >= to) return null;
  // inverted: '," barked Trump'
  if (pos[from] === 'VERB') {
    const np = npAfter(model, from + 1, to);
    if (np && (pos[np.end - 1] === 'PROPN' || pos[np.end - 1] === 'PRON')) return namesSomeone(model, np) ? np : null;
    return null;
  }
  const np = npAfter(model, from, to);
  if (!np) return null;
  let k = np.end;
  // one appositive: ", founder of the Media Research Center,"
  if (value[k] === ',') {
    // skip to the next comma if no verb comes before it
    let c = k + 1;
    while (c < to && value[c] !== ',' && pos[c] !== 'VERB' && pos[c] !== 'AUX' && c - k < 25) c++;
    if (c < to && value[c] === ',') k = c + 1;
  }
  let guard = 0;
  while (k < to && (pos[k] === 'ADV' || pos[k] === 'AUX') && guard++ < 3) k++;
  if (k < to && pos[k] === 'VERB' && !/^(to)$/i.test(value[k])) return namesSomeone(model, np) ? np : null;
  return null;
}

/**
 * The attribution frame of a (non-quote) statement span: "Russia says that
 * ...", "X said ...", "according to officials, ...", and its outlets. Text
 * inside quotation marks is skipped.
 */
export function claimFrame(model: TextModel, span: Span): { cue: Cue | null; reportedVia: string[] } {
  const from = tokenAt(model.tokens, span.start);
  let to = from;
  while (to < model.tokens.start.length && model.tokens.start[to] < span.end) to++;
  const inQuote = quoteMask(model, from, to);
  const skip = (t: number) => inQuote[t - from] === 1;
  return { cue: cueIn(model, from, to, 'start', skip), reportedVia: reportedViaIn(model, from, to, skip) };
}

/** 1 for tokens of [from, to) that lie between double quote marks. */
function quoteMask(model: TextModel, from: number, to: number): Uint8Array {
  const m = new Uint8Array(Math.max(0, to - from));
  let inside = false;
  for (let i = from; i < to; i++) {
    const v = model.tokens.value[i];
    if (isQuoteMark(v)) {
      m[i - from] = 1;
      inside = !inside;
      continue;
    }
    if (inside) m[i - from] = 1;
  }
  if (inside) {
    // unbalanced: do not hide the rest of the span
    for (let i = to - 1; i >= from && !isQuoteMark(model.tokens.value[i]); i--) m[i - from] = 0;
  }
  return m;
}

