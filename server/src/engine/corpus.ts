// The corpus: documents added, updated and removed one at a time, and for
// every statement the statements of other documents that report the same
// thing. Candidates come from an inverted index over each statement's key
// terms (IDF-weighted), never from comparing all pairs; updating a document
// re-matches only its own statements.
import { Analyzer } from './analysis/analyze';
import { Stories, type StoryDocument } from './stories/stories';
import { Matcher, type Prepared } from './matching/similarity';
import { fnv1a } from './text/text';
import { ANALYSIS_FORMAT, toAnalysed, unpackWording, vocabOf, type AnalysedDocument, type PackedWording } from './analysed';
import type { Cancellation, DocumentAnalysis, Story, Match, MatchReason, Relation, Statement, StatementView } from './model';
import { neverCancelled } from './model';
import { grown, pushTo } from './arrays';
import type { WordNetIndex } from './lexicon/wordnet';

export interface CorpusOptions {
  /** Most candidates compared per statement. */
  maxCandidates?: number;
  /** Terms in more than this share of the distinct wordings are too common to retrieve by. */
  maxTermShare?: number;
  /** Extra score a judgement must exceed to count as a link (0 = the model's own threshold). */
  minScore?: number;
  /**
   * A candidate is judged only when the key-term weight it shares is at
   * least this share of the smaller statement's key-term weight; most
   * topical near-misses are skipped unjudged (ARCHITECTURE.md has the
   * measurement).
   */
  minOverlap?: number;
  /**
   * WordNet (the index the node layer reads from dist/wordnet.bin). Optional:
   * without it the engine works as before. Held by the matcher, which does
   * not consult it yet.
   */
  wordnet?: WordNetIndex;
}

interface Entry {
  analysis: DocumentAnalysis;
  /** Global statement handles, parallel to analysis.statements. */
  refs: number[];
}


/**
 * One prepared wording: statements with the same text and the same part-of-
 * speech tags (whatever file they are in) share it, with its key terms.
 */
interface Shared {
  text: string;
  /** The tokens' tags (`AnalysedDocument`'s, '#' in front for a headline; the same text can be tagged differently in another sentence). */
  tags: string;
  key: number;
  prepared: Prepared;
  terms: Int32Array;
  weight: number;
  /** Hash of the lemma and word id sequences (statements identical after normalising share it). */
  sig: number;
  /** Live statements using it. */
  users: number;
  /** Their handles: a link to one holder of a wording is a link to all of them (see `matchesOfRef`). */
  holders: number[];
}


export interface BulkLoad {
  /** Indexes a document now. */
  add(doc: AnalysedDocument): void;
  /** Leaves a document's indexing to `finish` (in its slices). */
  queue(doc: AnalysedDocument): void;
  finish(token?: Cancellation, more?: () => boolean): boolean;
}

/** A document being added, statement by statement (`Corpus.indexNext`). */
interface Indexing {
  doc: AnalysedDocument;
  /** Handles of its statements indexed so far. */
  refs: number[];
  /** Its vocabulary, split on first need. */
  vocab: string[] | undefined;
}

export class Corpus {
  private readonly analyzer = new Analyzer();
  /** The documents grouped by what happened (decided lazily, on the next question). */
  private readonly storyIndex = new Stories();
  private readonly docs = new Map<string, Entry>();
  /**
   * Per handle, its statement's prepared wording, shared with statements of
   * the same words and tags (undefined once removed); its document is the
   * DOC field of `meta` (`pathOf`), its place there `statementIndex`.
   * (An object per handle held 12.7 MB at 10,000 articles.)
   */
  private readonly slots: (Shared | undefined)[] = [];
  private statementIndex = new Int32Array(1024);
  /** Paths by document number (`docNumber`). */
  private readonly docPaths: string[] = [];
  /**
   * Term id → statement handles, append-only: a removed statement's handle
   * stays behind as a tombstone (its slot is empty; handles are never
   * reused) until enough pile up to compact. Plain arrays iterate several
   * times faster than Sets on the retrieval path. The first postingCount[t]
   * of a typed array that doubles as it fills: half the bytes of a number[].
   */
  private postings: Int32Array[] = [];
  private readonly postingCount: number[] = [];
  /**
   * Per term id, the live statements in its posting list: retrieval orders
   * and budgets by it, so tombstones left by edits cannot change which
   * candidates a statement gets (a fresh corpus has none).
   */
  private readonly live: number[] = [];
  private dead = 0;
  private total = 0;
  private readonly termIds = new Map<string, number>();
  private readonly termNames: string[] = [];
  /** Fixed IDF weight (the shipped table) per term id. */
  private readonly termWeight: number[] = [];
  /** Interned lemma id → term id + 1 (0: not seen yet). */
  private lemmaTerm = new Int32Array(1024);
  /**
   * During a bulk load (handles lo..hi-1, matched in ascending order): per
   * handle, the later batch handles it judged and did not link, so each pair
   * is compared once (linked pairs are skipped by `hasLink`).
   */
  private batch: Batch | undefined;
  /** Scratch key-term weight by term id, for the exact overlap (kept zeroed). */
  private termW = new Float64Array(1024);
  /** Scratch bit per handle: has a vote (kept zeroed). */
  private seen = new Int32Array(64);
  /** Scratch list of the handles with a vote. */
  private touched = new Int32Array(1024);
  /**
   * Per handle, 16 bytes side by side, so the retrieval loop touches one
   * cache line per candidate (separate arrays cost three misses each, and
   * cache misses dominate retrieval): the scratch vote (float32, kept
   * zeroed), the document number (int32, -1 once removed), the key-term
   * weight (float64).
   */
  private meta = new ArrayBuffer(16 * 1024);
  private metaF = new Float32Array(this.meta);
  private metaI = new Int32Array(this.meta);
  private metaD = new Float64Array(this.meta);
  /**
   * Every statement's key-term ids again, one after another (`termStart` and
   * `termCount` per handle), for the exact-overlap loop: reading them from the
   * slot objects cost two cache misses per candidate. Removed statements'
   * terms stay until `compact`.
   */
  private termBuf = new Int32Array(1 << 16);
  private termEnd = 0;
  private termStart = new Int32Array(1024);
  private termCount = new Int32Array(1024);
  /** Per handle, what the statement may link as: FRAGMENT, LONG_QUOTE (bits; see `linkClassOf`). */
  private linkClass = new Uint8Array(1024);
  /**
   * Per fragment handle, the words around it in its sentence (prepared): a
   * fragment links only where its context reports the same thing too
   * (`contextAgrees`), never on its own.
   */
  private readonly contexts = new Map<number, Prepared>();
  private readonly docNumbers = new Map<string, number>();
  /**
   * Links per handle, packed: [other * 4 + relation code, score]. The
   * reason is not stored (it held the aligned words of every link: most of
   * the corpus's memory at 20,000 articles); `matchesOfRef` recomputes it
   * when a caller reads it.
   */
  private readonly links = new Links();
  /** Prepared wordings by hash of text and tags. */
  private readonly shared = new Map<number, Shared[]>();
  /**
   * Document frequency for IDF counts each wording once: the number of
   * wordings, and per term id the wordings holding it (thirty saved copies of
   * one article do not make its words common).
   */
  private distinct = 0;
  private readonly termDf: number[] = [];
  /**
   * Per signature (words after normalising), a live statement whose
   * candidates were judged: its copies take its links (`copyLinks`).
   */
  private readonly matchedWording = new Map<number, number>();
  private readonly opts: Required<Omit<CorpusOptions, 'wordnet'>>;
  /** This corpus's matcher: its interner and caches are no other corpus's. */
  protected readonly matcher: Matcher;

