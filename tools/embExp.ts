// Throwaway: MRPC 5-fold CV over several GBM seeds (embedding-feature experiment).
//   node dist/tools/embExp.js <mrpc.jsonl> <seeds comma list>
import { readFileSync } from 'node:fs';
import { FEATURE } from '../server/src/engine/matching/features';
import { crossValidate, fmt, parseJsonl, preparePairs } from './training';
import { Matcher } from '../server/src/engine/matching/similarity';
import { wordnetIndex } from './wordnetIndex';
import { WordVectorIndex } from '../server/src/engine/lexicon/vectors';

const [path, seedList, vecPath, topS, dimsS] = process.argv.slice(2);
function vectors(): WordVectorIndex | undefined {
  if (!vecPath) return undefined;
  const top = Number(topS ?? 1e9), dims = Number(dimsS ?? 100);
  const words = readFileSync(vecPath + '.words', 'utf8').split('\n');
  const raw = readFileSync(vecPath + '.f32');
  const all = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const n = Math.min(top, words.length);
  const data = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) for (let d = 0; d < dims; d++) data[i * dims + d] = all[i * 100 + d];
  console.log(`vectors: ${n} words x ${dims}`);
  return new WordVectorIndex(words.slice(0, n), dims, data);
}
const seeds = (seedList ?? '1,2,3').split(',').map(Number);
const pairs = preparePairs(parseJsonl(readFileSync(path, 'utf8')), new Matcher(undefined, wordnetIndex(), vectors()));
const accs: number[] = [], f1s: number[] = [];
for (const seed of seeds) {
  const cv = crossValidate(pairs, 5, { seed });
  accs.push(cv.mean.accuracy);
  f1s.push(cv.mean.f1);
  console.log(`seed ${seed}: ${fmt(cv.mean)}`);
}
const m = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
console.log(`MEAN over ${seeds.length} seeds: acc ${m(accs).toFixed(4)} F1 ${m(f1s).toFixed(4)}`);
if (process.env.EMB_AUC) {
  const mt = pairs[0].matcher;
  const X = pairs.map((p) => mt.features(p.a, p.b, mt.defaultIdf).x);
  const y = pairs.map((p) => p.pair.label);
  let withRow = 0, tot = 0;
  for (const p of pairs) for (const s of [p.a, p.b]) for (let k = 0; k < s.content.length; k++) {
    tot++;
    const i = s.content[k];
    if (mt.lexicon.vectorRow(s.lid[i]) >= 0 || mt.lexicon.vectorRow(s.wid[i]) >= 0) withRow++;
  }
  console.log(`content words with a vector: ${(withRow / tot * 100).toFixed(1)}%`);
  const auc = (j: number) => {
    const o = X.map((x, i) => [x[j], y[i]]).sort((u, v) => u[0] - v[0]);
    let rank = 0, sumPos = 0, nPos = 0;
    for (let i = 0; i < o.length; ) {
      let k = i;
      while (k < o.length && o[k][0] === o[i][0]) k++;
      const r = (i + k + 1) / 2;
      for (let t = i; t < k; t++) if (o[t][1]) { sumPos += r; nPos++; }
      i = k;
    }
    void rank;
    const nNeg = o.length - nPos;
    return (sumPos - nPos * (nPos + 1) / 2) / (nPos * nNeg);
  };
  const names = ['cov_w_min', 'dice_w', 'bleu_min', 'kld_sum', 'emb_mean_cos', 'emb_soft_min', 'emb_soft_max', 'emb_far_max', 'emb_far_w_max', 'emb_unal_min', 'emb_unal_mean_min', 'emb_verb_min'];
  for (const n of names) console.log(`${n}: AUC ${auc(FEATURE[n as keyof typeof FEATURE]).toFixed(4)}`);
}
