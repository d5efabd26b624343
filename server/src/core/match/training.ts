// Fitting and cross-validating the similarity model on labelled sentence
// pairs (MRPC format). Pure: callers read the data file.
import { pairFeatures, prepare } from './features';
import type { Prepared } from './features';
import { compactModel, predictProb, trainGbm } from './gbm';
import type { GbmOptions } from './gbm';
import { compareWith, idfFromTable } from './similarity';
import type { IdfTable, SimilarityModel } from './similarity';

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
  a: Prepared;
  b: Prepared;
}

export function parseJsonl(text: string): LabelledPair[] {
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as LabelledPair);
}

export function preparePairs(pairs: LabelledPair[]): PreparedPair[] {
  return pairs.map((pair) => ({ pair, a: prepare(pair.s1), b: prepare(pair.s2) }));
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

function features(pairs: PreparedPair[], idf: (t: string) => number): Float64Array[] {
  // weights are cached per Prepared for one idf function; reset between folds
  for (const p of pairs) {
    p.a.weights = undefined;
    p.b.weights = undefined;
  }
  return pairs.map((p) => pairFeatures(p.a, p.b, idf).x);
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

/** Threshold maximising accuracy + F1 (both matter: the bar is on both). */
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
      if (acc + f1 > best) {
        best = acc + f1;
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

/** Fit a model (IDF, trees, threshold from inner cross-validation) on these pairs. */
export function fit(pairs: PreparedPair[], opts: Partial<GbmOptions> = {}, innerK = 3): SimilarityModel {
  const idfTable = buildIdf(pairs);
  const idf = idfFromTable(idfTable);
  const X = features(pairs, idf);
  const y = pairs.map((p) => p.pair.label);
  // threshold: out-of-fold probabilities inside the training data
  const fold = shuffledFolds(pairs.length, innerK, 7);
  const oof = new Array<number>(pairs.length);
  for (let f = 0; f < innerK; f++) {
    const tr = pairs.map((_, i) => i).filter((i) => fold[i] !== f);
    const m = trainGbm(tr.map((i) => X[i]), tr.map((i) => y[i]), opts);
    pairs.forEach((_, i) => {
      if (fold[i] === f) oof[i] = predictProb(m, X[i]);
    });
  }
  const threshold = bestThreshold(oof, y);
  const gbm = compactModel(trainGbm(X, y, opts));
  return { threshold: Math.round(threshold * 1e4) / 1e4, gbm, idf: idfTable };
}

/** Judge every pair with a model exactly as compare() does at run time. */
export function predict(model: SimilarityModel, pairs: PreparedPair[]): boolean[] {
  const idf = idfFromTable(model.idf);
  for (const p of pairs) {
    p.a.weights = undefined;
    p.b.weights = undefined;
  }
  return pairs.map((p) => compareWith(model, p.a, p.b, idf).same);
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
    log?.(`fold ${f + 1}/${k}: ${fmt(s)} (threshold ${model.threshold})`);
  }
  const avg = (key: keyof Scores) => folds.reduce((s, x) => s + x[key], 0) / folds.length;
  return { folds, mean: { accuracy: avg('accuracy'), f1: avg('f1'), precision: avg('precision'), recall: avg('recall'), n: pairs.length } };
}

export function fmt(s: Scores): string {
  return `acc ${s.accuracy.toFixed(4)}  F1 ${s.f1.toFixed(4)}  P ${s.precision.toFixed(4)}  R ${s.recall.toFixed(4)}  (n=${s.n})`;
}
