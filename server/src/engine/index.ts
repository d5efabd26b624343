// The engine's one front door. Everything outside server/src/engine (the
// language server, the CLI, the client's shared protocol) reaches the analysis
// through this file: createEngine() for a corpus of documents, and a few pure
// functions that need no corpus (is this file an article, how do its bytes
// decode). The engine is a library: text in, plain data with UTF-16 offsets
// out; no I/O, no vscode or LSP, no module-level mutable state (each engine
// owns its caches, so two engines in one process never share anything).
import { Corpus, type BulkLoad, type CorpusOptions } from './corpus';
import type { AnalysedDocument } from './analysed';
import type { Judgement } from './matching/similarity';
import type { Cancellation, DocumentAnalysis, Match, Statement, StatementView, Story } from './model';

export type EngineOptions = CorpusOptions;

export interface Engine {
  /** Documents in the corpus. */
  readonly size: number;
  paths(): string[];
  /** The analysis of one document, as last set. */
  get(path: string): DocumentAnalysis | undefined;
  /** Adds or replaces one document and re-matches its statements; stops matching early when `token` is cancelled. */
  set(path: string, text: string, token?: Cancellation): DocumentAnalysis;
  /** Adds many documents: all analysed and indexed first, then matched (`analyse` each, then `setAnalysed`). */
  setMany(files: Iterable<{ path: string; text: string }>, token?: Cancellation, onProgress?: (done: number) => void): void;
  /**
   * One document's analysis in portable form (plain data: structured-cloneable
   * and JSON-serialisable). Reads and changes nothing of the corpus, so any
   * engine can do it, in any thread, in any order.
   */
  analyse(path: string, text: string): AnalysedDocument;
  /** `setMany` for documents `analyse` gave (here or in another engine): all indexed first, then matched. */
  setAnalysed(docs: Iterable<AnalysedDocument>, token?: Cancellation, onProgress?: (done: number) => void): void;
  /**
   * `setAnalysed` in two steps, for documents that arrive over time (from
   * worker threads): `add` indexes each as it comes, `finish` matches them
   * all. Nothing else may change the engine in between. `finish(token, more)`
   * matches in slices: it returns false once `more()` says stop (asked
   * between statements), and goes on when called again; true when done.
   */
  bulkLoad(): BulkLoad;
  /** While deferred, stories (and the links they filter) stay as last decided; documents added since have none yet. */
  deferStories(defer: boolean): void;
  remove(path: string): boolean;
  /** The innermost statement covering `offset`, if any. */
  statementAt(path: string, offset: number): Statement | undefined;
  /** Matches of one statement in other documents, best first. */
  matches(path: string, statementId: string): Match[];
  /** A statement with its matches, borrowed speaker and attribution disagreements. */
  view(path: string, statementId: string): StatementView | undefined;
  /** The story (articles reporting one happening) a document belongs to. */
  storyOf(path: string): Story | undefined;
  /** All stories, largest first. */
  stories(): Story[];
  /** Judges two free-standing texts (`corroborate compare`). */
  compare(a: string, b: string): Judgement;
}

class CorpusEngine extends Corpus implements Engine {
  compare(a: string, b: string): Judgement {
    return this.matcher.compareTexts(a, b);
  }
}

export function createEngine(options: EngineOptions = {}): Engine {
  return new CorpusEngine(options);
}

export type * from './model';
export { ANALYSIS_FORMAT, type AnalysedDocument } from './analysed';
export { articleVerdict } from './analysis/article';
export { decodeDocument, formatBytes, screenDocument, DEFAULT_MAX_BYTES, SNIFF_BYTES, type Decoded } from './text/decode';
// (text/search.ts also has lowerBound, the general form; exported here once something outside the engine uses it)
export { lowerBound, spanIndexAt } from './text/search';
export { storyCoverage, type Coverage, type CoverageRelation } from './stories/coverage';
export { WordNet, WordNetIndex, type LexicalRelation } from './lexicon/wordnet';
