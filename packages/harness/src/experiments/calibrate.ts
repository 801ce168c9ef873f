import { resolve } from "node:path";
import type { Provenance } from "@fib/schemas";
import { closeModels, resolveModels } from "../run/resolveModels.js";
import { type CalibrationBlock, type HarnessOptions, prepareHarness, type RateEstimate } from "./harnessCore.js";
import { defaultCalibrationWorkers, inProcessExecutor, type ReplicationStream, runReplications, workerExecutor, workerSafe } from "./calibrationPool.js";
import { type CalibrationPopulation, type CalibrationSetup, type H1Population, h2Design } from "./calibrationReps.js";

export type { CalibrationBlock, CalibrationPopulation, RateEstimate };
export {
  calibrationLabel,
  DIFFICULTY_GRANULARITIES,
  type DifficultyGranularity,
  type DifficultyModel,
  decidedAt,
  difficultyModel,
  expectedStop,
  MAX_FP_UPPER,
  MIN_ADAPTIVE_REPS,
  POWER_TARGET,
  probabilityOf,
  rateEstimate,
  repsNeeded,
} from "../stats/calibrationRates.js";
import {
  calibrationLabel,
  creditedLabel,
  type DifficultyGranularity,
  decidedAt,
  difficultyModel,
  expectedStop,
  MAX_FP_UPPER,
  MIN_ADAPTIVE_REPS,
  POWER_TARGET,
  rateEstimate,
} from "../stats/calibrationRates.js";
import { evaluateLogged, runOptionsFor, withRun } from "../run/withRun.js";

export interface CalibrateOptions extends HarnessOptions {
  /** replications of each population (default 100) */
  reps?: number;
  /** replications of H2's coin-flip null (default {@link h2RepsFor}); 0: none */
  h2Reps?: number;
  /** which H1 populations to run (default all) */
  populations?: readonly H1Population[];
  /** stop each population once its interval is decided (see {@link decidedAt}; default false: every replication) */
  adaptive?: boolean;
  /** replications at once, in worker threads (default {@link defaultCalibrationWorkers}: one per core, at most 8; 1: in this thread) */
  workers?: number;
  /** how finely a generated item's difficulty is modelled (default "design"; see {@link DifficultyGranularity}) */
  difficulty?: DifficultyGranularity;
}

export interface CalibrationInput extends CalibrationSetup {
  options: HarnessOptions;
  reps: number;
  /** replications of H2's coin-flip null (default {@link h2RepsFor}; each re-runs discovery and its failure null); 0: none */
  h2Reps?: number;
  /** which H1 populations to run (default all; those not run report 0 of 0 and are left out of the verdict) */
  populations?: readonly H1Population[];
  signal?: AbortSignal;
  /** after each replication, in order: its outcome, and how far the population can run (`total`) and will likely run (`expected`, with the sequential stop) */
  onRep?: (kind: CalibrationPopulation, rep: number, verdict: string | null, diff: number | null, progress: { total: number; expected?: number }) => void;
  /** stop each population once its interval is decided (see {@link decidedAt}); default false */
  adaptive?: boolean;
  /**
   * replications at once, in worker threads (default 1: one at a time, in this thread). The report is
   * the same for any number; a generator that is not built in runs in this thread whatever is asked.
   */
  workers?: number;
}

/**
 * Replications of H2's coin-flip null: as asked, else `reps` with the sequential stop (it stops once decided,
 * at 36 when nothing is called structured), else min(reps, 20) (each re-runs discovery and its failure null).
 */
export function h2RepsFor(c: { reps: number; h2Reps?: number; adaptive?: boolean }): number {
  return c.h2Reps ?? (c.adaptive ? c.reps : Math.min(c.reps, 20));
}

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
  const diff = difficultyModel(Object.values(c.sliceItems).flat(), c.records, c.difficulty);
  const M = c.nModels;
  const { counts, done } = await runPopulations(c, h2Design(c, diff) !== null);
  const repsOf = (kind: H1Population) => done[kind];
  const h2 = done.h2 > 0 ? rateEstimate(counts.h2, done.h2) : null;
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
  const credited = creditedLabel(fp, fpBlind);
  const stopped = c.adaptive ? (Object.entries(done) as [string, number][]).filter(([k, n]) => n > 0 && n < (k === "h2" ? h2RepsFor(c) : c.reps)) : [];
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
    (credited && credited !== verdict
      ? ` The credited verdict alone (its nulls: equal capability; the failure-blind generator credited) is ${credited}${credited === "calibrated" ? ": H1 credited to the failures may be quoted from this configuration, induced vs static alone may not" : ""}.`
      : "") +
    (stopped.length
      ? ` Sequential stop: ${stopped.map(([k, n]) => `${k} after ${n}`).join(", ")} replications, each once its interval was decided (from ${MIN_ADAPTIVE_REPS} on: a false-positive upper bound ≤ ${pct(MAX_FP_UPPER)} or lower bound above 5 %, a power lower bound ≥ ${pct(POWER_TARGET)} or upper bound below it); the intervals are read as for a fixed count, which optional stopping makes slightly optimistic.`
      : "");
  return {
    reps: c.reps,
    adaptive: c.adaptive === true,
    stated_size: 0.05,
    max_fp_upper: MAX_FP_UPPER,
    difficulty: { n_items_observed: diff.observed.size, n_design_cells: diff.byDesign.size, overall: diff.overall, granularity: diff.granularity, n_structure_cells: diff.byStructure.size },
    false_positive: { ...fp, population: `${M} models, each right on an item with its observed share of right answers` },
    false_positive_blind: { ...fpBlind, population: `${M} models as observed, the generator given every induction item instead of the failures (credited H1 supported)` },
    false_positive_pool: { ...fpPool, population: `${M} models as observed, failure-blind generator: induced vs static decided either way (the shared static pool's luck)` },
    false_positive_h2: h2 ? { ...h2, population: "each model failing each item at its observed rate, independently (coin flips): failures called structured" } : null,
    power: { ...pw, population: `${M} models, error rate = observed × 0.5 … 1.5` },
    power_observed: { ...pwObs, population: `${M} models, each right with its own observed rate per item and design cell; the real generator` },
    verdict,
    ...(credited ? { verdict_credited: credited } : {}),
    reps_needed,
    reasoning,
  };
}

