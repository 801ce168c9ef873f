import { resolve } from "node:path";
import { discover, failureStructure } from "@fib/clustering";
import { evaluate } from "@fib/failures";
import { type Predictor, ruleBasedPredictor } from "@fib/models";
import { type EvalRecord, type Failure, failureId, type Item, type Provenance } from "@fib/schemas";
import { createRng, deriveSeed, sampleWithoutReplacement } from "@fib/stats";
import { chooseGenerator } from "./chooseGenerator.js";
import { EXPERIMENT_DEFAULTS as D } from "./experimentDefaults.js";
import type { HarnessConfigT } from "./experimentConfig.js";
import { closeModels, resolveModels } from "../run/resolveModels.js";
import { type CalibrationBlock, type HarnessOptions, harnessCore, prepareHarness, type RateEstimate } from "./harnessCore.js";

export type { CalibrationBlock, RateEstimate };
export {
  calibrationLabel,
  type DifficultyModel,
  decidedAt,
  difficultyModel,
  MAX_FP_UPPER,
  MIN_ADAPTIVE_REPS,
  POWER_TARGET,
  probabilityOf,
  rateEstimate,
  repsNeeded,
} from "../stats/calibrationRates.js";
import { calibrationLabel, type DifficultyModel, decidedAt, difficultyModel, MAX_FP_UPPER, MIN_ADAPTIVE_REPS, POWER_TARGET, probabilityOf, rateEstimate } from "../stats/calibrationRates.js";
import { checkAborted, evaluateLogged, runOptionsFor, withRun } from "../run/withRun.js";

export interface CalibrateOptions extends HarnessOptions {
  /** replications of each population (default 100) */
  reps?: number;
  /** replications of H2's coin-flip null (default {@link h2RepsFor}); 0: none */
  h2Reps?: number;
  /** which H1 populations to run (default all) */
  populations?: readonly Exclude<CalibrationPopulation, "h2">[];
  /** stop each population once its interval is decided (see {@link decidedAt}; default false: every replication) */
  adaptive?: boolean;
}

/** A simulated model answering each item correctly with probability p(item), noise keyed by (stream, item id). */
function simulated(id: string, stream: number, p: (it: Item) => number): Predictor {
  return ruleBasedPredictor(
    id,
    () => ({ id, kind: "calibration", stream }),
    (it) => {
      const u = deriveSeed(stream, it.id) / 2 ** 32;
      return { answer: (u < p(it) ? it.y : 1 - it.y) as 0 | 1 };
    },
  );
}

export interface CalibrationInput {
  config: HarnessConfigT;
  sliceItems: Record<string, Item[]>;
  induceFrom: string | null;
  fraction: number;
  /** the scored models' records on the slices' items: the observed difficulty */
  records: readonly EvalRecord[];
  nModels: number;
  /** the scored models' ids, in order (for the population matched to them); default null-0 … */
  models?: readonly string[];
  /** held-out inducing models (0: mined from the scored ones) */
  nInducers: number;
  options: HarnessOptions;
  reps: number;
  /** replications of H2's coin-flip null (default {@link h2RepsFor}; each re-runs discovery and its failure null); 0: none */
  h2Reps?: number;
  /** which H1 populations to run (default all; those not run report 0 of 0 and are left out of the verdict) */
  populations?: readonly Exclude<CalibrationPopulation, "h2">[];
  signal?: AbortSignal;
  onRep?: (kind: CalibrationPopulation, rep: number, verdict: string | null, diff: number | null) => void;
  /** stop each population once its interval is decided (see {@link decidedAt}); default false */
  adaptive?: boolean;
}

/**
 * Replications of H2's coin-flip null: as asked, else `reps` with the sequential stop (it stops once decided,
 * at 36 when nothing is called structured), else min(reps, 20) (each re-runs discovery and its failure null).
 */
export function h2RepsFor(c: { reps: number; h2Reps?: number; adaptive?: boolean }): number {
  return c.h2Reps ?? (c.adaptive ? c.reps : Math.min(c.reps, 20));
}

