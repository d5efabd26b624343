// The server's session in process: the seeds in an in-memory workspace, a
// client that records what the session sends, no connection. Each test waits
// for the session to be idle (whenIdle), never for a fixed time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { StatusParams } from '../server/src/lsp/protocol';
import { Session, type Client } from '../server/src/lsp/session';
import { hover } from '../server/src/lsp/features/hover';
import { inProcessPool, type AnalysisPool } from '../server/src/node/analysis';
import { positionOf } from '../tools/lspHarness';
import { offsetOf, seedByPrefix, seedFiles, seedText } from './helpers';
import { InMemoryWorkspace } from './inMemoryWorkspace';

const ROOT = '/ws';
const QUOTE = 'The peace process definitely';
const path = (name: string) => `${ROOT}/${name}`;
const uri = (name: string) => `file://${path(name)}`;
const [S000, S001, S002] = ['000', '001', '002'].map(seedByPrefix);

/** Records what the session sends; answers workspace/configuration from `settings`. */
class RecordingClient implements Client {
  settings: Record<string, unknown> = {};
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly statuses: StatusParams[] = [];
  readonly logs: string[] = [];
  readonly shown: string[] = [];
  configuration = async () => this.settings;
  publishDiagnostics = (u: string, list: Diagnostic[]) => void this.diagnostics.set(u, list);
  status = (p: StatusParams) => void this.statuses.push(p);
  log = (_level: string, message: string) => void this.logs.push(message);
  show = (_type: string, message: string) => void this.shown.push(message);
  refresh = () => undefined;
  progress = async () => undefined;
  watch = async () => undefined;
}

/** The seeds (and `extra` files) in memory, a started session, idle. */
async function start(extra: Record<string, string | Uint8Array> = {}) {
  const ws = new InMemoryWorkspace();
  for (const f of seedFiles()) ws.write(path(f), seedText(f));
  for (const [name, content] of Object.entries(extra)) ws.write(path(name), content);
  const client = new RecordingClient();
  const session = new Session(ws, client, { debounceMs: 20 });
  session.initialize([{ uri: `file://${ROOT}` }], undefined);
  await session.start();
  await session.whenIdle();
  return { ws, client, session, state: session.state };
}

type Started = Awaited<ReturnType<typeof start>>;

/** File names of the corpus. */
const corpus = ({ state }: Started) => state.corpus.paths().map((p) => p.slice(ROOT.length + 1)).sort();

/** File names of the other documents linked to the statement of `name` that contains `needle` (none if no such statement). */
function linksOf({ state }: Started, name: string, needle: string): string[] {
  const s = state.corpus.get(path(name))?.statements.find((x) => x.text.includes(needle));
  return s ? [...new Set(state.corpus.matches(path(name), s.id).map((m) => m.path.slice(ROOT.length + 1)))].sort() : [];
}

/** 000 without the Ahmadi quote, its attribution and the paragraph before it that reports the same announcement (in both copies of the body). */
function without000Quote(): string {
  let t = seedText(S000);
  for (let start; (start = t.indexOf('This comes after the Afghan Ministry')) >= 0; ) t = t.slice(0, start) + t.slice(t.indexOf('\n', t.indexOf(QUOTE, start)));
  return t;
}

