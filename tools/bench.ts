// npm run bench -- <polnear.jsonl> [--sizes 1000,2000,5000,20000] [--server | --server-only]
// npm run bench -- --server-memory [--mb=20]
// npm run bench -- --table <polnear.jsonl> [<stories folder>] [--sizes 2000] [--big] [--runs 3]
//
// --table prints only the cold / warm / floor table (issue 13), per corpus
// (the PolNeAR texts; the *.txt articles under the stories folder) and size:
// each corpus once, then repeated with light changes up to --sizes (default
// 2000; --big adds 20000). Each cell is the median of --runs fresh child
// processes (default 1: a 2,000-article cold build takes a minute on a loaded
// 2-core machine), interleaved across corpora and sizes:
//   - cold, one core: setMany + stories() on an engine whose wink model is
//     loaded (wall; the process's CPU time beside it),
//   - cold, all cores: what the CLI does (node/pool.ts): the analysis on
//     os.availableParallelism() worker threads (dist/cli.js started again),
//     indexed here as the results come, then matched, then stories() (wall;
//     the process's CPU time, all threads, beside it),
//   - cache write / read: the analyses of that run (AnalysedDocument) stored
//     in the analysis cache (node/analyses.ts) in a temp folder, and read back,
//   - warm, analyses cached: the second run with that cache (a new engine, every
//     analysis read from the cache instead of made, then indexed, matched,
//     stories()): what a run pays when any one file changed,
//   - warm, same files: `corroborate analyze --json --cache DIR` run twice on the
//     articles written to a temp folder, the second run timed (wall): it
//     prints the result the first stored (node/runs.ts),
//   - edit → marks: set one edited article, then its story and every
//     statement's view (what the server needs to redraw its marks),
//   - peak RSS after the one-core cold build,
//   - the floor: wink-nlp's sentence + part-of-speech pass alone over the same
//     texts (the model the engine loads), in a child of its own, and the
//     ratio cold / floor of their CPU times (on a shared machine wall time
//     says more about the neighbours than about us).
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
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import winkNLP from 'wink-nlp';
import winkModel from 'wink-eng-lite-web-model';
import { collectFiles, readFileText } from '../server/src/node/files';
import { Analyzer } from '../server/src/engine/analysis/analyze';
import { createEngine, DEFAULT_MAX_BYTES, type AnalysedDocument, type WordNetIndex } from '../server/src/engine';
import { createPool } from '../server/src/node/pool';
import type { AnalysisStore } from '../server/src/node/analysis';
import { analysisStore, openAnalysisCache } from '../server/src/node/analyses';
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

// ---- the cold / warm / floor table (issue 13) --------------------------------

type Doc = { path: string; text: string };

/**
 * A cold (no store) or warm (every analysis in `store`) build as the CLI makes
 * it: analysis on `workers` threads (1: in this thread), indexed in input
 * order as it comes, matched, stories decided. Returns the analyses it indexed.
 */
async function poolBuild(docs: Doc[], wordnet: WordNetIndex, workers: number, store?: AnalysisStore): Promise<AnalysedDocument[]> {
  const corpus = createEngine({ wordnet });
  // dist/tools/bench.js: the workers are the CLI's bundle, built with it
  const pool = createPool({ workers, fallback: (path, text) => corpus.analyse(path, text), script: join(__dirname, '..', 'cli.js'), store });
  const load = corpus.bulkLoad();
  const out: AnalysedDocument[] = [];
  try {
    for await (const r of pool.analyse(docs)) {
      if ('error' in r) throw new Error(`${r.path}: ${r.error}`);
      load.add(r.doc);
      out.push(r.doc);
    }
  } finally {
    await pool.close();
  }
  load.finish();
  corpus.stories();
  return out;
}

