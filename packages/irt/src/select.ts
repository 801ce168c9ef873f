import { FibError } from "@fib/schemas";
import { createRng, deriveSeed, sampleIndices } from "@fib/stats";
import { abilityFromResponses, estimateAbilities } from "./abilities.js";
import { type FitOptions, fitIrt } from "./fit.js";
import { type ResponseMatrix, withoutPersons } from "./matrix.js";
import { type ItemParameters, itemInformation, probability } from "./probability.js";

/**
 * `n` anchor items chosen greedily to maximise Σ_p log(1 + I_S(θ_p)): the information the chosen set S
 * carries at each of the population's abilities, with diminishing returns where a person is already
 * measured well — so the anchors spread over the abilities instead of piling up at one. Ties go to the
 * lower index (deterministic).
 */
export function selectAnchors(items: readonly ItemParameters[], thetas: readonly number[], n: number): number[] {
  const I = items.length;
  const P = thetas.length;
  if (!Number.isInteger(n) || n < 1 || n > I) throw new FibError("USAGE", `n must be an integer from 1 to ${I} (the items), got ${n}`, { field: "n" });
  const info = new Float64Array(I * P);
  for (let i = 0; i < I; i++) for (let p = 0; p < P; p++) info[i * P + p] = itemInformation(items[i] as ItemParameters, thetas[p] as number);
  const have = new Float64Array(P);
  const taken = new Uint8Array(I);
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    let best = -1;
    let bestGain = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < I; i++) {
      if (taken[i]) continue;
      let gain = 0;
      for (let p = 0; p < P; p++) gain += Math.log1p((have[p] as number) + (info[i * P + p] as number)) - Math.log1p(have[p] as number);
      if (gain > bestGain) {
        bestGain = gain;
        best = i;
      }
    }
    taken[best] = 1;
    out.push(best);
    for (let p = 0; p < P; p++) have[p] = (have[p] as number) + (info[best * P + p] as number);
  }
  return out;
}

/**
 * `n` anchors by strata of predicted difficulty: the items sorted by their mean P(correct) over the
 * population's abilities, cut into n equal strata, one item drawn from each (seeded). A person's accuracy is
 * then the mean of its anchor answers, each standing for its stratum — stratification removes the variance
 * between difficulty levels that a random subset carries.
 */
export function strataAnchors(items: readonly ItemParameters[], thetas: readonly number[], n: number, seed: number): number[] {
  const I = items.length;
  if (!Number.isInteger(n) || n < 1 || n > I) throw new FibError("USAGE", `n must be an integer from 1 to ${I} (the items), got ${n}`, { field: "n" });
  const pbar = items.map((it) => thetas.reduce((s, t) => s + probability(it, t), 0) / Math.max(1, thetas.length));
  const order = pbar
    .map((p, i) => [p, i] as const)
    .sort((x, y) => x[0] - y[0] || x[1] - y[1])
    .map(([, i]) => i);
  const rng = createRng(seed, "irt/strata");
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const lo = Math.floor((k * I) / n);
    const hi = Math.floor(((k + 1) * I) / n);
    out.push(order[lo + Math.floor(rng.float() * (hi - lo))] as number);
  }
  return out;
}

export type AnchorMethod = "strata" | "information";
export const ANCHOR_METHODS: readonly AnchorMethod[] = ["strata", "information"];

/** Anchors by `method`: strata of predicted difficulty (default), or greedy information at the abilities. */
export function chooseAnchors(method: AnchorMethod, items: readonly ItemParameters[], thetas: readonly number[], n: number, seed: number): number[] {
  return method === "information" ? selectAnchors(items, thetas, n) : strataAnchors(items, thetas, n, seed);
}

/** A person's accuracy from its anchors: the strata mean (strata), or θ from the anchors and the model for the rest (information). */
export function anchorEstimate(method: AnchorMethod, items: readonly ItemParameters[], anchors: readonly number[], row: ArrayLike<number>): number {
  if (method === "information") return estimateAccuracy(items, anchors, row).accuracy;
  return shareCorrect(row, anchors);
}