describe('session: which copy of a document wins', () => {
  it('the open copy wins over the disk, also when the disk changes meanwhile; the disk comes back on close', async () => {
    const s = await start();
    expect(linksOf(s, S001, QUOTE)).toContain(S000);
    const edited = without000Quote();
    expect(edited).not.toContain(QUOTE);
    await s.session.didOpen(TextDocument.create(uri(S000), 'plaintext', 1, edited));
    await s.session.whenIdle();
    expect(linksOf(s, S000, QUOTE)).toEqual([]);
    expect(linksOf(s, S001, QUOTE)).not.toContain(S000);
    // A watcher event for the open file changes nothing: the editor's text is the document.
    s.ws.write(path(S000), seedText(S000) + '\n');
    s.session.filesChanged([{ uri: uri(S000), deleted: false }]);
    await s.session.whenIdle();
    expect(s.state.analysed.get(path(S000))?.text).toBe(edited);
    // Closed: the disk copy as it is now.
    await s.session.didClose(uri(S000));
    await s.session.whenIdle();
    expect(s.state.analysed.get(path(S000))?.text).toBe(seedText(S000) + '\n');
    expect(linksOf(s, S001, QUOTE)).toContain(S000);
  });

  it('an edit burst is analysed once, from its last version', async () => {
    const s = await start();
    const set = vi.spyOn(s.state, 'set');
    let doc = TextDocument.create(uri(S000), 'plaintext', 1, seedText(S000));
    await s.session.didOpen(doc);
    await s.session.whenIdle();
    expect(set).not.toHaveBeenCalled(); // the text is the disk's: nothing to redo
    const target = without000Quote();
    // Four edits in quick succession, the last one deleting the quote.
    const steps = ['\nA', '\nAn', '\nAn e'].map((typed) => seedText(S000) + typed).concat(target);
    steps.forEach((text, i) => {
      doc = TextDocument.update(doc, [{ text }], i + 2);
      s.session.didChange(doc);
    });
    await s.session.whenIdle();
    expect(set).toHaveBeenCalledTimes(1);
    expect(set.mock.calls[0].slice(1, 3)).toEqual([target, 5]);
    expect(linksOf(s, S001, QUOTE)).not.toContain(S000);
  });

  it('a request about a document with a waiting edit is answered from the edit', async () => {
    const s = await start();
    const doc = TextDocument.create(uri(S000), 'plaintext', 1, seedText(S000));
    await s.session.didOpen(doc);
    s.session.didChange(TextDocument.update(doc, [{ text: without000Quote() }], 2));
    expect(s.session.prepare(uri(S000))).toBe(true);
    expect(s.state.analysed.get(path(S000))?.version).toBe(2);
    expect(linksOf(s, S000, QUOTE)).toEqual([]);
    expect(s.session.prepare(uri('never-seen.txt'))).toBe(false);
    await s.session.whenIdle();
  });
  it('tells the client when an open document joins or leaves the corpus outside a scan', async () => {
    // Not on disk and never seen by a scan: the editor opens it, then closes it unsaved.
    const s = await start();
    const idle = () => s.client.statuses.filter((p) => p.state === 'idle').at(-1)?.documents;
    const before = idle();
    await s.session.didOpen(TextDocument.create(uri('zz_opened_later.txt'), 'plaintext', 1, seedText(seedByPrefix('003'))));
    await s.session.whenIdle();
    expect(idle()).toBe(before! + 1);
    expect(corpus(s)).toContain('zz_opened_later.txt');
    await s.session.didClose(uri('zz_opened_later.txt'));
    await s.session.whenIdle();
    expect(idle()).toBe(before);
    expect(corpus(s)).not.toContain('zz_opened_later.txt');
  });
});

describe('session: the workspace changes', () => {
  it('a file deleted from the workspace disappears from the other documents, and comes back when created again', async () => {
    const s = await start();
    expect(linksOf(s, S001, QUOTE)).toEqual([S000, S002]);
    s.ws.delete(path(S002));
    s.session.filesChanged([{ uri: uri(S002), deleted: true }]);
    await s.session.whenIdle();
    expect(corpus(s)).not.toContain(S002);
    expect(linksOf(s, S001, QUOTE)).toEqual([S000]);
    s.ws.write(path(S002), seedText(S002));
    s.session.filesChanged([{ uri: uri(S002), deleted: false }]);
    await s.session.whenIdle();
    expect(linksOf(s, S001, QUOTE)).toEqual([S000, S002]);
  });

  it('a file deleted without a watcher event is dropped when an answer would point at it', async () => {
    const s = await start();
    s.ws.delete(path(S002));
    expect(s.session.dropVanished([path(S000), path(S002)])).toBe(true);
    await s.session.whenIdle();
    expect(corpus(s)).toEqual(seedFiles().filter((f) => f !== S002));
    expect(linksOf(s, S001, QUOTE)).toEqual([S000]);
    expect(s.client.logs).toContain(`${path(S002)} is no longer on disk; dropped it from the corpus`);
  });

  it('a change of corroborate.exclude rescans: excluded files leave, and return when the exclude is lifted', async () => {
    const s = await start();
    s.client.settings = { exclude: [`**/${S002}`] };
    await s.session.configurationChanged(undefined);
    await s.session.whenIdle();
    expect(corpus(s)).toEqual(seedFiles().filter((f) => f !== S002));
    expect(linksOf(s, S001, QUOTE)).toEqual([S000]);
    s.client.settings = {};
    await s.session.configurationChanged(undefined);
    await s.session.whenIdle();
    expect(corpus(s)).toEqual(seedFiles());
    expect(linksOf(s, S001, QUOTE)).toEqual([S000, S002]);
  });

  it('a newer scan supersedes a running one: the corpus follows the newer settings', async () => {
    const s = await start();
    s.client.settings = { exclude: [`**/${S002}`] };
    // The second change arrives while the first scan is reading files.
    const reading = new Promise<void>((resolve) => {
      s.client.status = (p) => {
        s.client.statuses.push(p);
        if (p.state === 'indexing' && p.total > 0) resolve();
      };
    });
    const first = s.session.configurationChanged(undefined);
    await reading;
    s.client.settings = { exclude: [`**/${S001}`] };
    await Promise.all([first, s.session.configurationChanged(undefined)]);
    await s.session.whenIdle();
    expect(corpus(s)).toEqual(seedFiles().filter((f) => f !== S001));
    expect(s.state.indexing).toBe(false);
    expect(s.client.statuses.at(-1)).toMatchObject({ state: 'idle', documents: seedFiles().length - 1 });
    // The first scan ended without an idle status of its own (one at start-up, one now).
    expect(s.client.statuses.filter((p) => p.state === 'idle')).toHaveLength(2);
  });
  it('corroborate.maxFiles indexes the first files and says so once', async () => {
    const s = await start();
    s.client.settings = { maxFiles: 3 };
    await s.session.configurationChanged(undefined);
    await s.session.whenIdle();
    expect(corpus(s)).toEqual(seedFiles().slice(0, 3));
    // Nor is a file created later (the warning was given: not again).
    s.ws.write(path('zz_new.txt'), seedText(S002));
    s.session.filesChanged([{ uri: uri('zz_new.txt'), deleted: false }]);
    await s.session.whenIdle();
    expect(corpus(s)).toEqual(seedFiles().slice(0, 3));
    expect(s.client.shown).toEqual([
      'Corroborate: the workspace has more than 3 matching files; indexing the first 3. Raise corroborate.maxFiles or narrow corroborate.include to change this.',
    ]);
  });
});