/** The simulated populations, in the order they run. */
export type CalibrationPopulation = "null" | "blind" | "power" | "observed" | "h2";

const STAGES: Record<CalibrationPopulation, string> = {
  null: "calibrate H1, equal-capability null (replications done)",
  blind: "calibrate H1, failure-blind null (replications done)",
  power: "calibrate H1, power on a capability ladder (replications done)",
  observed: "calibrate H1, power for the observed population (replications done)",
  h2: "calibrate H2, coin-flip null (replications done)",
};
export const calibrationStage = (kind: CalibrationPopulation) => STAGES[kind];

/**
 * Calibration for one harness configuration: `reps` times each, the whole H1 pipeline — per-seed
 * split, failure mining, clustering, generation, sampling and the tests — runs on simulated
 * populations, and the headline verdict (credited to the failures) is counted:
 * - **null (equal capability)**: every model right on an item with the same probability, the
 *   item's observed share of right answers (unseen generated items: their type × depth cell);
 * - **null (failure-blind)**: the observed population — each model right with *its own* observed
 *   rate per item and design cell, so the models differ as observed — with the generator given
 *   the profile of every induction item instead of the failures: H1 credited to the failures is
 *   false by construction; also counted, how often the induced-vs-static comparison is decided
 *   either way (the static pool's luck, which every seed shares);
 * - **power (ladder)**: error rates that are the observed difficulty scaled by 0.5 … 1.5;
 * - **power (observed population)**: the observed population with the real generator: how often
 *   this configuration calls H1 supported if the models behave as observed.
 * And H2's null: each model fails each item of the induced-from slice (at most 500 items) at its
 * observed rate, independently (coin flips: no structure), and discovery with its
 * failure-permutation null is run — counted, how often the failures are called structured.
 * Rates come with Clopper–Pearson intervals. The configuration is "too liberal" when a
 * false-positive interval lies above the stated 5 %, "calibrated" when every false-positive
 * interval's upper bound is ≤ 10 %, and otherwise "not enough replications", with how many would do.
 */
