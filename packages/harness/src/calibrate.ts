import { resolve } from "node:path";
import { evaluate } from "@fib/failures";
import { type Predictor, ruleBasedPredictor } from "@fib/models";
import type { EvalRecord, Item, Provenance } from "@fib/schemas";
import { clopperPearson, deriveSeed } from "@fib/stats";
import { chooseGenerator } from "./chooseGenerator.js";
import { closeModels, resolveModels } from "./resolveModels.js";
import { type CalibrationBlock, type HarnessOptions, harnessCore, prepareHarness, type RateEstimate } from "./harnessCore.js";

export type { CalibrationBlock, RateEstimate };
import { checkAborted, evaluateLogged, runOptionsFor, withRun } from "./withRun.js";

export interface CalibrateOptions extends HarnessOptions {
  /** replications of each population (default 100) */
  reps?: number;
}

/** The probability of a correct answer per item: observed where the run saw the item, else by design. */
export interface DifficultyModel {
  observed: Map<string, number>;
  byDesign: Map<string, number>;
  byType: Map<string, number>;
  overall: number;
}

const designKey = (it: Item) => `${it.type}/${it.depth}`;

/** Per-item difficulty from records: the share of models right on each item, with design-cell and type means for unseen items. */
export function difficultyModel(items: readonly Item[], records: readonly EvalRecord[]): DifficultyModel {
  const right = new Map<string, [number, number]>();
  for (const r of records) {
    const c = right.get(r.item_id) ?? [0, 0];
    c[0] += r.correct ? 1 : 0;
    c[1] += 1;
    right.set(r.item_id, c);
  }
  const observed = new Map<string, number>();
  const cells = new Map<string, [number, number]>();
  const types = new Map<string, [number, number]>();
  let sum = 0;
  for (const it of items) {
    const c = right.get(it.id);
    if (!c || c[1] === 0) continue;
    const q = c[0] / c[1];
    observed.set(it.id, q);
    sum += q;
    for (const [m, k] of [
      [cells, designKey(it)],
      [types, it.type],
    ] as const) {
      const a = m.get(k) ?? [0, 0];
      a[0] += q;
      a[1] += 1;
      m.set(k, a);
    }
  }
  const means = (m: Map<string, [number, number]>) => new Map([...m].map(([k, [s, n]]) => [k, s / n]));
  return { observed, byDesign: means(cells), byType: means(types), overall: observed.size ? sum / observed.size : 0.5 };
}

