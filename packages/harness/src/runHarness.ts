import { resolve } from "node:path";
import type { Predictor, PredictorSpec } from "@fib/models";
import { type EvalRecord, FibError, type Item, type Provenance, readItems } from "@fib/schemas";
import { bootstrapCi, type ConfidenceInterval, createRng, debiasedSeparation, deriveSeed, mean, sampleIndices, std } from "@fib/stats";
import { type CorrectnessMatrix, type H1Result, h1Test, separationOf } from "./h1.js";
import { induceForSeed, inductionSize, type SeedInduction } from "./induction.js";
import { sharedModels } from "./modelIdentity.js";
import { HarnessConfig, parseConfig } from "./experimentConfig.js";
import { checkPreregistration, preregWarning } from "./prereg.js";
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
  /** the command the run dir is named after (compare is the one-seed harness) */
  command?: "harness" | "compare";
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
  /** records with an answer / with none (an error or an unparsable reply), per model */
  answered_by_model: Record<string, number>;
  errored_by_model: Record<string, number>;
  /** raw S: the population std of per-model accuracy (noise-floored; kept for comparison) */
  model_separation_S: number;
  model_separation_S_ci: ConfidenceInterval;
  /** the debiased between-model variance of accuracy V̂ (0 in expectation for equally capable models) */
  S2_debiased: number;
  /** √max(0, V̂) */
  S_debiased: number;
  /** E[S²] for equally capable models on these items: the noise floor */
  noise_floor_S2: number;
}

type SliceName = string;

export interface HarnessReport {
  kind: "harness";
  config: Record<string, unknown>;
  pre_registered: boolean;
  prereg_sha256: string | null;
  /** set when a run with the same configuration existed before the registration was written */
  prereg_warning: string | null;
  seeds: number[];
  slices: Record<SliceName, { n_items: number; branch: "budget_cap" | "resample" | "generated"; S_mean: number; S_std: number; S2_debiased_mean: number; S_debiased: number; per_seed: SliceSeedResult[] }>;
  induction: null | {
    from: string;
    n_induction_items: number;
    n_scoring_items: number;
    induce_models: string[];
    /** scored models that are also inducing models (by what they are, not by name): none when held out */
    shared_with_scored: string[];
    held_out: boolean;
    /** means over seeds; each seed splits, mines, clusters and generates anew */
    n_failures: number;
    k: number;
    failure_geometry_purity: number | null;
    per_seed: { seed: number; n_failures: number; k: number; purity: number | null }[];
    /** the first seed's profiles */
    profiles: { cluster_id: number; size: number; description: string }[];
    generator: Record<string, unknown>;
  };
  h1: (H1Result & { static_slice: string; induced_slice: string }) | null;
  /** the same test for an unstructured induction at equal budget (all failures as one cluster) */
  h1_unstructured: (H1Result & { static_slice: string; induced_slice: string }) | null;
  /** did the structure matter? the induced slice against the unstructured one */
  structure_effect: (H1Result & { static_slice: string; induced_slice: string }) | null;
  provenance: Provenance;
}

/** The same model selection with other specs and no config file (for --induce-models). */
function withoutConfig(sel: ModelSelection, models: readonly PredictorSpec[]): ModelSelection {
  const { modelsConfig: _drop, ...rest } = sel;
  return { ...rest, models };
}