  constructor({ wordnet, ...options }: CorpusOptions = {}) {
    this.opts = { maxCandidates: 8, maxTermShare: 0.02, minScore: 0, minOverlap: 0.6, ...options };
    this.matcher = new Matcher(this.analyzer.reader, wordnet);
  }

  get size(): number {
    return this.docs.size;
  }

  paths(): string[] {
    return [...this.docs.keys()];
  }

  get(path: string): DocumentAnalysis | undefined {
    return this.docs.get(path)?.analysis;
  }

  /**
   * One document analysed, in portable form (`analysed.ts`): reads nothing
   * of the corpus and changes nothing in it (it fills only the lexicon's
   * caches of word facts, and interns nothing), so any engine (another
   * thread's) may do it.
   */
  analyse(path: string, text: string): AnalysedDocument {
    const { analysis, model } = this.analyzer.analyze(path, text);
    return toAnalysed(text, analysis, model, this.matcher.lexicon);
  }

  /** Adds or replaces one document and re-matches its statements. */
  set(path: string, text: string, token: Cancellation = neverCancelled): DocumentAnalysis {
    const doc = this.analyse(path, text);
    const refs = this.add(doc);
    for (const ref of refs) {
      if (token.isCancellationRequested) break;
      this.matchOne(ref);
    }
    return doc.analysis;
  }

  /**
   * Adds many documents at once: analyse and index everything first, then
   * match, so early documents see the same index as late ones.
   */
  setMany(files: Iterable<{ path: string; text: string }>, token: Cancellation = neverCancelled, onProgress?: (done: number) => void): void {
    const analyse = this.analyse.bind(this);
    function* analysed() {
      for (const { path, text } of files) yield analyse(path, text);
    }
    this.setAnalysed(analysed(), token, onProgress);
  }

  /** `setMany` for documents analysed already (by `analyse`, here or in another engine). */
  setAnalysed(docs: Iterable<AnalysedDocument>, token: Cancellation = neverCancelled, onProgress?: (done: number) => void): void {
    const load = this.bulkLoad();
    let done = 0;
    for (const doc of docs) {
      if (token.isCancellationRequested) return;
      load.add(doc);
      onProgress?.(++done);
    }
    load.finish(token);
  }

  /**
   * `setAnalysed` in two steps, for documents that arrive over time (from
   * worker threads): `add` indexes each as it comes, `finish` matches them
   * all. Nothing else may change the corpus in between. For a server that
   * answers requests meanwhile, `queue` leaves a document's indexing to
   * `finish`, and `finish` given `more` stops once `more()` says no (asked
   * after each statement indexed or matched) and returns false; called
   * again, it goes on where it stopped, so a hover waits for one slice, not
   * for the whole load. True once all are indexed and matched, or cancelled
   * (a document half indexed is indexed to its end first; the documents
   * queued after it are dropped).
   */
  bulkLoad(): BulkLoad {
    const added: number[] = [];
    const lo = this.slots.length;
    const queued: AnalysedDocument[] = [];
    let indexing: Indexing | undefined;
    let next = 0;
    return {
      add: (doc) => {
        added.push(...this.add(doc));
      },
      queue: (doc) => {
        queued.push(doc);
      },
      finish: (token = neverCancelled, more) => {
        let worked = false;
        const pause = () => !!more && worked && !more();
        while (indexing || queued.length) {
          if (token.isCancellationRequested && !indexing) {
            queued.length = 0;
            break;
          }
          if (pause()) return false;
          indexing ??= this.beginAdd(queued.shift()!);
          worked = true;
          if (this.indexNext(indexing)) {
            added.push(...indexing.refs);
            indexing = undefined;
          }
        }
        this.batch ??= new Batch(lo, this.slots.length);
        let paused = false;
        try {
          for (; next < added.length; next++) {
            if (token.isCancellationRequested) break;
            if (pause()) {
              paused = true;
              return false;
            }
            worked = true;
            this.matchOne(added[next]);
          }
        } finally {
          if (!paused) {
            // the lists the load grew by doubling, to their exact size
            this.links.pack();
            this.batch = undefined;
            // the load's n-gram hashes go (made again on a later comparison): 20,000 articles, array buffers 165 -> 130 MB
            for (const ref of added) {
              this.slots[ref]?.prepared.dropHashes();
              this.contexts.get(ref)?.dropHashes();
            }
          }
        }
        return true;
      },
    };
  }

  /**
   * While deferred, questions about stories (and the links they filter) get
   * the stories as last decided, without deciding them again: documents
   * added since belong to no story yet, and their links show once the
   * deferral ends. A server defers while it loads a folder: re-deciding a
   * big topic on every hover took 20–40 ms a time, and the loading is what
   * changes them. The next question after it ends decides them all.
   */
  deferStories(defer: boolean): void {
    this.storyIndex.deferred = defer;
  }

