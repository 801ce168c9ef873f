import { createRng } from "@fib/stats";
import { describe, expect, it } from "vitest";
import { analyze, type GraderRow } from "./analyze.js";

describe("fib's operators on another codebase's records", () => {
  it("finds the categories the failures come from and orders the models", () => {
    const rng = createRng(3);
    const rows: GraderRow[] = [];
    for (let q = 0; q < 240; q++) {
      const category = ["a", "b", "c"][q % 3] as string;
      const features = [q % 3 === 0 ? 5 : 0, q % 3 === 1 ? 5 : 0].map((v) => v + rng.float() * 0.5);
      for (const [model, p] of [
        ["weak", 0.3],
        ["strong", 0.9],
      ] as const)
        rows.push({ question: `q${q}`, model, passed: rng.float() < p, category, features });
    }
    const r = analyze(rows, { k: 3, seed: 0 });
    expect(r.nmi).toBeGreaterThan(0.95);
    expect(r.purity).toBe(1);
    expect(new Set(Object.values(r.cluster_to_category))).toEqual(new Set(["a", "b", "c"]));
    expect(r.accuracy.strong?.value).toBeGreaterThan(r.accuracy.weak?.value as number);
    expect(r.separation).toBeGreaterThan(0.2);
  });
});
