import { readFileSync } from 'node:fs';
import { parseJsonl, preparePairs, buildIdf, scores, bestThreshold } from './core/match/training';
import { pairFeatures, FEATURE_NAMES } from './core/match/features';
import { trainGbm, predictProb } from './core/match/gbm';
import { idfFromTable, compareWith } from './core/match/similarity';
const pairs = preparePairs(parseJsonl(readFileSync(process.argv[2], 'utf8')));
const opts = JSON.parse(process.argv[3] ?? '{}');
const k = 5;
const fold = pairs.map((_, i) => (i * 7919) % k);
const allP: number[] = [], allY: number[] = [];
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
  const thr = opts.thr ?? 0.5; allP.push(...pt); allY.push(...yt);
  const s = scores(pt.map((p) => p >= thr), yt); accs.push(s.accuracy); f1s.push(s.f1);
  const model = { threshold: thr, gbm: m, idf: idfT };
  const s2 = scores(te.map((p) => compareWith(model, p.a, p.b, idf).same), yt); accR.push(s2.accuracy); f1R.push(s2.f1);
}
const mean = (a: number[]) => (a.reduce((s, x) => s + x, 0) / a.length).toFixed(4);
console.log('raw', mean(accs), mean(f1s), ' rules', mean(accR), mean(f1R));
if (process.argv[4]) console.log([...imp].map((v, i) => [FEATURE_NAMES[i], v] as [string, number]).sort((a, b) => b[1] - a[1]).map(([n, v]) => `${n}:${v}`).join(' '));
for (const t of [0.3,0.35,0.4,0.45,0.5,0.55]) { const s = scores(allP.map((p)=>p>=t), allY); console.log(t, s.accuracy.toFixed(4), s.f1.toFixed(4)); }
if (process.argv[5]) {
  const tr = pairs.filter((_, i) => fold[i] !== 0), te = pairs.filter((_, i) => fold[i] === 0);
  const idfT = buildIdf(tr); const idf = idfFromTable(idfT);
  for (const p of pairs) { p.a.weights = undefined; p.b.weights = undefined; }
  const m = trainGbm(tr.map((p) => pairFeatures(p.a, p.b, idf).x), tr.map((p) => p.pair.label), opts);
  let fnn = 0, fpp = 0;
  for (const p of te) {
    const pr = predictProb(m, pairFeatures(p.a, p.b, idf).x);
    if (p.pair.label === 1 && pr < 0.35 && fnn++ < 12) console.log('FN', pr.toFixed(2), '\n  ', p.pair.s1, '\n  ', p.pair.s2);
    if (p.pair.label === 0 && pr > 0.75 && fpp++ < 12) console.log('FP', pr.toFixed(2), '\n  ', p.pair.s1, '\n  ', p.pair.s2);
  }
}
