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

/** Substring matches on text or speaker; fuzzy (query letters in order) only when nothing matches exactly. */
export function workspaceSymbols(state: ServerState, query: string, token?: CancellationToken): SymbolInformation[] {
  const q = query.trim().toLowerCase();
  const exact: SymbolInformation[] = [];
  const fuzzy: SymbolInformation[] = [];
  const fuzzyRe = q ? new RegExp(q.replace(/\s+/g, '').split('').map(escapeRe).join('.*?')) : null;
  let n = 0;
  for (const [path, a] of state.analysed) {
    if ((++n & 63) === 0 && token?.isCancellationRequested) break;
    const analysis = state.corpus.get(path);
    if (!analysis) continue;
    for (const s of analysis.statements) {
      const text = s.text.toLowerCase();
      const speaker = s.speaker?.name.toLowerCase() ?? '';
      let bucket: SymbolInformation[] | undefined;
      if (!q || text.includes(q) || speaker.includes(q)) bucket = exact;
      else if (fuzzy.length < MAX_WORKSPACE_SYMBOLS && fuzzyRe && (fuzzyRe.test(speaker) || fuzzyRe.test(text))) bucket = fuzzy;
      if (!bucket) continue;
      bucket.push({
        name: shortText(s.text) || s.kind,
        kind: kindOf(s),
        location: { uri: a.uri, range: a.lines.rangeOf(s) },
        containerName: [s.speaker?.name, analysis.source].filter(Boolean).join(' · '),
      });
      if (exact.length >= MAX_WORKSPACE_SYMBOLS) return exact;
    }
  }
  return (exact.length ? exact : fuzzy).slice(0, MAX_WORKSPACE_SYMBOLS);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
