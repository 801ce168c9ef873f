import { generateCarb } from "@fib/carb";
import { discover } from "@fib/clustering";
import type { Failure, Item } from "@fib/schemas";
const n = 70000;
const items = generateCarb({ n: Math.ceil(n / 5), seed: 3 });
const failures: Failure[] = [];
for (let j = 0; j < n; j++) {
  const it = items[(j * 7919) % items.length] as Item;
  failures.push({ failure_id: `m${j % 10}::${it.id}::${j}`, item_id: it.id, model_id: `m${j % 10}`, item: it, prediction: (1 - it.y) as 0 | 1, reason: "wrong_answer" });
}
const t = performance.now();
const d = discover(failures, { seed: 1, maxPoints: 5000 });
console.log("discover s", ((performance.now() - t) / 1000).toFixed(2), "k", d.k);
