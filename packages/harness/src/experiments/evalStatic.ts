import { basename } from "node:path";
import { accuracyByModel, accuracyBySlice, slicesBy } from "@fib/failures";
import type { Predictor } from "@fib/models";
import { type EvalRecord, type Item, type Provenance, readItems } from "@fib/schemas";
import { bootstrapCi, type ConfidenceInterval, debiasedSeparation, deriveSeed, mean } from "@fib/stats";
import { separationOf } from "../stats/h1.js";
import { correctnessMatrix } from "./harnessCore.js";
import type { SeparationScores } from "./harnessTypes.js";
import { closeModels, type ModelSelection, modelSpecs, resolveModels } from "../run/resolveModels.js";
import { evaluateLogged, runOptionsFor, type RunSettings, withRun } from "../run/withRun.js";
import { EXPERIMENT_DEFAULTS as D } from "./experimentDefaults.js";

export interface SliceScores extends SeparationScores {
  slice: string;
  models: string[];
  accuracy_ci_by_model: Record<string, ConfidenceInterval>;
  errors_by_model: Record<string, number>;
}

/**
 * Accuracy per model with percentile bootstrap CIs (items resampled), and model separation
 * S with a CI from resampling items jointly for all models (so the CI reflects the slice,
 * not independent noise per model).
 */
export function scoreSlice(slice: string, items: readonly Item[], records: readonly EvalRecord[], opts: { nBoot: number; seed: number }): SliceScores {
  const models = [...new Set(records.map((r) => r.model_id))];
  const correct = correctnessMatrix(models, items, records);
  const errors: Record<string, number> = {};
  for (const r of records) if (r.prediction === null) errors[r.model_id] = (errors[r.model_id] ?? 0) + 1;
  const acc = accuracyByModel(records);
  const accuracy_by_model: Record<string, number> = {};
  const accuracy_ci_by_model: Record<string, ConfidenceInterval> = {};
  const errors_by_model: Record<string, number> = {};
  models.forEach((m, k) => {
    accuracy_by_model[m] = acc[m]?.accuracy ?? Number.NaN;
    accuracy_ci_by_model[m] = bootstrapCi(Array.from(correct[k] as Uint8Array), mean, { nBoot: opts.nBoot, seed: deriveSeed(opts.seed, `acc/${slice}/${m}`) });
    errors_by_model[m] = errors[m] ?? 0;
  });
  const idx = items.map((_, i) => i);
  const model_separation_S_ci = bootstrapCi(idx, (sample) => separationOf(correct, sample as number[]), { nBoot: opts.nBoot, seed: deriveSeed(opts.seed, `separation/${slice}`) });
  const debiased = debiasedSeparation(correct);
  return {
    slice,
    n: items.length,
    models,
    accuracy_by_model,
    accuracy_ci_by_model,
    errors_by_model,
    model_separation_S: model_separation_S_ci.value,
    model_separation_S_ci,
    S2_debiased: debiased.S2_debiased,
    S_debiased: debiased.S_debiased,
  };
}

export interface EvalStaticOptions extends ModelSelection, RunSettings {
  dataset: string;
  seed?: number;
  nBoot?: number;
  concurrency?: number;
  signal?: AbortSignal;
  /** predictors already resolved (overrides specs) */
  predictors?: Predictor[];
}

export interface EvalStaticSummary extends SliceScores {
  kind: "eval_static";
  dataset: string;
  n_errors: number;
  accuracy_by_type: Record<string, Record<string, number>>;
  accuracy_by_depth: Record<string, Record<string, number>>;
  pre_registered: false;
  provenance: Provenance;
}

const flatten = (bySlice: ReturnType<typeof accuracyBySlice>, prefix: string) =>
  Object.fromEntries(Object.entries(bySlice).map(([k, v]) => [k.slice(prefix.length), Object.fromEntries(Object.entries(v).map(([m, c]) => [m, c.accuracy]))]));

/**
 * `fib eval-static`: every model answers every item of a dataset. Writes `events.jsonl`
 * as it goes and `summary.json` (atomically) only when the run completes.
 */
export async function runEvalStatic(opts: EvalStaticOptions): Promise<{ runDir: string; summary: EvalStaticSummary }> {
  const seed = opts.seed ?? 0;
  const nBoot = opts.nBoot ?? D.n_boot;
  const items = await readItems(opts.dataset);
  const predictors = opts.predictors ?? (await resolveModels(opts));
  const label = opts.label ?? basename(opts.dataset).replace(/\.jsonl$/, "");
  try {
    return await withRun(runOptionsFor("eval-static", label, opts), async (run) => {
      const config = { dataset: opts.dataset, models: opts.predictors ? predictors.map((p) => p.id) : modelSpecs(opts), seed, n_boot: nBoot, concurrency: opts.concurrency ?? 4 };
      run.log.emit("run", "run_config", { ...config, n_items: items.length });
      const records = await evaluateLogged(predictors, items, run.log, {
        ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      });
      const scores = scoreSlice(label, items, records, { nBoot, seed });
      for (const m of scores.models) {
        run.log.emit("metric", "metric_computed", { name: `slice/${label}/accuracy/${m}`, value: scores.accuracy_by_model[m] ?? null, ci: scores.accuracy_ci_by_model[m], n: items.length });
      }
      run.log.emit("metric", "metric_computed", { name: `slice/${label}/separation`, value: scores.model_separation_S, ci: scores.model_separation_S_ci, seed, n: items.length });
      const n_errors = records.filter((r) => r.prediction === null).length;
      const provenance = await run.provenance({
        seeds: { seed },
        models: predictors.map((p) => p.describe()),
        datasets: { [opts.dataset]: opts.dataset },
        config,
      });
      const summary: EvalStaticSummary = {
        kind: "eval_static",
        dataset: opts.dataset,
        ...scores,
        n_errors,
        accuracy_by_type: flatten(accuracyBySlice(records, items, slicesBy(items, "type")), "type="),
        accuracy_by_depth: flatten(accuracyBySlice(records, items, slicesBy(items, "depth")), "depth="),
        pre_registered: false,
        provenance,
      };
      run.writeReport("summary.json", summary);
      return { runDir: run.dir, summary };
    });
  } finally {
    await closeModels(opts.predictors ? [] : predictors);
  }
}
