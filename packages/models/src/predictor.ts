import { definePredictor, FibError, type Item, type Predictor, type PredictorDescription } from "@fib/schemas";

export { definePredictor, type PredictContext, type Predictor, type PredictorDescription } from "@fib/schemas";

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
