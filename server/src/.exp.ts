import { readFileSync } from 'node:fs';
import { parseJsonl, preparePairs, buildIdf, scores, bestThreshold } from './core/match/training';
import { pairFeatures, FEATURE_NAMES } from './core/match/features';
import { trainGbm, predictProb } from './core/match/gbm';
import { idfFromTable, compareWith } from './core/match/similarity';
const pairs = preparePairs(parseJsonl(readFileSync(process.argv[2], 'utf8')));
const opts = JSON.parse(process.argv[3] ?? '{}');
const k = 5;
const fold = pairs.map((_, i) => (i * 7919) % k);
let accs: number[] = [], f1s: number[] = [], accR: number[] = [], f1R: number[] = [];
const imp = new Float64Array(FEATURE_NAMES.length);
for (let f = 0; f < k; f++) {
  const tr = pairs.filter((_, i) => fold[i] !== f), te = pairs.filter((_, i) => fold[i] === f);
  const idfT = buildIdf(tr); const idf = idfFromTable(idfT);
  for (const p of pairs) { p.a.weights = undefined; p.b.weights = undefined; }
  const X = tr.map((p) => pairFeatures(p.a, p.b, idf).x), y = tr.map((p) => p.pair.label);
  const Xt = te.map((p) => pairFeatures(p.a, p.b, idf).x), yt = te.map((p) => p.pair.label);
  const m = trainGbm(X, y, opts);
  for (const t of m.trees) for (const fi of t.f) if (fi >= 0) imp[fi]++;
  const pt = Xt.map((x) => predictProb(m, x));
  const thr = opts.thr ?? 0.5;
  const s = scores(pt.map((p) => p >= thr), yt); accs.push(s.accuracy); f1s.push(s.f1);
  const model = { threshold: thr, gbm: m, idf: idfT };
  const s2 = scores(te.map((p) => compareWith(model, p.a, p.b, idf).same), yt); accR.push(s2.accuracy); f1R.push(s2.f1);
}
const mean = (a: number[]) => (a.reduce((s, x) => s + x, 0) / a.length).toFixed(4);
console.log('raw', mean(accs), mean(f1s), ' rules', mean(accR), mean(f1R));
if (process.argv[4]) console.log([...imp].map((v, i) => [FEATURE_NAMES[i], v] as [string, number]).sort((a, b) => b[1] - a[1]).map(([n, v]) => `${n}:${v}`).join(' '));
{
  const tr = pairs.filter((_, i) => fold[i] !== 0), te = pairs.filter((_, i) => fold[i] === 0);
  const idfT = buildIdf(tr); const idf = idfFromTable(idfT);
  for (const p of pairs) { p.a.weights = undefined; p.b.weights = undefined; }
  const m = trainGbm(tr.map((p) => pairFeatures(p.a, p.b, idf).x), tr.map((p) => p.pair.label), opts);
  const model = { threshold: 0.5, gbm: m, idf: idfT };
  const stats: Record<string, number[]> = {};
  let shown = 0;
  for (const p of te) {
    const j = compareWith(model, p.a, p.b, idf);
    const prob = predictProb(m, pairFeatures(p.a, p.b, idf).x);
    const key = `${j.relation}/${prob >= 0.5 ? 'p1' : 'p0'}`;
    (stats[key] ??= [0, 0])[p.pair.label]++;
    if ((j.relation === 'conflict' || j.relation==='partial') && p.pair.label === 1 && shown++ < 8) console.log(j.relation, j.reason.differences, '\n  ', p.pair.s1, '\n  ', p.pair.s2);
  }
  console.log(stats);
}
