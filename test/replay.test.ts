// Links after edits: a document edited through a sequence of texts must end
// with the links a corpus gives it without that history, and its statements
// must report the other sources a fresh corpus finds for them.
import { describe, expect, it } from 'vitest';
import { Corpus } from '../server/src/engine/corpus';
import { formatScore } from '../server/src/lsp/format';
import { seedByPrefix, seedFiles, seedText } from './helpers';

type File = { path: string; text: string };
const seeds = (): File[] => seedFiles().map((path) => ({ path, text: seedText(path) }));
/** The seeds plus `n` saved copies of the seeds whose names start with `prefixes`. */
function withCopies(n: number, prefixes: string[]): File[] {
  const files = seeds();
  for (let c = 0; c < n; c++) for (const p of prefixes) files.push({ path: `copy${c}/${seedByPrefix(p)}`, text: seedText(seedByPrefix(p)) });
  return files;
}

/** Every statement's links as comparable lines (other path, statement, relation, score). */
function linksOf(c: Corpus, path: string): string[] {
  return c.get(path)!.statements.map((s) => `${s.id}: ${c.matches(path, s.id).map((m) => `${m.path}#${m.statementId} ${m.relation} ${m.score.toFixed(9)}`).sort().join(', ')}`);
}

const paragraphs = (t: string) => t.split('\n');
const A = () => seedText(seedByPrefix('000'));
const B = () => seedText(seedByPrefix('001'));
/** Edit sequences of document 000: deleting paragraphs, inserting another seed's sentences, reverting. */
const sequences: [string, () => string[]][] = [
  ['delete paragraphs, then revert', () => [paragraphs(A()).filter((_, i) => i !== 6).join('\n'), paragraphs(A()).filter((_, i) => i !== 6 && i !== 10).join('\n'), A()]],
  ['insert sentences from another seed, then change a word', () => {
    const p = paragraphs(A());
    const other = paragraphs(B()).filter((l) => l.length > 80);
    return [[...p.slice(0, 8), other[2], ...p.slice(8)].join('\n'), A(), [...p.slice(0, 4), other[3], other[5], ...p.slice(4)].join('\n'), A().replace('Wednesday', 'Thursday')];
  }],
  ['empty, then back', () => ['', A().slice(0, 400), A()]],
];

describe('an edited document ends with the links it would have without its history', () => {
  // seven copies of 000: with the document itself, eight holders of each of its
  // wordings (a statement judges 8); the texts it went through, left behind in
  // the index as tombstones, must not count as more
  for (const [name, edits] of sequences) {
    it(name, () => {
      const path = seedByPrefix('000');
      const texts = edits();
      const final = texts[texts.length - 1];
      const edited = new Corpus();
      edited.setMany(withCopies(7, ['000']));
      for (const t of texts) edited.set(path, t);
      const once = new Corpus();
      once.setMany(withCopies(7, ['000']));
      once.set(path, final);
      expect(linksOf(edited, path)).toEqual(linksOf(once, path));
    });
  }
});

/** The seeds with ten copies of each (a wire story saved many times: each wording has more holders than a statement judges, 8), 000 edited through `edits`, and a fresh corpus of the final texts. */
function editedAndFresh(edits: () => string[]) {
  const path = seedByPrefix('000');
  const texts = edits();
  const files = withCopies(10, ['000', '001', '002', '003', '004']);
  const edited = new Corpus();
  edited.setMany(files);
  for (const t of texts) edited.set(path, t);
  const fresh = new Corpus();
  fresh.setMany(files.map((f) => (f.path === path ? { path, text: texts[texts.length - 1] } : f)));
  return { path, files, edited, fresh };
}

describe('after edits, every document shows what a fresh corpus shows', () => {
  const articleOf = (path: string) => path.replace(/^copy\d+\//, '');
  /** Per statement, the articles (a copy counts as its original) of its links. */
  const sourcesOf = (c: Corpus, path: string) => c.get(path)!.statements.map((s) => `${s.id}: ${[...new Set(c.matches(path, s.id).map((m) => articleOf(m.path)))].sort().join(', ')}`);
  // The reader's view of every statement: the other statements it links to,
  // their relation and the score as shown. Which copy a statement happened to
  // judge, and which document arrived or was edited last, must not show.
  const shown = (c: Corpus, path: string) =>
    c.get(path)!.statements.map((s) => `${s.id}: ${c.matches(path, s.id).map((m) => `${m.path}#${m.statementId} ${m.relation} ${formatScore(m.score)}`).join(', ')}`);
  it.each(sequences)('%s', (_name, edits) => {
    const { path, files, edited, fresh } = editedAndFresh(edits);
    expect(sourcesOf(edited, path)).toEqual(sourcesOf(fresh, path));
    for (const f of files) expect(shown(edited, f.path), f.path).toEqual(shown(fresh, f.path));
  });
});
