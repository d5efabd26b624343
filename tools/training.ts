// Fitting and cross-validating the similarity model on labelled sentence
// pairs (MRPC format). Pure: callers read the data file.
import { uniqueLemmas } from '../server/src/engine/matching/features';
import type { TermOdds } from '../server/src/engine/matching/features';
import { compactModel, compileGbm, predictRaw, trainGbm } from '../server/src/engine/matching/gbm';
import type { GbmOptions } from '../server/src/engine/matching/gbm';
import { compactLinear, linearRaw, trainLinear } from '../server/src/engine/matching/linear';
import { Matcher, idfFromTable } from '../server/src/engine/matching/similarity';
import type { IdfTable, Prepared, SimilarityModel } from '../server/src/engine/matching/similarity';

export interface LabelledPair {
  id: string;
  label: number;
  s1: string;
  s2: string;
  id1?: string;
  id2?: string;
}

export interface PreparedPair {
  pair: LabelledPair;
  /** The matcher that prepared a and b (their ids are its). */
  matcher: Matcher;
  a: Prepared;
  b: Prepared;
}

export function parseJsonl(text: string): LabelledPair[] {
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as LabelledPair);
}

/** Prepares every pair with one matcher (the tools give it WordNet, as the CLI and server have it). */
export function preparePairs(pairs: LabelledPair[], matcher: Matcher): PreparedPair[] {
  return pairs.map((pair) => ({ pair, matcher, a: matcher.prepare(pair.s1), b: matcher.prepare(pair.s2) }));
}

/** Document frequencies over the distinct sentences of the pairs (terms seen ≥ 2 times kept). */
export function buildIdf(pairs: PreparedPair[]): IdfTable {
  const seen = new Set<string>();
  const df = new Map<string, number>();
  let n = 0;
  for (const p of pairs) {
    for (const [s, id] of [[p.a, p.pair.id1 ?? p.pair.s1], [p.b, p.pair.id2 ?? p.pair.s2]] as [Prepared, string][]) {
      if (seen.has(id)) continue;
      seen.add(id);
      n++;
      for (const t of new Set(s.lemmas)) df.set(t, (df.get(t) ?? 0) + 1);
    }
  }
  const out: Record<string, number> = {};
  for (const [t, c] of [...df.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1))) if (c >= 2) out[t] = c;
  return { n, df: out };
}

function features(pairs: PreparedPair[], idf: (t: string) => number, odds: (i: number) => TermOdds): Float64Array[] {
  // weights are cached per Prepared for one idf function; reset between folds
  for (const p of pairs) {
    p.a.weights = undefined;
    p.b.weights = undefined;
  }
  return pairs.map((p, i) => p.matcher.features(p.a, p.b, idf, odds(i)).x);
}

/** Smoothing (pseudo-counts) of the term log-odds. */
const ODDS_PRIOR = 4;

/**
 * TF-KLD-like term weights: for each lemma seen on one side only of at least
 * two pairs, how much its being unmatched shifts the log-odds of "same".
 */
export function termOdds(pairs: PreparedPair[]): Record<string, number> {
  const counts = new Map<number, [number, number]>();
  let pos = 0;
  for (const p of pairs) {
    const y = p.pair.label ? 1 : 0;
    pos += y;
    for (const id of uniqueLemmas(p.a, p.b)) {
      let c = counts.get(id);
      if (!c) counts.set(id, (c = [0, 0]));
      c[y]++;
    }
  }
  const prior = Math.min(Math.max(pos / Math.max(pairs.length, 1), 0.01), 0.99);
  const base = Math.log(prior / (1 - prior));
  const names = new Map<number, string>();
  for (const p of pairs) for (const s of [p.a, p.b]) for (let k = 0; k < s.lid.length; k++) names.set(s.lid[k], p.matcher.lexicon.name(s.lid[k]));
  const out: Record<string, number> = {};
  const ids = [...counts.keys()].sort((x, y) => (names.get(x)! < names.get(y)! ? -1 : 1));
  for (const id of ids) {
    const c = counts.get(id)!;
    if (c[0] + c[1] < 2) continue;
    const v = Math.log((c[1] + ODDS_PRIOR * prior) / (c[0] + ODDS_PRIOR * (1 - prior))) - base;
    if (Math.abs(v) >= 0.02) out[names.get(id)!] = Math.round(v * 1000) / 1000;
  }
  return out;
}

/**
 * Per-row term odds for training rows, out of fold (a row's own label never
 * feeds its own feature), so the trees see the same noise as on new pairs.
 */
function outOfFoldOdds(pairs: PreparedPair[], k = 5): (i: number) => TermOdds {
  const fold = shuffledFolds(pairs.length, k, 11);
  const maps: TermOdds[] = [];
  for (let f = 0; f < k; f++) maps.push(pairs[0].matcher.termOdds(termOdds(pairs.filter((_, i) => fold[i] !== f))));
  return (i) => maps[fold[i]];
}

export interface Scores {
  accuracy: number;
  f1: number;
  precision: number;
  recall: number;
  n: number;
}

export function scores(pred: boolean[], gold: number[]): Scores {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  pred.forEach((p, i) => {
    if (p && gold[i]) tp++;
    else if (p) fp++;
    else if (gold[i]) fn++;
    else tn++;
  });
  const precision = tp / Math.max(tp + fp, 1);
  const recall = tp / Math.max(tp + fn, 1);
  return { accuracy: (tp + tn) / Math.max(pred.length, 1), precision, recall, f1: (2 * precision * recall) / Math.max(precision + recall, 1e-9), n: pred.length };
}

