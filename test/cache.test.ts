// The persisted cache (server/src/node/cache.ts) in temp folders: what it
// stores comes back, and nothing else does: another version, a damaged,
// truncated or foreign entry is a counted miss and is rebuilt; the size bound
// evicts the least recently used; two processes writing the same keys at once
// leave only whole entries. Then the CLI's `--cache` end to end.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskCache } from '../server/src/node/cache';
import { LspHarness } from '../tools/lspHarness';
import { SEEDS, seedFiles } from './helpers';

const temps: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'corroborate-cache-'));
  temps.push(d);
  return d;
};
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

const open = (dir: string, extra: Partial<ConstructorParameters<typeof DiskCache>[0]> = {}) => new DiskCache({ dir, format: 'f1', model: 'm1', ...extra });
/** Every entry file under `dir` (temporary files excluded). */
const entryFiles = (dir: string) =>
  readdirSync(dir).filter((s) => /^[0-9a-f]{2}$/.test(s)).flatMap((s) => readdirSync(join(dir, s)).filter((n) => !n.startsWith('.')).map((n) => join(dir, s, n)));
const fileOf = (dir: string, key: string) => join(dir, key.slice(0, 2), key.slice(2));
const value = (i: number) => ({ path: `a/${i}.txt`, statements: [{ id: i, text: `“We will rebuild,” the mayor said on day ${i}.`, start: 0, end: 27 }], nested: { ok: true, n: null } });

