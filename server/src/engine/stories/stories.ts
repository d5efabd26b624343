// Stories: the documents of a corpus grouped by what happened. Two steps:
// 1. Neighbours: documents whose weighted terms (rare names, places, numbers,
//    key words, the headline) are close, by cosine of TF-IDF vectors with the
//    corpus's own document frequencies, are joined; a connected group of them
//    is a topic (every report on Klitschko's fights, say). Candidates come
//    from an inverted index over each document's heaviest terms, never from
//    all pairs.
// 2. Events: inside a topic, words every member shares (Klitschko,
//    heavyweight) no longer tell members apart, so the topic is re-weighed by
//    how rare each term is within it (the opponent's name, the venue, the
//    date now count) and split by average-link clustering; a part of one to
//    three documents rejoins the part it is closest to, so an odd report stays
//    with its story rather than standing alone.
// A document set or removed is re-decided lazily, on the next question,
// together with the topics it touches only.
// Nothing depends on the order documents arrive in, nor on their ids (paths):
// ties break on content, and a story's id comes from its members' content.
import type { Span, Story } from '../model';

export type { Story } from '../model';
import { lowerBound } from '../text/search';
import { Vocabulary } from './terms';
import { grown, pushTo } from '../arrays';

/** What the grouping reads of one document: its content, never its path. */
export interface StoryDocument {
  /** Identifies the document (a path); never used as evidence. */
  id: string;
  text: string;
  /** The headline (DocumentAnalysis.title); weighs more. */
  title?: string;
  /** Page furniture to skip (DocumentAnalysis.ignored). */
  ignored?: readonly Span[];
}

export interface StoriesOptions {
  /** Cosine two documents need to be neighbours (step 1). */
  threshold?: number;
  /** Average cosine, under the topic's own weights, two parts of a topic need to be one story (step 2). */
  eventThreshold?: number;
  /** Background documents assumed inside a topic when weighing its terms (step 2). */
  eventPrior?: number;
  /** Parts of a topic this small rejoin the closest larger part. */
  smallPart?: number;
  /** Background documents assumed besides the corpus: a small folder's common words still weigh something. */
  prior?: number;
  /** Heaviest terms of a document that retrieve candidates. */
  retrieveTerms?: number;
  /** Candidates scored exactly per document. */
  shortlist?: number;
  /** Weight multiplier of a name pair (`n:`) and a number (`d:`). */
  nameWeight?: number;
  numberWeight?: number;
  /** Weight multiplier of a capitalised word inside a sentence (`p:`). */
  properWeight?: number;
  /** Power of the IDF: above 1, rare terms (names, places) count more than topic words. */
  idfPower?: number;
}

const DEFAULTS: Required<StoriesOptions> = {
  threshold: 0.12,
  eventThreshold: 0.03,
  eventPrior: 5,
  smallPart: 2,
  prior: 20,
  retrieveTerms: 40,
  shortlist: 40,
  nameWeight: 2,
  numberWeight: 1,
  properWeight: 1,
  idfPower: 1,
};
/** Posting entries visited per document while retrieving candidates. */
const POSTING_BUDGET = 4000;
/** A topic up to this size is split on all its pairs; a bigger one on each member's nearest (sparse). */
const ALL_PAIRS = 64;
/**
 * A connected group bigger than this is cut first along its strongest edges
 * (the threshold raised step by step) into topics no bigger; an edit then
 * re-splits only the topics whose members changed.
 */
const BIG_TOPIC = 150;
const CUT_STEP = 1.25;
/** In a big topic: the terms rarest in the topic that retrieve a member's partners, and the partners scored. */
const TOPIC_TERMS = 24;
const TOPIC_PARTNERS = 32;

interface Doc {
  id: string;
  /** Content hash of the text; ties between documents break on it. */
  hash: string;
  /** Hash of the headline (of the text without one): what a story's id is made of, so a body edit keeps it. */
  stable: string;
  title: string;
  text: string;
  /**
   * Interned term ids, ascending, and their counts (16 bits each where they
   * fit): the count weight, `tf`, is made on each use instead of kept as a
   * float64 (10,000 articles: the story index 110 → 93 MB).
   */
  ids: Int32Array;
  counts: Uint16Array | Int32Array;
  /** Index into the instance's per-document scratch. */
  slot: number;
  /**
   * Joined neighbours and their cosine, in the order they were joined (two
   * arrays, not a Map: 20,000 articles hold about a million of them).
   */
  edgeTo: Doc[];
  edgeW: number[];
  story: Story | undefined;
  /** The topic it was grouped in (a token shared by its members), with its size and members as grouped (some since replaced or removed). */
  topic: { size: number; members: Doc[] } | undefined;
  /** The last connected-groups walk that visited it. */
  mark: number;
  /** Unit vector (parallel to ids) under its topic's own frequencies alone, set when the topic is split; see `closeness`. */
  near: Float64Array | undefined;
}

