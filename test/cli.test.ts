// The command-line tool as a user runs it: the built dist/cli.js on the seeds
// and on bad input (npm test builds first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offsetOf, SEEDS, seedByPrefix, seedFiles, seedText } from './helpers';
import { DAM_A, DAM_B } from './twoStories';

const CLI = join(__dirname, '..', 'dist', 'cli.js');
const runIn = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, timeout: 60_000, maxBuffer: 1 << 26 });
const run = (...args: string[]) => runIn(join(__dirname, '..'), ...args);

describe('corroborate analyze', () => {
  it('prints each quote with its speaker, the claims and the ignored chrome', () => {
    const r = run('analyze', 'seeds');
    expect(r.status).toBe(0);
    for (const f of seedFiles()) expect(r.stdout).toContain(`seeds/${f}`);
    expect(r.stdout).toMatch(/“The peace process definitely needs[^\n]*\n\s+— Sibghat Ahmadi/);
    expect(r.stdout).toMatch(/Claims \(\d+\)/);
    expect(r.stdout).toContain('[boilerplate: page furniture] Skip to main content');
  });

  it('--json follows the versioned contract with exact offsets', () => {
    const r = run('analyze', '--json', 'seeds');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.version).toBe(1);
    expect(out.documents).toHaveLength(seedFiles().length);
    for (const d of out.documents) {
      const text = readFileSync(join(__dirname, '..', d.path), 'utf8');
      expect(typeof d.source).toBe('string');
      expect(typeof d.title).toBe('string');
      expect(out.stories.find((st: { id: string }) => st.id === d.story).documents).toContain(d.path);
      for (const g of d.ignored) expect(Object.keys(g).sort()).toEqual(['end', 'reason', 'start']);
      for (const s of d.statements) {
        expect(text.slice(s.start, s.end)).toBe(s.text);
        expect(['quote', 'claim', 'headline']).toContain(s.kind);
        expect(Array.isArray(s.reportedVia)).toBe(true);
        if (s.speaker && !s.speaker.borrowedFrom) expect(text.slice(s.speaker.start, s.speaker.end).length).toBeGreaterThan(0);
        for (const m of s.matches) {
          expect(m.path).not.toBe(d.path);
          expect(Object.keys(m).sort()).toEqual(['end', 'path', 'relation', 'score', 'start', 'statement']);
        }
      }
    }
    // every seed opens with its headline: one `headline` statement, exactly that line (the document's title)
    for (const d of out.documents) {
      const heads = d.statements.filter((s: { kind: string }) => s.kind === 'headline');
      expect(heads.map((s: { text: string }) => s.text), d.path).toEqual([d.title]);
      expect(heads[0].speaker).toBeNull();
    }
    const d0 = out.documents.find((d: { path: string }) => d.path.endsWith(seedByPrefix('000')));
    const at = offsetOf(seedText(seedByPrefix('000')), 'The peace process definitely');
    const q = d0.statements.find((s: { kind: string; start: number; end: number }) => s.kind === 'quote' && s.start <= at && at < s.end);
    expect(q.speaker.name).toBe('Sibghat Ahmadi');
    expect(seedText(seedByPrefix('000')).slice(q.speaker.start, q.speaker.end)).toContain('Sibghat Ahmadi');
  });

  it('reads a file named twice once (a file and its folder, a folder twice)', () => {
    const once = run('analyze', '--json', 'seeds');
    const twice = run('analyze', '--json', `seeds/${seedByPrefix('004')}`, 'seeds', './seeds/');
    expect(twice.stderr).toBe('');
    expect(twice.status).toBe(0);
    const paths = JSON.parse(twice.stdout).documents.map((d: { path: string }) => d.path);
    expect(paths).toHaveLength(seedFiles().length);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths[0]).toBe(`seeds/${seedByPrefix('004')}`);
    expect(JSON.parse(once.stdout).documents.map((d: { path: string }) => d.path).sort()).toEqual([...paths].sort());
  });
});

