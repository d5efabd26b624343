// textDocument/codeLens and textDocument/inlayHint: "3 sources · 1 conflict"
// (none for a headline: `isMarked`).
import { InlayHintKind, type CodeLens, type InlayHint, type InlayHintLabelPart, type Location, type Range } from 'vscode-languageserver';
import { rangesOverlap } from '../positions';
import { isMarked, KindLabels, ShowMatchesCommand } from '../protocol';
import { spanIndexAt, type Span } from '../../engine';
import { countsLabel, shortText, type ServerState } from '../state';

export function codeLenses(state: ServerState, uri: string): CodeLens[] {
  const doc = state.doc(uri);
  if (!doc) return [];
  const out: CodeLens[] = [];
  for (const s of doc.analysis.statements) {
    if (!isMarked(s.kind)) continue; // a headline is hovered, never marked
    const sum = state.summarize(doc.path, s);
    if (!sum || sum.status === 'single') continue;
    const range = doc.lines.rangeOf(s);
    const locations = sum.view.matches.map((m) => state.matchLocation(m)).filter((l): l is Location => !!l);
    out.push({ range, command: { title: countsLabel(sum), command: ShowMatchesCommand, arguments: [state.uriOf(doc.path), range.start, locations] } });
  }
  return out;
}

/**
 * One hint per sentence that holds the end of a linked statement, placed after
 * the sentence's final punctuation (or at the end of its line when it runs
 * on), so it never splits a quote from its attribution. Several statements
 * ending in one sentence share the hint: their counts in text order, each
 * part with the statement as tooltip.
 */
export function inlayHints(state: ServerState, uri: string, range: Range): InlayHint[] {
  const doc = state.doc(uri);
  const text = state.analysed.get(doc?.path ?? '')?.text;
  if (!doc || text === undefined) return [];
  const at = new Map<number, { start: number; parts: { kind: string; label: string; tooltip: string }[] }>();
  for (const s of doc.analysis.statements) {
    if (!isMarked(s.kind)) continue; // a headline is hovered, never marked
    const sum = state.summarize(doc.path, s);
    if (!sum || sum.status === 'single') continue;
    const end = sentenceEndAfter(text, doc.analysis.sentences, s.end);
    let hint = at.get(end);
    if (!hint) at.set(end, (hint = { start: s.start, parts: [] }));
    hint.start = Math.min(hint.start, s.start);
    hint.parts.push({ kind: s.kind, label: countsLabel(sum), tooltip: `${KindLabels[s.kind]}: ${shortText(s.text, 80)}` });
  }
  const out: InlayHint[] = [];
  for (const [end, hint] of [...at].sort((a, b) => a[0] - b[0])) {
    const position = doc.lines.positionAt(end);
    if (!rangesOverlap({ start: doc.lines.positionAt(hint.start), end: position }, range)) continue;
    const [only] = hint.parts;
    if (hint.parts.length === 1) {
      out.push({ position, label: only.label, tooltip: only.tooltip, kind: InlayHintKind.Parameter, paddingLeft: true });
      continue;
    }
    // "claim: 3 sources | quote: 2 sources": which is which, in text order; each part's tooltip is its statement.
    const label = hint.parts.flatMap((p, i): InlayHintLabelPart[] => [...(i ? [{ value: ' | ' }] : []), { value: `${p.kind}: ${p.label}`, tooltip: p.tooltip }]);
    out.push({ position, label, kind: InlayHintKind.Parameter, paddingLeft: true });
  }
  return out;
}

/**
 * Where the sentence holding the end of a statement ending at `offset` ends,
 * by the engine's own sentences (abbreviation-aware, never across a line
 * break); `offset` itself when no sentence holds it. wink ends a sentence
 * after `?”` even when the attribution follows (`“Are you sure?” she
 * asked.`): a sentence that starts with a lower-case letter on the same line
 * continues the one before.
 */
export function sentenceEndAfter(text: string, sentences: readonly Span[], offset: number): number {
  let i = spanIndexAt(sentences, Math.max(0, offset - 1));
  if (!sentences[i] || sentences[i].start >= offset) return offset;
  while (i + 1 < sentences.length && /^\p{Ll}/u.test(text.slice(sentences[i + 1].start, sentences[i + 1].start + 1)) && !/[\n\r]/.test(text.slice(sentences[i].end, sentences[i + 1].start))) i++;
  return Math.max(offset, sentences[i].end);
}
