import { debiasedVarianceItemMajor, resampler } from "./itemMajor.js";
import { createRng, deriveSeed, extent, kendallTau, mean, modelSeparation, percentileInterval, separationVarianceParts } from "@fib/stats";
import { EXPERIMENT_DEFAULTS as D } from "../experiments/experimentDefaults.js";

/** Per-model correctness on one slice of one seed: correct[m][i] ∈ {0, 1}. */
export type CorrectnessMatrix = readonly Uint8Array[];

/** "no verdict": the test could not decide by construction (too few bootstrap replicates, items or models; no variance at all). */
export type Verdict = "supported" | "not supported" | "inconclusive" | "no verdict";

/** Fewer bootstrap replicates than this give no verdict: the tails of the interval are not estimated. */
export const MIN_N_BOOT_FOR_VERDICT = 200;
/** A seed scoring fewer items than this (after dropping items some model did not answer) gives no verdict: V̂ on a handful of items is all noise floor. */
export const MIN_ITEMS_FOR_VERDICT = 20;

/** One seed's pair of slices. `static_idx`: where the static items sit in the shared pool (`opts.pool`), when seeds draw them from one. */
export interface H1Pair {
  static: CorrectnessMatrix;
  induced: CorrectnessMatrix;
  static_idx?: ArrayLike<number>;
}

/** Do the two slices rank the models alike? Kendall's τ_b between mean per-model accuracies, CI over seeds. */
export interface RankingAgreement {
  kendall_tau: number;
  ci: { lo: number; hi: number };
  /** the CI lies below 1: the induced slice orders the models differently, so part of any rise in separation is a re-ranking */
  reranked: boolean;
  /** the best model on each slice (mean accuracy over seeds) */
  leader: { static: number; induced: number };
}

export interface H1Result {
  /** the statistic the verdict is made on */
  statistic: "S2_debiased";
  /** mean over seeds of V̂(induced) − V̂(static), V̂ the debiased between-model variance of accuracy */
  diff_mean: number;
  per_seed_diff: number[];
  /** the same difference on the raw, noise-floored S (for comparison with earlier reports; not tested) */
  raw_S_diff_mean: number;
  /** √max(0, mean V̂) per slice: debiased separation on the scale of S */
  S_debiased: { static: number; induced: number };
  ci: { lo: number; hi: number; n_boot: number; alpha: number };
  /** "two-level" (default): seeds, then items within each drawn seed (errs wide); "seeds": whole seeds only — valid only when seeds share no items */
  method: "seeds" | "two-level";
  /** the static slices share one pool across seeds and the CI resampled it once per replicate for every seed */
  pool_resampled: boolean;
  /** smallest number of items a seed scored on each side (after dropping unanswered items) */
  n_items_min: { static: number; induced: number };
  n_models: number;
  ranking: RankingAgreement | null;
  /** share of bootstrap replicates with a difference ≤ delta */
  p_le_delta: number;
  /** the minimum effect, in the units of the statistic (variance of accuracy) */
  delta: number;
  verdict: Verdict;
  reasoning: string;
}

/** Raw S (population std of per-model accuracy) of a correctness matrix, over `idx` if given. */
export function separationOf(m: CorrectnessMatrix, idx?: ArrayLike<number>): number {
  const accs = m.map((row) => {
    const n = idx ? idx.length : row.length;
    if (n === 0) return Number.NaN;
    let s = 0;
    if (idx) for (let i = 0; i < n; i++) s += row[idx[i] as number] as number;
    else for (let i = 0; i < n; i++) s += row[i] as number;
    return s / n;
  });
  return modelSeparation(accs);
}

/** V̂ of a correctness matrix (see `debiasedSeparation` in @fib/stats). */
export function debiasedVarianceOf(m: CorrectnessMatrix, idx?: ArrayLike<number>): number {
  const v = separationVarianceParts(m, idx);
  return v.S2 - v.floor;
}

const signed = (x: number, digits = 4) => (x >= 0 ? "+" : "") + x.toFixed(digits);

