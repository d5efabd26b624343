// Shared server state the feature handlers read: the corpus, the analysed text
// of every document (for position conversion), and per-statement summaries.
import type { Location, Range } from 'vscode-languageserver';
import { createEngine, type AnalysedDocument, type Cancellation, type DocumentAnalysis, type Engine, type Match, type Statement, type StatementView, type WordNetIndex } from '../engine';
import { LineIndex } from './positions';
import type { StatementStatus } from './protocol';
import { pathToUri, uriToPath } from './workspace';

/** The text a document was analysed from (positions must use exactly this). */
export interface Analysed {
  path: string;
  uri: string;
  lines: LineIndex;
  /** Editor version when analysed from an open document, null for disk. */
  version: number | null;
  /** The analysed text (to skip re-analysing identical text, e.g. opening an unchanged file). */
  text: string;
}

export interface Summary {
  view: StatementView;
  /** Distinct other documents of the story that report it without conflict. */
  corroborating: number;
  /** Distinct other documents of the story whose report conflicts. */
  conflicting: number;
  /** Distinct other documents of the story linked at all. */
  linked: number;
  /** The story's articles (N of "Reported by k of N sources"); the whole corpus while no story is known. */
  storySize: number;
  /** Distinct documents of other stories that print the quote word for word (`Match.otherStory`). */
  otherStories: number;
  /** The one corroborated / single / conflict decision (statusOf). */
  status: StatementStatus;
}

/**
 * How other sources report a statement: every mark (the client's underlines,
 * semantic token modifiers, diagnostics, lenses, hovers) follows this one
 * decision. A conflict is a match judged `conflict` (different details); an
 * attribution disagreement alone leaves the words corroborated: it has its own
 * diagnostic and hover line, and counts in `conflicting` for the labels.
 */
function statusOf(view: StatementView): StatementStatus {
  if (view.matches.some((m) => m.relation === 'conflict' && !m.otherStory)) return 'conflict';
  return view.matches.some((m) => !m.otherStory) ? 'corroborated' : 'single';
}

/** A load under way (`ServerState.load`). */
export interface LoadJob {
  step(more?: () => boolean): boolean;
}

export class ServerState {
  corpus: Engine;
  private minScore = 0;
  readonly analysed = new Map<string, Analysed>();
  /** URIs as the client spelt them, so answers use the same spelling. */
  private readonly uris = new Map<string, string>();
  /**
   * True from start-up until the first scan ends, and during every rescan:
   * the corpus's stories are then deferred (`Engine.deferStories`), so a hover
   * never waits for a story to be re-decided while documents pour in.
   */
  get indexing(): boolean {
    return this.indexingNow;
  }

  set indexing(on: boolean) {
    this.indexingNow = on;
    this.corpus.deferStories(on);
  }

  private indexingNow = true;
  /** A folder load's documents being indexed and matched in slices (`load`); any other change to the corpus first finishes it. */
  private pending: LoadJob | undefined;

  pathOf(uri: string): string {
    const path = uriToPath(uri);
    if (!this.uris.has(path)) this.uris.set(path, uri);
    return path;
  }

  /** `wordnet`: the index every corpus of this server is given (read once at start). */
  constructor(private readonly wordnet?: WordNetIndex) {
    this.corpus = createEngine({ wordnet });
    this.corpus.deferStories(this.indexingNow);
  }

  /** Drops everything (a load under way too) and starts an empty corpus with a new link threshold. */
  reset(minScore: number): void {
    this.minScore = minScore;
    this.pending = undefined;
    this.corpus = createEngine({ minScore, wordnet: this.wordnet });
    this.corpus.deferStories(this.indexingNow);
    this.analysed.clear();
  }

  get threshold(): number {
    return this.minScore;
  }

  /** Prefer the client's spelling of a URI (e.g. from didOpen). */
  setUri(path: string, uri: string): void {
    this.uris.set(path, uri);
    const a = this.analysed.get(path);
    if (a) a.uri = uri;
  }

  uriOf(path: string): string {
    let uri = this.uris.get(path);
    if (!uri) this.uris.set(path, (uri = pathToUri(path)));
    return uri;
  }

  /** Adds/replaces a document in the corpus together with its line index (matching stops early once `token` is cancelled). */
  set(path: string, text: string, version: number | null, token?: Cancellation): DocumentAnalysis {
    this.settle();
    const analysis = this.corpus.set(path, text, token);
    this.analysed.set(path, { path, uri: this.uriOf(path), lines: new LineIndex(text), version, text });
    return analysis;
  }

