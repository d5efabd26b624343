// Pairwise statement similarity on real sentences from the seed articles.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextReader } from '../server/src/engine/text/text';

const reader = new TextReader();
const buildTextModel = (text: string) => reader.read(text);
import { Matcher } from '../server/src/engine/matching/similarity';
import type { Prepared, TokenInfo } from '../server/src/engine/matching/similarity';
import { FEATURE, numbersAgree } from '../server/src/engine/matching/features';
import { shippedWordNet } from './helpers';

const matcher = new Matcher(reader);
const prepare = (text: string, tokens?: TokenInfo[]) => matcher.prepare(text, tokens);
const compare = (a: Prepared, b: Prepared) => matcher.compare(a, b);
const compareTexts = (a: string, b: string) => matcher.compareTexts(a, b);

const SEEDS = join(__dirname, '..', 'seeds');
const files = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();
const seedText = (n: string) => readFileSync(join(SEEDS, files.find((f) => f.startsWith(n))!), 'utf8');
const models = new Map<string, ReturnType<typeof buildTextModel>>();
const model = (n: string) => {
  let m = models.get(n);
  if (!m) models.set(n, (m = buildTextModel(seedText(n))));
  return m;
};

/** The sentence of seed `n` that contains `phrase`, prepared from the text model's own tokens. */
function sentence(n: string, phrase: string): { text: string; p: Prepared } {
  const m = model(n);
  const at = m.text.indexOf(phrase);
  if (at < 0) throw new Error(`"${phrase}" not in seed ${n}`);
  const k = m.sentences.findIndex((s) => s.start <= at && at < s.end);
  return slice(m, m.sentences[k].start, m.sentences[k].end, m.sentenceTokens[k].start, m.sentenceTokens[k].end);
}

function slice(m: ReturnType<typeof buildTextModel>, start: number, end: number, from: number, to: number) {
  const t = m.tokens;
  const toks: TokenInfo[] = [];
  for (let i = from; i < to; i++) if (t.start[i] >= start && t.end[i] <= end) toks.push({ value: t.value[i], lemma: t.lemma[i], pos: t.pos[i] });
  const text = m.text.slice(start, end);
  return { text, p: prepare(text, toks) };
}

/** The quotation (between curly/straight quote marks) of seed `n` that contains `phrase`. */
function quote(n: string, phrase: string): string {
  const text = seedText(n);
  const at = text.indexOf(phrase);
  if (at < 0) throw new Error(`"${phrase}" not in seed ${n}`);
  const open = Math.max(text.lastIndexOf('\u201c', at), text.lastIndexOf('"', at));
  const closeCurly = text.indexOf('\u201d', at);
  const closeStraight = text.indexOf('"', at);
  const close = [closeCurly, closeStraight].filter((c) => c >= 0).reduce((x, y) => Math.min(x, y));
  return text.slice(open, close + 1);
}

const all = (n: string) => {
  const m = model(n);
  return m.sentences.map((s, k) => slice(m, s.start, s.end, m.sentenceTokens[k].start, m.sentenceTokens[k].end));
};

describe('normalisation', () => {
  it('prepares the same with or without given tokens', () => {
    const s = sentence('001', 'Russia has invited 12 countries');
    const q = prepare(s.text);
    expect(q.words).toEqual(s.p.words);
    expect(q.lemmas).toEqual(s.p.lemmas);
  });
  it('folds US / U.S. / United States, Sept. / September, eleven / 11, quote marks', () => {
    const a = prepare('The U.S. said on Sept. 4 that eleven “countries” will attend.');
    const b = prepare('The United States said on September 4 that 11 "countries" will attend.');
    expect(a.words).toEqual(b.words);
    expect(compare(a, b).relation).toBe('verbatim');
    expect(prepare('US officials').words[0]).toBe('usa');
    expect(prepare('They told us').words).toContain('us');
  });
  it('reads "eleven other" as compatible with 12 (relative count), not a clash', () => {
    const eleven = sentence('003', 'eleven other countries').p.numbers.find((x) => x.key === '11')!;
    const twelve = sentence('001', 'Russia has invited 12 countries').p.numbers.find((x) => x.key === '12')!;
    expect(eleven.relative).toBe(true);
    expect(numbersAgree(eleven, twelve)).toBe(true);
    expect(numbersAgree({ ...eleven, relative: false }, twelve)).toBe(false);
  });
  it('key terms are distinctive content words, numbers and names', () => {
    const k = matcher.keyTerms(sentence('001', 'Russia has invited 12 countries').p);
    expect(k).toEqual(expect.arrayContaining(['russia', '12', 'country', 'invite', 'usa', 'washington']));
    expect(k).not.toContain('the');
    expect(k).not.toContain('has');
  });
});

