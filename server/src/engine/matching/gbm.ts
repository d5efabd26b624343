// A small gradient-boosted tree ensemble (logistic loss, histogram splits).
// Training is used by tools/train.ts / tools/evalMrpc.ts; prediction runs in compare().

interface Tree {
  /** Per node: feature index, or -1 for a leaf. */
  f: number[];
  /** Split threshold: go left when x[f] <= t. For leaves: the leaf value. */
  t: number[];
  l: number[];
  r: number[];
}

export interface GbmModel {
  base: number;
  trees: Tree[];
}

export interface GbmOptions {
  trees: number;
  depth: number;
  rate: number;
  minLeaf: number;
  lambda: number;
  subsample: number;
  bins: number;
  seed: number;
  /** Share of features tried per tree. */
  colsample: number;
}

const DEFAULT_GBM: GbmOptions = { trees: 500, depth: 4, rate: 0.03, minLeaf: 10, lambda: 1, subsample: 0.8, bins: 48, seed: 1, colsample: 0.5 };

/**
 * A model laid out for prediction: every tree padded to a complete binary
 * tree of the ensemble's depth (a leaf above the bottom becomes a split whose
 * two sides are copies of it), nodes in heap order in flat typed arrays.
 */
export interface CompiledGbm {
  count: number;
  base: number;
  depth: number;
  /** Per tree, (2^depth - 1) splits: feature and threshold. */
  feat: Int32Array;
  thr: Float64Array;
  /** Per tree, 2^depth leaf values. */
  leaf: Float64Array;
}

function treeDepth(tr: Tree, n: number): number {
  return tr.f[n] < 0 ? 0 : 1 + Math.max(treeDepth(tr, tr.l[n]), treeDepth(tr, tr.r[n]));
}

/** A model laid out for prediction (`predictRaw`); compile once, predict many times. */
export function compileGbm(m: GbmModel): CompiledGbm {
  let depth = 0;
  for (const tr of m.trees) depth = Math.max(depth, treeDepth(tr, 0));
  const inner = (1 << depth) - 1;
  const leaves = 1 << depth;
  const feat = new Int32Array(inner * m.trees.length);
  const thr = new Float64Array(inner * m.trees.length);
  const leaf = new Float64Array(leaves * m.trees.length);
  m.trees.forEach((tr, k) => {
    const fill = (n: number, h: number, d: number): void => {
      if (d === depth) {
        leaf[k * leaves + (h - inner)] = tr.t[n];
        return;
      }
      if (tr.f[n] < 0) {
        // padding split: both sides are this leaf
        feat[k * inner + h] = 0;
        thr[k * inner + h] = 0;
        fill(n, 2 * h + 1, d + 1);
        fill(n, 2 * h + 2, d + 1);
        return;
      }
      feat[k * inner + h] = tr.f[n];
      thr[k * inner + h] = tr.t[n];
      fill(tr.l[n], 2 * h + 1, d + 1);
      fill(tr.r[n], 2 * h + 2, d + 1);
    };
    fill(0, 0, 0);
  });
  return { count: m.trees.length, base: m.base, depth, feat, thr, leaf };
}