interface Formed {
  story: Story;
  base: string;
  key: Doc;
}

/** 64-bit FNV-1a (two 32-bit lanes) of a text, as 16 hex digits. */
function contentHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

const NO_POSTINGS = new Int32Array(0);
const LOG_TABLE = 256;

/** `v`'s first `len` values (default all) scaled to unit length. */
function unit(v: Float64Array, len = v.length): Float64Array {
  let n = 0;
  for (let i = 0; i < len; i++) n += v[i] * v[i];
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < len; i++) v[i] /= n;
  return v;
}

/** Joins `d` to `e` with cosine `s` (a Map's set: an existing edge keeps its place). */
function setEdge(d: Doc, e: Doc, s: number): void {
  const k = d.edgeTo.indexOf(e);
  if (k >= 0) d.edgeW[k] = s;
  else d.edgeTo.push(e), d.edgeW.push(s);
}

const byContent = (x: Doc, y: Doc) => (x.hash < y.hash ? -1 : x.hash > y.hash ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/** Scored pairs i < j of a topic's members: parallel arrays. */
interface Pairs {
  i: number[];
  j: number[];
  /** Cosine under the topic's own weights, and under the corpus's. */
  local: number[];
  global: number[];
}

/**
 * Average-link clustering of items 0..n-1 over sparse pair similarities
 * (absent pairs count 0): merges the closest two clusters while their mean
 * pairwise similarity reaches `threshold`. Ties go to the lower indices; a
 * cluster keeps its lowest index; clusters come back by that index.
 */
function averageLink(n: number, pairs: Pairs, threshold: number): number[][] {
  const members = Array.from({ length: n }, (_, i) => [i]);
  const sums = Array.from({ length: n }, () => new Map<number, number>());
  const version = new Int32Array(n);
  for (let k = 0; k < pairs.i.length; k++) {
    const a = pairs.i[k];
    const b = pairs.j[k];
    sums[a].set(b, (sums[a].get(b) ?? 0) + pairs.local[k]);
    sums[b].set(a, (sums[b].get(a) ?? 0) + pairs.local[k]);
  }
  // A max-heap of candidate merges (mean, a < b, the versions it was computed at).
  const heap: [number, number, number, number, number][] = [];
  const above = (x: (typeof heap)[0], y: (typeof heap)[0]) => x[0] > y[0] || (x[0] === y[0] && (x[1] < y[1] || (x[1] === y[1] && x[2] < y[2])));
  const push = (e: (typeof heap)[0]) => {
    let k = heap.push(e) - 1;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!above(heap[k], heap[p])) break;
      [heap[k], heap[p]] = [heap[p], heap[k]];
      k = p;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < heap.length && above(heap[l], heap[m])) m = l;
        if (r < heap.length && above(heap[r], heap[m])) m = r;
        if (m === k) break;
        [heap[k], heap[m]] = [heap[m], heap[k]];
        k = m;
      }
    }
    return top;
  };
  const offer = (a: number, b: number) => {
    const [x, y] = a < b ? [a, b] : [b, a];
    const mean = sums[x].get(y)! / (members[x].length * members[y].length);
    if (mean >= threshold) push([mean, x, y, version[x], version[y]]);
  };
  for (let a = 0; a < n; a++) for (const b of sums[a].keys()) if (a < b) offer(a, b);
  while (heap.length) {
    const [, a, b, va, vb] = pop();
    if (version[a] !== va || version[b] !== vb || !members[a].length || !members[b].length) continue;
    members[a].push(...members[b]);
    members[b] = [];
    version[a]++;
    version[b]++;
    sums[a].delete(b);
    for (const [c, s] of sums[b]) {
      if (c === a) continue;
      sums[a].set(c, (sums[a].get(c) ?? 0) + s);
      sums[c].delete(b);
      sums[c].set(a, (sums[c].get(a) ?? 0) + s);
    }
    sums[b].clear();
    for (const c of sums[a].keys()) offer(a, c);
  }
  return members.filter((m) => m.length);
}