export async function calibrateH1(c: CalibrationInput): Promise<CalibrationBlock> {
  const diff = difficultyModel(Object.values(c.sliceItems).flat(), c.records);
  const populations = simulatedPopulations(c, diff);
  const M = c.nModels;
  const { counts, done } = await runPopulations(c, populations);
  const repsOf = (kind: Exclude<CalibrationPopulation, "h2">) => done[kind];
  const h2 = await calibrateH2(c, diff);
  const fp = rateEstimate(counts.null, repsOf("null"));
  const fpBlind = rateEstimate(counts.blind, repsOf("blind"));
  const fpPool = rateEstimate(counts.blindDecided, repsOf("blind"));
  const pw = rateEstimate(counts.power, repsOf("power"));
  const pwObs = rateEstimate(counts.observed, repsOf("observed"));
  const ran = ([, r]: [string, RateEstimate]) => r.reps > 0;
  const nulls = (
    [
      ["equal capability", fp],
      ["failure-blind generator (credited H1)", fpBlind],
      ["failure-blind generator (induced vs static decided either way)", fpPool],
      ...(h2 ? ([["coin-flip failures (H2 structured)", h2]] as [string, RateEstimate][]) : []),
    ] as [string, RateEstimate][]
  ).filter(ran);
  const powers = (
    [
      [`a ladder of ${M} models with the observed error rates scaled by 0.5…1.5`, pw],
      ["the observed population (each model's own observed rates, the real generator)", pwObs],
    ] as [string, RateEstimate][]
  ).filter(ran);
  const { verdict, reps_needed, liberal, wide } = calibrationLabel(nulls);
  const stopped = c.adaptive ? (Object.entries({ ...done, ...(h2 ? { h2: h2.reps } : {}) }) as [string, number][]).filter(([k, n]) => n > 0 && n < (k === "h2" ? h2RepsFor(c) : c.reps)) : [];
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const line = (name: string, r: RateEstimate) => `${name}: ${r.supported} of ${r.reps} (${pct(r.rate)}, 95% CI ${pct(r.lo)}–${pct(r.hi)})`;
  const reasoning =
    `False positives (stated size 5 %) — ${nulls.map(([n, r]) => line(n, r)).join("; ")}. ` +
    (powers.length ? `Power — ${powers.map(([n, r]) => line(n, r)).join("; ")}. ` : "") +
    (verdict === "calibrated"
      ? `Every false-positive interval lies at or below ${pct(MAX_FP_UPPER)}: the configuration is calibrated.`
      : verdict === "too liberal"
        ? `The false-positive rate lies above the stated size for ${liberal.join(", ")}: do not quote a supported verdict from this configuration.`
        : `Not enough replications to call it calibrated: the false-positive interval of ${wide.join(", ")} reaches above ${pct(MAX_FP_UPPER)}; ${reps_needed ? `about ${reps_needed} replications would bring it below at the rate seen` : "at the rate seen, no number of replications would"}.`) +
    (stopped.length
      ? ` Sequential stop: ${stopped.map(([k, n]) => `${k} after ${n}`).join(", ")} replications, each once its interval was decided (from ${MIN_ADAPTIVE_REPS} on: a false-positive upper bound ≤ ${pct(MAX_FP_UPPER)} or lower bound above 5 %, a power lower bound ≥ ${pct(POWER_TARGET)} or upper bound below it); the intervals are read as for a fixed count, which optional stopping makes slightly optimistic.`
      : "");
  return {
    reps: c.reps,
    adaptive: c.adaptive === true,
    stated_size: 0.05,
    max_fp_upper: MAX_FP_UPPER,
    difficulty: { n_items_observed: diff.observed.size, n_design_cells: diff.byDesign.size, overall: diff.overall },
    false_positive: { ...fp, population: `${M} models, each right on an item with its observed share of right answers` },
    false_positive_blind: { ...fpBlind, population: `${M} models as observed, the generator given every induction item instead of the failures (credited H1 supported)` },
    false_positive_pool: { ...fpPool, population: `${M} models as observed, failure-blind generator: induced vs static decided either way (the shared static pool's luck)` },
    false_positive_h2: h2 ? { ...h2, population: "each model failing each item at its observed rate, independently (coin flips): failures called structured" } : null,
    power: { ...pw, population: `${M} models, error rate = observed × 0.5 … 1.5` },
    power_observed: { ...pwObs, population: `${M} models, each right with its own observed rate per item and design cell; the real generator` },
    verdict,
    reps_needed,
    reasoning,
  };
}

/** The simulated populations of calibrateH1, each a function (replication, model index) → a predictor. */
function simulatedPopulations(c: CalibrationInput, diff: DifficultyModel): Record<Exclude<CalibrationPopulation, "h2">, (rep: number, j: number) => Predictor> {
  const all = Object.values(c.sliceItems).flat();
  const p = (it: Item) => probabilityOf(diff, it);
  const M = c.nModels;
  const ids = c.models ?? Array.from({ length: M }, (_, j) => `model-${j}`);
  const perModel = ids.map((id) =>
    difficultyModel(
      all,
      c.records.filter((r) => r.model_id === id),
    ),
  );
  const own = (j: number) => (it: Item) => probabilityOf(perModel[j % M] as DifficultyModel, it);
  const scale = (j: number) => (M > 1 ? 0.5 + j / (M - 1) : 1);
  return {
    null: (rep, j) => simulated(`null-${j}`, deriveSeed(rep, `calibrate/null/${j}`), p),
    blind: (rep, j) => simulated(`observed-${j}`, deriveSeed(rep, `calibrate/blind/${j}`), own(j)),
    power: (rep, j) => simulated(`ladder-${j}`, deriveSeed(rep, `calibrate/power/${j}`), (it) => Math.min(1, Math.max(0, 1 - scale(j % M) * (1 - p(it))))),
    observed: (rep, j) => simulated(`observed-${j}`, deriveSeed(rep, `calibrate/observed/${j}`), own(j)),
  };
}