function shuffledFolds(n: number, k: number, seed: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  const fold = new Array<number>(n);
  idx.forEach((v, i) => (fold[v] = i % k));
  return fold;
}

/** Threshold maximising accuracy + 3 F1 on out-of-fold probabilities. */
export function bestThreshold(probs: number[], gold: number[]): number {
  const order = probs.map((p, i) => [p, gold[i]]).sort((x, y) => x[0] - y[0]);
  const n = order.length;
  const P = gold.reduce((s, g) => s + g, 0);
  // threshold below order[i]: predict 1 for i..n-1
  let tp = P, fp = n - P;
  let best = -1, thr = 0;
  for (let i = 0; i <= n; i++) {
    if (i === 0 || i === n || order[i][0] > order[i - 1][0]) {
      const tn = n - P - fp;
      const acc = (tp + tn) / n;
      const f1 = (2 * tp) / Math.max(2 * tp + fp + (P - tp), 1);
      // both figures matter; F1 weighs more (MRPC is 2/3 positive, and a missed link costs more than a weak one)
      if (acc + 3 * f1 > best) {
        best = acc + 3 * f1;
        thr = i === 0 ? 0 : i === n ? order[n - 1][0] + 1e-6 : (order[i - 1][0] + order[i][0]) / 2;
      }
    }
    if (i < n) {
      if (order[i][1]) tp--;
      else fp--;
    }
  }
  return thr;
}

/** L2 penalty of the linear companion (standardised features). */
const LINEAR_LAMBDA = 10;

/**
 * Fit a model (IDF, trees, linear companion, their blend and the threshold)
 * on these pairs. Blend weights and threshold come from out-of-fold scores of
 * an inner cross-validation inside these pairs.
 */
export function fit(pairs: PreparedPair[], opts: Partial<GbmOptions> = {}, innerK = 3): SimilarityModel {
  const idfTable = buildIdf(pairs);
  const idf = idfFromTable(idfTable);
  const X = features(pairs, idf, outOfFoldOdds(pairs));
  const y = pairs.map((p) => p.pair.label);
  // out-of-fold raw scores of both learners inside the training data
  const fold = shuffledFolds(pairs.length, innerK, 7);
  const oofT = new Array<number>(pairs.length);
  const oofL = new Array<number>(pairs.length);
  for (let f = 0; f < innerK; f++) {
    const tr = pairs.map((_, i) => i).filter((i) => fold[i] !== f);
    const m = compileGbm(trainGbm(tr.map((i) => X[i]), tr.map((i) => y[i]), opts));
    const lm = trainLinear(tr.map((i) => X[i]), tr.map((i) => y[i]), LINEAR_LAMBDA);
    pairs.forEach((_, i) => {
      if (fold[i] !== f) return;
      oofT[i] = predictRaw(m, X[i]);
      oofL[i] = linearRaw(lm, X[i]);
    });
  }
  const gbm = compactModel(trainGbm(X, y, opts));
  const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
  // stacking: logistic regression on the two out-of-fold raw scores
  const st = trainLinear(oofT.map((t, i) => [t, oofL[i]]), y, 1e-3, 1e9, false);
  const blend: [number, number, number] = [r4(st.w[0]), r4(st.w[1]), r4(st.bias)];
  const model: SimilarityModel = { threshold: 0, gbm, linear: compactLinear(trainLinear(X, y, LINEAR_LAMBDA)), blend, idf: idfTable, odds: termOdds(pairs) };
  const oof = oofT.map((t, i) => 1 / (1 + Math.exp(-(blend[0] * t + blend[1] * oofL[i] + blend[2]))));
  model.threshold = r4(bestThreshold(oof, y));
  return model;
}

/** Judge every pair with a model exactly as compare() does at run time. */
export function predict(model: SimilarityModel, pairs: PreparedPair[]): boolean[] {
  const idf = idfFromTable(model.idf);
  for (const p of pairs) {
    p.a.weights = undefined;
    p.b.weights = undefined;
  }
  return pairs.map((p) => p.matcher.compareWith(model, p.a, p.b, idf).same);
}

export interface CvResult {
  folds: Scores[];
  mean: Scores;
}

export function crossValidate(pairs: PreparedPair[], k = 5, opts: Partial<GbmOptions> = {}, seed = 42, log?: (s: string) => void): CvResult {
  const fold = shuffledFolds(pairs.length, k, seed);
  const folds: Scores[] = [];
  for (let f = 0; f < k; f++) {
    const train = pairs.filter((_, i) => fold[i] !== f);
    const test = pairs.filter((_, i) => fold[i] === f);
    const model = fit(train, opts);
    const s = scores(predict(model, test), test.map((p) => p.pair.label));
    folds.push(s);
    log?.(`fold ${f + 1}/${k}: ${fmt(s)} (threshold ${model.threshold}${model.blend ? `, blend ${model.blend.join(' ')}` : ''})`);
  }
  const avg = (key: keyof Scores) => folds.reduce((s, x) => s + x[key], 0) / folds.length;
  return { folds, mean: { accuracy: avg('accuracy'), f1: avg('f1'), precision: avg('precision'), recall: avg('recall'), n: pairs.length } };
}

export function fmt(s: Scores): string {
  return `acc ${s.accuracy.toFixed(4)}  F1 ${s.f1.toFixed(4)}  P ${s.precision.toFixed(4)}  R ${s.recall.toFixed(4)}  (n=${s.n})`;
}