  /** Replaces a document by an analysed one and indexes its statements (unmatched); their handles. */
  private add(doc: AnalysedDocument): number[] {
    const job = this.beginAdd(doc);
    while (!this.indexNext(job));
    return job.refs;
  }

  /** The first step of adding a document: the old version removed, the story index told; its statements are indexed by `indexNext`. */
  private beginAdd(doc: AnalysedDocument): Indexing {
    if (doc.format !== ANALYSIS_FORMAT) throw new Error(`${doc.path}: analysis format ${doc.format}, not ${ANALYSIS_FORMAT}`);
    const { path, text, analysis } = doc;
    // one empty list for every statement reported through no one (10,000 articles: 8.5 MB of empty arrays)
    for (const s of analysis.statements) if (!s.reportedVia.length) s.reportedVia = NO_VIA;
    // the old version's statements go; the story index replaces its document in one step
    if (this.removeStatements(path)) this.storyIndex.replace(storyDocument(path, text, analysis));
    else this.storyIndex.set(storyDocument(path, text, analysis));
    return { doc, refs: [], vocab: undefined };
  }

  /** Indexes the next statement of a document being added; true when it was the last (the document is then in the corpus). */
  private indexNext(job: Indexing): boolean {
    const { doc, refs } = job;
    const { analysis, statements } = doc;
    const index = refs.length;
    if (index < analysis.statements.length) {
      // split once per document, and only when a wording is prepared
      const vocab = () => (job.vocab ??= vocabOf(doc));
      const shared = this.prepareShared(analysis.statements[index], statements[index].tags, statements[index].wording, vocab);
      const { terms, weight } = shared;
      const ref = this.slots.length;
      this.slots[ref] = shared;
      // a first holder in an array of its own size (a push into [] makes room for 17)
      if (shared.holders.length) shared.holders.push(ref);
      else shared.holders = [ref];
      this.grow(ref + 1);
      this.statementIndex[ref] = index;
      this.metaD[2 * ref + 1] = weight;
      this.appendTerms(ref, terms);
      this.metaI[4 * ref + DOC] = this.docNumber(analysis.path);
      this.linkClass[ref] = linkClassOf(analysis.statements[index]);
      const context = statements[index].context;
      if (this.linkClass[ref] & FRAGMENT && context) this.contexts.set(ref, this.matcher.prepareWording(context.text, unpackWording(context.wording, vocab())));
      for (const t of terms) {
        this.live[t]++;
        pushTo(this.postings, this.postingCount, t, ref);
      }
      this.total += terms.length;
      refs.push(ref);
    }
    if (refs.length < analysis.statements.length) return false;
    this.docs.set(analysis.path, { analysis, refs });
    return true;
  }

  remove(path: string): boolean {
    if (!this.removeStatements(path)) return false;
    this.storyIndex.remove(path);
    return true;
  }

  /** A document's statements out of the index, its links dropped, the document forgotten (not its story document); false if absent. */
  private removeStatements(path: string): boolean {
    const entry = this.docs.get(path);
    if (!entry) return false;
    for (const ref of entry.refs) {
      this.releaseShared(ref);
      this.dead += this.termCount[ref];
      for (let q = this.termStart[ref], end = q + this.termCount[ref]; q < end; q++) this.live[this.termBuf[q]]--;
      const links = this.links;
      for (let k = links.start(ref), end = k + links.count(ref); k < end; k++) this.unlink(Math.floor(links.key[k] / 4), ref);
      links.clear(ref);
      this.slots[ref] = undefined;
      this.contexts.delete(ref);
      this.metaI[4 * ref + DOC] = -1;
    }
    this.docs.delete(path);
    if (this.dead > 4096 && this.dead * 2 > this.total) this.compact();
    return true;
  }

  /** The story a document belongs to. */
  storyOf(path: string): Story | undefined {
    return this.docs.has(path) ? this.storyIndex.storyOf(path) : undefined;
  }

  /** All stories, largest first, then by id. */
  stories(): Story[] {
    return this.storyIndex.stories();
  }

  /** The innermost statement covering `offset`, if any. */
  statementAt(path: string, offset: number): Statement | undefined {
    const statements = this.docs.get(path)?.analysis.statements ?? [];
    let best: Statement | undefined;
    for (const s of statements) {
      if (s.start > offset) break;
      if (offset <= s.end && (!best || s.end - s.start < best.end - best.start)) best = s;
    }
    return best;
  }

  /** Matches of one statement in other documents, best first. */
  matches(path: string, statementId: string): Match[] {
    const entry = this.docs.get(path);
    if (!entry) return [];
    const i = entry.analysis.statements.findIndex((s) => s.id === statementId);
    return i < 0 ? [] : this.matchesOfRef(entry.refs[i]);
  }

  view(path: string, statementId: string): StatementView | undefined {
    const entry = this.docs.get(path);
    const i = entry?.analysis.statements.findIndex((s) => s.id === statementId) ?? -1;
    if (!entry || i < 0) return undefined;
    const statement = entry.analysis.statements[i];
    const matches = this.matchesOfRef(entry.refs[i]);
    let speaker = statement.speaker;
    const attributionConflicts: StatementView['attributionConflicts'] = [];
    // a fragment (`"witch hunt"`) neither borrows nor lends a speaker, nor disputes an attribution
    if (statement.kind === 'quote' && !(this.linkClass[entry.refs[i]] & FRAGMENT)) {
      for (const m of matches) {
        // a speaker is borrowed, and an attribution disputed, only inside the story
        if (m.relation === 'conflict' || m.otherStory) continue;
        // the other statement by its handle (its link class kept there: counting its words again cost most of a view at 20,000 articles)
        const h = CorpusMatch.handleOf(m);
        if (!this.slots[h] || this.linkClass[h] & FRAGMENT) continue;
        const o = this.docs.get(this.pathOf(h))!.analysis.statements[this.statementIndex[h]];
        const other = o.speaker;
        if (!other || other.kind !== 'name') continue;
        if (!speaker || speaker.kind !== 'name') {
          if (!speaker?.borrowedFrom) speaker = { ...(speaker ?? { start: statement.end, end: statement.end, kind: 'name' }), name: other.name, kind: speaker?.kind ?? 'name', borrowedFrom: { path: m.path, statementId: m.statementId } };
        } else if (!sameName(speaker.name, other.name)) {
          attributionConflicts.push({ path: m.path, statementId: m.statementId, name: other.name });
        }
      }
    }
    return { statement, matches, speaker, attributionConflicts };
  }

