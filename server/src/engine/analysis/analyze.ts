// One document in, plain data with offsets out: chrome, headings, quotes with
// speakers, claims, and the source label.
import { findChrome, looksLikeHeading } from './chrome';
import { coveredChars, isClaimSentence } from './claims';
import { findAttribution, findQuotes } from './quotes';
import { sourceLabel } from './source';
import { buildTextModel, fnv1a, spanIndexAt, type TextModel } from '../text/text';
import type { DocumentAnalysis, IgnoredRegion, Span, Statement } from '../model';

export interface Analysed {
  analysis: DocumentAnalysis;
  /** Tokens and sentences, kept for matching (not part of the JSON contract). */
  model: TextModel;
}

export function analyzeDocument(path: string, text: string): Analysed {
  const model = buildTextModel(text);
  const { ignored: chrome, meta } = findChrome(text, model.paragraphs);

  // Headings: short unpunctuated lines. The first one (if it opens the
  // article) is the title.
  const ignoredStarts = new Set(chrome.map((r) => r.start));
  const ignored: IgnoredRegion[] = [...chrome];
  let title: string | undefined;
  for (const p of model.paragraphs) {
    if (ignoredStarts.has(p.start)) continue;
    const line = text.slice(p.start, p.end);
    if (looksLikeHeading(line)) {
      title ??= line;
      ignored.push({ start: p.start, end: p.end, reason: 'heading', detail: title === line ? 'title' : 'section heading' });
    } else if (title === undefined) {
      // The article opens with body text: use its first line as the title.
      title = line.length > 120 ? line.slice(0, 117).trimEnd() + '…' : line;
    }
  }
  ignored.sort((a, b) => a.start - b.start);

  const quotes = findQuotes(model, ignored);
  const statements: Statement[] = quotes.map((q) => ({
    id: '',
    kind: 'quote',
    start: q.start,
    end: q.end,
    text: text.slice(q.start, q.end),
    speaker: q.speaker,
    reportedVia: q.reportedVia,
    paragraph: paragraphOf(model, q.start),
    partial: q.partial,
  }));

  const isIgnored = makeSpanTest(ignored);
  model.sentences.forEach((s, i) => {
    if (isIgnored(s)) return;
    if (!isClaimSentence(model, i, quotes)) return;
    const { speaker, reportedVia } = findAttribution(model, s);
    statements.push({
      id: '',
      kind: 'claim',
      start: s.start,
      end: s.end,
      text: text.slice(s.start, s.end),
      speaker,
      reportedVia,
      paragraph: s.paragraph,
    });
  });
  statements.sort((a, b) => a.start - b.start || b.end - a.end);
  assignIds(statements);

  const info = sourceLabel(meta, title, path);
  return {
    analysis: { path, ...info, length: text.length, ignored, statements, sentences: model.sentences.map(({ start, end }) => ({ start, end })) },
    model,
  };
}

function paragraphOf(model: TextModel, offset: number): number {
  return Math.min(spanIndexAt(model.paragraphs, offset), Math.max(0, model.paragraphs.length - 1));
}

/** True when a span lies mostly inside the (sorted) regions. */
function makeSpanTest(regions: Span[]): (s: Span) => boolean {
  return (s) => coveredChars(s, regions) * 2 > s.end - s.start;
}

/** Ids from the statement's own words, so they survive edits elsewhere. */
function assignIds(statements: Statement[]): void {
  const used = new Map<string, number>();
  for (const s of statements) {
    const base = `${s.kind[0]}${idHash(s.text)}`;
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    s.id = n === 0 ? base : `${base}.${n}`;
  }
}

/**
 * fnv1a of the text lower-cased with each whitespace run made one space:
 * `fnv1a(text.toLowerCase().replace(/\s+/g, ' '))`, without building those
 * two strings (a few per cent of the analysis). Characters whose lower case
 * is themselves or ASCII are handled inline; any other character (accented
 * letters, Greek final sigma, dotted I) takes the string path.
 */
function idHash(text: string): string {
  let h = 0x811c9dc5;
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x80 && isUnicodeSpace(c))) {
      if (!inSpace) {
        h ^= 0x20;
        h = Math.imul(h, 0x01000193);
      }
      inSpace = true;
      continue;
    }
    inSpace = false;
    if (c >= 0x41 && c <= 0x5a) c += 32;
    else if (c >= 0x80 && !(c <= 0xbf || (c >= 0x2000 && c <= 0x206f))) return (fnv1a(text.toLowerCase().replace(/\s+/g, ' ')) >>> 0).toString(36);
    h ^= c;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** Non-ASCII characters of JavaScript's `\s`. */
function isUnicodeSpace(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

