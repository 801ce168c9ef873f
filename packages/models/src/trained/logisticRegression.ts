import type { Csr } from "./featurize.js";

export interface LogisticModel {
  weights: Float64Array;
  bias: number;
}

/**
 * L2-regularised logistic regression, full-batch gradient descent with Adam. No randomness:
 * the same data give the same weights.
 */
export function trainLogistic(X: Csr, y: Uint8Array, opts: { l2?: number; epochs?: number; lr?: number } = {}): LogisticModel {
  const steps = trainLogisticSteps(X, y, opts);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/** The same training, yielding after every 10 epochs (a caller can give the event loop a turn, and stop). */
export function* trainLogisticSteps(X: Csr, y: Uint8Array, opts: { l2?: number; epochs?: number; lr?: number } = {}): Generator<void, LogisticModel> {
  const l2 = opts.l2 ?? 1e-3;
  const epochs = opts.epochs ?? 300;
  const lr = opts.lr ?? 0.05;
  const { rows, cols, indptr, indices, data: values } = X;
  const w = new Float64Array(cols);
  let b = 0;
  const g = new Float64Array(cols);
  const m = new Float64Array(cols + 1);
  const v = new Float64Array(cols + 1);
  const b1 = 0.9;
  const b2 = 0.999;
  for (let t = 1; t <= epochs; t++) {
    if (t % 10 === 0) yield;
    g.fill(0);
    let gb = 0;
    for (let r = 0; r < rows; r++) {
      let z = b;
      const a = indptr[r] as number;
      const e = indptr[r + 1] as number;
      for (let k = a; k < e; k++) z += (w[indices[k] as number] as number) * (values[k] as number);
      const err = 1 / (1 + Math.exp(-z)) - (y[r] as number);
      for (let k = a; k < e; k++) g[indices[k] as number] = (g[indices[k] as number] as number) + err * (values[k] as number);
      gb += err;
    }
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    for (let j = 0; j <= cols; j++) {
      const grad = j < cols ? (g[j] as number) / rows + l2 * (w[j] as number) : gb / rows;
      m[j] = b1 * (m[j] as number) + (1 - b1) * grad;
      v[j] = b2 * (v[j] as number) + (1 - b2) * grad * grad;
      const step = (lr * ((m[j] as number) / c1)) / (Math.sqrt((v[j] as number) / c2) + 1e-8);
      if (j < cols) w[j] = (w[j] as number) - step;
      else b -= step;
    }
  }
  return { weights: w, bias: b };
}

/** P(y = 1) for every row. */
export function predictLogistic(model: LogisticModel, X: Csr): Float64Array {
  const out = new Float64Array(X.rows);
  for (let r = 0; r < X.rows; r++) {
    let z = model.bias;
    for (let k = X.indptr[r] as number; k < (X.indptr[r + 1] as number); k++) {
      z += (model.weights[X.indices[k] as number] as number) * (X.data[k] as number);
    }
    out[r] = 1 / (1 + Math.exp(-z));
  }
  return out;
}
