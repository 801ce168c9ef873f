import { checkGenerated, checkGeneratorContract } from "@fib/induce";
import type { ClusterProfile } from "@fib/schemas";
import { describe, expect, it } from "vitest";
import { frontier } from "./index.js";

const profile = (id: number, size: number, depths: Record<string, number>, disagreement: number): ClusterProfile => ({
  cluster_id: id,
  size,
  share: 0,
  type_distribution: { compositional: 1 },
  depth: { mean: 0, min: 0, max: 0 },
  distractor_count: { mean: 0, min: 0, max: 0 },
  operator_count: { mean: 1, min: 1, max: 1 },
  depth_histogram: depths,
  distractor_histogram: { "0": size },
  operator_histogram: { "1": size },
  models: [],
  disagreement,
  distinctive_terms: [],
  exemplar_failure_ids: [],
  description: "",
});

describe("frontier generator", () => {
  it("goes one step deeper than the deepest failure, splitting the budget by size × (1 + disagreement)", () => {
    const ps = [profile(0, 10, { "2": 5, "4": 5 }, 0), profile(1, 10, { "1": 10 }, 1)];
    const ctx = { budget: 30, seed: 3, round: 1 };
    const items = frontier.generate(ps, ctx);
    checkGenerated(frontier, items, ctx);
    const from = (c: number) => items.filter((i) => (i.meta as { lineage: { source_cluster: number } }).lineage.source_cluster === c);
    expect(from(0)).toHaveLength(10);
    expect(from(1)).toHaveLength(20);
    expect(from(0).every((i) => i.depth === 5)).toBe(true);
    expect(from(1).every((i) => i.depth === 2)).toBe(true);
  });
  it("meets fib's generator contract (docs/plugins.md): empty profiles, budgets 0 and 1, determinism, exclusions", () => {
    const report = checkGeneratorContract(frontier);
    expect(report.cases.find((c) => c.clusters === 0)?.items).toBe(24);
  });
});
