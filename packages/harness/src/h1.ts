import { createRng, deriveSeed, mean, modelSeparation, percentileInterval, separationVarianceParts } from "@fib/stats";

/** Per-model correctness on one slice of one seed: correct[m][i] ∈ {0, 1}. */
export type CorrectnessMatrix = readonly Uint8Array[];

/** "no verdict": the test could not decide by construction (too few bootstrap replicates, no items). */
export type Verdict = "supported" | "not supported" | "inconclusive" | "no verdict";

/** Fewer bootstrap replicates than this give no verdict: the tails of the interval are not estimated. */
export const MIN_N_BOOT_FOR_VERDICT = 200;

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
 * overlap; `method: "seeds"` is there for seeds that share no items.
 * The verdict against a pre-registered minimum effect δ (default 0, in variance units):
 * `supported` when the CI lies above δ, `not supported` when it lies below, `inconclusive` when
 * it contains δ, and `no verdict` below {@link MIN_N_BOOT_FOR_VERDICT} replicates.
 * Calibration: `h1.calibration.test.ts` (false-positive rate under equal capability, power on a
 * capability ladder) and `fib calibrate` for a run's own configuration.
 */
export function h1Test(
  perSeed: readonly { static: CorrectnessMatrix; induced: CorrectnessMatrix }[],
  opts: { nBoot?: number; alpha?: number; seed?: number; delta?: number; note?: string; label?: string; method?: "seeds" | "two-level" } = {},
): H1Result {
  const nBoot = opts.nBoot ?? 1000;
  const alpha = opts.alpha ?? 0.05;
  const delta = opts.delta ?? 0;
  const vStatic = perSeed.map((s) => debiasedVarianceOf(s.static));
  const vInduced = perSeed.map((s) => debiasedVarianceOf(s.induced));
  const per_seed_diff = vInduced.map((v, i) => v - (vStatic[i] as number));
  const diff_mean = mean(per_seed_diff);
  const raw_S_diff_mean = mean(perSeed.map((s) => separationOf(s.induced) - separationOf(s.static)));
  const S_debiased = { static: Math.sqrt(Math.max(0, mean(vStatic))), induced: Math.sqrt(Math.max(0, mean(vInduced))) };
  const rng = createRng(deriveSeed(opts.seed ?? 0, "h1/bootstrap"));
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
  const biases = perSeed.map((s) => bias(s.induced) - bias(s.static));
  const draw = (m: CorrectnessMatrix) => {
    const n = m[0]?.length ?? 0;
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = rng.int(0, n - 1);
    return debiasedVarianceOf(m, idx);
  };
  const method: H1Result["method"] = opts.method ?? "two-level";
  for (let b = 0; b < nBoot; b++) {
    let acc = 0;
    for (let t = 0; t < S; t++) {
      const pick = rng.int(0, S - 1);
      if (method === "seeds") {
        acc += per_seed_diff[pick] as number;
        continue;
      }
      const s = perSeed[pick] as (typeof perSeed)[number];
      acc += draw(s.induced) - draw(s.static) - (biases[pick] as number);
    }
    reps[b] = acc / S;
    if ((reps[b] as number) <= delta) le++;
  }
  const { lo, hi } = S > 0 ? percentileInterval(reps, alpha) : { lo: Number.NaN, hi: Number.NaN };
  let verdict: Verdict;
  let where: string;
  const pct = `${Math.round((1 - alpha) * 100)}%`;
  const what = opts.label ?? "the induced benchmark";
  if (nBoot < MIN_N_BOOT_FOR_VERDICT) {
    verdict = "no verdict";
    where = `gives no verdict: ${nBoot} bootstrap replicates cannot place a ${pct} interval's tails (at least ${MIN_N_BOOT_FOR_VERDICT} are needed; 1000 is the default)`;
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
  const reasoning =
    `Mean ΔV = V̂(induced) − V̂(static) = ${signed(diff_mean)} over ${S} seed(s), V̂ the between-model variance of accuracy with its sampling-noise floor removed ` +
    `(debiased S: static ${S_debiased.static.toFixed(3)}, induced ${S_debiased.induced.toFixed(3)}; raw ΔS ${signed(raw_S_diff_mean, 3)}); ` +
    `${pct} paired bootstrap CI [${signed(lo)}, ${signed(hi)}] (${nBoot} replicates ${method === "seeds" ? "over whole seeds" : "over seeds and the items within them, which errs wide"}) ${where}.${opts.note ? ` ${opts.note}` : ""}`;
  return { statistic: "S2_debiased", diff_mean, per_seed_diff, raw_S_diff_mean, S_debiased, ci: { lo, hi, n_boot: nBoot, alpha }, method, p_le_delta: le / nBoot, delta, verdict, reasoning };
}