describe('session: what is not an article', () => {
  const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'notarticles', name));
  const cases: [string, string | Uint8Array][] = [
    ['LICENSE.txt', fixture('LICENSE.txt')],
    ['CMakeLists.txt', fixture('CMakeLists.txt')],
    ['notes/todo.txt', fixture('todo.txt')],
    ['zz_binary.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0])],
  ];

  it.each(cases)('%s is not in the corpus, and the seeds are as without it', async (name, content) => {
    const alone = await start();
    const s = await start({ [name]: content });
    expect(corpus(s)).toEqual(seedFiles());
    for (const f of seedFiles()) expect(s.state.corpus.get(path(f))).toEqual(alone.state.corpus.get(path(f)));
    expect(s.client.logs.some((m) => m.startsWith(path(name)))).toBe(true);
    expect(s.client.diagnostics.has(uri(name))).toBe(false);
  });
});

describe('session: a folder load on the analysis pool', () => {
  it('answers a hover and reports progress while the rest of the folder is still being analysed', async () => {
    const ws = new InMemoryWorkspace();
    for (const f of seedFiles()) ws.write(path(f), seedText(f));
    const client = new RecordingClient();
    // a pool whose fifth result waits until the test lets it go: the load is then provably mid-way
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held = false;
    const pool = (_cap: number, fallback: Parameters<typeof inProcessPool>[0]): AnalysisPool => {
      const inner = inProcessPool(fallback);
      return {
        workers: 2,
        async *analyse(files, token) {
          let n = 0;
          for await (const r of inner.analyse(files, token)) {
            if (n++ === 4) {
              held = true;
              await gate;
            }
            yield r;
          }
        },
        close: () => inner.close(),
      };
    };
    const session = new Session(ws, client, { debounceMs: 20, pool });
    session.initialize([{ uri: `file://${ROOT}` }], undefined);
    const started = session.start();
    for (let turns = 0; !held && turns < 100_000; turns++) await new Promise((r) => setImmediate(r));
    expect(held).toBe(true);
    // the first four articles are in; the others are not yet
    expect(session.state.corpus.size).toBe(4);
    expect(session.state.indexing).toBe(true);
    expect(client.statuses.at(-1)).toMatchObject({ state: 'indexing', done: 4, total: seedFiles().length });
    const text = seedText(S000);
    expect(session.prepare(uri(S000))).toBe(true);
    const card = hover(session.state, uri(S000), positionOf(text, offsetOf(text, QUOTE) + 1));
    expect((card?.contents as { value: string } | undefined)?.value).toContain('source');
    release();
    await started;
    await session.whenIdle();
    expect(session.state.corpus.size).toBe(seedFiles().length);
    expect(client.statuses.at(-1)).toMatchObject({ state: 'idle', documents: seedFiles().length });
  });

  it('makes its pool for corroborate.maxWorkers, and a new one when the setting changes', async () => {
    const ws = new InMemoryWorkspace();
    for (const f of seedFiles().slice(0, 3)) ws.write(path(f), seedText(f));
    const client = new RecordingClient();
    client.settings = { maxWorkers: 3 };
    const caps: number[] = [];
    const session = new Session(ws, client, { debounceMs: 20, pool: (cap, fallback) => (caps.push(cap), inProcessPool(fallback)) });
    session.initialize([{ uri: `file://${ROOT}` }], undefined);
    await session.start();
    await session.whenIdle();
    expect(caps).toEqual([3]);
    client.settings = { maxWorkers: 1, exclude: ['**/none/**'] };
    await session.configurationChanged(undefined);
    await session.whenIdle();
    expect(caps).toEqual([3, 1]);
    expect(session.state.corpus.size).toBe(3);
    await session.close();
  });
});
