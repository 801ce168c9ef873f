// One replication of a calibration population, as a pure function of (population, replication) and
// the calibration's data: the same numbers in-process or in a worker thread (calibrationPool.ts).
import { discover, failureStructure } from "@fib/clustering";
import { evaluate } from "@fib/failures";
import type { Generator } from "@fib/induce";
import { type Predictor, ruleBasedPredictor } from "@fib/models";
import { type EvalRecord, type Failure, failureId, type Item } from "@fib/schemas";
import { createRng, deriveSeed, sampleWithoutReplacement } from "@fib/stats";
import { type DifficultyGranularity, type DifficultyModel, difficultyModel, probabilityOf } from "../stats/calibrationRates.js";
import { chooseGenerator } from "./chooseGenerator.js";
import type { HarnessConfigT } from "./experimentConfig.js";
import { EXPERIMENT_DEFAULTS as D } from "./experimentDefaults.js";
import { harnessCore } from "./harnessCore.js";

/** The simulated populations, in the order they run. */
export type CalibrationPopulation = "null" | "blind" | "power" | "observed" | "h2";
export type H1Population = Exclude<CalibrationPopulation, "h2">;

/**
 * What every replication reads: plain data (structured-cloneable, so a worker thread gets a copy)
 * but for the generator, which crosses to a worker only as a built-in generator's name.
 */
export interface CalibrationSetup {
  config: HarnessConfigT;
  sliceItems: Record<string, Item[]>;
  induceFrom: string | null;
  fraction: number;
  /** the scored models' records on the slices' items: the observed difficulty */
  records: readonly EvalRecord[];
  nModels: number;
  /** the scored models' ids, in order (for the population matched to them); default model-0 … */
  models?: readonly string[];
  /** held-out inducing models (0: mined from the scored ones) */
  nInducers: number;
  /** how finely the simulated populations model a generated item's difficulty (default "design": its type × depth cell) */
  difficulty?: DifficultyGranularity;
  /** the harness options a replication reads */
  options: { budget: number; seed?: number; generator?: string | Generator; generators?: readonly Generator[] };
}

/** One replication's outcome: H1's credited verdict, whether induced vs static was decided either way and ΔV; or H2's call and G. */
export interface ReplicationResult {
  verdict: string | null;
  decided: boolean;
  stat: number | null;
}

export interface ReplicationTask {
  kind: CalibrationPopulation;
  rep: number;
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

const modelIds = (c: CalibrationSetup) => c.models ?? Array.from({ length: c.nModels }, (_, j) => `model-${j}`);

/** The simulated populations of calibrateH1, each a function (replication, model index) → a predictor. */
function simulatedPopulations(c: CalibrationSetup, diff: DifficultyModel): Record<H1Population, (rep: number, j: number) => Predictor> {
  const all = Object.values(c.sliceItems).flat();
  const p = (it: Item) => probabilityOf(diff, it);
  const M = c.nModels;
  const perModel = modelIds(c).map((id) =>
    difficultyModel(
      all,
      c.records.filter((r) => r.model_id === id),
      c.difficulty,
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

/** The items and failure rates of H2's coin-flip null (null when the slice is too small to run it). */
export function h2Design(c: CalibrationSetup, diff: DifficultyModel): { items: Item[]; ids: readonly string[]; failRate: number[] } | null {
  const from = c.induceFrom ? c.sliceItems[c.induceFrom] : Object.values(c.sliceItems)[0];
  if (!from || from.length < 4) return null;
  const items = from.length > 500 ? sampleWithoutReplacement(from, 500, createRng(deriveSeed(c.options.seed ?? 0, "calibrate/h2/items"))) : from;
  const ids = modelIds(c);
  const failRate = ids.map((id) => {
    const own = c.records.filter((r) => r.model_id === id);
    return own.length ? own.filter((r) => !r.correct).length / own.length : 1 - diff.overall;
  });
  return { items, ids, failRate };
}

/**
 * The replication function of a calibration: `(population, replication)` → its outcome. Each H1
 * replication is the whole harness (per-seed split, mining, clustering, generation, sampling, the
 * tests) on simulated answers; each H2 one mines coin-flip failures and runs discovery with its
 * failure-permutation null. What does not change between replications (the difficulty model, the
 * populations, the generator, H2's items) is built once.
 */
export function replicationRunner(c: CalibrationSetup, signal?: AbortSignal): (t: ReplicationTask) => Promise<ReplicationResult> {
  const diff = difficultyModel(Object.values(c.sliceItems).flat(), c.records, c.difficulty);
  const populations = simulatedPopulations(c, diff);
  const gen = chooseGenerator(c.options);
  const h2 = h2Design(c, diff);
  const opts = signal ? { signal } : {};
  const h1 = async (kind: H1Population, rep: number): Promise<ReplicationResult> => {
    const scored = Array.from({ length: c.nModels }, (_, j) => populations[kind](rep, j));
    // held-out inducers stay held out: other members of the same population, on their own noise
    const inducers = c.nInducers > 0 ? Array.from({ length: c.nInducers }, (_, j) => populations[kind](rep + 1_000_003, j)) : scored;
    const core = await harnessCore({
      sliceItems: c.sliceItems,
      models: scored.map((x) => x.id),
      inducers: inducers.map((x) => `${x.id}${inducers === scored ? "" : "-inducer"}`),
      sameInducers: inducers === scored,
      shared: inducers === scored ? scored.map((x) => x.id) : [],
      budget: c.options.budget,
      seeds: c.config.seeds.map((s) => deriveSeed(s, `calibrate/${kind}/${rep}`)),
      nBoot: c.config.n_boot,
      baseSeed: deriveSeed(c.config.seed, `calibrate/${kind}/${rep}`),
      induceFrom: c.induceFrom,
      fraction: c.fraction,
      k: c.config.k ?? D.k,
      h1Delta: c.config.thresholds.h1_delta,
      generator: gen,
      evaluateScored: (items) => evaluate(scored, items, opts),
      evaluateInducers: async (items) => (await evaluate(inducers, items, opts)).map((r) => ({ ...r, model_id: `${r.model_id}-inducer` })),
      sliceCis: false,
      h2: false,
      ...(kind === "blind" ? { failureBlind: true } : {}),
    });
    const v = core.h1?.verdict;
    return { verdict: core.h1_credited?.verdict ?? null, decided: v === "supported" || v === "not supported", stat: core.h1?.diff_mean ?? null };
  };
  const coinFlips = (rep: number): ReplicationResult => {
    if (!h2) throw new RangeError("H2's coin-flip null needs a slice of at least 4 items");
    const { items, ids, failRate } = h2;
    const failures: Failure[] = [];
    ids.forEach((id, j) => {
      const stream = deriveSeed(rep, `calibrate/h2/${j}`);
      for (const it of items) {
        if (deriveSeed(stream, it.id) / 2 ** 32 < (failRate[j] as number))
          failures.push({ failure_id: failureId(id, it.id), model_id: id, item_id: it.id, item: it, prediction: (1 - it.y) as 0 | 1, reason: "wrong_answer" });
      }
    });
    const seed = deriveSeed(c.options.seed ?? 0, `calibrate/h2/${rep}`);
    const d = discover(failures, { k: c.config.k ?? D.k, seed, models: ids });
    const structure = d.status === "ok" ? failureStructure(d, failures, new Map(ids.map((id) => [id, items])), { seed, models: ids }) : null;
    return { verdict: structure?.structured ? "structured" : "not structured", decided: false, stat: structure?.g_statistic ?? null };
  };
  return async (t) => (t.kind === "h2" ? coinFlips(t.rep) : h1(t.kind, t.rep));
}