/** Every H1 population's replications (each the whole harness on simulated answers), counted; with `adaptive`, each stops once decided. */
async function runPopulations(
  c: CalibrationInput,
  populations: Record<Exclude<CalibrationPopulation, "h2">, (rep: number, j: number) => Predictor>,
): Promise<{ counts: Record<"null" | "blind" | "power" | "observed" | "blindDecided", number>; done: Record<Exclude<CalibrationPopulation, "h2">, number> }> {
  const o = c.options;
  const gen = chooseGenerator(o);
  const M = c.nModels;
  const counts = { null: 0, blind: 0, power: 0, observed: 0, blindDecided: 0 };
  const run = new Set(c.populations ?? ["null", "blind", "power", "observed"]);
  const done = { null: 0, blind: 0, power: 0, observed: 0 };
  const settled = (kind: Exclude<CalibrationPopulation, "h2">, n: number) =>
    kind === "blind" ? decidedAt("null", counts.blind, n) && decidedAt("null", counts.blindDecided, n) : decidedAt(kind === "null" ? "null" : "power", counts[kind], n);
  for (const kind of ["null", "blind", "power", "observed"] as const) {
    for (let rep = 0; rep < (run.has(kind) ? c.reps : 0); rep++) {
      checkAborted(c.signal);
      const scored = Array.from({ length: M }, (_, j) => populations[kind](rep, j));
      // held-out inducers stay held out: other members of the same population, on their own noise
      const inducers = c.nInducers > 0 ? Array.from({ length: c.nInducers }, (_, j) => populations[kind](rep + 1_000_003, j)) : scored;
      const seeds = c.config.seeds.map((s) => deriveSeed(s, `calibrate/${kind}/${rep}`));
      const core = await harnessCore({
        sliceItems: c.sliceItems,
        models: scored.map((x) => x.id),
        inducers: inducers.map((x) => `${x.id}${inducers === scored ? "" : "-inducer"}`),
        sameInducers: inducers === scored,
        shared: inducers === scored ? scored.map((x) => x.id) : [],
        budget: o.budget,
        seeds,
        nBoot: c.config.n_boot,
        baseSeed: deriveSeed(c.config.seed, `calibrate/${kind}/${rep}`),
        induceFrom: c.induceFrom,
        fraction: c.fraction,
        k: c.config.k ?? D.k,
        h1Delta: c.config.thresholds.h1_delta,
        generator: gen,
        evaluateScored: (items) => evaluate(scored, items, c.signal ? { signal: c.signal } : {}),
        evaluateInducers: async (items) => (await evaluate(inducers, items, c.signal ? { signal: c.signal } : {})).map((r) => ({ ...r, model_id: `${r.model_id}-inducer` })),
        sliceCis: false,
        h2: false,
        ...(kind === "blind" ? { failureBlind: true } : {}),
      });
      if (core.h1_credited?.verdict === "supported") counts[kind]++;
      if (kind === "blind" && (core.h1?.verdict === "supported" || core.h1?.verdict === "not supported")) counts.blindDecided++;
      c.onRep?.(kind, rep, core.h1_credited?.verdict ?? null, core.h1?.diff_mean ?? null);
      done[kind] = rep + 1;
      if (c.adaptive && settled(kind, rep + 1)) break;
    }
  }
  return { counts, done };
}

