import { resolve } from "node:path";
import { discover, structureRecovery } from "@fib/clustering";
import { extractFailures } from "@fib/failures";
import { checkGenerated, type Generator } from "@fib/induce";
import type { Predictor, PredictorSpec } from "@fib/models";
import { type EvalRecord, FibError, type Item, type Provenance, readItems } from "@fib/schemas";
import { bootstrapCi, type ConfidenceInterval, createRng, deriveSeed, sampleIndices, shuffle, std } from "@fib/stats";
import { type CorrectnessMatrix, type H1Result, h1Test, separationOf } from "./h1.js";
import { checkPreregistration } from "./prereg.js";
import { chooseGenerator, type GeneratorChoice } from "./chooseGenerator.js";
import { captureProvenance } from "./provenance.js";
import { closeModels, type ModelSelection, modelSpecs, resolveModels } from "./resolveModels.js";
import { evaluateLogged, runOptionsFor, type RunSettings, withRun } from "./withRun.js";

export interface HarnessOptions extends ModelSelection, RunSettings, GeneratorChoice {
  /** static slices: name → JSONL path */
  slices: Record<string, string>;
  budget: number;
  nSeeds: number;
  nBoot?: number;
  /** base seed: the seeds are base … base + nSeeds − 1 */
  seed?: number;
  /** add an induced slice, built by G from failures on an induction split of `induceFrom` */
  induce?: boolean;
  /** the slice whose items are split into an induction split (never scored) and a scoring split (default: the first slice) */
  induceFrom?: string;
  /** models whose failures the benchmark is mined from (default: the evaluated models) */
  induceModels?: readonly PredictorSpec[];
  /** share of `induceFrom` used for induction (default 0.5) */
  inductionFraction?: number;
  k?: number | "auto";
  /** minimum effect for H1 (default 0) */
  h1Delta?: number;
  prereg?: string;
}

/** The canonical configuration of a harness run: what pre-registration locks. */
export function harnessConfig(o: HarnessOptions): Record<string, unknown> {
  const seed = o.seed ?? 0;
  return {
    command: "harness",
    slices: o.slices,
    budget: o.budget,
    n_seeds: o.nSeeds,
    n_boot: o.nBoot ?? 1000,
    seed,
    seeds: Array.from({ length: o.nSeeds }, (_, i) => seed + i),
    models: modelSpecs(o),
    induce: o.induce ?? false,
    induce_from: o.induce ? (o.induceFrom ?? Object.keys(o.slices)[0]) : null,
    induce_models: o.induce && o.induceModels ? [...o.induceModels] : null,
    induction_fraction: o.induce ? (o.inductionFraction ?? 0.5) : null,
    generator: o.induce ? (o.generator ?? "carb-conditioned") : null,
    k: o.induce ? (o.k ?? "auto") : null,
    thresholds: { h1_delta: o.h1Delta ?? 0 },
  };
}

export interface SliceSeedResult {
  seed: number;
  n: number;
  accuracy_by_model: Record<string, number>;
  model_separation_S: number;
  model_separation_S_ci: ConfidenceInterval;
}

export interface HarnessReport {
  kind: "harness";
  config: Record<string, unknown>;
  pre_registered: boolean;
  prereg_sha256: string | null;
  seeds: number[];
  slices: Record<string, { n_items: number; branch: "budget_cap" | "resample" | "generated"; S_mean: number; S_std: number; per_seed: SliceSeedResult[] }>;
  induction: null | {
    from: string;
    n_induction_items: number;
    n_scoring_items: number;
    induce_models: string[];
    same_models_as_scored: boolean;
    n_failures: number;
    k: number;
    failure_geometry_purity: number | null;
    profiles: { cluster_id: number; size: number; description: string }[];
    generator: Record<string, unknown>;
  };
  h1: (H1Result & { static_slice: string; induced_slice: string }) | null;
  provenance: Provenance;
}

/** The same model selection with other specs and no config file (for --induce-models). */
function withoutConfig(sel: ModelSelection, models: readonly PredictorSpec[]): ModelSelection {
  const { modelsConfig: _drop, ...rest } = sel;
  return { ...rest, models };
}

function matrix(models: readonly string[], items: readonly Item[], records: readonly EvalRecord[]): Uint8Array[] {
  const index = new Map(items.map((it, i) => [it.id, i]));
  const rows = models.map(() => new Uint8Array(items.length));
  const mi = new Map(models.map((m, i) => [m, i]));
  for (const r of records) {
    const i = index.get(r.item_id);
    const m = mi.get(r.model_id);
    if (i !== undefined && m !== undefined) (rows[m] as Uint8Array)[i] = r.correct ? 1 : 0;
  }
  return rows;
}