export class Stories {
  private readonly docs = new Map<string, Doc>();
  private readonly vocab = new Vocabulary();
  /** Per term, the distinct texts holding it: thirty saved copies of one article do not make its words common. */
  private readonly df: number[] = [];
  /** Live documents per content hash (df and the IDF count each text once). */
  private readonly copies = new Map<string, number>();
  private readonly weight: number[] = [];
  /**
   * Per term, the slots of the documents holding it: small integers, so the
   * retrieval reads no Doc per posting (grouping the bench's 2,000 articles
   * about 7% less CPU); the first postingCount[t] of a typed array that
   * doubles as it fills (half the bytes of a number[]).
   */
  private readonly postings: Int32Array[] = [];
  private readonly postingCount: number[] = [];
  /** One document's vector at a time (`scratchVector`). */
  private scratchVec = new Float64Array(1024);
  /** 1 + ln c for the counts below LOG_TABLE (`tf`): the same values, without a logarithm per term per vector. */
  private readonly logs = new Float64Array(LOG_TABLE);
  /** The live document per slot. */
  private readonly bySlot: (Doc | undefined)[] = [];
  /** IDF per term, valid while idfGen[t] === gen. */
  private idfs = new Float64Array(1024);
  private idfGen = new Int32Array(1024);
  /** Bumped whenever frequencies change: vectors and IDFs of an older generation are stale. */
  private gen = 1;
  /** Scratch: a dense vector over term ids (zero between uses), and one over document slots. */
  private dense = new Float64Array(1024);
  private dense2 = new Float64Array(1024);
  /** Scratch of `events`: a term's number within a topic, plus one (zero between uses), and two vectors side by side over those numbers. */
  private termAt = new Int32Array(1024);
  private pairScratch = new Float64Array(2048);
  private votes = new Float64Array(256);
  private cutScratch = new Float64Array(256);
  private readonly freeSlots: number[] = [];
  private slots = 0;
  /**
   * The last walk's mark (see `walk`): visited documents carry a number fresh
   * to the walk rather than sitting in a Set (an edit's regroup on the bench's
   * 2,000 articles about 2× faster).
   */
  private marks = 0;
  /** Set since the last question: their edges are re-decided. */
  private readonly dirty = new Set<Doc>();
  /** Documents whose story must be re-formed (dirty ones, their old and new neighbours and story mates). */
  private readonly touched = new Set<Doc>();
  /** Live stories by the base of their id (the key member's headline hash), to tell apart two that share it. */
  private readonly byBase = new Map<string, Set<Formed>>();
  private readonly formed = new Map<Story, Formed>();
  /** Stories of documents removed or replaced, to forget on the next refresh. */
  private readonly dying = new Set<Formed>();
  private readonly opts: Required<StoriesOptions>;

  constructor(options: StoriesOptions = {}) {
    this.opts = { ...DEFAULTS, ...options };
    for (let c = 1; c < LOG_TABLE; c++) this.logs[c] = 1 + Math.log(c);
  }

  get size(): number {
    return this.docs.size;
  }

  /** Adds or replaces one document. */
  set(doc: StoryDocument): void {
    const old = this.docs.get(doc.id);
    const title = doc.title ?? '';
    if (old && old.text === doc.text && old.title === title) return;
    if (old) this.unlink(old);
    this.add(doc, this.vocab.read(doc.text, doc.title, doc.ignored), old ? old.slot : this.slot());
  }

  /**
   * `remove(doc.id)` then `set(doc)` as one step (an edit): the document
   * keeps its slot, and its entries in the posting lists of the terms both
   * versions hold stay where they are (their order never counts), so only
   * the lists of the terms it lost are searched. The removal's search was
   * most of an edit's indexing at 20,000 articles (the lists of common
   * words hold thousands).
   */
  replace(doc: StoryDocument): void {
    const old = this.docs.get(doc.id);
    if (!old) return this.set(doc);
    const terms = this.vocab.read(doc.text, doc.title, doc.ignored);
    this.unlink(old, terms.ids);
    // as remove + set: the id goes to the end of the map's order, the slot is the one it frees
    this.docs.delete(old.id);
    this.bySlot[old.slot] = undefined;
    this.add(doc, terms, old.slot, old.ids);
  }

  /** Indexes a document read into `terms`, in `slot`; `kept`: the terms whose postings hold the slot already (`replace`). */
  private add(doc: StoryDocument, { ids, counts }: { ids: Int32Array; counts: Float64Array }, slot: number, kept?: Int32Array): void {
    const title = doc.title ?? '';
    this.grow();
    let most = 0;
    for (let i = 0; i < counts.length; i++) most = Math.max(most, counts[i]);
    const hash = contentHash(doc.text);
    const d: Doc = {
      id: doc.id,
      hash,
      stable: title ? contentHash(title) : hash,
      title,
      text: doc.text,
      ids,
      counts: most <= 0xffff ? Uint16Array.from(counts) : Int32Array.from(counts),
      slot,
      edgeTo: [],
      edgeW: [],
      story: undefined,
      topic: undefined,
      mark: 0,
      near: undefined,
    };
    this.docs.set(d.id, d);
    this.bySlot[d.slot] = d;
    const n = (this.copies.get(hash) ?? 0) + 1;
    this.copies.set(hash, n);
    let k = 0;
    for (const t of ids) {
      if (n === 1) this.df[t]++;
      if (kept) while (k < kept.length && kept[k] < t) k++;
      if (!kept || kept[k] !== t) pushTo(this.postings, this.postingCount, t, d.slot);
    }
    this.gen++;
    this.dirty.add(d);
    this.touched.add(d);
  }