/**
 * H1's test. Per seed, ΔV = V̂(induced) − V̂(static) at equal budget, where V̂ is the debiased
 * between-model variance of accuracy (S² minus its within-item permutation-null mean, so that
 * E[V̂] = 0 when the models are equally capable, whatever the items' difficulty). The mean over
 * seeds gets a percentile bootstrap CI: each replicate resamples the seeds and, within each
 * drawn seed, the items of both slices (re-centred by the bootstrap's known bias). Seeds redo
 * the split, mining and generation, so the between-seed spread carries the mining step's
 * variance; but their static samples come from one finite pool and share items (and those
 * items' answers), so a bootstrap over whole seeds alone narrows as seeds grow — it called six
 * identical models "not supported" at 60 seeds. Resampling items too counts item noise twice,
 * which errs wide (0 of 200 null populations supported, h1.calibration.test.ts) and covers that
 * overlap within a seed's own items; `method: "seeds"` is there for seeds that share no items.
 * When the seeds' static slices are drawn from one pool (`opts.pool` with each seed's
 * `static_idx`), the pool's own sampling error is shared by every seed and does not average
 * out over seeds: each replicate then draws one bootstrap image of the pool (item j → a random
 * pool item, the same map for every seed) and re-scores every seed's static items through it,
 * re-centred by its exact expectation S²_pool(1 − 1/n). Without it the verdict followed the
 * pool's luck: a generator that ignores the failures was "supported" on one 2000-item build
 * and "not supported" on another (h1.pool.calibration.test.ts).
 * The verdict against a pre-registered minimum effect δ (default 0, in variance units):
 * `supported` when the CI lies above δ, `not supported` when it lies below, `inconclusive` when
 * it contains δ, and `no verdict` below {@link MIN_N_BOOT_FOR_VERDICT} replicates, below
 * {@link MIN_ITEMS_FOR_VERDICT} items in a seed, with fewer than two models, or when no item
 * in any seed separates any two models (zero variance: the CI would be [0, 0]).
 * Calibration: `h1.calibration.test.ts` (false-positive rate under equal capability, power on a
 * capability ladder) and `fib calibrate` for a run's own configuration.
 */
export function h1Test(
  perSeed: readonly H1Pair[],
  opts: { nBoot?: number; alpha?: number; seed?: number; delta?: number; note?: string; label?: string; method?: "seeds" | "two-level"; pool?: CorrectnessMatrix } = {},
): H1Result {
  const nBoot = opts.nBoot ?? D.n_boot;
  const alpha = opts.alpha ?? 0.05;
  const delta = opts.delta ?? 0;
  const vStatic = perSeed.map((s) => debiasedVarianceOf(s.static));
  const vInduced = perSeed.map((s) => debiasedVarianceOf(s.induced));
  const per_seed_diff = vInduced.map((v, i) => v - (vStatic[i] as number));
  const diff_mean = mean(per_seed_diff);
  const raw_S_diff_mean = mean(perSeed.map((s) => separationOf(s.induced) - separationOf(s.static)));
  const S_debiased = { static: Math.sqrt(Math.max(0, mean(vStatic))), induced: Math.sqrt(Math.max(0, mean(vInduced))) };
  const S = perSeed.length;
  const method: H1Result["method"] = opts.method ?? "two-level";
  const pool = opts.pool && perSeed.every((s) => s.static_idx !== undefined) ? opts.pool : null;
  const { reps, le } = bootstrapDiffs(perSeed, { nBoot, seed: opts.seed ?? 0, delta, method, pool, vStatic, perSeedDiff: per_seed_diff });
  const { lo, hi } = S > 0 ? percentileInterval(reps, alpha) : { lo: Number.NaN, hi: Number.NaN };
  const pct = `${Math.round((1 - alpha) * 100)}%`;
  const nModels = S > 0 ? extent(perSeed.map((s) => Math.min(s.static.length, s.induced.length))).min : 0;
  const nMin = (side: "static" | "induced") => (S > 0 ? extent(perSeed.map((s) => s[side][0]?.length ?? 0)).min : 0);
  const n_items_min = { static: nMin("static"), induced: nMin("induced") };
  const { verdict, where } = h1VerdictOf(perSeed, { nBoot, pct, nModels, nItemsMin: Math.min(n_items_min.static, n_items_min.induced), lo, hi, delta, what: opts.label ?? "the induced benchmark" });
  const reasoning =
    `Mean ΔV = V̂(induced) − V̂(static) = ${signed(diff_mean)} over ${S} seed(s), V̂ the between-model variance of accuracy with its sampling-noise floor removed ` +
    `(debiased S: static ${S_debiased.static.toFixed(3)}, induced ${S_debiased.induced.toFixed(3)}; raw ΔS ${signed(raw_S_diff_mean, 3)}); ` +
    `${pct} paired bootstrap CI [${signed(lo)}, ${signed(hi)}] (${nBoot} replicates ${method === "seeds" ? "over whole seeds" : `over seeds and the items within them, which errs wide${pool && method === "two-level" ? ", with the static pool shared by the seeds resampled once per replicate" : ""}`}) ${where}.${opts.note ? ` ${opts.note}` : ""}`;
  const ranking = rankingAgreement(perSeed, { nBoot: Math.min(nBoot, 1000), seed: deriveSeed(opts.seed ?? 0, "h1/ranking"), alpha });
  return {
    statistic: "S2_debiased",
    diff_mean,
    per_seed_diff,
    raw_S_diff_mean,
    S_debiased,
    ci: { lo, hi, n_boot: nBoot, alpha },
    method,
    pool_resampled: pool !== null && method === "two-level",
    n_items_min,
    n_models: Number.isFinite(nModels) ? nModels : 0,
    ranking,
    p_le_delta: le / nBoot,
    delta,
    verdict,
    reasoning: ranking && verdict === "supported" ? `${reasoning} ${rankingWords(ranking)}` : reasoning,
  };
}

