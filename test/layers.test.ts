// ARCHITECTURE.md's import rules, checked: the core is a pure library, only
// src/ touches vscode, the client shares nothing with the server but the
// protocol types, and the tools (eval, train, bench, the LSP test harness) stay
// out of the product: they may import anything, nothing shipped imports them.
import { basename, join, relative, sep } from 'node:path';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);

/** Whether `spec`, imported by `file`, is a relative path into `dir`. */
const resolvesInto = (file: string, spec: string, dir: string) => spec.startsWith('.') && (join(file, '..', spec) + sep).startsWith(dir + sep);
/** File names of evaluation, training and benchmark code. */
const TOOL_NAME = /^(eval|train|bench)/i;
const product = () => [...sources(join(root, 'server/src')), ...sources(join(root, 'src'))];

describe('layers', () => {
  it('keeps the analysis core free of vscode, LSP and I/O', () => {
    const files = sources(join(root, 'server/src/engine'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      for (const spec of importsOf(f)) {
        expect(spec, relative(root, f)).not.toMatch(/^(vscode|vscode-languageserver|vscode-languageclient|vscode-jsonrpc)/);
        expect(spec, relative(root, f)).not.toMatch(/^(node:)?(fs|child_process|net|http|https|worker_threads)$/);
        if (spec.startsWith('.')) expect(join(f, '..', spec).startsWith(join(root, 'server/src/engine')), `${relative(root, f)} imports ${spec}`).toBe(true);
      }
    }
  });

  it('lets the rest of the server reach the engine only through its front door (engine/index.ts)', () => {
    const engine = join(root, 'server/src/engine');
    const outside = [...product(), ...sources(join(root, 'src'))].filter((f) => !(f + sep).startsWith(engine + sep));
    expect(outside.some((f) => importsOf(f).some((s) => resolvesInto(f, s, engine)))).toBe(true);
    for (const f of outside) {
      for (const spec of importsOf(f)) {
        if (spec.startsWith('.') && resolvesInto(f, spec, engine)) expect([engine, join(engine, 'index')], `${relative(root, f)} imports ${spec}`).toContain(join(f, '..', spec));
      }
    }
  });

  it('keeps no module-level mutable bindings in the engine or the server (state lives in an Engine, a Session or their parts)', () => {
    const files = sources(join(root, 'server/src'));
    const topLevelLets = (text: string) => text.split('\n').flatMap((line, i) => (/^(export\s+)?(let|var)\s/.test(line) ? [i + 1] : []));
    expect(topLevelLets('const a = 1;\nlet b = 2;\nfunction f() {\n  let c = 3;\n}\nexport var d = 4;')).toEqual([2, 6]);
    const mutable = (f: string) => topLevelLets(readFileSync(f, 'utf8')).map((n) => `${relative(root, f)}:${n}`);
    expect(files.flatMap(mutable)).toEqual([]);
  });

  it('lets only the entry points start worker threads: the pool (node/pool.ts) is injected into the session, never imported by it', () => {
    const pool = join(root, 'server/src/node/pool');
    const importers = product().filter((f) => importsOf(f).some((s) => s.startsWith('.') && join(f, '..', s) === pool)).map((f) => relative(root, f).replace(/\\/g, '/'));
    expect(importers.sort()).toEqual(['server/src/cli/main.ts', 'server/src/lsp/main.ts']);
    const threads = product().filter((f) => importsOf(f).some((s) => /^(node:)?worker_threads$/.test(s))).map((f) => relative(root, f).replace(/\\/g, '/'));
    expect(threads.sort()).toEqual(['server/src/node/analysisWorker.ts', 'server/src/node/pool.ts']);
  });

  it('lets only src/ import vscode', () => {
    for (const f of [...sources(join(root, 'server/src')), ...sources(join(root, 'tools'))]) {
      for (const spec of importsOf(f)) expect(spec, relative(root, f)).not.toMatch(/^vscode(-languageclient)?$|^vscode-languageclient\//);
    }
  });

  it('lets the client reach into the server only for the shared protocol', () => {
    for (const f of sources(join(root, 'src'))) {
      for (const spec of importsOf(f)) {
        if (spec.includes('server/')) expect(spec, relative(root, f)).toMatch(/server\/src\/lsp\/protocol$/);
      }
    }
  });

  it('bundles no engine code into the client: the protocol takes only types from the engine', () => {
    const protocol = join(root, 'server/src/lsp/protocol.ts');
    const engine = join(root, 'server/src/engine');
    const fromEngine = [...readFileSync(protocol, 'utf8').matchAll(/^(import|export)\b([^;]*?)from\s+['"]([^'"]+)['"]/gm)].filter((m) => resolvesInto(protocol, m[3], engine));
    expect(fromEngine.length).toBeGreaterThan(0);
    for (const m of fromEngine) expect(m[0], 'protocol.ts').toMatch(/^(import|export) type\b/);
    const map = join(root, 'dist', 'extension.js.map');
    expect(existsSync(map), `${map} (run npm run build)`).toBe(true);
    const { sources: files } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
    expect(files.some((f) => f.replace(/\\/g, '/').includes('server/src/lsp/protocol.ts'))).toBe(true);
    expect(files.filter((f) => f.replace(/\\/g, '/').includes('server/src/engine/'))).toEqual([]);
  });

  it('keeps the tools out of the product: nothing under server/src or src imports tools/', () => {
    const tools = join(root, 'tools');
    expect(resolvesInto(join(root, 'server/src/lsp/x.ts'), '../../../tools/lspHarness', tools)).toBe(true);
    expect(resolvesInto(join(root, 'server/src/x.ts'), './toolsLike', tools)).toBe(false);
    const files = product();
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      for (const spec of importsOf(f)) expect(resolvesInto(f, spec, tools), `${relative(root, f)} imports ${spec}`).toBe(false);
    }
  });

  it('keeps evaluation, training and benchmark code in tools/, not under server/src or src', () => {
    const tools = sources(join(root, 'tools')).map((f) => basename(f));
    for (const name of ['eval.ts', 'evalMrpc.ts', 'evalQuotes.ts', 'train.ts', 'trainQuotes.ts', 'training.ts', 'bench.ts', 'benchServer.ts']) {
      expect(tools, name).toContain(name);
      expect(name).toMatch(TOOL_NAME);
    }
    for (const f of product()) expect(basename(f), relative(root, f)).not.toMatch(TOOL_NAME);
  });

  it('bundles nothing from tools/ into what ships', () => {
    for (const bundle of ['extension', 'server', 'cli']) {
      const map = join(root, 'dist', `${bundle}.js.map`);
      expect(existsSync(map), `${map} (run npm run build)`).toBe(true);
      const { sources: files } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
      expect(files.some((s) => s.includes('server/src/')), bundle).toBe(true);
      expect(files.map((s) => s.replace(/\\/g, '/')).filter((s) => !s.includes('node_modules/') && /(^|\/)tools\//.test(s)), bundle).toEqual([]);
    }
  });
});