  remove(id: string): boolean {
    const d = this.docs.get(id);
    if (!d) return false;
    this.unlink(d);
    this.docs.delete(id);
    this.freeSlots.push(d.slot);
    this.bySlot[d.slot] = undefined;
    this.gen++;
    return true;
  }

  /** While set, questions get the stories as last decided (`Corpus.deferStories`). */
  deferred = false;

  storyOf(id: string): Story | undefined {
    this.refresh();
    return this.docs.get(id)?.story;
  }

  /** All stories, largest first, then by id. */
  stories(): Story[] {
    this.refresh();
    const seen = new Set<Story>();
    for (const d of this.docs.values()) if (d.story) seen.add(d.story);
    return [...seen].sort((a, b) => b.documents.length - a.documents.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * How close two documents of one topic are under the topic's own weights
   * (cosine; 0 for two topics). Two reports of one story that share only the
   * topic's common words score low.
   */
  closeness(a: string, b: string): number {
    this.refresh();
    const x = this.docs.get(a);
    const y = this.docs.get(b);
    if (!x?.near || !y?.near || x.topic !== y.topic) return 0;
    let s = 0;
    for (let i = 0, j = 0; i < x.ids.length && j < y.ids.length; ) {
      if (x.ids[i] < y.ids[j]) i++;
      else if (x.ids[i] > y.ids[j]) j++;
      else s += x.near[i++] * y.near[j++];
    }
    return s;
  }

  /** Cosine of two documents' weighted terms under the current frequencies (for tools and tests). */
  similarity(a: string, b: string): number {
    const x = this.docs.get(a);
    const y = this.docs.get(b);
    if (!x || !y) return 0;
    this.scatter(x.ids, this.scratchVector(x));
    const s = this.gather(y.ids, this.scratchVector(y));
    this.clear(x.ids);
    return s;
  }

  private slot(): number {
    const s = this.freeSlots.pop() ?? this.slots++;
    if (s >= this.votes.length) this.votes = new Float64Array(this.votes.length * 2);
    return s;
  }

  /** Per-term arrays follow the vocabulary. */
  private grow(): void {
    const n = this.vocab.size;
    for (let t = this.df.length; t < n; t++) {
      this.df.push(0);
      this.postings.push(NO_POSTINGS);
      this.postingCount.push(0);
      const k = this.vocab.kinds[t];
      this.weight.push(k === 2 ? this.opts.nameWeight : k === 3 ? this.opts.numberWeight : k === 1 ? this.opts.properWeight : 1);
    }
    if (n > this.dense.length) {
      let m = this.dense.length;
      while (m < n) m *= 2;
      this.dense = new Float64Array(m);
      this.dense2 = new Float64Array(m);
      this.termAt = new Int32Array(m);
      this.idfs = grown(this.idfs, m);
      this.idfGen = grown(this.idfGen, m);
    }
  }

  /** Takes a document out of the index and its edges and story, marking what it touched; its postings of the terms in `keep` (ascending) stay. */
  private unlink(d: Doc, keep?: Int32Array): void {
    const n = this.copies.get(d.hash)! - 1;
    if (n) this.copies.set(d.hash, n);
    else this.copies.delete(d.hash);
    let q = 0;
    for (const t of d.ids) {
      if (!n) this.df[t]--;
      if (keep) {
        while (q < keep.length && keep[q] < t) q++;
        if (keep[q] === t) continue;
      }
      const p = this.postings[t];
      const last = --this.postingCount[t];
      let k = 0;
      while (p[k] !== d.slot) k++;
      p[k] = p[last];
    }
    for (const e of d.edgeTo) {
      const k = e.edgeTo.indexOf(d);
      e.edgeTo.splice(k, 1);
      e.edgeW.splice(k, 1);
      this.touched.add(e);
    }
    d.edgeTo = [];
    d.edgeW = [];
    if (d.story) {
      this.dying.add(this.formed.get(d.story)!);
      for (const id of d.story.documents) if (id !== d.id) this.touchId(id);
    }
    this.dirty.delete(d);
    this.touched.delete(d);
  }

  /** Marks a story mate touched; a mate removed since the story was formed is skipped (stories are re-formed lazily). */
  private touchId(id: string): void {
    const d = this.docs.get(id);
    if (d) this.touched.add(d);
  }

  private idf(t: number): number {
    if (this.idfGen[t] !== this.gen) {
      this.idfGen[t] = this.gen;
      this.idfs[t] = Math.log((this.copies.size + this.opts.prior) / Math.max(1, this.df[t])) ** this.opts.idfPower;
    }
    return this.idfs[t];
  }

  /**
   * The unit TF-IDF vector of `d` under the current frequencies (its first
   * ids.length values of `into`). Made again on each use, not kept per
   * document: cheap beside the retrieval, and 20,000 articles' kept vectors
   * weighed about 30 MB.
   */
  private vector(d: Doc, into = new Float64Array(d.ids.length)): Float64Array {
    const n = d.ids.length;
    for (let i = 0; i < n; i++) into[i] = this.tf(d, i) * this.idf(d.ids[i]);
    return unit(into, n);
  }

  /** The count weight of d's i-th term: 1 + ln count, times the term kind's weight. */
  private tf(d: Doc, i: number): number {
    const c = d.counts[i];
    return (c < LOG_TABLE ? this.logs[c] : 1 + Math.log(c)) * this.weight[d.ids[i]];
  }

  /** `vector(d)` in the instance's scratch: valid until the next call. */
  private scratchVector(d: Doc): Float64Array {
    if (this.scratchVec.length < d.ids.length) this.scratchVec = new Float64Array(2 * d.ids.length);
    return this.vector(d, this.scratchVec);
  }

  private scatter(ids: Int32Array, v: Float64Array, into = this.dense): void {
    for (let i = 0; i < ids.length; i++) into[ids[i]] = v[i];
  }

  private gather(ids: Int32Array, v: Float64Array, from = this.dense): number {
    let s = 0;
    for (let i = 0; i < ids.length; i++) s += from[ids[i]] * v[i];
    return s;
  }

  private clear(ids: Int32Array, into = this.dense): void {
    for (let i = 0; i < ids.length; i++) into[ids[i]] = 0;
  }

  /** Candidates of `d`: documents sharing its heaviest rare terms, best votes first. */
  private candidates(d: Doc): Doc[] {
    const ids = d.ids;
    const w = new Float64Array(ids.length);
    // Ties break on the term itself: ids follow arrival order.
    const names = this.vocab.names;
    const after = (a: number, b: number) => w[a] < w[b] || (w[a] === w[b] && names[ids[a]] >= names[ids[b]]);
    // The heaviest retrieveTerms terms, in order, kept by insertion rather than by sorting all of them
    // (with the typed cut of the votes below, the regroup of the bench's 2,000 articles took about 25% less CPU).
    const top: number[] = [];
    const k = this.opts.retrieveTerms;
    for (let i = 0; i < ids.length; i++) {
      if (this.postingCount[ids[i]] < 2) continue;
      w[i] = this.tf(d, i) * this.idf(ids[i]);
      if (top.length === k && after(i, top[k - 1])) continue;
      let at = top.length;
      while (at > 0 && after(top[at - 1], i)) at--;
      top.splice(at, 0, i);
      if (top.length > k) top.pop();
    }
    const voted: number[] = [];
    const votes = this.votes;
    const me = d.slot;
    let budget = POSTING_BUDGET;
    for (const i of top) {
      const p = this.postings[ids[i]];
      const np = this.postingCount[ids[i]];
      if (np > budget) continue;
      budget -= np;
      const x = w[i];
      for (let j = 0; j < np; j++) {
        const e = p[j];
        if (e === me) continue;
        if (votes[e] === 0) voted.push(e);
        votes[e] += x;
      }
    }
    let kept = voted;
    if (voted.length > this.opts.shortlist) {
      // Only the shortlist is sorted in full: the cut is the shortlist-th largest vote, selected in linear time.
      if (this.cutScratch.length < voted.length) this.cutScratch = new Float64Array(voted.length * 2);
      for (let j = 0; j < voted.length; j++) this.cutScratch[j] = votes[voted[j]];
      const cut = select(this.cutScratch, voted.length, voted.length - this.opts.shortlist);
      kept = voted.filter((e) => votes[e] >= cut);
    }
    const docs = kept.map((e) => this.bySlot[e]!);
    docs.sort((a, b) => votes[b.slot] - votes[a.slot] || byContent(a, b));
    for (const e of voted) votes[e] = 0;
    return docs.slice(0, this.opts.shortlist);
  }

  /** Re-decides the edges of dirty documents, then re-forms the stories of touched ones. */
  private refresh(): void {
    if (this.deferred || (this.touched.size === 0 && this.dying.size === 0)) return;
    for (const d of this.dirty) {
      const cands = this.candidates(d);
      this.scatter(d.ids, this.scratchVector(d));
      for (const e of cands) {
        const s = this.gather(e.ids, this.scratchVector(e));
        if (s < this.opts.threshold) continue;
        setEdge(d, e, s);
        setEdge(e, d, s);
        this.touched.add(e);
        if (e.story) for (const id of e.story.documents) this.touchId(id);
      }
      this.clear(d.ids);
    }
    const changed = new Set(this.dirty);
    this.dirty.clear();
    const dead = new Set<Formed>(this.dying);
    this.dying.clear();
    const born: Formed[] = [];
    for (const topic of this.topicsAround(this.touched)) {
      // A topic whose members all stayed, unedited, keeps its stories.
      const token = topic[0].topic;
      if (token && token.size === topic.length && topic.every((d) => d.topic === token && d.story && !changed.has(d))) continue;
      const fresh = { size: topic.length, members: topic };
      for (const d of topic) {
        d.topic = fresh;
        if (d.story) dead.add(this.formed.get(d.story)!);
      }
      topic.sort(byContent);
      for (const part of this.events(topic)) born.push(this.form(part));
    }
    this.touched.clear();
    this.rename(dead, born);
  }

  /**
   * The topics that hold a touched document now, or whose members' last
   * topic held one: every topic that can have changed (one that holds no
   * touched document now, nor did before, is the same component along the
   * same unchanged edges, so the same topic). A document's topic is its
   * connected group when that has at most BIG_TOPIC members, else its
   * group along the edges of at least threshold × CUT_STEP, and so on, each
   * step cutting along edges of rising strength. Each group is walked only
   * until it proves too big, and a document met in a walk that proved too
   * big at a step ends any later walk at that step, so an edit no longer
   * walks the whole of a big connected group (at 20,000 articles most of the
   * corpus) at every step.
   */
  private topicsAround(touched: Set<Doc>): Doc[][] {
    const starts: Doc[] = [];
    for (const d of touched) {
      starts.push(d);
      for (const m of d.topic?.members ?? []) if (this.docs.get(m.id) === m) starts.push(m);
    }
    /** Per document, the highest step at which its group is known to be too big. */
    const big = new Map<Doc, number>();
    const floors = [0];
    const placed = new Set<Doc>();
    const out: Doc[][] = [];
    for (const d of starts) {
      if (placed.has(d)) continue;
      let part: Doc[] | undefined;
      for (let step = (big.get(d) ?? -1) + 1; !part; step++) {
        while (floors.length <= step) floors.push((floors.length === 1 ? this.opts.threshold : floors[floors.length - 1]) * CUT_STEP);
        part = this.walk(d, step, floors[step], big);
      }
      for (const m of part) placed.add(m);
      out.push(part);
    }
    return out;
  }

  /**
   * The group of `d` along edges of at least `floor` (every edge at step 0),
   * or undefined once it proves bigger than BIG_TOPIC (its members met so
   * far are then known too big at this step, in `big`).
   */
  private walk(d: Doc, step: number, floor: number, big: Map<Doc, number>): Doc[] | undefined {
    const mark = ++this.marks;
    const part: Doc[] = [];
    const queue = [d];
    d.mark = mark;
    let tooBig = false;
    while (queue.length) {
      const x = queue.pop()!;
      if ((big.get(x) ?? -1) >= step || part.push(x) > BIG_TOPIC) {
        tooBig = true;
        break;
      }
      for (let k = 0; k < x.edgeTo.length; k++) {
        const e = x.edgeTo[k];
        if (e.mark !== mark && (step === 0 || x.edgeW[k] >= floor)) (e.mark = mark), queue.push(e);
      }
    }
    if (!tooBig) return part;
    for (const x of part) big.set(x, step);
    return undefined;
  }

  /** Splits a topic into events (step 2); members sorted by content. */
  private events(topic: Doc[]): Doc[][] {
    const n = topic.length;
    if (n < 2) return [topic];
    // The topic's own frequencies, each text counted once, in the dense scratch (cleared below).
    const local = this.dense2;
    const texts = new Set<string>();
    for (const d of topic) {
      if (texts.has(d.hash)) continue;
      texts.add(d.hash);
      for (const t of d.ids) local[t]++;
    }
    const prior = texts.size + this.opts.eventPrior;
    const global = topic.map((d) => this.vector(d));
    const vecs = topic.map((d, k) => {
      const g = global[k];
      const v = new Float64Array(g.length);
      for (let i = 0; i < v.length; i++) v[i] = g[i] * Math.log(prior / local[d.ids[i]]);
      return unit(v);
    });
    // What `closeness` reads: the members' terms weighed by the topic's frequencies only, so that it depends on the topic's members alone.
    topic.forEach((d) => {
      const v = new Float64Array(d.ids.length);
      for (let i = 0; i < v.length; i++) v[i] = this.tf(d, i) * Math.log(prior / local[d.ids[i]]);
      d.near = unit(v);
    });
    const partners = n <= ALL_PAIRS ? undefined : this.partners(topic, vecs, local);
    for (const d of topic) this.clear(d.ids, local);
    const pairs: Pairs = { i: [], j: [], local: [], global: [] };
    // Both cosines of a pair in one pass over the second member's terms: the topic's terms
    // numbered 0..m-1 (`at`), the first member's two vectors side by side in `both` (2m values,
    // a few kB that stay in cache, where the vocabulary-wide arrays did not). The same sums
    // in the same order. An edit's regroup at 20,000 articles: most of it was these loops.
    const at = this.topicTerms(topic);
    const both = this.pairScratch;
    for (let i = 0; i < n; i++) {
      const la = at[i];
      const vl = vecs[i];
      const vg = global[i];
      for (let k = 0; k < la.length; k++) {
        both[2 * la[k]] = vl[k];
        both[2 * la[k] + 1] = vg[k];
      }
      const others = partners ? partners[i] : undefined;
      const count = others ? others.length : n - i - 1;
      for (let k = 0; k < count; k++) {
        const j = others ? others[k] : i + 1 + k;
        const lb = at[j];
        const wl = vecs[j];
        const wg = global[j];
        let sl = 0;
        let sg = 0;
        for (let q = 0; q < lb.length; q++) {
          const x = 2 * lb[q];
          sl += both[x] * wl[q];
          sg += both[x + 1] * wg[q];
        }
        pairs.i.push(i);
        pairs.j.push(j);
        pairs.local.push(sl);
        pairs.global.push(sg);
      }
      for (let k = 0; k < la.length; k++) both[2 * la[k]] = both[2 * la[k] + 1] = 0;
    }
    const parts = averageLink(n, pairs, this.opts.eventThreshold);
    if (parts.length === 1) return [topic];
    const big = parts.filter((p) => p.length > this.opts.smallPart);
    if (big.length === 0) return [topic];
    // A small part rejoins the big part it is closest to on average, under the corpus's weights.
    const partOf = new Int32Array(n).fill(-1);
    big.forEach((p, k) => p.forEach((i) => (partOf[i] = k)));
    const rows = Array.from({ length: n }, () => [] as number[]);
    for (let k = 0; k < pairs.i.length; k++) rows[pairs.i[k]].push(k), rows[pairs.j[k]].push(k);
    for (const p of parts) {
      if (p.length > this.opts.smallPart) continue;
      const sums = new Float64Array(big.length);
      for (const i of p) {
        for (const k of rows[i]) {
          const j = pairs.i[k] === i ? pairs.j[k] : pairs.i[k];
          if (partOf[j] >= 0) sums[partOf[j]] += pairs.global[k];
        }
      }
      let best = 0;
      let bestAvg = -1;
      big.forEach((b, k) => {
        const t = sums[k] / (p.length * b.length);
        if (t > bestAvg) (bestAvg = t), (best = k);
      });
      big[best].push(...p);
      for (const i of p) partOf[i] = best;
    }
    return big.map((p) => p.map((i) => topic[i]));
  }

  /** Each member's term ids renumbered 0..m-1 over the topic's terms; `pairScratch` holds 2m values (zeroed). */
  private topicTerms(topic: Doc[]): Int32Array[] {
    const number = this.termAt;
    const seen: number[] = [];
    const out = topic.map((d) => {
      const a = new Int32Array(d.ids.length);
      for (let k = 0; k < d.ids.length; k++) {
        const t = d.ids[k];
        if (number[t] === 0) number[t] = seen.push(t);
        a[k] = number[t] - 1;
      }
      return a;
    });
    for (const t of seen) number[t] = 0;
    if (this.pairScratch.length < 2 * seen.length) this.pairScratch = new Float64Array(4 * seen.length);
    return out;
  }

  /**
   * The pairs of a big topic worth scoring: for each member, the members
   * sharing its rarest terms within the topic, best votes first; listed under
   * the lower index of each pair.
   */
  private partners(topic: Doc[], vecs: Float64Array[], local: Float64Array): number[][] {
    const n = topic.length;
    const index = new Map<number, number[]>();
    const names = this.vocab.names;
    const heads = topic.map((d, i) => {
      // the TOPIC_TERMS heaviest (ties by name), kept by insertion rather than by sorting all of them
      const v = vecs[i];
      const before = (a: number, b: number) => v[a] > v[b] || (v[a] === v[b] && names[d.ids[a]] < names[d.ids[b]]);
      const order: number[] = [];
      for (let k = 0; k < d.ids.length; k++) {
        if (local[d.ids[k]] < 2) continue;
        if (order.length === TOPIC_TERMS && !before(k, order[TOPIC_TERMS - 1])) continue;
        let at = order.length;
        while (at > 0 && before(k, order[at - 1])) at--;
        order.splice(at, 0, k);
        if (order.length > TOPIC_TERMS) order.pop();
      }
      const terms = order.map((k) => d.ids[k]);
      for (const t of terms) {
        let p = index.get(t);
        if (!p) index.set(t, (p = []));
        p.push(i);
      }
      return terms.map((t, k) => [t, vecs[i][order[k]]] as const);
    });
    const out = Array.from({ length: n }, () => new Set<number>());
    const votes = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const voted: number[] = [];
      for (const [t, w] of heads[i]) {
        for (const j of index.get(t)!) {
          if (j === i) continue;
          if (votes[j] === 0) voted.push(j);
          votes[j] += w;
        }
      }
      voted.sort((a, b) => votes[b] - votes[a] || a - b);
      for (const j of voted.slice(0, TOPIC_PARTNERS)) out[Math.min(i, j)].add(Math.max(i, j));
      for (const j of voted) votes[j] = 0;
    }
    return out.map((s) => [...s].sort((a, b) => a - b));
  }

  private form(members: Doc[]): Formed {
    // The key member: the lowest headline hash, so editing a member's body never changes the id.
    let key = members[0];
    for (const m of members) if (m.stable < key.stable || (m.stable === key.stable && byContent(m, key) < 0)) key = m;
    const story: Story = { id: 's' + key.stable, label: this.label(members), documents: members.map((m) => m.id).sort() };
    for (const m of members) m.story = story;
    const f: Formed = { story, base: key.stable, key };
    this.formed.set(story, f);
    return f;
  }

  /** Forgets dead stories; two live stories whose ids would collide both get their key's content hash appended. */
  private rename(dead: Set<Formed>, born: Formed[]): void {
    const bases = new Set<string>();
    for (const f of dead) {
      this.formed.delete(f.story);
      this.byBase.get(f.base)?.delete(f);
      bases.add(f.base);
    }
    for (const f of born) {
      let s = this.byBase.get(f.base);
      if (!s) this.byBase.set(f.base, (s = new Set()));
      s.add(f);
      bases.add(f.base);
    }
    for (const b of bases) {
      const s = this.byBase.get(b)!;
      if (s.size === 0) this.byBase.delete(b);
      for (const f of s) f.story.id = 's' + b + (s.size > 1 ? '-' + f.key.hash : '');
    }
  }

  /** The member headline whose words the other members share most (IDF-weighted); else the first words. */
  private label(members: Doc[]): string {
    let best: { title: string; score: number } | undefined;
    for (const m of members) {
      if (!m.title) continue;
      let score = 0;
      for (const w of this.vocab.titleWords(m.title)) {
        let shared = 0;
        for (const o of members) if (o !== m && has(o.ids, w)) shared++;
        score += shared * Math.max(0, this.idf(w));
      }
      score /= Math.sqrt(1 + m.title.length / 40); // prefer the shorter of two equally shared headlines
      if (!best || score > best.score || (score === best.score && m.title < best.title)) best = { title: m.title, score };
    }
    const raw = best?.title ?? members[0].text.trim().split('\n')[0];
    const label = raw.replace(/\s+/g, ' ').trim();
    return label.length > 80 ? label.slice(0, 79).trimEnd() + '…' : label || 'Untitled story';
  }
}

/**
 * The value that would stand at index `k` of `a[0, n)` sorted ascending
 * (Hoare's selection, median-of-three pivots; reorders `a`). In place of a
 * full sort: the regroup of the bench's 2,000 articles about 10% less CPU (1.09 s → 0.97 s).
 */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Whether ascending `ids` holds `t`. */
function has(ids: Int32Array, t: number): boolean {
  const i = lowerBound(ids.length, (k) => ids[k] >= t);
  return i < ids.length && ids[i] === t;
}
