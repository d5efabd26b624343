// textDocument/documentSymbol (Outline) and workspace/symbol.
import { SymbolKind, type CancellationToken, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import type { Statement } from '../core/types';
import { plural, shortText, type ServerState } from './state';

const kindOf = (s: Statement) => (s.kind === 'quote' ? SymbolKind.String : SymbolKind.Event);

export function documentSymbols(state: ServerState, uri: string): DocumentSymbol[] {
  const doc = state.doc(uri);
  if (!doc) return [];
  return doc.analysis.statements.map((s) => {
    const sum = state.summarize(doc.path, s);
    const speaker = sum?.view.speaker?.name ?? s.speaker?.name;
    const detail = [speaker, plural(1 + (sum?.linked ?? 0), 'source')].filter(Boolean).join(' · ');
    const range = doc.lines.rangeOf(s);
    return { name: shortText(s.text) || s.kind, detail, kind: kindOf(s), range, selectionRange: range };
  });
}

export const MAX_WORKSPACE_SYMBOLS = 200;
/** Work on workspace/symbol between two yields to the event loop (other requests run in between). */
const SLICE_MS = 8;

/**
 * workspace/symbol. Statements whose text or speaker contains the query come
 * first (speaker hits, then hits at a word start, then the rest, each in corpus
 * order); only when none does, statements that contain the query's letters in
 * order (a subsequence), tightest first. Matching is a linear scan (no regular
 * expressions, nothing backtracks), and the scan yields to the event loop every
 * few milliseconds, so other requests are answered meanwhile and a
 * `$/cancelRequest` stops it: it then resolves with what it had, and the caller
 * (which sees the cancelled token) answers RequestCancelled.
 */
export async function workspaceSymbols(state: ServerState, query: string, token?: CancellationToken): Promise<SymbolInformation[]> {
  const q = query.trim().toLowerCase();
  const letters = q.replace(/\s+/g, '');
  const exact: Ranked[] = [];
  const loose: Ranked[] = [];
  let sliceStart = performance.now();
  let order = 0;
  for (const path of [...state.analysed.keys()]) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((r) => setImmediate(r));
      sliceStart = performance.now();
    }
    if (token?.isCancellationRequested) break;
    const a = state.analysed.get(path);
    const analysis = state.corpus.get(path);
    if (!a || !analysis) continue; // removed while we yielded
    for (const s of analysis.statements) {
      order++;
      const text = s.text.toLowerCase();
      const speaker = s.speaker?.name.toLowerCase() ?? '';
      let rank: number;
      let bucket: Ranked[];
      if (!q) (rank = 0), (bucket = exact);
      else if (speaker.includes(q)) (rank = 0), (bucket = exact);
      else if (text.includes(q)) (rank = wordStartHit(text, q) ? 1 : 2), (bucket = exact);
      else if (exact.length) continue; // substring hits exist: subsequences would only add noise
      else {
        const w = Math.min(subsequenceWindow(speaker, letters), subsequenceWindow(text, letters));
        if (w === Infinity) continue;
        (rank = w), (bucket = loose);
      }
      bucket.push({
        rank,
        order,
        symbol: {
          name: shortText(s.text) || s.kind,
          kind: kindOf(s),
          location: { uri: a.uri, range: a.lines.rangeOf(s) },
          containerName: [s.speaker?.name, analysis.source].filter(Boolean).join(' · '),
        },
      });
      // Enough of the best kind: the rest of the corpus cannot outrank rank 0.
      if (exact.length >= MAX_WORKSPACE_SYMBOLS && exact.every((x) => x.rank === 0)) return exact.map((x) => x.symbol);
    }
  }
  const list = exact.length ? exact : loose;
  list.sort((x, y) => x.rank - y.rank || x.order - y.order);
  return list.slice(0, MAX_WORKSPACE_SYMBOLS).map((x) => x.symbol);
}

interface Ranked {
  rank: number;
  order: number;
  symbol: SymbolInformation;
}

/** Whether some occurrence of `q` in `text` starts a word. */
function wordStartHit(text: string, q: string): boolean {
  for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + 1)) {
    if (at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1])) return true;
  }
  return false;
}

/**
 * Length of a short window of `text` holding the letters of `q` in order, or
 * Infinity when `q` is not a subsequence of `text`. Two linear passes: the
 * leftmost greedy match gives the end, a backward greedy match from there the
 * latest start. O(|text|), no backtracking.
 */
export function subsequenceWindow(text: string, q: string): number {
  if (!q) return 0;
  let end = -1;
  for (let i = 0; i < q.length; i++) {
    end = text.indexOf(q[i], end + 1);
    if (end < 0) return Infinity;
  }
  let start = end + 1;
  for (let i = q.length - 1; i >= 0; i--) start = text.lastIndexOf(q[i], start - 1);
  return end - start + 1;
}
