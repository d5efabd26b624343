// The language server under hostile requests (issue 9, items 14 and 16):
// symbol queries that used to backtrack for minutes, cancellation, malformed
// params, and a file deleted behind the server's back. Spawns
// `node dist/server.js --stdio` on a temporary copy of seeds/ (npm test builds first).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspHarness, NO_PARAMS, offsetOf as offsetAtPosition, positionOf } from '../tools/lspHarness';
import { offsetOf, SEEDS, seedByPrefix, seedFiles } from './helpers';

const root = path.resolve(__dirname, '..');
const serverJs = path.join(root, 'dist/server.js');
const QUOTE = 'The peace process definitely';
const REQUEST_CANCELLED = -32800;
const METHOD_NOT_FOUND = -32601;

let dir: string;
let h: LspHarness;
const file = (name: string) => path.join(dir, 'articles', name);
const uri = (name: string) => pathToFileURL(file(name)).href;
const text = (name: string) => readFileSync(file(name), 'utf8');
const [s000, s001, s002] = ['000', '001', '002'].map(seedByPrefix);

/** Every statement of the corpus as the server reports it, with the text its range covers. */
interface Stmt {
  uri: string;
  key: string;
  text: string;
  speaker: string;
}
let statements: Stmt[] = [];
const keyOf = (u: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
  `${u}#${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

beforeAll(async () => {
  expect(existsSync(serverJs), 'dist/server.js (run npm run build)').toBe(true);
  dir = mkdtempSync(path.join(tmpdir(), 'corroborate-robust-'));
  mkdirSync(path.join(dir, 'articles'));
  for (const n of seedFiles()) cpSync(path.join(SEEDS, n), file(n));
  h = LspHarness.start(serverJs, { flagSingleSource: false });
  await h.initialize(dir);
  await h.waitIdle(0, 60_000);
  for (const n of seedFiles()) {
    const res = await h.request('corroborate/documentStatements', { uri: uri(n) });
    for (const s of res.statements) statements.push({ uri: uri(n), key: keyOf(uri(n), s.range), text: s.text, speaker: s.speaker ?? '' });
  }
  expect(statements.length).toBeGreaterThan(50);
}, 90_000);

afterAll(async () => {
  await h?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Independent reference for the symbol search: letters of `q` in order in `t` (plain loop, no regex). */
function isSubsequence(t: string, q: string): boolean {
  let i = 0;
  for (const c of t) if (i < q.length && c === q[i]) i++;
  return i === q.length;
}

/** What workspace/symbol must answer: substring hits (text or speaker) if any, else subsequence hits. */
function expectedSymbols(query: string): Set<string> {
  const q = query.trim().toLowerCase();
  const letters = q.replace(/\s+/g, '');
  const exact = statements.filter((s) => s.text.toLowerCase().includes(q) || s.speaker.toLowerCase().includes(q));
  const list = exact.length ? exact : statements.filter((s) => isSubsequence(s.text.toLowerCase(), letters) || isSubsequence(s.speaker.toLowerCase(), letters));
  return new Set(list.map((s) => s.key));
}

/** A long query of random letters and spaces (fixed seed). */
function randomQuery(length: number, seed: number): string {
  let x = seed;
  const letters = 'abcdefghijklmnopqrstuvwxyz     ';
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += letters[(x >>> 16) % letters.length];
  }
  return out;
}

/**
 * Raw answers are taken off the wire as they are read, while notifications go
 * through the connection's queue: a request sent and answered after them
 * guarantees that every notification the server sent before has been handled.
 */
const barrier = () => h.request('corroborate/corpusSummary', {});

describe('workspace/symbol', () => {
  // `tennesseez` took 76 s with the old backtracking regex; vitest's timeout is the failure signal.
  it.each([
    ['a query that backtracked for a minute', 'tennesseez'],
    ['a long random query', randomQuery(3000, 9)],
    ['a long run of one letter', 'e'.repeat(400)],
    ['a known substring', 'peace process definitely'],
    ['a subsequence of that passage, no substring', 'peaceprocdefinitly'],
    ['a speaker', 'sibghat'],
    ['letters that occur everywhere', 'tae'],
  ])('answers %s with the right statements', async (_label, query) => {
    const res: any[] = await h.request('workspace/symbol', { query });
    const got = res.map((x) => keyOf(x.location.uri, x.location.range));
    expect(new Set(got).size).toBe(got.length);
    expect(new Set(got)).toEqual(expectedSymbols(query));
  });

  it('finds the Ahmadi quote by substring, first in 000, 001 and 002', async () => {
    const res: any[] = await h.request('workspace/symbol', { query: 'peace process definitely' });
    const uris = res.map((x) => x.location.uri);
    expect(uris).toEqual(expect.arrayContaining([uri(s000), uri(s001), uri(s002)]));
    for (const x of res) {
      const t = text(path.basename(new URL(x.location.uri).pathname));
      const passage = t.slice(offsetAtPosition(t, x.location.range.start), offsetAtPosition(t, x.location.range.end));
      expect(passage.toLowerCase()).toContain('peace process definitely');
    }
  });

  it('finds the same quote by a subsequence, tightest match first', async () => {
    const query = 'peaceprocdefinitly';
    expect(statements.some((s) => s.text.toLowerCase().includes(query))).toBe(false);
    const res: any[] = await h.request('workspace/symbol', { query });
    expect(res.length).toBeGreaterThan(0);
    const first = statements.find((s) => s.key === keyOf(res[0].location.uri, res[0].location.range))!;
    expect(first.text).toContain(QUOTE);
    expect(res.map((x) => x.location.uri)).toEqual(expect.arrayContaining([uri(s000), uri(s001), uri(s002)]));
  });

  it('ranks a substring at a word start before one inside a word', async () => {
    // "war" starts a word in "war"/"warned" and not in "toward"/"Stewart": the seeds have both kinds.
    const q = 'war';
    const res: any[] = await h.request('workspace/symbol', { query: q });
    const atStart = res.map((x) => {
      const s = statements.find((y) => y.key === keyOf(x.location.uri, x.location.range))!;
      return new RegExp(`(^|[^\\p{L}\\p{N}])${q}`, 'iu').test(s.text) || s.speaker.toLowerCase().includes(q);
    });
    expect(atStart.some(Boolean) && atStart.some((b) => !b)).toBe(true);
    expect(atStart.indexOf(false)).toBeGreaterThan(atStart.lastIndexOf(true));
  });
});

describe('cancellation', () => {
  const t000 = () => text(s000);
  const pos = () => positionOf(t000(), offsetOf(t000(), QUOTE) + 5);
  // Each request goes out in the same write as its $/cancelRequest, so the server has
  // the cancellation before it dispatches the request: the answer must be RequestCancelled.
  const cases: [string, () => unknown][] = [
    ['workspace/symbol', () => ({ query: 'tennesseez' })],
    ['textDocument/hover', () => ({ textDocument: { uri: uri(s000) }, position: pos() })],
    ['textDocument/definition', () => ({ textDocument: { uri: uri(s000) }, position: pos() })],
    ['textDocument/references', () => ({ textDocument: { uri: uri(s000) }, position: pos(), context: { includeDeclaration: true } })],
    ['textDocument/documentSymbol', () => ({ textDocument: { uri: uri(s000) } })],
    ['textDocument/semanticTokens/full', () => ({ textDocument: { uri: uri(s000) } })],
    ['corroborate/documentStatements', () => ({ uri: uri(s000) })],
    ['corroborate/corpusSummary', () => ({})],
  ];
  it.each(cases)('%s cancelled before it is read answers RequestCancelled', async (method, params) => {
    const res = await h.raw(method, params(), { cancel: true });
    expect(res.result).toBeUndefined();
    expect(res.error?.code).toBe(REQUEST_CANCELLED);
    // The same request without the cancellation answers normally.
    const ok = await h.raw(method, params());
    expect(ok.error).toBeUndefined();
    expect(ok.result).not.toBeNull();
  });
});

describe('malformed requests', () => {
  const doc = () => ({ uri: uri(s000) });
  const lines = () => text(s000).split('\n').length;
  const empty: Record<string, unknown> = {
    'textDocument/hover': null,
    'textDocument/definition': null,
    'textDocument/references': [],
    'textDocument/documentSymbol': [],
    'textDocument/semanticTokens/full': { data: [] },
    'textDocument/semanticTokens/range': { data: [] },
    'textDocument/codeLens': [],
    'textDocument/inlayHint': [],
    'workspace/symbol': [],
    'corroborate/documentStatements': { uri: '', source: '', statements: [] },
  };
  const position = (line: number, character: number) => ({ line, character });
  const range = (a: [number, number], b: [number, number]) => ({ start: position(...a), end: position(...b) });
  // [method, params, malformed (logs a line)]: params as they go on the wire.
  const common: [string, () => unknown][] = [
    ['absent', () => NO_PARAMS],
    ['null', () => null],
    ['a number', () => 42],
    ['a string', () => 'x'],
    ['an empty array', () => []],
    ['an array of two', () => [{ textDocument: doc() }, { textDocument: doc() }]],
    ['empty', () => ({})],
    ['textDocument null', () => ({ textDocument: null, position: position(0, 0), range: range([0, 0], [1, 0]) })],
    ['textDocument without uri', () => ({ textDocument: {}, position: position(0, 0), range: range([0, 0], [1, 0]) })],
    ['a numeric uri', () => ({ textDocument: { uri: 7 }, position: position(0, 0), range: range([0, 0], [1, 0]) })],
  ];
  const methods = Object.keys(empty).filter((m) => m !== 'workspace/symbol' && m !== 'corroborate/documentStatements');
  const malformed: [string, string, () => unknown][] = [
    ...methods.flatMap((m) => common.map(([label, p]) => [m, label, p] as [string, string, () => unknown])),
    ...['textDocument/hover', 'textDocument/definition', 'textDocument/references'].flatMap((m) => [
      [m, 'no position', () => ({ textDocument: doc() })],
      [m, 'negative line', () => ({ textDocument: doc(), position: position(-1, 0) })],
      [m, 'negative character', () => ({ textDocument: doc(), position: position(3, -5) })],
      [m, 'fractional line', () => ({ textDocument: doc(), position: position(1.5, 0) })],
      [m, 'string position', () => ({ textDocument: doc(), position: { line: '3', character: '1' } })],
      [m, 'huge line', () => ({ textDocument: doc(), position: position(2 ** 53, 0) })],
    ] as [string, string, () => unknown][]),
    ...['textDocument/semanticTokens/range', 'textDocument/inlayHint'].flatMap((m) => [
      [m, 'no range', () => ({ textDocument: doc() })],
      [m, 'negative range', () => ({ textDocument: doc(), range: range([-3, 0], [2, 0]) })],
      [m, 'range ending before its start', () => ({ textDocument: doc(), range: range([5, 0], [2, 0]) })],
    ] as [string, string, () => unknown][]),
    ['workspace/symbol', 'null', () => null],
    ['workspace/symbol', 'an array', () => ['x']],
    ['workspace/symbol', 'a numeric query', () => ({ query: 42 })],
    ['corroborate/documentStatements', 'null', () => null],
    ['corroborate/documentStatements', 'absent', () => NO_PARAMS],
    ['corroborate/documentStatements', 'no uri', () => ({ textDocument: {} })],
  ];
  it.each(malformed)('%s with %s params answers the empty result and logs one line', async (method, _label, params) => {
    const mark = h.mark;
    const res = await h.raw(method, params());
    expect(res.error).toBeUndefined();
    expect(res.result).toEqual(empty[method]);
    await barrier();
    const logs = h.events.slice(mark).filter((e) => e.kind === 'log').map((e) => e.params.message as string);
    expect(logs.filter((m) => m.includes(method))).toHaveLength(1);
    expect(logs.some((m) => /failed|uncaught|unhandled/.test(m))).toBe(false);
  });

  const wellFormedButEmpty: [string, string, () => unknown][] = [
    ...methods.map((m) => [m, 'an unknown uri', () => ({ textDocument: { uri: uri('nope.txt') }, position: position(0, 0), range: range([0, 0], [1, 0]) })] as [string, string, () => unknown]),
    ...methods.map((m) => [m, 'a non-file uri', () => ({ textDocument: { uri: 'untitled:Untitled-1' }, position: position(0, 0), range: range([0, 0], [1, 0]) })] as [string, string, () => unknown]),
    ...['textDocument/hover', 'textDocument/definition', 'textDocument/references'].map(
      (m) => [m, 'a line past the end', () => ({ textDocument: doc(), position: position(lines() + 10, 0) })] as [string, string, () => unknown],
    ),
    ['corroborate/documentStatements', 'an unknown uri', () => ({ uri: uri('nope.txt') })],
  ];
  it.each(wellFormedButEmpty)('%s with %s answers the empty result without an error', async (method, _label, params) => {
    const mark = h.mark;
    const res = await h.raw(method, params());
    expect(res.error).toBeUndefined();
    const want = empty[method] as { uri?: string };
    if (method === 'corroborate/documentStatements') expect(res.result.statements).toEqual([]);
    else expect(res.result).toEqual(want);
    await barrier();
    const logs = h.events.slice(mark).filter((e) => e.kind === 'log').map((e) => e.params.message as string);
    expect(logs.some((m) => /failed|uncaught|unhandled/.test(m))).toBe(false);
  });

  // corroborate/debug/memory exists only under node --expose-gc (the memory measurement).
  it.each(['textDocument/notAThing', 'corroborate/nope', 'workspace/executeCommand', 'corroborate/debug/memory'])('an unknown method %s answers MethodNotFound', async (method) => {
    const res = await h.raw(method, {});
    expect(res.error?.code).toBe(METHOD_NOT_FOUND);
  });

  it('still answers a well-formed hover afterwards', async () => {
    const t = text(s000);
    const res = await h.raw('textDocument/hover', { textDocument: { uri: uri(s000) }, position: positionOf(t, offsetOf(t, QUOTE) + 5) });
    expect(res.result?.contents?.value).toMatch(/Sibghat Ahmadi/);
  });
});

// Last in the file: it deletes files from the workspace (and puts them back between cases).
describe('a file deleted without a watcher event', () => {
  const t000 = () => text(s000);
  const pos = () => positionOf(t000(), offsetOf(t000(), QUOTE) + 5);
  const gone = () => uri(s001);
  const at = () => ({ textDocument: { uri: uri(s000) }, position: pos() });
  const hoverText = async () => ((await h.request('textDocument/hover', at())) as any)?.contents?.value ?? '';
  /** Everything that can point at the deleted file, after the first request that follows a link. */
  const mentions = async (): Promise<string[]> => {
    const out: string[] = [];
    const def = await h.request('textDocument/definition', at());
    if (def) out.push(def.uri);
    const refs: any[] = await h.request('textDocument/references', { ...at(), context: { includeDeclaration: false } });
    out.push(...refs.map((r) => r.uri));
    if ((await hoverText()).includes(s001)) out.push(gone());
    const st = await h.request('corroborate/documentStatements', { uri: uri(s000) });
    out.push(...st.statements.flatMap((s: any) => s.matches.map((m: any) => m.uri)));
    const ws: any[] = await h.request('workspace/symbol', { query: 'peace process definitely' });
    out.push(...ws.map((x) => x.location.uri));
    const summary = await h.request('corroborate/corpusSummary', {});
    out.push(...summary.documents.map((d: any) => d.uri));
    return out;
  };
  const first: [string, () => Promise<unknown>][] = [
    ['definition', () => h.request('textDocument/definition', at())],
    ['references', () => h.request('textDocument/references', { ...at(), context: { includeDeclaration: false } })],
    ['hover', () => hoverText()],
    ['documentStatements', () => h.request('corroborate/documentStatements', { uri: uri(s000) })],
    ['workspace/symbol', () => h.request('workspace/symbol', { query: 'peace process definitely' })],
  ];
  it.each(first)('%s never points at it, and nothing does afterwards', async (_label, follow) => {
    if (!existsSync(file(s001))) {
      cpSync(path.join(SEEDS, s001), file(s001));
      const mark = h.mark;
      await h.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: gone(), type: 1 }] });
      await h.waitIdle(mark, 10_000);
    }
    // Before: 001 is linked from 000's quote, so the answers can show it.
    expect(await mentions()).toContain(gone());
    expect(await hoverText()).toContain(s001);
    unlinkSync(file(s001));
    const res = JSON.stringify(await follow());
    expect(res).not.toContain(s001);
    expect(await mentions()).not.toContain(gone());
    const md = await hoverText();
    expect(md).toMatch(/Sibghat Ahmadi/);
    expect(md).not.toContain(s001);
    // Its links went with it: the quote in 002 no longer lists 001 either.
    const t2 = text(s002);
    const h2: any = await h.request('textDocument/hover', { textDocument: { uri: uri(s002) }, position: positionOf(t2, offsetOf(t2, 'peace process definitely') + 3) });
    expect(h2.contents.value).not.toContain(s001);
  });
});
