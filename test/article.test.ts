// Only articles join the corpus: the verdict on code-repository files (from
// their content, and from well-known names) and on real news text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleVerdict, type ArticleVerdict } from '../server/src/engine/analysis/article';
import { seedFiles, seedText } from './helpers';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'notarticles', name), 'utf8');
const ARTICLE: ArticleVerdict = { article: true };
const not = (reason: string): ArticleVerdict => ({ article: false, reason });

function check(path: string, text: string, expected: ArticleVerdict) {
  expect(articleVerdict(path, text), path).toEqual(expected);
}

/** A short wire brief: two sentences, one paragraph each. */
const BRIEF = `Storm closes port of Gdansk

GDANSK, Poland (Reuters) - Poland's largest port halted operations on Sunday as winds of up to 120 km/h swept the Baltic coast, the port authority said.

Ferry crossings to Sweden were cancelled until Monday morning.
`;
/** ECB+'s layout: one sentence per line, no paragraphs. */
const SENTENCE_PER_LINE = `Lindsay Lohan checks into rehab at Betty Ford Center
Lindsay Lohan has checked into the Betty Ford Center to begin a 90-day court-ordered stay .
The actress arrived at the clinic in Rancho Mirage , California , late on Thursday , her lawyer said .
A judge had ordered her to report by Friday .
`;
/** A one-sentence news item (such files exist in ECB+). */
const ONE_SENTENCE = 'The parliament election is over in Turkmenistan.\n';
/** A listicle: numbered paragraphs of prose are still prose. */
const LISTICLE = `Five things to watch in the budget vote

The budget goes to the floor on Thursday after two weeks of talks between the leaders of both parties.

1. The defence line. The Senate version adds $12 billion for shipbuilding, and House conservatives have said they will not vote for any increase that is not matched by cuts elsewhere in the budget.

2. Disaster relief. Governors from five states wrote to the leadership on Monday asking for the relief money to be voted on separately, so that it is not held up by the fight over the rest of the bill.

3. The debt ceiling. Treasury officials say the government will reach its borrowing limit in early October, and the budget does not raise it, which leaves the hardest vote of the year for later.
`;

/** News about licensing may name a licence and quote a phrase of it. */
const LICENCE_STORY = `Court backs open-source licence in router case

A federal judge ruled on Friday that the GNU General Public License is an enforceable contract, handing a win to the Free Software Foundation and to developers who had sued the maker of a popular home router.

The company had shipped the software "without warranty of any kind", its lawyers argued, and owed nothing to its authors. Judge Maria Ortiz disagreed, writing that the licence's conditions bind anyone who distributes the code.

The company said it would appeal.
`;

describe('articles are articles', () => {
  it('every seed', () => {
    for (const f of seedFiles()) check(f, seedText(f), ARTICLE);
  });

  const cases: [string, string][] = [
    ['a short wire brief', BRIEF],
    ['one sentence per line (ECB+)', SENTENCE_PER_LINE],
    ['a one-sentence news item', ONE_SENTENCE],
    ['a listicle of numbered paragraphs', LISTICLE],
    ['a story about software licences', LICENCE_STORY],
  ];
  for (const [name, text] of cases) it(name, () => check('news/item.txt', text, ARTICLE));

  it('whatever its file is called, unless the name is a well-known one', () => {
    const text = seedText(seedFiles()[0]);
    for (const path of ['history-of-the-talks.txt', 'news.txt', 'notice-to-readers.txt', 'changes-in-kabul.txt', 'license-plate-readers.txt', 'licensed-to-drive.txt', 'C:\\articles\\authors-of-the-deal.txt'])
      check(path, text, ARTICLE);
  });
});

describe('code-repository files are not', () => {
  // judged by content: the names say nothing
  const byContent: [string, string][] = [
    ['LICENSE.txt', 'a licence text'],
    ['apache-header.txt', 'a licence text'],
    ['CMakeLists.txt', 'a build file'],
    ['CHANGELOG.txt', 'a changelog'],
    ['requirements.txt', 'a list of requirement pins'],
    ['ingest.py.txt', 'source code'],
    ['server.js.txt', 'source code'],
    ['todo.txt', 'a list, not prose'],
  ];
  for (const [file, reason] of byContent) it(`${file} by its content: ${reason}`, () => check(`repo/notes-${file.replace(/\./g, '-')}.txt`, fixture(file), not(reason)));

  it('nothing but short lines is too little prose', () => {
    check('menu.txt', 'Home\nWorld\nBusiness\nSport\nWeather\n', not('too little prose'));
    check('blank.txt', '\n\n   \n', not('no text'));
  });

  // judged by name, even when the text is prose (a NOTICE or AUTHORS file can read like a paragraph)
  const byName: [string, string][] = [
    ['LICENSE', 'a licence text'],
    ['repo/LICENSE.txt', 'a licence text'],
    ['LICENCE-MIT.txt', 'a licence text'],
    ['COPYING.LESSER', 'a licence text'],
    ['LICENSE-APACHE-2.0.txt', 'a licence text'],
    ['changelog-2023.md', 'a changelog'],
    ['docs/CHANGELOG.txt', 'a changelog'],
    ['CHANGES.txt', 'a changelog'],
    ['HISTORY.txt', 'a changelog'],
    ['NOTICE.txt', 'a notice file'],
    ['AUTHORS.txt', 'a list of authors'],
    ['CONTRIBUTORS.txt', 'a list of contributors'],
    ['requirements.txt', 'a list of requirement pins'],
    ['requirements-dev.txt', 'a list of requirement pins'],
    ['CMakeLists.txt', 'a build file'],
    ['robots.txt', 'a robots.txt file'],
    ['README.txt', 'a readme'],
    ['CODE_OF_CONDUCT.txt', 'a code of conduct'],
    ['C:\\src\\geoindex\\CMakeLists.txt', 'a build file'],
  ];
  const prose = seedText(seedFiles()[0]);
  for (const [path, reason] of byName) it(`${path} by its name: ${reason}`, () => check(path, prose, not(reason)));
});