describe('DiskCache', () => {
  it('gives back what was stored, JSON or bytes, from a fresh instance (another run)', () => {
    const dir = temp();
    const a = open(dir);
    const k1 = DiskCache.key('analysis', 'a.txt', 'Some text.');
    const k2 = DiskCache.key('bytes', 'a.txt');
    expect(a.get(k1)).toBeUndefined();
    expect(a.stats.missing).toBe(1);
    expect(a.set(k1, value(1))).toBe(true);
    expect(a.set(k2, Buffer.from([0, 1, 2, 255]))).toBe(true);
    const b = open(dir);
    expect(b.get(k1)).toEqual(value(1));
    expect(Buffer.from(b.get(k2) as Uint8Array)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(b.stats).toMatchObject({ hits: 2, missing: 0, stale: 0, corrupt: 0 });
  });

  it('keys differ when any part differs, and parts never run into each other', () => {
    expect(DiskCache.key('ab', 'c')).not.toBe(DiskCache.key('a', 'bc'));
    expect(DiskCache.key('x', 'text')).not.toBe(DiskCache.key('x', 'text '));
    expect(DiskCache.key('x', 'text')).toBe(DiskCache.key('x', 'text'));
  });

  it('misses (counted as stale) under another format or model version, and the rebuilt entry replaces it', () => {
    const dir = temp();
    const k = DiskCache.key('t');
    open(dir).set(k, value(1));
    for (const other of [open(dir, { format: 'f2' }), open(dir, { model: 'm2' })]) {
      expect(other.get(k)).toBeUndefined();
      expect(other.stats).toMatchObject({ hits: 0, stale: 1 });
    }
    const newer = open(dir, { model: 'm2' });
    newer.set(k, value(2));
    expect(open(dir, { model: 'm2' }).get(k)).toEqual(value(2));
    expect(open(dir).get(k)).toBeUndefined();
    expect(entryFiles(dir)).toHaveLength(1);
  });

  it('never trusts a damaged, truncated, emptied or foreign entry: a counted miss, then rebuilt', () => {
    const dir = temp();
    const c = open(dir);
    const keys = Array.from({ length: 6 }, (_, i) => DiskCache.key(String(i)));
    keys.forEach((k, i) => c.set(k, value(i)));
    const f = keys.map((k) => fileOf(dir, k));
    const bytes = readFileSync(f[0]);
    // a flipped byte in the payload
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 3] ^= 0x40;
    writeFileSync(f[0], flipped);
    // cut short
    truncateSync(f[1], bytes.length - 5);
    // empty
    writeFileSync(f[2], '');
    // another entry copied under this name (foreign)
    copyFileSync(f[4], f[3]);
    // not ours at all
    writeFileSync(f[5], JSON.stringify(value(5)));
    const d = open(dir);
    for (const i of [0, 1, 2, 3, 5]) expect(d.get(keys[i])).toBeUndefined();
    expect(d.get(keys[4])).toEqual(value(4));
    expect(d.stats).toMatchObject({ hits: 1, corrupt: 5 });
    // rebuilt: written again, then read back whole
    keys.forEach((k, i) => d.set(k, value(i)));
    const e = open(dir);
    keys.forEach((k, i) => expect(e.get(k)).toEqual(value(i)));
    expect(e.stats.hits).toBe(6);
  });

  it('answers a miss, and never throws, for a key that is no key or a directory where an entry should be', () => {
    const dir = temp();
    const c = open(dir);
    expect(c.get('../../etc/passwd')).toBeUndefined();
    expect(c.set('../x', 1)).toBe(false);
    const k = DiskCache.key('d');
    mkdirSync(fileOf(dir, k), { recursive: true });
    expect(c.get(k)).toBeUndefined();
    expect(c.set(k, 1)).toBe(false);
    expect(c.stats.writeErrors).toBeGreaterThan(0);
  });

  it('does not write until something is stored, and then only under its own directory', () => {
    const root = temp();
    const dir = join(root, 'nested', 'cache');
    const c = open(dir);
    c.get(DiskCache.key('x'));
    expect(readdirSync(root)).toEqual([]);
    c.set(DiskCache.key('x'), 1);
    expect(entryFiles(dir)).toHaveLength(1);
  });

  it('stays within its size bound, evicting the least recently used entries first', () => {
    const dir = temp();
    // incompressible payloads of ~8 KB each; the bound holds about ten
    const blob = (i: number) => Buffer.from(Array.from({ length: 8192 }, (_, j) => ((i * 7919 + j) * 2654435761) >>> 24));
    const bound = 10 * 8300;
    const c = open(dir, { maxBytes: bound });
    const keys = Array.from({ length: 30 }, (_, i) => DiskCache.key('blob', String(i)));
    const t0 = Date.now() / 1000 - 10_000;
    for (let i = 0; i < 30; i++) {
      c.set(keys[i], blob(i));
      // order the entries by age explicitly (mtime is the LRU order); key 0 is "used" most recently
      utimesSync(fileOf(dir, keys[i]), t0 + i, t0 + i);
      if (i === 5) utimesSync(fileOf(dir, keys[0]), t0 + 1000, t0 + 1000);
    }
    const total = entryFiles(dir).reduce((n, f) => n + statSync(f).size, 0);
    expect(total).toBeLessThanOrEqual(bound);
    expect(c.stats.evicted).toBeGreaterThan(0);
    const fresh = open(dir);
    expect(Buffer.from(fresh.get(keys[29]) as Uint8Array)).toEqual(blob(29));
    expect(Buffer.from(fresh.get(keys[0]) as Uint8Array)).toEqual(blob(0));
    expect(fresh.get(keys[1])).toBeUndefined();
  });

  it('two processes writing and reading the same keys at once leave only whole entries', async () => {
    const dir = temp();
    const bundle = join(temp(), 'cache.cjs');
    buildSync({ entryPoints: [join(__dirname, '..', 'server', 'src', 'node', 'cache.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'error' });
    // each writer stores its own version of 40 shared keys, 15 rounds, reading between writes
    const script = `
      const { DiskCache } = require(${JSON.stringify(bundle)});
      const who = process.argv[1];
      const c = new DiskCache({ dir: ${JSON.stringify(dir)}, format: 'f1', model: 'm1', maxBytes: 1e9 });
      let bad = 0;
      for (let round = 0; round < 15; round++) for (let i = 0; i < 40; i++) {
        const k = DiskCache.key('shared', String(i));
        const v = c.get(k);
        if (v !== undefined && (v.i !== i || !Array.isArray(v.fill) || v.fill.length !== 500 + i)) bad++;
        c.set(k, { i, who, round, fill: Array.from({ length: 500 + i }, (_, j) => who + j) });
      }
      process.stdout.write(JSON.stringify({ bad, stats: c.stats }));`;
    const runOne = (who: string) =>
      new Promise<{ bad: number; stats: DiskCache['stats'] }>((resolve, reject) => {
        const p = spawn(process.execPath, ['-e', script, who], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.on('error', reject);
        p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`writer ${who} exited ${code}`))));
      });
    const results = await Promise.all([runOne('A'), runOne('B')]);
    for (const r of results) {
      expect(r.bad).toBe(0);
      expect(r.stats.corrupt).toBe(0);
      expect(r.stats.writeErrors).toBe(0);
    }
    // afterwards: exactly one whole entry per key, no temporary file left behind
    const c = open(dir);
    for (let i = 0; i < 40; i++) {
      const v = c.get(DiskCache.key('shared', String(i))) as { i: number; who: string; round: number };
      expect(v).toMatchObject({ i, round: 14 });
      expect(['A', 'B']).toContain(v.who);
    }
    expect(c.stats.hits).toBe(40);
    expect(entryFiles(dir)).toHaveLength(40);
    const tmpLeft = readdirSync(dir).flatMap((s) => readdirSync(join(dir, s)).filter((n) => n.startsWith('.tmp-')));
    expect(tmpLeft).toEqual([]);
  });
});

describe('corroborate analyze --cache', () => {
  const CLI = join(__dirname, '..', 'dist', 'cli.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: join(__dirname, '..'), timeout: 60_000, maxBuffer: 1 << 26 });

  it('gives the same output cold, warm and after damage, storing one entry per article and one for the run, outside the articles', () => {
    const dir = join(temp(), 'cache');
    // three seeds of one story, so that links are part of what must come out the same
    const articles = temp();
    for (const f of seedFiles().slice(0, 3)) cpSync(join(SEEDS, f), join(articles, f));
    const plain = run('analyze', '--json', articles);
    expect(plain.status).toBe(0);
    const cold = run('analyze', '--json', '--cache', dir, articles);
    expect(cold.status).toBe(0);
    expect(cold.stdout).toBe(plain.stdout);
    const entries = entryFiles(dir);
    expect(entries).toHaveLength(3 + 1);
    const written = entries.map((f) => statSync(f).mtimeMs);

    // warm: nothing written again
    const warm = run('analyze', '--json', '--cache', dir, articles);
    expect(warm.stdout).toBe(plain.stdout);
    expect(entryFiles(dir).map((f) => statSync(f).mtimeMs)).toEqual(written);

    // every entry damaged: same output, and each is written again
    const damaged = entries.map((f) => {
      const b = Buffer.from(readFileSync(f));
      b[b.length - 1] ^= 0xff;
      writeFileSync(f, b);
      utimesSync(f, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
      return b;
    });
    const again = run('analyze', '--json', '--cache', dir, articles);
    expect(again.stdout).toBe(plain.stdout);
    entries.forEach((f, i) => expect(readFileSync(f).equals(damaged[i]), f).toBe(false));
  }, 120_000);

  it('prints a run over unchanged files from its stored result, stderr notes included, reading no analysis; any change is a miss', () => {
    const dir = join(temp(), 'cache');
    const articles = temp();
    for (const f of seedFiles().slice(0, 3)) cpSync(join(SEEDS, f), join(articles, f));
    writeFileSync(join(articles, 'empty.txt'), '');
    const plain = run('stories', '--json', articles);
    expect(plain.stderr).toMatch(/empty\.txt: empty file/);

    // `analyze` stores three analyses and its result; `stories` then adds only its own result
    run('analyze', '--json', '--cache', dir, articles);
    const first = entryFiles(dir);
    expect(run('stories', '--json', '--cache', dir, articles).stdout).toBe(plain.stdout);
    const [own] = entryFiles(dir).filter((f) => !first.includes(f));
    expect(entryFiles(dir)).toHaveLength(first.length + 1);

    // with every other entry damaged, `stories` again: its stored result, the damage left unread
    const damaged = first.map((f) => {
      const b = Buffer.from(readFileSync(f));
      b[b.length - 1] ^= 0xff;
      writeFileSync(f, b);
      return b;
    });
    const warm = run('stories', '--json', '--cache', dir, articles);
    expect([warm.status, warm.stdout, warm.stderr]).toEqual([plain.status, plain.stdout, plain.stderr]);
    first.forEach((f, i) => expect(readFileSync(f).equals(damaged[i]), f).toBe(true));
    expect(existsSync(own)).toBe(true);

    // one article changed (a claim added): a miss, and what a run without the cache prints
    const before = run('analyze', '--json', '--cache', dir, articles).stdout;
    const changed = join(articles, seedFiles()[0]);
    writeFileSync(changed, readFileSync(changed, 'utf8') + '\nThe talks were later postponed until November, officials said.\n');
    const after = run('analyze', '--json', '--cache', dir, articles).stdout;
    expect(after).not.toBe(before);
    expect(after).toBe(run('analyze', '--json', articles).stdout);
  }, 120_000);

  it('refuses a cache inside the articles’ folder and a bad --cache-size', () => {
    const inside = run('analyze', '--cache', join(SEEDS, 'cache'), SEEDS);
    expect(inside.status).toBe(2);
    expect(inside.stderr).toMatch(/--cache .* is inside/);
    const size = run('analyze', '--cache', join(temp(), 'c'), '--cache-size', 'lots', SEEDS);
    expect(size.status).toBe(2);
    expect(size.stderr).toMatch(/--cache-size needs a number of megabytes/);
  });
});

describe('the server and its storage folder', () => {
  it('takes the cache folder the client hands it, below that folder, and writes nothing into the workspace', async () => {
    const work = temp();
    for (const f of seedFiles().slice(0, 2)) cpSync(join(SEEDS, f), join(work, f));
    const storage = join(temp(), 'storage');
    const h = LspHarness.start(join(__dirname, '..', 'dist', 'server.js'));
    try {
      await h.initialize(work, { settings: {}, storageDir: storage });
      await h.waitIdle(0, 60_000);
      const logs = h.events.filter((e) => e.kind === 'log').map((e) => e.params.message as string);
      expect(logs.some((m) => m.includes(`analysis cache: ${join(storage, 'analysis-cache')}`))).toBe(true);
      expect(readdirSync(work).sort()).toEqual(seedFiles().slice(0, 2).sort());
    } finally {
      await h.stop();
    }
  });
});
