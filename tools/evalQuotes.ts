// Evaluation of direct quotes and their speakers against PolNeAR
// (`npm run eval -- quotes <path/to/polnear-*.jsonl>`).
//
// Gold quotes: the content spans of attributions marked `fully_quoted`. An
// attribution's content may be discontinuous (`"A," he said, "B."` is one
// attribution with two spans; annotators also split long quotes at sentence
// and paragraph breaks): spans separated by whitespace only are merged (across
// a paragraph break only when the earlier paragraph has no closing mark, the
// multi-paragraph convention), each remaining piece is one gold quotation.
//
// Matching: a found quote matches a gold quote when both spans are identical
// after trimming whitespace, quote marks and punctuation at both ends
// (one-to-one). Precision counts every finding; the "whole-content" figures
// leave out findings flagged `partial` (a quotation in an attribution whose
// content also has the writer's words: `would "hold direct talks" with`,
// `said that "..."`, or a quotation continuing such an attribution; see the
// top of core/quotes.ts), which PolNeAR annotates as part of a larger, not
// fully quoted content. `"A," he said. "B."` is one attribution with two
// content spans; the gold splits it at the cue and so do our findings.
//
// Speaker: correct when the speaker mention overlaps the gold source span, or
// when the resolved name's last word occurs in the gold source text (a pronoun
// resolved to the person the annotator marked by name).
import { readFileSync } from 'node:fs';
import { splitParagraphs, TextReader, type TextModel } from '../server/src/engine/text/text';
import { scanQuotes, type QuoteFinding } from '../server/src/engine/analysis/quotes';
import { isDirectQuote } from '../server/src/engine/analysis/quoteModel';
import weights from '../server/src/engine/analysis/quoteModel.json';
import type { Span } from '../server/src/engine/model';

export interface Attribution {
  id: string;
  content_spans: [number, number][];
  source_spans: [number, number][];
  source: string | null;
  fully_quoted: boolean;
  has_quote_marks: boolean;
}
export interface Line {
  doc: string;
  text: string;
  attributions: Attribution[];
}

export interface GoldQuote extends Span {
  sources: Span[];
  sourceText: string;
}

/** Code-point offsets -> UTF-16 offsets. */
export function cpToUtf16(text: string): Int32Array {
  const map = new Int32Array(text.length + 2);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    map[cp++] = i;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i++;
  }
  map[cp] = text.length;
  return map.subarray(0, cp + 1);
}

