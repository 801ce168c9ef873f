import { contingency, type Labels } from "./_internal/contingency.js";

const comb2 = (x: number) => (x * (x - 1)) / 2;

/**
 * Adjusted Rand index (Hubert & Arabie), as scikit-learn's `adjusted_rand_score`: 1 for
 * identical partitions (up to relabelling), ≈ 0 for independent ones, symmetric. Two
 * labelings that agree on every pair (including both being one cluster, or empty) give 1.
 */
export function adjustedRandIndex(a: Labels, b: Labels): number {
  const ct = contingency(a, b);
  let sumCells = 0;
  for (let i = 0; i < ct.table.length; i++) sumCells += comb2(ct.table[i] as number);
  let sumRows = 0;
  for (let i = 0; i < ct.rows; i++) sumRows += comb2(ct.rowSums[i] as number);
  let sumCols = 0;
  for (let j = 0; j < ct.cols; j++) sumCols += comb2(ct.colSums[j] as number);
  const total = comb2(ct.n);
  // pairs together in a but not in b, and in b but not in a
  if (sumRows - sumCells === 0 && sumCols - sumCells === 0) return 1;
  const expected = total === 0 ? 0 : (sumRows * sumCols) / total;
  const max = (sumRows + sumCols) / 2;
  return (sumCells - expected) / (max - expected);
}
