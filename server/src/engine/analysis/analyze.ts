// One document in, plain data with offsets out. The analysis is a sequence of
// passes, each reading what the ones before produced:
//   1. text model     paragraphs, sentences, tokens (text/text.ts, wink-nlp)
//   2. chrome         page furniture, metadata, duplicates, then headings (chrome.ts)
//   3. quote spans    quote marks paired into quotations, with the token windows around them (quoteSpans.ts)
//   4. quotes         each span's frames, its speaker and whether it is a direct or partial quote
//                     (quotes.ts over attribution.ts, speakers.ts and the learned model in quoteModel.ts)
//   5. claims         checkable sentences outside quotes and chrome (claims.ts); the headline
//                     (the heading that opens the article, chrome.ts) is a statement of its own kind
//   6. claims' attribution  the speech frame of each claim and its outlets (attribution.ts, speakers.ts)
//   7. source label   outlet, title, date and URL (source.ts)
import { findChrome, withHeadings } from './chrome';
import { coveredChars, isClaimSentence } from './claims';
import { claimFrame } from './attribution';
import { findQuoteSpans } from './quoteSpans';
import { findQuotes } from './quotes';
import { sourceLabel } from './source';
import { Speakers } from './speakers';
import { isSpace } from '../text/chars';
import { spanIndexAt } from '../text/search';
import { fnv1a, TextReader, type TextModel } from '../text/text';
import type { DocumentAnalysis, Sentence, Span, Statement } from '../model';

export interface Analysed {
  analysis: DocumentAnalysis;
  /** Tokens and sentences, kept for matching (not part of the JSON contract). */
  model: TextModel;
}

/**
 * Analyses documents. Each engine has its own: the text reader's wink-nlp
 * instance and memos are kept from one document to the next.
 */
export class Analyzer {
  /** Reads texts into text models (also for texts that are no document, e.g. compared sentences). */
  readonly reader = new TextReader();

  analyze(path: string, text: string): Analysed {
    const model = this.reader.read(text);
    const chrome = findChrome(text, model.paragraphs);
    const { ignored, title, headline } = withHeadings(text, model.paragraphs, chrome.ignored);
    const spans = findQuoteSpans(model, ignored);
    const speakers = new Speakers(model, ignored, spans);
    const quotes = findQuotes(model, spans, speakers);
    const claims = model.sentences.filter((s, i) => !isMostlyIn(s, ignored) && isClaimSentence(model, i, quotes));
    const statements: Statement[] = [
      ...quotes.map((q): Statement => ({
        id: '',
        kind: 'quote',
        start: q.start,
        end: q.end,
        text: text.slice(q.start, q.end),
        speaker: q.speaker,
        reportedVia: q.reportedVia,
        paragraph: paragraphOf(model, q.start),
        partial: q.partial,
      })),
      ...claims.map((s) => claimStatement(model, s, speakers)),
    ];
    // the headline: the article's lead claim, no one's words (no speaker); the passes above skipped it as a heading
    if (headline) statements.push({ id: '', kind: 'headline', start: headline.start, end: headline.end, text: text.slice(headline.start, headline.end), speaker: null, reportedVia: [], paragraph: paragraphOf(model, headline.start) });
    statements.sort((a, b) => a.start - b.start || b.end - a.end);
    assignIds(statements);
    const info = sourceLabel(chrome.meta, title, path);
    return {
      // a region is a statement or ignored, never both: the headline leaves `ignored` once a statement
      analysis: { path, ...info, length: text.length, ignored: headline ? ignored.filter((r) => r.reason !== 'heading' || r.start !== headline.start) : ignored, statements, sentences: model.sentences.map(({ start, end }) => ({ start, end })) },
      model,
    };
  }
}

function claimStatement(model: TextModel, s: Sentence, speakers: Speakers): Statement {
  // fields written out, not spread: a spread left most statements with a second store for their fields (about 40 bytes each)
  const { speaker, reportedVia } = attributeClaim(model, s, speakers);
  return { id: '', kind: 'claim', start: s.start, end: s.end, text: model.text.slice(s.start, s.end), speaker, reportedVia, paragraph: s.paragraph };
}

/** Who a (non-quote) statement is attributed to ("X said ...", "according to officials, ..."), and its outlets. */
export function attributeClaim(model: TextModel, span: Span, speakers: Speakers): Pick<Statement, 'speaker' | 'reportedVia'> {
  const { cue, reportedVia } = claimFrame(model, span);
  // every source a frame names is resolved (it registers the name), even a naming verb's; each claim starts a fresh context
  const speaker = cue?.source ? speakers.resolve(cue.source, {}) : null;
  // a headline (or a title-cased line) is no one's statement: its names are never speakers
  return { speaker: cue && !cue.naming && !speakers.inHeadline(span.start) ? speaker : null, reportedVia };
}

/** True when a span lies mostly inside the (sorted) regions. */
function isMostlyIn(s: Span, regions: Span[]): boolean {
  return coveredChars(s, regions) * 2 > s.end - s.start;
}

function paragraphOf(model: TextModel, offset: number): number {
  return Math.min(spanIndexAt(model.paragraphs, offset), Math.max(0, model.paragraphs.length - 1));
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
    if (isSpace(c)) {
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