const TRIM = /[\s"“”„«»‘’'`.,;:!?…\u2014\u2013\-()[\]]/u;
export function normSpan(text: string, s: Span): Span {
  let { start, end } = s;
  while (start < end && TRIM.test(text[start])) start++;
  while (end > start && TRIM.test(text[end - 1])) end--;
  return { start, end };
}

export function goldQuotes(line: Line, map: Int32Array): { quotes: GoldQuote[]; partialContent: Span[] } {
  const { text } = line;
  const conv = ([s, e]: [number, number]): Span => ({ start: map[Math.min(s, map.length - 1)], end: map[Math.min(e, map.length - 1)] });
  const quotes: GoldQuote[] = [];
  const partialContent: Span[] = [];
  for (const a of line.attributions) {
    if (!a.fully_quoted) {
      if (a.has_quote_marks) for (const sp of a.content_spans) partialContent.push(conv(sp));
      continue;
    }
    const sources = (a.source_spans ?? []).map(conv);
    const spans = a.content_spans.map(conv).sort((x, y) => x.start - y.start);
    let cur: Span | null = null;
    for (const sp of spans) {
      const gap = cur ? text.slice(cur.end, sp.start) : '';
      // merge across whitespace; across a paragraph break only when the earlier piece is not closed
      // (the multi-paragraph convention: a closed paragraph ends that quotation)
      if (cur && /^\s*$/.test(gap) && (!/[\n\r]/.test(gap) || !/["”»]\s*$/.test(text.slice(cur.start, cur.end)))) cur.end = Math.max(cur.end, sp.end);
      else {
        if (cur) quotes.push({ ...cur, sources, sourceText: a.source ?? '' });
        cur = { ...sp };
      }
    }
    if (cur) quotes.push({ ...cur, sources, sourceText: a.source ?? '' });
  }
  return { quotes, partialContent };
}

/**
 * Baseline: quote marks paired and nothing else. Every double quote mark of a
 * paragraph (straight or curly, glyph direction ignored) alternately opens and
 * closes; a mark left open runs to the paragraph end.
 */
export function baselinePairs(text: string): Span[] {
  const out: Span[] = [];
  for (const p of splitParagraphs(text)) {
    let open = -1;
    for (let i = p.start; i < p.end; i++) {
      const c = text[i];
      if (c !== '"' && c !== '“' && c !== '”') continue;
      if (open < 0) open = i;
      else {
        out.push({ start: open, end: i + 1 });
        open = -1;
      }
    }
    if (open >= 0) out.push({ start: open, end: p.end });
  }
  return out;
}

/**
 * The clause criterion, on punctuation alone (the same test for the baseline and
 * for our findings): a quotation is the speaker's whole clause or sentence when
 * (a) it opens a paragraph or a sentence, or follows a colon, comma or dash
 * (`He said: "`, `, "`), not a word of the writer's clause (`would "hold
 * direct talks"`, `called him "a loser."`), and (b) its words end with
 * punctuation inside the closing mark (`...,"` `...?"`) or it runs on to the
 * paragraph end (a quotation continued in the next paragraph).
 */
export function isClauseQuote(text: string, q: Span, paragraphStart: number, paragraphEnd: number): boolean {
  let b = q.start - 1;
  while (b >= paragraphStart && /\s/.test(text[b])) b--;
  let before = 'start';
  if (b >= paragraphStart) {
    const c = text[b];
    const c2 = b - 1 >= paragraphStart ? text[b - 1] : '';
    if (/[.!?…]/.test(c) || (/["”’)\]]/.test(c) && /[.!?…]/.test(c2))) before = 'start';
    else if (c === ':') before = 'colon';
    else if (/[,\u2014\u2013-]/.test(c)) before = 'comma';
    else before = 'word';
  }
  if (before === 'word') return false;
  const closed = q.end - 1 > q.start && /["”»]/.test(text[q.end - 1]) && q.end <= paragraphEnd;
  if (!closed) return true;
  let e = q.end - 2;
  while (e > q.start && /\s/.test(text[e])) e--;
  return /[,.?!…\u2014\u2013-]/.test(text[e]);
}

export function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

interface Tally {
  lines: number;
  gold: number;
  found: number;
  tp: number;
  foundWhole: number;
  tpWhole: number;
  overlapTp: number;
  spk: number;
  spkOk: number;
  spkNone: number;
  /** Baseline (quote marks paired): all pairs, and the pairs that pass the clause criterion. */
  baseFound: number;
  baseTp: number;
  baseClauseFound: number;
  baseClauseTp: number;
  /** Our findings that pass the same clause criterion. */
  clauseFound: number;
  clauseTp: number;
  /** Our findings the rules alone (before the learned classifier) call direct. */
  foundRules: number;
  tpRules: number;
}
const newTally = (): Tally => ({
  lines: 0, gold: 0, found: 0, tp: 0, foundWhole: 0, tpWhole: 0, overlapTp: 0, spk: 0, spkOk: 0, spkNone: 0,
  baseFound: 0, baseTp: 0, baseClauseFound: 0, baseClauseTp: 0, clauseFound: 0, clauseTp: 0, foundRules: 0, tpRules: 0,
});

/** Count findings that match a gold key one-to-one. */
function score(spans: Span[], goldKeys: Set<string>, key: (s: Span) => string): number {
  const used = new Set<string>();
  let tp = 0;
  for (const s of spans) {
    const k = key(s);
    if (goldKeys.has(k) && !used.has(k)) {
      used.add(k);
      tp++;
    }
  }
  return tp;
}

function speakerOk(f: QuoteFinding, g: GoldQuote): boolean {
  const sp = f.speaker;
  if (!sp) return false;
  for (const s of g.sources) if (sp.start < s.end && s.start < sp.end) return true;
  const last = sp.name.trim().split(/\s+/).pop() ?? '';
  if (last.length >= 2 && g.sourceText) {
    const re = new RegExp(`(^|[^\\p{L}])${last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'iu');
    if (re.test(g.sourceText)) return true;
  }
  return false;
}

export interface EvalOptions {
  /** Print up to this many misses / false alarms / wrong speakers (development). */
  show?: number;
  /** Only evaluate this part. */
  part?: 'dev' | 'held-out';
}

export async function evalQuotes(path: string, opts: EvalOptions = {}): Promise<void> {
  const lines: Line[] = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  const tallies = { dev: newTally(), 'held-out': newTally(), all: newTally() };
  let tModel = 0;
  let tQuotes = 0;
  const show = opts.show ?? 0;
  const samples: Record<string, string[]> = { miss: [], fa: [], spk: [], partialTp: [] };
  const docs = new Set<string>();
  // docs annotated by several annotators: their gold keys, and our whole-content findings, per line
  const multi = new Map<string, { gold: Set<string>; ours: Set<string> }[]>();
  const lineCount = new Map<string, number>();
  for (const l of lines) lineCount.set(l.doc, (lineCount.get(l.doc) ?? 0) + 1);
  const reader = new TextReader();
  for (const line of lines) {
    docs.add(line.doc);
    const part = hash(line.doc) % 10 < 7 ? 'dev' : 'held-out';
    if (opts.part && opts.part !== part) continue;
    const map = cpToUtf16(line.text);
    const t0 = performance.now();
    const model: TextModel = reader.read(line.text);
    const t1 = performance.now();
    // findQuotes, keeping the rules' decision: the learned classifier decides direct vs partial
    const { findings: found, features } = scanQuotes(model, []);
    const rulePartial = found.map((f) => f.partial);
    for (let i = 0; i < found.length; i++) found[i].partial = !isDirectQuote(features[i]);
    const t2 = performance.now();
    tModel += t1 - t0;
    tQuotes += t2 - t1;
    const { quotes: gold } = goldQuotes(line, map);
    const text = line.text;
    const key = (s: Span) => {
      const n = normSpan(text, s);
      return `${n.start}:${n.end}`;
    };
    const goldByKey = new Map<string, GoldQuote>();
    for (const g of gold) if (!goldByKey.has(key(g))) goldByKey.set(key(g), g);
    const matched = new Set<string>();
    const t: Tally = newTally();
    t.lines = 1;
    t.gold = goldByKey.size;
    found.forEach((f, i) => {
      if (!rulePartial[i]) t.foundRules++;
    });
    t.tpRules = score(found.filter((_, i) => !rulePartial[i]), new Set(goldByKey.keys()), key);
    for (const f of found) {
      t.found++;
      if (!f.partial) t.foundWhole++;
      const k = key(f);
      const g = goldByKey.get(k);
      if (g && !matched.has(k)) {
        matched.add(k);
        t.tp++;
        if (!f.partial) t.tpWhole++;
        else if (samples.partialTp.length < show) samples.partialTp.push(`${text.slice(Math.max(0, f.start - 80), f.start).replace(/\n/g, ' ¶ ')}[[${text.slice(f.start, f.end).slice(0, 60)}]]${text.slice(f.end, f.end + 60).replace(/\n/g, ' ¶ ')}`);
        t.spk++;
        if (speakerOk(f, g)) t.spkOk++;
        else {
          if (!f.speaker) t.spkNone++;
          if (samples.spk.length < show)
            samples.spk.push(`${line.doc}\n  Q: ${text.slice(f.start, f.end).slice(0, 100)}\n  got: ${f.speaker ? `${f.speaker.kind} "${text.slice(f.speaker.start, f.speaker.end)}" -> ${f.speaker.name}` : 'none'}\n  gold: ${g.sources.map((s) => text.slice(s.start, s.end)).join(' | ')}\n  ctx: ${text.slice(Math.max(0, f.start - 120), f.end + 120).replace(/\n/g, ' ¶ ')}`);
        }
      } else if (samples.fa.length < show && !f.partial) {
        samples.fa.push(`${line.doc} [${f.partial ? 'partial' : 'whole'}] ${text.slice(f.start, f.end).slice(0, 150).replace(/\n/g, ' ¶ ')}  ...ctx: ${text.slice(Math.max(0, f.start - 60), f.start).replace(/\n/g, ' ¶ ')}[[Q]]${text.slice(f.end, f.end + 60).replace(/\n/g, ' ¶ ')}`);
      }
    }
    // overlap-based (lenient) matching: a gold quote counts when some finding covers >= 80% of it and vice versa
    const norm = found.map((f) => normSpan(text, f));
    for (const g of goldByKey.values()) {
      const gn = normSpan(text, g);
      const len = gn.end - gn.start;
      if (norm.some((f) => {
        const ov = Math.min(f.end, gn.end) - Math.max(f.start, gn.start);
        return ov > 0 && ov >= 0.8 * len && ov >= 0.8 * (f.end - f.start);
      })) t.overlapTp++;
      if (!matched.has(key(g)) && samples.miss.length < show) {
        samples.miss.push(`${line.doc} ${text.slice(g.start, g.end).slice(0, 150).replace(/\n/g, ' ¶ ')}  ...ctx: ${text.slice(Math.max(0, g.start - 60), g.start).replace(/\n/g, ' ¶ ')}[[Q]]${text.slice(g.end, g.end + 60).replace(/\n/g, ' ¶ ')}`);
      }
    }
    // baseline and the clause criterion
    const paras = splitParagraphs(text);
    let pi = 0;
    const paraOf = (off: number) => {
      // spans are visited in text order per list; reset when going back
      if (pi >= paras.length || paras[pi].start > off) pi = 0;
      while (pi + 1 < paras.length && paras[pi].end <= off) pi++;
      return paras[pi];
    };
    const clause = (q: Span) => {
      const p = paraOf(q.start);
      return isClauseQuote(text, q, p.start, p.end);
    };
    const goldKeys = new Set(goldByKey.keys());
    if ((lineCount.get(line.doc) ?? 0) > 1) {
      const list = multi.get(line.doc) ?? [];
      list.push({ gold: goldKeys, ours: new Set(found.filter((f) => !f.partial).map(key)) });
      multi.set(line.doc, list);
    }
    const base = baselinePairs(text);
    t.baseFound = base.length;
    t.baseTp = score(base, goldKeys, key);
    pi = 0;
    const baseClause = base.filter(clause);
    t.baseClauseFound = baseClause.length;
    t.baseClauseTp = score(baseClause, goldKeys, key);
    pi = 0;
    const oursClause = found.filter(clause);
    t.clauseFound = oursClause.length;
    t.clauseTp = score(oursClause, goldKeys, key);
    for (const tt of [tallies[part], tallies.all]) for (const k of Object.keys(t) as (keyof Tally)[]) tt[k] += t[k];
  }
  const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
  const f1 = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);
  console.log(`PolNeAR direct quotes: ${lines.length} lines (${docs.size} articles; a doc annotated twice is evaluated once per annotator line)`);
  console.log('Split: by FNV hash of the doc id, 70% dev (tuned on) / 30% held-out (not looked at while tuning).');
  console.log('Gold: fully_quoted content spans; pieces separated only by whitespace merged (across a paragraph break only if the earlier piece has no closing mark).');
  console.log('Match: exact span equality after trimming whitespace, quote marks and punctuation at both ends, one-to-one.');
  console.log('Speaker ok: mention overlaps the gold source span, or the resolved name\'s last word appears in the gold source text.\n');
  const row = (name: string, t: Tally, found: number, tp: number) => {
    const p = found ? tp / found : 0;
    const r = t.gold ? tp / t.gold : 0;
    return `  ${name.padEnd(9)} gold ${String(t.gold).padStart(5)} found ${String(found).padStart(5)} | P ${pct(p)}  R ${pct(r)}  F1 ${pct(f1(p, r))}`;
  };
  console.log('Clause criterion (which quotations count as direct quotes, decided on punctuation alone, the same test for');
  console.log('baseline and ours): the quotation opens a paragraph or sentence, or follows a colon, comma or dash (not a word');
  console.log('of the writer\'s clause: `would "hold direct talks" with`, `called him "a loser."`), and its words end with');
  console.log('punctuation inside the closing mark (`...,"`, `...?"`) or it runs on to the paragraph end.\n');
  console.log('Direct vs partial ("not flagged partial"): a logistic-regression classifier over context features of each finding');
  console.log(`(core/quoteModel.json, fitted on the DEV part only by trainQuotes.ts: ${(weights as { fitted?: string }).fitted ?? '?'}).`);
  console.log('"rules: not partial" is the rule-based decision alone, for comparison. Dev figures of the classifier are on its');
  console.log('own training data; the held-out part was not used for fitting or threshold choice.\n');
  console.log('Baseline = every double quote mark of a paragraph alternately opens and closes (no context, no filtering).');
  for (const [name, t] of Object.entries(tallies)) {
    if (!t.lines) continue;
    console.log(`${name}:`);
    console.log(row('baseline, all pairs        ', t, t.baseFound, t.baseTp));
    console.log(row('baseline + clause criterion', t, t.baseClauseFound, t.baseClauseTp));
    console.log(row('ours, all findings         ', t, t.found, t.tp));
    console.log(row('ours + clause criterion    ', t, t.clauseFound, t.clauseTp));
    console.log(row('ours, rules: not partial   ', t, t.foundRules, t.tpRules));
    console.log(row('ours, not flagged partial  ', t, t.foundWhole, t.tpWhole));
  }
  console.log('');
  console.log('part      lines  gold found |  P     R     F1   | whole-content P   R    F1  | overlap>=80% R | speaker acc (n)  no-speaker');
  for (const [name, t] of Object.entries(tallies)) {
    if (!t.lines) continue;
    const p = t.found ? t.tp / t.found : 0;
    const r = t.gold ? t.tp / t.gold : 0;
    const pw = t.foundWhole ? t.tpWhole / t.foundWhole : 0;
    const rw = t.gold ? t.tpWhole / t.gold : 0;
    console.log(
      `${name.padEnd(9)} ${String(t.lines).padStart(5)} ${String(t.gold).padStart(5)} ${String(t.found).padStart(5)} | ${pct(p)} ${pct(r)} ${pct(f1(p, r))} | ${pct(pw)} ${pct(rw)} ${pct(f1(pw, rw))}      | ${pct(t.overlapTp / (t.gold || 1))}          | ${pct(t.spkOk / (t.spk || 1))} (${t.spk})  ${t.spkNone}`,
    );
  }
  // human ceiling: annotators of the same article scored against each other (every ordered pair), and
  // ours against each of them, on those articles only
  let hTp = 0, hN = 0, oTp = 0, oN = 0;
  for (const list of multi.values()) {
    for (const a of list) {
      for (const b of list) {
        if (a === b) continue;
        for (const k of a.gold) if (b.gold.has(k)) hTp++;
        hN += a.gold.size + b.gold.size;
      }
      for (const k of a.ours) if (a.gold.has(k)) oTp++;
      oN += a.ours.size + a.gold.size;
    }
  }
  if (multi.size) {
    console.log(`\nAnnotator agreement: ${multi.size} articles annotated more than once; annotator vs annotator F1 ${pct(hN ? (2 * hTp) / hN : 0)}, ours (not flagged partial) vs each annotator F1 ${pct(oN ? (2 * oTp) / oN : 0)} (same matching; these articles are in both parts).`);
  }
  console.log(`\nTime: text model ${(tModel / 1000).toFixed(2)} s, findQuotes ${(tQuotes / 1000).toFixed(3)} s for ${lines.length} documents (${((tQuotes / lines.length) * 1000 / 1000).toFixed(3)} ms/doc).`);
  if (show) {
    for (const [k, v] of Object.entries(samples)) {
      console.log(`\n=== ${k} (${v.length})`);
      for (const s of v) console.log(s);
    }
  }
}
