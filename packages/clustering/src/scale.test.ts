import type { Failure, Item } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { profileClusters } from "./index.js";

describe("a million failures", () => {
  it("profileClusters works without spreading arrays into Math.max (a stack overflow at ≈ 150k)", () => {
    const n = 1_000_000;
    const items: Item[] = Array.from(
      { length: 10 },
      (_, i) => ({ id: `it${i}`, x: `Ada is taller than Bram ${i}`, y: 1, type: "compositional", depth: 1 + (i % 6), distractor_count: 0, operator_count: 1 }) as Item,
    );
    const failures: Failure[] = Array.from({ length: n }, (_, j) => {
      const item = items[j % 10] as Item;
      return { failure_id: `m${j % 7}::${item.id}::${j}`, item_id: item.id, model_id: `m${j % 7}`, item, reason: "wrong" } as unknown as Failure;
    });
    const labels = Int32Array.from({ length: n }, (_, j) => j % 4);
    const profiles = profileClusters(failures, labels);
    expect(profiles).toHaveLength(4);
    expect(profiles.reduce((s, p) => s + p.size, 0)).toBe(n);
    // cluster 0 holds the failures j ≡ 0 (mod 4): items 0, 2, 4, 6, 8, of depths 1, 3, 5, 1, 3
    expect(profiles[0]?.depth).toMatchObject({ min: 1, max: 5 });
  }, 120_000);
});

describe("operators say what shape they expect", () => {
  it("hungarian: a ragged matrix names the row; a non-finite cost names the cell", async () => {
    const { hungarian } = await import("./index.js");
    expect(() => hungarian([[1, 2], [3]])).toThrow("hungarian: row 1 has 1 columns, expected 2 (a rectangular number[][])");
    expect(() =>
      hungarian([
        [1, Number.NaN],
        [3, 4],
      ]),
    ).toThrow("hungarian: costs must be finite numbers; row 0, column 1 is NaN");
    expect(() => hungarian({ rows: 2, cols: 2, data: [1, 2, 3] })).toThrow(/expected a cost matrix/);
    // a numeric string is not a cost, in plain data or in the transposed (rows > cols) copy
    expect(() => hungarian({ rows: 2, cols: 2, data: ["3", 1, 2, 4] as unknown as number[] })).toThrow("row 0, column 0 is 3");
    expect(() => hungarian({ rows: 3, cols: 1, data: [1, "2", 3] as unknown as number[] })).toThrow("row 1, column 0 is 2");
    // from 64 × 64 the SIMD scan path: an infinite cost is still named
    const big = Array.from({ length: 70 }, (_, i) => Array.from({ length: 70 }, (_, j) => (i === 5 && j === 9 ? Number.POSITIVE_INFINITY : (i * 7 + j) % 13)));
    expect(() => hungarian(big)).toThrow("row 5, column 9 is Infinity");
  });
  it("silhouetteScore: labels that do not match the rows are an error, not a silent null", async () => {
    const { silhouetteScore } = await import("./index.js");
    expect(() => silhouetteScore({ rows: 3, cols: 1, data: new Float64Array([1, 2, 3]) }, [0, 1])).toThrow("silhouetteScore: 2 labels for 3 rows");
  });
});

describe("chooseK at scale", () => {
  it("fitting each candidate k on a subsample chooses the k that fitting on every row chooses, with scores within 0.03", async () => {
    const { chooseK } = await import("./index.js");
    const { createRng } = await import("@fib/stats");
    // 6 Gaussian blobs in 5 dimensions, 24,000 rows
    const rng = createRng(11, "test/chooseK-scale");
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
    const centres = Array.from({ length: 6 }, () => Array.from({ length: 5 }, () => 6 * rng.float()));
    const n = 24_000;
    const data = new Float64Array(n * 5);
    for (let i = 0; i < n; i++) for (let j = 0; j < 5; j++) data[i * 5 + j] = (centres[i % 6]?.[j] as number) + 0.45 * normal();
    const x = { rows: n, cols: 5, data };
    const full = chooseK(x, { seed: 3, kMax: 9, fitSize: n });
    const sub = chooseK(x, { seed: 3, kMax: 9, fitSize: 3000 });
    expect(full.k).toBe(6);
    expect(sub.k).toBe(full.k);
    for (const [i, s] of sub.scores.entries()) expect(Math.abs((s.silhouette as number) - (full.scores[i]?.silhouette as number))).toBeLessThan(0.03);
  }, 120_000);
  it("countDistinctRows counts equal rows once (−0 equals 0) and stops at its cap", async () => {
    const { countDistinctRows } = await import("./index.js");
    const x = { rows: 5, cols: 2, data: new Float64Array([1, 0, 1, -0, 2, 3, 2, 3, 4, 5]) };
    expect(countDistinctRows(x)).toBe(3);
    expect(countDistinctRows(x, 2)).toBe(2);
  });
});

describe("releaseKMeansBuffers", () => {
  it("drops the kept shared buffers; k-means afterwards allocates anew and gives the same answer", async () => {
    const { kmeans } = await import("./index.js");
    const { releaseKMeansBuffers } = await import("./_internal/pool.js");
    const rows = 20_000;
    const data = Float64Array.from({ length: rows * 4 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453));
    const x = { rows, cols: 4, data };
    const a = kmeans(x, { k: 5, seed: 2, threads: 2 });
    releaseKMeansBuffers();
    const b = kmeans(x, { k: 5, seed: 2, threads: 2 });
    releaseKMeansBuffers();
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(b.inertia).toBeCloseTo(a.inertia, 9);
  });
});

describe("discover at scale", () => {
  it("clusters 200,000 failures of 2,000 items (no stack overflow; each item featurised once)", async () => {
    const { generateCarb } = await import("@fib/carb");
    const { discover } = await import("./index.js");
    const items = generateCarb({ n: 2000, seed: 9 });
    const n = 200_000;
    const failures = Array.from({ length: n }, (_, j) => {
      const item = items[(j * 7919) % items.length] as Item;
      const model_id = `m${j % 100}`;
      return { failure_id: `${model_id}::${item.id}::${j}`, item_id: item.id, model_id, item, prediction: 1 - item.y, reason: "wrong" } as unknown as Failure;
    });
    const d = discover(failures, { seed: 1, kMax: 6 });
    expect(d.status).toBe("ok");
    expect(d.labels).toHaveLength(n);
    expect(d.profiles.reduce((s, p) => s + p.size, 0)).toBe(n);
    // failures of the same item share its features, so they share a cluster
    const byItem = new Map<string, number>();
    for (const [i, f] of failures.entries()) {
      const l = d.labels[i] as number;
      expect(byItem.get(f.item_id) ?? l).toBe(l);
      byItem.set(f.item_id, l);
    }
  }, 180_000);
});
