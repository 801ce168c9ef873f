import type { DenseMatrix } from "@fib/geometry";
import { encode, type Labels } from "./_internal/contingency.js";

/**
 * Mean silhouette coefficient (Euclidean), as scikit-learn's `silhouette_score`: for each
 * point, (b − a) / max(a, b) with a the mean distance to its own cluster and b the lowest mean
 * distance to another cluster; a point alone in its cluster scores 0. `rows` restricts the
 * points scored (and compared with) to a sample. NaN with fewer than 2 clusters or when every
 * point is its own cluster.
 */
export function silhouetteScore(x: DenseMatrix, labels: Labels, opts: { rows?: readonly number[] } = {}): number {
  if (labels.length !== x.rows) throw new RangeError(`silhouetteScore: ${labels.length} labels for ${x.rows} rows`);
  const idx = opts.rows ?? Array.from({ length: x.rows }, (_, i) => i);
  for (const i of idx) if (!Number.isInteger(i) || i < 0 || i >= x.rows) throw new RangeError(`silhouetteScore: row index ${i} is outside 0…${x.rows - 1}`);
  const sub = idx.map((i) => labels[i] as number | string);
  const { codes, count } = encode(sub);
  const m = idx.length;
  if (count < 2 || count >= m) return Number.NaN;
  const d = x.cols;
  const sizes = new Float64Array(count);
  for (let i = 0; i < m; i++) sizes[codes[i]!]!++;
  const sums = new Float64Array(count);
  let total = 0;
  for (let p = 0; p < m; p++) {
    sums.fill(0);
    const po = idx[p]! * d;
    for (let q = 0; q < m; q++) {
      if (q === p) continue;
      const qo = idx[q]! * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const v = x.data[po + j]! - x.data[qo + j]!;
        s += v * v;
      }
      sums[codes[q]!]! += Math.sqrt(s);
    }
    const own = codes[p]!;
    if (sizes[own]! <= 1) continue; // silhouette 0
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < count; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    total += (b - a) / Math.max(a, b);
  }
  return total / m;
}
