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
  });
  it("silhouetteScore: labels that do not match the rows are an error, not a silent null", async () => {
    const { silhouetteScore } = await import("./index.js");
    expect(() => silhouetteScore({ rows: 3, cols: 1, data: new Float64Array([1, 2, 3]) }, [0, 1])).toThrow("silhouetteScore: 2 labels for 3 rows");
  });
});
