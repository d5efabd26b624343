import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TextReader } from '../server/src/engine/text/text';
import { attributeClaim } from '../server/src/engine/analysis/analyze';
import { findQuotes, type QuoteFinding } from '../server/src/engine/analysis/quotes';
import { findQuoteSpans } from '../server/src/engine/analysis/quoteSpans';
import { Speakers } from '../server/src/engine/analysis/speakers';
import type { Span } from '../server/src/engine/model';

const seed = (name: string) => readFileSync(new URL(`../seeds/${name}`, import.meta.url), 'utf8');
const SEED = {
  '000': seed('000_467a02d64a99aa07.txt'),
  '001': seed('001_1daa2546301c4f28.txt'),
  '002': seed('002_926b0ccb0c4bc0b4.txt'),
  '003': seed('003_2847c147cfa7078d.txt'),
  '004': seed('004_f6f8265c106e9b28.txt'),
};

interface Expected {
  /** null: no quote may cover the phrase */
  found?: boolean;
  /** The quote's text (marks included) starts/ends with these. */
  startsWith?: string;
  endsWith?: string;
  speaker?: string | null;
  kind?: 'name' | 'pronoun' | 'description';
  /** Text of the mention as written. */
  mention?: string | RegExp;
  reportedVia?: string[];
  partial?: boolean;
}

const reader = new TextReader();
const cache = new Map<string, QuoteFinding[]>();
function quotesOf(text: string, ignored: Span[] = []): QuoteFinding[] {
  const key = text + JSON.stringify(ignored);
  let q = cache.get(key);
  if (!q) {
    const model = reader.read(text);
    q = findQuotes(model, findQuoteSpans(model, ignored), new Speakers(model));
    cache.set(key, q);
  }
  return q;
}

/** The finding covering the first occurrence of `phrase` in `text`, checked against `expected`. */
function check(text: string, phrase: string, expected: Expected): void {
  const at = text.indexOf(phrase);
  expect(at, `phrase not in text: ${phrase}`).toBeGreaterThanOrEqual(0);
  const q = quotesOf(text).find((f) => f.start <= at && at + phrase.length <= f.end);
  if (expected.found === false) {
    expect(q, `no quote expected around "${phrase}"`).toBeUndefined();
    return;
  }
  expect(q, `a quote around "${phrase}"`).toBeDefined();
  const f = q!;
  const quoted = text.slice(f.start, f.end);
  if (expected.startsWith !== undefined) expect(quoted.startsWith(expected.startsWith)).toBe(true);
  if (expected.endsWith !== undefined) expect(quoted.endsWith(expected.endsWith), quoted).toBe(true);
  if (expected.speaker !== undefined) expect(f.speaker?.name ?? null).toBe(expected.speaker);
  if (expected.kind) expect(f.speaker?.kind).toBe(expected.kind);
  if (expected.mention !== undefined) {
    const m = f.speaker ? text.slice(f.speaker.start, f.speaker.end) : '';
    if (typeof expected.mention === 'string') expect(m).toBe(expected.mention);
    else expect(m).toMatch(expected.mention);
  }
  if (expected.reportedVia) expect(f.reportedVia).toEqual(expected.reportedVia);
  if (expected.partial !== undefined) expect(f.partial).toBe(expected.partial);
}

