// textDocument/codeLens and textDocument/inlayHint: "3 sources · 1 conflict".
import { InlayHintKind, type CodeLens, type InlayHint, type Location, type Range } from 'vscode-languageserver';
import { rangesOverlap } from '../positions';
import { ShowMatchesCommand } from '../protocol';
import { countsLabel, plural, type ServerState } from './state';

export function codeLenses(state: ServerState, uri: string): CodeLens[] {
  const doc = state.doc(uri);
  if (!doc) return [];
  const out: CodeLens[] = [];
  for (const s of doc.analysis.statements) {
    const sum = state.summarize(doc.path, s);
    if (!sum || !sum.linked) continue;
    const range = doc.lines.rangeOf(s);
    const locations = sum.view.matches.map((m) => state.matchLocation(m)).filter((l): l is Location => !!l);
    out.push({ range, command: { title: countsLabel(sum), command: ShowMatchesCommand, arguments: [state.uriOf(doc.path), range.start, locations] } });
  }
  return out;
}

export function inlayHints(state: ServerState, uri: string, range: Range): InlayHint[] {
  const doc = state.doc(uri);
  if (!doc) return [];
  const out: InlayHint[] = [];
  for (const s of doc.analysis.statements) {
    const r = doc.lines.rangeOf(s);
    if (!rangesOverlap(r, range)) continue;
    const sum = state.summarize(doc.path, s);
    if (!sum || !sum.linked) continue;
    let label = plural(1 + sum.linked, 'source');
    if (sum.conflicting) label += ` · ${plural(sum.conflicting, 'conflict')}`;
    out.push({ position: r.end, label, kind: InlayHintKind.Parameter, paddingLeft: true });
  }
  return out;
}
