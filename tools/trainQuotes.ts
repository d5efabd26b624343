// Fits the direct/partial classifier of quote findings (core/quoteModel.json) on the dev part of PolNeAR.
//   node tools/build.mjs && node dist/tools/trainQuotes.js <path-to>/polnear-train.jsonl [--dry]
// Only lines whose doc hashes into the dev part (the same 70/30 split as the eval) are read. Each finding of
// scanQuotes is one example: positive when it is the finding the eval would match to a fully_quoted gold
// span (exact match after trimming, first finding per key), negative otherwise. L2-regularised logistic
// regression (Newton). The L2 strength and the decision threshold are chosen by 5-fold cross-validation over
// dev documents, maximising the eval's F1 (2 TP / (predicted direct + gold)); a nested estimate (threshold
// chosen without the fold scored) is printed beside it. The rules' F1 on the same folds is the bar.
import { readFileSync, writeFileSync } from 'node:fs';
import { TextReader } from '../server/src/engine/text/text';
import { scanQuotes } from '../server/src/engine/analysis/quotes';
import { FEATURE_NAMES } from '../server/src/engine/analysis/quoteModel';
import { cpToUtf16, goldQuotes, hash, normSpan, type Line } from './evalQuotes';

const FOLDS = 5;
const path = process.argv[2];
if (!path) {
  console.error('usage: node dist/tools/trainQuotes.js <polnear.jsonl> [--dry]');
  process.exit(2);
}
const dry = process.argv.includes('--dry');

interface Ex { x: Float64Array; y: number; rule: number; fold: number }
const exs: Ex[] = [];
const goldPerFold = new Array(FOLDS).fill(0);
let devLines = 0;
const reader = new TextReader();
for (const l of readFileSync(path, 'utf8').split('\n')) {
  if (!l.trim()) continue;
  const line: Line = JSON.parse(l);
  const h = hash(line.doc);
  if (h % 10 >= 7) continue; // held-out: never read
  devLines++;
  const fold = Math.floor(h / 10) % FOLDS;
  const text = line.text;
  const key = (s: { start: number; end: number }) => {
    const n = normSpan(text, s);
    return `${n.start}:${n.end}`;
  };
  const gold = new Set(goldQuotes(line, cpToUtf16(text)).quotes.map(key));
  goldPerFold[fold] += gold.size;
  const { findings, features } = scanQuotes(reader.read(text), []);
  const used = new Set<string>();
  findings.forEach((f, i) => {
    const k = key(f);
    const pos = gold.has(k) && !used.has(k);
    used.add(k);
    exs.push({ x: features[i], y: pos ? 1 : 0, rule: f.partial ? 0 : 1, fold });
  });
}
const D = FEATURE_NAMES.length;
const goldAll = goldPerFold.reduce((a, b) => a + b, 0);
console.log(`dev: ${devLines} lines, ${exs.length} findings (${exs.filter((e) => e.y).length} positive), ${goldAll} gold quotes, ${D} features`);

/** L2 logistic regression by Newton's method; the bias (last weight) is not penalised. */
function fit(data: Ex[], lambda: number): Float64Array {
  const n = D + 1;
  const w = new Float64Array(n);
  for (let it = 0; it < 25; it++) {
    const g = new Float64Array(n);
    const H = Array.from({ length: n }, () => new Float64Array(n));
    for (const e of data) {
      let z = w[D];
      for (let j = 0; j < D; j++) z += w[j] * e.x[j];
      const p = 1 / (1 + Math.exp(-z));
      const r = p - e.y;
      const s = p * (1 - p);
      for (let j = 0; j < n; j++) {
        const xj = j < D ? e.x[j] : 1;
        if (xj === 0) continue;
        g[j] += r * xj;
        const Hj = H[j];
        for (let k = 0; k < D; k++) if (e.x[k] !== 0) Hj[k] += s * xj * e.x[k];
        Hj[D] += s * xj;
      }
    }
    for (let j = 0; j < D; j++) {
      g[j] += lambda * w[j];
      H[j][j] += lambda;
    }
    H[D][D] += 1e-6;
    const step = solve(H, g);
    let mx = 0;
    for (let j = 0; j < n; j++) {
      w[j] -= step[j];
      mx = Math.max(mx, Math.abs(step[j]));
    }
    if (mx < 1e-7) break;
  }
  return w;
}

/** Gaussian elimination with partial pivoting. */
function solve(A: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    const d = M[c][c] || 1e-12;
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / d;
      if (f) for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / (M[r][r] || 1e-12);
  }
  return x;
}

