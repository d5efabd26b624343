// Analysis on several threads gives what one thread gives: the seeds analysed
// on 1 or 2 worker threads, or with analyses finishing in a shuffled order,
// feed the engine exactly what a single-threaded load does (every statement's
// links, speakers and stories compared); a file whose analysis fails, or whose
// worker dies, is skipped with a message and the others go on; and the
// portable analysis survives JSON and structured clone unchanged.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ANALYSIS_FORMAT, createEngine, type AnalysedDocument, type Engine } from '../server/src/engine';
import { inOrder, inProcessPool, type AnalysisPool, type AnalysisResult, type Loaded, type Submit } from '../server/src/node/analysis';
import { createPool } from '../server/src/node/pool';
import { ServerState } from '../server/src/lsp/state';
import { SEEDS, seedFiles, seedText } from './helpers';

const ROOT = join(__dirname, '..');
// the CLI's bundle serves as the pool's worker (as dist/server.js does for the server)
const WORKER = join(ROOT, 'dist', 'cli.js');
const CLI = join(ROOT, 'dist', 'cli.js');
const files: Loaded[] = seedFiles().map((f) => ({ path: f, text: seedText(f) }));
const reference = createEngine();
reference.setMany(files);

/** What a reader sees of a corpus: each document's story and statements, with speakers and links. */
function seen(engine: Engine): string {
  return JSON.stringify(
    engine.paths().map((path) => ({
      path,
      story: engine.storyOf(path)?.id,
      statements: engine.get(path)!.statements.map((s) => {
        const v = engine.view(path, s.id)!;
        return [s.id, s.kind, s.start, s.end, v.speaker?.name, v.matches.map((m) => [m.path, m.statementId, m.relation, m.score])];
      }),
    })),
  );
}

/** The results of `pool` over the seeds, and an engine fed them in the order they came. */
async function load(results: AsyncIterable<AnalysisResult>): Promise<{ engine: Engine; errors: AnalysisResult[]; order: string[] }> {
  const engine = createEngine();
  const bulk = engine.bulkLoad();
  const errors: AnalysisResult[] = [];
  const order: string[] = [];
  for await (const r of results) {
    order.push(r.path);
    if ('error' in r) errors.push(r);
    else bulk.add(r.doc);
  }
  bulk.finish();
  return { engine, errors, order };
}

