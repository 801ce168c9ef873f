import { type AbilityEstimate, estimateAbilities } from "./abilities.js";
import { type FitOptions, fitIrt, type IrtModel, type IrtPriors } from "./fit.js";
import { type ItemFlag, type ItemStatistics, itemStatistics } from "./itemFit.js";
import type { ResponseMatrix } from "./matrix.js";
import { testInformation } from "./probability.js";

/** Everything `fib irt` reports on a response matrix: plain, JSON-serialisable data. */
export interface IrtAnalysis {
  kind: "irt";
  model: IrtModel;
  n_persons: number;
  n_items: number;
  /** the share of person × item cells answered */
  answered_share: number;
  loglik: number;
  iterations: number;
  converged: boolean;
  quadrature: { points: number; range: number };
  priors: IrtPriors;
  abilities: AbilityEstimate[];
  items: ItemStatistics[];
  /** test information over a θ grid (−4 … 4) */
  information: { theta: number[]; test: number[] };
  flagged: Record<ItemFlag, number>;
}

export const INFORMATION_GRID: readonly number[] = Array.from({ length: 33 }, (_, k) => -4 + k * 0.25);

/** Fit, then abilities, item statistics and test information: the one call behind `fib irt`. */
export function analyseIrt(m: ResponseMatrix, o: FitOptions = {}): IrtAnalysis {
  const fit = fitIrt(m, o);
  const abilities = estimateAbilities(fit.items, m);
  const items = itemStatistics(
    fit.items,
    m,
    abilities.map((a) => a.theta),
    fit.model,
  );
  let answered = 0;
  for (const x of m.data) if (x >= 0) answered++;
  const flagged: Record<ItemFlag, number> = { negative_discrimination: 0, no_variance: 0, misfit: 0 };
  for (const it of items) for (const f of it.flags) flagged[f]++;
  return {
    kind: "irt",
    model: fit.model,
    n_persons: m.persons.length,
    n_items: m.items.length,
    answered_share: m.data.length ? answered / m.data.length : 0,
    loglik: fit.loglik,
    iterations: fit.iterations,
    converged: fit.converged,
    quadrature: fit.quadrature,
    priors: fit.priors,
    abilities,
    items,
    information: { theta: [...INFORMATION_GRID], test: INFORMATION_GRID.map((t) => testInformation(fit.items, t)) },
    flagged,
  };
}