describe('relations on seed sentences', () => {
  const ahmadi = 'The peace process definitely needs to be carried out';
  it('verbatim: the Sibghat Ahmadi quote in seeds 000 and 001', () => {
    const a = quote('000', ahmadi);
    const b = quote('001', ahmadi);
    expect(a.length).toBeGreaterThan(100);
    const j = compareTexts(a, b);
    expect(j.relation).toBe('verbatim');
    expect(j.same).toBe(true);
    expect(j.reason.aligned).toEqual(expect.arrayContaining(['peace', 'process', 'moscow']));
  });
  it('partial: 002 quotes the same words with an extra sentence in front', () => {
    const j = compareTexts(quote('000', ahmadi), quote('002', ahmadi));
    expect(j.relation).toBe('partial');
    expect(j.link).toBe(true);
  });
  it('partial: "decided against attending the Moscow conference" inside 004\'s quote sentence', () => {
    const excerpt = quote('001', 'decided against attending the Moscow conference');
    const whole = sentence('004', 'We have decided against attending the Moscow conference');
    const j = compare(prepare(excerpt), whole.p);
    expect(j.relation).toBe('partial');
    expect(j.link).toBe(true);
    expect(j.reason.note).toMatch(/excerpt/);
  });
  it('partial: "hold direct talks" (004) inside 003\'s sentence', () => {
    const j = compare(prepare(quote('004', 'hold direct talks')), sentence('003', 'willing to hold').p);
    expect(j.relation).toBe('partial');
  });
  it('a generic two-word excerpt is not enough', () => {
    const j = compare(prepare('the Moscow talks'), sentence('000', 'Russia says it has invited the Taliban').p);
    expect(j.relation).toBeNull();
    expect(j.link).toBe(false);
    expect(j.same).toBe(false);
  });
  it('paraphrase: the US rejecting / turning down the invitation (000 vs 002)', () => {
    const a = sentence('000', 'The US has rejected an invitation to join Russia-led talks');
    const b = sentence('002', 'the US also turned down the invitation');
    const j = compare(a.p, b.p);
    expect(j.link).toBe(true);
    expect(['paraphrase', 'partial']).toContain(j.relation);
    expect(j.reason.aligned).toEqual(expect.arrayContaining(['invitation', 'peace']));
  });
  it('paraphrase: "Russia says it has invited" (000) vs "Russia said it had invited" (002)', () => {
    const j = compare(sentence('000', 'Russia says it has invited the Taliban and 12').p, sentence('002', 'Russia said it had invited the Taliban and 12').p);
    expect(j.link).toBe(true);
    expect(['paraphrase', 'verbatim', 'partial']).toContain(j.relation);
  });
  it('12 countries invited (001) vs a conference of eleven other countries (003): not a conflict', () => {
    const j = compare(sentence('001', 'Russia has invited 12 countries').p, sentence('003', 'eleven other countries').p);
    expect(j.relation).not.toBe('conflict');
    expect(j.same).toBe(false);
  });
  it('conflict: the same sentence with a changed number', () => {
    const s = sentence('001', 'Russia has invited 12 countries');
    const j = compareTexts(s.text, s.text.replace('12 countries', 'fifteen countries'));
    expect(j.relation).toBe('conflict');
    expect(j.reason.differences).toEqual(['12 vs fifteen']);
  });
  it('conflict: a changed date', () => {
    const s = sentence('001', 'take part in the September 4 talks');
    const j = compareTexts(s.text, s.text.replace('September 4', 'September 14'));
    expect(j.relation).toBe('conflict');
    expect(j.reason.differences?.[0]).toMatch(/4 vs 14/);
  });
  it('a name spelling variant (Sergey / Sergei) is not a conflict', () => {
    const s = sentence('001', 'Russian Foreign Minister Sergey Lavrov was quoted');
    const j = compareTexts(s.text, s.text.replace('Sergey', 'Sergei'));
    expect(j.relation).toBe('verbatim');
    expect(j.same).toBe(true);
  });
  it('negative: 003\'s Tehrik-i-Taliban Pakistan paragraph matches nothing in the other seeds', () => {
    const ttp = sentence('003', 'The Tehrik-i-Taliban Pakistan (TTP)');
    expect(ttp.text).toMatch(/Osama bin Laden/);
    const hits = ['000', '001', '002', '004'].flatMap((n) => all(n)).filter((s) => compare(ttp.p, s.p).relation !== null);
    expect(hits.map((h) => h.text)).toEqual([]);
  });
  it('negative: generic sentences need real overlap, not a shared topic', () => {
    expect(compareTexts('The talks are scheduled for next week.', sentence('002', 'The talks scheduled for September 4').text).same).toBe(false);
    expect(compareTexts('The Taliban has confirmed to Al Jazeera that they will attend the talks.', sentence('004', 'At least four senior Taliban members will attend').text).same).toBe(false);
  });
  it('negative: two events of the same kind with different numbers, places and days', () => {
    const j = compareTexts(
      'A magnitude 6.1 earthquake struck northern Chile on Monday, killing three people, officials said.',
      'A magnitude 7.4 earthquake struck southern Peru on Friday, killing 12 people, officials said.',
    );
    expect(j.same).toBe(false);
    expect(j.link).toBe(false);
  });
  it('seed-level precision: every sentence of 004 links to 001/003 only where the sentences really correspond', () => {
    const other = [...all('001'), ...all('003')];
    const linked = all('004').filter((s) => other.some((o) => compare(s.p, o.p).link));
    // 004 shares a handful of statements with 001/003 (the Kabul official's quote, back-channel diplomacy, Moscow contacts ...)
    expect(linked.length).toBeGreaterThanOrEqual(3);
    expect(linked.length).toBeLessThanOrEqual(12);
  });
});