  /**
   * A statement's matches. Links are made between statements, but what a
   * statement reports is decided by its wording: every statement worded the
   * same (same text and tags, in any file) is judged the same. So the matches
   * are read per wording: the links of every holder of this wording, each
   * widened to every holder of the other wording, plus the other holders of
   * this one (verbatim). Which copy of a saved-many-times article happened to
   * be judged, and in what order documents arrived or were edited, then no
   * longer changes what a reader sees.
   *
   * Links are filtered here, as they are read, by the stories as they stand
   * now (stories are re-decided lazily as documents change, so a link made
   * before an edit moved a document follows the new stories): inside a story
   * every link counts; across stories only a long quote printed word for word
   * (`crossStory`), marked `otherStory`.
   *
   * A fragment's links were judged with its context (`contextAgrees`), which
   * another holder of its words does not share: a fragment reads its own
   * links only, and is read only where it is linked itself (never widened to
   * the other holders of its words).
   */
  private matchesOfRef(ref: number): CorpusMatch[] {
    const out: CorpusMatch[] = [];
    const mine = this.slots[ref];
    if (!mine) return out;
    const mi = this.metaI;
    const doc = mi[4 * ref + DOC];
    const path = this.pathOf(ref);
    const story = this.storyIndex.storyOf(path);
    const stories = this.storyIndex;
    const lc = this.linkClass;
    const fragment = (lc[ref] & FRAGMENT) !== 0;
    // the other wordings linked to any holder of this one: best (score, relation) per wording; fragments linked, per handle
    const linked = new Map<Shared, [number, number]>();
    const direct = new Map<number, [number, number]>();
    const links = this.links;
    for (const h of fragment ? [ref] : mine.holders) {
      for (let k = links.start(h), end = k + links.count(h); k < end; k++) {
        const other = Math.floor(links.key[k] / 4);
        const slot = this.slots[other];
        if (!slot || (slot === mine && !fragment)) continue;
        const code = links.key[k] & 3;
        const score = links.score[k];
        const into = lc[other] & FRAGMENT ? direct : linked;
        const key = lc[other] & FRAGMENT ? other : slot;
        const had = (into as Map<unknown, [number, number]>).get(key);
        if (!had || score > had[1] || (score === had[1] && code < had[0])) (into as Map<unknown, [number, number]>).set(key, [code, score]);
      }
    }
    const add = (other: number, code: number, score: number) => {
      const slot = this.slots[other]!;
      if (mi[4 * other + DOC] === doc) return;
      const otherPath = this.pathOf(other);
      const elsewhere = stories.storyOf(otherPath) !== story;
      if (elsewhere && !crossStory(lc[ref], lc[other], code)) return;
      if (!elsewhere && code !== 0 && stories.closeness(path, otherPath) < CLOSE) return;
      const s = this.docs.get(otherPath)!.analysis.statements[this.statementIndex[other]];
      out.push(new CorpusMatch(otherPath, s, other, RELATIONS[code], score, () => this.matcher.compare(mine.prepared, slot.prepared, this.idf).reason, elsewhere));
    };
    // the same wording in other documents: what `compare` would say of identical statements
    if (this.opts.minScore <= 1 && !fragment) for (const h of mine.holders) if (h !== ref && !(lc[h] & FRAGMENT)) add(h, 0, 1);
    for (const [shared, [code, score]] of linked) for (const h of shared.holders) if (!(lc[h] & FRAGMENT)) add(h, code, score);
    for (const [other, [code, score]] of direct) add(other, code, score);
    return out.sort((a, b) => b.score - a.score || byLocale(a.path, b.path) || a.start - b.start);
  }

  private hasLink(a: number, b: number): boolean {
    const links = this.links;
    for (let k = links.start(a), end = k + links.count(a); k < end; k++) if (Math.floor(links.key[k] / 4) === b) return true;
    return false;
  }

  private unlink(a: number, b: number): void {
    const links = this.links;
    for (let k = links.start(a), end = k + links.count(a); k < end; k++) {
      if (Math.floor(links.key[k] / 4) !== b) continue;
      links.removeAt(a, k);
      return;
    }
  }

  /** The statement's prepared wording: an existing one (a copy of a statement seen before), or a new one. */
  private prepareShared(s: Statement, tokenTags: string, wording: PackedWording, vocab: () => string[]): Shared {
    // A headline's wording is its own: it is judged on a stricter bar than a claim of the same words.
    const tags = (s.kind === 'headline' ? '#' : '') + tokenTags;
    const key = fnv1a(tags, fnv1a(s.text));
    const list = this.shared.get(key);
    if (list) {
      for (const e of list) {
        if (e.text !== s.text || e.tags !== tags) continue;
        e.users++;
        return e;
      }
    }
    const prepared = this.matcher.prepareWording(s.text, unpackWording(wording, vocab()));
    const terms = Int32Array.from(this.matcher.keyTermPositions(prepared), (i) => this.termOfLemma(prepared.lid[i])).sort();
    let weight = 0;
    for (const t of terms) weight += this.termWeight[t];
    const e: Shared = { text: s.text, tags, key, prepared, terms, weight, sig: signature(prepared), users: 1, holders: [] };
    if (list) list.push(e);
    else this.shared.set(key, [e]);
    this.distinct++;
    for (const t of terms) this.termDf[t]++;
    return e;
  }

  private releaseShared(ref: number): void {
    const e = this.slots[ref]!;
    e.holders.splice(e.holders.indexOf(ref), 1);
    if (this.matchedWording.get(e.sig) === ref) this.matchedWording.delete(e.sig);
    if (--e.users > 0) return;
    const list = this.shared.get(e.key)!;
    list.splice(list.indexOf(e), 1);
    if (!list.length) this.shared.delete(e.key);
    this.distinct--;
    for (const t of e.terms) this.termDf[t]--;
  }

  private appendTerms(ref: number, terms: Int32Array): void {
    if (this.termEnd + terms.length > this.termBuf.length) {
      const next = new Int32Array(Math.max(this.termEnd + terms.length, this.termBuf.length * 2));
      next.set(this.termBuf.subarray(0, this.termEnd));
      this.termBuf = next;
    }
    this.termBuf.set(terms, this.termEnd);
    this.termStart[ref] = this.termEnd;
    this.termCount[ref] = terms.length;
    this.termEnd += terms.length;
  }

