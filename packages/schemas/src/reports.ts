import { z } from "zod";

/**
 * The report JSON shapes, defined once: what `@fib/harness` writes and `@fib/report` renders.
 * Extra fields pass validation (a report carries more than a renderer reads) and are left out of what it returns. `fib report`
 * validates what it reads with these (a bad file is an input error naming the field), and the
 * renderer's types are inferred from them.
 */
const num = z.number();
const numOrNull = z.number().nullable();
const record = <T extends z.ZodType>(v: T) => z.record(z.string(), v);
const provenance = record(z.unknown()).optional();

export const CiJson = z.object({ value: numOrNull.optional(), lo: numOrNull, hi: numOrNull, n_boot: num.optional() });

export const EvalSummaryJson = z.object({
  kind: z.enum(["eval_static", "batch_import"]),
  slice: z.string(),
  n: num,
  models: z.array(z.string()),
  accuracy_by_model: record(numOrNull),
  accuracy_ci_by_model: record(CiJson),
  model_separation_S: numOrNull,
  model_separation_S_ci: CiJson,
  accuracy_by_type: record(record(numOrNull)).optional(),
  n_errors: num.optional(),
  provenance,
});

const Baseline = z.object({ mean: num, p95: num, p_value: num });

export const DiscoveryJson = z.object({
  kind: z.literal("discovery"),
  status: z.string(),
  message: z.string().nullable(),
  n_failures: num,
  k: num,
  profiles: z.array(
    z.object({
      cluster_id: num,
      size: num,
      description: z.string(),
      type_distribution: record(num),
      models: z.array(z.object({ model_id: z.string(), share: num })),
      disagreement: num,
    }),
  ),
  points: z.array(z.object({ failure_id: z.string(), item_id: z.string(), model_id: z.string(), cluster: num, x: num, y: num, structure_id: z.string().nullable(), text: z.string() })),
  /** every points_stride-th failure is a point (reports before it held every failure) */
  points_stride: z.number().int().positive().optional(),
  projection_explained: z.tuple([num, num]).nullable(),
  diagnostics: z.object({ mi_cluster_type: numOrNull, mi_cluster_model: numOrNull }),
  h2: z
    .object({
      purity_macro: num,
      purity_macro_ci: CiJson.extend({ unit: z.string().optional() }),
      shuffled_baseline: Baseline,
      within_type_baseline: Baseline.nullable().optional(),
      type_partition_purity: numOrNull.optional(),
      nmi: num,
      ari: num,
      n: num,
      n_classes: num.optional(),
      n_recovered: num.optional(),
      by_class: z.array(z.object({ structure_id: z.string(), n: num, best_cluster: num, recall: num, purity: num, recovered: z.boolean() })).optional(),
    })
    .nullable(),
  h2_reason: z.string().nullable(),
  failure_structure: z
    .object({
      base_rate: numOrNull,
      g_statistic: numOrNull,
      lift: z.array(z.object({ cluster_id: num, n_items: num, n_records: num, failure_rate: num, lift: num, ci: z.object({ lo: num, hi: num }), high: z.boolean() })),
      null: z.object({ reps: num, g: Baseline, purity: Baseline.nullable() }).nullable(),
      structured: z.boolean().nullable(),
    })
    .nullable()
    .optional(),
  h2_verdict: z.string().nullable().optional(),
  h2_reasoning: z.string().nullable().optional(),
  model_modes: z.array(z.object({ model_id: z.string(), n_failures: num, best_cluster: num, recall: num, precision: num })).optional(),
  provenance,
});

export const CompareJson = z.object({
  kind: z.literal("compare"),
  budget: num,
  static_separation_S: num,
  static_separation_S_ci: CiJson,
  failure_gen_separation_S: num,
  failure_gen_separation_S_ci: CiJson,
  accuracy_by_model: z.object({ static: record(num), failure_gen: record(num) }),
  n_failures: num,
  n_generated: num,
  failure_geometry_purity: numOrNull,
  provenance,
});

const Test = z.object({
  verdict: z.string(),
  reasoning: z.string(),
  diff_mean: num,
  ci: CiJson,
  ranking: z
    .object({ kendall_tau: num, ci: z.object({ lo: numOrNull, hi: numOrNull }), reranked: z.boolean() })
    .nullable()
    .optional(),
});

