import type { Rng } from "./rng.js";

/**
 * `k` distinct indices from `0..n-1`, in draw order (a partial Fisher–Yates over an
 * index array). When `k >= n` every index is returned, in order `0..n-1`: this is the
 * "budget cap" branch, identical for every seed by construction.
 */
export function sampleIndices(n: number, k: number, rng: Rng): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`sampleIndices: n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`sampleIndices: k must be a non-negative integer, got ${k}`);
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const out = new Array<number>(k);
  for (let i = 0; i < k; i++) {
    const j = rng.int(i, n - 1);
    const tmp = idx[i] as number;
    idx[i] = idx[j] as number;
    idx[j] = tmp;
    out[i] = idx[i] as number;
  }
  return out;
}

/** `k` distinct elements of `items` (all of them, in order, when `k >= items.length`). */
export function sampleWithoutReplacement<T>(items: readonly T[], k: number, rng: Rng): T[] {
  return sampleIndices(items.length, k, rng).map((i) => items[i] as T);
}
