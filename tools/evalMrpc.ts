// MRPC evaluation of the sentence-similarity model: k-fold cross-validation
// (model, IDF and threshold fitted on k-1 folds, scored on the held-out fold)
// and the shipped model's in-sample figures.
import { readFileSync } from 'node:fs';
import { crossValidate, fmt, parseJsonl, predict, preparePairs, scores } from './training';
import { Matcher } from '../server/src/engine/matching/similarity';
import { wordnetIndex } from './wordnetIndex';
import modelJson from '../server/src/engine/matching/model.json';
import type { SimilarityModel } from '../server/src/engine/matching/similarity';

export async function evalMrpc(path: string, k = 5): Promise<void> {
  const t0 = performance.now();
  const pairs = preparePairs(parseJsonl(readFileSync(path, 'utf8')), new Matcher(undefined, wordnetIndex()));
  const t1 = performance.now();
  console.log(`MRPC ${path}: ${pairs.length} pairs, ${(pairs.reduce((s, p) => s + p.pair.label, 0) / pairs.length * 100).toFixed(1)}% positive (prepared in ${((t1 - t0) / 1000).toFixed(1)} s)`);
  console.log(`${k}-fold cross-validation (held-out folds):`);
  const cv = crossValidate(pairs, k, {}, 42, (s) => console.log('  ' + s));
  console.log(`  mean: ${fmt(cv.mean)}`);
  const shipped = modelJson as unknown as SimilarityModel;
  const s = scores(predict(shipped, pairs), pairs.map((p) => p.pair.label));
  console.log(`shipped model.json on the same file (IN-SAMPLE, trained on it; not a generalisation estimate): ${fmt(s)}`);
  console.log(`eval time ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

