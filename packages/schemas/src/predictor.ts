import { FibError } from "./errors.js";
import type { Item } from "./item.js";
import type { Prediction } from "./records.js";

/**
 * The predictor contract (f_θ), here so that code which only calls predictors (the evaluator, a
 * user's harness) needs no adapter package. Adapters live in @fib/models and @fib/llama.
 */

export interface PredictContext {
  signal?: AbortSignal;
}

/** A JSON description of a predictor, recorded in provenance. Never holds a secret. */
export type PredictorDescription = { id: string; kind: string } & Record<string, unknown>;

/**
 * `f_θ`: anything that answers items. `predict` returns one prediction per item, in the
 * items' order; an item it cannot answer gets `answer: null` and an `error`, and a
 * predictor may also throw (the evaluator then retries items one by one and records the
 * ones that still throw as errored).
 */
export interface Predictor {
  readonly id: string;
  describe(): PredictorDescription;
  predict(items: readonly Item[], ctx?: PredictContext): Promise<Prediction[]>;
  /** optional readiness check (a server answers, a worker started); throws a FibError when not */
  ready?(): Promise<void>;
  /** true when predict() runs the readiness check itself before it first needs the backend (so cached answers need none): callers then skip ready() */
  readonly readyWhenNeeded?: boolean;
  /** optional: release processes and connections */
  close?(): Promise<void>;
}

/** Identity helper that checks the shape of a predictor definition. */
export function definePredictor<P extends Predictor>(p: P): P {
  if (typeof p.id !== "string" || !/^[\w.@/-]+$/.test(p.id)) {
    throw new FibError("CONFIG_INVALID", `predictor id must match [A-Za-z0-9_.@/-]+, got ${JSON.stringify(p.id)}`, { field: "id" });
  }
  if (p.id.includes("::")) throw new FibError("CONFIG_INVALID", `predictor id may not contain "::" (${p.id})`, { field: "id" });
  if (typeof p.predict !== "function" || typeof p.describe !== "function") {
    throw new FibError("CONFIG_INVALID", `predictor ${p.id} needs predict() and describe()`, { field: "predict" });
  }
  return p;
}