/** The paired bootstrap of ΔV (see h1Test): replicates, and how many lie at or below δ. The random stream's order is the verdict's: do not reorder. */
function bootstrapDiffs(
  perSeed: readonly H1Pair[],
  o: { nBoot: number; seed: number; delta: number; method: H1Result["method"]; pool: CorrectnessMatrix | null; vStatic: readonly number[]; perSeedDiff: readonly number[] },
): { reps: Float64Array; le: number } {
  const { nBoot, delta, method, pool, vStatic } = o;
  const per_seed_diff = o.perSeedDiff;
  const rng = createRng(deriveSeed(o.seed, "h1/bootstrap"));
  const reps = new Float64Array(nBoot);
  const S = perSeed.length;
  let le = 0;
  // Resampling items adds a second dose of sampling noise: E*[V̂*] = S²(1 − 1/n), not V̂. Each
  // replicate is re-centred by that known bootstrap bias, floor − S²/n, per slice and seed.
  const bias = (m: CorrectnessMatrix) => {
    const n = m[0]?.length ?? 0;
    const v = separationVarianceParts(m);
    return n > 0 ? v.floor - v.S2 / n : 0;
  };
  const biasInduced = perSeed.map((s) => bias(s.induced));
  const biasStatic = perSeed.map((s) => bias(s.static));
  const { formOf, draw } = resampler(rng);
  const N = pool?.[0]?.length ?? 0;
  const poolS2 = pool ? separationVarianceParts(pool).S2 : 0;
  const image = new Int32Array(N);
  const mapped = perSeed.map((s) => new Int32Array(s.static_idx?.length ?? 0));
  // through the pool's bootstrap image, a seed's n static items are n independent draws from the pool: E[V̂] = S²_pool(1 − 1/n)
  const poolBias = perSeed.map((s, i) => {
    const n = s.static_idx?.length ?? 0;
    return n > 0 ? poolS2 * (1 - 1 / n) - (vStatic[i] as number) : 0;
  });
  for (let b = 0; b < nBoot; b++) {
    let acc = 0;
    if (pool && method === "two-level") for (let j = 0; j < N; j++) image[j] = rng.int(0, N - 1);
    for (let t = 0; t < S; t++) {
      const pick = rng.int(0, S - 1);
      if (method === "seeds") {
        acc += per_seed_diff[pick] as number;
        continue;
      }
      const s = perSeed[pick] as (typeof perSeed)[number];
      const ind = draw(s.induced) - (biasInduced[pick] as number);
      if (pool) {
        const idx = s.static_idx as ArrayLike<number>;
        const m = mapped[pick] as Int32Array;
        for (let i = 0; i < m.length; i++) m[i] = image[idx[i] as number] as number;
        acc += ind - (debiasedVarianceItemMajor(formOf(pool), m) - (poolBias[pick] as number));
      } else acc += ind - (draw(s.static) - (biasStatic[pick] as number));
    }
    reps[b] = acc / S;
    if ((reps[b] as number) <= delta) le++;
  }
  return { reps, le };
}

