// `npm run bench -- <polnear.jsonl> --server`: spawns the built language
// server over stdio on a temporary folder of N generated articles and reports
// p50/p95 latencies for hover, definition and edit -> semantic tokens.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspHarness } from './lspHarness';

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
}

const fmt = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms (n=${xs.length})`;

/** Light perturbation so repeated articles are not byte-identical: drop one sentence, shuffle a word, rename. */
function perturb(text: string, seed: number): string {
  let x = seed * 2654435761;
  const rnd = () => ((x = (x ^ (x << 13)) >>> 0), (x = (x ^ (x >>> 17)) >>> 0), (x = (x ^ (x << 5)) >>> 0), x / 2 ** 32);
  const paras = text.split(/\n+/).filter((p) => p.trim());
  if (paras.length > 4) paras.splice(1 + Math.floor(rnd() * (paras.length - 2)), 1);
  return paras
    .map((p) => (rnd() < 0.3 ? p.replace(/\b(said|says|told)\b/, (w) => (w === 'said' ? 'stated' : w)) : p))
    .join('\n\n');
}

export async function benchServer(args: string[]): Promise<void> {
  const data = args.find((a) => !a.startsWith('--'));
  if (!data) throw new Error('benchServer: give the path of polnear-train.jsonl');
  const nArg = args.find((a) => a.startsWith('--articles='));
  const n = nArg ? Number(nArg.split('=')[1]) : 2000;
  const samples = Number(args.find((a) => a.startsWith('--samples='))?.split('=')[1] ?? 60);
  const serverJs = args.find((a) => a.startsWith('--server-js='))?.slice('--server-js='.length) ?? nodePath.join(__dirname, '..', 'server.js');
  const rows = readFileSync(data, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { text: string; publisher?: string; title?: string; date?: string });
  const dir = mkdtempSync(nodePath.join(tmpdir(), 'corroborate-bench-'));
  try {
    const folder = nodePath.join(dir, 'articles');
    mkdirSync(folder);
    const files: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = rows[i % rows.length];
      const body = i < rows.length ? r.text : perturb(r.text, i);
      const front = `Source: ${r.publisher ?? 'unknown'} ${Math.floor(i / rows.length) || ''}`.trim();
      const file = nodePath.join(folder, `${String(i).padStart(5, '0')}.txt`);
      writeFileSync(file, `${front}\n\n${body}\n`);
      files.push(file);
    }
    console.log(`\nLanguage server: ${n} articles from ${nodePath.basename(data)} in ${folder}`);
    const h = LspHarness.start(serverJs, { maxFiles: n + 10 });
    const t0 = performance.now();
    await h.initialize(dir);
    // Hovers while the folder is indexed: on the first statement of the first
    // article, once it is indexed, every 20 ms until the server is idle.
    let indexing = true;
    const idle = h.waitIdle(0, 30 * 60_000).then(() => (indexing = false));
    const first = pathToFileURL(files[0]).href;
    let at: { line: number; character: number } | undefined;
    const hoverIndexing: number[] = [];
    while (indexing) {
      if (!at) {
        const s0 = (await h.request('corroborate/documentStatements', { uri: first })).statements[0];
        if (s0) at = { line: s0.range.start.line, character: s0.range.start.character + 1 };
      } else {
        const a = performance.now();
        await h.request('textDocument/hover', { textDocument: { uri: first }, position: at });
        hoverIndexing.push(performance.now() - a);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await idle;
    const summary = await h.request('corroborate/corpusSummary', {});
    console.log(`indexed ${summary.documents.length} documents, ${summary.statements} statements in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // Targets: statements that have matches, spread over the corpus.
    const targets: { uri: string; text: string; pos: { line: number; character: number } }[] = [];
    for (let i = 0; targets.length < samples && i < files.length; i += Math.max(1, Math.floor(files.length / (samples * 3)))) {
      const uri = pathToFileURL(files[i]).href;
      const res = await h.request('corroborate/documentStatements', { uri });
      const s = res.statements.find((x: any) => x.matches.length) ?? res.statements[0];
      if (s) targets.push({ uri, text: readFileSync(files[i], 'utf8'), pos: { line: s.range.start.line, character: s.range.start.character + 1 } });
    }
    const hover: number[] = [];
    const def: number[] = [];
    for (const t of targets) {
      let a = performance.now();
      await h.request('textDocument/hover', { textDocument: { uri: t.uri }, position: t.pos });
      hover.push(performance.now() - a);
      a = performance.now();
      await h.request('textDocument/definition', { textDocument: { uri: t.uri }, position: t.pos });
      def.push(performance.now() - a);
    }
    // workspace/symbol over the whole corpus (a query with no substring hit scans every
    // statement for a subsequence), with a hover sent right behind it: the scan yields,
    // so the hover is answered before the scan ends.
    const symbol: number[] = [];
    const hoverBehind: number[] = [];
    for (const query of ['tennesseez', 'presidnt sad', 'qqqqzzzz', 'e'.repeat(200)]) {
      const t = targets[symbol.length % targets.length];
      const a = performance.now();
      const answer = h.request('workspace/symbol', { query });
      const b = performance.now();
      await h.request('textDocument/hover', { textDocument: { uri: t.uri }, position: t.pos });
      hoverBehind.push(performance.now() - b);
      await answer;
      symbol.push(performance.now() - a);
    }
    // Edits: open a document, type a character, then (a) ask for semantic tokens as an
    // editor does right after a keystroke (the request runs the pending analysis), and
    // (b) separately, wait for the server's own refresh after the debounce.
    const editTokens: number[] = [];
    const editRefresh: number[] = [];
    for (const [k, t] of targets.slice(0, Math.min(targets.length, 30)).entries()) {
      await h.notify('textDocument/didOpen', { textDocument: { uri: t.uri, languageId: 'plaintext', version: 1, text: t.text } });
      let mark = h.mark;
      await h.request('textDocument/semanticTokens/full', { textDocument: { uri: t.uri } });
      await h.waitFor((e) => e.kind === 'refresh', mark).catch(() => undefined);
      const edit = (version: number) =>
        h.notify('textDocument/didChange', {
          textDocument: { uri: t.uri, version },
          contentChanges: [{ range: { start: t.pos, end: t.pos }, text: 'x' }],
        });
      mark = h.mark;
      let a = performance.now();
      await edit(2);
      await h.request('textDocument/semanticTokens/full', { textDocument: { uri: t.uri } });
      editTokens.push(performance.now() - a);
      await h.waitFor((e) => e.kind === 'refresh', mark);
      mark = h.mark;
      a = performance.now();
      await edit(3);
      await h.waitFor((e) => e.kind === 'refresh' && e.params.method === 'workspace/semanticTokens/refresh', mark);
      await h.request('textDocument/semanticTokens/full', { textDocument: { uri: t.uri } });
      editRefresh.push(performance.now() - a);
      await h.notify('textDocument/didClose', { textDocument: { uri: t.uri } });
      if (k === 0) await h.waitFor((e) => e.kind === 'refresh', h.mark).catch(() => undefined);
    }
    console.log(`hover while indexing:               ${fmt(hoverIndexing)}`);
    console.log(`hover:                              ${fmt(hover)}`);
    console.log(`definition:                         ${fmt(def)}`);
    console.log(`workspace/symbol (full scan):       ${fmt(symbol)}`);
    console.log(`hover sent behind workspace/symbol: ${fmt(hoverBehind)}`);
    console.log(`keystroke -> semantic tokens:       ${fmt(editTokens)}`);
    console.log(`keystroke -> refresh + tokens:      ${fmt(editRefresh)} (includes the ${process.env.CORROBORATE_DEBOUNCE_MS ?? 200} ms debounce)`);
    await h.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- memory after a large document ---------------------------------------------