describe('stories', () => {
  // the seeds (one story) and two articles of another story that reprint one seed quote word for word
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'corroborate-stories-'));
    for (const f of seedFiles()) copyFileSync(join(SEEDS, f), join(dir, f));
    writeFileSync(join(dir, 'dam-a.txt'), DAM_A);
    writeFileSync(join(dir, 'dam-b.txt'), DAM_B);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('analyze --json names each document\'s story, lists the stories, and marks the match across stories', () => {
    const r = runIn(dir, 'analyze', '--json', '.');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['version', 'stories', 'documents']);
    expect(out.version).toBe(1);
    expect(out.stories.map((st: any) => st.documents.length)).toEqual([5, 2]);
    for (const st of out.stories) expect(Object.keys(st)).toEqual(['id', 'label', 'documents']);
    expect(out.stories[0].documents.sort()).toEqual(seedFiles());
    expect(out.stories[1].documents).toEqual(['dam-a.txt', 'dam-b.txt']);
    for (const d of out.documents) expect(out.stories.find((st: any) => st.id === d.story).documents).toContain(d.path);
    const across = out.documents.flatMap((d: any) => d.statements.flatMap((s: any) => s.matches.filter((m: any) => m.otherStory).map((m: any) => [d.path, m.path, m.relation])));
    expect(across.length).toBeGreaterThan(0);
    for (const [from, to, relation] of across) {
      expect(relation).toBe('verbatim');
      expect(out.documents.find((d: any) => d.path === from).story).not.toBe(out.documents.find((d: any) => d.path === to).story);
    }
    expect(across.map(([from]: string[]) => from)).toContain('dam-a.txt');
    // otherStory appears only when true
    for (const d of out.documents) for (const s of d.statements) for (const m of s.matches) expect(m.otherStory ?? true).toBe(true);
  });

  it('stories prints the stories with their articles, readable and --json', () => {
    const r = runIn(dir, 'stories', '.');
    expect(r.status).toBe(0);
    const blocks = r.stdout.split('━━ ').slice(1);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(/^[^\n]+\n\s+5 articles · s/);
    for (const f of seedFiles()) expect(blocks[0]).toContain(f);
    expect(blocks[1]).toContain('dam-a.txt');
    expect(blocks[1]).toContain('dam-b.txt');
    expect(r.stdout.trim().split('\n').pop()).toBe('2 stories, 7 articles');
    const j = runIn(dir, 'stories', '--json', '.');
    expect(j.status).toBe(0);
    const out = JSON.parse(j.stdout);
    expect(out.version).toBe(1);
    const analyzed = JSON.parse(runIn(dir, 'analyze', '--json', '.').stdout);
    expect(out.stories).toEqual(analyzed.stories);
  });

  it('the report names the story and counts sources in it', () => {
    const r = runIn(dir, 'analyze', '.');
    expect(r.stdout).toMatch(new RegExp(`━━ ${seedByPrefix('000')}\n[^━]*story: [^\n]+ · 5 sources`));
    expect(r.stdout).toMatch(/reported by [2-5] of 5 sources/);
    expect(r.stdout).toMatch(/━━ dam-a\.txt\n[^━]*story: [^\n]+ · 2 sources[^━]*\(another story\)/);
  });
});

describe('bad input', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'corroborate-cli-'));
    copyFileSync(join(SEEDS, seedByPrefix('001')), join(dir, 'good.txt'));
    writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    writeFileSync(join(dir, 'latin1.txt'), Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' owner Jos'), Buffer.from([0xe9]), Buffer.from(' Garcia said on Monday that the cafe would close in 2019.\n')]));
    writeFileSync(join(dir, 'empty.txt'), '');
    mkdirSync(join(dir, 'nothing-here'));
    writeFileSync(join(dir, 'nothing-here', 'notes.md'), '# not a text file');
    // 1 MB of text with a NUL byte near the start: binary, whatever the size limit.
    const bigBinary = Buffer.from('The minister said the talks would go ahead. '.repeat(24_000));
    bigBinary[100] = 0;
    mkdirSync(join(dir, 'only'));
    writeFileSync(join(dir, 'only', 'big-binary.txt'), bigBinary);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('fails with one clear line on a missing path', () => {
    const r = run('analyze', join(dir, 'missing'));
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no such file or folder/);
  });

  it('says so when a folder has no text files', () => {
    const r = run('analyze', join(dir, 'nothing-here'));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/no text files found/);
  });

  it('skips binary files, warns on invalid UTF-8 and empty files, and analyses the rest', () => {
    const r = run('analyze', '--json', dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/binary\.txt: binary file .*skipped/);
    expect(r.stderr).toMatch(/latin1\.txt: invalid UTF-8/);
    expect(r.stderr).toMatch(/empty\.txt: empty file/);
    const paths = JSON.parse(r.stdout).documents.map((d: { path: string }) => d.path.split('/').pop());
    expect(paths.sort()).toEqual(['empty.txt', 'good.txt', 'latin1.txt']);
  });

  it('skips a 50 MB file under the stated limit without hanging', () => {
    const big = join(dir, 'big', 'huge.txt');
    mkdirSync(join(dir, 'big'));
    writeFileSync(big, 'The minister said the talks would go ahead. '.repeat(1_200_000));
    const r = run('analyze', big, join(dir, 'good.txt'));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/huge\.txt: larger than the 10 MB limit \(5\d\.\d MB\); skipped/);
    expect(r.stdout).toContain('good.txt');
  });

  // Every input skipped (binary, over --max-size, empty): the reasons, then exit 1 with no report.
  it.each([
    { name: 'a binary file', args: () => ['binary.txt'], reason: /binary\.txt: binary file/ },
    { name: 'a file over --max-size', args: () => ['--max-size', '100', 'good.txt'], reason: /good\.txt: larger than the 100 bytes limit \(\d+ KB\); skipped/ },
    { name: 'an empty file', args: () => ['empty.txt'], reason: /empty\.txt: empty file/ },
    { name: 'binary and over the limit', args: () => ['--max-size', '100', 'binary.txt', 'good.txt'], reason: /binary\.txt: binary file[^]*good\.txt: larger than/ },
  ])('exits 1 when nothing is readable: $name', ({ args, reason }) => {
    for (const json of [[], ['--json']]) {
      const r = runIn(dir, 'analyze', ...json, ...args());
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(reason);
      expect(r.stderr).toMatch(/nothing to analyse/);
    }
  });

  it('--max-size 0 means no limit', () => {
    const r = runIn(dir, 'analyze', '--max-size', '0', 'good.txt');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('━━ good.txt');
  });

  it('calls a large binary file binary, not too large', () => {
    const r = runIn(dir, 'analyze', '--max-size', '1000', join('only', 'big-binary.txt'));
    expect(r.stderr).toMatch(/big-binary\.txt: binary file \(contains NUL bytes\); skipped/);
    expect(r.stderr).not.toMatch(/larger than/);
    expect(r.status).toBe(1);
  });
});

