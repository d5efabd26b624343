// A code repository's text files beside the articles: LICENSE.txt,
// CMakeLists.txt, CHANGELOG.txt and requirements.txt must get no marks, no
// Outline, no hover and no Problems, and must not change what the seeds show.
// Two servers over stdio: the seeds alone, and the seeds with the four files.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspHarness, positionOf } from '../tools/lspHarness';
import { seedFiles, SEEDS } from './helpers';

const root = path.resolve(__dirname, '..');
const serverJs = path.join(root, 'dist/server.js');
const FIXTURES = path.join(__dirname, 'fixtures', 'notarticles');
const REPO_FILES = ['LICENSE.txt', 'CMakeLists.txt', 'CHANGELOG.txt', 'requirements.txt'];

interface Workspace {
  dir: string;
  h: LspHarness;
  uri: (name: string) => string;
}

async function startWorkspace(extra: string[]): Promise<Workspace> {
  const dir = mkdtempSync(path.join(tmpdir(), 'corroborate-repo-'));
  for (const f of seedFiles()) cpSync(path.join(SEEDS, f), path.join(dir, f));
  for (const f of extra) cpSync(path.join(FIXTURES, f), path.join(dir, f));
  const h = LspHarness.start(serverJs, {});
  await h.initialize(dir);
  await h.waitIdle(0, 60_000);
  return { dir, h, uri: (name) => pathToFileURL(path.join(dir, name)).href };
}

/** What a reader sees of one seed: each statement with its speaker and the other sources (by file name). */
async function seedView(ws: Workspace, name: string) {
  const r = await ws.h.request('corroborate/documentStatements', { uri: ws.uri(name) });
  return r.statements.map((s: any) => ({
    id: s.id,
    text: s.text,
    speaker: s.speaker,
    matches: s.matches.map((m: any) => `${path.basename(new URL(m.uri).pathname)} ${m.relation} ${m.score}`),
  }));
}

let seedsOnly: Workspace;
let repo: Workspace;

beforeAll(async () => {
  [seedsOnly, repo] = await Promise.all([startWorkspace([]), startWorkspace(REPO_FILES)]);
}, 120_000);

afterAll(async () => {
  for (const ws of [seedsOnly, repo]) {
    await ws?.h.stop();
    if (ws) rmSync(ws.dir, { recursive: true, force: true });
  }
});

describe('a code repository beside the articles', () => {
  it('keeps the four repository files out of the corpus', async () => {
    const summary = await repo.h.request('corroborate/corpusSummary', {});
    const names = summary.documents.map((d: any) => path.basename(new URL(d.uri).pathname)).sort();
    expect(names).toEqual(seedFiles());
  });

  it.each(REPO_FILES)('marks nothing in %s, even when it is open', async (name) => {
    const text = readFileSync(path.join(FIXTURES, name), 'utf8');
    const uri = repo.uri(name);
    await repo.h.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
    // A word in the middle of the file: hovering it must show nothing.
    const middle = positionOf(text, text.indexOf(' ', Math.floor(text.length / 2)) + 1);
    const [tokens, symbols, hover, statements, hints] = await Promise.all([
      repo.h.request('textDocument/semanticTokens/full', { textDocument: { uri } }),
      repo.h.request('textDocument/documentSymbol', { textDocument: { uri } }),
      repo.h.request('textDocument/hover', { textDocument: { uri }, position: middle }),
      repo.h.request('corroborate/documentStatements', { uri }),
      repo.h.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: positionOf(text, text.length) } }),
    ]);
    expect(tokens.data).toEqual([]);
    expect(symbols).toEqual([]);
    expect(hover).toBeNull();
    expect(hints).toEqual([]);
    expect(statements).toMatchObject({ source: '', statements: [] });
    const published = repo.h.events.filter((e) => e.kind === 'diagnostics' && e.params.uri === uri && e.params.diagnostics.length);
    expect(published).toEqual([]);
    await repo.h.notify('textDocument/didClose', { textDocument: { uri } });
  });

  it.each(seedFiles())('shows %s exactly as in a folder of articles only', async (name) => {
    expect(await seedView(repo, name)).toEqual(await seedView(seedsOnly, name));
  });

  it('takes a file in once it holds an article, and lets it go when it no longer does', async () => {
    // A name that says nothing (requirements.txt itself is never an article): the content decides.
    const uri = repo.uri('notes.txt');
    const article = readFileSync(path.join(SEEDS, seedFiles()[1]), 'utf8');
    const pins = readFileSync(path.join(FIXTURES, 'requirements.txt'), 'utf8');
    await repo.h.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: pins } });
    expect((await repo.h.request('corroborate/documentStatements', { uri })).statements).toEqual([]);
    await repo.h.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: article }] });
    const asArticle = await repo.h.request('corroborate/documentStatements', { uri });
    expect(asArticle.statements.length).toBeGreaterThan(0);
    expect(asArticle.statements.some((s: any) => s.matches.length > 0)).toBe(true);
    await repo.h.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: pins }] });
    expect(await repo.h.request('corroborate/documentStatements', { uri })).toMatchObject({ source: '', statements: [] });
    await repo.h.notify('textDocument/didClose', { textDocument: { uri } });
  });
});

// The CLI says why it leaves such a file out.
describe('corroborate analyze on a repository file', () => {
  it('names the reason and exits 1 when nothing else is given', async () => {
    const { spawnSync } = await import('node:child_process');
    const dir = mkdtempSync(path.join(tmpdir(), 'corroborate-repo-cli-'));
    try {
      mkdirSync(path.join(dir, 'repo'));
      cpSync(path.join(FIXTURES, 'LICENSE.txt'), path.join(dir, 'repo', 'LICENSE.txt'));
      const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'analyze', 'repo'], { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('repo/LICENSE.txt: not a news article (a licence text); skipped');
      expect(r.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
