// textDocument/semanticTokens/full and /range: one token per statement per
// line (tokens can't span lines), innermost statement wins where they nest;
// none for a headline (`isMarked`).
import type { Range, SemanticTokens } from 'vscode-languageserver';
import type { Statement } from '../../engine';
import { rangesOverlap } from '../positions';
import { isMarked, TokenModifiers, TokenTypes, type StatementStatus, type TokenModifier } from '../protocol';
import type { ServerState } from '../state';

const typeIndex = (k: (typeof TokenTypes)[number]) => TokenTypes.indexOf(k);
const bit = (m: TokenModifier) => 1 << TokenModifiers.indexOf(m);
/** The one modifier each status sets (Summary.status decides). */
const MODIFIER: Record<StatementStatus, TokenModifier> = { corroborated: 'corroborated', single: 'singleSource', conflict: 'conflict' };

export function semanticTokens(state: ServerState, uri: string, range?: Range): SemanticTokens {
  const doc = state.doc(uri);
  if (!doc) return { data: [] };
  // a headline is hovered, never marked
  const pieces = flatten(doc.analysis.statements.filter((s) => isMarked(s.kind)));
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  const mods = new Map<Statement, number>();
  for (const piece of pieces) {
    let m = mods.get(piece.s);
    if (m === undefined) {
      const sum = state.summarize(doc.path, piece.s);
      m = sum ? bit(MODIFIER[sum.status]) : 0;
      mods.set(piece.s, m);
    }
    for (const seg of doc.lines.segments(piece)) {
      if (range && !rangesOverlap(range, { start: { line: seg.line, character: seg.character }, end: { line: seg.line, character: seg.character + seg.length } })) continue;
      const dl = seg.line - prevLine;
      data.push(dl, dl === 0 ? seg.character - prevChar : seg.character, seg.length, typeIndex(piece.s.kind as (typeof TokenTypes)[number]), m);
      prevLine = seg.line;
      prevChar = seg.character;
    }
  }
  return { data };
}

interface Piece {
  start: number;
  end: number;
  s: Statement;
}

/** Non-overlapping pieces in document order; where statements nest, the shorter one wins. */
function flatten(statements: Statement[]): Piece[] {
  const sorted = [...statements].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const cuts = new Set<number>();
  for (const s of sorted) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Piece[] = [];
  let active: Statement[] = [];
  let next = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    active = active.filter((s) => s.end > a);
    while (next < sorted.length && sorted[next].start <= a) active.push(sorted[next++]);
    let best: Statement | undefined;
    for (const s of active) if (s.start <= a && s.end >= b && (!best || s.end - s.start < best.end - best.start)) best = s;
    if (!best) continue;
    const last = out[out.length - 1];
    if (last && last.s === best && last.end === a) last.end = b;
    else out.push({ start: a, end: b, s: best });
  }
  return out;
}
