import { resolve } from "node:path";
import type { Predictor, PredictorSpec } from "@fib/models";
import { calibrateH1, calibrationStage } from "./calibrate.js";
import { defaultCalibrationWorkers } from "./calibrationPool.js";
import { chooseGenerator } from "./chooseGenerator.js";
import { type HarnessOptions, type HarnessReport, harnessCore, prepareHarness } from "./harnessCore.js";
import { EXPERIMENT_DEFAULTS as D } from "./experimentDefaults.js";
import { sharedModels } from "../run/modelIdentity.js";
import { checkPreregistration, preregFields } from "../run/prereg.js";
import { closeModels, type ModelSelection, resolveModels } from "../run/resolveModels.js";
import { evaluateLogged, runOptionsFor, withRun } from "../run/withRun.js";

/** The same model selection with other specs and no config file (for --induce-models). */
function withoutConfig(sel: ModelSelection, models: readonly PredictorSpec[]): ModelSelection {
  const { modelsConfig: _drop, ...rest } = sel;
  return { ...rest, models };
}

/** `--calibrate N`: H1's false-positive rate and power at this configuration (null unless asked for, with a generator and a pool). */
async function calibrateIfAsked(
  o: HarnessOptions,
  prepared: Awaited<ReturnType<typeof prepareHarness>>,
  records: Parameters<typeof calibrateH1>[0]["records"],
  m: { predictors: readonly Predictor[]; inducers: readonly Predictor[]; signal?: AbortSignal | undefined },
): Promise<Awaited<ReturnType<typeof calibrateH1>> | null> {
  const reps = o.calibrate;
  if (!reps || !o.induce || !prepared.induceFrom) return null;
  const same = m.inducers === m.predictors;
  return calibrateH1({
    ...prepared,
    records,
    nModels: m.predictors.length,
    models: m.predictors.map((p) => p.id),
    nInducers: same ? 0 : m.inducers.length,
    options: o,
    reps,
    // side by side in worker threads, as fib calibrate (the report is the same for any number)
    workers: defaultCalibrationWorkers(),
    ...(m.signal ? { signal: m.signal } : {}),
    onRep: (kind, rep, _verdict, _diff, progress) => o.onProgress?.({ stage: calibrationStage(kind), done: rep + 1, ...progress }),
  });
}

/**
 * The multi-seed, budget-matched harness (H1). Every model answers every item of every static
 * slice once; per seed and static slice, `budget` items are sampled without replacement (all of
 * them when the slice is no larger — the budget-cap branch, identical for every seed). With
 * `induce`, each seed splits `induceFrom` with its own stream into an induction part (never
 * scored) and a scoring part, mines the inducing models' failures on the induction part,
 * clusters them and generates an induced slice of `budget` items — and an unstructured one from
 * the same failures as one cluster — and H1 compares the induced slice with `budget` items of
 * the scoring part, on the debiased separation. The report gives the same test for the
 * unstructured induction and the structured-vs-unstructured difference.
 */
export async function runHarness(o: HarnessOptions): Promise<{ runDir: string; report: HarnessReport }> {
  const prepared = await prepareHarness(o);
  const { config, sliceItems, induceFrom, fraction } = prepared;
  const datasets = Object.values(o.slices);
  const prereg = o.prereg ? await checkPreregistration(o.prereg, "harness", config, datasets, o.reportsRoot ? { reportsDir: o.reportsRoot } : {}) : null;
  const gen = o.induce ? chooseGenerator(o) : null;
  const predictors = await resolveModels(o);
  const models = predictors.map((p) => p.id);
  const inducers: Predictor[] = o.induce && o.induceModels ? await resolveModels(withoutConfig(o, o.induceModels)) : predictors;
  const seeds = config.seeds;
  try {
    return await withRun(runOptionsFor(o.command ?? "harness", Object.keys(o.slices).join("-"), o), async (run) => {
      run.log.emit("run", "run_config", { ...config, sizes: Object.fromEntries(Object.entries(sliceItems).map(([k, v]) => [k, v.length])), pre_registered: prereg !== null });
      const progress = (stage: string) => (o.onProgress ? { stage, onProgress: o.onProgress } : { stage });
      const { records, ...core } = await harnessCore({
        sliceItems,
        models,
        inducers: inducers.map((p) => p.id),
        sameInducers: inducers === predictors,
        shared: inducers === predictors ? models : sharedModels(predictors, inducers),
        budget: o.budget,
        seeds,
        nBoot: config.n_boot,
        baseSeed: config.seed,
        induceFrom: gen ? induceFrom : null,
        fraction,
        k: config.k ?? D.k,
        h1Delta: config.thresholds.h1_delta,
        generator: gen,
        evaluateScored: (items, stage) => evaluateLogged(predictors, items, run.log, stage.includes("seed=") ? { stage } : progress(stage)),
        evaluateInducers: (items, stage) => evaluateLogged(inducers, items, run.log, progress(stage)),
        onMetric: (name, payload) => run.log.emit("metric", "metric_computed", { name, value: (payload.value as number | null) ?? null, ...payload }),
        onSeed: (done, total) => o.onProgress?.({ stage: "seeds", done, total }),
        ...(run.signal ? { signal: run.signal } : {}),
      });
      const calibration = await calibrateIfAsked(o, prepared, records, { predictors, inducers, signal: run.signal });
      if (calibration)
        run.log.emit("metric", "metric_computed", { name: "calibration/false_positive_rate", value: calibration.false_positive.rate, power: calibration.power.rate, reps: calibration.reps });
      const provenance = await run.provenance({
        seeds: Object.fromEntries(seeds.map((s, i) => [`seed_${i}`, s])),
        models: [...predictors, ...(inducers === predictors ? [] : inducers)].map((p) => p.describe()),
        datasets: Object.fromEntries(datasets.map((d) => [d, resolve(d)])),
        config,
      });
      const report: HarnessReport = {
        kind: "harness",
        config,
        ...preregFields(prereg),
        seeds,
        ...core,
        calibration,
        provenance,
      };
      run.writeReport("harness_report.json", report);
      return { runDir: run.dir, report };
    });
  } finally {
    await closeModels(inducers === predictors ? predictors : [...predictors, ...inducers]);
  }
}