describe('corroborate compare', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'corroborate-pairs-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes one decision per pair', () => {
    const s000 = seedText(seedByPrefix('000'));
    const s001 = seedText(seedByPrefix('001'));
    const sentence = (t: string, start: string) => t.slice(offsetOf(t, start), t.indexOf('.', offsetOf(t, start)) + 1);
    const pairs = [
      { id: 'same', s1: sentence(s000, 'Russia says it has invited the Taliban and 12 countries'), s2: sentence(s001, 'Russia has invited 12 countries') },
      { id: 'different', s1: sentence(s000, 'The Taliban are refusing to negotiate'), s2: sentence(s001, 'It comes nearly 40 years since Moscow sent its troops') },
    ];
    writeFileSync(join(dir, 'pairs.jsonl'), pairs.map((p) => JSON.stringify(p)).join('\n') + '\nnot json\n');
    const r = run('compare', '--pairs', join(dir, 'pairs.jsonl'));
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['same', 'different']);
    expect(lines[0].same).toBe(true);
    expect(lines[1].same).toBe(false);
    expect(lines[0].score).toBeGreaterThan(lines[1].score);
    expect(r.stderr).toMatch(/pairs\.jsonl:3: not JSON; skipped/);
  });
});

describe('command line', () => {
  // A bad command line: one line saying what is wrong, then the usage, exit 2.
  it.each([
    { args: ['analyze', 'seeds', '--include'], message: '--include needs a value' },
    { args: ['analyze', '--include', '--json', 'seeds'], message: '--include needs a value' },
    { args: ['analyze', '--bogus', 'seeds'], message: 'unknown option --bogus' },
    { args: ['analyze', '--json=yes', 'seeds'], message: '--json takes no value' },
    { args: ['analyze', '--max-size', 'big', 'seeds'], message: "--max-size needs a number of bytes (0 = no limit), not 'big'" },
    { args: ['analyze', '--max-size=-1', 'seeds'], message: "--max-size needs a number of bytes (0 = no limit), not '-1'" },
    { args: ['analyze', '--json'], message: 'analyze needs a file or folder' },
    { args: ['compare', '--pairs'], message: '--pairs needs a value' },
    { args: ['compare', 'pairs.jsonl'], message: 'unexpected argument pairs.jsonl' },
    { args: ['frobnicate'], message: "unknown command 'frobnicate'" },
  ])('bad command line: exit 2 with "$message" and the usage', ({ args, message }) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(`corroborate: ${message}`);
    expect(lines[1]).toBe('usage:');
  });

  it('keeps --opt=value, repeated options and the options after the inputs', () => {
    const a = run('analyze', '--json', '--include=*.txt', 'seeds');
    const b = run('analyze', 'seeds', '--include', 'x*.md', '--include', '*.txt', '--max-size=0', '--json');
    expect(a.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  });

  it('--help documents --max-size 0', () => {
    for (const args of [['--help'], ['analyze', '--help']]) {
      const r = run(...args);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/--max-size[^\n]*0 = no limit/);
    }
  });

  it('shows scores in the report as whole percentages, in the JSON as numbers', () => {
    const report = run('analyze', 'seeds').stdout;
    const shown = [...report.matchAll(/↔ \S+ (\S+) ·/g)].map((m) => m[1]);
    expect(shown.length).toBeGreaterThan(0);
    for (const s of shown) expect(s).toMatch(/^\d{1,3}%$/);
    const json = JSON.parse(run('analyze', '--json', 'seeds').stdout);
    const scores = json.documents.flatMap((d: any) => d.statements.flatMap((s: any) => s.matches.map((m: any) => m.score)));
    expect(scores.length).toBe(shown.length);
    for (const x of scores) expect(typeof x).toBe('number');
  });
});