/** The model's raw score (log-odds) of a feature vector. */
export function predictRaw(fm: CompiledGbm, x: ArrayLike<number>): number {
  const { feat, thr, leaf, depth, count } = fm;
  const inner = (1 << depth) - 1;
  let s = fm.base;
  // Branch-free descent: h goes to 2h+1 (x <= t, left) or 2h+2 (right; also when x is NaN).
  if (depth === 4) {
    // the usual depth, unrolled; two trees at a time (independent work for the CPU to overlap),
    // leaves still summed in tree order
    let k = 0;
    for (let o = 0, lo = 0; k + 1 < count; k += 2, o += 30, lo += 32) {
      const o2 = o + 15;
      let h = 1 + +!(x[feat[o]] <= thr[o]);
      let g = 1 + +!(x[feat[o2]] <= thr[o2]);
      h = 2 * h + 1 + +!(x[feat[o + h]] <= thr[o + h]);
      g = 2 * g + 1 + +!(x[feat[o2 + g]] <= thr[o2 + g]);
      h = 2 * h + 1 + +!(x[feat[o + h]] <= thr[o + h]);
      g = 2 * g + 1 + +!(x[feat[o2 + g]] <= thr[o2 + g]);
      h = 2 * h + 1 + +!(x[feat[o + h]] <= thr[o + h]);
      g = 2 * g + 1 + +!(x[feat[o2 + g]] <= thr[o2 + g]);
      s += leaf[lo + h - 15];
      s += leaf[lo + 16 + g - 15];
    }
    if (k < count) {
      const o = k * 15;
      let h = 1 + +!(x[feat[o]] <= thr[o]);
      h = 2 * h + 1 + +!(x[feat[o + h]] <= thr[o + h]);
      h = 2 * h + 1 + +!(x[feat[o + h]] <= thr[o + h]);
      h = 2 * h + 1 + +!(x[feat[o + h]] <= thr[o + h]);
      s += leaf[k * 16 + h - 15];
    }
    return s;
  }
  const leaves = inner + 1;
  for (let k = 0; k < count; k++) {
    const o = k * inner;
    let h = 0;
    for (let d = 0; d < depth; d++) h = 2 * h + 1 + +!(x[feat[o + h]] <= thr[o + h]);
    s += leaf[k * leaves + h - inner];
  }
  return s;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

export function trainGbm(X: Float64Array[], y: number[], opts: Partial<GbmOptions> = {}): GbmModel {
  const o = { ...DEFAULT_GBM, ...opts };
  const n = X.length;
  const F = X[0].length;
  const rand = rng(o.seed);
  // bin edges per feature (quantiles of distinct values)
  const edges: number[][] = [];
  const binned: Uint8Array[] = [];
  for (let f = 0; f < F; f++) {
    const vals = X.map((r) => r[f]).sort((a, b) => a - b);
    const e: number[] = [];
    for (let b = 1; b < o.bins; b++) {
      const v = vals[Math.floor((b * n) / o.bins)];
      if (e.length === 0 || v > e[e.length - 1]) e.push(v);
    }
    // thresholds: x <= e[k] goes to bins <= k
    edges.push(e);
    const col = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = X[i][f];
      let k = 0;
      while (k < e.length && v > e[k]) k++;
      col[i] = k;
    }
    binned.push(col);
  }
  const pos = y.reduce((s, v) => s + v, 0);
  const prior = Math.min(Math.max(pos / n, 1e-3), 1 - 1e-3);
  const base = Math.log(prior / (1 - prior));
  const raw = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: Tree[] = [];
  const nb = o.bins + 1;
  const GH = new Float64Array(nb * 2);
  for (let t = 0; t < o.trees; t++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-raw[i]));
      g[i] = p - y[i];
      h[i] = Math.max(p * (1 - p), 1e-6);
    }
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (rand() < o.subsample) rows.push(i);
    const tree: Tree = { f: [], t: [], l: [], r: [] };
    const useF: number[] = [];
    for (let f = 0; f < F; f++) if (o.colsample >= 1 || rand() < o.colsample) useF.push(f);
    const build = (idx: number[], depth: number): number => {
      const node = tree.f.length;
      tree.f.push(-1);
      tree.t.push(0);
      tree.l.push(-1);
      tree.r.push(-1);
      let G = 0, H = 0;
      for (const i of idx) {
        G += g[i];
        H += h[i];
      }
      const leaf = () => {
        tree.t[node] = (-G / (H + o.lambda)) * o.rate;
        return node;
      };
      if (depth >= o.depth || idx.length < 2 * o.minLeaf) return leaf();
      const parent = (G * G) / (H + o.lambda);
      let bestGain = 1e-9, bestF = -1, bestK = -1;
      for (const f of useF) {
        const col = binned[f];
        const ne = edges[f].length;
        if (ne === 0) continue;
        GH.fill(0, 0, (ne + 1) * 2);
        const cnt = new Int32Array(ne + 1);
        for (const i of idx) {
          const b = col[i];
          GH[b * 2] += g[i];
          GH[b * 2 + 1] += h[i];
          cnt[b]++;
        }
        let gl = 0, hl = 0, cl = 0;
        for (let k = 0; k < ne; k++) {
          gl += GH[k * 2];
          hl += GH[k * 2 + 1];
          cl += cnt[k];
          if (cl < o.minLeaf) continue;
          if (idx.length - cl < o.minLeaf) break;
          const gr = G - gl, hr = H - hl;
          const gain = (gl * gl) / (hl + o.lambda) + (gr * gr) / (hr + o.lambda) - parent;
          if (gain > bestGain) {
            bestGain = gain;
            bestF = f;
            bestK = k;
          }
        }
      }
      if (bestF < 0) return leaf();
      const col = binned[bestF];
      const L: number[] = [];
      const R: number[] = [];
      for (const i of idx) (col[i] <= bestK ? L : R).push(i);
      tree.f[node] = bestF;
      tree.t[node] = edges[bestF][bestK];
      tree.l[node] = build(L, depth + 1);
      tree.r[node] = build(R, depth + 1);
      return node;
    };
    build(rows, 0);
    trees.push(tree);
    // update all rows
    for (let i = 0; i < n; i++) {
      let nd = 0;
      while (tree.f[nd] >= 0) nd = X[i][tree.f[nd]] <= tree.t[nd] ? tree.l[nd] : tree.r[nd];
      raw[i] += tree.t[nd];
    }
  }
  return { base, trees };
}

/** Round numbers for a compact JSON file. */
export function compactModel(m: GbmModel): GbmModel {
  const r = (v: number) => Math.round(v * 1e6) / 1e6;
  return { base: r(m.base), trees: m.trees.map((t) => ({ f: t.f, t: t.t.map(r), l: t.l, r: t.r })) };
}
