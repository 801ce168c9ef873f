import { generateCarb } from "@fib/carb";
import { evaluate } from "@fib/failures";
import { carbConditioned } from "@fib/induce";
import { createDefaultRegistry } from "@fib/models";
import type { EvalRecord } from "@fib/schemas";
import { debiasedSeparation } from "@fib/stats";
import { describe, expect, it } from "vitest";
import { induceForSeed, separationOf, splitInformation } from "./experiments/induction.js";

describe("information allocation's measurement (induction split only)", () => {
  it("an item the models split on carries more information than one they all fail or all pass", () => {
    const models = ["m0", "m1", "m2", "m3", "m4", "m5"];
    const items = generateCarb({ n: 60, seed: 2 });
    const records: EvalRecord[] = [];
    // item i is answered correctly by the i mod 7 strongest models (0 … 6): a ladder of difficulties
    for (const [i, it] of items.entries())
      for (const [j, m] of models.entries()) {
        const correct = j < i % 7;
        records.push({ item_id: it.id, model_id: m, prediction: correct ? it.y : ((1 - it.y) as 0 | 1), y: it.y, correct, latency_ms: 0 });
      }
    const info = splitInformation(records, items, models) as Map<string, number>;
    const byPassers = (k: number) => info.get(items.find((_, i) => i % 7 === k)?.id as string) as number;
    expect(byPassers(3)).toBeGreaterThan(byPassers(0));
    expect(byPassers(3)).toBeGreaterThan(byPassers(6));
    expect(splitInformation(records, items, ["m0"])).toBeNull();
  });

  it("induceForSeed gives an information generator profiles with `information`, others none; the scoring split is never read", async () => {
    const items = generateCarb({ n: 400, seed: 3 });
    const preds = await createDefaultRegistry().resolveAll(["sim:novice", "sim:intermediate", "sim:expert", "sim:shallow"], { cacheDir: null });
    const records = await evaluate(preds, items);
    const base = { items, inducers: preds.map((p) => p.id), fraction: 0.5, seed: 1, k: 3 as const, budget: 40 };
    const withInfo = induceForSeed({ ...base, records, generator: carbConditioned({ allocation: "information" }), exclude: { ids: new Set(), texts: new Set() } });
    expect(withInfo.profiles.every((p) => typeof p.information === "number" && p.information >= 0)).toBe(true);
    expect(withInfo.induced).toHaveLength(40);
    // changing the answers on scoring items changes nothing in the induction
    const scoring = new Set(withInfo.scoring.map((it) => it.id));
    const flipped = records.map((r) => (scoring.has(r.item_id) ? { ...r, correct: !r.correct } : r));
    const again = induceForSeed({ ...base, records: flipped, generator: carbConditioned({ allocation: "information" }), exclude: { ids: new Set(), texts: new Set() } });
    expect(again.profiles.map((p) => p.information)).toEqual(withInfo.profiles.map((p) => p.information));
    const plain = induceForSeed({ ...base, records, generator: carbConditioned(), exclude: { ids: new Set(), texts: new Set() } });
    expect(plain.profiles.every((p) => p.information === undefined)).toBe(true);
  });
});

describe("separation allocation's measurement (induction split only)", () => {
  it("is the inducers' debiased V̂ on the given items, read from their records, distinct items once", () => {
    const models = ["m0", "m1", "m2"];
    const items = generateCarb({ n: 12, seed: 5 });
    const records: EvalRecord[] = [];
    const truth = models.map((_, j) => items.map((_, i) => ((i * 7 + j * 3) % 5 < j + 1 ? 1 : 0)));
    for (const [i, it] of items.entries())
      for (const [j, m] of models.entries()) {
        const correct = truth[j]?.[i] === 1;
        records.push({ item_id: it.id, model_id: m, prediction: correct ? it.y : ((1 - it.y) as 0 | 1), y: it.y, correct, latency_ms: 0 });
      }
    const sep = separationOf(records, items, models);
    const ids = [items[0]?.id, items[3]?.id, items[3]?.id, items[8]?.id, items[11]?.id] as string[];
    const got = sep.of(ids);
    expect(got.separation_items).toBe(4);
    expect(got.separation).toBe(debiasedSeparation(truth, [0, 3, 8, 11]).S2_debiased);
    // one model: nothing to separate; an item without every inducer's answer is left out
    expect(separationOf(records, items, ["m0"]).of(ids).separation).toBeUndefined();
    const partial = separationOf(
      records.filter((r) => !(r.item_id === items[0]?.id && r.model_id === "m2")),
      items,
      models,
    ).of(ids);
    expect(partial.separation_items).toBe(3);
  });

  it("induceForSeed gives a separation generator profiles with `separation`; the scoring split is never read", async () => {
    const items = generateCarb({ n: 400, seed: 3 });
    const preds = await createDefaultRegistry().resolveAll(["sim:novice", "sim:intermediate", "sim:expert", "sim:shallow"], { cacheDir: null });
    const records = await evaluate(preds, items);
    const base = { items, inducers: preds.map((p) => p.id), fraction: 0.5, seed: 1, k: 3 as const, budget: 40 };
    const gen = carbConditioned({ allocation: "separation" });
    const a = induceForSeed({ ...base, records, generator: gen, exclude: { ids: new Set(), texts: new Set() } });
    expect(a.profiles.every((p) => typeof p.separation === "number" && (p.separation_items as number) > 0)).toBe(true);
    expect(a.induced).toHaveLength(40);
    const scoring = new Set(a.scoring.map((it) => it.id));
    const flipped = records.map((r) => (scoring.has(r.item_id) ? { ...r, correct: !r.correct } : r));
    const b = induceForSeed({ ...base, records: flipped, generator: gen, exclude: { ids: new Set(), texts: new Set() } });
    expect(b.profiles.map((p) => p.separation)).toEqual(a.profiles.map((p) => p.separation));
    expect(b.induced.map((it) => it.x)).toEqual(a.induced.map((it) => it.x));
  });
});
