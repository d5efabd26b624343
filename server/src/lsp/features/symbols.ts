// textDocument/documentSymbol (Outline) and workspace/symbol.
import { SymbolKind, type CancellationToken, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import { lowerBound, type Span, type Statement } from '../../engine';
import { sentenceEndAfter } from './lenses';
import { plural, shortText, type ServerState } from '../state';

const kindOf = (s: Statement) => (s.kind === 'quote' ? SymbolKind.String : s.kind === 'headline' ? SymbolKind.Namespace : SymbolKind.Event);

/**
 * The Outline: one symbol per statement. `range` covers the whole statement
 * (a quote with its attribution: "…,” the spokesman said.") so the Outline
 * follows the cursor; `selectionRange` is its first words. A statement inside
 * another's range (a quote within a claim's sentence) is that symbol's child,
 * so ranges nest and siblings come in text order.
 */
export function documentSymbols(state: ServerState, uri: string): DocumentSymbol[] {
  const doc = state.doc(uri);
  const text = state.analysed.get(doc?.path ?? '')?.text;
  if (!doc || text === undefined) return [];
  const all = doc.analysis.statements;
  const starts = all.map((s) => s.start).sort((a, b) => a - b);
  const ends = all.map((s) => s.end).sort((a, b) => a - b);
  const items = all.map((s) => {
    const sum = state.summarize(doc.path, s);
    const speaker = sum?.view.speaker?.name ?? s.speaker?.name;
    const detail = [speaker, sum ? `${1 + sum.linked} of ${plural(sum.storySize, 'source')}` : undefined].filter(Boolean).join(' · ');
    // The attribution frame stops at the neighbouring statements (`“A,” he said, “B.”`).
    const before = firstAbove(ends, s.start) - 1; // the last statement end at or before this start
    const after = firstAtOrAbove(starts, s.end); // the first statement start at or after this end
    const span = statementExtent(text, doc.analysis.sentences, s, before >= 0 ? ends[before] : 0, after < starts.length ? starts[after] : text.length);
    const symbol: DocumentSymbol = {
      name: shortText(s.text) || s.kind,
      detail,
      kind: kindOf(s),
      range: doc.lines.rangeOf(span), // set again once siblings are known
      selectionRange: doc.lines.rangeOf({ start: s.start, end: firstWordsEnd(text, s, SELECTION_WORDS) }),
      children: [],
    };
    return { span, own: s as Span, symbol };
  });
  items.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  type Item = (typeof items)[number] & { last?: Item };
  const roots: DocumentSymbol[] = [];
  const top: { last?: Item } = {};
  const open: Item[] = [];
  for (const it of items as Item[]) {
    while (open.length && !contains(open[open.length - 1].span, it.own)) open.pop();
    const parent = open[open.length - 1];
    if (parent) it.span = { start: Math.max(it.span.start, parent.span.start), end: Math.min(it.span.end, parent.span.end) };
    // Siblings don't overlap: a frame shared by two statements (`“A,” said X, adding that … “B”`) goes to the first.
    const prev = (parent ?? top).last;
    if (prev && prev.span.end > it.span.start && prev.own.end <= it.own.start) {
      prev.span.end = Math.max(prev.own.end, Math.min(prev.span.end, it.own.start));
      it.span.start = Math.max(it.span.start, prev.span.end);
      while (it.span.start < it.own.start && /[\s,;:–—-]/.test(text[it.span.start])) it.span.start++;
    }
    (parent ? parent.symbol.children! : roots).push(it.symbol);
    (parent ?? top).last = it;
    open.push(it);
  }
  for (const it of items) it.symbol.range = doc.lines.rangeOf(it.span);
  return roots;
}

/** Index of the first element > x in an ascending array (its length when none). */
function firstAbove(xs: number[], x: number): number {
  return lowerBound(xs.length, (i) => xs[i] > x);
}

/** Index of the first element ≥ x in an ascending array (its length when none). */
function firstAtOrAbove(xs: number[], x: number): number {
  return firstAbove(xs, x - 1);
}

function contains(outer: Span, inner: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** Words of a statement its selection range (the Outline's highlight) covers. */
const SELECTION_WORDS = 5;

/**
 * A statement with its attribution frame: a quote whose speaker is named on
 * the same line reaches to the speaker, and when the speaker follows the
 * quote, to the end of that sentence (`…,” the US State Department
 * spokesman said.`) unless another statement starts first; never past
 * `lo`/`hi` (the neighbouring statements).
 * Claims are their sentence.
 */
function statementExtent(text: string, sentences: readonly Span[], s: Statement, lo = 0, hi = text.length): Span {
  const own = { start: s.start, end: s.end };
  const sp = s.speaker;
  if (s.kind !== 'quote' || !sp || sp.borrowedFrom || sp.end <= sp.start || sp.start < lo || sp.end > hi) return own;
  let start = Math.min(s.start, sp.start);
  let end = Math.max(s.end, sp.end);
  if (/[\n\r]/.test(text.slice(start, end))) return own;
  if (sp.start >= s.end) {
    const sentenceEnd = sentenceEndAfter(text, sentences, sp.end);
    if (sentenceEnd <= hi) end = Math.max(end, sentenceEnd);
  }
  while (end > s.end && /[\s,;:–—-]/.test(text[end - 1])) end--;
  while (start < s.start && /\s/.test(text[start])) start++;
  return { start, end };
}

/** End offset of the first `n` words of a statement (its whole text when shorter). */
function firstWordsEnd(text: string, s: Span, n: number): number {
  const re = /\S+/g;
  re.lastIndex = s.start;
  let end = s.end;
  for (let k = 0; k < n; k++) {
    const m = re.exec(text);
    if (!m || m.index >= s.end) break;
    end = Math.min(s.end, m.index + m[0].length);
  }
  return end;
}

const MAX_WORKSPACE_SYMBOLS = 200;
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
function subsequenceWindow(text: string, q: string): number {
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
