import { type BootstrapOptions, type ConfidenceInterval, percentileInterval, resolveBootstrapOptions } from "./bootstrapCi.js";
import { createRng } from "./rng.js";

/** The bootstrap distribution of `stat(a) - stat(b)` summarised; `value` is the difference on the full samples. */
export interface DifferenceInterval extends ConfidenceInterval {
  /** share of bootstrap replicates with difference <= 0 (a one-sided bootstrap p-value for "a > b") */
  p_le_zero: number;
}

/**
 * Paired bootstrap of the difference of one statistic over two samples whose elements are
 * paired by index (`a[i]` and `b[i]` come from the same unit: the same seed, the same item).
 * Each replicate draws one set of indices and applies it to both samples, so the shared
 * unit-level variation cancels. `a` and `b` must have the same length.
 */
export function pairedBootstrapDiff<T>(a: readonly T[], b: readonly T[], statistic: (sample: readonly T[]) => number, opts: BootstrapOptions = {}): DifferenceInterval {
  if (a.length !== b.length) {
    throw new RangeError(`pairedBootstrapDiff: samples must be paired (same length), got ${a.length} and ${b.length}`);
  }
  const { nBoot, alpha, seed } = resolveBootstrapOptions(opts);
  const n = a.length;
  const value = n === 0 ? Number.NaN : statistic(a) - statistic(b);
  if (n === 0) {
    return { value, lo: Number.NaN, hi: Number.NaN, n_boot: nBoot, alpha, method: "percentile", p_le_zero: Number.NaN };
  }
  const rng = createRng(seed, "pairedBootstrapDiff");
  const reps = new Float64Array(nBoot);
  const sa = new Array<T>(n);
  const sb = new Array<T>(n);
  let le = 0;
  let finite = 0;
  for (let r = 0; r < nBoot; r++) {
    for (let i = 0; i < n; i++) {
      const j = rng.int(0, n - 1);
      sa[i] = a[j] as T;
      sb[i] = b[j] as T;
    }
    const d = statistic(sa) - statistic(sb);
    reps[r] = d;
    if (Number.isFinite(d)) {
      finite++;
      if (d <= 0) le++;
    }
  }
  const p = finite === 0 ? Number.NaN : le / finite;
  return { value, ...percentileInterval(reps, alpha), n_boot: nBoot, alpha, method: "percentile", p_le_zero: p };
}