describe('features for extra information on one side', () => {
  it('an added clause ("saying they are unlikely to help bring peace") is seen outside the shared span', () => {
    const full = sentence('000', 'The US has rejected an invitation').p;
    const title = sentence('000', 'US Declines Invitation to Russia-led Talks').p;
    const x = matcher.features(full, title, matcher.defaultIdf).x;
    expect(x[FEATURE.gap_clause]).toBe(1);
    // "unlikely to help bring peace" trails the shared span; only "rejected" and "join" are unmatched inside it
    expect(x[FEATURE.unal_outside_max]).toBeGreaterThanOrEqual(4);
    expect(x[FEATURE.unal_inside_max]).toBeLessThanOrEqual(2);
    const same = matcher.features(full, full, matcher.defaultIdf).x;
    expect(same[FEATURE.gap_clause]).toBe(0);
    expect(same[FEATURE.unal_outside_max]).toBe(0);
  });
});

describe('WordNet in the alignment (as the CLI and the server match)', () => {
  const withWordNet = new Matcher(reader, shippedWordNet());
  const featuresOf = (m: Matcher, a: string, b: string) => m.features(m.prepare(a), m.prepare(b), m.defaultIdf);

  it('aligns a noun with the verb it derives from, and a synonym; without WordNet, neither', () => {
    const a = 'The Afghan government announced its refusal of the invitation to the Moscow conference.';
    const b = 'The Afghan government declined to attend the Moscow conference, it announced.';
    const wn = featuresOf(withWordNet, a, b);
    expect(wn.aligned).toContain('refusal');
    expect(wn.x[FEATURE.wn_frac]).toBeGreaterThan(0);
    const bare = featuresOf(matcher, a, b);
    expect(bare.aligned).not.toContain('refusal');
    expect(bare.x[FEATURE.wn_frac]).toBe(0);
    // the words WordNet aligns count as covered
    expect(wn.x[FEATURE.cov_min]).toBeGreaterThan(bare.x[FEATURE.cov_min]);
  });

  it('sees opposite meanings (accepted / declined), but not once one side is negated', () => {
    const accepted = 'The Taliban accepted the invitation to the Moscow talks.';
    const declined = featuresOf(withWordNet, accepted, 'The Taliban declined the invitation to the Moscow talks.');
    expect(declined.x[FEATURE.wn_antonym]).toBe(1);
    expect(declined.x[FEATURE.polarity_mismatch]).toBe(1);
    const notDeclined = featuresOf(withWordNet, accepted, 'The Taliban did not decline the invitation to the Moscow talks.');
    expect(notDeclined.x[FEATURE.neg_mismatch]).toBe(1);
    expect(notDeclined.x[FEATURE.polarity_mismatch]).toBe(0);
    expect(featuresOf(matcher, accepted, 'The Taliban declined the invitation to the Moscow talks.').x[FEATURE.polarity_mismatch]).toBe(0);
  });
});

describe('the corpus link decision (Matcher.link)', () => {
  it('says of every pair of seed sentences, and of their short pieces, what compare says: link, relation and score', () => {
    const m = new Matcher(reader, shippedWordNet());
    const texts: string[] = [];
    const seed: number[] = [];
    for (const n of ['000', '001', '003']) {
      const tm = model(n);
      for (const s of tm.sentences) {
        const text = tm.text.slice(s.start, s.end);
        // the first few words too: short statements are where the shortcut answers
        texts.push(text, text.split(/\s+/).slice(0, 4).join(' '));
        seed.push(+n, +n);
      }
    }
    const prepared = texts.map((t) => m.prepare(t));
    let links = 0, pairs = 0;
    for (let i = 0; i < prepared.length; i++) {
      for (let j = i + 1; j < prepared.length; j++) {
        if (seed[i] === seed[j]) continue;
        const full = m.compare(prepared[i], prepared[j]);
        const quick = m.link(prepared[i], prepared[j], m.defaultIdf);
        pairs++;
        if (full.link) links++;
        expect(quick, `${texts[i]} / ${texts[j]}`).toEqual(full.link ? { relation: full.relation, score: full.score } : null);
      }
    }
    expect(pairs).toBeGreaterThan(5000);
    expect(links).toBeGreaterThan(10);
  }, 60000);
});
