// npm run bench -- <polnear.jsonl> [--sizes 1000,2000,5000,20000] [--server | --server-only]
// npm run bench -- --server-memory [--mb=20]
//
// Prints medians on real articles (the PolNeAR texts, repeated with light
// perturbation for larger corpora):
//   - analysis of the seed corpus and of 1,000 articles (issue 2),
//   - per corpus size, in a fresh child process: cold build (analysis +
//     index + matching + story grouping), re-match after editing one article,
//     peak memory (issue 3); the grouping alone (the same documents through a
//     Stories of their own: what stories add to the cold build), and the time
//     an edit takes to re-decide its story (issue 11). --runs N repeats each
//     size N times, children interleaved across sizes (the machine's noise),
//   - with --server, the language-server budgets (hover, definition, marks after an edit).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Analyzer } from '../server/src/engine/analysis/analyze';
import { createEngine } from '../server/src/engine';
import { Stories } from '../server/src/engine/stories/stories';
import { wordnetIndex } from './wordnetIndex';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function loadArticles(path: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { doc, text } = JSON.parse(line) as { doc: string; text: string };
    if (seen.has(doc)) continue;
    seen.add(doc);
    out.push(text);
  }
  return out;
}

/** Deterministic light perturbation: copy k of an article reads a little differently. */
function perturb(text: string, k: number): string {
  if (k === 0) return text;
  let n = 0;
  return text.replace(/\b(said|says|told|the|a|an)\b/g, (w) => {
    n++;
    if ((n + k) % 7 !== 0) return w;
    return ({ said: 'stated', says: 'states', told: 'informed', the: 'the', a: 'one', an: 'one' } as Record<string, string>)[w];
  }).replace(/\b(\d+)\b/, (d) => String(Number(d) + k));
}

export function corpusOf(articles: string[], size: number): { path: string; text: string }[] {
  return Array.from({ length: size }, (_, i) => ({
    path: `bench/${String(i).padStart(5, '0')}.txt`,
    text: perturb(articles[i % articles.length], Math.floor(i / articles.length)),
  }));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

function child(path: string, size: number): void {
  const docs = corpusOf(loadArticles(path), size);
  const corpus = createEngine({ wordnet: wordnetIndex() });
  const t0 = performance.now();
  corpus.setMany(docs);
  const built = performance.now() - t0;
  // the stories are decided on the first question
  const stories = corpus.stories().length;
  const cold = performance.now() - t0;
  // the grouping alone: the same documents (text, headline, furniture) through a Stories of their own
  const grouping = new Stories();
  const t1 = performance.now();
  for (const d of docs) {
    const a = corpus.get(d.path)!;
    grouping.set({ id: d.path, text: d.text, title: a.title, ignored: a.ignored.filter((r) => r.reason !== 'heading') });
  }
  grouping.stories();
  const group = performance.now() - t1;
  let statements = 0;
  let links = 0;
  for (const d of docs) {
    const a = corpus.get(d.path)!;
    statements += a.statements.length;
    for (const s of a.statements) links += corpus.matches(d.path, s.id).length;
  }
  const edits: number[] = [];
  const restory: number[] = [];
  for (let e = 0; e < 15; e++) {
    const d = docs[(e * 7919) % docs.length];
    const edited = d.text.replace(/\.(\s)/, `. Officials said ${e + 2} more people were added.$1`);
    const t = performance.now();
    corpus.set(d.path, edited);
    const t2 = performance.now();
    corpus.storyOf(d.path);
    restory.push(performance.now() - t2);
    edits.push(t2 - t);
  }
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ size, cold, built, group, stories, statements, links: links / 2, edit: median(edits), editMax: Math.max(...edits), restory: median(restory), restoryMax: Math.max(...restory), rssMB: rss }));
}