const prob = (w: Float64Array, x: Float64Array) => {
  let z = w[D];
  for (let j = 0; j < D; j++) z += w[j] * x[j];
  return 1 / (1 + Math.exp(-z));
};
const f1 = (tp: number, pred: number, gold: number) => (pred + gold ? (2 * tp) / (pred + gold) : 0);
/** F1 of the examples in `folds` at threshold t, from out-of-fold probabilities. */
function f1At(p: Float64Array, t: number, folds: Set<number>): number {
  let tp = 0;
  let pred = 0;
  let gold = 0;
  exs.forEach((e, i) => {
    if (!folds.has(e.fold) || !(p[i] >= t)) return;
    pred++;
    tp += e.y;
  });
  for (const f of folds) gold += goldPerFold[f];
  return f1(tp, pred, gold);
}
const allFolds = new Set(Array.from({ length: FOLDS }, (_, i) => i));
const THRESHOLDS = Array.from({ length: 81 }, (_, i) => 0.1 + i * 0.01);
const LAMBDAS = [0.1, 1, 3, 10, 30];

// rules on dev
let rtp = 0;
let rpred = 0;
for (const e of exs) if (e.rule) {
  rpred++;
  rtp += e.y;
}
const ruleF1 = f1(rtp, rpred, goldAll);

// out-of-fold probabilities per lambda
const oof = new Map<number, Float64Array>();
for (const lambda of LAMBDAS) {
  const p = new Float64Array(exs.length);
  for (let f = 0; f < FOLDS; f++) {
    const w = fit(exs.filter((e) => e.fold !== f), lambda);
    exs.forEach((e, i) => {
      if (e.fold === f) p[i] = prob(w, e.x);
    });
  }
  oof.set(lambda, p);
}
// choose (lambda, threshold) on the out-of-fold predictions of all dev folds
let best = { lambda: 1, t: 0.5, f: -1 };
for (const [lambda, p] of oof) for (const t of THRESHOLDS) {
  const f = f1At(p, t, allFolds);
  if (f > best.f + 1e-12) best = { lambda, t, f };
}
// nested: for each fold, (lambda, threshold) chosen on the other folds, scored on it
let ntp = 0;
let npred = 0;
for (let f = 0; f < FOLDS; f++) {
  const others = new Set([...allFolds].filter((g) => g !== f));
  let b = { lambda: 1, t: 0.5, f: -1 };
  for (const [lambda, p] of oof) for (const t of THRESHOLDS) {
    const v = f1At(p, t, others);
    if (v > b.f + 1e-12) b = { lambda, t, f: v };
  }
  const p = oof.get(b.lambda)!;
  exs.forEach((e, i) => {
    if (e.fold === f && p[i] >= b.t) {
      npred++;
      ntp += e.y;
    }
  });
}
const nestedF1 = f1(ntp, npred, goldAll);
const pb = oof.get(best.lambda)!;
let btp = 0;
let bpred = 0;
exs.forEach((e, i) => {
  if (pb[i] >= best.t) {
    bpred++;
    btp += e.y;
  }
});
const pct = (x: number) => (100 * x).toFixed(1);
console.log(`rules on dev:                    P ${pct(rtp / rpred)} R ${pct(rtp / goldAll)} F1 ${pct(ruleF1)}`);
console.log(`classifier, ${FOLDS}-fold CV on dev:    P ${pct(btp / bpred)} R ${pct(btp / goldAll)} F1 ${pct(best.f)} (lambda ${best.lambda}, threshold ${best.t.toFixed(2)})`);
console.log(`classifier, nested CV on dev:    F1 ${pct(nestedF1)} (lambda and threshold chosen without the scored fold)`);
for (const [lambda, p] of oof) {
  let bf = 0;
  for (const t of THRESHOLDS) bf = Math.max(bf, f1At(p, t, allFolds));
  console.log(`  lambda ${lambda}: best CV F1 ${pct(bf)}`);
}

const beats = nestedF1 > ruleF1;
const w = fit(exs, best.lambda);
const out = beats
  ? {
      features: [...FEATURE_NAMES],
      weights: Array.from(w.subarray(0, D), (v) => +v.toFixed(5)),
      bias: +w[D].toFixed(5),
      threshold: +best.t.toFixed(2),
      fitted: `trainQuotes.ts on the dev part of ${path.split('/').pop()} (${devLines} lines, ${exs.length} findings); L2 ${best.lambda}, threshold by ${FOLDS}-fold CV; CV F1 ${pct(best.f)} (nested ${pct(nestedF1)}) vs rules ${pct(ruleF1)}`,
    }
  : {
      // the classifier does not beat the rules: a model that reproduces the rules' decision
      features: [...FEATURE_NAMES],
      weights: FEATURE_NAMES.map((n) => (n === 'rule_partial' ? -10 : 0)),
      bias: 5,
      threshold: 0.5,
      fitted: `rules kept: the classifier's nested CV F1 ${pct(nestedF1)} did not beat the rules' ${pct(ruleF1)} on dev`,
    };
if (!beats) console.log('the classifier does not beat the rules on dev: writing a model that reproduces the rules');
const top = FEATURE_NAMES.map((n, i) => [n, w[i]] as const).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, 15);
console.log('largest weights:', top.map(([n, v]) => `${n} ${v.toFixed(2)}`).join(', '));
if (!dry) {
  writeFileSync(process.env.QUOTE_MODEL_OUT ?? 'server/src/engine/analysis/quoteModel.json', JSON.stringify(out, null, 1) + '\n');
}