type Counts = Record<H1Population | "h2" | "blindDecided", number>;

/**
 * Every population's replications (each H1 one the whole harness on simulated answers; each H2 one
 * discovery on coin-flip failures), counted in replication order; with `adaptive`, each stops once
 * decided. With `workers` > 1 they run that many at once in worker threads, with the same counts.
 */
async function runPopulations(c: CalibrationInput, withH2: boolean): Promise<{ counts: Counts; done: Record<CalibrationPopulation, number> }> {
  const counts: Counts = { null: 0, blind: 0, power: 0, observed: 0, h2: 0, blindDecided: 0 };
  const run = new Set(c.populations ?? ["null", "blind", "power", "observed"]);
  const rule = (kind: CalibrationPopulation) => (kind === "power" || kind === "observed" ? "power" : "null");
  const settled = (kind: CalibrationPopulation, n: number) =>
    kind === "blind" ? decidedAt("null", counts.blind, n) && decidedAt("null", counts.blindDecided, n) : decidedAt(rule(kind), counts[kind], n);
  const stream = (kind: CalibrationPopulation, max: number): ReplicationStream => ({
    kind,
    max,
    take(r, rep) {
      if (r.verdict === (kind === "h2" ? "structured" : "supported")) counts[kind]++;
      if (kind === "blind" && r.decided) counts.blindDecided++;
      c.onRep?.(kind, rep, r.verdict, r.stat, { total: max, ...(c.adaptive ? { expected: expectedStop(rule(kind), counts[kind], rep + 1, max) } : {}) });
      return c.adaptive === true && settled(kind, rep + 1);
    },
  });
  const streams = [...(["null", "blind", "power", "observed"] as const).map((kind) => stream(kind, run.has(kind) ? c.reps : 0)), stream("h2", withH2 ? h2RepsFor(c) : 0)];
  // no more workers than replications to run
  const n = Math.max(
    1,
    Math.min(
      Math.floor(c.workers ?? 1),
      streams.reduce((a, s) => a + s.max, 0),
    ),
  );
  const exec = n > 1 && workerSafe(c) ? workerExecutor(setupOf(c), n) : inProcessExecutor(c, c.signal);
  try {
    const taken = await runReplications(streams, exec, c.signal);
    const done = Object.fromEntries((["null", "blind", "power", "observed", "h2"] as const).map((k) => [k, taken.get(k) ?? 0])) as Record<CalibrationPopulation, number>;
    return { counts, done };
  } finally {
    await exec.close();
  }
}

/** The plain data a replication reads (what a worker thread gets a copy of). */
function setupOf(c: CalibrationInput): CalibrationSetup {
  const { options: o } = c;
  return {
    config: c.config,
    sliceItems: c.sliceItems,
    induceFrom: c.induceFrom,
    fraction: c.fraction,
    records: c.records,
    nModels: c.nModels,
    ...(c.models ? { models: c.models } : {}),
    nInducers: c.nInducers,
    ...(c.difficulty ? { difficulty: c.difficulty } : {}),
    options: { budget: o.budget, ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.generator !== undefined ? { generator: o.generator } : {}) },
  };
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
        ...(o.difficulty ? { difficulty: o.difficulty } : {}),
        workers: o.workers ?? defaultCalibrationWorkers(),
        ...(run.signal ? { signal: run.signal } : {}),
        onRep: (kind, rep, verdict, diff, progress) => {
          run.log.emit("metric", "metric_computed", { name: `calibrate/${kind}/diff_mean`, value: diff, verdict, rep });
          o.onProgress?.({ stage: calibrationStage(kind), done: rep + 1, ...progress });
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
