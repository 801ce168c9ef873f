import type { Csr } from "./featurize.js";

/**
 * Multinomial naive Bayes over binary presence features (each feature present in a row counts
 * once; absent features contribute nothing, unlike Bernoulli naive Bayes), Laplace smoothing `alpha`.
 */
export interface NaiveBayesModel {
  /** log P(feature | class) for class 0 and 1, each of length cols */
  logLik0: Float64Array;
  logLik1: Float64Array;
  logPrior0: number;
  logPrior1: number;
}

export function trainNaiveBayes(X: Csr, y: Uint8Array, alpha = 1): NaiveBayesModel {
  const c0 = new Float64Array(X.cols);
  const c1 = new Float64Array(X.cols);
  let n1 = 0;
  for (let r = 0; r < X.rows; r++) {
    const counts = y[r] === 1 ? c1 : c0;
    if (y[r] === 1) n1++;
    for (let k = X.indptr[r] as number; k < (X.indptr[r + 1] as number); k++) counts[X.indices[k] as number]! += 1;
  }
  const total0 = c0.reduce((a, b) => a + b, 0) + alpha * X.cols;
  const total1 = c1.reduce((a, b) => a + b, 0) + alpha * X.cols;
  const logLik0 = c0.map((c) => Math.log((c + alpha) / total0));
  const logLik1 = c1.map((c) => Math.log((c + alpha) / total1));
  const n0 = X.rows - n1;
  return { logLik0, logLik1, logPrior0: Math.log((n0 + alpha) / (X.rows + 2 * alpha)), logPrior1: Math.log((n1 + alpha) / (X.rows + 2 * alpha)) };
}

/** P(y = 1) for every row. */
export function predictNaiveBayes(model: NaiveBayesModel, X: Csr): Float64Array {
  const out = new Float64Array(X.rows);
  for (let r = 0; r < X.rows; r++) {
    let s0 = model.logPrior0;
    let s1 = model.logPrior1;
    for (let k = X.indptr[r] as number; k < (X.indptr[r + 1] as number); k++) {
      s0 += model.logLik0[X.indices[k] as number] as number;
      s1 += model.logLik1[X.indices[k] as number] as number;
    }
    out[r] = 1 / (1 + Math.exp(s0 - s1));
  }
  return out;
}
