import { adjustedRandIndex, discover, normalizedMutualInfo, purity } from "@fib/clustering";
import type { Failure } from "@fib/schemas";
import { createRng, deriveSeed, mean, percentileInterval, shuffle } from "@fib/stats";
import { MIN_N_BOOT_FOR_VERDICT, type Verdict } from "./h1.js";
import { EXPERIMENT_DEFAULTS as D } from "../experiments/experimentDefaults.js";

/** How well one slice's failure clusters recover structure_id, in one seed. */
export interface SliceRecovery {
  n_failures: number;
  k: number;
  /** macro purity against structure_id (the seed's H2 statistic) */
  purity: number;
  /** mean macro purity of the same clusters against shuffled labels: what purity chance gives at this many failures, clusters and ids */
  purity_chance: number;
  nmi: number;
  ari: number;
}

export interface H2SlicesResult {
  /** the verdict is made on macro purity above chance (purity − its shuffled-label mean), paired over seeds */
  statistic: "purity_above_chance";
  per_seed: { seed: number; static: SliceRecovery | null; induced: SliceRecovery | null }[];
  means: { static: { purity: number; purity_chance: number; nmi: number; ari: number }; induced: { purity: number; purity_chance: number; nmi: number; ari: number } };
  n_seeds: number;
  diff_mean: number;
  ci: { lo: number; hi: number; n_boot: number; alpha: number };
  verdict: Verdict;
  reasoning: string;
}

/** Cluster one slice's failures at k (fixed) and score the clusters against structure_id; null when undefined. */
export function sliceRecovery(failures: readonly Failure[], k: number, seed: number, models: readonly string[]): SliceRecovery | null {
  if (failures.length < 2 || failures.some((f) => f.item.structure_id === undefined)) return null;
  const d = discover(failures, { k: Math.max(1, k), seed, shrinkK: true, models });
  if (d.status !== "ok") return null;
  const truth = failures.map((f) => f.item.structure_id as string);
  const rng = createRng(deriveSeed(seed, "h2-slices/chance"));
  const chance: number[] = [];
  for (let r = 0; r < 20; r++) chance.push(purity(d.labels, shuffle(truth, rng)));
  return { n_failures: failures.length, k: d.k, purity: purity(d.labels, truth), purity_chance: mean(chance), nmi: normalizedMutualInfo(d.labels, truth), ari: adjustedRandIndex(d.labels, truth) };
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "–");
const signed = (x: number) => (Number.isFinite(x) ? (x >= 0 ? "+" : "") + x.toFixed(3) : "–");

/**
 * The seed's H2, in the harness: does an induced benchmark recover `structure_id` more faithfully
 * than a static one of equal budget? Per seed, the scored models' failures on each slice are
 * clustered at the seed's induction k and scored by macro purity against structure_id; the
 * statistic is purity above chance (minus the mean purity of the same clusters against shuffled
 * labels, which rises as a slice's failures fall on fewer ids), paired by seed, with a percentile
 * bootstrap CI over seeds. `supported` when the CI lies above 0, `not supported` below, else
 * `inconclusive`; `no verdict` with fewer than two seeds where both slices have clusters, or
 * below {@link MIN_N_BOOT_FOR_VERDICT} replicates.
 */
export function h2Slices(
  perSeed: readonly { seed: number; static: SliceRecovery | null; induced: SliceRecovery | null }[],
  opts: { nBoot?: number; alpha?: number; seed?: number; label?: { static: string; induced: string } } = {},
): H2SlicesResult {
  const nBoot = opts.nBoot ?? D.n_boot;
  const alpha = opts.alpha ?? 0.05;
  const label = opts.label ?? { static: "static", induced: "induced" };
  const both = perSeed.filter((s) => s.static && s.induced) as { seed: number; static: SliceRecovery; induced: SliceRecovery }[];
  const diffs = both.map((s) => s.induced.purity - s.induced.purity_chance - (s.static.purity - s.static.purity_chance));
  const diff_mean = diffs.length ? mean(diffs) : Number.NaN;
  const avg = (side: "static" | "induced") => ({
    purity: mean(both.map((s) => s[side].purity)),
    purity_chance: mean(both.map((s) => s[side].purity_chance)),
    nmi: mean(both.map((s) => s[side].nmi)),
    ari: mean(both.map((s) => s[side].ari)),
  });
  let lo = Number.NaN;
  let hi = Number.NaN;
  if (diffs.length >= 2) {
    const rng = createRng(deriveSeed(opts.seed ?? 0, "h2-slices/bootstrap"));
    const reps = new Float64Array(nBoot);
    for (let b = 0; b < nBoot; b++) {
      let a = 0;
      for (let t = 0; t < diffs.length; t++) a += diffs[rng.int(0, diffs.length - 1)] as number;
      reps[b] = a / diffs.length;
    }
    ({ lo, hi } = percentileInterval(reps, alpha));
  }
  let verdict: Verdict;
  let where: string;
  if (nBoot < MIN_N_BOOT_FOR_VERDICT) {
    verdict = "no verdict";
    where = `no verdict: ${nBoot} bootstrap replicates (at least ${MIN_N_BOOT_FOR_VERDICT} are needed)`;
  } else if (diffs.length < 2) {
    verdict = "no verdict";
    where = `no verdict: ${diffs.length} seed(s) where both slices had failures to cluster and structure ids (at least 2 are needed for a CI over seeds)`;
  } else if (lo > 0) {
    verdict = "supported";
    where = `the CI lies above 0: the ${label.induced} slice's failure clusters recover structure_id more faithfully than the ${label.static} slice's`;
  } else if (hi < 0) {
    verdict = "not supported";
    where = `the CI lies below 0: the ${label.static} slice's failure clusters recover structure_id more faithfully`;
  } else {
    verdict = "inconclusive";
    where = "the CI contains 0: this run cannot tell the two slices apart";
  }
  const m = { static: avg("static"), induced: avg("induced") };
  const reasoning =
    `Failure-cluster purity against structure_id: ${label.induced} ${f3(m.induced.purity)} (chance ${f3(m.induced.purity_chance)}, NMI ${f3(m.induced.nmi)}, ARI ${f3(m.induced.ari)}), ` +
    `${label.static} ${f3(m.static.purity)} (chance ${f3(m.static.purity_chance)}, NMI ${f3(m.static.nmi)}, ARI ${f3(m.static.ari)}); ` +
    `mean difference in purity above chance ${signed(diff_mean)} over ${diffs.length} seed(s), ${Math.round((1 - alpha) * 100)}% bootstrap CI over seeds [${signed(lo)}, ${signed(hi)}]: ${where}.`;
  return { statistic: "purity_above_chance", per_seed: [...perSeed], means: m, n_seeds: diffs.length, diff_mean, ci: { lo, hi, n_boot: nBoot, alpha }, verdict, reasoning };
}
