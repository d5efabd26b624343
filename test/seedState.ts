// A language server's state over the seeds, built in process (no connection):
// the five seeds plus one edited copy of 001 that gives a number and a speaker
// differently, so the corpus holds corroborated, single-source and conflicting
// statements and an attribution disagreement. Paths are fixed (/news/…), so
// hover links read the same on every machine.
import { ServerState } from '../server/src/lsp/state';
import { seedByPrefix, seedFiles, seedText, shippedWordNet } from './helpers';

const NEWS = '/news';
export const EDITED = 'zz_001_edited.txt';

/** 001 as another outlet might print it: a different count, and the quote given to someone else. */
function editedText(): string {
  const text = seedText(seedByPrefix('001'));
  const edited = text
    .replace('Russia has invited 12 countries', 'Russia has invited fifteen countries')
    .replace('said Sibghat Ahmadi, the deputy spokesman of Afghanistan’s foreign ministry,', 'said Zabihullah Mujahid,');
  if (edited === text || edited.includes('12 countries') || edited.includes('said Sibghat Ahmadi')) throw new Error('seed 001 changed: update editedText()');
  return edited;
}

export function seedState(): { state: ServerState; texts: Map<string, string> } {
  const texts = new Map<string, string>(seedFiles().map((f) => [f, seedText(f)]));
  texts.set(EDITED, editedText());
  const state = new ServerState(shippedWordNet());
  state.setMany([...texts].map(([name, text]) => ({ path: `${NEWS}/${name}`, text })));
  state.indexing = false;
  return { state, texts };
}

export const uriOf = (name: string) => `file://${NEWS}/${name}`;
