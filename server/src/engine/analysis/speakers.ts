// Person names in one document: unification of name variants
// ("Sergey Lavrov" / "Lavrov" / "Foreign Minister Lavrov" -> "Sergey Lavrov")
// and the recency list used to resolve pronoun speakers ("he said"); a
// document's `Speakers` turn the noun phrases attribution frames give as
// sources into speakers, in document order.
import type { TextModel } from '../text/text';
import { lowerBound, spanIndexAt } from '../text/search';
import type { Span, Speaker } from '../model';
import { headlineParagraphs } from './titles';

/** Title and role words stripped from the front of a name ("Foreign Minister Lavrov"). */
const TITLE_WORDS = new Set(
  (
    'mr mrs ms miss dr sir president vice minister foreign prime secretary sen senator rep representative gov governor ' +
    'lt gen general col colonel capt captain sgt adm admiral maj major cmdr commander chief justice judge mayor ' +
    'chairman chairwoman chair speaker leader majority minority deputy ambassador former acting attorney state defense ' +
    'spokesman spokeswoman spokesperson interior finance king queen prince princess pope rev reverend sheriff ' +
    'commissioner director candidate nominee democratic republican gop democrat sec congressman congresswoman ' +
    'assemblyman councilman councilwoman pastor father sister brother saint st lord lady dame agent officer detective ' +
    'professor prof coach president-elect first senior junior u.s. us white house national security adviser advisor'
  ).split(' '),
);

/** Words that mark a proper-noun run as an organisation or place, not a person. */
const ORG_WORDS = new Set(
  (
    'department ministry party house news agency times post press committee council union states state republic office ' +
    'university college association court senate congress federation government affairs service services network ' +
    'corporation corp inc company co group institute foundation center centre bank fund army navy force forces police ' +
    'administration campaign commission bureau board club church school hospital journal tribune herald daily weekly ' +
    'channel radio tv television magazine review street avenue city county province region kingdom nations organization ' +
    'organisation coalition alliance front movement pac caucus embassy palace parliament assembly cabinet taliban isis ' +
    'united america american afghanistan russia russian china chinese iran india pakistan europe european washington ' +
    'moscow kabul twitter facebook google fox cnn msnbc nbc abc cbs npr reuters ap afp bbc politico breitbart poll ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december day week year north south east west northern southern eastern western ' +
    'tower hotel memorial war building plaza'
  ).split(' '),
);

export const PRONOUNS = new Set(['he', 'she', 'they', 'i', 'we', 'it', 'you']);

function isTitleWord(w: string): boolean {
  return TITLE_WORDS.has(w.toLowerCase().replace(/\.$/, ''));
}
function isOrgWord(w: string): boolean {
  return ORG_WORDS.has(w.toLowerCase().replace(/\.$/, ''));
}

