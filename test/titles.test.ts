// Titles in quotation marks are not quotes, and headlines are never
// speakers (issue 11): whole documents through the analysis, written here in
// the style of news, positions found from the text.
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../server/src/engine/analysis/analyze';

interface Expected {
  /** Words of the text: the first occurrence (or the `occurrence`-th) locates the statement. */
  phrase: string;
  occurrence?: number;
  /** false: no quote may cover the phrase (nor any statement when `statement` is false too). */
  quote?: boolean;
  statement?: boolean;
  /** The speaker's resolved name, null for none; `notSpeaker` a name it must not be. */
  speaker?: string | null;
  notSpeaker?: RegExp;
}

const analyzer = new Analyzer();

/** The analysis of `text` against `expected`, one entry per phrase. */
function check(text: string, expected: Expected[]): void {
  const a = analyzer.analyze('story.txt', text).analysis;
  for (const e of expected) {
    let at = -1;
    for (let n = 0; n < (e.occurrence ?? 1); n++) at = text.indexOf(e.phrase, at + 1);
    expect(at, `phrase not in text: ${e.phrase}`).toBeGreaterThanOrEqual(0);
    const covering = a.statements.filter((s) => s.start <= at && at + e.phrase.length <= s.end);
    const quote = covering.find((s) => s.kind === 'quote');
    if (e.statement === false) expect(covering.map((s) => s.text), `no statement covers "${e.phrase}"`).toEqual([]);
    if (e.quote === false) {
      expect(quote?.text, `no quote covers "${e.phrase}"`).toBeUndefined();
      continue;
    }
    const s = e.quote ? quote : (quote ?? covering[0]);
    expect(s, `a statement covers "${e.phrase}"`).toBeDefined();
    if (e.speaker !== undefined) expect(s!.speaker?.name ?? null, `speaker of "${e.phrase}"`).toBe(e.speaker);
    if (e.notSpeaker) expect(s!.speaker?.name ?? '', `speaker of "${e.phrase}"`).not.toMatch(e.notSpeaker);
  }
}

