import type { Predictor } from "@fib/models";
import { canonicalJson } from "./prereg.js";

/**
 * What a model is, apart from what it was called: its description without the id, in canonical
 * JSON. Two specs that resolve to the same model (another spelling, another order in a list)
 * have the same identity; `sim:shallow?seed=1` and `?seed=2` do not.
 */
export function modelIdentity(p: Predictor): string {
  const { id: _id, ...rest } = p.describe();
  return canonicalJson(rest);
}

/** The scored models that are also inducing models, by identity: a held-out induction has none. */
export function sharedModels(scored: readonly Predictor[], inducers: readonly Predictor[]): string[] {
  const ind = new Set(inducers.map(modelIdentity));
  return scored.filter((p) => ind.has(modelIdentity(p))).map((p) => p.id);
}