/**
 * `npm run bench -- --server-memory [--mb=20]`: heap and RSS of the server
 * (after forced GC; it runs under --expose-gc) on a copy of the seeds, before
 * and after a document of `mb` megabytes is opened and closed, once with the
 * default maxFileSize (the document is refused as too large) and once with
 * maxFileSize 0 (no limit: it is analysed), then after hovers about 20,000
 * URIs that do not exist. Prints one line per stage.
 */
export async function benchMemory(args: string[]): Promise<void> {
  const mb = Number(args.find((a) => a.startsWith('--mb='))?.slice(5) ?? 20);
  const serverJs = args.find((a) => a.startsWith('--server-js='))?.slice('--server-js='.length) ?? nodePath.join(__dirname, '..', 'server.js');
  const seedDir = nodePath.join(__dirname, '..', '..', 'seeds');
  const seeds = readdirSync(seedDir).filter((f) => f.endsWith('.txt'));
  const MB = (n: number) => (n / 2 ** 20).toFixed(1).padStart(7);
  for (const [label, settings] of [
    ['default maxFileSize (refused)', {}],
    ['maxFileSize 0 (analysed)', { maxFileSize: 0 }],
  ] as const) {
    const dir = mkdtempSync(nodePath.join(tmpdir(), 'corroborate-memory-'));
    const h = LspHarness.start(serverJs, settings, {}, ['--expose-gc']);
    try {
      mkdirSync(nodePath.join(dir, 'articles'));
      for (const f of seeds) writeFileSync(nodePath.join(dir, 'articles', f), readFileSync(nodePath.join(seedDir, f)));
      await h.initialize(dir);
      await h.waitIdle(0, 120_000);
      const mem = () => h.request<NodeJS.MemoryUsage>('corroborate/debug/memory', {});
      const show = (stage: string, m: NodeJS.MemoryUsage, base?: NodeJS.MemoryUsage) =>
        console.log(
          `${label.padEnd(30)} ${stage.padEnd(16)} heapUsed ${MB(m.heapUsed)} MB  rss ${MB(m.rss)} MB  external ${MB(m.external + m.arrayBuffers)} MB` +
            (base ? `  (heap ${m.heapUsed >= base.heapUsed ? '+' : ''}${MB(m.heapUsed - base.heapUsed).trim()} MB, rss ${m.rss >= base.rss ? '+' : ''}${MB(m.rss - base.rss).trim()} MB)` : ''),
        );
      const before = await mem();
      show('before', before);
      let big = '';
      for (let i = 0; big.length < mb * 2 ** 20; i++) big += readFileSync(nodePath.join(seedDir, seeds[i % seeds.length]), 'utf8').replace(/\b(said|the)\b/g, (w) => `${w}${i % 97 ? '' : ' '}`) + '\n\n';
      const uri = pathToFileURL(nodePath.join(dir, 'articles', 'big.txt')).href;
      const t0 = performance.now();
      await h.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: big } });
      big = '';
      // The request flushes the pending analysis (if any) and answers once it is done.
      const st = await h.request('corroborate/documentStatements', { uri });
      const open = await mem();
      show('open', open, before);
      console.log(`${label.padEnd(30)} ${st.statements.length} statements in the open document (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      await h.notify('textDocument/didClose', { textDocument: { uri } });
      await h.waitFor((e) => e.kind === 'refresh', h.mark, 60_000).catch(() => undefined);
      for (let k = 0; k < 50; k++) {
        const s = await h.request('corroborate/corpusSummary', {});
        if (!s.documents.some((d: { uri: string }) => d.uri === uri)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const after = await mem();
      show('after close', after, before);
      if (label.startsWith('default')) {
        // Hostile requests: hovers about 20,000 made-up URIs must not leave anything behind.
        for (let i = 0; i < 20_000; i += 500) {
          await Promise.all(
            Array.from({ length: 500 }, (_, k) =>
              h.request('textDocument/hover', { textDocument: { uri: pathToFileURL(nodePath.join(dir, 'articles', `no-such-${i + k}-${'x'.repeat(100)}.txt`)).href }, position: { line: 0, character: 0 } }),
            ),
          );
        }
        show('20,000 made-up URIs', await mem(), after);
      }
    } finally {
      await h.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
