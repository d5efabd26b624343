// npm run bench:wordnet [-- --words 2000 --pairs 200000]
//
// WordNet's costs, on the index `npm run build` writes (dist/wordnet.bin):
//   - its size on disk (gzip) and inflated,
//   - load time: read + inflate + parse into ready tables, as the server and
//     the CLI do at start (loadWordNet); each run in a fresh process (what a
//     server start pays), median of 5, and in one process once warm,
//   - heap: what the loaded tables hold (heap used plus array buffers, after
//     garbage collection, before and after the load, in a fresh process),
//   - what it adds to the language server's start: spawn to the `initialize`
//     answer of dist/server.js, with wordnet.bin beside it and with a copy
//     of the bundle alone (no index: the server goes on without), runs
//     interleaved, median of 5 each,
//   - relation() calls per second on word pairs drawn from the seed articles'
//     words: a first pass (each word's sets found once, each pair once) and a
//     second pass over the same pairs (the memo's answers).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { WordNet } from '../server/src/engine';
import { loadWordNet } from '../server/src/node/wordnet';
import { LspHarness } from './lspHarness';

const root = join(__dirname, '..', '..');
const file = join(root, 'dist', 'wordnet.bin');
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

/** Child mode: one load in a fresh process; prints its figures as JSON. */
if (args[0] === '--child') {
  const gc = (globalThis as { gc?: () => void }).gc;
  const used = () => {
    gc?.();
    gc?.();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  const w = loadWordNet(file);
  if (!w.ok) throw new Error(w.message);
  const after = used();
  process.stdout.write(JSON.stringify({ ms: w.ms, heap: after - before, words: w.index.wordCount }));
  process.exit(0);
}

const loaded = loadWordNet(file);
if (!loaded.ok) {
  console.error(`cannot read ${file} (${loaded.message}); run npm run build`);
  process.exit(1);
}
const raw = gunzipSync(readFileSync(file)).byteLength;
console.log(`WordNet index: ${mb(statSync(file).size)} MB on disk (gzip), ${mb(raw)} MB inflated; ${loaded.index.wordCount} lemmas, ${loaded.index.synsetCount} synsets`);

const runs = Array.from({ length: 5 }, () => {
  const r = spawnSync(process.execPath, ['--expose-gc', __filename, '--child'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { ms: number; heap: number };
});
const warm = Array.from({ length: 5 }, () => {
  const w = loadWordNet(file);
  if (!w.ok) throw new Error(w.message);
  return w.ms;
});
console.log(`load (read + inflate + parse): ${median(runs.map((r) => r.ms)).toFixed(1)} ms median of 5 fresh processes (${runs.map((r) => r.ms.toFixed(0)).join(', ')}); ${median(warm).toFixed(1)} ms warm`);
console.log(`heap: +${mb(median(runs.map((r) => r.heap)))} MB (heap used + array buffers, after GC)`);

/** Milliseconds from spawning `serverJs` to its answer to `initialize`. */
async function serverStart(serverJs: string, folder: string): Promise<number> {
  const t = performance.now();
  const h = LspHarness.start(serverJs);
  await h.initialize(folder);
  const ms = performance.now() - t;
  await h.stop();
  return ms;
}

async function startCost(): Promise<void> {
  const alone = mkdtempSync(join(tmpdir(), 'corroborate-nowordnet-'));
  try {
    copyFileSync(join(root, 'dist', 'server.js'), join(alone, 'server.js'));
    const withIt: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < 5; i++) {
      withIt.push(await serverStart(join(root, 'dist', 'server.js'), alone));
      without.push(await serverStart(join(alone, 'server.js'), alone));
    }
    const a = median(withIt);
    const b = median(without);
    console.log(`server start (spawn to initialize answer): ${a.toFixed(0)} ms with WordNet, ${b.toFixed(0)} ms without: +${(a - b).toFixed(0)} ms (median of 5 each)`);
  } finally {
    rmSync(alone, { recursive: true, force: true });
  }
}

// Word pairs: distinct lower-case words of the seed articles, paired at random (seeded).
const seeds = join(root, 'seeds');
const words = [...new Set(readdirSync(seeds).filter((f) => f.endsWith('.txt')).flatMap((f) => readFileSync(join(seeds, f), 'utf8').toLowerCase().match(/[a-z]+(?:-[a-z]+)*/g) ?? []))]
  .slice(0, flag('--words', 2000));
let seed = 12345;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const nPairs = flag('--pairs', 200_000);
const pairs: [string, string][] = Array.from({ length: nPairs }, () => [words[Math.floor(rand() * words.length)], words[Math.floor(rand() * words.length)]]);

function relations(): void {
  if (!loaded.ok) return;
  const wn = new WordNet(loaded.index);
  const counts = new Map<string, number>();
  const pass = () => {
    const t = performance.now();
    for (const [a, b] of pairs) {
      const r = wn.relation(a, b) ?? 'none';
      counts.set(r, (counts.get(r) ?? 0) + 1);
    }
    return performance.now() - t;
  };
  const first = pass();
  const second = pass();
  const perSecond = (ms: number) => Math.round(pairs.length / (ms / 1000)).toLocaleString('en-US');
  console.log(`relation(): ${pairs.length.toLocaleString('en-US')} pairs over ${words.length} seed words: ${perSecond(first)} calls/s first pass, ${perSecond(second)} calls/s memoised`);
  console.log(`  relations found (first pass): ${[...counts].map(([k, v]) => `${k} ${v / 2}`).join(', ')}`);
}

startCost().then(relations, (e: unknown) => {
  console.error(e);
  process.exit(1);
});
