// The default zoo's real answers on each slice a generator makes, seed by seed: the debiased separation
// V̂ of the induced, unstructured and failure-blind slices and of 400 static items, for generators ×
// cluster counts. Self-induced on carb_2000_seed42 (induction half; the static items are the scoring
// half's first 400). Run from the repository root (`--models a,b,…` for another population, e.g. the
// neural zoo: zoo:micro,zoo:tiny,zoo:small,zoo:spec-nochain,zoo:spec-nosyllogism,zoo:spec-nocounterfactual,zoo:spec-shallow):
//   node --conditions=@fib/source --import tsx docs/reports/h1_generators/slices.mts [--models …]
import { readFileSync } from "node:fs";
import { evaluate } from "../../../packages/failures/src/index.ts";
import { induceForSeed } from "../../../packages/harness/src/experiments/induction.ts";
import { closeModels, resolveModels } from "../../../packages/harness/src/run/resolveModels.ts";
import { createDefaultGeneratorRegistry } from "../../../packages/induce/src/index.ts";
import type { Item } from "../../../packages/schemas/src/index.ts";
import { debiasedSeparation } from "../../../packages/stats/src/index.ts";

const items: Item[] = readFileSync("data/static/carb_2000_seed42.jsonl", "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l));
const at = process.argv.indexOf("--models");
const specs = at > 0 ? (process.argv[at + 1] ?? "").split(",").filter(Boolean) : [];
const models = await resolveModels({ slices: {}, ...(specs.length ? { models: specs } : {}) } as never);
const ids = models.map((m) => m.id);
const records = await evaluate(models, items);
const V = async (xs: readonly Item[]) => {
  const rr = await evaluate(models, xs);
  const col = new Map(xs.map((x, i) => [x.id, i]));
  const m = ids.map(() => new Int8Array(xs.length));
  for (const r of rr) (m[ids.indexOf(r.model_id)] as Int8Array)[col.get(r.item_id) as number] = r.correct ? 1 : 0;
  return debiasedSeparation(m).S2_debiased;
};
const registry = createDefaultGeneratorRegistry();
const configs: [string, number | "auto"][] = [
  ["carb-conditioned", "auto"],
  ["carb-conditioned.information", "auto"],
  ["carb-conditioned.separation", "auto"],
  ["carb-conditioned.separation", 20],
  ["carb-conditioned.geometry", "auto"],
  ["carb-conditioned.separation.geometry", "auto"],
  ["carb-conditioned.separation.geometry", 20],
];
const seeds = [1, 2, 3, 4, 5];
console.log("| generator | k | V̂ induced | V̂ unstructured | V̂ failure-blind | V̂ static (400) | induced − static | induced − blind |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const [name, k] of configs) {
  const sums = [0, 0, 0, 0];
  for (const seed of seeds) {
    const r = induceForSeed({ items, records, inducers: ids, fraction: 0.5, seed, k, budget: 400, generator: registry.get(name), exclude: { ids: new Set(), texts: new Set() } } as never);
    const v = [await V(r.induced), await V(r.unstructured), await V(r.blind), await V(r.scoring.slice(0, 400))];
    for (const [i, x] of v.entries()) sums[i] = (sums[i] as number) + x / seeds.length;
  }
  const [ind, uns, bl, st] = sums as [number, number, number, number];
  const f = (x: number) => x.toFixed(4);
  const s = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(4)}`;
  console.log(`| ${name} | ${k} | ${f(ind)} | ${f(uns)} | ${f(bl)} | ${f(st)} | ${s(ind - st)} | ${s(ind - bl)} |`);
}
await closeModels(models);
