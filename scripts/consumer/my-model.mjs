// module:./my-model.mjs?bias=1 — a user's own adapter, written from docs/plugins.md
import { definePredictor } from "@fib/schemas";

export default function create(params) {
  const id = `length-rule-${params.bias ?? 0}`;
  return definePredictor({
    id,
    describe: () => ({ id, kind: "module", ...params }),
    async predict(items) {
      return items.map((it) => ({ item_id: it.id, answer: (it.x.length + (params.bias ?? 0)) % 2, latency_ms: 0 }));
    },
  });
}
