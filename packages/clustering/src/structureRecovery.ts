import { bootstrapCi, createRng, deriveSeed, groupIndices, quantile, type Rng, shuffle } from "@fib/stats";
import { encode } from "./_internal/contingency.js";
import { adjustedRandIndex } from "./adjustedRandIndex.js";
import { normalizedMutualInfo } from "./mutualInfo.js";
import { purity } from "./purity.js";

/** Purity a null gives these clusters: permutations of the labels, `n_perm` times. */
export interface PermutationBaseline {
  mean: number;
  p95: number;
  n_perm: number;
  /** share of permutations at least as pure as the clusters, with the +1 correction */
  p_value: number;
}

export interface ClassRecovery {
  structure_id: string;
  n: number;
  /** the cluster holding most of this class's failures */
  best_cluster: number;
  /** share of the class's failures in that cluster */
  recall: number;
  /** share of that cluster that is this class */
  purity: number;
  /** purity ≥ 0.9 and recall > 0.5: one cluster is, almost only, this class */
  recovered: boolean;
}

export interface StructureRecovery {
  n: number;
  n_clusters: number;
  n_classes: number;
  /** macro purity of the clusters against the held-out labels (the H2 statistic) */
  purity_macro: number;
  /** percentile bootstrap CI; resamples items (all failures of an item together) when `groups` are given */
  purity_macro_ci: { value: number; lo: number; hi: number; n_boot: number; unit: "item" | "failure" };
  purity_micro: number;
  /** the same clusters scored against randomly permuted labels: what purity chance gives */
  shuffled_baseline: PermutationBaseline;
  /** labels permuted within each stratum (the item type): what the type alone explains; null without strata */
  within_type_baseline: PermutationBaseline | null;
  /** macro purity of the partition by type alone (no clustering at all); null without strata */
  type_partition_purity: number | null;
  nmi: number;
  ari: number;
  /** per held-out class: its best cluster, recall and purity there */
  by_class: ClassRecovery[];
  n_recovered: number;
}

export interface StructureRecoveryOptions {
  nBoot?: number;
  nPerm?: number;
  seed?: number;
  /** the item each failure belongs to: the CI resamples items, not failures (failures of one item are not independent) */
  groups?: readonly string[];
  /** a coarsening of the labels the features can see (CARB's `type`): adds the within-type null and the type-only partition */
  strata?: readonly string[];
}

function permutationBaseline(observed: number, perms: number[]): PermutationBaseline {
  const atLeast = perms.filter((p) => p >= observed - 1e-12).length;
  return { mean: perms.reduce((a, b) => a + b, 0) / perms.length, p95: quantile(perms, 0.95), n_perm: perms.length, p_value: (atLeast + 1) / (perms.length + 1) };
}

/** Permute `labels` within each stratum (strata grouped once by the caller, keys in sorted order). */
function shuffleWithin(labels: readonly number[], groups: readonly (readonly number[])[], rng: Rng): number[] {
  const out = labels.slice();
  for (const idx of groups) {
    const vals = shuffle(
      idx.map((i) => labels[i] as number),
      rng,
    );
    idx.forEach((i, t) => {
      out[i] = vals[t] as number;
    });
  }
  return out;
}

/** Per class: the cluster holding most of it, recall there, and that cluster's purity for it. */
export function classRecovery(clusters: readonly number[], truth: readonly string[]): ClassRecovery[] {
  const byClass = new Map<string, Map<number, number>>();
  const clusterSize = new Map<number, number>();
  clusters.forEach((c, i) => {
    const t = truth[i] as string;
    const m = byClass.get(t) ?? new Map<number, number>();
    m.set(c, (m.get(c) ?? 0) + 1);
    byClass.set(t, m);
    clusterSize.set(c, (clusterSize.get(c) ?? 0) + 1);
  });
  return [...byClass.keys()].sort().map((t) => {
    const m = byClass.get(t) as Map<number, number>;
    const n = [...m.values()].reduce((a, b) => a + b, 0);
    let best = -1;
    let bestN = -1;
    for (const [c, cnt] of [...m.entries()].sort((a, b) => a[0] - b[0])) {
      if (cnt > bestN) {
        best = c;
        bestN = cnt;
      }
    }
    const recall = bestN / n;
    const pur = bestN / (clusterSize.get(best) as number);
    return { structure_id: t, n, best_cluster: best, recall, purity: pur, recovered: pur >= 0.9 && recall > 0.5 };
  });
}