/** correct[m][i] for the models on these items (a missing record counts as wrong). */
export function correctnessMatrix(models: readonly string[], items: readonly Item[], records: readonly EvalRecord[]): Uint8Array[] {
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

/** answered[m][i] = 1 when model m gave an answer on item i. */
function answeredMatrix(models: readonly string[], items: readonly Item[], records: readonly EvalRecord[]): Uint8Array[] {
  const index = new Map(items.map((it, i) => [it.id, i]));
  const rows = models.map(() => new Uint8Array(items.length));
  const mi = new Map(models.map((m, i) => [m, i]));
  for (const r of records) {
    const i = index.get(r.item_id);
    const m = mi.get(r.model_id);
    if (i !== undefined && m !== undefined && r.prediction !== null) (rows[m] as Uint8Array)[i] = 1;
  }
  return rows;
}

interface Scored {
  correct: Uint8Array[];
  answered: Uint8Array[];
}

function seedResult(seed: number, models: readonly string[], m: Scored, idx: readonly number[], nBoot: number, label: string): SliceSeedResult {
  const sub = m.correct.map((row) => Uint8Array.from(idx, (i) => row[i] as number));
  const count = (row: Uint8Array) => idx.reduce((s, i) => s + (row[i] as number), 0);
  const accuracy_by_model = Object.fromEntries(models.map((id, k) => [id, idx.length ? count(m.correct[k] as Uint8Array) / idx.length : Number.NaN]));
  const answered_by_model = Object.fromEntries(models.map((id, k) => [id, count(m.answered[k] as Uint8Array)]));
  const errored_by_model = Object.fromEntries(models.map((id) => [id, idx.length - (answered_by_model[id] as number)]));
  const ci = bootstrapCi(
    idx.map((_, i) => i),
    (sample) => separationOf(sub, sample as number[]),
    { nBoot, seed: deriveSeed(seed, `harness/ci/${label}`) },
  );
  const d = debiasedSeparation(sub);
  return {
    seed,
    n: idx.length,
    accuracy_by_model,
    answered_by_model,
    errored_by_model,
    model_separation_S: ci.value,
    model_separation_S_ci: ci,
    S2_debiased: d.S2_debiased,
    S_debiased: d.S_debiased,
    noise_floor_S2: d.noise_floor_S2,
  };
}

const identity = (n: number) => Array.from({ length: n }, (_, i) => i);

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
  const config = harnessConfig(o);
  if (!Number.isInteger(o.budget) || o.budget < 1) throw new FibError("USAGE", `budget must be a positive integer, got ${o.budget}`, { field: "budget" });
  if (!Number.isInteger(o.nSeeds) || o.nSeeds < 1) throw new FibError("USAGE", `n-seeds must be a positive integer, got ${o.nSeeds}`, { field: "n_seeds" });
  if (Object.keys(o.slices).length === 0) throw new FibError("USAGE", "give at least one --slice NAME=PATH");
  parseConfig(HarnessConfig, config, { code: "USAGE" });
  const datasets = Object.values(o.slices);
  const prereg = o.prereg ? await checkPreregistration(o.prereg, "harness", config, datasets) : null;
  const sliceItems: Record<string, Item[]> = {};
  for (const [name, path] of Object.entries(o.slices)) sliceItems[name] = await readItems(path);
  const induceFrom = config.induce_from as string | null;
  if (induceFrom !== null && !sliceItems[induceFrom]) throw new FibError("USAGE", `--induce-from names no slice: ${induceFrom}`, { field: "induce_from" });
  const fraction = (config.induction_fraction as number | null) ?? 0.5;
  if (induceFrom !== null) {
    const n = (sliceItems[induceFrom] as Item[]).length;
    if (n < 2) throw new FibError("INPUT_INVALID", `slice '${induceFrom}' has ${n} item(s): an induction split and a scoring split need at least 2`, { file: o.slices[induceFrom] as string });
    const scoring = n - inductionSize(n, fraction);
    if (o.budget > scoring) {
      throw new FibError("USAGE", `budget ${o.budget} is more than the ${scoring} items of the scoring split of '${induceFrom}' (${n} items, induction fraction ${fraction}): the static and induced slices would not have equal budgets`, { field: "budget" });
    }
  }
  const gen = o.induce ? chooseGenerator(o) : null;
  const predictors = await resolveModels(o);
  const models = predictors.map((p) => p.id);
  const inducers: Predictor[] = o.induce && o.induceModels ? await resolveModels(withoutConfig(o, o.induceModels)) : predictors;
  const nBoot = o.nBoot ?? 1000;
  const seeds = config.seeds as number[];
  const progress = (stage: string) => (o.onProgress ? { stage, onProgress: o.onProgress } : { stage });
  try {
    return await withRun(runOptionsFor(o.command ?? "harness", Object.keys(o.slices).join("-"), o), async (run) => {
      run.log.emit("run", "harness_config", { ...config, sizes: Object.fromEntries(Object.entries(sliceItems).map(([k, v]) => [k, v.length])), pre_registered: prereg !== null });
      // every model answers every item of every static slice once; seeds then sample
      const scoredSlices: Record<string, Scored> = {};
      const sliceRecords: Record<string, EvalRecord[]> = {};
      for (const [name, items] of Object.entries(sliceItems)) {
        const recs = await evaluateLogged(predictors, items, run.log, progress(`eval/${name}`));
        sliceRecords[name] = recs;
        scoredSlices[name] = { correct: correctnessMatrix(models, items, recs), answered: answeredMatrix(models, items, recs) };
      }
      const slices: HarnessReport["slices"] = {};
      const emptySlice = (n: number, branch: HarnessReport["slices"][string]["branch"]) => ({ n_items: n, branch, S_mean: 0, S_std: 0, S2_debiased_mean: 0, S_debiased: 0, per_seed: [] as SliceSeedResult[] });
      for (const [name, items] of Object.entries(sliceItems)) {
        const n = name === induceFrom ? items.length - inductionSize(items.length, fraction) : items.length;
        slices[name] = emptySlice(n, n <= o.budget ? "budget_cap" : "resample");
      }
      let inducerRecords: EvalRecord[] = [];
      if (gen && induceFrom) {
        slices.induced = emptySlice(o.budget, "generated");
        slices.unstructured = emptySlice(o.budget, "generated");
        inducerRecords = inducers === predictors ? (sliceRecords[induceFrom] as EvalRecord[]) : await evaluateLogged(inducers, sliceItems[induceFrom] as Item[], run.log, progress("induce"));
      }
      const exclude = { ids: new Set<string>(), texts: new Set<string>() };
      for (const it of Object.values(sliceItems).flat()) {
        exclude.ids.add(it.id);
        exclude.texts.add(it.x);
      }
      const positions = Object.fromEntries(Object.entries(sliceItems).map(([name, items]) => [name, new Map(items.map((it, i) => [it.id, i]))]));
      const perSeed: { static: CorrectnessMatrix; induced: CorrectnessMatrix; unstructured: CorrectnessMatrix }[] = [];
      const inductions: SeedInduction[] = [];
      const push = (name: string, r: SliceSeedResult) => {
        (slices[name] as HarnessReport["slices"][string]).per_seed.push(r);
        run.log.emit("metric", "metric_computed", { name: `slice/${name}/separation`, value: r.model_separation_S, S2_debiased: r.S2_debiased, ci: r.model_separation_S_ci, seed: r.seed, n: r.n });
      };
      for (const [si, s] of seeds.entries()) {
        let ind: SeedInduction | null = null;
        if (gen && induceFrom) {
          ind = induceForSeed({ items: sliceItems[induceFrom] as Item[], records: inducerRecords, inducers: inducers.map((p) => p.id), fraction, seed: s, k: (config.k as number | "auto") ?? "auto", budget: o.budget, generator: gen, exclude });
          inductions.push(ind);
          run.log.emit("metric", "metric_computed", { name: "induction/n_failures", value: ind.n_failures, k: ind.k, seed: s });
        }
        let staticSub: Uint8Array[] = [];
        for (const [name, items] of Object.entries(sliceItems)) {
          // the induced-from slice is sampled from this seed's scoring split only
          const pool = ind && name === induceFrom ? ind.scoring.map((it) => (positions[name] as Map<string, number>).get(it.id) as number) : identity(items.length);
          const pick = sampleIndices(pool.length, o.budget, createRng(deriveSeed(s, `harness/sample/${name}`)));
          const idx = pick.map((p) => pool[p] as number);
          const sc = scoredSlices[name] as Scored;
          push(name, seedResult(s, models, sc, idx, nBoot, name));
          if (ind && name === induceFrom) staticSub = sc.correct.map((row) => Uint8Array.from(idx, (i) => row[i] as number));
        }
        if (ind) {
          const scoreGenerated = async (items: Item[], name: string) => {
            const recs = await evaluateLogged(predictors, items, run.log, { stage: `eval/${name}/seed=${s}` });
            const sc = { correct: correctnessMatrix(models, items, recs), answered: answeredMatrix(models, items, recs) };
            push(name, seedResult(s, models, sc, identity(items.length), nBoot, name));
            return sc.correct;
          };
          const induced = await scoreGenerated(ind.induced, "induced");
          const unstructured = await scoreGenerated(ind.unstructured, "unstructured");
          perSeed.push({ static: staticSub, induced, unstructured });
        }
        o.onProgress?.({ stage: "seeds", done: si + 1, total: seeds.length });
      }
      for (const [name, sl] of Object.entries(slices)) {
        const Ss = sl.per_seed.map((r) => r.model_separation_S);
        sl.S_mean = mean(Ss);
        sl.S_std = std(Ss, 0);
        sl.S2_debiased_mean = mean(sl.per_seed.map((r) => r.S2_debiased));
        sl.S_debiased = Math.sqrt(Math.max(0, sl.S2_debiased_mean));
        run.log.emit("metric", "metric_computed", { name: `slice/${name}/S_mean`, value: sl.S_mean, S_std: sl.S_std, S2_debiased_mean: sl.S2_debiased_mean, n_seeds: Ss.length });
      }
      let induction: HarnessReport["induction"] = null;
      let h1: HarnessReport["h1"] = null;
      let h1_unstructured: HarnessReport["h1_unstructured"] = null;
      let structure_effect: HarnessReport["structure_effect"] = null;
      if (gen && induceFrom && inductions.length > 0) {
        const first = inductions[0] as SeedInduction;
        const shared = inducers === predictors ? [...models] : sharedModels(predictors, inducers);
        const purities = inductions.map((d) => d.purity).filter((p): p is number => p !== null);
        induction = {
          from: induceFrom,
          n_induction_items: first.n_induction_items,
          n_scoring_items: first.scoring.length,
          induce_models: inducers.map((p) => p.id),
          shared_with_scored: shared,
          held_out: shared.length === 0,
          n_failures: mean(inductions.map((d) => d.n_failures)),
          k: first.k,
          failure_geometry_purity: purities.length ? mean(purities) : null,
          per_seed: inductions.map((d) => ({ seed: d.seed, n_failures: d.n_failures, k: d.k, purity: d.purity })),
          profiles: first.profiles.map((p) => ({ cluster_id: p.cluster_id, size: p.size, description: p.description })),
          generator: gen.describe?.() ?? { name: gen.name, version: gen.version },
        };
        const note =
          shared.length === 0
            ? `The induced slice was mined from ${induction.induce_models.join(", ")}, none of which is a scored model.`
            : `Caveat: the induced slice was mined from the failures of ${shared.length === models.length ? "the same models it scores" : `models it also scores (${shared.join(", ")})`}; pass --induce-models with other models to judge it on models it was not mined from.`;
        const test = (pairs: { static: CorrectnessMatrix; induced: CorrectnessMatrix }[], label: string, staticSlice: string, inducedSlice: string, extra?: string) => ({
          ...h1Test(pairs, { nBoot, seed: o.seed ?? 0, delta: o.h1Delta ?? 0, label, ...(extra ? { note: extra } : {}) }),
          static_slice: staticSlice,
          induced_slice: inducedSlice,
        });
        h1 = test(perSeed.map((p) => ({ static: p.static, induced: p.induced })), "the induced benchmark", induceFrom, "induced", note);
        h1_unstructured = test(perSeed.map((p) => ({ static: p.static, induced: p.unstructured })), "an induction without structure (all failures as one cluster)", induceFrom, "unstructured");
        structure_effect = test(perSeed.map((p) => ({ static: p.unstructured, induced: p.induced })), "the structured induction", "unstructured", "induced", "Here the baseline is the unstructured induction at equal budget: supported means the clusters M̂ mattered.");
        run.log.emit("metric", "metric_computed", { name: "h1/diff_mean", value: h1.diff_mean, ci: h1.ci, verdict: h1.verdict });
        run.log.emit("metric", "metric_computed", { name: "h1_unstructured/diff_mean", value: h1_unstructured.diff_mean, ci: h1_unstructured.ci, verdict: h1_unstructured.verdict });
        run.log.emit("metric", "metric_computed", { name: "structure_effect/diff_mean", value: structure_effect.diff_mean, ci: structure_effect.ci, verdict: structure_effect.verdict });
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
      const report: HarnessReport = {
        kind: "harness",
        config,
        pre_registered: prereg !== null,
        prereg_sha256: prereg?.prereg_sha256 ?? null,
        prereg_warning: prereg ? preregWarning(prereg) : null,
        seeds,
        slices,
        induction,
        h1,
        h1_unstructured,
        structure_effect,
        provenance,
      };
      run.writeReport("harness_report.json", report);
      return { runDir: run.dir, report };
    });
  } finally {
    await closeModels(inducers === predictors ? predictors : [...predictors, ...inducers]);
  }
}
