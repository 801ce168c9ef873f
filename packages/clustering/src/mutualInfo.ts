import { contingency, type Labels } from "./_internal/contingency.js";

/** Mutual information of two labelings in nats, as scikit-learn's `mutual_info_score`. */
export function mutualInfo(a: Labels, b: Labels): number {
  const ct = contingency(a, b);
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
  let h = 0;
  for (let r = 0; r < ct.rows; r++) {
    const p = (ct.rowSums[r] as number) / ct.n;
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
  const ca = contingency(a, b);
  if ((ca.rows === 1 && ca.cols === 1) || ca.n === 0) return 1;
  const mi = mutualInfo(a, b);
  if (mi === 0) return 0;
  return mi / ((entropy(a) + entropy(b)) / 2);
}