/** H1's verdict and the words that say why, from the CI and the checks that withhold one. */
function h1VerdictOf(
  perSeed: readonly H1Pair[],
  o: { nBoot: number; pct: string; nModels: number; nItemsMin: number; lo: number; hi: number; delta: number; what: string },
): { verdict: Verdict; where: string } {
  const { nBoot, pct, nModels, lo, hi, delta, what } = o;
  const S = perSeed.length;
  // no item in any seed on which two models disagree: every V̂ and every replicate is exactly 0
  const flat = (m: CorrectnessMatrix) => (m[0] ?? []).every((_, i) => m.every((row) => row[i] === (m[0] as Uint8Array)[i]));
  const zeroVariance = S > 0 && perSeed.every((s) => flat(s.static) && flat(s.induced));
  let verdict: Verdict;
  let where: string;
  if (nBoot < MIN_N_BOOT_FOR_VERDICT) {
    verdict = "no verdict";
    where = `gives no verdict: ${nBoot} bootstrap replicates cannot place a ${pct} interval's tails (at least ${MIN_N_BOOT_FOR_VERDICT} are needed; 1000 is the default)`;
  } else if (S === 0 || nModels < 2) {
    verdict = "no verdict";
    where = `gives no verdict: separation needs at least two models answering (${S === 0 ? "no seeds" : `${nModels} model(s)`})`;
  } else if (o.nItemsMin < MIN_ITEMS_FOR_VERDICT) {
    verdict = "no verdict";
    where = `gives no verdict: a seed scored only ${o.nItemsMin} item(s) every model answered (at least ${MIN_ITEMS_FOR_VERDICT} are needed per slice and seed)`;
  } else if (zeroVariance) {
    verdict = "no verdict";
    where = "gives no verdict: on every item of every seed all models answered alike (all right or all wrong), so neither slice separates anything";
  } else if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    verdict = "no verdict";
    where = "is undefined (no items or fewer than two models in some seed)";
  } else if (lo > delta) {
    verdict = "supported";
    where = `lies above δ = ${delta}: ${what} separates the models more than the static one at equal budget, beyond what sampling noise gives equally capable models`;
  } else if (hi < delta) {
    verdict = "not supported";
    where = `lies below δ = ${delta}: at equal budget the static benchmark separates the models at least as well`;
  } else {
    verdict = "inconclusive";
    where = `contains δ = ${delta}: this run cannot tell the two benchmarks apart; more seeds, a larger budget or models that differ more would narrow it`;
  }
  return { verdict, where };
}

const accuracies = (m: CorrectnessMatrix) => m.map((row) => (row.length ? row.reduce((a, b) => a + b, 0) / row.length : Number.NaN));

/**
 * Kendall's τ_b between the models' mean accuracies on the static and the induced slices, with a
 * percentile CI over seeds (resampled whole). Null with fewer than three models (τ of two is ±1
 * and says little) or when either ranking is all ties.
 */
