import { resolve } from "node:path";
import { discover, structureRecovery } from "@fib/clustering";
import { extractFailures } from "@fib/failures";
import { checkGenerated, } from "@fib/induce";
import { FibError, type Provenance, readItems } from "@fib/schemas";
import { createRng, deriveSeed, sampleWithoutReplacement, shuffle } from "@fib/stats";
import { scoreSlice, type SliceScores } from "./evalStatic.js";
import { chooseGenerator, type GeneratorChoice } from "./chooseGenerator.js";
import { captureProvenance } from "./provenance.js";
import { closeModels, type ModelSelection, modelSpecs, resolveModels } from "./resolveModels.js";
import { evaluateLogged, runOptionsFor, type RunSettings, withRun } from "./withRun.js";

export interface CompareOptions extends ModelSelection, RunSettings, GeneratorChoice {
  dataset: string;
  budget?: number;
  seed?: number;
  nBoot?: number;
  k?: number | "auto";
}

export interface CompareSummary {
  kind: "compare";
  dataset: string;
  budget: number;
  static_separation_S: number;
  static_separation_S_ci: SliceScores["model_separation_S_ci"];
  failure_gen_separation_S: number;
  failure_gen_separation_S_ci: SliceScores["model_separation_S_ci"];
  accuracy_by_model: { static: Record<string, number>; failure_gen: Record<string, number> };
  n_induction_items: number;
  n_failures: number;
  k: number;
  n_generated: number;
  failure_geometry_purity: number | null;
  profiles: { cluster_id: number; size: number; description: string }[];
  config: Record<string, unknown>;
  provenance: Provenance;
}

/**
 * `fib compare`: one seed, static versus failure-induced at equal budget. The dataset is split
 * in two: failures on the induction half are clustered and G generates `budget` new items from
 * the profiles; the static benchmark is `budget` items sampled from the other half, which the
 * induction never saw. Both are scored by the same models.
 */
export async function runCompare(o: CompareOptions): Promise<{ runDir: string; summary: CompareSummary }> {
  const budget = o.budget ?? 200;
  const seed = o.seed ?? 0;
  const nBoot = o.nBoot ?? 1000;
  if (!Number.isInteger(budget) || budget < 1) throw new FibError("USAGE", `budget must be a positive integer, got ${budget}`, { field: "budget" });
  const items = await readItems(o.dataset);
  if (items.length < 4) throw new FibError("INPUT_INVALID", `needs at least 4 items to split into induction and static halves, has ${items.length}`, { file: o.dataset });
  const predictors = await resolveModels(o);
  const gen = chooseGenerator(o);
  const config = { dataset: o.dataset, budget, seed, n_boot: nBoot, models: modelSpecs(o), k: o.k ?? "auto", generator: gen.name };
  try {
    return await withRun(runOptionsFor("compare", "compare", o), async (run) => {
      run.log.emit("run", "harness_config", { ...config, n_items: items.length });
      const shuffled = shuffle(items, createRng(deriveSeed(seed, "compare/split")));
      const half = Math.floor(items.length / 2);
      const inductionItems = shuffled.slice(0, half);
      const staticPool = shuffled.slice(half);
      const staticItems = sampleWithoutReplacement(staticPool, budget, createRng(deriveSeed(seed, "compare/static")));
      const indRecs = await evaluateLogged(predictors, inductionItems, run.log, { stage: "induce", ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
      const failures = extractFailures(indRecs, inductionItems);
      const d = discover(failures, { k: o.k ?? "auto", seed, models: predictors.map((p) => p.id) });
      const rec = d.status === "ok" && failures.every((f) => f.item.structure_id) ? structureRecovery(d.labels, failures.map((f) => f.item.structure_id as string), { nBoot: 200, seed }) : null;
      const ctx = { budget, seed: deriveSeed(seed, "compare/generate"), round: 0, exclude: { ids: items.map((i) => i.id), texts: items.map((i) => i.x) } };
      const generated = gen.generate(d.profiles, ctx);
      checkGenerated(gen, generated, ctx);
      const staticRecs = await evaluateLogged(predictors, staticItems, run.log, { stage: "eval/static" });
      const genRecs = await evaluateLogged(predictors, generated, run.log, { stage: "eval/failure_gen" });
      const st = scoreSlice("static", staticItems, staticRecs, { nBoot, seed });
      const fg = scoreSlice("failure_gen", generated, genRecs, { nBoot, seed });
      for (const [name, s] of [["static", st], ["failure_gen", fg]] as const) {
        run.log.emit("metric", "metric_computed", { name: `slice/${name}/separation`, value: s.model_separation_S, ci: s.model_separation_S_ci, seed, n: s.n });
      }
      const provenance = await captureProvenance({ runId: run.runId, startedAt: run.startedAt, seeds: { seed }, models: predictors.map((p) => p.describe()), datasets: { [o.dataset]: resolve(o.dataset) }, config, ...(o.argv ? { argv: o.argv } : {}), secrets: run.secrets });
      const summary: CompareSummary = {
        kind: "compare",
        dataset: o.dataset,
        budget,
        static_separation_S: st.model_separation_S,
        static_separation_S_ci: st.model_separation_S_ci,
        failure_gen_separation_S: fg.model_separation_S,
        failure_gen_separation_S_ci: fg.model_separation_S_ci,
        accuracy_by_model: { static: st.accuracy_by_model, failure_gen: fg.accuracy_by_model },
        n_induction_items: inductionItems.length,
        n_failures: failures.length,
        k: d.k,
        n_generated: generated.length,
        failure_geometry_purity: rec?.purity_macro ?? null,
        profiles: d.profiles.map((p) => ({ cluster_id: p.cluster_id, size: p.size, description: p.description })),
        config,
        provenance,
      };
      run.writeReport("summary.json", summary);
      return { runDir: run.dir, summary };
    });
  } finally {
    await closeModels(predictors);
  }
}
