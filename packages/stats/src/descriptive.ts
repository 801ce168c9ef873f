/** Arithmetic mean; `NaN` for an empty input. */
export function mean(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i] as number;
  return s / n;
}

/**
 * Standard deviation with `ddof` delta degrees of freedom (0 = population, numpy's default;
 * 1 = sample). `NaN` when `n - ddof <= 0`. Two-pass for accuracy.
 */
export function std(xs: ArrayLike<number>, ddof = 0): number {
  const n = xs.length;
  if (n - ddof <= 0) return Number.NaN;
  const m = mean(xs);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (xs[i] as number) - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - ddof));
}

/**
 * The q-th quantile (q in [0, 1]) with linear interpolation between order statistics —
 * numpy's default `method="linear"` (Hyndman & Fan type 7). `NaN` for an empty input.
 */
export function quantile(xs: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  const n = xs.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(xs as ArrayLike<number>).sort();
  return quantileSorted(sorted, q);
}

/** {@link quantile} on an already ascending-sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const frac = pos - lo;
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return frac === 0 ? a : a + (b - a) * frac;
}

/**
 * Smallest and largest of `xs` by a loop (spreading a large array into Math.min overflows the call stack at a few
 * hundred thousand elements). `{min: NaN, max: NaN}` for an empty input.
 */
export function extent(xs: ArrayLike<number>): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return xs.length === 0 ? { min: Number.NaN, max: Number.NaN } : { min, max };
}
