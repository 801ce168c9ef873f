import { ClusterProfile, FibError, type Item } from "@fib/schemas";
import { type GenerateContext, type Generator, runGenerator } from "./generator.js";

/** A cluster profile for tests: the fields every profile has, with plausible values. */
export function sampleProfile(over: Partial<ClusterProfile> = {}): ClusterProfile {
  const axis = (mean: number, min: number, max: number) => ({ mean, min, max });
  return ClusterProfile.parse({
    cluster_id: 0,
    size: 10,
    share: 0.5,
    type_distribution: { compositional: 0.5, logic_mix: 0.5 },
    depth: axis(3, 1, 5),
    distractor_count: axis(1, 0, 2),
    operator_count: axis(1.5, 1, 2),
    depth_histogram: { "1": 2, "3": 4, "5": 4 },
    distractor_histogram: { "0": 6, "2": 4 },
    operator_histogram: { "1": 5, "2": 5 },
    models: [
      { model_id: "a", count: 6, share: 0.6 },
      { model_id: "b", count: 4, share: 0.4 },
    ],
    disagreement: 0.4,
    distinctive_terms: ["taller", "than"],
    exemplar_failure_ids: ["a::x1", "b::x2"],
    description: "a sample cluster for tests",
    ...over,
  });
}

export interface ContractReport {
  /** the cases run, each with its profiles, budget and what was checked */
  cases: { name: string; budget: number; clusters: number; items: number }[];
}

/**
 * The checks fib applies to every generator, run against a plugin in its own tests: for empty,
 * one-cluster and several-cluster profiles, and budgets 0, 1 and `budget`, generate() must return
 * exactly the budget in valid items (the Item schema), with new unique ids, no text that repeats an
 * excluded one (words in any order), and the same items for the same input (determinism); a
 * different seed must still pass. Throws the same PLUGIN_INVALID error fib would; returns what ran.
 *
 *   import { checkGeneratorContract } from "@fib/induce";
 *   it("meets fib's generator contract", () => { checkGeneratorContract(myGenerator); });
 */
export function checkGeneratorContract(g: Generator, opts: { budget?: number; profiles?: readonly ClusterProfile[]; exclude?: readonly Item[] } = {}): ContractReport {
  const budget = opts.budget ?? 24;
  const several = opts.profiles ?? [
    sampleProfile({ cluster_id: 0, size: 30 }),
    sampleProfile({ cluster_id: 1, size: 10, type_distribution: { counterfactual: 1 }, depth_histogram: { "2": 10 } }),
    sampleProfile({ cluster_id: 2, size: 5, type_distribution: { distractor: 1 }, disagreement: 0 }),
  ];
  const exclude = { ids: (opts.exclude ?? []).map((i) => i.id), texts: (opts.exclude ?? []).map((i) => i.x) };
  const cases: [string, readonly ClusterProfile[], number][] = [
    ["no clusters (every model answered everything)", [], budget],
    ["one cluster", several.slice(0, 1), budget],
    ["several clusters", several, budget],
    ["budget 0", several, 0],
    ["budget 1", several, 1],
  ];
  const report: ContractReport = { cases: [] };
  for (const [name, profiles, b] of cases) {
    for (const seed of [0, 12345]) {
      const ctx: GenerateContext = { budget: b, seed, round: 1, exclude };
      const items = runGenerator(g, profiles, ctx);
      const again = g.generate(profiles, { ...ctx, exclude });
      if (JSON.stringify(again) !== JSON.stringify(items)) {
        throw new FibError("PLUGIN_INVALID", `generator ${g.name}: not deterministic — the same profiles and context gave different items (${name}, seed ${seed})`, { field: "generator" });
      }
      if (seed === 0) report.cases.push({ name, budget: b, clusters: profiles.length, items: items.length });
    }
  }
  // what was excluded is excluded: run again excluding everything the first run produced
  const first = runGenerator(g, several, { budget, seed: 7, round: 2, exclude });
  runGenerator(g, several, { budget, seed: 7, round: 2, exclude: { ids: [...exclude.ids, ...first.map((i) => i.id)], texts: [...exclude.texts, ...first.map((i) => i.x)] } });
  return report;
}