/** H2's coin-flip null for this configuration: how often discovery calls failures with no structure "structured". */
async function calibrateH2(c: CalibrationInput, diff: DifficultyModel): Promise<RateEstimate | null> {
  const reps = h2RepsFor(c);
  const from = c.induceFrom ? c.sliceItems[c.induceFrom] : Object.values(c.sliceItems)[0];
  if (reps <= 0 || !from || from.length < 4) return null;
  const items = from.length > 500 ? sampleWithoutReplacement(from, 500, createRng(deriveSeed(c.options.seed ?? 0, "calibrate/h2/items"))) : from;
  const ids = c.models ?? Array.from({ length: c.nModels }, (_, j) => `model-${j}`);
  const failRate = ids.map((id) => {
    const own = c.records.filter((r) => r.model_id === id);
    return own.length ? own.filter((r) => !r.correct).length / own.length : 1 - diff.overall;
  });
  let hits = 0;
  for (let rep = 0; rep < reps; rep++) {
    checkAborted(c.signal);
    const failures: Failure[] = [];
    ids.forEach((id, j) => {
      const stream = deriveSeed(rep, `calibrate/h2/${j}`);
      for (const it of items) {
        if (deriveSeed(stream, it.id) / 2 ** 32 < (failRate[j] as number))
          failures.push({ failure_id: failureId(id, it.id), model_id: id, item_id: it.id, item: it, prediction: (1 - it.y) as 0 | 1, reason: "wrong_answer" });
      }
    });
    const seed = deriveSeed(c.options.seed ?? 0, `calibrate/h2/${rep}`);
    const k = c.config.k;
    const d = discover(failures, { k: k ?? D.k, seed, models: ids });
    const structure = d.status === "ok" ? failureStructure(d, failures, new Map(ids.map((id) => [id, items])), { seed, models: ids }) : null;
    if (structure?.structured) hits++;
    c.onRep?.("h2", rep, structure?.structured ? "structured" : "not structured", structure?.g_statistic ?? null);
    if (c.adaptive && decidedAt("null", hits, rep + 1)) return rateEstimate(hits, rep + 1);
  }
  return rateEstimate(hits, reps);
}

export interface CalibrationReport extends CalibrationBlock {
  kind: "calibration";
  config: Record<string, unknown>;
  provenance: Provenance;
}

/** `fib calibrate`: {@link calibrateH1} for a harness configuration given as harness options, in its own run dir. */
export async function runCalibrate(o: CalibrateOptions): Promise<{ runDir: string; report: CalibrationReport }> {
  const reps = o.reps ?? 100;
  const prepared = await prepareHarness({ ...o, induce: true });
  const { config, sliceItems } = prepared;
  const predictors = await resolveModels(o);
  try {
    return await withRun(runOptionsFor("calibrate", Object.keys(o.slices).join("-"), o), async (run) => {
      run.log.emit("run", "run_config", { ...config, reps });
      const all = Object.values(sliceItems).flat();
      const records = await evaluateLogged(predictors, all, run.log, { stage: "difficulty", ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
      const block = await calibrateH1({
        ...prepared,
        records,
        nModels: predictors.length,
        models: predictors.map((x) => x.id),
        nInducers: o.induceModels?.length ?? 0,
        options: o,
        reps,
        ...(o.h2Reps !== undefined ? { h2Reps: o.h2Reps } : {}),
        ...(o.populations ? { populations: o.populations } : {}),
        ...(o.adaptive ? { adaptive: true } : {}),
        ...(run.signal ? { signal: run.signal } : {}),
        onRep: (kind, rep, verdict, diff) => {
          run.log.emit("metric", "metric_computed", { name: `calibrate/${kind}/diff_mean`, value: diff, verdict, rep });
          o.onProgress?.({
            stage: calibrationStage(kind),
            done: rep + 1,
            total: kind === "h2" ? h2RepsFor({ reps, ...(o.h2Reps !== undefined ? { h2Reps: o.h2Reps } : {}), ...(o.adaptive ? { adaptive: true } : {}) }) : reps,
          });
        },
      });
      const provenance = await run.provenance({
        seeds: { seed: o.seed ?? 0 },
        models: predictors.map((x) => x.describe()),
        datasets: Object.fromEntries(Object.values(o.slices).map((d) => [d, resolve(d)])),
        config: { ...config, reps },
      });
      const report: CalibrationReport = { kind: "calibration", config, ...block, provenance };
      run.writeReport("calibration_report.json", report);
      return { runDir: run.dir, report };
    });
  } finally {
    await closeModels(predictors);
  }
}
