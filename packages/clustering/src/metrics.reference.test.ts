import { readFileSync } from "node:fs";
import { fromRows } from "@fib/geometry";
import { describe, expect, it } from "vitest";
import { adjustedRandIndex, hungarian, kmeans, mutualInfo, normalizedMutualInfo, purity, silhouetteScore } from "./index.js";

interface Ref {
  labels: { a: number[]; b: number[]; ari: number; nmi: number; mi: number; purity_macro: number; purity_micro: number }[];
  hungarian: { cost: number[][]; total: number }[];
  kmeans: { X: number[][]; init: number[][]; k: number; labels: number[]; inertia: number; n_iter: number; centers: number[][]; silhouette: number }[];
}
const ref = JSON.parse(readFileSync(new URL("../fixtures/reference.json", import.meta.url), "utf8")) as Ref;
const close = (a: number, b: number, tol = 1e-10) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe("label metrics match scikit-learn", () => {
  ref.labels.forEach((c, i) => {
    it(`case ${i} (n=${c.a.length})`, () => {
      close(adjustedRandIndex(c.a, c.b), c.ari);
      close(normalizedMutualInfo(c.a, c.b), c.nmi);
      close(mutualInfo(c.a, c.b), c.mi);
      close(purity(c.a, c.b), c.purity_macro);
      close(purity(c.a, c.b, { average: "micro" }), c.purity_micro);
    });
  });
});

describe("hungarian matches scipy.optimize.linear_sum_assignment", () => {
  ref.hungarian.forEach((c) => {
    it(`${c.cost.length}×${c.cost[0]?.length}`, () => {
      const r = hungarian(c.cost);
      close(r.cost, c.total);
      const used = [...r.assignment].filter((j) => j >= 0);
      expect(new Set(used).size).toBe(used.length);
      expect(used.length).toBe(Math.min(c.cost.length, c.cost[0]?.length ?? 0));
    });
  });
});

describe("k-means matches scikit-learn from the same initial centroids", () => {
  ref.kmeans.forEach((c, i) => {
    for (const [algorithm, simd] of [
      ["hamerly", false],
      ["hamerly", true],
      ["elkan", false],
      ["elkan", true],
      ["lloyd", false],
      ["lloyd", true],
    ] as const) {
      it(`case ${i} (${algorithm}, ${simd ? "WebAssembly SIMD" : "JavaScript"} kernel)`, () => {
        const r = kmeans(fromRows(c.X), { k: c.k, init: fromRows(c.init), algorithm, simd });
        expect([...r.labels]).toEqual(c.labels);
        close(r.inertia, c.inertia, 1e-9);
        expect(r.iterations).toBe(c.n_iter);
        expect(Array.from(r.centroids.data)).toEqual(c.centers.flat().map((v) => expect.closeTo(v, 9)));
      });
    }
    it(`case ${i}: silhouette`, () => {
      close(silhouetteScore(fromRows(c.X), c.labels), c.silhouette, 1e-9);
    });
  });
});
