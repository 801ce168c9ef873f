import type { CentroidDrift, NoiseBand, StoppingDecision } from "@fib/convergence";
import type { Provenance } from "@fib/schemas";
import type { ConfidenceInterval } from "@fib/stats";
import type { H3CalibrationBlock } from "./calibrateH3.js";
import { type GeneratorChoice, generatorName } from "./chooseGenerator.js";
import type { IterateConfigT, PreregFileT } from "./experimentConfig.js";
import { EXPERIMENT_DEFAULTS as D, type UPDATE_RULES } from "./experimentDefaults.js";
import type { PredictorSpec } from "@fib/models";
import { type ModelSelection, modelSpecs } from "../run/resolveModels.js";
import type { RunSettings } from "../run/withRun.js";

export type UpdateRule = (typeof UPDATE_RULES)[number];

export interface IterateOptions extends ModelSelection, RunSettings, GeneratorChoice {
  dataset: string;
  rounds: number;
  update?: UpdateRule;
  /** items per round (round 0 samples this many from the dataset; default 200) */
  budget?: number;
  seed?: number;
  nBoot?: number;
  /** clusters: a number, or "auto" (chosen once, at round 0) */
  k?: number | "auto";
  /** drift threshold; "auto" (default): each round's measured noise band */
  epsilon?: number | "auto";
  /** ARI threshold; "auto" (default): each round's measured noise band */
  tau?: number | "auto";
  window?: number;
  /** replicates of the noise band (default 40) */
  bandReps?: number;
  prereg?: string;
  /** replications of H3's calibration (calibrateH3: the loop under a shifting and a slowly drifting generator, and a stationary one) to run on this configuration afterwards (0 or absent: none) */
  calibrate?: number;
}

/** The canonical configuration of an iterate run: what pre-registration locks (defaults from EXPERIMENT_DEFAULTS). */
export function iterateConfigFrom(o: IterateOptions): IterateConfigT {
  return {
    command: "iterate",
    dataset: o.dataset,
    rounds: o.rounds,
    update: (o.update ?? D.update) as IterateConfigT["update"],
    budget: o.budget ?? D.budget,
    seed: o.seed ?? D.seed,
    seeds: [o.seed ?? D.seed],
    n_boot: o.nBoot ?? D.n_boot,
    models: modelSpecs(o) as IterateConfigT["models"],
    k: o.k ?? D.k,
    generator: generatorName(o.generator),
    thresholds: { epsilon: o.epsilon ?? D.epsilon, tau: o.tau ?? D.tau, window: o.window ?? D.window },
  };
}

/** The options an iterate spec (a config file, the CLI's names, defaults filled) describes; paths through `path`. */
export function iterateOptionsFromSpec(spec: Extract<PreregFileT, { command: "iterate" }>, path: (p: string) => string = (p) => p): IterateOptions {
  return {
    dataset: path(spec.dataset),
    rounds: spec.rounds,
    update: spec.update,
    budget: spec.budget,
    seed: spec.seed,
    nBoot: spec.n_boot,
    ...(spec.models ? { models: spec.models as PredictorSpec[] } : {}),
    k: spec.k,
    generator: spec.generator,
    epsilon: spec.epsilon,
    tau: spec.tau,
    window: spec.window,
  };
}

export interface RoundRecord {
  round: number;
  n_items: number;
  n_new_items: number;
  n_failures: number;
  /** items S is computed on: a seeded sample of `budget` items of the round's set, so every update rule compares equal budgets */
  n_scored: number;
  model_separation_S: number;
  model_separation_S_ci: ConfidenceInterval;
  /** debiased between-model variance of accuracy on the same items, and √max(0, ·) */
  S2_debiased: number;
  S_debiased: number;
  accuracy_by_model: Record<string, number>;
  k: number | null;
  purity: number | null;
  drift: number | null;
  drift_detail: CentroidDrift | null;
  ari: number | null;
  n_overlap: number;
  /** drift and ARI between clusterings of independent same-distribution draws of round-0 failures at this round's sizes */
  noise_band: NoiseBand | null;
  note: string | null;
  profiles: { cluster_id: number; size: number; description: string }[];
}

export interface IterateReport {
  kind: "iterate";
  config: Record<string, unknown>;
  pre_registered: boolean;
  prereg_sha256: string | null;
  prereg_warning: string | null;
  convergence_series: RoundRecord[];
  stopping: StoppingDecision;
  converged_at: number | null;
  h3_verdict: "converged" | "not converged" | "no verdict";
  h3_reasoning: string;
  /** H3's false-positive rates (shifting, gradual drift) and power (stationary) at this configuration, when asked for (--calibrate) */
  calibration: H3CalibrationBlock | null;
  feature_space: { columns: string[]; fitted_on: string };
  provenance: Provenance;
}