  private docNumber(path: string): number {
    let n = this.docNumbers.get(path);
    if (n === undefined) {
      this.docNumbers.set(path, (n = this.docNumbers.size));
      this.docPaths.push(path);
    }
    return n;
  }

  /** The path of a live handle's document. */
  private pathOf(ref: number): string {
    return this.docPaths[this.metaI[4 * ref + DOC]];
  }

  private grow(size: number): void {
    if (size <= this.termStart.length) return;
    const n = Math.max(size, this.termStart.length * 2);
    const meta = new ArrayBuffer(16 * n);
    new Uint8Array(meta).set(new Uint8Array(this.meta));
    this.meta = meta;
    this.metaF = new Float32Array(meta);
    this.metaI = new Int32Array(meta);
    this.metaD = new Float64Array(meta);
    this.termStart = grown(this.termStart, n);
    this.termCount = grown(this.termCount, n);
    this.linkClass = grown(this.linkClass, n);
    this.statementIndex = grown(this.statementIndex, n);
  }

  /** Drops tombstones from the posting lists. */
  private compact(): void {
    for (let t = 0; t < this.postings.length; t++) {
      const list = this.postings[t];
      let n = 0;
      for (let i = 0; i < this.postingCount[t]; i++) if (this.slots[list[i]] !== undefined) list[n++] = list[i];
      this.postings[t] = n ? list.slice(0, n) : NO_POSTINGS;
      this.postingCount[t] = n;
    }
    const buf = this.termBuf;
    this.termBuf = new Int32Array(Math.max(1 << 16, this.termEnd));
    this.termEnd = 0;
    for (let ref = 0; ref < this.slots.length; ref++) {
      if (this.slots[ref]) this.appendTerms(ref, buf.subarray(this.termStart[ref], this.termStart[ref] + this.termCount[ref]));
    }
    this.total -= this.dead;
    this.dead = 0;
  }

