import { bootstrapCi, createRng, deriveSeed, groupIndices, quantile, type Rng } from "@fib/stats";
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

/**
 * Macro purity of a rows × cols count table (rows: clusters): the mean over non-empty rows of the
 * majority share. The permutation and bootstrap loops below count into one table and score it
 * here, instead of building labels and a contingency table per replicate (a million failures × 600
 * replicates allocated gigabytes).
 */
function tablePurity(table: Float64Array, rows: number, cols: number): number {
  let macro = 0;
  let present = 0;
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let size = 0;
    for (let c = 0; c < cols; c++) {
      const v = table[r * cols + c] as number;
      size += v;
      if (v > best) best = v;
    }
    if (size > 0) {
      macro += best / size;
      present++;
    }
  }
  return present === 0 ? Number.NaN : macro / present;
}

/** Macro purity of clusters against classes, both as dense integer codes. */
function codesPurity(clusters: Int32Array, classes: Int32Array, rows: number, cols: number, table: Float64Array): number {
  table.fill(0);
  for (let i = 0; i < clusters.length; i++) table[(clusters[i] as number) * cols + (classes[i] as number)]!++;
  return tablePurity(table, rows, cols);
}

/**
 * Fisher–Yates over `out[idx[…]]` in place — the same draws as `shuffle` on the values at `idx`
 * (in that order), written back to the same positions.
 */
function shuffleAt(out: Int32Array, idx: Int32Array, vals: Int32Array, rng: Rng): void {
  const m = idx.length;
  for (let t = 0; t < m; t++) vals[t] = out[idx[t] as number] as number;
  for (let i = m - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const tmp = vals[i] as number;
    vals[i] = vals[j] as number;
    vals[j] = tmp;
  }
  for (let t = 0; t < m; t++) out[idx[t] as number] = vals[t] as number;
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

/** The partition as integer codes, and a reusable R × C contingency table for the loops that count into it. */
interface Coded {
  cl: Int32Array;
  R: number;
  codes: Int32Array;
  C: number;
  table: Float64Array;
}

/**
 * Percentile bootstrap CI of macro purity over items (each unit: its cells of the table and their
 * counts; a replicate sums the drawn units) or, without groups, over failures. Purity counts only
 * the partition: the loops run on the integer codes and draw the same random numbers as plain
 * loops over the labels would.
 */
function purityCi(t: Coded, observed: number, groups: readonly string[] | undefined, nBoot: number, seed: number): StructureRecovery["purity_macro_ci"] {
  const { cl, codes, C, R, table } = t;
  if (!groups) {
    const idx = Array.from({ length: cl.length }, (_, i) => i);
    const b = bootstrapCi(
      idx,
      (s) => {
        table.fill(0);
        for (const i of s) table[(cl[i] as number) * C + (codes[i] as number)]!++;
        return tablePurity(table, R, C);
      },
      { nBoot, seed },
    );
    return { value: observed, lo: b.lo, hi: b.hi, n_boot: b.n_boot, unit: "failure" };
  }
  const units = [...groupIndices(groups).values()];
  const start = new Int32Array(units.length + 1);
  const cells: number[] = [];
  const counts: number[] = [];
  units.forEach((idx, u) => {
    const seen = new Map<number, number>();
    for (const i of idx) {
      const cell = (cl[i] as number) * C + (codes[i] as number);
      const at = seen.get(cell);
      if (at === undefined) {
        seen.set(cell, counts.length);
        cells.push(cell);
        counts.push(1);
      } else counts[at]!++;
    }
    start[u + 1] = cells.length;
  });
  const b = bootstrapCi(
    units.map((_, u) => u),
    (s) => {
      table.fill(0);
      for (const u of s) for (let p = start[u] as number; p < (start[u + 1] as number); p++) table[cells[p] as number]! += counts[p] as number;
      return tablePurity(table, R, C);
    },
    { nBoot, seed },
  );
  return { value: observed, lo: b.lo, hi: b.hi, n_boot: b.n_boot, unit: "item" };
}

/** Purity under nPerm label permutations: across all failures (`groups` null) or within each group. */
function permutedPurities(t: Coded, groups: readonly Int32Array[], nPerm: number, rng: Rng): number[] {
  const perm = new Int32Array(t.cl.length);
  const vals = new Int32Array(t.cl.length);
  return Array.from({ length: nPerm }, () => {
    perm.set(t.codes);
    for (const g of groups) shuffleAt(perm, g, vals, rng);
    return codesPurity(t.cl, perm, t.R, t.C, t.table);
  });
}

/** The within-stratum null and the purity of the partition by stratum alone. */
function strataBaselines(t: Coded, strata: readonly string[], observed: number, nPerm: number, seed: number): { within: PermutationBaseline; typeOnly: number } {
  const by = groupIndices(strata);
  const groups = [...by.keys()].sort().map((k) => Int32Array.from(by.get(k) as number[]));
  const within = permutationBaseline(observed, permutedPurities(t, groups, nPerm, createRng(deriveSeed(seed, "structureRecovery/within-type"))));
  const strataCodes = new Map([...new Set(strata)].sort().map((s, i) => [s, i]));
  const typeOnly = purity(
    strata.map((s) => strataCodes.get(s) as number),
    t.codes,
  );
  return { within, typeOnly };
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
  const { codes: cl, count: R } = encode(clusters);
  const { codes, count: C } = encode(truth);
  const t: Coded = { cl, R, codes, C, table: new Float64Array(R * C) };
  const ci = purityCi(t, observed, opts.groups, opts.nBoot ?? 1000, seed);
  const shuffled = permutationBaseline(observed, permutedPurities(t, [Int32Array.from({ length: n }, (_, i) => i)], nPerm, createRng(seed, "structureRecovery/shuffle")));
  const strata = opts.strata ? strataBaselines(t, opts.strata, observed, nPerm, seed) : null;
  const by_class = classRecovery(clusters, truth);
  return {
    n,
    n_clusters: new Set(clusters).size,
    n_classes: new Set(truth).size,
    purity_macro: observed,
    purity_macro_ci: ci,
    purity_micro: purity(clusters, truth, { average: "micro" }),
    shuffled_baseline: shuffled,
    within_type_baseline: strata?.within ?? null,
    type_partition_purity: strata?.typeOnly ?? null,
    nmi: normalizedMutualInfo(clusters, truth),
    ari: adjustedRandIndex(clusters, truth),
    by_class,
    n_recovered: by_class.filter((c) => c.recovered).length,
  };
}
