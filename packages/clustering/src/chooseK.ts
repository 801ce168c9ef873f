import type { DenseMatrix } from "@fib/geometry";
import { createRng, sampleIndices } from "@fib/stats";
import { kmeans } from "./kmeans.js";
import { silhouetteScore } from "./silhouette.js";

export interface ChooseKOptions {
  kMin?: number;
  kMax?: number;
  seed?: number;
  nInit?: number;
  /** silhouettes are computed on a sample of at most this many rows (default 2000) */
  sampleSize?: number;
  /** called after each k is scored */
  onProgress?: (done: number, total: number) => void;
}

export interface ChooseKResult {
  k: number;
  method: "silhouette";
  scores: { k: number; silhouette: number | null; inertia: number }[];
}

/**
 * Choose k by the mean silhouette of a k-means clustering, for k in [kMin, kMax] (bounded by
 * the number of distinct rows). Silhouettes use one fixed row sample for every k, so the
 * scores are comparable and cost O(sample²) each. Ties go to the smaller k. With fewer than
 * three distinct rows there is nothing to choose: k is their number.
 */
export function chooseK(x: DenseMatrix, opts: ChooseKOptions = {}): ChooseKResult {
  const distinct = countDistinctRows(x);
  const kMin = Math.max(2, opts.kMin ?? 2);
  const kMax = Math.min(opts.kMax ?? 10, distinct - 1, x.rows - 1);
  const seed = opts.seed ?? 0;
  if (kMax < kMin) return { k: Math.max(1, Math.min(distinct, kMin)), method: "silhouette", scores: [] };
  const sample = sampleIndices(x.rows, opts.sampleSize ?? 2000, createRng(seed, "chooseK/sample"));
  const scores: ChooseKResult["scores"] = [];
  let best = kMin;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let k = kMin; k <= kMax; k++) {
    const r = kmeans(x, { k, seed, nInit: opts.nInit ?? 3 });
    const s = silhouetteScore(x, r.labels, { rows: sample });
    scores.push({ k, silhouette: Number.isFinite(s) ? s : null, inertia: r.inertia });
    opts.onProgress?.(k - kMin + 1, kMax - kMin + 1);
    if (Number.isFinite(s) && s > bestScore + 1e-12) {
      bestScore = s;
      best = k;
    }
  }
  return { k: best, method: "silhouette", scores };
}

export function countDistinctRows(x: DenseMatrix): number {
  const seen = new Set<string>();
  for (let i = 0; i < x.rows; i++) seen.add(Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)).join(","));
  return seen.size;
}