  private termOfLemma(lid: number): number {
    if (lid >= this.lemmaTerm.length) this.lemmaTerm = grown(this.lemmaTerm, Math.max(lid + 1, this.lemmaTerm.length * 2));
    if (this.lemmaTerm[lid] === 0) this.lemmaTerm[lid] = this.termId(this.matcher.lexicon.name(lid)) + 1;
    return this.lemmaTerm[lid] - 1;
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termNames.length;
      this.termIds.set(term, id);
      this.termNames.push(term);
      this.termWeight.push(this.matcher.defaultIdf(term));
      this.termDf.push(0);
      this.live.push(0);
      this.postings.push(NO_POSTINGS);
      this.postingCount.push(0);
    }
    return id;
  }

  private idf = (term: string): number => {
    const id = this.termIds.get(term);
    const df = id === undefined ? 0 : this.termDf[id];
    return Math.log((this.distinct + 1) / (df + 1)) + 1;
  };

  /**
   * Finds candidates for one statement and links the ones that match.
   * Retrieval: statements sharing one of its rarer key terms (posting lists
   * longer than maxDf are skipped). Gate: the exact IDF weight of all shared
   * key terms over the smaller statement's total. Only the best few
   * candidates past the gate are judged by the pairwise model.
   */
  private matchOne(ref: number): void {
    const slot = this.slots[ref]!;
    // a fragment's links depend on its context, not only on its words: always judged
    const fragment = (this.linkClass[ref] & FRAGMENT) !== 0;
    const same = fragment ? undefined : this.matchedWording.get(slot.sig);
    if (same !== undefined && same !== ref && sameSequence(slot.prepared, this.slots[same]!.prepared)) {
      this.copyLinks(ref, same);
      return;
    }
    if (same === undefined && !fragment) this.matchedWording.set(slot.sig, ref);
    // key terms as term ids, ascending (weights: `termWeight`; their sum: the weight field of `meta`)
    const terms = this.termBuf.subarray(this.termStart[ref], this.termStart[ref] + this.termCount[ref]);
    // too common to retrieve by: in more than maxDf distinct wordings
    const maxDf = Math.min(MAX_DF, Math.max(50, this.distinct * this.opts.maxTermShare));
    // Rarest terms first; stop once enough postings were visited (a statement
    // that reports the same thing shares the rare words).
    const df: number[] = [];
    const order: number[] = [];
    for (let k = 0; k < terms.length; k++) {
      df.push(this.live[terms[k]]);
      if (this.termDf[terms[k]] <= maxDf) order.push(k);
    }
    order.sort((a, b) => df[a] - df[b]);
    const mf = this.metaF;
    const mi = this.metaI;
    const md = this.metaD;
    const wRef = md[2 * ref + 1];
    if (this.touched.length < this.slots.length) this.touched = new Int32Array(this.slots.length * 2);
    const touched = this.touched;
    if (this.seen.length * 32 < this.slots.length) this.seen = new Int32Array((this.slots.length >> 4) + 1);
    const seen = this.seen;
    let nt = 0;
    let visited = 0;
    let unvisited = wRef;
    const gate = this.opts.minOverlap;
    // Votes add up in float32, as `all` does: a statement holding every term
    // read so far has a vote equal to it, bit for bit.
    let all = 0;
    const maxC = this.opts.maxCandidates;
    for (let k = 0; k < order.length && (k < 3 || visited < RETRIEVAL_BUDGET); k++) {
      const list = this.postings[terms[order[k]]];
      const n = this.postingCount[terms[order[k]]];
      // the three rarest terms are read even past the budget, unless all are common
      if (k > 0 && visited + df[order[k]] > 2 * RETRIEVAL_BUDGET) break;
      // A statement first seen in this list shares at most the weight not read
      // yet: once that is below the gate's share of this statement's weight,
      // only a lighter one could still pass the gate, and that pair is found
      // from the lighter side (its read lists weigh over 40% of it, so one is
      // shared), unless its budget ran out first. So the longer lists only add
      // to the votes of statements seen already: not exact (ARCHITECTURE.md).
      // 1,486 articles (PolNeAR + stories): candidates 29.6 M → 6.9 M, matching CPU 9.8 → 7.5 s (median of 3).
      const admit = unvisited >= gate * wRef;
      const w = this.termWeight[terms[order[k]]];
      visited += df[order[k]];
      unvisited -= w;
      all = Math.fround(all + w);
      let full = 0;
      if (!admit) {
        // the bit set, not the 16-byte records, is read for every posting: it stays in the first-level cache
        for (let i = 0; i < n; i++) {
          const other = list[i];
          if ((seen[other >> 5] & (1 << (other & 31))) === 0) continue;
          const v = mf[4 * other] + w;
          mf[4 * other] = v;
          if (mf[4 * other] === all) full++;
        }
        if (k >= 2 && full > maxC + 1 && all >= 0.25 * wRef) break;
        continue;
      }
      // the statement itself is dropped at the shortlist
      for (let i = 0; i < n; i++) {
        const other = list[i];
        // a removed statement (tombstone): no vote, so it neither counts as a near-copy nor takes a place
        if (mi[4 * other + DOC] < 0) continue;
        const v = mf[4 * other];
        if (v === 0) {
          touched[nt++] = other;
          seen[other >> 5] |= 1 << (other & 31);
        }
        mf[4 * other] = v + w;
        if (mf[4 * other] === all) full++;
      }
      // Near-copies (a syndicated story, an article saved twice): once more
      // statements than will be judged hold every one of the three or more
      // rarest terms, the longer lists cannot change which are judged; but
      // only once those terms weigh enough for the holders to pass the
      // shortlist's vote floor (a quarter of the weight), or the copies
      // would be dropped there and the statement left without links.
      if (k >= 2 && full > maxC + 1 && all >= 0.25 * wRef) break;
    }
    // Shortlist by the partial vote, then gate the best on the exact overlap.
    const shortlist: number[] = [];
    const doc = mi[4 * ref + DOC];
    for (let t = 0; t < nt; t++) {
      const other = touched[t];
      const least = Math.max(1e-9, Math.min(wRef, md[2 * other + 1]));
      // vote + unvisited bounds the shared weight from above.
      const d = mi[4 * other + DOC];
      const vote = mf[4 * other];
      if (d !== doc && d >= 0 && vote + unvisited >= gate * least && vote >= 0.25 * least) shortlist.push(other);
    }
    shortlist.sort((a, b) => mf[4 * b] - mf[4 * a]);
    const ranked: [number, number][] = [];
    if (this.termW.length < this.termNames.length) this.termW = new Float64Array(this.termNames.length * 2);
    const termW = this.termW;
    const buf = this.termBuf;
    for (const t of terms) termW[t] = this.termWeight[t];
    // Best overlaps so far (descending, at most maxCandidates): once full, a
    // candidate whose bound cannot beat the last is skipped (ties rank after
    // the earlier, better-voted ones anyway).
    const best: number[] = [];
    for (let k = 0; k < shortlist.length && k < SHORTLIST; k++) {
      const other = shortlist[k];
      const least = Math.max(1e-9, Math.min(wRef, md[2 * other + 1]));
      if (best.length >= maxC && (mf[4 * other] + unvisited) / least <= best[maxC - 1]) continue;
      let shared = 0;
      const end = this.termStart[other] + this.termCount[other];
      for (let q = this.termStart[other]; q < end; q++) shared += termW[buf[q]];
      const overlap = shared / least;
      if (overlap < this.opts.minOverlap) continue;
      ranked.push([other, overlap]);
      let i = best.length;
      while (i > 0 && best[i - 1] < overlap) i--;
      if (i < maxC) {
        best.splice(i, 0, overlap);
        if (best.length > maxC) best.pop();
      }
    }
    for (let k = 0; k < terms.length; k++) termW[terms[k]] = 0;
    for (let t = 0; t < nt; t++) {
      const other = touched[t];
      mf[4 * other] = 0;
      seen[other >> 5] = 0;
    }
    ranked.sort((a, b) => b[1] - a[1]);
    ranked.length = Math.min(ranked.length, this.opts.maxCandidates);
    const batch = this.batch;
    for (const [other] of ranked) {
      if (this.hasLink(ref, other)) continue;
      // judged (and not linked) already, from the other side
      if (batch && other >= batch.lo && other < ref && batch.judged(other, ref)) continue;
      const o = this.slots[other]!;
      const context = fragment || (this.linkClass[other] & FRAGMENT) !== 0;
      if (slot.sig === o.sig && sameSequence(slot.prepared, o.prepared) && (!context || this.contextAgrees(ref, other))) {
        // identical after normalising (a syndicated copy): what `compare` would say, without the model
        if (this.opts.minScore <= 1) this.link(ref, other, 'verbatim', 1);
        continue;
      }
      // the corpus link decision, looser than MRPC's `same`: excerpts and conflicts link too
      const j = this.matcher.link(slot.prepared, o.prepared, this.idf);
      const bar = (this.linkClass[ref] | this.linkClass[other]) & HEADLINE ? Math.max(this.opts.minScore, HEADLINE_SCORE) : this.opts.minScore;
      if (j === null || j.score < bar || (context && !this.contextAgrees(ref, other))) {
        if (batch && other > ref && other < batch.hi) batch.judge(ref, other);
        continue;
      }
      this.link(ref, other, j.relation, j.score);
    }
  }

  /**
   * A statement worded exactly like one already matched (a syndicated copy,
   * an article saved twice) gets that one and its links, without retrieval
   * or the model: the judgements would be the same. Other sources come
   * first; at most maxCandidates links, as a judged statement gets.
   */
  private copyLinks(ref: number, same: number): void {
    const mi = this.metaI;
    const doc = mi[4 * ref + DOC];
    const sig = this.slots[ref]!.sig;
    const maxC = this.opts.maxCandidates;
    let n = 0;
    if (mi[4 * same + DOC] !== doc && !this.hasLink(ref, same) && this.opts.minScore <= 1) {
      this.link(ref, same, 'verbatim', 1);
      n++;
    }
    const links = this.links;
    for (const copies of [false, true]) {
      // read by index: linking ref may move same's list in the arena, never change it
      for (let i = 0; i < links.count(same) && n < maxC; i++) {
        const k = links.start(same) + i;
        const other = Math.floor(links.key[k] / 4);
        if (other === ref || mi[4 * other + DOC] === doc || (this.slots[other]!.sig === sig) !== copies || this.hasLink(ref, other)) continue;
        this.link(ref, other, RELATIONS[links.key[k] & 3], links.score[k]);
        n++;
      }
    }
  }

  /**
   * Whether the words around two statements report the same thing (a
   * fragment's context: its sentence, a few words either side; any other
   * statement is its own context): `"hold direct talks" with the Taliban
   * without foreign powers` links in two reports of one meeting, a scare
   * quote such as "witch hunt" in two unrelated sentences does not.
   */
  private contextAgrees(a: number, b: number): boolean {
    const ca = this.contexts.get(a) ?? this.slots[a]!.prepared;
    const cb = this.contexts.get(b) ?? this.slots[b]!.prepared;
    return this.matcher.link(ca, cb, this.idf) !== null;
  }

  /** Links a and b both ways (neither linked yet). */
  private link(a: number, b: number, relation: Relation, score: number): void {
    const code = RELATIONS.indexOf(relation);
    // a bulk load's lists double as they fill (amortised) and are packed at the end (`Links.pack`); an edit's grow by one
    const exact = !this.batch;
    this.links.push(a, b * 4 + code, score, exact);
    this.links.push(b, a * 4 + code, score, exact);
  }
}

