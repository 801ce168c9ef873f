import type { ResponseMatrix } from "./matrix.js";
import { type ItemParameters, sigmoid } from "./probability.js";

export interface AbilityEstimate {
  id: string;
  /** the posterior mode of θ (prior N(0, 1)) given the fitted items */
  theta: number;
  /** 1 / √(test information at θ + 1): the posterior SD's normal approximation */
  se: number;
  n_answered: number;
  n_correct: number;
}

/** θ's posterior mode and standard error for one person's responses (1 / 0 / −1 not answered) to `items`. */
export function abilityFromResponses(items: readonly ItemParameters[], responses: ArrayLike<number>): { theta: number; se: number } {
  let theta = 0;
  let info = 1;
  for (let step = 0; step < 50; step++) {
    let g = -theta;
    let h = 1;
    for (let i = 0; i < items.length; i++) {
      const x = responses[i] as number;
      if (x < 0) continue;
      const it = items[i] as ItemParameters;
      const p = sigmoid(it.a * theta + it.c);
      g += it.a * (x - p);
      h += it.a * it.a * p * (1 - p);
    }
    info = h;
    const d = Math.max(-1, Math.min(1, g / h));
    theta += d;
    if (Math.abs(d) < 1e-9) break;
  }
  return { theta, se: 1 / Math.sqrt(info) };
}

/** Every person's θ (posterior mode) and standard error given fitted items. */
export function estimateAbilities(items: readonly ItemParameters[], m: ResponseMatrix): AbilityEstimate[] {
  const I = m.items.length;
  return m.persons.map((id, p) => {
    const row = m.data.subarray(p * I, (p + 1) * I);
    let na = 0;
    let nc = 0;
    for (const x of row) {
      if (x >= 0) na++;
      if (x === 1) nc++;
    }
    return { id, ...abilityFromResponses(items, row), n_answered: na, n_correct: nc };
  });
}
