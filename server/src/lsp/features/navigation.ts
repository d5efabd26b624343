// textDocument/definition (best corroborating passage elsewhere) and
// textDocument/references (every linked passage).
import type { Location, Position } from 'vscode-languageserver';
import type { ServerState } from '../state';

export function definition(state: ServerState, uri: string, position: Position): Location | null {
  const doc = state.doc(uri);
  if (!doc) return null;
  const s = state.corpus.statementAt(doc.path, doc.lines.offsetAt(position));
  if (!s) return null;
  const matches = state.corpus.matches(doc.path, s.id);
  // Best first already; prefer a corroborating passage over a conflicting one.
  const best = matches.find((m) => m.relation !== 'conflict') ?? matches[0];
  return best ? state.matchLocation(best) ?? null : null;
}

export function references(state: ServerState, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const doc = state.doc(uri);
  if (!doc) return [];
  const s = state.corpus.statementAt(doc.path, doc.lines.offsetAt(position));
  if (!s) return [];
  const out: Location[] = [];
  if (includeDeclaration) out.push({ uri: state.uriOf(doc.path), range: doc.lines.rangeOf(s) });
  for (const m of state.corpus.matches(doc.path, s.id)) {
    const loc = state.matchLocation(m);
    if (loc) out.push(loc);
  }
  return out;
}