const CASES: { name: string; text: string; expected: Expected[] }[] = [
  {
    name: 'a show named after "said on" and a possessive is no quote; the quote before it keeps its speaker',
    text: 'Senator Jane Holloway defended the measure on Sunday.\n\n"We will not back down on this," Holloway said on CBS\' "Face the Nation."\n',
    expected: [
      { phrase: 'We will not back down', quote: true, speaker: 'Jane Holloway' },
      { phrase: 'Face the Nation', quote: false, statement: false },
    ],
  },
  {
    name: 'a show after "told" (the listener) and before "show" is no quote',
    text: 'Mark Ellison, the county treasurer, spoke to reporters outside the courthouse.\n\n"It is far too early to say," he told "Today."\n\n"Today" show host Carla Benton then asked about the audit.\n\n"We have nothing to hide," Ellison told NBC\'s "Today" show on Monday.\n',
    expected: [
      { phrase: 'It is far too early', quote: true, speaker: 'Mark Ellison' },
      { phrase: 'Today."', quote: false },
      { phrase: 'Today" show host', quote: false },
      { phrase: 'Today" show on', quote: false },
      { phrase: 'We have nothing to hide', quote: true, speaker: 'Mark Ellison' },
    ],
  },
  {
    name: 'a show after "appeared on" and a title-cased programme with "&" are no quotes',
    text: 'Governor Alan Pruitt appeared on "Meet the Press" to defend the budget.\n\n"Nobody expected the deficit to grow this fast," Pruitt later told "Fox & Friends."\n',
    expected: [
      { phrase: 'Meet the Press', quote: false },
      { phrase: 'Fox & Friends', quote: false },
      { phrase: 'Nobody expected the deficit', quote: true, speaker: 'Alan Pruitt' },
    ],
  },
  {
    name: 'a policy and a book in quotation marks are names, not quotes',
    text: 'The senator voted in 2010 to repeal the "don\'t ask, don\'t tell" policy, which barred gay troops from serving openly.\n\nThe book "A Long Road Home" sold well in his home state. His second memoir, "Letters From The Capitol," did not.\n\nHe was a frequent guest of the host of "Morning Report" on public radio.\n',
    expected: [
      { phrase: "don't ask", quote: false },
      { phrase: 'A Long Road Home', quote: false },
      { phrase: 'Letters From The Capitol', quote: false },
      { phrase: 'Morning Report', quote: false },
    ],
  },
  {
    name: 'a quotation after a title in the same sentence keeps the frame\'s speaker',
    text: 'Campaign chairman Tom Reyes told NBC\'s "Meet the Press" that the governor "has a clear plan to secure the border and fix the system."\n',
    expected: [
      { phrase: 'Meet the Press', quote: false },
      { phrase: 'has a clear plan', quote: true, speaker: 'Tom Reyes' },
    ],
  },
  {
    name: 'short quotes with their own speech cue stay quotes',
    text: 'Reporters asked the mayor, Dana Whitfield, whether she would run again.\n\n"Absolutely not," Whitfield said.\n\n"Thank You, Ohio!" she wrote on Twitter after the vote.\n',
    expected: [
      { phrase: 'Absolutely not', quote: true, speaker: 'Dana Whitfield' },
      { phrase: 'Thank You, Ohio', quote: true, speaker: 'Dana Whitfield' },
    ],
  },
  {
    name: '"he wrote" resolves like "he said", never to a name inside the quotation',
    text: 'President Donald Trump attacked the House speaker again on Saturday.\n\n"Nancy Pelosi has done nothing for the people of this country," he wrote on Twitter.\n\n"Chuck Schumer is no better," he tweeted an hour later.\n\nSenator Maria Lopez answered within minutes. "Mr. Trump should read the bill," she posted on Facebook.\n\n"Donald Trump has never read a bill in his life," she writes in a new essay.\n',
    expected: [
      { phrase: 'Nancy Pelosi has done nothing', quote: true, speaker: 'Donald Trump' },
      { phrase: 'Chuck Schumer is no better', quote: true, speaker: 'Donald Trump' },
      { phrase: 'should read the bill', quote: true, speaker: 'Maria Lopez' },
      { phrase: 'has never read a bill', quote: true, speaker: 'Maria Lopez' },
    ],
  },
  {
    name: 'a headline is never a speaker, nor the person a pronoun refers to',
    text: 'Trump Signs Border Bill\n\nThe bill passed the Senate late on Thursday after weeks of talks.\n\n"This is a great day for the country," he said at the signing.\n\nArizona Birth Bill Heads To Governor Ducey\n\n"I want to invite him to Arizona to meet our leaders," she said.\n',
    expected: [
      { phrase: 'This is a great day', quote: true, speaker: 'he' },
      { phrase: 'I want to invite him', quote: true, speaker: 'she' },
      { phrase: 'I want to invite him', quote: true, notSpeaker: /Bill|Governor|Ducey/ },
    ],
  },
  {
    name: 'a pronoun skips a person whose title says otherwise',
    text: 'Ms. Karen Doyle, the committee chairwoman, met Mr. Hugh Bradley on Tuesday.\n\n"We agreed on nothing," she said.\n',
    expected: [{ phrase: 'We agreed on nothing', quote: true, speaker: 'Karen Doyle' }],
  },
  {
    name: 'a pronoun after a headline refers to the person the article names',
    text: 'Lawmakers Clash Over Border Wall Funding\n\nHouse Speaker Paul Ryan met with members late on Tuesday.\n\n"We are going to get this done," he said.\n',
    expected: [{ phrase: 'We are going to get this done', quote: true, speaker: 'Paul Ryan' }],
  },
];

describe('titles and headlines', () => {
  it.each(CASES)('$name', ({ text, expected }) => check(text, expected));
});