const CAP = /^\p{Lu}[\p{L}'’.-]*$/u;

/**
 * A person name inside tokens [from, to) of the model: the last run of
 * capitalised proper-noun tokens, with leading titles stripped. Returns the
 * token range of the name and its text, or null if the run looks like an
 * organisation / place or no such run exists.
 */
export function personNameIn(model: TextModel, from: number, to: number): { from: number; to: number; text: string } | null {
  const { pos, value } = model.tokens;
  let e = to;
  // skip a trailing possessive ("Trump 's")
  while (e > from && (pos[e - 1] === 'PART' || pos[e - 1] === 'PUNCT')) e--;
  let s = e;
  while (s > from && (pos[s - 1] === 'PROPN' || (CAP.test(value[s - 1]) && pos[s - 1] !== 'PRON' && pos[s - 1] !== 'DET' && pos[s - 1] !== 'ADP'))) s--;
  if (s === e) return null;
  // strip titles (and what precedes them: "Russian Foreign Minister Sergei Lavrov" -> "Sergei Lavrov")
  for (let i = e - 1; i > s; i--) if (isTitleWord(value[i - 1])) {
    s = i;
    break;
  }
  while (s < e && isTitleWord(value[s])) s++;
  if (s === e || e - s > 4) return null;
  for (let i = s; i < e; i++) {
    if (isOrgWord(value[i])) return null;
    if (!CAP.test(value[i])) return null;
  }
  const text = model.text.slice(model.tokens.start[s], model.tokens.end[e - 1]);
  return { from: s, to: e, text };
}

/** Name variants of one document. */
class NameRegistry {
  private bySurname = new Map<string, string>();
  private byFirst = new Map<string, string>();

  /** Register a full name (two or more words); returns the canonical form. */
  add(name: string): string {
    const words = name.split(/\s+/).filter(Boolean);
    if (words.length >= 2) {
      const last = words[words.length - 1].toLowerCase();
      const existing = this.bySurname.get(last);
      if (existing) return existing;
      this.bySurname.set(last, name);
      if (!this.byFirst.has(words[0].toLowerCase())) this.byFirst.set(words[0].toLowerCase(), name);
      return name;
    }
    return this.resolve(name);
  }

  /** Canonical name for a variant ("Lavrov" -> "Sergey Lavrov"). */
  resolve(name: string): string {
    const words = name.split(/\s+/).filter(Boolean);
    if (words.length === 0) return name;
    const last = words[words.length - 1].toLowerCase();
    const full = this.bySurname.get(last);
    if (full) return full;
    if (words.length === 1) {
      const f = this.byFirst.get(last);
      if (f) return f;
    }
    return name;
  }
}

/** Person-name mentions of a document in text order (for pronoun resolution). */
interface PersonIndex {
  registry: NameRegistry;
  /** Token index where each mention starts, ascending. */
  at: number[];
  name: string[];
  /** `he` or `she`, for the names a title tells it of (`Mr. Trump`, `Ms. Pelosi`, `Congresswoman Waters`). */
  pronoun: Map<string, 'he' | 'she'>;
}

/** Titles that tell which pronoun refers to their bearer. */
const TITLE_PRONOUN = new Map<string, 'he' | 'she'>([
  ...'mr mr. sir king prince father brother congressman assemblyman councilman spokesman chairman'.split(' ').map((w): [string, 'he'] => [w, 'he']),
  ...'mrs mrs. ms ms. miss lady dame queen princess sister congresswoman councilwoman spokeswoman chairwoman'.split(' ').map((w): [string, 'she'] => [w, 'she']),
]);

/**
 * Linear scan over proper-noun runs of the document, leaving out the runs
 * that start inside `skip` (sorted regions: headlines and page chrome, whose
 * names are no one the text's pronouns refer to, and the quotations, whose
 * names are the speaker's words, not the writer's).
 */
function personIndex(model: TextModel, skip: Span[]): PersonIndex {
  const registry = new NameRegistry();
  const at: number[] = [];
  const name: string[] = [];
  const pronoun = new Map<string, 'he' | 'she'>();
  const { pos, value } = model.tokens;
  const n = pos.length;
  let i = 0;
  let r = 0;
  while (i < n) {
    if (pos[i] !== 'PROPN') {
      i++;
      continue;
    }
    let j = i;
    while (j < n && pos[j] === 'PROPN' && model.tokens.start[j] - (j > i ? model.tokens.end[j - 1] : model.tokens.start[j]) <= 1) j++;
    const off = model.tokens.start[i];
    while (r < skip.length && skip[r].end <= off) r++;
    if (r < skip.length && skip[r].start <= off) {
      i = j;
      continue;
    }
    let s = i;
    for (let k = j - 1; k > i; k--) if (isTitleWord(value[k - 1])) {
      s = k;
      break;
    }
    while (s < j && isTitleWord(value[s])) s++;
    const hadTitle = s > i;
    const len = j - s;
    let ok = len >= 1 && len <= 4;
    for (let k = s; ok && k < j; k++) if (isOrgWord(value[k]) || !CAP.test(value[k])) ok = false;
    if (ok && (len >= 2 || hadTitle)) {
      const text = model.text.slice(model.tokens.start[s], model.tokens.end[j - 1]);
      const canon = len >= 2 ? registry.add(text) : registry.resolve(text);
      at.push(s);
      name.push(canon);
      for (let k = i; k < s; k++) {
        const p = TITLE_PRONOUN.get(value[k].toLowerCase());
        if (p && !pronoun.has(canon)) pronoun.set(canon, p);
      }
    } else if (ok && len === 1) {
      const canon = registry.resolve(value[s]);
      if (canon !== value[s]) {
        at.push(s);
        name.push(canon);
      }
    }
    i = j;
  }
  return { registry, at, name, pronoun };
}

/** The most recent person mentioned before token `tok` whom the pronoun can refer to (a title can tell), or null. */
function lastPersonBefore(idx: PersonIndex, tok: number, w: string): { name: string; tok: number } | null {
  const i = lowerBound(idx.at.length, (k) => idx.at[k] >= tok);
  // a few mentions back at most: a person named long before is no better than none
  for (let k = i - 1; k >= 0 && k >= i - 8; k--) if (agrees(idx, idx.name[k], w)) return { name: idx.name[k], tok: idx.at[k] };
  return null;
}

/** The pronoun can refer to the named person: no title of theirs says otherwise. */
function agrees(idx: PersonIndex, name: string, w: string): boolean {
  const p = idx.pronoun.get(name);
  return p === undefined || p === w;
}

/** Token span of a person name ending right before token `end` (with its titles), or null. */
export function personNameSpan(model: TextModel, from: number, end: number): Span | null {
  const { pos } = model.tokens;
  if (end - 1 < from || pos[end - 1] !== 'PROPN') return null;
  const n = personNameIn(model, from, end);
  if (!n || n.to !== end || n.to - n.from < 2) return null;
  let s = n.from;
  while (s - 1 >= from && (pos[s - 1] === 'PROPN' || pos[s - 1] === 'NOUN' || pos[s - 1] === 'ADJ')) s--;
  return { start: s, end };
}

/** Whether a source noun phrase names someone: not the pronouns `it` and `you`. */
export function namesSomeone(model: TextModel, np: Span): boolean {
  if (np.end - np.start !== 1 || model.tokens.pos[np.start] !== 'PRON') return true;
  const w = model.tokens.value[np.start].toLowerCase();
  return w !== 'it' && w !== 'you';
}

/** Carried from one source to the next within a statement's attribution: who was named last. */
export interface SpeakerContext {
  /** Last speaker that is a named person, with the token index where it was mentioned. */
  lastPerson?: { name: string; tok: number; paragraph: number };
}

/**
 * The speakers of one document. The person index is built on first use; the
 * name registry grows with every name resolved, so sources are resolved in
 * document order (quotes first, then claims), each exactly once.
 */
export class Speakers {
  private people: PersonIndex | undefined;
  /** Headlines: the regions given (page chrome, headings) and the paragraphs in title case, sorted and merged. */
  private readonly headlines: Span[];
  /**
   * `ignored`: regions whose names are never speakers (chrome.ts's headings
   * and page chrome); `quotations`: the quote spans, whose names are never
   * what a pronoun outside them refers to.
   */
  constructor(private readonly model: TextModel, ignored: readonly Span[] = [], private readonly quotations: readonly Span[] = []) {
    this.headlines = merge([...ignored, ...headlineParagraphs(model)]);
  }

  private index(): PersonIndex {
    return (this.people ??= personIndex(this.model, merge([...this.headlines, ...this.quotations])));
  }

  /** The character offset lies in a headline (or page chrome). */
  inHeadline(offset: number): boolean {
    const k = lowerBound(this.headlines.length, (i) => this.headlines[i].end > offset);
    return k < this.headlines.length && this.headlines[k].start <= offset;
  }

  /** The speaker a source noun phrase names (namesSomeone), its name resolved; null for a phrase in a headline. */
  resolve(np: Span, ctx: SpeakerContext): Speaker | null {
    const model = this.model;
    const { start: ts, end: te, value, pos } = model.tokens;
    const text = model.text;
    const a = np.start;
    const b = np.end;
    if (this.inHeadline(ts[a])) return null;
    if (b - a === 1 && pos[a] === 'PRON') {
      const w = value[a].toLowerCase();
      let name = value[a];
      if (w === 'he' || w === 'she') {
        // the most recent person: a named speaker, or a person named in the text since
        const para = paragraphOfToken(model, a);
        const idx = this.index();
        const lp = ctx.lastPerson && agrees(idx, ctx.lastPerson.name, w) ? ctx.lastPerson : undefined;
        const mention = lastPersonBefore(idx, a, w);
        if (mention && (!lp || mention.tok > lp.tok)) name = mention.name;
        else if (lp && para - lp.paragraph <= 3) name = lp.name;
        else name = mention?.name ?? lp?.name ?? value[a];
      }
      return { start: ts[a], end: te[a], name, kind: 'pronoun' };
    }
    // core NP: up to the first preposition ("spokesman for the State Department" -> "spokesman")
    let core = b;
    for (let i = a + 1; i < b; i++) {
      if (pos[i] === 'ADP') {
        core = i;
        break;
      }
    }
    const person = personNameIn(model, a, core);
    const idx = this.index();
    if (person) {
      const words = person.text.split(/\s+/).length;
      const name = words >= 2 ? idx.registry.add(person.text) : idx.registry.resolve(person.text);
      const para = paragraphOfToken(model, a);
      ctx.lastPerson = { name, tok: a, paragraph: para };
      return { start: ts[a], end: te[b - 1], name, kind: 'name' };
    }
    let s = a;
    // each speaker made as one literal: from a spread ({ ...mention, name, kind }) every one got a hidden class of its own (about 190 bytes)
    const mention = (name: string, kind: Speaker['kind']): Speaker => ({ start: ts[a], end: te[b - 1], name, kind });
    // a proper-noun headed phrase (organisation, country): a name; a common-noun head: a description
    let head = core - 1;
    while (head > a && pos[head] === 'PART') head--;
    if (pos[head] === 'PROPN' && !/^(the|a|an)$/i.test(value[a]) ? true : pos[head] === 'PROPN' && isOrgWord(value[head])) {
      if (/^(the)$/i.test(value[s])) s++;
      return mention(text.slice(ts[s], te[b - 1]), 'name');
    }
    if (pos[head] === 'PROPN') return mention(text.slice(ts[a], te[b - 1]), 'name');
    return mention(text.slice(ts[a], te[b - 1]), 'description');
  }
}

/** Regions sorted by start, overlapping ones merged. */
function merge(regions: Span[]): Span[] {
  regions.sort((x, y) => x.start - y.start);
  const out: Span[] = [];
  for (const r of regions) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

function paragraphOfToken(model: TextModel, tok: number): number {
  return spanIndexAt(model.paragraphs, model.tokens.start[tok]);
}
