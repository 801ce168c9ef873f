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