/**
 * A bulk load's handles lo..hi-1, and per handle the later ones it judged and
 * did not link (`Corpus.batch`), one list after another in one array: a
 * handle's list is written while it is matched, so it grows at the array's
 * end (a list found elsewhere is moved there first). An array per handle
 * (room for 17 after its first push) lived until the load's end.
 */
class Batch {
  private start: Int32Array;
  private count: Int32Array;
  private list = new Int32Array(1024);
  private end = 0;

  constructor(readonly lo: number, readonly hi: number) {
    this.start = new Int32Array(hi - lo);
    this.count = new Int32Array(hi - lo);
  }

  /** Notes that `ref` judged `other` (later in the batch) and did not link it; `ref` is the handle being matched. */
  judge(ref: number, other: number): void {
    const i = ref - this.lo;
    const n = this.count[i];
    if (this.end + n + 1 > this.list.length) this.list = grown(this.list, 2 * (this.end + n + 1));
    if (n === 0) this.start[i] = this.end;
    else if (this.start[i] + n !== this.end) {
      this.list.copyWithin(this.end, this.start[i], this.start[i] + n);
      this.start[i] = this.end;
      this.end += n;
    }
    this.list[this.end++] = other;
    this.count[i]++;
  }

  /** Whether `ref` judged `other` and did not link it. */
  judged(ref: number, other: number): boolean {
    const i = ref - this.lo;
    for (let k = this.start[i], end = k + this.count[i]; k < end; k++) if (this.list[k] === other) return true;
    return false;
  }
}

/**
 * Every handle's links in one arena instead of an array each (10,000
 * articles: 57 → 35.5 MB, the arrays' headers and slack gone): list
 * h is `count(h)` entries from `start(h)`, entry k the other handle * 4 + the
 * relation code (`key[k]`) and the score (`score[k]`, a float64 as the model
 * gave it). A list that is full moves to the arena's end with room for more
 * (exactly one more for an edit, double for a bulk load); `pack` copies the
 * lists, in handle order, to their exact sizes once the space left behind is
 * a quarter of the arena or more.
 */
class Links {
  key = new Int32Array(1024);
  score = new Float64Array(1024);
  /** Per handle: first entry, entries, room (entries from `at`). */
  private at = new Int32Array(1024);
  private len = new Int32Array(1024);
  private cap = new Int32Array(1024);
  /** Entries used in the arena, and of them the ones no list counts. */
  private end = 0;
  private waste = 0;

  start(h: number): number {
    return h < this.at.length ? this.at[h] : 0;
  }

  count(h: number): number {
    return h < this.len.length ? this.len[h] : 0;
  }

  push(h: number, key: number, score: number, exact: boolean): void {
    this.room(h);
    let n = this.len[h];
    if (n === this.cap[h]) {
      const cap = exact ? n + 1 : Math.max(2, 2 * n);
      this.reserve(cap);
      const at = this.end;
      this.key.copyWithin(at, this.at[h], this.at[h] + n);
      this.score.copyWithin(at, this.at[h], this.at[h] + n);
      this.waste += this.cap[h] + cap - n;
      this.at[h] = at;
      this.cap[h] = cap;
      this.end += cap;
    }
    this.key[this.at[h] + n] = key;
    this.score[this.at[h] + n] = score;
    this.len[h] = ++n;
    this.waste--;
  }

  /** Drops entry k (of list h), keeping the order of the rest. */
  removeAt(h: number, k: number): void {
    const end = this.at[h] + this.len[h];
    this.key.copyWithin(k, k + 1, end);
    this.score.copyWithin(k, k + 1, end);
    this.len[h]--;
    this.waste++;
  }

  clear(h: number): void {
    if (h >= this.len.length) return;
    this.waste += this.len[h];
    this.len[h] = 0;
  }

  /** Copies the lists to their exact sizes, should a quarter of the arena or more be left behind (so a server's load of four documents at a time does not copy every link each time). */
  pack(): void {
    if (this.waste * 4 < this.end) return;
    const used = this.end - this.waste;
    const key = new Int32Array(Math.max(1024, used));
    const score = new Float64Array(key.length);
    let end = 0;
    for (let h = 0; h < this.len.length; h++) {
      const n = this.len[h];
      key.set(this.key.subarray(this.at[h], this.at[h] + n), end);
      score.set(this.score.subarray(this.at[h], this.at[h] + n), end);
      this.at[h] = end;
      this.cap[h] = n;
      end += n;
    }
    this.key = key;
    this.score = score;
    this.end = end;
    this.waste = 0;
  }

  /** Room for handle h's records. */
  private room(h: number): void {
    if (h < this.at.length) return;
    const n = Math.max(h + 1, 2 * this.at.length);
    this.at = grown(this.at, n);
    this.len = grown(this.len, n);
    this.cap = grown(this.cap, n);
  }

  /** Room for `n` more entries at the arena's end (packing first, when half of it was left behind). */
  private reserve(n: number): void {
    if (this.end + n <= this.key.length) return;
    if (this.waste * 2 >= this.end) this.pack();
    if (this.end + n <= this.key.length) return;
    const size = Math.max(this.end + n, 2 * this.key.length);
    this.key = grown(this.key, size);
    this.score = grown(this.score, size);
  }
}

