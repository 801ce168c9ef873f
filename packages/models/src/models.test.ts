import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCarb } from "@fib/carb";
import { FibError, type Item } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { createDefaultRegistry, createPredictorRegistry, DEFAULT_ZOO, parseModelsConfig, parseSpec, SIM_KIND, simCorrectProbability, SIM_PRESETS, STUB_KIND, trainedPredictor } from "./index.js";

const held = generateCarb({ n: 1200, seed: 12345, idPrefix: "heldout" });
const accuracy = async (spec: string, items: readonly Item[], cacheDir: string | null = null) => {
  const p = await createDefaultRegistry().resolve(spec, { cacheDir });
  const preds = await p.predict(items);
  return preds.filter((x, i) => x.answer === items[i]?.y).length / items.length;
};
const ofStructure = (s: string) => held.filter((i) => i.structure_id === s);

describe("specs and registry", () => {
  it("parses strings and objects", () => {
    expect(parseSpec("sim:expert?seed=2&negation_weakness=3")).toEqual({ kind: "sim", name: "expert", params: { seed: 2, negation_weakness: 3 } });
    expect(parseSpec("stub:heuristic_a?id=ha")).toEqual({ kind: "stub", name: "heuristic_a", id: "ha", params: {} });
    expect(parseSpec({ kind: "trained", name: "logreg", ngram: 2 })).toEqual({ kind: "trained", name: "logreg", params: { ngram: 2 } });
    expect(() => parseSpec("no-colon")).toThrow(FibError);
  });
  it("registering a kind twice throws; unknown kinds and names are clear errors", async () => {
    const r = createPredictorRegistry().register(STUB_KIND);
    expect(() => r.register(STUB_KIND)).toThrow(/already registered/);
    await expect(r.resolve("sim:expert")).rejects.toThrow(/unknown predictor kind "sim"/);
    await expect(createDefaultRegistry().resolve("stub:nope")).rejects.toThrow(/unknown stub predictor "nope" \(known: .*heuristic_a/);
    await expect(createDefaultRegistry().resolveAll(["stub:always_1", "stub:always_1"])).rejects.toThrow(/two predictors have the id/);
  });
  it("a models config file parses, and errors name the file and field", () => {
    expect(parseModelsConfig('{"models": ["stub:always_1", {"kind": "sim", "name": "expert", "id": "e2"}]}', "m.json")).toHaveLength(2);
    expect(() => parseModelsConfig('{"models": [42]}', "m.json")).toThrow(/m\.json field "models\.0"/);
    expect(() => parseModelsConfig("{", "m.json")).toThrow(/m\.json: not valid JSON/);
  });
  it("the default zoo resolves to distinct ids", async () => {
    const ps = await createDefaultRegistry().resolveAll(DEFAULT_ZOO, { cacheDir: null });
    expect(new Set(ps.map((p) => p.id)).size).toBe(DEFAULT_ZOO.length);
    for (const p of ps) expect(p.describe().id).toBe(p.id);
  });
});

describe("stubs", () => {
  it("keyword_heuristic answers 0 on negation markers, else 1", async () => {
    const p = await createDefaultRegistry().resolve("stub:keyword_heuristic");
    const mk = (x: string): Item => ({ id: x, x, y: 1, type: "t", depth: 1, distractor_count: 0, operator_count: 1 });
    const preds = await p.predict([mk("No cats are black. Does it follow?"), mk("Ada is taller than Bram. Is Ada taller than Bram?"), mk("It isn't so?")]);
    expect(preds.map((x) => x.answer)).toEqual([0, 1, 0]);
  });
  it("heuristic_a knows adjacent facts only: right at distance 1, wrong on long yes-chains", async () => {
    const fwd = ofStructure("chain/forward");
    const distance = (i: Item) => (i.meta?.design as { distance?: number } | undefined)?.distance ?? 0;
    const near = fwd.filter((i) => distance(i) === 1);
    const farYes = fwd.filter((i) => distance(i) > 1 && i.y === 1);
    expect(await accuracy("stub:heuristic_a", near)).toBe(1);
    expect(await accuracy("stub:heuristic_a", farYes)).toBe(0);
  });
});

describe("sim population", () => {
  it("is deterministic per (model, item, seed), and seeds are independent trials", async () => {
    const r = createDefaultRegistry();
    const a = await (await r.resolve("sim:intermediate")).predict(held);
    const b = await (await r.resolve("sim:intermediate")).predict(held);
    const c = await (await r.resolve("sim:intermediate?seed=1")).predict(held);
    expect(a.map((x) => x.answer)).toEqual(b.map((x) => x.answer));
    expect(a.map((x) => x.answer)).not.toEqual(c.map((x) => x.answer));
  });
  it("the capability ladder is ordered: novice < intermediate < expert", async () => {
    const [n, i, e] = [await accuracy("sim:novice", held), await accuracy("sim:intermediate", held), await accuracy("sim:expert", held)];
    expect(n).toBeLessThan(i - 0.1);
    expect(i).toBeLessThan(e - 0.1);
  });
  it("planted weaknesses show where they were planted", async () => {
    expect(await accuracy("sim:literalist", ofStructure("counterfactual/override"))).toBeLessThan(0.2);
    expect(await accuracy("sim:literalist", ofStructure("counterfactual/control"))).toBeGreaterThan(0.9);
    expect(await accuracy("sim:converse-blind", ofStructure("chain/converse"))).toBeLessThan(0.65);
    expect(await accuracy("sim:converse-blind", ofStructure("chain/forward"))).toBeGreaterThan(0.9);
    const deep = held.filter((i) => i.type === "compositional" && i.depth >= 5);
    const flat = held.filter((i) => i.type === "compositional" && i.depth <= 2 && i.structure_id === "chain/forward");
    expect(await accuracy("sim:shallow", deep)).toBeLessThan(0.65);
    expect(await accuracy("sim:shallow", flat)).toBeGreaterThan(0.9);
  });
  it("p(correct) never exceeds 1 or drops below 0, and is at least chance without a supposition", () => {
    for (const it of held.slice(0, 200)) {
      for (const cap of Object.values(SIM_PRESETS)) {
        const p = simCorrectProbability(it, cap);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        if (!/suppose/i.test(it.x)) expect(p).toBeGreaterThanOrEqual(0.5);
      }
    }
  });
  it("overrides of unknown parameters are refused", async () => {
    await expect(createDefaultRegistry().resolve("sim:expert?iq=200")).rejects.toThrow(/unknown sim parameter "iq"/);
    expect(SIM_KIND.names()).toContain("literalist");
  });
});

describe("trained baselines", () => {
  const cache = mkdtempSync(join(tmpdir(), "fib-trained-"));
  it("score above chance and below 100% on held-out CARB, and capacities differ", async () => {
    const small = await accuracy("trained:logreg-small", held, cache);
    const large = await accuracy("trained:nb-large", held, cache);
    expect(large).toBeGreaterThan(0.56); // 1200 items: chance ± 3 SE is 0.5 ± 0.043
    expect(large).toBeLessThan(1);
    expect(small).toBeLessThan(large);
  });
  it("a long fit yields to the event loop: a cancelled run stops training at its next slice (issue 21: Ctrl-C waited 12.7 s)", async () => {
    const big = { algorithm: "logreg" as const, ngram: 3, vocab: 20000, train: 10000, seed: 11 };
    const ac = new AbortController();
    let timerRan = false;
    setTimeout(() => {
      timerRan = true;
      ac.abort();
    }, 50);
    await expect(trainedPredictor("big", big, { cacheDir: null }).predict(held.slice(0, 5), { signal: ac.signal })).rejects.toMatchObject({ code: "ABORTED" });
    expect(timerRan).toBe(true);
    // and a fit that is not cancelled still completes through the same slices
    const small = await trainedPredictor("ok", { ...big, vocab: 300, train: 200, ngram: 1 }, { cacheDir: null }).predict(held.slice(0, 5), { signal: new AbortController().signal });
    expect(small).toHaveLength(5);
  });
  it("training is deterministic and cached on disk by config hash", async () => {
    const cfg = { algorithm: "logreg" as const, ngram: 2, vocab: 500, train: 300, seed: 4 };
    const a = await trainedPredictor("a", cfg, { cacheDir: cache }).predict(held.slice(0, 100));
    const files = readdirSync(join(cache, "trained"));
    expect(files.length).toBeGreaterThan(0);
    const c = await trainedPredictor("c", cfg, { cacheDir: null }).predict(held.slice(0, 100));
    expect(c.map((x) => x.p_yes)).toEqual(a.map((x) => x.p_yes)); // deterministic without the cache
    // the second predictor must read the file, not retrain: plant a bias of +50 in the cached
    // model, and its answers move to "yes" while a retrained one's would not
    const file = files.map((f) => join(cache, "trained", f)).find((f) => JSON.stringify(JSON.parse(readFileSync(f, "utf8")).config) === JSON.stringify(cfg)) as string;
    const model = JSON.parse(readFileSync(file, "utf8"));
    model.params[0] += 50;
    writeFileSync(file, JSON.stringify(model));
    const b = await trainedPredictor("b", cfg, { cacheDir: cache }).predict(held.slice(0, 100));
    expect(b.every((x) => (x.p_yes ?? 0) > 0.999)).toBe(true);
    expect(a.every((x) => (x.p_yes ?? 0) > 0.999)).toBe(false);
  });
  it("refuses to score items from its own training split", async () => {
    const { deriveSeed } = await import("@fib/stats");
    const train = generateCarb({ n: 300, seed: deriveSeed(4, "trained/train-split"), idPrefix: "train" });
    const preds = await trainedPredictor("t", { algorithm: "nb", ngram: 1, vocab: 100, train: 300, seed: 4 }, { cacheDir: null }).predict(train.slice(0, 10));
    expect(preds.every((p) => p.answer === null && p.error?.includes("training split"))).toBe(true);
  });
  it("bad configs name the field", () => {
    expect(() => trainedPredictor("x", { algorithm: "nb", ngram: 9, vocab: 1, train: 100, seed: 0 })).toThrow(/ngram/);
  });
});

describe("spec parameters are checked as written", () => {
  it("a parameter that is an Object.prototype name is unknown, not accepted (sim:novice?constructor=1)", async () => {
    const reg = createDefaultRegistry();
    for (const p of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      await expect(reg.resolve(`sim:novice?${p}=1`, { cacheDir: null })).rejects.toThrow(new RegExp(`unknown sim parameter "${p}"`));
    }
  });
  it("a parameter given twice is a usage error naming it, not the last value silently", async () => {
    await expect(createDefaultRegistry().resolve("sim:novice?skill=1&skill=5", { cacheDir: null })).rejects.toThrow(/parameter "skill" is given twice/);
  });
});
