import { createRng, deriveSeed, mean, modelSeparation, percentileInterval } from "@fib/stats";

/** Per-model correctness on one slice of one seed: correct[m][i] ∈ {0, 1}. */
export type CorrectnessMatrix = readonly Uint8Array[];

export type Verdict = "supported" | "not supported" | "inconclusive";

export interface H1Result {
  /** mean over seeds of S(induced) − S(static) */
  diff_mean: number;
  per_seed_diff: number[];
  ci: { lo: number; hi: number; n_boot: number; alpha: number };
  /** share of bootstrap replicates with a difference ≤ delta */
  p_le_delta: number;
  delta: number;
  verdict: Verdict;
  reasoning: string;
}

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

/**
 * H1's test: per seed, ΔS = S(induced) − S(static) at equal budget; the mean over seeds with a
 * two-level paired bootstrap CI — each replicate resamples the seeds, and within each drawn
 * seed the items of both slices (one draw of seeds shared by both slices, so seed-level
 * variation is paired). The verdict against a pre-registered minimum effect δ (default 0):
 * `supported` when the CI lies above δ, `not supported` when it lies below δ, `inconclusive`
 * when it contains δ.
 */
export function h1Test(
  perSeed: readonly { static: CorrectnessMatrix; induced: CorrectnessMatrix }[],
  opts: { nBoot?: number; alpha?: number; seed?: number; delta?: number; note?: string } = {},
): H1Result {
  const nBoot = opts.nBoot ?? 1000;
  const alpha = opts.alpha ?? 0.05;
  const delta = opts.delta ?? 0;
  const per_seed_diff = perSeed.map((s) => separationOf(s.induced) - separationOf(s.static));
  const diff_mean = mean(per_seed_diff);
  const rng = createRng(deriveSeed(opts.seed ?? 0, "h1/bootstrap"));
  const reps = new Float64Array(nBoot);
  const S = perSeed.length;
  let le = 0;
  for (let b = 0; b < nBoot; b++) {
    let acc = 0;
    for (let t = 0; t < S; t++) {
      const s = perSeed[rng.int(0, S - 1)] as (typeof perSeed)[number];
      const draw = (m: CorrectnessMatrix) => {
        const n = m[0]?.length ?? 0;
        const idx = new Int32Array(n);
        for (let i = 0; i < n; i++) idx[i] = rng.int(0, n - 1);
        return separationOf(m, idx);
      };
      acc += draw(s.induced) - draw(s.static);
    }
    reps[b] = acc / S;
    if (reps[b]! <= delta) le++;
  }
  const { lo, hi } = percentileInterval(reps, alpha);
  let verdict: Verdict;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) verdict = "inconclusive";
  else if (lo > delta) verdict = "supported";
  else if (hi < delta) verdict = "not supported";
  else verdict = "inconclusive";
  const pct = `${Math.round((1 - alpha) * 100)}%`;
  const f = (x: number) => (x >= 0 ? "+" : "") + x.toFixed(3);
  const where =
    verdict === "supported"
      ? `lies above δ = ${delta}: the induced benchmark separates the models more than the static one at equal budget`
      : verdict === "not supported"
        ? `lies below δ = ${delta}: at equal budget the static benchmark separates the models at least as well; H1 is not supported by this run`
        : `contains δ = ${delta}: this run cannot tell the two benchmarks apart; more seeds, a larger budget or more diverse models would narrow it`;
  const reasoning = `Mean ΔS = S(induced) − S(static) = ${f(diff_mean)} over ${S} seed(s); ${pct} paired bootstrap CI [${f(lo)}, ${f(hi)}] (${nBoot} replicates over seeds and items) ${where}.${opts.note ? ` ${opts.note}` : ""}`;
  return { diff_mean, per_seed_diff, ci: { lo, hi, n_boot: nBoot, alpha }, p_le_delta: le / nBoot, delta, verdict, reasoning };
}
