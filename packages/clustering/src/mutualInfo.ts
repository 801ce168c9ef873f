import { type Contingency, contingency, type Labels } from "./_internal/contingency.js";

/** Mutual information of two labelings in nats, as scikit-learn's `mutual_info_score`. */
export function mutualInfo(a: Labels, b: Labels): number {
  return miOf(contingency(a, b));
}

function miOf(ct: Contingency): number {
  if (ct.n === 0) return 0;
  let mi = 0;
  const n = ct.n;
  for (let r = 0; r < ct.rows; r++) {
    for (let c = 0; c < ct.cols; c++) {
      const nij = ct.table[r * ct.cols + c] as number;
      if (nij === 0) continue;
      mi += (nij / n) * Math.log((n * nij) / ((ct.rowSums[r] as number) * (ct.colSums[c] as number)));
    }
  }
  return Math.max(0, mi);
}

/** Shannon entropy of a labeling in nats. */
export function entropy(labels: Labels): number {
  const ct = contingency(labels, labels);
  return entropyOf(ct.rowSums, ct.n);
}

function entropyOf(counts: Float64Array, n: number): number {
  let h = 0;
  for (let r = 0; r < counts.length; r++) {
    const p = (counts[r] as number) / n;
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}

/**
 * Normalised mutual information with arithmetic normalisation, MI / ((H(a) + H(b)) / 2),
 * scikit-learn's default: 1 when both are a single cluster (nothing to tell apart, a perfect
 * match), 0 when MI is 0.
 */
export function normalizedMutualInfo(a: Labels, b: Labels): number {
  const ct = contingency(a, b);
  if ((ct.rows === 1 && ct.cols === 1) || ct.n === 0) return 1;
  const mi = miOf(ct);
  if (mi === 0) return 0;
  return mi / ((entropyOf(ct.rowSums, ct.n) + entropyOf(ct.colSums, ct.n)) / 2);
}
