import { quantileSorted } from "./descriptive.js";
import { createRng } from "./rng.js";

export interface BootstrapOptions {
  /** number of bootstrap resamples (default 1000) */
  nBoot?: number;
  /** two-sided miscoverage: the interval is [alpha/2, 1 - alpha/2] (default 0.05) */
  alpha?: number;
  /** seed of the resampling stream (default 0) */
  seed?: number;
}

/** A point estimate with a percentile bootstrap interval, in the seed's report shape. */
export interface ConfidenceInterval {
  value: number;
  lo: number;
  hi: number;
  n_boot: number;
  alpha: number;
  method: "percentile";
}

export function resolveBootstrapOptions(opts: BootstrapOptions): Required<BootstrapOptions> {
  const nBoot = opts.nBoot ?? 1000;
  const alpha = opts.alpha ?? 0.05;
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(nBoot) || nBoot < 1) throw new RangeError(`nBoot must be a positive integer, got ${nBoot}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  return { nBoot, alpha, seed };
}

/**
 * Percentile interval of a bootstrap distribution: the alpha/2 and 1 - alpha/2 quantiles
 * (linear interpolation, as numpy / scipy's `method="percentile"`). Non-finite replicates
 * (a statistic undefined on some resample) are dropped; all non-finite → NaN bounds.
 */
export function percentileInterval(replicates: ArrayLike<number>, alpha: number): { lo: number; hi: number } {
  const finite: number[] = [];
  for (let i = 0; i < replicates.length; i++) {
    const v = replicates[i] as number;
    if (Number.isFinite(v)) finite.push(v);
  }
  const sorted = Float64Array.from(finite).sort();
  return { lo: quantileSorted(sorted, alpha / 2), hi: quantileSorted(sorted, 1 - alpha / 2) };
}

/**
 * Percentile bootstrap confidence interval of `statistic` over `data` (resampling the
 * elements with replacement, `nBoot` times, from a stream seeded by `seed`).
 * Empty data → `{value: NaN, lo: NaN, hi: NaN}` (serialised as null).
 */
export function bootstrapCi<T>(data: readonly T[], statistic: (sample: readonly T[]) => number, opts: BootstrapOptions = {}): ConfidenceInterval {
  const { nBoot, alpha, seed } = resolveBootstrapOptions(opts);
  const n = data.length;
  const value = n === 0 ? Number.NaN : statistic(data);
  if (n === 0) return { value, lo: Number.NaN, hi: Number.NaN, n_boot: nBoot, alpha, method: "percentile" };
  const rng = createRng(seed, "bootstrapCi");
  const reps = new Float64Array(nBoot);
  const sample = new Array<T>(n);
  for (let b = 0; b < nBoot; b++) {
    for (let i = 0; i < n; i++) sample[i] = data[rng.int(0, n - 1)] as T;
    reps[b] = statistic(sample);
  }
  return { value, ...percentileInterval(reps, alpha), n_boot: nBoot, alpha, method: "percentile" };
}
