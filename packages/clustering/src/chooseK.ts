import type { DenseMatrix } from "@fib/geometry";
import { createRng, sampleIndices } from "@fib/stats";
import { releaseKMeansBuffers } from "./_internal/pool.js";
import { kmeans } from "./kmeans.js";
import { pairwiseDistances, silhouetteOfRepeatedRows } from "./silhouette.js";

export interface ChooseKOptions {
  kMin?: number;
  kMax?: number;
  seed?: number;
  nInit?: number;
  /** silhouettes are computed on a sample of at most this many rows (default 2000) */
  sampleSize?: number;
  /**
   * k-means for each candidate k is fitted on a random subsample of at most this many rows
   * (default 20,000), not on all of them: the silhouette is read on 2,000 rows anyway, and the
   * chosen k is then fitted once on every row by the caller. A test shows the choice and the
   * scores agree with fitting on all rows.
   */
  fitSize?: number;
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
  const distinct = countDistinctRows(x, (opts.kMax ?? 10) + 1);
  const kMin = Math.max(2, opts.kMin ?? 2);
  const kMax = Math.min(opts.kMax ?? 10, distinct - 1, x.rows - 1);
  const seed = opts.seed ?? 0;
  if (kMax < kMin) return { k: Math.max(1, Math.min(distinct, kMin)), method: "silhouette", scores: [] };
  const fitRows = sampleIndices(x.rows, opts.fitSize ?? 20_000, createRng(seed, "chooseK/fit"));
  const fit = fitRows.length === x.rows ? x : rowsOf(x, fitRows);
  const sample = sampleIndices(fit.rows, opts.sampleSize ?? 2000, createRng(seed, "chooseK/sample"));
  // the sample's distances do not depend on k: computed once, between its distinct rows only (the
  // failures of one item share a row), and every k is scored from them
  const { reps, of } = distinctRowGroups(fit, sample);
  const dist = pairwiseDistances(fit, reps);
  const scores: ChooseKResult["scores"] = [];
  let best = kMin;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let k = kMin; k <= kMax; k++) {
    const r = kmeans(fit, { k, seed, nInit: opts.nInit ?? 3 });
    const s = silhouetteOfRepeatedRows(
      dist,
      of,
      sample.map((i) => r.labels[i] as number),
    );
    scores.push({ k, silhouette: Number.isFinite(s) ? s : null, inertia: r.inertia });
    opts.onProgress?.(k - kMin + 1, kMax - kMin + 1);
    if (Number.isFinite(s) && s > bestScore + 1e-12) {
      bestScore = s;
      best = k;
    }
  }
  releaseKMeansBuffers();
  return { k: best, method: "silhouette", scores };
}

function rowsOf(x: DenseMatrix, rows: readonly number[]): DenseMatrix {
  const d = x.cols;
  const data = new Float64Array(rows.length * d);
  for (const [i, r] of rows.entries()) data.set(x.data.subarray(r * d, (r + 1) * d), i * d);
  return { rows: rows.length, cols: d, data };
}

/** How many distinct rows x has, counting no further than `cap` (chooseK needs only to know whether there are more than k_max). */
export function countDistinctRows(x: DenseMatrix, cap = Number.POSITIVE_INFINITY): number {
  const seen = rowSet(x);
  let distinct = 0;
  for (let i = 0; i < x.rows && distinct < cap; i++) if (seen.add(i) === i) distinct++;
  return distinct;
}

/**
 * The distinct rows among the rows `idx` of x (exact equality): `reps`, the first of each in idx
 * order, and `of[p]`, the position in `reps` of idx[p]'s row.
 */
export function distinctRowGroups(x: DenseMatrix, idx: readonly number[]): { reps: number[]; of: Int32Array } {
  const seen = rowSet(x);
  const position = new Map<number, number>();
  const reps: number[] = [];
  const of = new Int32Array(idx.length);
  idx.forEach((i, p) => {
    const first = seen.add(i);
    let at = position.get(first);
    if (at === undefined) {
      at = reps.length;
      position.set(first, at);
      reps.push(first);
    }
    of[p] = at;
  });
  return { reps, of };
}

/**
 * A set of x's rows by value: `add(i)` returns the first row added with row i's values (i itself
 * when it is new). Rows are hashed, and rows with equal hashes compared, so no per-row string is
 * built (at a million rows that alone took gigabytes).
 */
function rowSet(x: DenseMatrix): { add(i: number): number } {
  const d = x.cols;
  // one float's bits at a time, with -0 read as 0 (equal rows must hash equal)
  const f = new Float64Array(1);
  const bits = new Uint32Array(f.buffer);
  const buckets = new Map<number, number[]>();
  return {
    add(i) {
      let h = 0x811c9dc5;
      for (let j = i * d; j < (i + 1) * d; j++) {
        f[0] = (x.data[j] as number) || 0;
        h = Math.imul(Math.imul(h ^ (bits[0] as number), 0x01000193) ^ (bits[1] as number), 0x01000193);
      }
      const same = buckets.get(h);
      const found = same?.find((r) => equalRows(x.data, r * d, i * d, d));
      if (found !== undefined) return found;
      if (same) same.push(i);
      else buckets.set(h, [i]);
      return i;
    },
  };
}

function equalRows(a: Float64Array, p: number, q: number, d: number): boolean {
  for (let j = 0; j < d; j++) if (a[p + j] !== a[q + j]) return false;
  return true;
}