/** The corpus's unique articles: PolNeAR's texts (.jsonl), or the articles (*.txt, as the CLI reads them) under a folder. */
async function corpusTexts(path: string): Promise<string[]> {
  if (path.endsWith('.jsonl')) return loadArticles(path);
  const { files } = await collectFiles([path]);
  const out: string[] = [];
  for (const f of files) {
    const d = await readFileText(f, DEFAULT_MAX_BYTES);
    if (d.ok && d.verdict.article && d.text.trim()) out.push(d.text);
  }
  return out;
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** One cell row of the table, in a fresh process: `--table-child <corpus> <size>`. */
async function tableChild(path: string, size: number): Promise<void> {
  const docs = corpusOf(await corpusTexts(path), size);
  const wordnet = wordnetIndex();
  const out: Record<string, number | null> = { size, chars: docs.reduce((n, d) => n + d.text.length, 0) };
  // the engine loads its wink model on its first read (~0.2 s): outside the timing, as the floor's
  const corpus = createEngine({ wordnet });
  corpus.set('warm', 'The minister said the talks would go ahead.');
  corpus.remove('warm');
  const c0 = process.cpuUsage();
  let t = performance.now();
  corpus.setMany(docs);
  corpus.stories();
  out.cold = performance.now() - t;
  out.coldCpu = cpuMs(process.cpuUsage(c0));
  // the peak of the one-core build (the runs below hold a second engine for a while)
  out.rssMB = process.resourceUsage().maxRSS / 1024;
  let c1 = process.cpuUsage();
  t = performance.now();
  const analysed = await poolBuild(docs, wordnet, os.availableParallelism());
  out.allCores = performance.now() - t;
  out.allCoresCpu = cpuMs(process.cpuUsage(c1));
  const cacheDir = mkdtempSync(join(tmpdir(), 'corroborate-bench-'));
  try {
    const store = analysisStore(openAnalysisCache(cacheDir, 4 * 1024 ** 3));
    t = performance.now();
    analysed.forEach((doc, i) => store.set(docs[i], doc));
    out.cacheWrite = performance.now() - t;
    const again = analysisStore(openAnalysisCache(cacheDir, 4 * 1024 ** 3));
    t = performance.now();
    const hits = docs.filter((d) => again.get(d)).length;
    out.cacheRead = performance.now() - t;
    if (hits !== docs.length) throw new Error(`cache read ${hits} of ${docs.length}`);
    // the second run: a new engine and a new cache object over the same folder
    c1 = process.cpuUsage();
    t = performance.now();
    await poolBuild(docs, wordnet, os.availableParallelism(), analysisStore(openAnalysisCache(cacheDir, 4 * 1024 ** 3)));
    out.warm = performance.now() - t;
    out.warmCpu = cpuMs(process.cpuUsage(c1));
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  out.cliWarm = cliWarm(docs);
  const edits: number[] = [];
  for (let e = 0; e < 15; e++) {
    const d = docs[(e * 7919) % docs.length];
    const edited = d.text.replace(/\.(\s)/, `. Officials said ${e + 2} more people were added.$1`);
    t = performance.now();
    corpus.set(d.path, edited);
    corpus.storyOf(d.path);
    for (const st of corpus.get(d.path)!.statements) corpus.view(d.path, st.id);
    edits.push(performance.now() - t);
  }
  out.edit = median(edits);
  console.log(JSON.stringify(out));
}

/** The CLI's second `analyze --json --cache` run over `docs` written to a folder (ms, wall; the first fills the cache). */
function cliWarm(docs: Doc[]): number {
  const tmp = mkdtempSync(join(tmpdir(), 'corroborate-bench-'));
  try {
    const folder = join(tmp, 'articles');
    mkdirSync(folder);
    docs.forEach((d, i) => writeFileSync(join(folder, `${String(i).padStart(6, '0')}.txt`), d.text));
    const cli = (): number => {
      const t = performance.now();
      const r = spawnSync(process.execPath, [join(__dirname, '..', 'cli.js'), 'analyze', '--json', '--cache', join(tmp, 'cache'), folder], { stdio: ['ignore', 'ignore', 'pipe'] });
      if (r.status !== 0) throw new Error(`corroborate analyze: ${r.stderr}`);
      return performance.now() - t;
    };
    cli();
    return cli();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The floor, in a fresh process: wink-nlp's sentence and part-of-speech pass alone over the same texts. */
async function floorChild(path: string, size: number): Promise<void> {
  const docs = corpusOf(await corpusTexts(path), size);
  const nlp = winkNLP(winkModel, ['sbd', 'pos']);
  nlp.readDoc('Warm up.');
  const its = nlp.its;
  const c0 = process.cpuUsage();
  const t = performance.now();
  let tokens = 0;
  for (const d of docs) {
    const doc = nlp.readDoc(d.text);
    doc.sentences().length();
    tokens += doc.tokens().out(its.pos).length;
  }
  console.log(JSON.stringify({ floor: performance.now() - t, floorCpu: cpuMs(process.cpuUsage(c0)), tokens }));
}

async function table(corpora: string[]): Promise<void> {
  const sizes = (flag('--sizes') ?? '2000').split(',').map(Number).concat(args.includes('--big') ? [20000] : []);
  const runs = Math.max(1, Number(flag('--runs') ?? 1));
  const unique = new Map<string, number>();
  for (const c of corpora) unique.set(c, (await corpusTexts(c)).length);
  const cells = new Map<string, Record<string, number | null>[]>();
  const spawnChild = (mode: string, corpus: string, size: number) => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=4096', __filename, corpus, mode, String(size)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`${mode} ${corpus} ${size}: ${r.stderr.trim().split('\n').pop()}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  };
  // interleaved: every corpus and size once per run, so the machine's noise spreads over all cells
  for (let run = 0; run < runs; run++) {
    for (const c of corpora) {
      for (const size of [unique.get(c)!, ...sizes]) {
        const row = { ...spawnChild('--table-child', c, size), ...spawnChild('--floor-child', c, size) };
        const key = `${c}\0${size}`;
        cells.set(key, [...(cells.get(key) ?? []), row]);
      }
    }
  }
  const med = (rows: Record<string, number | null>[], k: string) => (rows[0][k] === null ? null : median(rows.map((r) => r[k] as number)));
  const sec = (x: number | null) => (x === null ? 'n/a' : `${(x / 1000).toFixed(2)} s`);
  for (const c of corpora) {
    console.log(`\n${c} (${unique.get(c)} articles; larger sizes repeat them with light changes) · median of ${runs} run${runs > 1 ? 's' : ''}`);
    console.log(`articles  M chars  cold 1 core (CPU)    cold ${os.availableParallelism()} cores (CPU)  warm: cached (CPU)   same files  cache write / read   edit → marks  peak RSS  floor: wink sbd+pos (CPU)  cold / floor (CPU)`);
    for (const size of [unique.get(c)!, ...sizes]) {
      const rows = cells.get(`${c}\0${size}`)!;
      const m = (k: string) => med(rows, k);
      console.log(
        [
          String(size).padEnd(9),
          (m('chars')! / 1e6).toFixed(1).padStart(7),
          `${sec(m('cold')).padStart(8)} (${sec(m('coldCpu'))})`.padEnd(21),
          `${sec(m('allCores')).padStart(8)} (${sec(m('allCoresCpu'))})`.padEnd(22),
          `${sec(m('warm')).padStart(7)} (${sec(m('warmCpu'))})`.padEnd(20),
          sec(m('cliWarm')).padStart(10),
          `${sec(m('cacheWrite'))} / ${sec(m('cacheRead'))}`.padStart(20),
          ms(m('edit')!).padStart(13),
          `${Math.round(m('rssMB')!)} MB`.padStart(9),
          `${sec(m('floor'))} (${sec(m('floorCpu'))})`.padStart(26),
          `${(m('coldCpu')! / m('floorCpu')!).toFixed(1)}×`.padStart(13),
        ].join(' '),
      );
    }
  }
  console.log(`\nnode ${process.version}, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at the end.`);
}

async function main() {
  const data = args.find((a) => !a.startsWith('--') && a !== flag('--sizes') && a !== flag('--child') && a !== flag('--runs') && a !== flag('--table-child') && a !== flag('--floor-child'));
  if (flag('--child')) return child(data!, Number(flag('--child')));
  if (flag('--table-child')) return tableChild(data!, Number(flag('--table-child')));
  if (flag('--floor-child')) return floorChild(data!, Number(flag('--floor-child')));
  if (args.includes('--table')) {
    const corpora = args.filter((a) => !a.startsWith('--') && a !== flag('--sizes') && a !== flag('--runs'));
    if (!corpora.length) {
      console.error('usage: npm run bench -- --table <polnear-train.jsonl> [<stories folder>] [--sizes 2000] [--big] [--runs 3]');
      process.exit(2);
    }
    return table(corpora);
  }
  if (args.includes('--server-memory')) return (await import('./benchServer')).benchMemory(args);
  if (!data) {
    console.error('usage: npm run bench -- <polnear-train.jsonl> [--sizes 1000,2000,5000,20000] [--server]');
    process.exit(2);
  }
  if (args.includes('--server-only')) {
    const { benchServer } = await import('./benchServer');
    return benchServer([data, ...args.filter((a) => a.startsWith('--articles=') || a.startsWith('--samples=') || a.startsWith('--server-js='))]);
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
