import { FibError, type Item, type Prediction } from "@fib/schemas";

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

/** Build a predictor from a synchronous per-item rule (stubs, simulations). */
export function ruleBasedPredictor(id: string, describe: () => PredictorDescription, rule: (item: Item) => { answer: 0 | 1 | null; p_yes?: number; error?: string }): Predictor {
  return definePredictor({
    id,
    describe,
    async predict(items, ctx) {
      return items.map((item) => {
        if (ctx?.signal?.aborted) throw new FibError("ABORTED", "cancelled");
        const t0 = performance.now();
        const r = rule(item);
        return {
          item_id: item.id,
          answer: r.answer,
          ...(r.p_yes === undefined ? {} : { p_yes: r.p_yes }),
          ...(r.error === undefined ? {} : { error: r.error }),
          latency_ms: performance.now() - t0,
        };
      });
    },
  });
}
