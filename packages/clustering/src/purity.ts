import { contingency, type Labels } from "./_internal/contingency.js";

/**
 * Cluster purity of `pred` (clusters) against `truth` (classes). `macro` (default, the H2
 * definition): the mean over clusters of the share of the cluster's majority class. `micro`:
 * the share of all items that belong to their cluster's majority class. Empty input → NaN.
 */
export function purity(pred: Labels, truth: Labels, opts: { average?: "macro" | "micro" } = {}): number {
  const ct = contingency(pred, truth);
  if (ct.n === 0) return Number.NaN;
  let macro = 0;
  let micro = 0;
  for (let r = 0; r < ct.rows; r++) {
    let best = 0;
    for (let c = 0; c < ct.cols; c++) best = Math.max(best, ct.table[r * ct.cols + c] as number);
    macro += best / (ct.rowSums[r] as number);
    micro += best;
  }
  return (opts.average ?? "macro") === "macro" ? macro / ct.rows : micro / ct.n;
}
