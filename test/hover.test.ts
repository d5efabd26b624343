// The hover card as a reader gets it: the Markdown for a few statements of the
// seeds (found by their text), checked against test/__snapshots__/hovers.md so
// any change to the card shows in review. Update with `npx vitest run -u`.
import { expect, it } from 'vitest';
import { hover } from '../server/src/lsp/features/hover';
import { positionOf } from '../tools/lspHarness';
import { offsetOf, seedByPrefix } from './helpers';
import { EDITED, seedState, uriOf } from './seedState';

const { state, texts } = seedState();

/** [document, words inside the statement, what the card shows]. */
const CARDS: [string, string, string][] = [
  [seedByPrefix('000'), 'The peace process definitely', 'a quote four sources report, one naming another speaker'],
  [seedByPrefix('001'), 'Russia has invited 12 countries', 'a claim another source gives with a different number'],
  [EDITED, 'The peace process definitely', 'the quote given to someone else'],
  [seedByPrefix('003'), 'The Tehrik-i-Taliban Pakistan (TTP)', 'a statement only this source reports'],
  [seedByPrefix('003'), 'Russia Invites Taliban to Peace Talks', 'the headline, linked to claims of other sources'],
];

it('renders the hover cards as the snapshot has them', async () => {
  const out: string[] = ['# Hover cards (test/hover.test.ts)', ''];
  for (const [name, words, what] of CARDS) {
    const text = texts.get(name)!;
    const card = hover(state, uriOf(name), positionOf(text, offsetOf(text, words) + 1));
    expect(card, `${name}: ${words}`).not.toBeNull();
    const value = (card!.contents as { value: string }).value;
    out.push(`## ${name}: “${words}…”, ${what}`, '', '````markdown', value, '````', '');
  }
  await expect(out.join('\n')).toMatchFileSnapshot('__snapshots__/hovers.md');
});