function seedResult(seed: number, models: readonly string[], m: CorrectnessMatrix, idx: readonly number[], nBoot: number, label: string): SliceSeedResult {
  const sub = m.map((row) => Uint8Array.from(idx, (i) => row[i] as number));
  const accuracy_by_model = Object.fromEntries(models.map((id, k) => [id, idx.length ? (sub[k] as Uint8Array).reduce((s, x) => s + x, 0) / idx.length : Number.NaN]));
  const ci = bootstrapCi(
    idx.map((_, i) => i),
    (sample) => separationOf(sub, sample as number[]),
    { nBoot, seed: deriveSeed(seed, `harness/ci/${label}`) },
  );
  return { seed, n: idx.length, accuracy_by_model, model_separation_S: ci.value, model_separation_S_ci: ci };
}

/**
 * The multi-seed, budget-matched harness (H1). Per seed and static slice: `budget` items
 * sampled without replacement (all of them when the slice is no larger — the budget-cap
 * branch, identical for every seed), per-model accuracy and S with a bootstrap CI; across
 * seeds S_mean and S_std. With `induce`, an induced slice per seed is generated by G from the
 * failure clusters of an induction split that is never scored, and H1 compares it with the
 * static slice it was split from.
 */
export async function runHarness(o: HarnessOptions): Promise<{ runDir: string; report: HarnessReport }> {
  const config = harnessConfig(o);
  if (!Number.isInteger(o.budget) || o.budget < 1) throw new FibError("USAGE", `budget must be a positive integer, got ${o.budget}`, { field: "budget" });
  if (!Number.isInteger(o.nSeeds) || o.nSeeds < 1) throw new FibError("USAGE", `n-seeds must be a positive integer, got ${o.nSeeds}`, { field: "n_seeds" });
  if (Object.keys(o.slices).length === 0) throw new FibError("USAGE", "give at least one --slice NAME=PATH");
  const datasets = Object.values(o.slices);
  const prereg = o.prereg ? await checkPreregistration(o.prereg, "harness", config, datasets) : null;
  const sliceItems: Record<string, Item[]> = {};
  for (const [name, path] of Object.entries(o.slices)) sliceItems[name] = await readItems(path);
  const induceFrom = config.induce_from as string | null;
  if (induceFrom !== null && !sliceItems[induceFrom]) throw new FibError("USAGE", `--induce-from names no slice: ${induceFrom}`, { field: "induce_from" });
  const gen = o.induce ? chooseGenerator(o) : null;
  const predictors = await resolveModels(o);
  const models = predictors.map((p) => p.id);
  const inducers: Predictor[] = o.induce && o.induceModels ? await resolveModels(withoutConfig(o, o.induceModels)) : predictors;
  const nBoot = o.nBoot ?? 1000;
  const seeds = config.seeds as number[];
  try {
    return await withRun(runOptionsFor("harness", Object.keys(o.slices).join("-"), o), async (run) => {
      run.log.emit("run", "harness_config", { ...config, sizes: Object.fromEntries(Object.entries(sliceItems).map(([k, v]) => [k, v.length])), pre_registered: prereg !== null });
      // the induction split is carved out of its slice before anything is scored
      let induction: HarnessReport["induction"] = null;
      let profiles: Parameters<Generator["generate"]>[0] = [];
      if (o.induce && induceFrom && gen) {
        const all = sliceItems[induceFrom] as Item[];
        const shuffled = shuffle(all, createRng(deriveSeed(o.seed ?? 0, "harness/induction-split")));
        const nInd = Math.max(1, Math.min(all.length - 1, Math.round(all.length * (config.induction_fraction as number))));
        const inductionItems = shuffled.slice(0, nInd);
        sliceItems[induceFrom] = shuffled.slice(nInd).sort((a, b) => all.indexOf(a) - all.indexOf(b));
        const recs = await evaluateLogged(inducers, inductionItems, run.log, { stage: "induce", ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
        const failures = extractFailures(recs, inductionItems);
        const d = discover(failures, { k: (config.k as number | "auto") ?? "auto", seed: o.seed ?? 0, models: inducers.map((p) => p.id) });
        profiles = d.profiles;
        const rec = d.status === "ok" && failures.every((f) => f.item.structure_id) ? structureRecovery(d.labels, failures.map((f) => f.item.structure_id as string), { nBoot: 200, seed: o.seed ?? 0 }) : null;
        induction = {
          from: induceFrom,
          n_induction_items: inductionItems.length,
          n_scoring_items: (sliceItems[induceFrom] as Item[]).length,
          induce_models: inducers.map((p) => p.id),
          same_models_as_scored: inducers.map((p) => p.id).join() === models.join(),
          n_failures: failures.length,
          k: d.k,
          failure_geometry_purity: rec?.purity_macro ?? null,
          profiles: d.profiles.map((p) => ({ cluster_id: p.cluster_id, size: p.size, description: p.description })),
          generator: gen.describe?.() ?? { name: gen.name, version: gen.version },
        };
        run.log.emit("metric", "metric_computed", { name: "induction/n_failures", value: failures.length, k: d.k });
      }
      // static slices: every model answers every (scoring) item once; seeds then sample
      const slices: HarnessReport["slices"] = {};
      const staticMatrices: Record<string, Uint8Array[]> = {};
      for (const [name, items] of Object.entries(sliceItems)) {
        const recs = await evaluateLogged(predictors, items, run.log, { stage: `eval/${name}`, ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
        staticMatrices[name] = matrix(models, items, recs);
        slices[name] = { n_items: items.length, branch: items.length <= o.budget ? "budget_cap" : "resample", S_mean: 0, S_std: 0, per_seed: [] };
      }
      const perSeedH1: { static: CorrectnessMatrix; induced: CorrectnessMatrix }[] = [];
      const known = { ids: Object.values(sliceItems).flat().map((i) => i.id), texts: Object.values(sliceItems).flat().map((i) => i.x) };
      if (gen) {
        slices.induced = { n_items: o.budget, branch: "generated", S_mean: 0, S_std: 0, per_seed: [] };
      }
      for (const s of seeds) {
        for (const [name, items] of Object.entries(sliceItems)) {
          const idx = sampleIndices(items.length, o.budget, createRng(deriveSeed(s, `harness/sample/${name}`)));
          const r = seedResult(s, models, staticMatrices[name] as Uint8Array[], idx, nBoot, name);
          (slices[name] as HarnessReport["slices"][string]).per_seed.push(r);
          run.log.emit("metric", "metric_computed", { name: `slice/${name}/separation`, value: r.model_separation_S, ci: r.model_separation_S_ci, seed: s, n: r.n });
          if (gen && name === induceFrom) perSeedH1.push({ static: (staticMatrices[name] as Uint8Array[]).map((row) => Uint8Array.from(idx, (i) => row[i] as number)), induced: [] });
        }
        if (gen) {
          const ctx = { budget: o.budget, seed: deriveSeed(s, "harness/generate"), round: 0, exclude: known };
          const items = gen.generate(profiles, ctx);
          checkGenerated(gen, items, ctx);
          const recs = await evaluateLogged(predictors, items, run.log, { stage: `eval/induced/seed=${s}` });
          const m = matrix(models, items, recs);
          const r = seedResult(s, models, m, items.map((_, i) => i), nBoot, "induced");
          (slices.induced as HarnessReport["slices"][string]).per_seed.push(r);
          (perSeedH1.at(-1) as { induced: CorrectnessMatrix }).induced = m;
          run.log.emit("metric", "metric_computed", { name: "slice/induced/separation", value: r.model_separation_S, ci: r.model_separation_S_ci, seed: s, n: r.n });
        }
        o.onProgress?.({ stage: "seeds", done: seeds.indexOf(s) + 1, total: seeds.length });
      }
      for (const [name, sl] of Object.entries(slices)) {
        const Ss = sl.per_seed.map((r) => r.model_separation_S);
        sl.S_mean = Ss.reduce((a, b) => a + b, 0) / Ss.length;
        sl.S_std = std(Ss, 0);
        run.log.emit("metric", "metric_computed", { name: `slice/${name}/S_mean`, value: sl.S_mean, S_std: sl.S_std, n_seeds: Ss.length });
      }
      let h1: HarnessReport["h1"] = null;
      if (gen && induceFrom && induction) {
        const note = induction.same_models_as_scored
          ? "Caveat: the induced slice was mined from the failures of the same models it scores; pass --induce-models to judge it on models it was not mined from."
          : `The induced slice was mined from ${induction.induce_models.join(", ")}, not from the scored models.`;
        h1 = { ...h1Test(perSeedH1, { nBoot, seed: o.seed ?? 0, delta: o.h1Delta ?? 0, note }), static_slice: induceFrom, induced_slice: "induced" };
        run.log.emit("metric", "metric_computed", { name: "h1/diff_mean", value: h1.diff_mean, ci: h1.ci, verdict: h1.verdict });
      }
      const provenance = await captureProvenance({
        runId: run.runId,
        startedAt: run.startedAt,
        seeds: Object.fromEntries(seeds.map((s, i) => [`seed_${i}`, s])),
        models: [...predictors, ...(inducers === predictors ? [] : inducers)].map((p) => p.describe()),
        datasets: Object.fromEntries(datasets.map((d) => [d, resolve(d)])),
        config,
        ...(o.argv ? { argv: o.argv } : {}),
        secrets: run.secrets,
      });
      const report: HarnessReport = { kind: "harness", config, pre_registered: prereg !== null, prereg_sha256: prereg?.prereg_sha256 ?? null, seeds, slices, induction, h1, provenance };
      run.writeReport("harness_report.json", report);
      return { runDir: run.dir, report };
    });
  } finally {
    await closeModels(inducers === predictors ? predictors : [...predictors, ...inducers]);
  }
}