describe('findQuotes on the seeds', () => {
  const cases: [keyof typeof SEED, string, Expected][] = [
    // 000: inverted cue with a title before the name
    ['000', 'The peace process definitely needs', { startsWith: '“The peace', endsWith: 'Moscow talks,”', speaker: 'Sibghat Ahmadi', kind: 'name', mention: /Sibghat Ahmadi$/ }],
    // 000: a description as speaker; "AP reported." in the following sentence
    ['000', 'unlikely to yield any progress toward that end', { startsWith: '“unlikely', endsWith: 'end,”', speaker: 'the US State Department spokesman', kind: 'description', reportedVia: ['AP'] }],
    // 000: straight marks, a quote continued after the cue in the same paragraph
    ['000', 'Admittedly, this step does not cause great surprise.', { startsWith: '"Admittedly', speaker: 'the ministry', kind: 'description' }],
    // 001: "told Reuters news agency that the government had “...”" is a partial quote of a described official
    ['001', 'decided against attending the Moscow conference', { partial: true, kind: 'description', mention: /^an Afghan official/, reportedVia: ['Reuters'] }],
    ['001', 'hold direct talks', { partial: true, mention: /^an Afghan official/ }],
    // 001: an outlet named after the speaker's appositive
    ['001', 'The peace process definitely needs', { speaker: 'Sibghat Ahmadi', reportedVia: ['TOLOnews'] }],
    // 001: one-word quote kept: a speech cue ("saying it would be") governs it; name unified with the full name
    ['001', 'hypocritical', { startsWith: '“hypocritical”', speaker: 'Sergey Lavrov', mention: 'Lavrov', partial: true }],
    ['001', 'Russia wants to use the Taliban against', { speaker: 'Abdul Qayyum Kochai', reportedVia: ['Interfax'] }],
    // 002: pronoun resolved to the person named in the sentence before
    ['002', 'Taliban has agreed to the Moscow talks', { kind: 'pronoun', mention: 'he', speaker: 'Sayed Akbar Agha' }],
    ['002', 'In the telephonic conversation, it was decided', { speaker: 'the statement', kind: 'description' }],
    // 003: full name with titles; surname alone and a pronoun resolve to it
    ['003', 'The initial response has been positive', { speaker: 'Sergei Lavrov', kind: 'name' }],
    ['003', 'I can’t even hypothetically imagine', { speaker: 'Sergei Lavrov', mention: 'Lavrov', kind: 'name' }],
    ['003', 'We fight the IS with all means available', { speaker: 'Sergei Lavrov', mention: 'he', kind: 'pronoun', partial: false }],
    ['003', 'We support Afghan-owned and led initiatives', { speaker: 'a spokesman for the State Department', kind: 'description' }],
    // 004: description after an inverted cue; straight marks
    ['004', 'We have decided against attending the Moscow conference', { startsWith: '"We have', endsWith: 'conference,"', speaker: 'an official of the Afghan foreign ministry', kind: 'description', partial: false }],
    ['004', 'Our leaders have accepted', { speaker: 'Zabihullah Mujahid', mention: 'Taliban spokesman Zabihullah Mujahid' }],
    // 004: scare quote in the donation appeal: two words, no speech cue
    ['004', 'foreign agent', { found: false }],
  ];
  it.each(cases)('%s: %s', (doc, phrase, expected) => check(SEED[doc], phrase, expected));

  it('finds each quotation of the duplicated article body once per copy', () => {
    const text = SEED['000'];
    const qs = quotesOf(text).filter((q) => text.slice(q.start, q.end).includes('The peace process definitely'));
    expect(qs).toHaveLength(2);
  });

  it('skips quotes inside ignored regions', () => {
    const text = SEED['003'];
    const at = text.indexOf('“The initial response');
    const all = quotesOf(text);
    const some = quotesOf(text, [{ start: at, end: at + 60 }]);
    expect(all.some((q) => q.start === at)).toBe(true);
    expect(some.some((q) => q.start === at)).toBe(false);
    expect(some.length).toBe(all.length - 1);
  });
});