/** Analyses in this thread, finishing the pending files in a (seeded) random order; records the order they finished in. */
function shuffled(seed: number): { submit: Submit; finished: string[] } {
  const analyser = createEngine();
  const pending: (() => void)[] = [];
  const finished: string[] = [];
  let r = seed;
  const random = () => (r = (Math.imul(r, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const tick = () => {
    if (pending.length) pending.splice(Math.floor(random() * pending.length), 1)[0]();
  };
  const submit: Submit = (file) =>
    new Promise((resolve) => {
      pending.push(() => {
        finished.push(file.path);
        resolve({ path: file.path, doc: analyser.analyse(file.path, file.text) });
      });
      setImmediate(tick);
    });
  return { submit, finished };
}

const pools: AnalysisPool[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function pool(workers: number, script = WORKER, warnings: string[] = []): AnalysisPool {
  const p = createPool({ workers, script, fallback: (path, text) => reference.analyse(path, text), warn: (m) => warnings.push(m) });
  pools.push(p);
  return p;
}

describe('analysis on several threads', () => {
  it('gives the engine what one thread gives, for 1 and 2 worker threads', async () => {
    const expected = seen(reference);
    for (const workers of [1, 2]) {
      const p = pool(workers);
      expect(p.workers).toBe(workers > 1 ? workers : 0);
      const { engine, errors, order } = await load(p.analyse(files));
      expect(errors).toEqual([]);
      expect(order).toEqual(files.map((f) => f.path));
      expect(seen(engine), `${workers} workers`).toBe(expected);
    }
  });

  it('feeds results in input order whatever order the analyses finish in', async () => {
    const expected = seen(reference);
    for (const seed of [1, 2, 3]) {
      const { submit, finished } = shuffled(seed);
      const { engine, order } = await load(inOrder(files, submit, 6));
      // the analyses did finish out of order (else this test could not fail)
      expect(finished).not.toEqual(files.map((f) => f.path));
      expect(order).toEqual(files.map((f) => f.path));
      expect(seen(engine), `seed ${seed}`).toBe(expected);
    }
  });

  it('skips a file whose analysis throws, with its reason, and analyses the others', async () => {
    const bad = files[2].path;
    const p = inProcessPool((path, text) => {
      if (path === bad) throw new Error('cannot read this text');
      return reference.analyse(path, text);
    });
    const { engine, errors } = await load(p.analyse(files));
    expect(errors).toEqual([{ path: bad, error: 'cannot read this text' }]);
    expect(engine.paths()).toEqual(files.map((f) => f.path).filter((f) => f !== bad));
    const alone = createEngine();
    alone.setMany(files.filter((f) => f.path !== bad));
    expect(seen(engine)).toBe(seen(alone));
  });

  it('skips the file a worker died on, replaces the worker and analyses the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corroborate-pool-'));
    dirs.push(dir);
    // a worker that dies (an uncaught error) on a text holding ☠, else the real one
    const script = join(dir, 'dies.js');
    writeFileSync(
      script,
      [
        `const port = require('node:worker_threads').parentPort;`,
        `const on = port.on.bind(port);`,
        `port.on = (event, f) => on(event, event !== 'message' ? f : (m) => { if (m.text.includes('\\u2620')) throw new Error('died on purpose'); f(m); });`,
        `require(${JSON.stringify(WORKER)});`,
      ].join('\n'),
    );
    const input = files.map((f, i) => (i === 3 ? { ...f, text: f.text + '\n\u2620\n' } : f));
    const warnings: string[] = [];
    const { engine, errors } = await load(pool(2, script, warnings).analyse(input));
    expect(errors).toEqual([{ path: files[3].path, error: expect.stringContaining('the analysis worker stopped (died on purpose)') }]);
    expect(warnings).toEqual([expect.stringContaining(`while analysing ${files[3].path}; starting another`)]);
    const alone = createEngine();
    alone.setMany(files.filter((_, i) => i !== 3));
    expect(seen(engine)).toBe(seen(alone));
  });

  it('analyses in this thread, with one warning, when no worker can start', async () => {
    const warnings: string[] = [];
    const { engine, errors } = await load(pool(2, join(ROOT, 'dist', 'no-such-worker.js'), warnings).analyse(files));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/^cannot start analysis worker threads \(.+\); analysing in this thread$/)]);
    expect(seen(engine)).toBe(seen(reference));
  });

  it('keeps the portable analysis whole through JSON and structured clone', () => {
    const docs = files.map((f) => reference.analyse(f.path, f.text));
    expect(docs.map((d) => d.format)).toEqual(docs.map(() => ANALYSIS_FORMAT));
    for (const copy of [(d: AnalysedDocument[]) => JSON.parse(JSON.stringify(d)) as AnalysedDocument[], (d: AnalysedDocument[]) => structuredClone(d)]) {
      const engine = createEngine();
      engine.setAnalysed(copy(docs));
      expect(seen(engine)).toBe(seen(reference));
    }
    // a document of another format is not taken
    expect(() => createEngine().setAnalysed([{ ...docs[0], format: docs[0].format + 1 }])).toThrow(/format/);
  });
});

describe('a load matched in slices (the server, between requests)', () => {
  const analysed = files.map((f) => reference.analyse(f.path, f.text));

  it('gives what one unbroken load gives, answering views between slices', () => {
    const engine = createEngine();
    const bulk = engine.bulkLoad();
    for (const d of analysed) bulk.add(d);
    const statements = analysed.reduce((n, d) => n + d.statements.length, 0);
    let slices = 1;
    // stop after every statement; read a view in between
    while (!bulk.finish(undefined, () => false)) {
      slices++;
      const path = files[slices % files.length].path;
      expect(engine.view(path, engine.get(path)!.statements[0].id)).toBeDefined();
    }
    expect(slices).toBe(statements);
    expect(seen(engine)).toBe(seen(reference));
  });

  it('is finished first when the corpus is changed in the middle of it', () => {
    const state = new ServerState();
    const job = state.load(analysed.slice(0, 4));
    expect(job.step(() => false)).toBe(false);
    expect(state.has(files[0].path)).toBe(false);
    state.set(files[4].path, files[4].text, null);
    expect(job.step()).toBe(true);
    expect(files.every((f) => state.has(f.path))).toBe(true);
    state.indexing = false;
    const single = new ServerState();
    single.setAnalysed(analysed.slice(0, 4));
    single.set(files[4].path, files[4].text, null);
    single.indexing = false;
    expect(seen(state.corpus)).toBe(seen(single.corpus));
  });
});

describe('corroborate --jobs', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 26 });

  it('prints the same JSON for --jobs 1 and --jobs 2', () => {
    const one = run('analyze', '--json', '--jobs', '1', SEEDS);
    const two = run('analyze', '--json', '--jobs', '2', SEEDS);
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect(JSON.parse(one.stdout).documents).toHaveLength(files.length);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
  });

  it('refuses a --jobs that is no number of threads', () => {
    for (const bad of ['0', 'two', '1.5']) {
      const r = run('analyze', '--jobs', bad, SEEDS);
      expect(r.status, bad).toBe(2);
      expect(r.stderr.split('\n')[0], bad).toMatch(/^corroborate: --jobs needs a number of threads \(1 or more\)/);
    }
    expect(run('--help').stdout).toContain('--jobs');
  });
});