/**
 * How well clusters recover held-out labels (H2): macro purity with a percentile bootstrap CI
 * (over items when `groups` are given), against three nulls — labels shuffled across all
 * failures, labels permuted within each stratum (with `strata` = the item type, the null that
 * the clusters know nothing beyond the type the features can see), and the partition by stratum
 * alone — plus NMI, ARI and per-class recovery. Undefined with no failures: returns null.
 */
export function structureRecovery(clusters: readonly number[], truth: readonly string[], opts: StructureRecoveryOptions = {}): StructureRecovery | null {
  const n = clusters.length;
  if (n === 0) return null;
  const seed = opts.seed ?? 0;
  const nPerm = opts.nPerm ?? 200;
  const observed = purity(clusters, truth);
  // purity counts only the partition: the permutation and bootstrap loops run on integer codes,
  // drawing the same random numbers as on the strings (at 200k failures: strings cost most of the time)
  const codes = Array.from(encode(truth).codes);
  let ci: StructureRecovery["purity_macro_ci"];
  if (opts.groups) {
    const units = [...groupIndices(opts.groups).values()];
    const b = bootstrapCi(
      units,
      (s) => {
        const idx = s.flat();
        return purity(
          idx.map((i) => clusters[i] as number),
          idx.map((i) => codes[i] as number),
        );
      },
      { nBoot: opts.nBoot ?? 1000, seed },
    );
    ci = { value: observed, lo: b.lo, hi: b.hi, n_boot: b.n_boot, unit: "item" };
  } else {
    const idx = Array.from({ length: n }, (_, i) => i);
    const b = bootstrapCi(
      idx,
      (s) =>
        purity(
          s.map((i) => clusters[i] as number),
          s.map((i) => codes[i] as number),
        ),
      { nBoot: opts.nBoot ?? 1000, seed },
    );
    ci = { value: observed, lo: b.lo, hi: b.hi, n_boot: b.n_boot, unit: "failure" };
  }
  const rng = createRng(seed, "structureRecovery/shuffle");
  const shuffled = permutationBaseline(
    observed,
    Array.from({ length: nPerm }, () => purity(clusters, shuffle(codes, rng))),
  );
  let within: PermutationBaseline | null = null;
  let typeOnly: number | null = null;
  if (opts.strata) {
    const strata = opts.strata;
    const r2 = createRng(deriveSeed(seed, "structureRecovery/within-type"));
    const by = groupIndices(strata);
    const groups = [...by.keys()].sort().map((k) => by.get(k) as number[]);
    within = permutationBaseline(
      observed,
      Array.from({ length: nPerm }, () => purity(clusters, shuffleWithin(codes, groups, r2))),
    );
    const strataCodes = new Map([...new Set(strata)].sort().map((s, i) => [s, i]));
    typeOnly = purity(
      strata.map((s) => strataCodes.get(s) as number),
      codes,
    );
  }
  const by_class = classRecovery(clusters, truth);
  return {
    n,
    n_clusters: new Set(clusters).size,
    n_classes: new Set(truth).size,
    purity_macro: observed,
    purity_macro_ci: ci,
    purity_micro: purity(clusters, truth, { average: "micro" }),
    shuffled_baseline: shuffled,
    within_type_baseline: within,
    type_partition_purity: typeOnly,
    nmi: normalizedMutualInfo(clusters, truth),
    ari: adjustedRandIndex(clusters, truth),
    by_class,
    n_recovered: by_class.filter((c) => c.recovered).length,
  };
}
