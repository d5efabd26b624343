// Trains the shipped similarity model on all pairs of an MRPC-format file and
// writes server/src/engine/matching/model.json.
//   node tools/build.mjs && node dist/tools/train.js <path-to>/mrpc-train.jsonl
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Matcher } from '../server/src/engine/matching/similarity';
import { wordnetIndex } from './wordnetIndex';
import { fit, fmt, parseJsonl, predict, preparePairs, scores } from './training';

const path = process.argv[2];
if (!path) {
  console.error('usage: node dist/tools/train.js <mrpc-train.jsonl> [out model.json]');
  process.exit(2);
}
const out = process.argv[3] ?? resolve(process.cwd(), 'server/src/engine/matching/model.json');
const pairs = preparePairs(parseJsonl(readFileSync(path, 'utf8')), new Matcher(undefined, wordnetIndex()));
const model = fit(pairs);
writeFileSync(out, JSON.stringify({ version: 1, trainedOn: `${pairs.length} pairs`, ...model }));
console.log(`wrote ${out}: ${model.gbm.trees.length} trees, threshold ${model.threshold}, ${Object.keys(model.idf.df).length} idf terms`);
console.log(`in-sample: ${fmt(scores(predict(model, pairs), pairs.map((p) => p.pair.label)))}`);
