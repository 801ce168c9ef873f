import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bootstrapCi, clopperPearson, kendallTau, mean, modelSeparation, quantile, std } from "./index.js";

interface Reference {
  descriptive: { xs: number[]; mean: number; std0: number; std1: number | null; quantiles: Record<string, number> }[];
  separation: { accuracies: number[]; S: number }[];
  bootstrap_mean: { xs: number[]; lo: number; hi: number }[];
}
const ref = JSON.parse(readFileSync(new URL("../fixtures/reference.json", import.meta.url), "utf8")) as Reference;
const EPS = 2 ** -52;

describe("descriptive statistics match numpy", () => {
  for (const c of ref.descriptive) {
    it(`n=${c.xs.length}`, () => {
      expect(Math.abs(mean(c.xs) - c.mean)).toBeLessThanOrEqual(8 * EPS * Math.max(1, Math.abs(c.mean)));
      expect(std(c.xs, 0)).toBeCloseTo(c.std0, 12);
      if (c.std1 === null) expect(std(c.xs, 1)).toBeNaN();
      else expect(std(c.xs, 1)).toBeCloseTo(c.std1, 12);
      for (const [q, v] of Object.entries(c.quantiles)) expect(quantile(c.xs, Number(q))).toBeCloseTo(v, 12);
    });
  }
});

describe("modelSeparation is numpy's population std", () => {
  for (const c of ref.separation) {
    it(JSON.stringify(c.accuracies), () => expect(modelSeparation(c.accuracies)).toBeCloseTo(c.S, 12));
  }
  it("accepts a record of accuracies", () => {
    expect(modelSeparation({ a: 0, b: 0.667, c: 0.667 })).toBeCloseTo(0.3144, 4);
  });
  it("degenerate: no models is NaN", () => expect(modelSeparation([])).toBeNaN());
});

describe("percentile bootstrap agrees with scipy.stats.bootstrap", () => {
  for (const c of ref.bootstrap_mean) {
    it(`n=${c.xs.length}`, () => {
      const ci = bootstrapCi(c.xs, (s) => mean(s), { nBoot: 20000, seed: 7 });
      // different RNGs: Monte Carlo error of a 2.5% quantile with 20k replicates is well under 0.01
      expect(Math.abs(ci.lo - c.lo)).toBeLessThan(0.01);
      expect(Math.abs(ci.hi - c.hi)).toBeLessThan(0.01);
    });
  }
});

describe("clopperPearson matches scipy's exact binomial interval", () => {
  const cp = (JSON.parse(readFileSync(new URL("../fixtures/reference.json", import.meta.url), "utf8")) as { clopper_pearson: { k: number; n: number; alpha: number; lo: number; hi: number }[] })
    .clopper_pearson;
  for (const c of cp) {
    it(`${c.k}/${c.n} at alpha ${c.alpha}`, () => {
      const r = clopperPearson(c.k, c.n, c.alpha);
      expect(r.lo).toBeCloseTo(c.lo, 9);
      expect(r.hi).toBeCloseTo(c.hi, 9);
    });
  }
  it("refuses impossible counts", () => {
    expect(() => clopperPearson(3, 2)).toThrow(/successes/);
    expect(() => clopperPearson(0, 0)).toThrow(/n must/);
  });
});

describe("kendallTau is scipy's tau-b", () => {
  const kt = (JSON.parse(readFileSync(new URL("../fixtures/reference.json", import.meta.url), "utf8")) as { kendall_tau_b: { x: number[]; y: number[]; tau_b: number }[] }).kendall_tau_b;
  for (const c of kt) it(`${JSON.stringify(c.x)} vs ${JSON.stringify(c.y)}`, () => expect(kendallTau(c.x, c.y)).toBeCloseTo(c.tau_b, 12));
  it("is NaN for a constant sample or fewer than two values, and refuses unpaired samples", () => {
    expect(kendallTau([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(kendallTau([1], [2])).toBeNaN();
    expect(() => kendallTau([1, 2], [1])).toThrow(/paired/);
  });
});