export function probabilityOf(d: DifficultyModel, it: Item): number {
  return d.observed.get(it.id) ?? d.byDesign.get(designKey(it)) ?? d.byType.get(it.type) ?? d.overall;
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

function rate(supported: number, reps: number): RateEstimate {
  const ci = clopperPearson(supported, reps);
  return { supported, reps, rate: supported / reps, lo: ci.lo, hi: ci.hi };
}

export interface CalibrationInput {
  config: Record<string, unknown>;
  sliceItems: Record<string, Item[]>;
  induceFrom: string | null;
  fraction: number;
  /** the scored models' records on the slices' items: the observed difficulty */
  records: readonly EvalRecord[];
  nModels: number;
  /** held-out inducing models (0: mined from the scored ones) */
  nInducers: number;
  options: HarnessOptions;
  reps: number;
  signal?: AbortSignal;
  onRep?: (kind: "null" | "power", rep: number, verdict: string | null, diff: number | null) => void;
}

/**
 * H1's calibration for one harness configuration: `reps` times each, the whole H1 pipeline —
 * per-seed split, failure mining, clustering, generation, sampling and the test — runs on
 * simulated populations: (null) every model right on an item with the same probability, the
 * item's observed share of right answers (unseen generated items: the mean of their type ×
 * depth cell); (power) models whose error rates are that difficulty scaled by 0.5 … 1.5, so
 * they differ most on hard items. Seeds change per replication. Rates come with
 * Clopper–Pearson intervals; the configuration is "too liberal" when the false-positive
 * interval lies above the stated 5 %.
 */
export async function calibrateH1(c: CalibrationInput): Promise<CalibrationBlock> {
  const o = c.options;
  const gen = chooseGenerator(o);
  const all = Object.values(c.sliceItems).flat();
  const diff = difficultyModel(all, c.records);
  const p = (it: Item) => probabilityOf(diff, it);
  const M = c.nModels;
  const scale = (j: number) => (M > 1 ? 0.5 + j / (M - 1) : 1);
  const populations = {
    null: (rep: number, j: number) => simulated(`null-${j}`, deriveSeed(rep, `calibrate/null/${j}`), p),
    power: (rep: number, j: number) => simulated(`ladder-${j}`, deriveSeed(rep, `calibrate/power/${j}`), (it) => Math.min(1, Math.max(0, 1 - scale(j % M) * (1 - p(it))))),
  };
  const counts = { null: 0, power: 0 };
  for (const kind of ["null", "power"] as const) {
    for (let rep = 0; rep < c.reps; rep++) {
      checkAborted(c.signal);
      const scored = Array.from({ length: M }, (_, j) => populations[kind](rep, j));
      // held-out inducers stay held out: other members of the same population, on their own noise
      const inducers = c.nInducers > 0 ? Array.from({ length: c.nInducers }, (_, j) => populations[kind](rep + 1_000_003, j)) : scored;
      const seeds = (c.config.seeds as number[]).map((s) => deriveSeed(s, `calibrate/${kind}/${rep}`));
      const core = await harnessCore({
        sliceItems: c.sliceItems,
        models: scored.map((x) => x.id),
        inducers: inducers.map((x) => `${x.id}${inducers === scored ? "" : "-inducer"}`),
        sameInducers: inducers === scored,
        shared: inducers === scored ? scored.map((x) => x.id) : [],
        budget: o.budget,
        seeds,
        nBoot: o.nBoot ?? 1000,
        baseSeed: deriveSeed(o.seed ?? 0, `calibrate/${kind}/${rep}`),
        induceFrom: c.induceFrom,
        fraction: c.fraction,
        k: (c.config.k as number | "auto" | null) ?? "auto",
        h1Delta: o.h1Delta ?? 0,
        generator: gen,
        evaluateScored: (items) => evaluate(scored, items, c.signal ? { signal: c.signal } : {}),
        evaluateInducers: async (items) => (await evaluate(inducers, items, c.signal ? { signal: c.signal } : {})).map((r) => ({ ...r, model_id: `${r.model_id}-inducer` })),
        sliceCis: false,
      });
      if (core.h1?.verdict === "supported") counts[kind]++;
      c.onRep?.(kind, rep, core.h1?.verdict ?? null, core.h1?.diff_mean ?? null);
    }
  }
  const fp = rate(counts.null, c.reps);
  const pw = rate(counts.power, c.reps);
  const verdict = fp.lo > 0.05 ? "too liberal" : "calibrated";
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const reasoning =
    `With equally capable models (each item's observed difficulty, the same for every model), this configuration said "supported" in ${fp.supported} of ${c.reps} replications: ${pct(fp.rate)} (95% CI ${pct(fp.lo)}–${pct(fp.hi)}) against a stated 5 %. ` +
    `With a ladder of ${M} models whose error rates are the observed ones scaled by 0.5…1.5 it said "supported" in ${pw.supported} of ${c.reps}: power ${pct(pw.rate)} (95% CI ${pct(pw.lo)}–${pct(pw.hi)}). ` +
    (verdict === "calibrated"
      ? "The false-positive rate is consistent with the stated size."
      : "The false-positive rate lies above the stated size: do not quote a supported verdict from this configuration.");
  return {
    reps: c.reps,
    stated_size: 0.05,
    difficulty: { n_items_observed: diff.observed.size, n_design_cells: diff.byDesign.size, overall: diff.overall },
    false_positive: { ...fp, population: `${M} models, each right on an item with its observed share of right answers` },
    power: { ...pw, population: `${M} models, error rate = observed × 0.5 … 1.5` },
    verdict,
    reasoning,
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
        nInducers: o.induceModels?.length ?? 0,
        options: o,
        reps,
        ...(run.signal ? { signal: run.signal } : {}),
        onRep: (kind, rep, verdict, diff) => {
          run.log.emit("metric", "metric_computed", { name: `calibrate/${kind}/diff_mean`, value: diff, verdict, rep });
          o.onProgress?.({ stage: `calibrate ${kind === "null" ? "false positives" : "power"}`, done: rep + 1, total: reps });
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
