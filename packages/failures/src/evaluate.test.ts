import { generateCarb } from "@fib/carb";
import { createDefaultRegistry, definePredictor, execPredictor, type Predictor } from "@fib/models";
import { FibError, type Item } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { accuracyByModel, accuracyBySlice, evaluate, extractFailures, slicesBy } from "./index.js";

const items = generateCarb({ n: 120, seed: 3 });
const flaky: Predictor = definePredictor({
  id: "flaky",
  describe: () => ({ id: "flaky", kind: "test" }),
  async predict(batch: readonly Item[]) {
    // throws on any batch containing a logic item; answers 1 otherwise
    if (batch.some((i) => i.type === "logic_mix")) throw new Error("backend exploded");
    return batch.map((i) => ({ item_id: i.id, answer: 1 as const, latency_ms: 1 }));
  },
});
const silent: Predictor = definePredictor({
  id: "silent",
  describe: () => ({ id: "silent", kind: "test" }),
  async predict(batch: readonly Item[]) {
    return batch.map((i) => ({ item_id: i.id, answer: null, latency_ms: 0, error: "unparsable: 'maybe'" }));
  },
});

describe("evaluate", () => {
  it("one record per (model, item), ordered by model then item, whatever the concurrency", async () => {
    const reg = createDefaultRegistry();
    const preds = await reg.resolveAll(["stub:always_1", "sim:expert"], { cacheDir: null });
    const a = await evaluate(preds, items, { concurrency: 1, batchSize: 7 });
    const b = await evaluate(preds, items, { concurrency: 5, batchSize: 13 });
    expect(a).toHaveLength(2 * items.length);
    expect(a.map((r) => [r.model_id, r.item_id, r.prediction])).toEqual(b.map((r) => [r.model_id, r.item_id, r.prediction]));
    expect(a.slice(0, items.length).every((r) => r.model_id === "always_1")).toBe(true);
    expect(a.map((r) => r.item_id).slice(0, items.length)).toEqual(items.map((i) => i.id));
  });
  it("a predictor that throws on some items does not stop the run; those are failures with a reason", async () => {
    // a quarter of the items error: with the error budget off, the run goes on
    const recs = await evaluate([flaky], items, { batchSize: 16, maxErrorRate: Number.POSITIVE_INFINITY, maxConsecutiveErrors: Number.POSITIVE_INFINITY });
    const errored = recs.filter((r) => r.error);
    expect(errored.length).toBe(items.filter((i) => i.type === "logic_mix").length);
    expect(errored.every((r) => r.prediction === null && !r.correct && r.error?.includes("backend exploded"))).toBe(true);
    const answered = recs.filter((r) => !r.error);
    expect(answered.every((r) => r.correct === (r.y === 1))).toBe(true);
    const failures = extractFailures(recs, items);
    expect(failures.filter((f) => f.reason === "error")).toHaveLength(errored.length);
  });
  it("unparsable answers become failures with reason 'unparsable'", async () => {
    const f = extractFailures(await evaluate([silent], items.slice(0, 5), { maxErrorRate: Number.POSITIVE_INFINITY }), items);
    expect(f.map((x) => x.reason)).toEqual(Array(5).fill("unparsable"));
  });
  it("below the share's 40-record threshold, a model with more errored records than answered ones is a MODEL_ERROR, never an accuracy of 0", async () => {
    // 8 items, every one errored (a server answering 429 Retry-After: 99999): no accuracy at all
    await expect(evaluate([silent], items.slice(0, 8))).rejects.toMatchObject({
      code: "MODEL_ERROR",
      message: expect.stringMatching(/errored on 8 of its 8 records.*8 of 8 answers missing \(0 answered\)/),
    });
    // a minority of errors below 40 records is kept as records (reported beside the accuracy)
    const someErr = definePredictor({
      id: "some",
      describe: () => ({ id: "some", kind: "test" }),
      async predict(batch) {
        return batch.map((it, i) => (i < 3 ? { item_id: it.id, answer: null, latency_ms: 0, error: "boom" } : { item_id: it.id, answer: 1 as const, latency_ms: 0 }));
      },
    });
    const recs = await evaluate([someErr], items.slice(0, 8));
    expect(recs.filter((r) => r.error).length).toBe(3);
  });
  it("the missing count waits for batches in flight: answers served from a cache are counted", async () => {
    // batch 0 (cached answers) lands after the dying model's batch has stopped the run
    const slowCached = definePredictor({
      id: "cached",
      describe: () => ({ id: "cached", kind: "test" }),
      async predict(batch) {
        await new Promise((r) => setTimeout(r, 100));
        return batch.map((it) => ({ item_id: it.id, answer: 1 as const, latency_ms: 0 }));
      },
    });
    const dead = definePredictor({
      id: "dead",
      describe: () => ({ id: "dead", kind: "test" }),
      async predict(batch) {
        return batch.map((it) => ({ item_id: it.id, answer: null, latency_ms: 0, error: "connection refused" }));
      },
    });
    const fifty = items.slice(0, 50);
    await expect(evaluate([slowCached, dead], fifty, { batchSize: 50, concurrency: 2 })).rejects.toMatchObject({ message: expect.stringMatching(/50 of 100 answers missing \(50 answered\)/) });
  });
  it("progress reaches the total for every model", async () => {
    const seen = new Map<string, number>();
    await evaluate([flaky, silent], items, { onProgress: (p) => seen.set(p.model_id, p.done), maxErrorRate: Number.POSITIVE_INFINITY, maxConsecutiveErrors: Number.POSITIVE_INFINITY });
    expect(Object.fromEntries(seen)).toEqual({ flaky: items.length, silent: items.length });
  });
  it("a model whose errors pass the budget stops the run with MODEL_ERROR saying how many answers are missing", async () => {
    // answers the first 30 items, then every request fails (a server that died mid-run)
    let calls = 0;
    const dying = definePredictor({
      id: "dying",
      describe: () => ({ id: "dying", kind: "test" }),
      async predict(batch) {
        return batch.map((it) => {
          calls++;
          return calls <= 30 ? { item_id: it.id, answer: it.y, latency_ms: 0 } : { item_id: it.id, answer: null, error: "connect ECONNREFUSED 127.0.0.1:8080", latency_ms: 0 };
        });
      },
    });
    const err = await evaluate([dying], items, { batchSize: 5, concurrency: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(FibError);
    expect(err.code).toBe("MODEL_ERROR");
    // 40 records in, 10 of them errors: past the 5 % share
    expect(err.message).toMatch(/model dying stopped answering: 10 of its 40 records so far are errors, last: connect ECONNREFUSED/);
    expect(err.message).toMatch(new RegExp(`with ${items.length - 30} of ${items.length} answers missing`));
    // it stopped soon after the budget ran out instead of asking for every item
    expect(calls).toBeLessThan(items.length);
    // in a row: 20 consecutive errors stop it before the share is judged
    calls = 30;
    const early = await evaluate([dying], items, { batchSize: 5, concurrency: 1 }).catch((e) => e);
    expect(early.message).toMatch(/20 of its 20 records so far are errors \(20 in a row\)/);
  });
  it("an error string from outside is stored bounded, the cut marked (a worker's 20 MB error)", async () => {
    const { resolve } = await import("node:path");
    const worker = resolve(import.meta.dirname, "../../models/test-workers/odd-answers.mjs");
    const p = execPredictor({ id: "odd", command: ["node", worker] });
    const recs = await evaluate([p], items.slice(0, 5), { maxErrorRate: Number.POSITIVE_INFINITY, maxConsecutiveErrors: Number.POSITIVE_INFINITY });
    await p.close?.();
    expect((recs[4]?.error ?? "").length).toBeLessThan(2100);
    expect(recs[4]?.error).toMatch(/\[truncated 19998000 characters\]$/);
    expect(recs.slice(0, 4).every((r) => r.prediction === null)).toBe(true);
  }, 30_000);
  it("an aborted signal stops the run with ABORTED", async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(evaluate([flaky], items, { signal: ac.signal })).rejects.toMatchObject({ code: "ABORTED" });
  });
  it("duplicate predictor ids are refused", async () => {
    await expect(evaluate([flaky, flaky], items)).rejects.toBeInstanceOf(FibError);
  });
});

describe("failures and slices", () => {
  it("failure ids are model::item and every failure is an incorrect record", async () => {
    const reg = createDefaultRegistry();
    const recs = await evaluate(await reg.resolveAll(["stub:heuristic_a", "sim:novice"], { cacheDir: null }), items);
    const failures = extractFailures(recs, items);
    expect(failures.length).toBe(recs.filter((r) => !r.correct).length);
    for (const f of failures) expect(f.failure_id).toBe(`${f.model_id}::${f.item_id}`);
    const acc = accuracyByModel(recs);
    expect(acc.heuristic_a?.n).toBe(items.length);
    expect(acc.heuristic_a?.correct).toBe(recs.filter((r) => r.model_id === "heuristic_a" && r.correct).length);
    const bySlice = accuracyBySlice(recs, items, slicesBy(items, "type"));
    expect(Object.keys(bySlice).sort()).toEqual(["type=compositional", "type=counterfactual", "type=distractor", "type=logic_mix"]);
    const total = Object.values(bySlice).reduce((s, m) => s + (m.heuristic_a?.n ?? 0), 0);
    expect(total).toBe(items.length);
  });
  it("a record naming an unknown item is an input error", () => {
    expect(() => extractFailures([{ item_id: "nope", model_id: "m", prediction: 0, y: 1, correct: false, latency_ms: 0 }], items)).toThrow(/not in the dataset/);
  });
});
