// Per structure and per type × depth × structure cell: the population variance S² of the default zoo's
// per-model accuracy on carb_2000_seed42 (what a slice of only those items would separate), beside the
// whole set's. From the repository root:
//   node --conditions=@fib/source --import tsx docs/reports/h1_generators/structure_separation.mts
import { readFileSync } from "node:fs";
import { evaluate } from "../../../packages/failures/src/index.ts";
import { closeModels, resolveModels } from "../../../packages/harness/src/run/resolveModels.ts";
import type { EvalRecord, Item } from "../../../packages/schemas/src/index.ts";

const items: Item[] = readFileSync("data/static/carb_2000_seed42.jsonl", "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l));
const models = await resolveModels({ slices: {} } as never);
const records: EvalRecord[] = await evaluate(models, items);
const byItem = new Map(items.map((it) => [it.id, it]));
const ids = models.map((m) => m.id);
const accuracies = (keep: (it: Item) => boolean) =>
  ids.map((id) => {
    const own = records.filter((r) => r.model_id === id && keep(byItem.get(r.item_id) as Item));
    return own.filter((r) => r.correct).length / Math.max(1, own.length);
  });
const variance = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
};
const line = (name: string, n: number, acc: number[]) => console.log(`${name}  n=${n}  S²=${variance(acc).toFixed(5)}  ${acc.map((a) => a.toFixed(2)).join(" ")}`);
line(
  "all items",
  items.length,
  accuracies(() => true),
);
const cell = (it: Item) => `${it.type}/${it.depth}/${it.structure_id}`;
const counts = new Map<string, number>();
for (const it of items) counts.set(cell(it), (counts.get(cell(it)) ?? 0) + 1);
const cells = [...counts.keys()].map((k) => ({ k, acc: accuracies((it) => cell(it) === k) })).sort((a, b) => variance(b.acc) - variance(a.acc));
for (const c of cells) line(c.k, counts.get(c.k) as number, c.acc);
for (const s of [...new Set(items.map((it) => it.structure_id))])
  line(
    `structure ${s}`,
    items.filter((it) => it.structure_id === s).length,
    accuracies((it) => it.structure_id === s),
  );
await closeModels(models);
