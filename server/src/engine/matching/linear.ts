// L2-regularised logistic regression on standardised (and clipped) features:
// a smooth companion to the tree ensemble (trees are step functions; a linear
// score varies with every feature). Trained by Newton's method.

export interface LinearModel {
  /** Per feature: mean and scale used to standardise; the z-score is clipped to +-clip. */
  mean: number[];
  scale: number[];
  w: number[];
  bias: number;
  clip: number;
}

export function linearRaw(m: LinearModel, x: ArrayLike<number>): number {
  const { mean, scale, w, clip } = m;
  let s = m.bias;
  for (let j = 0; j < w.length; j++) {
    let z = (x[j] - mean[j]) / scale[j];
    if (z > clip) z = clip;
    else if (z < -clip) z = -clip;
    else if (z !== z) z = 0;
    s += w[j] * z;
  }
  return s;
}

/** Solve A v = b for symmetric positive definite A (n x n, row-major) by Cholesky; A is overwritten. */
function solveSpd(A: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j];
    for (let k = 0; k < j; k++) d -= A[j * n + k] * A[j * n + k];
    d = Math.sqrt(Math.max(d, 1e-12));
    A[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= A[i * n + k] * A[j * n + k];
      A[i * n + j] = s / d;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= A[i * n + k] * y[k];
    y[i] = s / A[i * n + i];
  }
  const v = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= A[k * n + i] * v[k];
    v[i] = s / A[i * n + i];
  }
  return v;
}

/** Logistic regression with L2 penalty `lambda` (on the weights, not the bias). */
export function trainLinear(X: ArrayLike<number>[], y: number[], lambda = 1, clip = 4, standardise = true): LinearModel {
  const n = X.length;
  const F = X[0].length;
  const mean = new Array<number>(F).fill(0);
  const scale = new Array<number>(F).fill(1);
  if (standardise) {
    for (let j = 0; j < F; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += X[i][j];
      const mu = s / n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (X[i][j] - mu) ** 2;
      mean[j] = mu;
      scale[j] = Math.sqrt(v / n) || 1;
    }
  }
  const D = F + 1;
  const Z = new Float64Array(n * D);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < F; j++) {
      let z = (X[i][j] - mean[j]) / scale[j];
      if (z > clip) z = clip;
      else if (z < -clip) z = -clip;
      else if (z !== z) z = 0;
      Z[i * D + j] = z;
    }
    Z[i * D + F] = 1;
  }
  const w = new Float64Array(D);
  for (let it = 0; it < 30; it++) {
    const g = new Float64Array(D);
    const H = new Float64Array(D * D);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < D; j++) s += w[j] * Z[i * D + j];
      const p = 1 / (1 + Math.exp(-s));
      const r = p - y[i];
      const h = Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j < D; j++) {
        const zj = Z[i * D + j];
        if (zj === 0) continue;
        g[j] += r * zj;
        const hz = h * zj;
        for (let k = 0; k <= j; k++) H[j * D + k] += hz * Z[i * D + k];
      }
    }
    for (let j = 0; j < F; j++) {
      g[j] += lambda * w[j];
      H[j * D + j] += lambda;
    }
    H[F * D + F] += 1e-6;
    for (let j = 0; j < D; j++) for (let k = j + 1; k < D; k++) H[j * D + k] = H[k * D + j];
    const step = solveSpd(H, g, D);
    let mx = 0;
    for (let j = 0; j < D; j++) {
      w[j] -= step[j];
      mx = Math.max(mx, Math.abs(step[j]));
    }
    if (mx < 1e-7) break;
  }
  return { mean, scale, w: Array.from(w.subarray(0, F)), bias: w[F], clip };
}

/** Round numbers for a compact JSON file. */
export function compactLinear(m: LinearModel): LinearModel {
  const r = (v: number) => Math.round(v * 1e6) / 1e6;
  return { mean: m.mean.map(r), scale: m.scale.map(r), w: m.w.map(r), bias: r(m.bias), clip: m.clip };
}