describe('findQuotes on edge cases', () => {
  const cases: [string, string, string, Expected][] = [
    [
      'multi-paragraph quote: no closing mark, next paragraph reopens',
      'Smith said: “We will not go to Moscow. The talks are pointless.\n\n“Nobody can make us go.”\n\nOther text follows here.',
      'talks are pointless',
      { startsWith: '“We will', endsWith: 'go.”', speaker: 'Smith', kind: 'name' },
    ],
    [
      'multi-paragraph quote whose last paragraph has a cue of its own: split there, the cue frames both',
      '“We will not go to Moscow. The talks are pointless.\n\n“Nobody can make us go,” Smith said.\n\nOther text follows here.',
      'talks are pointless',
      { startsWith: '“We will', endsWith: 'pointless.', speaker: 'Smith', kind: 'name' },
    ],
    [
      'multi-paragraph quote whose last paragraph has a cue of its own: the last paragraph',
      '“We will not go to Moscow. The talks are pointless.\n\n“Nobody can make us go,” Smith said.\n\nOther text follows here.',
      'Nobody can make',
      { startsWith: '“Nobody', endsWith: 'go,”', speaker: 'Smith', kind: 'name' },
    ],
    [
      'unbalanced mark is capped at its paragraph',
      'The minister said “this has no end and goes on\n\nA second paragraph, with words. "Real quote here," she said.',
      'this has no end',
      { endsWith: 'goes on' },
    ],
    [
      'quote after an unbalanced paragraph is still found',
      'The minister said “this has no end and goes on\n\nA second paragraph, with words. "Real quote here," she said.',
      'Real quote here',
      { startsWith: '"Real', endsWith: 'here,"', kind: 'pronoun', mention: 'she' },
    ],
    ['scare quote after a naming verb', 'Trump called him "crooked" at the rally on Tuesday.', 'crooked', { found: false }],
    ['title in quotes', 'The former "Apprentice" star arrived in Iowa.', 'Apprentice', { found: false }],
    [
      'reversed curly mark used as an opener',
      'Talks stalled.\n\n”We are ready to talk,” the minister said on Monday.',
      'We are ready to talk',
      { startsWith: '”We', speaker: 'the minister', kind: 'description' },
    ],
    [
      'nested single quotes stay inside one quotation',
      '"He told me \'no way\' yesterday, and left," Jones said.',
      'no way',
      { startsWith: '"He told', endsWith: 'left,"', speaker: 'Jones' },
    ],
    [
      'speaker from the sentence before ("X said:")',
      'Senator Jane Doe said:\n\n"We have the votes and we will pass the bill this week."',
      'We have the votes',
      { speaker: 'Jane Doe', kind: 'name' },
    ],
    [
      'according to',
      '"The border will stay closed until further notice," according to Interior Minister Ali Khan.',
      'border will stay closed',
      { speaker: 'Ali Khan' },
    ],
    [
      'a height in feet and inches is no quote mark',
      '“He’s always calling me ‘Little Marco.’ I admit, he’s taller than me; he’s like 6’2”,” Rubio said. “Which is why I don’t understand why his hands are the size of someone who is 5’2”. You know what they say about men with small hands?”',
      'You know what they say',
      { startsWith: '“Which is why', endsWith: 'small hands?”', speaker: 'Rubio' },
    ],
    [
      'a quotation nested in the same style',
      'Jeff Bechdel, chairman of America Rising, tweeted: “People behind @HillaryClinton wearing “Settle For Hillary” shirts at her event in Hudson. Ouch.”',
      'shirts at her event',
      { startsWith: '“People behind', endsWith: 'Ouch.”', partial: false },
    ],
    [
      'a paragraph cannot begin with a closing mark',
      'Cruz was favored to win the delegates.\n\n” … in the case of Wyoming, the Cruz train has already left the station,” wrote Time magazine.',
      'the Cruz train',
      { startsWith: '” …', endsWith: 'station,”', partial: false },
    ],
    [
      'invisible format characters before the opening mark are no words of the writer',
      'Palin’s post resonated with viewers.\n\n\u202a”Sorry Sarah, you should have said it better!!” posted Sharon Powers Geyer.',
      'you should have said it better',
      { partial: false, speaker: 'Sharon Powers Geyer' },
    ],
    [
      'quoted as saying',
      'Defence Minister Omar Haddad was quoted as saying: "We will respond with force if attacked."',
      'respond with force',
      { speaker: 'Omar Haddad' },
    ],
  ];
  it.each(cases)('%s', (_name, text, phrase, expected) => check(text, phrase, expected));
});