export const HarnessJson = z.object({
  kind: z.literal("harness"),
  config: record(z.unknown()),
  pre_registered: z.boolean(),
  seeds: z.array(num),
  prereg_warning: z.string().nullable().optional(),
  slices: record(
    z.object({
      n_items: num,
      branch: z.string(),
      S_mean: num,
      S_std: num,
      S_debiased: num.optional(),
      per_seed: z.array(
        z.object({
          seed: num,
          accuracy_by_model: record(num),
          answered_by_model: record(num).optional(),
          errored_by_model: record(num).optional(),
          model_separation_S: num,
          model_separation_S_ci: CiJson,
        }),
      ),
    }),
  ),
  induction: z
    .object({
      from: z.string(),
      n_failures: num,
      k: num,
      failure_geometry_purity: numOrNull,
      held_out: z.boolean().optional(),
      induce_models: z.array(z.string()).optional(),
      profiles: z.array(z.object({ cluster_id: num, size: num, description: z.string() })),
    })
    .nullable(),
  h1: Test.nullable(),
  h1_unstructured: Test.nullable().optional(),
  structure_effect: Test.nullable().optional(),
  h1_blind: Test.nullable().optional(),
  failure_effect: Test.nullable().optional(),
  mass_effect: Test.nullable().optional(),
  h2_induced: z.object({ verdict: z.string(), reasoning: z.string(), diff_mean: numOrNull, ci: CiJson }).nullable().optional(),
  h2_blind: z.object({ verdict: z.string(), reasoning: z.string(), diff_mean: numOrNull, ci: CiJson }).nullable().optional(),
  h1_credited: z.object({ verdict: z.string(), decided_by: z.string(), reasoning: z.string() }).nullable().optional(),
  h1_scored: z
    .object({ models: z.array(z.string()), models_excluded: z.array(z.string()), items_dropped: record(num) })
    .nullable()
    .optional(),
  calibration: z
    .object({ verdict: z.string(), reasoning: z.string(), false_positive: z.object({ rate: num }), power: z.object({ rate: num }) })
    .nullable()
    .optional(),
  provenance,
});

export const IterateJson = z.object({
  kind: z.literal("iterate"),
  config: record(z.unknown()),
  pre_registered: z.boolean(),
  prereg_warning: z.string().nullable().optional(),
  convergence_series: z.array(
    z.object({
      round: num,
      n_items: num,
      n_failures: num,
      model_separation_S: num,
      S_debiased: num.optional(),
      purity: numOrNull,
      drift: numOrNull,
      ari: numOrNull,
      n_overlap: num,
      k: numOrNull,
      noise_band: z
        .object({ drift: z.object({ p50: num, p95: num }), ari: z.object({ p5: num, p50: num }).nullable() })
        .nullable()
        .optional(),
    }),
  ),
  converged_at: numOrNull,
  h3_verdict: z.string(),
  h3_reasoning: z.string(),
  provenance,
});

/** `fib irt`'s irt.json, as far as the page reads it. */
export const IrtJson = z.object({
  kind: z.literal("irt"),
  model: z.enum(["rasch", "2pl"]),
  n_persons: num,
  n_items: num,
  answered_share: num,
  n_records: num,
  n_unanswered: num,
  loglik: num,
  iterations: num,
  converged: z.boolean(),
  abilities: z.array(z.object({ id: z.string(), theta: num, se: num, n_answered: num, n_correct: num })),
  items: z.array(
    z.object({
      id: z.string(),
      a: num,
      c: num,
      difficulty: numOrNull,
      discrimination: num,
      n_answered: num,
      p_correct: numOrNull,
      infit: numOrNull,
      outfit: numOrNull,
      item_rest_r: numOrNull,
      flags: z.array(z.enum(["negative_discrimination", "no_variance", "misfit"])),
    }),
  ),
  information: z.object({ theta: z.array(num), test: z.array(num) }),
  flagged: record(num),
  select: z
    .object({
      n: num,
      method: z.string(),
      draws: num,
      anchors: z.array(z.string()),
      rows: z.array(z.object({ id: z.string(), accuracy: num, irt_estimate: num, irt_error: num, random_error: num })),
      irt_mean_error: num,
      random_mean_error: num,
    })
    .nullable(),
  provenance,
});

export type CiJson = z.infer<typeof CiJson>;
export type IrtJson = z.infer<typeof IrtJson>;
export type EvalSummaryJson = z.infer<typeof EvalSummaryJson>;
export type DiscoveryJson = z.infer<typeof DiscoveryJson>;
export type CompareJson = z.infer<typeof CompareJson>;
export type HarnessJson = z.infer<typeof HarnessJson>;
export type IterateJson = z.infer<typeof IterateJson>;

/** Everything one page can show: the reports a run dir holds. */
export interface ReportBundle {
  title?: string;
  run_dir?: string;
  eval?: EvalSummaryJson;
  discovery?: DiscoveryJson;
  compare?: CompareJson;
  harness?: HarnessJson;
  iterate?: IterateJson;
  irt?: IrtJson;
}
