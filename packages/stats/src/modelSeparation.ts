import { std } from "./descriptive.js";

/**
 * `model_separation_S`: the population standard deviation (ddof = 0) of per-model
 * accuracy on one slice. Higher means the slice tells the models apart better.
 * One model → 0; no models → `NaN`.
 */
export function modelSeparation(accuracies: ArrayLike<number> | Readonly<Record<string, number>>): number {
  const xs = isArrayLike(accuracies) ? accuracies : Object.values(accuracies);
  return std(xs, 0);
}

function isArrayLike(x: unknown): x is ArrayLike<number> {
  return Array.isArray(x) || ArrayBuffer.isView(x);
}