describe('direct and partial quotes (attribution units)', () => {
  const cases: [string, string, string, Expected][] = [
    [
      'a quotation continuing a mixed attribution is partial',
      'The deal “looks out for the needs of Wall Street vulture funds first and foremost,” Sanders wrote. “That is unacceptable.”',
      'That is unacceptable',
      { partial: true, speaker: 'Sanders' },
    ],
    [
      'the embedded quotation that starts the mixed attribution is partial',
      'The deal “looks out for the needs of Wall Street vulture funds first and foremost,” Sanders wrote. “That is unacceptable.”',
      'looks out for the needs',
      { partial: true },
    ],
    [
      'a quotation continuing a direct quote is direct, one finding per piece',
      '“We can always have differences,” Trump said. “If you agree on 70 percent, that’s always a lot.”',
      'If you agree on 70 percent',
      { partial: false, startsWith: '“If you', speaker: 'Trump' },
    ],
    [
      'the first piece of a direct quote split by its cue',
      '“We can always have differences,” Trump said. “If you agree on 70 percent, that’s always a lot.”',
      'We can always have differences',
      { partial: false, endsWith: 'differences,”' },
    ],
    [
      'a quotation after a sentence of reported speech continues it: partial',
      'Carter said that for decades some critics had been predicting a U.S. withdrawal from the region.\n\n“That is because this region remains the most consequential for our future.”',
      'That is because this region',
      { partial: true, speaker: 'Carter' },
    ],
    [
      'a quotation after a bare frame ("X said:") is direct',
      'Senator Jane Doe said:\n\n"We have the votes and we will pass the bill this week."',
      'We have the votes',
      { partial: false },
    ],
    [
      'reported content between the cue and the quotation: partial',
      'Ryan said it’s unrealistic to think that if the U.S. pulls back, “our oceans are going to save us.”',
      'our oceans are going to save us',
      { partial: true, speaker: 'Ryan' },
    ],
    [
      'time and place in the frame are not content',
      'Trump told reporters in Iowa on Tuesday, “We are going to win this state by a lot.”',
      'We are going to win',
      { partial: false, speaker: 'Trump' },
    ],
    [
      'the writer’s words before a quotation whose cue follows: partial',
      'Like most campaigns, "the process we go through is to make sure the contribution is legal," Strother said. "If we were to find out that it weren\'t, we would return it."',
      'the process we go through',
      { partial: true },
    ],
    [
      '... and its continuation too',
      'Like most campaigns, "the process we go through is to make sure the contribution is legal," Strother said. "If we were to find out that it weren\'t, we would return it."',
      'If we were to find out',
      { partial: true, speaker: 'Strother' },
    ],
    [
      'an `as` frame: `As X put it, "..."` is direct',
      'The case is weak. As The Post’s Dana Milbank puts it, "Senate Republicans are unmoved, and liberal activists are uninspired."',
      'Senate Republicans are unmoved',
      { partial: false, speaker: 'Dana Milbank' },
    ],
    [
      'a phrasal speech verb: `shot back`',
      'After Brown criticized her husband, Hillary shot back, “I suppose I could have stayed home and baked cookies.”',
      'I suppose I could',
      { partial: false, speaker: 'Hillary' },
    ],
    [
      'the speech verb right before the quotation frames it, not an earlier one',
      'Trump joked that Brooklyn was his answer, but went on to say, “There are places in America that are among the most dangerous in the world.”',
      'There are places in America',
      { partial: false, speaker: 'Trump' },
    ],
    [
      'the second piece of a quotation split by a long frame continues it',
      '“Many people are uncertain in this election year,” Thiel wrote in a statement to Wired explaining why he is speaking at the convention, “but most Americans agree that our country is on the wrong track.”',
      'but most Americans agree',
      { partial: false, speaker: 'Thiel' },
    ],
    [
      'a quotation with a cue of its own starts a new attribution',
      'The deal “looks out for Wall Street vulture funds first,” Sanders wrote. “That is unacceptable and wrong,” he added.',
      'That is unacceptable',
      { partial: false },
    ],
  ];
  it.each(cases)('%s', (_name, text, phrase, expected) => check(text, phrase, expected));
});

describe('attributeClaim', () => {
  const text = SEED['000'];
  const model = reader.read(text);
  const sentence = (phrase: string) => {
    const at = text.indexOf(phrase);
    const s = model.sentences.find((x) => x.start <= at && at < x.end);
    expect(s).toBeDefined();
    return s!;
  };
  it.each([
    ['Russia says that the Taliban will be joining', 'Russia', 'name', []],
    ['According to officials, the Kabul government', 'officials', 'description', []],
    ['A State Department spokesman said Wednesday', 'A State Department spokesman', 'description', []],
    ['The spokesman was not authorized', null, null, ['AP']],
  ] as const)('%s', (phrase, name, kind, via) => {
    const a = attributeClaim(model, sentence(phrase), new Speakers(model));
    expect(a.speaker?.name ?? null).toBe(name);
    if (kind) expect(a.speaker?.kind).toBe(kind);
    expect(a.reportedVia).toEqual(via);
  });
});
