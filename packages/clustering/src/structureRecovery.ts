import { bootstrapCi, createRng, quantile, shuffle } from "@fib/stats";
import { adjustedRandIndex } from "./adjustedRandIndex.js";
import { normalizedMutualInfo } from "./mutualInfo.js";
import { purity } from "./purity.js";

export interface StructureRecovery {
  n: number;
  n_clusters: number;
  n_classes: number;
  /** macro purity of the clusters against the held-out labels (the H2 statistic) */
  purity_macro: number;
  purity_macro_ci: { value: number; lo: number; hi: number; n_boot: number };
  purity_micro: number;
  /** the same clusters scored against randomly permuted labels: what purity chance gives */
  shuffled_baseline: { mean: number; p95: number; n_perm: number; p_value: number };
  nmi: number;
  ari: number;
}

/**
 * How well clusters recover held-out labels (H2): macro purity with a percentile bootstrap
 * CI over failures, against a shuffled-label baseline (the labels permuted `nPerm` times
 * across the same clusters; p-value = share of permutations at least as pure, with the +1
 * correction), plus NMI and ARI. Undefined with no failures: returns null.
 */
export function structureRecovery(
  clusters: readonly number[],
  truth: readonly string[],
  opts: { nBoot?: number; nPerm?: number; seed?: number } = {},
): StructureRecovery | null {
  const n = clusters.length;
  if (n === 0) return null;
  const seed = opts.seed ?? 0;
  const nPerm = opts.nPerm ?? 200;
  const observed = purity(clusters, truth);
  const idx = Array.from({ length: n }, (_, i) => i);
  const ci = bootstrapCi(idx, (s) => purity(s.map((i) => clusters[i] as number), s.map((i) => truth[i] as string)), { nBoot: opts.nBoot ?? 1000, seed });
  const rng = createRng(seed, "structureRecovery/shuffle");
  const perms = Array.from({ length: nPerm }, () => purity(clusters, shuffle(truth, rng)));
  const atLeast = perms.filter((p) => p >= observed - 1e-12).length;
  return {
    n,
    n_clusters: new Set(clusters).size,
    n_classes: new Set(truth).size,
    purity_macro: observed,
    purity_macro_ci: { value: ci.value, lo: ci.lo, hi: ci.hi, n_boot: ci.n_boot },
    purity_micro: purity(clusters, truth, { average: "micro" }),
    shuffled_baseline: { mean: perms.reduce((a, b) => a + b, 0) / nPerm, p95: quantile(perms, 0.95), n_perm: nPerm, p_value: (atLeast + 1) / (nPerm + 1) },
    nmi: normalizedMutualInfo(clusters, truth),
    ari: adjustedRandIndex(clusters, truth),
  };
}
