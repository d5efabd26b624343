// The corpus: documents added, updated and removed one at a time, and for
// every statement the statements of other documents that report the same
// thing. Candidates come from an inverted index over each statement's key
// terms (IDF-weighted), never from comparing all pairs; updating a document
// re-matches only its own statements.
import { analyzeDocument } from './analyze';
import { compare, defaultIdf, keyTerms, prepare, type Prepared, type TokenInfo } from './match/similarity';
import { tokenAt, type TextModel } from './text';
import type { Cancellation, DocumentAnalysis, Match, Span, Speaker, Statement } from './types';
import { neverCancelled } from './types';

export interface CorpusOptions {
  /** Most candidates compared per statement. */
  maxCandidates?: number;
  /** Terms in more than this share of statements are too common to retrieve by. */
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
}

interface Entry {
  analysis: DocumentAnalysis;
  /** Global statement handles, parallel to analysis.statements. */
  refs: number[];
}

interface Slot {
  path: string;
  index: number;
  prepared: Prepared;
  /** Key terms as interned ids, ascending, with their fixed IDF weights (the shipped table). */
  terms: Int32Array;
  weights: Float64Array;
  /** Sum of `weights`. */
  weight: number;
}

/** A statement with its cross-source view, computed on demand. */
export interface StatementView {
  statement: Statement;
  matches: Match[];
  /** The speaker after borrowing a name from a matched source, if any. */
  speaker: Speaker | null;
  /** Different speakers given for the same quote by other sources. */
  attributionConflicts: { path: string; statementId: string; name: string }[];
}

export class Corpus {
  private readonly docs = new Map<string, Entry>();
  private readonly slots: (Slot | undefined)[] = [];
  /**
   * Term id → statement handles, append-only: a removed statement's handle
   * stays behind as a tombstone (its slot is empty; handles are never
   * reused) until enough pile up to compact. Plain arrays iterate several
   * times faster than Sets on the retrieval path.
   */
  private postings = new Map<number, number[]>();
  private dead = 0;
  private total = 0;
  private readonly termIds = new Map<string, number>();
  private readonly termNames: string[] = [];
  /** During a bulk load: pairs already judged, so each pair is compared once. */
  private judged: Set<number> | undefined;
  /** Scratch vote accumulator indexed by statement handle (kept zeroed). */
  private acc = new Float64Array(1024);
  /**
   * Per handle, in flat arrays the retrieval loop reads without touching the
   * slot objects (cache misses dominated it): the key-term weight, and the
   * document number (-1 once removed).
   */
  private weightOf = new Float64Array(1024);
  private docOf = new Int32Array(1024).fill(-1);
  private readonly docNumbers = new Map<string, number>();
  private readonly links = new Map<number, Map<number, Omit<Match, 'path' | 'statementId' | 'start' | 'end' | 'text'>>>();
  private live = 0;
  private readonly opts: Required<CorpusOptions>;