  /** Adds many documents (analysed here, in this thread), all indexed first, then matched. */
  setMany(files: { path: string; text: string }[]): void {
    this.setAnalysed(files.map((f) => this.corpus.analyse(f.path, f.text)));
  }

  /** Adds documents analysed already; once `token` is cancelled, only those the engine took get the new text's line index. */
  setAnalysed(docs: AnalysedDocument[], token?: Cancellation): void {
    this.load(docs, token).step();
  }

  /**
   * `setAnalysed` in slices: each `step(more)` indexes and matches
   * statements until `more()` says stop (asked after each), and says whether
   * all are done. Requests are answered between slices; a change to the
   * corpus meanwhile (`set`, `remove`, another load) first finishes this one.
   */
  load(docs: AnalysedDocument[], token?: Cancellation): LoadJob {
    this.settle();
    const corpus = this.corpus;
    const before = token ? docs.map((d) => corpus.get(d.path)) : [];
    const bulk = corpus.bulkLoad();
    for (const d of docs) bulk.queue(d);
    const job: LoadJob = {
      step: (more) => {
        // done, or dropped by `reset`
        if (this.pending !== job) return true;
        if (!bulk.finish(token, more)) return false;
        this.pending = undefined;
        docs.forEach((d, i) => {
          if (token?.isCancellationRequested && corpus.get(d.path) === before[i]) return;
          this.analysed.set(d.path, { path: d.path, uri: this.uriOf(d.path), lines: new LineIndex(d.text), version: null, text: d.text });
        });
        return true;
      },
    };
    this.pending = job;
    return job;
  }

  /** Finishes the load under way, if any (before anything else changes the corpus). */
  private settle(): void {
    this.pending?.step();
  }

  remove(path: string): boolean {
    this.settle();
    this.analysed.delete(path);
    return this.corpus.remove(path);
  }

  has(path: string): boolean {
    return this.analysed.has(path) && !!this.corpus.get(path);
  }

  doc(uri: string): { path: string; analysis: DocumentAnalysis; lines: LineIndex } | undefined {
    const path = this.pathOf(uri);
    const analysis = this.corpus.get(path);
    const a = this.analysed.get(path);
    return analysis && a ? { path, analysis, lines: a.lines } : undefined;
  }

  summarize(path: string, s: Statement): Summary | undefined {
    const view = this.corpus.view(path, s.id);
    if (!view) return undefined;
    const ok = new Set<string>();
    const bad = new Set<string>();
    const elsewhere = new Set<string>();
    // counts are per story: a quote printed word for word in another story is named apart
    for (const m of view.matches) (m.otherStory ? elsewhere : m.relation === 'conflict' ? bad : ok).add(m.path);
    for (const c of view.attributionConflicts) bad.add(c.path);
    const storySize = this.corpus.storyOf(path)?.documents.length ?? this.corpus.size;
    return { view, corroborating: ok.size, conflicting: bad.size, linked: new Set([...ok, ...bad]).size, storySize, otherStories: elsewhere.size, status: statusOf(view) };
  }

  /** Range of a match in its own document (undefined if that document vanished). */
  matchRange(m: Match): Range | undefined {
    return this.analysed.get(m.path)?.lines.rangeOf(m);
  }

  matchLocation(m: Match): Location | undefined {
    const range = this.matchRange(m);
    return range ? { uri: this.uriOf(m.path), range } : undefined;
  }

  sourceOf(path: string): string {
    return this.corpus.get(path)?.source ?? path.split(/[\\/]/).pop() ?? path;
  }

  statementCount(): number {
    let n = 0;
    for (const p of this.analysed.keys()) n += this.corpus.get(p)?.statements.length ?? 0;
    return n;
  }
}

export function shortText(text: string, max = 60): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1).trimEnd() + '…' : t;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "3 of 5 sources · 1 conflict": the statement's own source counts as one; 5 is its story's articles. */
export function countsLabel(sum: Summary): string {
  const parts = [`${1 + sum.linked} of ${plural(sum.storySize, 'source')}`];
  if (sum.conflicting) parts.push(plural(sum.conflicting, 'conflict'));
  return parts.join(' · ');
}