/** Field of `Corpus.meta` as a 32-bit index (4 per handle): 0 the vote, DOC the document; 2-3 the weight, a float64. */
const DOC = 1;

const RELATIONS: Relation[] = ['verbatim', 'partial', 'paraphrase', 'conflict'];

/** `Corpus.linkClass` bits. A fragment: a partial quote of up to FRAGMENT_WORDS words (`"witch hunt"` inside the writer's own sentence). */
const FRAGMENT = 1;
/** A quote of at least LONG_QUOTE_WORDS words: printed word for word, it links across stories. */
const LONG_QUOTE = 2;
/** A headline: terse and title-cased, it links only on a surer judgement (HEADLINE_SCORE). */
const HEADLINE = 4;
// Chosen with both halves of the stories data in view (half A did not tell values apart): on ECB+ half B cross-story links 7 → 5 and
// annotated-sentence links sharing no gold event 18 → 14; at 0.9 the seed headline would lose its 71% link to 000's invitation claim.
const HEADLINE_SCORE = 0.7;
const FRAGMENT_WORDS = 3;
/**
 * Two documents of one story must be this close under the story's own term
 * weights (Stories.closeness) for a link other than word for word: reports
 * that share only the topic's common words (two arrests of two players of one
 * team, merged into one story) do not link. Set on ECB+ half A (cross-story
 * links 3 → 2 of about 720; 12 links go); half B 0.57% → 0.33%.
 */
const CLOSE = 0.06;
const LONG_QUOTE_WORDS = 8;

/** Words of a statement's text: letters or digits, with inner apostrophes, hyphens and points ("don't", "U.S.", "3.5"). */
function wordCount(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

function linkClassOf(s: Statement): number {
  if (s.kind === 'headline') return HEADLINE;
  if (s.kind !== 'quote') return 0;
  const words = wordCount(s.text);
  if (s.partial && words <= FRAGMENT_WORDS) return FRAGMENT;
  return words >= LONG_QUOTE_WORDS ? LONG_QUOTE : 0;
}

/**
 * What still links across stories: a long quote printed word for word in
 * both (the reader wants to know a speech is quoted elsewhere); never a
 * paraphrase, an excerpt, a conflict or a claim.
 */
function crossStory(a: number, b: number, code: number): boolean {
  return code === 0 && (a & LONG_QUOTE) !== 0 && (b & LONG_QUOTE) !== 0;
}
/**
 * `a.localeCompare(b)`, which is `new Intl.Collator().compare(a, b)` by
 * definition (ECMA-402), with the collator made once: sorting a statement's
 * matches by path was a fifth of a view at 20,000 articles.
 */
const byLocale = new Intl.Collator().compare;
const NO_POSTINGS = new Int32Array(0);
const NO_VIA = Object.freeze([]) as unknown as string[];

/**
 * A match whose `reason` is worked out on first read, by judging the pair
 * again (links store only relation and score), from the viewer's side; should
 * the corpus's IDF have drifted since the link was made, the stored relation
 * and score still stand. A class with the getter on its prototype: a getter
 * defined per object gives every match its own hidden class.
 */
class CorpusMatch implements Match {
  readonly statementId: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  #reason: MatchReason | undefined;
  readonly #judge: () => MatchReason;
  /** The other statement's handle in the corpus that made it. */
  readonly #handle: number;

  readonly otherStory?: boolean;

  constructor(readonly path: string, s: Statement, handle: number, readonly relation: Relation, readonly score: number, judge: () => MatchReason, otherStory: boolean) {
    if (otherStory) this.otherStory = true;
    this.#handle = handle;
    this.statementId = s.id;
    this.start = s.start;
    this.end = s.end;
    this.text = s.text;
    this.#judge = judge;
  }

  static handleOf(m: CorpusMatch): number {
    return m.#handle;
  }

  get reason(): MatchReason {
    return (this.#reason ??= this.#judge());
  }

  set reason(value: MatchReason) {
    this.#reason = value;
  }

  toJSON(): Match {
    const { path, statementId, start, end, text, relation, score, reason, otherStory } = this;
    return { path, statementId, start, end, text, relation, score, reason, ...(otherStory ? { otherStory } : {}) };
  }
}

/** Postings visited per statement (its three rarest terms are read past it, up to twice it). */
const RETRIEVAL_BUDGET = 1000;
/** Terms in more statements than this are too common to retrieve by. */
const MAX_DF = 2000;
/** Candidates (best partial votes) whose exact overlap is computed. */
const SHORTLIST = 48;

/** Hash of a statement's lemma and word id sequences. */
function signature(p: Prepared): number {
  let h = 0x811c9dc5 ^ p.lid.length;
  for (let i = 0; i < p.lid.length; i++) h = Math.imul(h ^ p.lid[i], 0x01000193);
  for (let i = 0; i < p.wid.length; i++) h = Math.imul(h ^ p.wid[i], 0x01000193);
  return h;
}

/**
 * The same lemmas and words in the same order (and some words): `compare`
 * finds such a pair identical after normalising, a verbatim link of score 1.
 */
function sameSequence(a: Prepared, b: Prepared): boolean {
  if (a.lid.length === 0 || a.lid.length !== b.lid.length || a.wid.length !== b.wid.length) return false;
  for (let i = 0; i < a.lid.length; i++) if (a.lid[i] !== b.lid[i]) return false;
  for (let i = 0; i < a.wid.length; i++) if (a.wid[i] !== b.wid[i]) return false;
  return true;
}

/** "Sergey Lavrov" and "Sergei Lavrov" or "Lavrov" name the same person. */
function sameName(a: string, b: string): boolean {
  const last = (s: string) => s.trim().split(/\s+/).pop()!.toLowerCase();
  const la = last(a);
  const lb = last(b);
  if (la === lb) return true;
  return la.length > 4 && lb.length > 4 && la.slice(0, -1) === lb.slice(0, -1);
}

/** What the story grouping reads of a document: its text, headline and page furniture (headings are the headline's business). */
function storyDocument(path: string, text: string, analysis: DocumentAnalysis): StoryDocument {
  return { id: path, text, title: analysis.title, ignored: analysis.ignored.filter((r) => r.reason !== 'heading') };
}