  constructor(options: CorpusOptions = {}) {
    this.opts = { maxCandidates: 8, maxTermShare: 0.02, minScore: 0, minOverlap: 0.6, ...options };
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

  /** Adds or replaces one document and re-matches its statements. */
  set(path: string, text: string, token: Cancellation = neverCancelled): DocumentAnalysis {
    const { analysis, model } = analyzeDocument(path, text);
    this.remove(path);
    const refs = this.index(analysis, model);
    this.docs.set(path, { analysis, refs });
    for (const ref of refs) {
      if (token.isCancellationRequested) break;
      this.matchOne(ref);
    }
    return analysis;
  }

  /**
   * Adds many documents at once: analyse and index everything first, then
   * match, so early documents see the same index as late ones.
   */
  setMany(files: Iterable<{ path: string; text: string }>, token: Cancellation = neverCancelled, onProgress?: (done: number) => void): void {
    const added: number[] = [];
    let done = 0;
    for (const { path, text } of files) {
      if (token.isCancellationRequested) return;
      const { analysis, model } = analyzeDocument(path, text);
      this.remove(path);
      const refs = this.index(analysis, model);
      this.docs.set(path, { analysis, refs });
      added.push(...refs);
      onProgress?.(++done);
    }
    this.judged = new Set();
    try {
      for (const ref of added) {
        if (token.isCancellationRequested) return;
        this.matchOne(ref);
      }
    } finally {
      this.judged = undefined;
    }
  }

  remove(path: string): boolean {
    const entry = this.docs.get(path);
    if (!entry) return false;
    for (const ref of entry.refs) {
      const slot = this.slots[ref]!;
      this.dead += slot.terms.length;
      for (const other of this.links.get(ref)?.keys() ?? []) this.links.get(other)?.delete(ref);
      this.links.delete(ref);
      this.slots[ref] = undefined;
      this.docOf[ref] = -1;
      this.live--;
    }
    this.docs.delete(path);
    if (this.dead > 4096 && this.dead * 2 > this.total) this.compact();
    return true;
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
    if (statement.kind === 'quote') {
      for (const m of matches) {
        if (m.relation === 'conflict') continue;
        const other = this.statementOf(m.path, m.statementId)?.speaker;
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

  private statementOf(path: string, id: string): Statement | undefined {
    return this.docs.get(path)?.analysis.statements.find((s) => s.id === id);
  }

  private matchesOfRef(ref: number): Match[] {
    const out: Match[] = [];
    for (const [other, link] of this.links.get(ref) ?? []) {
      const slot = this.slots[other];
      if (!slot) continue;
      const s = this.docs.get(slot.path)!.analysis.statements[slot.index];
      out.push({ path: slot.path, statementId: s.id, start: s.start, end: s.end, text: s.text, ...link });
    }
    return out.sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
  }

  private index(analysis: DocumentAnalysis, model: TextModel): number[] {
    return analysis.statements.map((s, index) => {
      const prepared = prepare(s.text, statementTokens(model, s));
      const terms = Int32Array.from(new Set(keyTerms(prepared).map((t) => this.termId(t)))).sort();
      const weights = Float64Array.from(terms, (id) => defaultIdf(this.termNames[id]));
      const ref = this.slots.length;
      const weight = weights.reduce((a, b) => a + b, 0);
      this.slots[ref] = { path: analysis.path, index, prepared, terms, weights, weight };
      this.grow(ref + 1);
      this.weightOf[ref] = weight;
      this.docOf[ref] = this.docNumber(analysis.path);
      this.live++;
      for (const t of terms) {
        const list = this.postings.get(t);
        if (list) list.push(ref);
        else this.postings.set(t, [ref]);
      }
      this.total += terms.length;
      return ref;
    });
  }

  private docNumber(path: string): number {
    let n = this.docNumbers.get(path);
    if (n === undefined) this.docNumbers.set(path, (n = this.docNumbers.size));
    return n;
  }

  private grow(size: number): void {
    if (size <= this.weightOf.length) return;
    const n = Math.max(size, this.weightOf.length * 2);
    const w = new Float64Array(n);
    w.set(this.weightOf);
    this.weightOf = w;
    const d = new Int32Array(n).fill(-1);
    d.set(this.docOf);
    this.docOf = d;
  }

  /** Drops tombstones from the posting lists. */
  private compact(): void {
    const next = new Map<number, number[]>();
    for (const [t, list] of this.postings) {
      const live = list.filter((ref) => this.slots[ref] !== undefined);
      if (live.length) next.set(t, live);
    }
    this.postings = next;
    this.total -= this.dead;
    this.dead = 0;
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termNames.length;
      this.termIds.set(term, id);
      this.termNames.push(term);
    }
    return id;
  }

  private idf = (term: string): number => {
    const id = this.termIds.get(term);
    const df = id === undefined ? 0 : (this.postings.get(id)?.length ?? 0);
    return Math.log((this.live + 1) / (df + 1)) + 1;
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
    const maxDf = Math.min(MAX_DF, Math.max(50, this.live * this.opts.maxTermShare));
    // Rarest terms first; stop once enough postings were visited (a statement
    // that reports the same thing shares the rare words).
    const order = Array.from(slot.terms.keys()).filter((k) => this.postings.get(slot.terms[k])!.length <= maxDf);
    order.sort((a, b) => this.postings.get(slot.terms[a])!.length - this.postings.get(slot.terms[b])!.length);
    if (this.acc.length < this.slots.length) this.acc = new Float64Array(this.slots.length * 2);
    const acc = this.acc;
    const touched: number[] = [];
    let visited = 0;
    let unvisited = slot.weight;
    for (let k = 0; k < order.length && (k < 3 || visited < RETRIEVAL_BUDGET); k++) {
      const list = this.postings.get(slot.terms[order[k]])!;
      const w = slot.weights[order[k]];
      visited += list.length;
      unvisited -= w;
      for (let i = 0; i < list.length; i++) {
        const other = list[i];
        if (other === ref || this.docOf[other] < 0) continue;
        if (acc[other] === 0) touched.push(other);
        acc[other] += w;
      }
    }
    // Shortlist by the partial vote, then gate the best on the exact overlap.
    const shortlist: number[] = [];
    const doc = this.docOf[ref];
    const gate = this.opts.minOverlap;
    for (const other of touched) {
      const least = Math.max(1e-9, Math.min(slot.weight, this.weightOf[other]));
      // acc + unvisited bounds the shared weight from above.
      if (this.docOf[other] !== doc && acc[other] + unvisited >= gate * least && acc[other] >= 0.25 * least) shortlist.push(other);
    }
    shortlist.sort((a, b) => acc[b] - acc[a]);
    const ranked: [number, number][] = [];
    for (let k = 0; k < shortlist.length && k < SHORTLIST; k++) {
      const o = this.slots[shortlist[k]]!;
      const overlap = sharedWeight(slot, o) / Math.max(1e-9, Math.min(slot.weight, o.weight));
      if (overlap >= this.opts.minOverlap) ranked.push([shortlist[k], overlap]);
    }
    for (const other of touched) acc[other] = 0;
    ranked.sort((a, b) => b[1] - a[1]);
    ranked.length = Math.min(ranked.length, this.opts.maxCandidates);
    for (const [other] of ranked) {
      if (this.links.get(ref)?.has(other)) continue;
      if (this.judged) {
        const key = ref < other ? ref * 0x200000 + other : other * 0x200000 + ref;
        if (this.judged.has(key)) continue;
        this.judged.add(key);
      }
      const o = this.slots[other]!;
      const j = compare(slot.prepared, o.prepared, this.idf);
      // the corpus link decision (linkRelation), looser than MRPC's `same`: excerpts and conflicts link too
      if (!j.link || j.relation === null || j.score < this.opts.minScore) continue;
      const link = { relation: j.relation, score: j.score, reason: j.reason };
      this.link(ref, other, link);
      this.link(other, ref, link);
    }
  }

  private link(a: number, b: number, l: Omit<Match, 'path' | 'statementId' | 'start' | 'end' | 'text'>): void {
    let m = this.links.get(a);
    if (!m) this.links.set(a, (m = new Map()));
    m.set(b, l);
  }
}

/** Postings visited per statement beyond its three rarest terms. */
const RETRIEVAL_BUDGET = 1000;
/** Terms in more statements than this are too common to retrieve by. */
const MAX_DF = 2000;
/** Candidates (best partial votes) whose exact overlap is computed. */
const SHORTLIST = 48;

/** IDF weight of the key terms two statements share (both id lists ascending). */
function sharedWeight(a: Slot, b: Slot): number {
  let i = 0;
  let j = 0;
  let w = 0;
  while (i < a.terms.length && j < b.terms.length) {
    if (a.terms[i] === b.terms[j]) {
      w += a.weights[i];
      i++;
      j++;
    } else if (a.terms[i] < b.terms[j]) i++;
    else j++;
  }
  return w;
}

function statementTokens(model: TextModel, span: Span): TokenInfo[] {
  const t = model.tokens;
  const out: TokenInfo[] = [];
  for (let i = tokenAt(t, span.start); i < t.start.length && t.start[i] < span.end; i++) {
    if (t.end[i] <= t.start[i]) continue;
    out.push({ value: t.value[i], lemma: t.lemma[i], pos: t.pos[i] });
  }
  return out;
}

/** "Sergey Lavrov" and "Sergei Lavrov" or "Lavrov" name the same person. */
export function sameName(a: string, b: string): boolean {
  const last = (s: string) => s.trim().split(/\s+/).pop()!.toLowerCase();
  const la = last(a);
  const lb = last(b);
  if (la === lb) return true;
  return la.length > 4 && lb.length > 4 && la.slice(0, -1) === lb.slice(0, -1);
}
