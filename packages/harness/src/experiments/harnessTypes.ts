import type { PredictorSpec } from "@fib/models";
import type { Provenance } from "@fib/schemas";
import type { ConfidenceInterval } from "@fib/stats";
import { type GeneratorChoice, generatorName } from "./chooseGenerator.js";
import type { CreditedH1, H1Result } from "../stats/h1.js";
import type { H2SlicesResult } from "../stats/h2Slices.js";
import { type ModelSelection, modelSpecs } from "../run/resolveModels.js";
import type { RunSettings } from "../run/withRun.js";
import type { HarnessConfigT, PreregFileT } from "./experimentConfig.js";
import { EXPERIMENT_DEFAULTS as D } from "./experimentDefaults.js";

/** What a harness run takes and what it reports: the options, the canonical config, the report shape. */

export interface RateEstimate {
  supported: number;
  reps: number;
  rate: number;
  /** Clopper–Pearson 95 % interval */
  lo: number;
  hi: number;
}

export interface CalibrationBlock {
  reps: number;
  stated_size: number;
  /** a verdict label needs every false-positive interval's upper bound at or below this */
  max_fp_upper?: number;
  /** the observed difficulty the populations are simulated from; `granularity`: how a generated item's is modelled ("design" when absent) */
  difficulty: { n_items_observed: number; n_design_cells: number; overall: number; granularity?: "design" | "structure"; n_structure_cells?: number };
  /** H1 false: every scored model answers each item with the same probability, matched to the observed difficulty */
  false_positive: RateEstimate & { population: string };
  /** H1 credited to the failures false: the observed population, the generator given every induction item instead of the failures */
  false_positive_blind?: RateEstimate & { population: string };
  /** the same population: how often induced vs static is decided either way (the shared static pool's luck) */
  false_positive_pool?: RateEstimate & { population: string };
  /** H2 false: coin-flip failures at each model's observed rate, called structured */
  false_positive_h2?: (RateEstimate & { population: string }) | null;
  /** H1 true: models differ in proportion to item difficulty, so slices of harder items separate them more */
  power: RateEstimate & { population: string };
  /** the observed population with the real generator: how often this configuration says supported if the models behave as observed */
  power_observed?: RateEstimate & { population: string };
  /** whether each population stopped once its interval was decided (sequential Clopper–Pearson), rather than at `reps` */
  adaptive?: boolean;
  verdict: "calibrated" | "too liberal" | "not enough replications";
  /** the same label for the credited H1 alone (its nulls: equal capability; the failure-blind generator, credited): it may be calibrated where the uncredited induced vs static is not */
  verdict_credited?: "calibrated" | "too liberal" | "not enough replications";
  /** with "not enough replications": about how many would bring every false-positive interval below max_fp_upper (null: none would) */
  reps_needed?: number | null;
  reasoning: string;
}

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
  /** replications of `calibrateH1` to run on this configuration afterwards (0 or absent: none) */
  calibrate?: number;
}

/** The canonical configuration of a harness run: what pre-registration locks (defaults from EXPERIMENT_DEFAULTS). */
export function harnessConfigFrom(o: HarnessOptions): HarnessConfigT {
  const seed = o.seed ?? D.seed;
  return {
    command: "harness",
    slices: o.slices,
    budget: o.budget,
    n_seeds: o.nSeeds,
    n_boot: o.nBoot ?? D.n_boot,
    seed,
    seeds: Array.from({ length: o.nSeeds }, (_, i) => seed + i),
    models: modelSpecs(o) as HarnessConfigT["models"],
    induce: o.induce ?? false,
    induce_from: o.induce ? (o.induceFrom ?? Object.keys(o.slices)[0] ?? null) : null,
    induce_models: o.induce && o.induceModels ? ([...o.induceModels] as HarnessConfigT["models"]) : null,
    induction_fraction: o.induce ? (o.inductionFraction ?? D.induction_fraction) : null,
    generator: o.induce ? generatorName(o.generator) : null,
    k: o.induce ? (o.k ?? D.k) : null,
    thresholds: { h1_delta: o.h1Delta ?? D.h1_delta },
  };
}

/** The options a harness spec (a config file, the CLI's names, defaults filled) describes; paths through `path`. */
export function harnessOptionsFromSpec(spec: Extract<PreregFileT, { command: "harness" }>, path: (p: string) => string = (p) => p): HarnessOptions {
  return {
    slices: Object.fromEntries(Object.entries(spec.slices).map(([k, p]) => [k, path(p)])),
    budget: spec.budget,
    nSeeds: spec.n_seeds,
    nBoot: spec.n_boot,
    seed: spec.seed,
    ...(spec.models ? { models: spec.models as PredictorSpec[] } : {}),
    induce: spec.induce,
    ...(spec.induce_from ? { induceFrom: spec.induce_from } : {}),
    ...(spec.induce_models ? { induceModels: spec.induce_models as PredictorSpec[] } : {}),
    inductionFraction: spec.induction_fraction,
    generator: spec.generator,
    k: spec.k,
    h1Delta: spec.h1_delta,
  };
}

/** What every slice score reports about separation: raw S with its CI, and the debiased statistic. */
export interface SeparationScores {
  n: number;
  accuracy_by_model: Record<string, number>;
  /** raw S: the population std of per-model accuracy (noise-floored; kept for comparison) */
  model_separation_S: number;
  model_separation_S_ci: ConfidenceInterval;
  /** the debiased between-model variance of accuracy V̂ (0 in expectation for equally capable models) */
  S2_debiased: number;
  /** √max(0, V̂) */
  S_debiased: number;
}

export interface SliceSeedResult extends SeparationScores {
  seed: number;
  /** records with an answer / with none (an error or an unparsable reply), per model */
  answered_by_model: Record<string, number>;
  errored_by_model: Record<string, number>;
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
  slices: Record<
    SliceName,
    { n_items: number; branch: "budget_cap" | "resample" | "generated"; S_mean: number; S_std: number; S2_debiased_mean: number; S_debiased: number; per_seed: SliceSeedResult[] }
  >;
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
  /** the failure-blind control (the same generator given every induction item, failed or not) against static: the static pool's luck and the design space's own gain */
  h1_blind: (H1Result & { static_slice: string; induced_slice: string }) | null;
  /** did the failures matter? the induced slice against the failure-blind control */
  failure_effect: (H1Result & { static_slice: string; induced_slice: string }) | null;
  /** did the failures' mass matter? the unstructured induction against the failure-blind control */
  mass_effect: (H1Result & { static_slice: string; induced_slice: string }) | null;
  /** the headline H1: supported only when the induced slice beats both static and the failure-blind control */
  h1_credited: CreditedH1 | null;
  /** what H1 was scored on: the models that answered, and the items dropped because some scored model did not answer them (summed over seeds) */
  /** the seed's H2: the induced slice's failure clusters recover structure_id more faithfully than the static slice's (purity above chance, paired over seeds) */
  h2_induced: H2SlicesResult | null;
  /** the same for the failure-blind slice against static: what the design space alone gives */
  h2_blind: H2SlicesResult | null;
  h1_scored: { models: string[]; models_excluded: string[]; items_dropped: { static: number; induced: number; unstructured: number; blind: number } } | null;
  /** H1's false-positive rate and power at this configuration, when asked for (--calibrate) */
  calibration: CalibrationBlock | null;
  provenance: Provenance;
}
