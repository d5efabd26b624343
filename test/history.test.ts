// What a text yields must not depend on the texts read before it: wink-nlp
// learns every new word it meets, and its tokenizer used to treat a learnt
// word as one token ("no-man's-land" taught "man's", after which "the man's
// wrist" was no longer "man" + "'s"), so an article's claims changed with the
// order the folder was read in, or after an edit elsewhere.
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../server/src/engine/analysis/analyze';
import { createEngine } from '../server/src/engine';
import { seedFiles, seedText } from './helpers';

// one analyzer, so the texts below teach the wink instance that reads the article
const analyzer = new Analyzer();
const buildTextModel = (text: string) => analyzer.reader.read(text);
const analyzeDocument = (path: string, text: string) => analyzer.analyze(path, text);

const tokensOf = (text: string) => {
  const m = buildTextModel(text);
  return Array.from(m.tokens.start, (s, i) => text.slice(s, m.tokens.end[i]));
};
const statementsOf = (path: string, text: string) => analyzeDocument(path, text).analysis.statements.map((s) => `${s.kind} ${s.start}-${s.end}`);

/** Every possessive of the seed ("Russia's", "Afghanistan’s"), taught to wink inside a hyphenated compound first. */
function teacher(text: string): string {
  const possessives = [...new Set(text.match(/\p{L}+['’]s\b/gu) ?? [])];
  return possessives.map((w) => `They met in a legal no-${w}-land on Monday.`).join('\n\n');
}

/**
 * Every whole number of two digits or more in the text, taught first inside a
 * version number ("IE5.2001"): wink's tokenizer files that part as a word,
 * not a number, and wink keeps the features (the part of speech it guesses
 * for a word its model lacks) a word was first met with.
 */
function versionTeacher(text: string): string {
  const numbers = [...new Set(text.match(/(?<![\d.,])\d{2,}(?!\d|[.,]\d)/g) ?? [])];
  return numbers.map((n) => `The update covers IE5.${n} and IE6.`).join('\n\n');
}

describe('an article reads the same whatever was read before it', () => {
  it.each(seedFiles())('%s', (file) => {
    const text = seedText(file);
    const lesson = teacher(text);
    expect(lesson.length, 'the seed has possessives to teach').toBeGreaterThan(0);
    const tokens = tokensOf(text);
    const statements = statementsOf(file, text);
    buildTextModel(lesson);
    for (const other of seedFiles()) if (other !== file) analyzeDocument(other, seedText(other));
    expect(tokensOf(text)).toEqual(tokens);
    expect(statementsOf(file, text)).toEqual(statements);
  });

  it('reads a stray combining mark (mojibake) the same whatever taught wink its neighbours', () => {
    // from two PolNeAR articles: a mis-decoded "Ségolène" and "espère", then an Italian motto with a stray diaeresis
    const lesson = "France's minister of environment and energy, SÃ©golÃ ̈ne Royal, alluded to the talks. ''On espÃ ̈re,'' he said.";
    const text = 'He quoted a motto in Italian: "Ogni impedimento ÃÂ ̈ distrutto dal rigore - every obstacle yields to stern resolve." The campaign said it would go on.';
    const fresh = new Analyzer();
    const alone = fresh.reader.read(text);
    const taught = new Analyzer();
    taught.reader.read(lesson);
    const after = taught.reader.read(text);
    expect([...after.tokens.pos]).toEqual([...alone.tokens.pos]);
    expect([...after.tokens.start]).toEqual([...alone.tokens.start]);
    // the stray mark is no token of its own, and the words around it keep their offsets
    const words = Array.from(alone.tokens.start, (s, i) => text.slice(s, alone.tokens.end[i]));
    expect(words).not.toContain('\u0308');
    expect(words).toContain('distrutto');
  });

  it('reads the same after a text of over a million characters (wink is loaded afresh after it)', () => {
    const file = seedFiles()[0];
    const text = seedText(file);
    const tokens = tokensOf(text);
    const statements = statementsOf(file, text);
    const big = 'The committee said on Tuesday that the budget of 12 million dollars was approved. '.repeat(12_500);
    expect(big.length).toBeGreaterThan(1_000_000);
    buildTextModel(big);
    // words the fresh instance learns first: they take the ids the old one gave to other words
    buildTextModel('Qarzvanitsky met Blorptown officials and Zyxwarden in Fremulon, Kvetchburg said.');
    expect(tokensOf(text)).toEqual(tokens);
    expect(statementsOf(file, text)).toEqual(statements);
  });

  // Which worker thread analyses which article depends on timing; one that had read
  // "IE5.01" (a stories article) tagged the "01" of "In 2000 - 01 under Brown" PROPN, not NUM,
  // and the corpus's scores moved in the third decimal in 2 runs of 9.
  const withNumbers = seedFiles().filter((f) => versionTeacher(seedText(f)) !== '');
  it('has seeds with numbers to teach', () => expect(withNumbers.length).toBeGreaterThanOrEqual(3));
  it.each(withNumbers)('%s: the same analysis after its numbers were met as words', (file) => {
    const text = seedText(file);
    const lesson = versionTeacher(text);
    const fresh = createEngine().analyse(file, text);
    const taught = createEngine();
    taught.analyse('lesson.txt', lesson);
    expect(taught.analyse(file, text)).toEqual(fresh);
  });

  it("still splits a possessive once the word was met inside a compound", () => {
    buildTextModel("Regulations exist in a legal no-man's-land, he said.");
    expect(tokensOf("He grabs the man's wrist.")).toContain("'s");
  });

  it('reads the same in two analyzers of one process, each with its own wink and memos', () => {
    const [file, ...others] = seedFiles();
    const fresh = new Analyzer();
    const fed = new Analyzer();
    for (const other of others) fed.analyze(other, seedText(other));
    fed.reader.read(teacher(seedText(file)));
    expect(fed.analyze(file, seedText(file)).analysis).toEqual(fresh.analyze(file, seedText(file)).analysis);
  });
});