/**
 * A person's accuracy over every answered item, estimated from the anchors alone: θ from the anchor
 * responses, then the observed anchors plus P(correct | θ) for every other answered item.
 */
export function estimateAccuracy(items: readonly ItemParameters[], anchors: readonly number[], row: ArrayLike<number>): { theta: number; se: number; accuracy: number } {
  const sub = anchors.map((i) => items[i] as ItemParameters);
  const { theta, se } = abilityFromResponses(
    sub,
    anchors.map((i) => row[i] as number),
  );
  const isAnchor = new Set(anchors);
  let total = 0;
  let n = 0;
  for (let i = 0; i < items.length; i++) {
    const x = row[i] as number;
    if (x < 0) continue;
    n++;
    total += isAnchor.has(i) ? x : probability(items[i] as ItemParameters, theta);
  }
  return { theta, se, accuracy: n ? total / n : 0 };
}

export interface AnchorEvaluationRow {
  id: string;
  /** share correct over every item the person answered */
  accuracy: number;
  /** estimated from n anchors chosen on the other persons' fit */
  irt_estimate: number;
  irt_error: number;
  /** mean absolute error of a random n-item subset's share correct, over `draws` draws */
  random_error: number;
}

export interface AnchorEvaluation {
  n: number;
  method: AnchorMethod;
  draws: number;
  model: FitOptions["model"];
  rows: AnchorEvaluationRow[];
  irt_mean_error: number;
  random_mean_error: number;
}

/**
 * How well n anchors estimate each person's full accuracy, leaving that person out: the items are fitted on
 * the others, anchors chosen at the others' abilities (by `method`), and the person's accuracy estimated from
 * its anchor answers; against the share correct of random n-item subsets (mean absolute error over `draws`).
 */
export function anchorEvaluation(
  m: ResponseMatrix,
  o: { n: number; method?: AnchorMethod; draws?: number; seed?: number; fit?: FitOptions; onPerson?: (done: number, total: number) => void },
): AnchorEvaluation {
  const method = o.method ?? "strata";
  const I = m.items.length;
  const draws = o.draws ?? 20;
  const seed = o.seed ?? 0;
  if (m.persons.length < 3) throw new FibError("INPUT_INVALID", `leave-one-out needs at least 3 persons (models), got ${m.persons.length}`, { field: "responses" });
  const rows = m.persons.map((id, j) => {
    const row = m.data.subarray(j * I, (j + 1) * I);
    const train = withoutPersons(m, new Set([id]));
    const fit = fitIrt(train, o.fit ?? {});
    const thetas = estimateAbilities(fit.items, train).map((a) => a.theta);
    const anchors = chooseAnchors(method, fit.items, thetas, o.n, deriveSeed(seed, `irt/select/anchors/${id}`));
    const est = anchorEstimate(method, fit.items, anchors, row);
    const truth = shareCorrect(row, null);
    let err = 0;
    for (let d = 0; d < draws; d++) {
      const idx = sampleIndices(I, o.n, createRng(deriveSeed(seed, `irt/select/random/${id}/${d}`)));
      err += Math.abs(shareCorrect(row, idx) - truth);
    }
    o.onPerson?.(j + 1, m.persons.length);
    return { id, accuracy: truth, irt_estimate: est, irt_error: Math.abs(est - truth), random_error: err / draws };
  });
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / Math.max(1, xs.length);
  return {
    n: o.n,
    method,
    draws,
    model: o.fit?.model ?? "2pl",
    rows,
    irt_mean_error: mean(rows.map((r) => r.irt_error)),
    random_mean_error: mean(rows.map((r) => r.random_error)),
  };
}

/** Share correct over the answered cells of `row` (all of them, or those at `idx`). */
function shareCorrect(row: ArrayLike<number>, idx: readonly number[] | null): number {
  let k = 0;
  let n = 0;
  const visit = (x: number) => {
    if (x < 0) return;
    n++;
    k += x;
  };
  if (idx) for (const i of idx) visit(row[i] as number);
  else for (let i = 0; i < row.length; i++) visit(row[i] as number);
  return n ? k / n : 0;
}
