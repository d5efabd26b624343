// WordNet as the engine reads it: the index `npm run build` writes
// (dist/wordnet.bin, tools/wordnet.mjs), read through the node layer as the
// CLI and the server read it, asked what a matcher will ask: base forms, and
// how two words are linked.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WordNet, type LexicalRelation, type WordNetIndex } from '../server/src/engine';
import { loadWordNet } from '../server/src/node/wordnet';

const root = join(__dirname, '..');
const file = join(root, 'dist', 'wordnet.bin');
let index: WordNetIndex;
let wn: WordNet;

beforeAll(() => {
  expect(existsSync(file), `${file} (run npm run build)`).toBe(true);
  const loaded = loadWordNet(file);
  if (!loaded.ok) throw new Error(loaded.message);
  index = loaded.index;
  wn = new WordNet(index);
});

/** One pair, both ways round (the relation is symmetric). */
function check(a: string, b: string, expected: LexicalRelation | undefined) {
  expect(wn.relation(a, b), `${a} / ${b}`).toBe(expected);
  expect(wn.relation(b, a), `${b} / ${a}`).toBe(expected);
}

describe('WordNet', () => {
  it('holds all of WordNet 3.1 that matching needs, with its licence beside it', () => {
    expect(index.wordCount).toBeGreaterThan(140_000);
    expect(index.synsetCount).toBeGreaterThan(115_000);
    const licence = readFileSync(join(root, 'dist', 'WORDNET-LICENSE.txt'), 'utf8');
    expect(licence).toContain('WordNet 3.1 Copyright 2011 by Princeton University');
    expect(licence).toContain('wink-lexicon');
  });

  it('finds base forms: irregular forms from the exception lists, regular ones by the detachment rules', () => {
    expect(wn.lemmas('went')).toEqual(['go']);
    expect(wn.lemmas('was')).toEqual(['be']);
    expect(wn.lemmas('children')).toEqual(['child']);
    expect(wn.lemmas('talks')).toContain('talk');
    expect(wn.lemmas('talks', 'v')).toEqual(['talk']);
    expect(wn.lemmas('Negotiations', 'n')).toEqual(['negotiation']);
    expect(wn.lemmas('confirmed', 'v')).toEqual(['confirm']);
    expect(wn.lemmas('better', 'a')).toEqual(['good', 'better']);
    expect(wn.lemmas('took part')).toEqual(['take_part']);
    // Not in WordNet: no base form, and no relation to anything but itself.
    expect(wn.lemmas('the')).toEqual([]);
    expect(wn.lemmas('Zabihullah')).toEqual([]);
  });

  it('gives senses in WordNet order, each synset with its lemmas', () => {
    const refuse = wn.synsets('refuse', 'v').map((s) => wn.synsetWords(s));
    expect(refuse.some((words) => words.includes('decline'))).toBe(true);
    expect(wn.synsets('refuse').map((s) => wn.posOf(s))).toEqual([...wn.synsets('refuse', 'n').map(() => 'n'), ...wn.synsets('refuse', 'v').map(() => 'v')]);
    expect(wn.synsets('no such lemma')).toEqual([]);
  });

  it.each<[string, string, LexicalRelation | undefined]>([
    // same lemma, any inflection
    ['talks', 'talk', 'same'],
    ['went', 'go', 'same'],
    ['said', 'says', 'same'],
    // synonyms: a shared synset, or similar adjectives
    ['talks', 'negotiations', 'synonym'],
    ['said', 'stated', 'synonym'],
    ['quake', 'earthquake', 'synonym'],
    ['take part', 'participate', 'synonym'],
    ['huge', 'large', 'synonym'],
    // derivationally related forms, across parts of speech
    ['refusal', 'refuse', 'derivation'],
    ['participation', 'participate', 'derivation'],
    ['refusal', 'decline', 'derivation'],
    // antonyms, also through a synonym, similar adjectives or a derivation
    ['accept', 'reject', 'antonym'],
    ['accept', 'decline', 'antonym'],
    ['win', 'lose', 'antonym'],
    ['tiny', 'huge', 'antonym'],
    ['acceptance', 'refusal', 'antonym'],
    // entailment
    ['snore', 'sleep', 'entailment'],
    ['buy', 'pay', 'entailment'],
    // hypernyms, one or two levels up
    ['dog', 'canine', 'hypernym'],
    ['president', 'leader', 'hypernym'],
    ['talks', 'discussion', 'hypernym'],
    ['Moscow', 'city', 'hypernym'],
    // unrelated, or out of reach
    ['earthquake', 'election', undefined],
    ['dog', 'organism', undefined],
    ['Taliban', 'Moscow', undefined],
    ['the', 'of', undefined],
  ])('%s / %s: %s', check);

  it('answers the same after the memo is warm, and each instance keeps its own', () => {
    const other = new WordNet(index);
    expect(other.relation('refusal', 'refuse')).toBe('derivation');
    expect(wn.relation('refusal', 'refuse')).toBe('derivation');
    expect(other.relation('accept', 'decline')).toBe(wn.relation('accept', 'decline'));
  });

  it('is missing, not fatal, when the file is absent', () => {
    const missing = loadWordNet(join(root, 'dist', 'no-such-wordnet.bin'));
    expect(missing.ok).toBe(false);
  });
});
