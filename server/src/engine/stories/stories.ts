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
import type { Span } from '../model';
import { countTerms, titleWords, type TermCounts } from './terms';

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

export interface Story {
  /** Stable while its earliest-ranked member (lowest content hash) stays: `s` + that hash. */
  id: string;
  /** A short readable name: the headline the members share most, else the opening words. */
  label: string;
  /** Member ids, sorted. */
  documents: string[];
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
  /** Largest topic split into events; a bigger one stays one story (step 2 costs its size squared). */
  maxTopic?: number;
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
  maxTopic: 200,
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

interface Doc {
  id: string;
  hash: string;
  title: string;
  text: string;
  counts: TermCounts;
  /** Interned term ids, ascending, and their count weights (1 + ln count, times the kind's weight). */
  ids: Int32Array;
  tf: Float64Array;
  /** Joined neighbours and their cosine. */
  edges: Map<string, number>;
  story: Story | undefined;
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

/** Unit weight vectors under one refresh's frequencies, parallel to Doc.ids. */
type Vectors = Map<Doc, Float64Array>;

function unit(v: Float64Array): Float64Array {
  let n = 0;
  for (const w of v) n += w * w;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

/** Dot product of two sparse vectors over ascending ids (a merge, no hashing). */
function dot(ai: Int32Array, av: Float64Array, bi: Int32Array, bv: Float64Array): number {
  let s = 0;
  let i = 0;
  let j = 0;
  while (i < ai.length && j < bi.length) {
    const x = ai[i];
    const y = bi[j];
    if (x === y) s += av[i++] * bv[j++];
    else if (x < y) i++;
    else j++;
  }
  return s;
}

/**
 * Average-link clustering of items 0..n-1 given the upper triangle of their
 * similarities: merges the closest two clusters while their mean pairwise
 * similarity reaches `threshold`. Ties go to the lower indices.
 */
function averageLink(sim: number[][], threshold: number): number[][] {
  const at = (i: number, j: number) => (i < j ? sim[i][j] : sim[j][i]);
  const clusters = sim.map((_, i) => [i]);
  // Sum of similarities between clusters a < b, kept up to date on merges.
  const sums = clusters.map((_, a) => clusters.map((__, b) => (a < b ? at(a, b) : 0)));
  const alive = clusters.map(() => true);
  for (;;) {
    let best = -1;
    let ba = -1;
    let bb = -1;
    for (let a = 0; a < clusters.length; a++) {
      if (!alive[a]) continue;
      for (let b = a + 1; b < clusters.length; b++) {
        if (!alive[b]) continue;
        const avg = sums[a][b] / (clusters[a].length * clusters[b].length);
        if (avg > best) (best = avg), (ba = a), (bb = b);
      }
    }
    if (ba < 0 || best < threshold) break;
    clusters[ba].push(...clusters[bb]);
    alive[bb] = false;
    for (let c = 0; c < clusters.length; c++) {
      if (!alive[c] || c === ba) continue;
      const add = c < bb ? sums[c][bb] : sums[bb][c];
      if (c < ba) sums[c][ba] += add;
      else sums[ba][c] += add;
    }
  }
  return clusters.filter((_, i) => alive[i]);
}

const byContent = (x: Doc, y: Doc) => (x.hash < y.hash ? -1 : x.hash > y.hash ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

export class Stories {
  private readonly docs = new Map<string, Doc>();
  private readonly termIds = new Map<string, number>();
  private readonly termNames: string[] = [];
  private readonly df: number[] = [];
  private readonly kind: number[] = [];
  private readonly postings: (Set<Doc> | undefined)[] = [];
  /** Set or removed since the last question: their edges are re-decided. */
  private readonly dirty = new Set<string>();
  /** Documents whose story must be re-formed (dirty ones, their old and new neighbours and story mates). */
  private readonly touched = new Set<string>();
  private readonly opts: Required<StoriesOptions>;

  constructor(options: StoriesOptions = {}) {
    this.opts = { ...DEFAULTS, ...options };
  }

  get size(): number {
    return this.docs.size;
  }

  /** Adds or replaces one document. */
  set(doc: StoryDocument): void {
    const old = this.docs.get(doc.id);
    if (old && old.text === doc.text && old.title === (doc.title ?? '')) return;
    if (old) this.unlink(old);
    const counts = countTerms(doc.text, doc.title, doc.ignored);
    const terms = [...counts].map(([t, c]) => [this.intern(t), c] as const).sort((a, b) => a[0] - b[0]);
    const d: Doc = {
      id: doc.id,
      hash: contentHash(doc.text),
      title: doc.title ?? '',
      text: doc.text,
      counts,
      ids: Int32Array.from(terms, (x) => x[0]),
      tf: Float64Array.from(terms, ([t, c]) => (1 + Math.log(c)) * this.kind[t]),
      edges: new Map(),
      story: undefined,
    };
    this.docs.set(d.id, d);
    for (const t of d.ids) {
      this.df[t]++;
      (this.postings[t] ??= new Set()).add(d);
    }
    this.dirty.add(d.id);
    this.touched.add(d.id);
  }

  remove(id: string): boolean {
    const d = this.docs.get(id);
    if (!d) return false;
    this.unlink(d);
    this.docs.delete(id);
    this.dirty.delete(id);
    this.touched.delete(id);
    return true;
  }

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

  /** Cosine of two documents' weighted terms under the current frequencies (for tools and tests). */
  similarity(a: string, b: string): number {
    const x = this.docs.get(a);
    const y = this.docs.get(b);
    return x && y ? this.cosine(x, y, new Map()) : 0;
  }

  /** Takes a document out of the index and its edges and story, marking what it touched. */
  private unlink(d: Doc): void {
    for (const t of d.ids) {
      this.df[t]--;
      this.postings[t]?.delete(d);
    }
    for (const e of d.edges.keys()) {
      this.docs.get(e)?.edges.delete(d.id);
      this.touched.add(e);
    }
    d.edges.clear();
    if (d.story) for (const m of d.story.documents) if (m !== d.id) this.touched.add(m);
  }

  /** The id of a term; ids are never reused (a term's df may fall to 0 and rise again). */
  private intern(t: string): number {
    let id = this.termIds.get(t);
    if (id === undefined) {
      id = this.df.length;
      this.termIds.set(t, id);
      this.termNames.push(t);
      this.df.push(0);
      const k = t.charCodeAt(0);
      this.kind.push(k === 110 /* n */ ? this.opts.nameWeight : k === 100 /* d */ ? this.opts.numberWeight : k === 112 /* p */ ? this.opts.properWeight : 1);
    }
    return id;
  }

  private idf(t: number): number {
    return Math.log((this.docs.size + this.opts.prior) / Math.max(1, this.df[t])) ** this.opts.idfPower;
  }

  /** The unit TF-IDF vector of `d` under the current frequencies, built once per refresh. */
  private vector(d: Doc, cache: Vectors): Float64Array {
    let v = cache.get(d);
    if (!v) {
      v = unit(d.tf.map((w, i) => w * this.idf(d.ids[i])));
      cache.set(d, v);
    }
    return v;
  }

  private cosine(x: Doc, y: Doc, cache: Vectors): number {
    return dot(x.ids, this.vector(x, cache), y.ids, this.vector(y, cache));
  }

  /** Splits a topic into events (step 2); members sorted by content. */
  private events(topic: Doc[], cache: Vectors): Doc[][] {
    const n = topic.length;
    if (n < 2 || n > this.opts.maxTopic) return [topic];
    const local = new Map<number, number>();
    for (const d of topic) for (const t of d.ids) local.set(t, (local.get(t) ?? 0) + 1);
    const vecs = topic.map((d) => unit(this.vector(d, cache).map((w, i) => w * Math.log((n + this.opts.eventPrior) / local.get(d.ids[i])!))));
    const sim = (m: Float64Array[]) => m.map((a, i) => m.map((b, j) => (i === j ? 1 : j < i ? 0 : dot(topic[i].ids, a, topic[j].ids, b))));
    const parts = averageLink(sim(vecs), this.opts.eventThreshold);
    if (parts.length === 1) return [topic];
    const big = parts.filter((p) => p.length > this.opts.smallPart);
    if (big.length === 0) return [topic];
    const global = sim(topic.map((d) => this.vector(d, cache)));
    const at = (i: number, j: number) => (i < j ? global[i][j] : global[j][i]);
    for (const p of parts) {
      if (p.length > this.opts.smallPart) continue;
      let best = big[0];
      let bestAvg = -1;
      for (const b of big) {
        let t = 0;
        for (const i of p) for (const j of b) t += at(i, j);
        t /= p.length * b.length;
        if (t > bestAvg) (bestAvg = t), (best = b);
      }
      best.push(...p);
    }
    return big.map((p) => p.map((i) => topic[i]));
  }

  /** Candidates of `d`: documents sharing its heaviest rare terms, best votes first. */
  private candidates(d: Doc): Doc[] {
    const terms: [number, number][] = [];
    d.ids.forEach((t, i) => {
      if (this.df[t] >= 2) terms.push([t, d.tf[i] * this.idf(t)]);
    });
    // Ties break on the term itself: ids follow arrival order.
    const names = this.termNames;
    terms.sort((a, b) => b[1] - a[1] || (names[a[0]] < names[b[0]] ? -1 : 1));
    const votes = new Map<Doc, number>();
    let budget = POSTING_BUDGET;
    for (const [t, w] of terms.slice(0, this.opts.retrieveTerms)) {
      const p = this.postings[t];
      if (!p) continue;
      if (p.size > budget) continue;
      budget -= p.size;
      for (const e of p) if (e !== d) votes.set(e, (votes.get(e) ?? 0) + w);
    }
    return [...votes]
      .sort((a, b) => b[1] - a[1] || byContent(a[0], b[0]))
      .slice(0, this.opts.shortlist)
      .map(([e]) => e);
  }

  /** Re-decides the edges of dirty documents, then re-forms the stories of touched ones. */
  private refresh(): void {
    if (this.touched.size === 0) return;
    const cache: Vectors = new Map();
    for (const id of [...this.dirty].sort()) {
      const d = this.docs.get(id);
      if (!d) continue;
      for (const e of this.candidates(d)) {
        const s = this.cosine(d, e, cache);
        if (s >= this.opts.threshold) {
          d.edges.set(e.id, s);
          e.edges.set(d.id, s);
          this.touched.add(e.id);
          if (e.story) for (const m of e.story.documents) this.touched.add(m);
        }
      }
    }
    this.dirty.clear();
    const done = new Set<string>();
    for (const id of [...this.touched].sort()) {
      if (done.has(id) || !this.docs.has(id)) continue;
      const members: Doc[] = [];
      const queue = [id];
      done.add(id);
      while (queue.length) {
        const d = this.docs.get(queue.pop()!)!;
        members.push(d);
        for (const e of d.edges.keys()) if (!done.has(e)) (done.add(e), queue.push(e));
      }
      members.sort(byContent);
      for (const part of this.events(members, cache)) {
        const story = this.form(part);
        for (const m of part) m.story = story;
      }
    }
    this.touched.clear();
  }

  private form(members: Doc[]): Story {
    members.sort(byContent);
    return { id: 's' + members[0].hash, label: this.label(members), documents: members.map((m) => m.id).sort() };
  }

  /** The member headline whose words the other members share most (IDF-weighted); else the first words. */
  private label(members: Doc[]): string {
    let best: { title: string; score: number } | undefined;
    for (const m of members) {
      if (!m.title) continue;
      let score = 0;
      for (const w of new Set(titleWords(m.title))) {
        let shared = 0;
        for (const o of members) if (o !== m && o.counts.has(w)) shared++;
        const id = this.termIds.get(w);
        score += id === undefined ? 0 : shared * Math.max(0, this.idf(id));
      }
      score /= Math.sqrt(1 + m.title.length / 40); // prefer the shorter of two equally shared headlines
      if (!best || score > best.score || (score === best.score && m.title < best.title)) best = { title: m.title, score };
    }
    const raw = best?.title ?? members[0].text.trim().split('\n')[0];
    const label = raw.replace(/\s+/g, ' ').trim();
    return label.length > 80 ? label.slice(0, 79).trimEnd() + '…' : label || 'Untitled story';
  }
}
