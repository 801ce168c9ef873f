import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bootstrapCi, createRng, deriveSeed, mean, modelSeparation, pairedBootstrapDiff, quantile, sampleIndices, shuffle, std } from "./index.js";

const seedArb = fc.integer({ min: 0, max: 2 ** 32 - 1 });

describe("rng streams", () => {
  it("same seed and label give the same stream; floats lie in [0, 1)", () => {
    fc.assert(
      fc.property(seedArb, fc.string(), (seed, label) => {
        const a = createRng(seed, label);
        const b = createRng(seed, label);
        for (let i = 0; i < 20; i++) {
          const x = a.float();
          expect(x).toBe(b.float());
          expect(x >= 0 && x < 1).toBe(true);
        }
      }),
    );
  });
  it("different labels give different seeds", () => {
    fc.assert(
      fc.property(seedArb, fc.string(), fc.string(), (seed, l1, l2) => {
        fc.pre(l1 !== l2);
        expect(deriveSeed(seed, l1)).not.toBe(deriveSeed(seed, l2));
      }),
      { numRuns: 2000 },
    );
  });
  it("fork does not advance the parent", () => {
    const a = createRng(1);
    const b = createRng(1);
    a.fork("child").float();
    expect(a.float()).toBe(b.float());
  });
  it("no-regression snapshot of the stream for seed 42", () => {
    const r = createRng(42);
    expect(Array.from({ length: 4 }, () => r.int(0, 999))).toMatchInlineSnapshot(`
      [
        605,
        225,
        535,
        820,
      ]
    `);
    expect(deriveSeed(42, "carb")).toMatchInlineSnapshot(`2169484888`);
  });
  it("int is roughly uniform (chi-square, 10 bins)", () => {
    const r = createRng(123);
    const counts = new Array(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[r.int(0, 9)]++;
    const chi2 = counts.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.88); // p = 0.001 at 9 dof
  });
});

describe("sampling", () => {
  it("shuffle is a permutation", () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), seedArb, (xs, seed) => {
        const s = shuffle(xs, createRng(seed));
        expect([...s].sort((a, b) => a - b)).toEqual([...xs].sort((a, b) => a - b));
      }),
    );
  });
  it("sampleIndices gives k distinct in-range indices, or all of them when k >= n", () => {
    fc.assert(
      fc.property(fc.nat(200), fc.nat(250), seedArb, (n, k, seed) => {
        const idx = sampleIndices(n, k, createRng(seed));
        expect(idx.length).toBe(Math.min(n, k));
        expect(new Set(idx).size).toBe(idx.length);
        for (const i of idx) expect(i >= 0 && i < n).toBe(true);
        if (k >= n) expect(idx).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });
  it("rejects a negative k", () => expect(() => sampleIndices(3, -1, createRng(0))).toThrow(RangeError));
});

describe("descriptive and separation", () => {
  const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
  it("std is shift invariant and non-negative", () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 50 }), finite, (xs, c) => {
        const s = std(xs);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(std(xs.map((x) => x + c))).toBeCloseTo(s, 3);
      }),
    );
  });
  it("separation of accuracies in [0,1] is at most 0.5, and 0 when all equal", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1 }), (accs) => {
        expect(modelSeparation(accs)).toBeLessThanOrEqual(0.5 + 1e-12);
        expect(modelSeparation(accs.map(() => accs[0] as number))).toBeCloseTo(0, 12);
      }),
    );
  });
  it("quantile is monotone in q and bounded by min and max", () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const v = quantile(xs, q);
        expect(v).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(v).toBeLessThanOrEqual(Math.max(...xs));
        expect(quantile(xs, Math.min(1, q + 0.1))).toBeGreaterThanOrEqual(v);
      }),
    );
  });
});

describe("bootstrap", () => {
  it("interval contains the point estimate of the mean and is seed-deterministic", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 60 }), seedArb, (xs, seed) => {
        const a = bootstrapCi(xs, mean, { nBoot: 200, seed });
        expect(a).toEqual(bootstrapCi(xs, mean, { nBoot: 200, seed }));
        expect(a.lo).toBeLessThanOrEqual(a.hi);
        expect(a.lo).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(a.hi).toBeLessThanOrEqual(Math.max(...xs));
      }),
      { numRuns: 50 },
    );
  });
  it("empty data gives NaN bounds instead of throwing", () => {
    const ci = bootstrapCi([], mean, { nBoot: 10 });
    expect(ci.value).toBeNaN();
    expect(JSON.parse(JSON.stringify(ci)).lo).toBeNull();
  });
  it("constant data gives a zero-width interval", () => {
    const ci = bootstrapCi([0.5, 0.5, 0.5], mean, { nBoot: 50 });
    expect([ci.lo, ci.value, ci.hi]).toEqual([0.5, 0.5, 0.5]);
  });
  it("paired difference: identical samples give exactly 0, a shifted sample its shift", () => {
    const xs = Array.from({ length: 30 }, (_, i) => (i * 37) % 11);
    const same = pairedBootstrapDiff(xs, xs, mean, { nBoot: 100 });
    expect([same.lo, same.value, same.hi]).toEqual([0, 0, 0]);
    const shifted = pairedBootstrapDiff(
      xs.map((x) => x + 2),
      xs,
      mean,
      { nBoot: 100 },
    );
    expect(shifted.lo).toBeCloseTo(2, 12);
    expect(shifted.hi).toBeCloseTo(2, 12);
    expect(shifted.p_le_zero).toBe(0);
  });
  it("paired difference rejects unpaired samples", () => {
    expect(() => pairedBootstrapDiff([1], [1, 2], mean)).toThrow(/same length/);
  });
  it("rejects a bad nBoot or alpha", () => {
    expect(() => bootstrapCi([1], mean, { nBoot: 0 })).toThrow(RangeError);
    expect(() => bootstrapCi([1], mean, { alpha: 1 })).toThrow(RangeError);
  });
});

describe("groupIndices", () => {
  it("every position lands under its key once, keys in first-seen order", async () => {
    const { groupIndices } = await import("./index.js");
    expect([...groupIndices(["a", "b", "a", "c", "b"])]).toEqual([
      ["a", [0, 2]],
      ["b", [1, 4]],
      ["c", [3]],
    ]);
    fc.assert(
      fc.property(fc.array(fc.constantFrom("x", "y", "z")), (keys) => {
        const g = groupIndices(keys);
        const all = [...g.values()].flat().sort((p, q) => p - q);
        expect(all).toEqual(keys.map((_, i) => i));
        for (const [k, idx] of g) for (const i of idx) expect(keys[i]).toBe(k);
      }),
    );
  });
});
