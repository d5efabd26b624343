// textDocument/codeLens and textDocument/inlayHint: "3 sources · 1 conflict".
import { InlayHintKind, type CodeLens, type InlayHint, type InlayHintLabelPart, type Location, type Range } from 'vscode-languageserver';
import { rangesOverlap } from '../positions';
import { ShowMatchesCommand } from '../protocol';
import { countsLabel, shortText, type ServerState } from './state';

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
    const sum = state.summarize(doc.path, s);
    if (!sum || !sum.linked) continue;
    const end = sentenceEndAfter(text, s.end);
    let hint = at.get(end);
    if (!hint) at.set(end, (hint = { start: s.start, parts: [] }));
    hint.start = Math.min(hint.start, s.start);
    hint.parts.push({ kind: s.kind, label: countsLabel(sum), tooltip: `${s.kind === 'quote' ? 'Quote' : 'Claim'}: ${shortText(s.text, 80)}` });
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

const CLOSERS = new Set(['"', '”', '’', "'", ')', ']', '»', '›']);
const OPENERS = /["“‘'(\[«‹]/;
const TERMINAL = /[.!?…]/;
/** Words that end in a full stop without ending a sentence ("Mr. Smith", "U.S. officials" are handled by the letter rule). */
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'col', 'lt', 'capt', 'sgt', 'st', 'jr', 'sr', 'inc', 'corp', 'co', 'ltd', 'vs', 'no', 'rev', 'jan', 'feb', 'mar', 'apr', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec', 'pres', 'gop', 'approx', 'est', 'dept', 'fig', 'mt', 'ft']);

/**
 * Where the sentence holding `offset` ends: after its final punctuation and
 * any closing marks, or the end of the line (trailing spaces left out) when
 * no sentence end follows on that line. A statement that itself ends its
 * sentence (`… talks.` followed by a capital or the line end) ends there.
 */
export function sentenceEndAfter(text: string, offset: number): number {
  let lineEnd = offset;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  // Did the statement end on a sentence end (`… talks.”` then a new sentence)?
  let j = offset;
  while (j > 0 && CLOSERS.has(text[j - 1])) j--;
  if (j > 0 && TERMINAL.test(text[j - 1]) && !(text[j - 1] === '.' && isAbbreviation(text, j - 1)) && startsSentence(text, offset, lineEnd)) return offset;
  for (let i = offset; i < lineEnd; i++) {
    if (!TERMINAL.test(text[i]) || (text[i] === '.' && isAbbreviation(text, i))) continue;
    let k = i + 1;
    while (k < lineEnd && (TERMINAL.test(text[k]) || CLOSERS.has(text[k]))) k++;
    if (startsSentence(text, k, lineEnd)) return k;
    i = k - 1;
  }
  while (lineEnd > offset && /\s/.test(text[lineEnd - 1])) lineEnd--;
  return lineEnd;
}

/** After a sentence end: the line ends, or white space then a capital, digit or opening mark. */
function startsSentence(text: string, k: number, lineEnd: number): boolean {
  let i = k;
  while (i < lineEnd && (text[i] === ' ' || text[i] === '\t' || text[i] === '\u00a0')) i++;
  if (i >= lineEnd) return true;
  if (i === k) return false;
  const c = text[i];
  return OPENERS.test(c) || /[\p{Lu}\p{N}]/u.test(c);
}

/** A full stop after a single letter ("U.S.", "J. Smith") or a known abbreviation. */
function isAbbreviation(text: string, dot: number): boolean {
  let w = dot;
  while (w > 0 && /[\p{L}]/u.test(text[w - 1])) w--;
  const word = text.slice(w, dot);
  if (word.length === 1) return true;
  return ABBREVIATIONS.has(word.toLowerCase()) && !(word === word.toUpperCase() && word.length > 2);
}