async function main() {
  const data = args.find((a) => !a.startsWith('--') && a !== flag('--sizes') && a !== flag('--child') && a !== flag('--runs'));
  if (flag('--child')) return child(data!, Number(flag('--child')));
  if (args.includes('--server-memory')) return (await import('./benchServer')).benchMemory(args);
  if (!data) {
    console.error('usage: npm run bench -- <polnear-train.jsonl> [--sizes 1000,2000,5000,20000] [--server]');
    process.exit(2);
  }
  if (args.includes('--server-only')) {
    const { benchServer } = await import('./benchServer');
    return benchServer([data, ...args.filter((a) => a.startsWith('--articles=') || a.startsWith('--samples='))]);
  }
  const articles = loadArticles(data);
  console.log(`Corroborate benchmark · node ${process.version} · one process per size, single-threaded\n`);

  // Seeds: analysis of the five shipped articles.
  const seedDir = join(__dirname, '..', '..', 'seeds');
  const seeds = readdirSync(seedDir).filter((f) => f.endsWith('.txt')).map((f) => ({ path: f, text: readFileSync(join(seedDir, f), 'utf8') }));
  const wordnet = wordnetIndex();
  const analyzer = new Analyzer();
  analyzer.analyze('warm', seeds[0].text);
  const seedRuns: number[] = [];
  const seedCorpusRuns: number[] = [];
  for (let r = 0; r < 15; r++) {
    let t = performance.now();
    for (const s of seeds) analyzer.analyze(s.path, s.text);
    seedRuns.push(performance.now() - t);
    // A new engine loads its own wink model on its first read (~0.2 s): outside the timing.
    const engine = createEngine({ wordnet });
    engine.set('warm', 'The minister said the talks would go ahead.');
    engine.remove('warm');
    t = performance.now();
    engine.setMany(seeds);
    seedCorpusRuns.push(performance.now() - t);
  }
  console.log(`seed corpus (${seeds.length} articles): analysis ${ms(median(seedRuns))}, analysis + matching ${ms(median(seedCorpusRuns))} (median of 15)`);

  const thousand = corpusOf(articles, 1000);
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    for (const d of thousand) analyzer.analyze(d.path, d.text);
    runs.push(performance.now() - t);
  }
  const mb = thousand.reduce((n, d) => n + d.text.length, 0) / 1e6;
  console.log(`1,000 PolNeAR articles (${mb.toFixed(1)} M chars): analysis ${ms(median(runs))} (median of 3)\n`);

  // the first size holds each article once: the cost without near-copies
  const sizes = (flag('--sizes') ?? `${articles.length},1000,2000,5000,20000`).split(',').map(Number);
  const repeats = Math.max(1, Number(flag('--runs') ?? 1));
  console.log('articles  statements  links     cold build   re-match after 1 edit (median / max of 15)   peak RSS   stories: grouping alone (share of the rest), re-decide after an edit (median / max)');
  for (let run = 0; run < repeats; run++) {
    for (const size of sizes) {
      const r = spawnSync(process.execPath, [__filename, data, '--child', String(size)], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (r.status !== 0) {
        console.log(`${size}: failed (${r.stderr.trim().split('\n').pop()})`);
        continue;
      }
      const x = JSON.parse(r.stdout.trim().split('\n').pop()!);
      const share = (100 * x.group) / (x.cold - x.group);
      console.log(
        `${(String(size) + (size <= articles.length ? '*' : '')).padEnd(9)} ${String(x.statements).padEnd(11)} ${String(x.links).padEnd(9)} ${(x.cold / 1000).toFixed(1).padStart(6)} s     ${ms(x.edit).padStart(9)} / ${ms(x.editMax).padEnd(29)} ${String(Math.round(x.rssMB)).padStart(4)} MB    ${x.stories} stories, ${(x.group / 1000).toFixed(2)} s (+${share.toFixed(1)}%), ${ms(x.restory)} / ${ms(x.restoryMax)}`,
      );
    }
  }
  console.log(`\n* each article once; larger corpora repeat the ${articles.length} articles with light changes (near-copies).`);
  if (args.includes('--server')) {
    const { benchServer } = await import('./benchServer');
    await benchServer([data]);
  }
}

if (!process.env.BENCH_IMPORT) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