export function rankingAgreement(perSeed: readonly H1Pair[], opts: { nBoot?: number; seed?: number; alpha?: number } = {}): RankingAgreement | null {
  const S = perSeed.length;
  const M = perSeed[0]?.static.length ?? 0;
  if (S === 0 || M < 3 || perSeed.some((s) => s.static.length !== M || s.induced.length !== M)) return null;
  const st = perSeed.map((s) => accuracies(s.static));
  const ind = perSeed.map((s) => accuracies(s.induced));
  const meanOver = (rows: number[][], pick: ArrayLike<number>) =>
    Array.from({ length: M }, (_, j) => {
      let a = 0;
      for (let t = 0; t < pick.length; t++) a += (rows[pick[t] as number] as number[])[j] as number;
      return a / pick.length;
    });
  const all = Array.from({ length: S }, (_, i) => i);
  const ms = meanOver(st, all);
  const mi = meanOver(ind, all);
  const tau = kendallTau(ms, mi);
  if (!Number.isFinite(tau)) return null;
  const rng = createRng(opts.seed ?? 0, "h1/ranking");
  const nBoot = opts.nBoot ?? D.n_boot;
  const reps: number[] = [];
  const pick = new Int32Array(S);
  for (let b = 0; b < nBoot; b++) {
    for (let t = 0; t < S; t++) pick[t] = rng.int(0, S - 1);
    const v = kendallTau(meanOver(st, pick), meanOver(ind, pick));
    if (Number.isFinite(v)) reps.push(v);
  }
  const { lo, hi } = reps.length ? percentileInterval(Float64Array.from(reps), opts.alpha ?? 0.05) : { lo: Number.NaN, hi: Number.NaN };
  const argmax = (xs: number[]) => xs.reduce((b, x, i) => (x > (xs[b] as number) ? i : b), 0);
  return { kendall_tau: tau, ci: { lo, hi }, reranked: Number.isFinite(hi) && hi < 1, leader: { static: argmax(ms), induced: argmax(mi) } };
}

function rankingWords(r: RankingAgreement): string {
  const tau = `Kendall τ between the two slices' model rankings ${r.kendall_tau.toFixed(2)} (95% CI ${r.ci.lo.toFixed(2)}–${r.ci.hi.toFixed(2)})`;
  return r.reranked
    ? `${tau}: the induced slice ranks the models differently${r.leader.static !== r.leader.induced ? " (another model leads)" : ""}, so separation rose at least partly by re-weighting some models' weaknesses rather than by spreading the same ranking further.`
    : `${tau}: the ranking is preserved.`;
}

/** The headline H1: induced beats static and the failure-blind control. */
export interface CreditedH1 {
  verdict: Verdict;
  /** which comparison decided: both tests agreeing, or the one that blocked "supported" */
  decided_by: "static and blind" | "static" | "blind" | "no blind control";
  reasoning: string;
}

/**
 * The headline H1 verdict, crediting the failures: `supported` only when the induced slice
 * separates the models more than the static slice AND more than the failure-blind control
 * (the same generator given the profile of every induction item, failed or not) — an
 * intersection–union test, valid at the level of each without correction. `not supported`
 * when either comparison lies below δ, `no verdict` when either gives none, else
 * `inconclusive`. Without a blind control (a run made before it existed) the static
 * comparison decides alone and says so.
 */
export function creditedH1(vsStatic: H1Result, vsBlind: H1Result | null): CreditedH1 {
  if (!vsBlind) return { verdict: vsStatic.verdict, decided_by: "no blind control", reasoning: `Against static only (no failure-blind control in this run): ${vsStatic.verdict}.` };
  const a = vsStatic.verdict;
  const b = vsBlind.verdict;
  const both = `against static ${a} (ΔV ${signed(vsStatic.diff_mean)} [${signed(vsStatic.ci.lo)}, ${signed(vsStatic.ci.hi)}]), against the failure-blind control ${b} (ΔV ${signed(vsBlind.diff_mean)} [${signed(vsBlind.ci.lo)}, ${signed(vsBlind.ci.hi)}])`;
  if (a === "supported" && b === "supported")
    return {
      verdict: "supported",
      decided_by: "static and blind",
      reasoning: `The induced benchmark separates the models more than the static one and more than fresh items from the same design space drawn without the failures: ${both}. The failures contributed.`,
    };
  const order: Verdict[] = ["no verdict", "not supported", "inconclusive"];
  for (const v of order) {
    if (a !== v && b !== v) continue;
    const by = a === v && b === v ? "static and blind" : a === v ? "static" : "blind";
    const why =
      by === "blind" && a === "supported"
        ? "It beats the static benchmark, but so would items drawn from the same design space without looking at the failures: the gain over static is not credited to the failures."
        : by === "static"
          ? "The comparison with the static benchmark decides it."
          : `Both comparisons are ${v}.`;
    return { verdict: v, decided_by: by, reasoning: `${why} ${both}.` };
  }
  return { verdict: "inconclusive", decided_by: "static and blind", reasoning: both };
}
