/** ml-kmeans (the engine the design first named) as a parity check: same start, same fixed point. */
import { fromRows } from "@fib/geometry";
import { createRng } from "@fib/stats";
import { kmeans as mlKmeans } from "ml-kmeans";
import { describe, expect, it } from "vitest";
import { inertiaOf, kmeans } from "./index.js";

describe("k-means agrees with ml-kmeans from the same initial centroids", () => {
  for (const [n, d, k, seed] of [
    [400, 3, 4, 1],
    [1500, 8, 6, 2],
    [3000, 16, 8, 3],
  ] as const) {
    it(`n=${n} d=${d} k=${k}`, () => {
      const rng = createRng(seed);
      const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.float() * 20));
      const rows = Array.from({ length: n }, () => {
        const c = centres[rng.int(0, k - 1)] as number[];
        return c.map((v) => v + (rng.float() - 0.5) * 6);
      });
      const init = rows.slice(0, k).map((r) => [...r]);
      const ours = kmeans(fromRows(rows), { k, init: fromRows(init), tol: 0, maxIter: 500 });
      const theirs = mlKmeans(rows, k, { initialization: init, maxIterations: 500, tolerance: 0 });
      expect(ours.converged).toBe(true);
      expect([...ours.labels]).toEqual(theirs.clusters);
      const theirInertia = inertiaOf(fromRows(rows), Float64Array.from(theirs.centroids.flat()), Int32Array.from(theirs.clusters));
      expect(ours.inertia).toBeCloseTo(theirInertia, 6);
    });
  }
});
