// Every conversion between core offsets (UTF-16 code units into the analysed
// text, `end` exclusive) and LSP positions lives here. The server negotiates
// the 'utf-16' position encoding, so a character is a UTF-16 offset within a
// line; lines end at "\n", "\r\n" or "\r" (LSP's definition, not the core's
// paragraph rules, which also split at U+2028/U+2029).
import type { Position, Range } from 'vscode-languageserver';
import { lowerBound, type Span } from '../engine';

/** One line-local piece of a span: LSP semantic tokens and per-line decorations can't cross lines. */
export interface LineSegment {
  line: number;
  character: number;
  length: number;
  /** Offsets of the piece in the text. */
  start: number;
  end: number;
}

export class LineIndex {
  /** Offset where each line starts. */
  private readonly starts: Int32Array;
  /** Offset where each line's content ends (before its line break). */
  private readonly ends: Int32Array;
  readonly length: number;

  constructor(text: string) {
    const starts: number[] = [0];
    const ends: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        ends.push(i);
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    ends.push(text.length);
    this.starts = Int32Array.from(starts);
    this.ends = Int32Array.from(ends);
    this.length = text.length;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The line containing `offset` (offsets inside a line break belong to the line it ends). */
  lineOf(offset: number): number {
    const s = this.starts;
    return Math.max(0, lowerBound(s.length, (i) => s[i] > offset) - 1);
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(Math.floor(offset) || 0, this.length));
    const line = this.lineOf(o);
    return { line, character: Math.min(o, this.ends[line]) - this.starts[line] };
  }

  /** Clamps out-of-range positions the way editors do (past line end -> line end). */
  offsetAt(position: Position): number {
    const line = position.line;
    if (!(line >= 0)) return 0;
    if (line >= this.starts.length) return this.length;
    const ch = Math.max(0, position.character | 0);
    return Math.min(this.starts[line] + ch, this.ends[line]);
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }

  spanOf(range: Range): Span {
    const a = this.offsetAt(range.start);
    const b = this.offsetAt(range.end);
    return a <= b ? { start: a, end: b } : { start: b, end: a };
  }

  /** Splits a span into non-empty per-line pieces (line breaks excluded). */
  segments(span: Span): LineSegment[] {
    const out: LineSegment[] = [];
    const start = Math.max(0, span.start);
    const end = Math.min(this.length, span.end);
    if (end <= start) return out;
    for (let line = this.lineOf(start); line < this.starts.length && this.starts[line] < end; line++) {
      const a = Math.max(start, this.starts[line]);
      const b = Math.min(end, this.ends[line]);
      if (b > a) out.push({ line, character: a - this.starts[line], length: b - a, start: a, end: b });
    }
    return out;
  }
}

/** 1-based "L12,5" fragment for file links (what VS Code's link opener understands). */
export function lineFragment(position: Position): string {
  return `L${position.line + 1},${position.character + 1}`;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
