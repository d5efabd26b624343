// The CLI's output through a pipe, as `corroborate … | jq` or `| head` meet it:
// several megabytes must arrive whole (stdout to a pipe is asynchronous in
// Node, so a hard exit used to cut it at 64 or 128 KiB), and a reader that
// closes early must end the CLI quietly. Runs the built dist/cli.js.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offsetOf, SEEDS, seedByPrefix, seedFiles, seedText } from './helpers';

const CLI = join(__dirname, '..', 'dist', 'cli.js');
const COPIES = 16; // articles/: 16 copies of the 5 seeds, 80 articles, about 4 MB of --json
const FEW = 4; // few/: 4 copies, 20 articles, about 400 KB of report and 600 KB of --json
const PAIRS = 2000; // about 200 KB of compare lines (long ids)

let dir: string;
const articles = () => join(dir, 'articles');
const pairsFile = () => join(dir, 'pairs.jsonl');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'corroborate-cli-pipes-'));
  mkdirSync(articles());
  mkdirSync(join(dir, 'few'));
  for (let c = 0; c < COPIES; c++) {
    for (const f of seedFiles()) {
      copyFileSync(join(SEEDS, f), join(articles(), `copy${String(c).padStart(2, '0')}_${f}`));
      if (c < FEW) copyFileSync(join(SEEDS, f), join(dir, 'few', `copy${c}_${f}`));
    }
  }
  const t = seedText(seedByPrefix('000'));
  const s1 = t.slice(offsetOf(t, 'Russia says it has invited the Taliban'), t.indexOf('.', offsetOf(t, 'Russia says it has invited the Taliban')) + 1);
  writeFileSync(pairsFile(), Array.from({ length: PAIRS }, (_, i) => JSON.stringify({ id: `pair-${String(i).padStart(60, '0')}`, s1, s2: `${s1} (${i})` })).join('\n') + '\n');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs the CLI with stdout as a pipe and reads all of it as a slow reader
 * would (a pause after each chunk): the CLI has to wait for the reader, and a
 * CLI that exits while data is still queued loses it. The pace only makes
 * the old failure show; a correct CLI passes at any pace.
 */
async function piped(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  child.stdout.on('data', (c: Buffer) => {
    chunks.push(c);
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 10);
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout: Buffer.concat(chunks), stderr };
}

/** Runs the CLI with stdout redirected to a file (synchronous writes): the reference output. */
async function toFile(args: string[]): Promise<Buffer> {
  const out = join(dir, 'reference.out');
  const fd = openSync(out, 'w');
  try {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', fd, 'ignore'] });
    const [code] = await once(child, 'close');
    expect(code).toBe(0);
  } finally {
    closeSync(fd);
  }
  return readFileSync(out);
}

// `sameAsFile`: also compare byte for byte with a redirect to a file.
const cases: { name: string; args: () => string[]; check: (out: string) => void; sameAsFile?: boolean }[] = [
  {
    name: 'analyze --json',
    args: () => ['analyze', '--json', 'articles'],
    sameAsFile: true,
    check: (out) => {
      const doc = JSON.parse(out);
      expect(doc.documents).toHaveLength(COPIES * seedFiles().length);
      expect(doc.documents.at(-1).path).toBe(`articles/copy${String(COPIES - 1).padStart(2, '0')}_${seedFiles().at(-1)}`);
    },
  },
  {
    name: 'analyze (report)',
    args: () => ['analyze', 'few'],
    check: (out) => {
      expect(out.match(/^━━ /gm)).toHaveLength(FEW * seedFiles().length);
      expect(out.endsWith('\n\n')).toBe(true);
    },
  },
  {
    name: 'compare',
    args: () => ['compare', '--pairs', 'pairs.jsonl'],
    check: (out) => {
      const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l.id)).toEqual(Array.from({ length: PAIRS }, (_, i) => `pair-${String(i).padStart(60, '0')}`));
    },
  },
];

describe('output through a pipe', () => {
  it.each(cases)('$name arrives whole', async ({ args, check, sameAsFile }) => {
    const [r, reference] = await Promise.all([piped(args()), sameAsFile ? toFile(args()) : undefined]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(160 * 1024); // more than a pipe holds: it must wait for the reader
    check(r.stdout.toString('utf8'));
    if (reference) {
      expect(reference.length).toBeGreaterThan(3 << 20); // several megabytes
      expect(r.stdout.equals(reference)).toBe(true);
    }
  }, 60_000);

  it.each(cases)('$name ends quietly when the reader closes early', async ({ args }) => {
    // few/ still writes more than a pipe holds, so the CLI is mid-output.
    const child = spawn(process.execPath, [CLI, ...args().map((a) => (a === 'articles' ? 'few' : a))], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const closed = once(child, 'close');
    await once(child.stdout, 'data');
    child.stdout.destroy(); // like `| head -3`: the read end goes away mid-output
    const [code, signal] = (await closed) as [number | null, NodeJS.Signals | null];
    expect(stderr).toBe('');
    expect(signal).toBeNull();
    expect(code).toBe(0);
  }, 60_000);
});
