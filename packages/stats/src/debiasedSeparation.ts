/**
 * Model separation without a noise floor.
 *
 * `model_separation_S` (the population std of observed per-model accuracies) is biased
 * upward: with M models that are equally capable on every item, S² still has expectation
 * (1/n²) Σ_i (M−1)/M · p_i(1 − p_i) — the sampling noise of the accuracies — and that floor
 * rises as items move toward 50 % accuracy. The debiased statistic subtracts the mean S²
 * would have if, on each item, the M answers were dealt to the models at random (the
 * within-item permutation null):
 *
 *   V̂ = S² − (1/n²) Σ_i q_i (1 − q_i),     q_i = share of the M models right on item i.
 *
 * Under equal capability (p_ji = p_i for every model j) E[V̂] = 0 exactly; in general
 * E[V̂] = Var_j(P_j) − (1/n²) Σ_i Var_j(p_ji), the between-model variance of true accuracy
 * P_j = (1/n) Σ_i p_ji minus a non-negative O(1/n) term, so it never inflates separation.
 * See docs/metrics.md for the derivation.
 */

export interface DebiasedSeparation {
  /** observed S (population std of per-model accuracy) */
  S: number;
  /** E[S²] under the within-item permutation null: the noise floor of S² */
  noise_floor_S2: number;
  /** V̂ = S² − noise floor: unbiased for 0 under equal capability (may be negative) */
  S2_debiased: number;
  /** √max(0, V̂): on the scale of S, for reading (not unbiased itself) */
  S_debiased: number;
  n_items: number;
  n_models: number;
}

/**
 * Debiased separation of a correctness matrix: `correct[m][i]` ∈ {0, 1} for model m on item i
 * (every model answered every item). `idx` selects items (with repetition, for bootstraps).
 * NaN fields for no items or no models.
 */
export function debiasedSeparation(correct: readonly ArrayLike<number>[], idx?: ArrayLike<number>): DebiasedSeparation {
  const m = correct.length;
  const n = idx ? idx.length : (correct[0]?.length ?? 0);
  if (m === 0 || n === 0) {
    return { S: Number.NaN, noise_floor_S2: Number.NaN, S2_debiased: Number.NaN, S_debiased: Number.NaN, n_items: n, n_models: m };
  }
  const v = separationVarianceParts(correct, idx);
  const S2d = v.S2 - v.floor;
  return { S: Math.sqrt(v.S2), noise_floor_S2: v.floor, S2_debiased: S2d, S_debiased: Math.sqrt(Math.max(0, S2d)), n_items: n, n_models: m };
}

/** S² and its permutation-null mean in one pass over the selected items; the hot path of H1's bootstrap. */
export function separationVarianceParts(correct: readonly ArrayLike<number>[], idx?: ArrayLike<number>): { S2: number; floor: number } {
  const m = correct.length;
  const n = idx ? idx.length : (correct[0]?.length ?? 0);
  if (m === 0 || n === 0) return { S2: Number.NaN, floor: Number.NaN };
  const sums = new Float64Array(m);
  let floor = 0;
  for (let t = 0; t < n; t++) {
    const i = idx ? (idx[t] as number) : t;
    let c = 0;
    for (let j = 0; j < m; j++) {
      const x = (correct[j] as ArrayLike<number>)[i] as number;
      c += x;
      sums[j] = (sums[j] as number) + x;
    }
    const q = c / m;
    floor += q * (1 - q);
  }
  let mean = 0;
  for (let j = 0; j < m; j++) mean += (sums[j] as number) / n;
  mean /= m;
  let ss = 0;
  for (let j = 0; j < m; j++) ss += ((sums[j] as number) / n - mean) ** 2;
  return { S2: ss / m, floor: floor / (n * n) };
}

/** V̂ alone (see {@link debiasedSeparation}). */
export function separationDebiasedVariance(correct: readonly ArrayLike<number>[], idx?: ArrayLike<number>): number {
  const v = separationVarianceParts(correct, idx);
  return v.S2 - v.floor;
}
