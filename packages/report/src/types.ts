/** The report JSON the renderer reads: the shapes `@fib/harness` writes, loosely typed (extra fields are ignored). */
export interface Ci {
  value?: number | null;
  lo: number | null;
  hi: number | null;
  n_boot?: number;
}

export interface EvalSummaryJson {
  kind: "eval_static" | "batch_import";
  slice: string;
  n: number;
  models: string[];
  accuracy_by_model: Record<string, number | null>;
  accuracy_ci_by_model: Record<string, Ci>;
  model_separation_S: number | null;
  model_separation_S_ci: Ci;
  accuracy_by_type?: Record<string, Record<string, number | null>>;
  n_errors?: number;
  provenance?: Record<string, unknown>;
}

export interface DiscoveryJson {
  kind: "discovery";
  status: string;
  message: string | null;
  n_failures: number;
  k: number;
  profiles: { cluster_id: number; size: number; description: string; type_distribution: Record<string, number>; models: { model_id: string; share: number }[]; disagreement: number }[];
  points: { failure_id: string; item_id: string; model_id: string; cluster: number; x: number; y: number; structure_id: string | null; text: string }[];
  projection_explained: [number, number] | null;
  diagnostics: { mi_cluster_type: number | null; mi_cluster_model: number | null };
  h2: null | {
    purity_macro: number;
    purity_macro_ci: Ci & { unit?: string };
    shuffled_baseline: { mean: number; p95: number; p_value: number };
    within_type_baseline?: { mean: number; p95: number; p_value: number } | null;
    type_partition_purity?: number | null;
    nmi: number;
    ari: number;
    n: number;
    n_classes?: number;
    n_recovered?: number;
    by_class?: { structure_id: string; n: number; best_cluster: number; recall: number; purity: number; recovered: boolean }[];
  };
  h2_reason: string | null;
  /** the verdict and its words, as @fib/harness decided them (absent in reports older than the verdicts module) */
  h2_verdict?: string | null;
  h2_reasoning?: string | null;
  model_modes?: { model_id: string; n_failures: number; best_cluster: number; recall: number; precision: number }[];
  provenance?: Record<string, unknown>;
}

export interface CompareJson {
  kind: "compare";
  budget: number;
  static_separation_S: number;
  static_separation_S_ci: Ci;
  failure_gen_separation_S: number;
  failure_gen_separation_S_ci: Ci;
  accuracy_by_model: { static: Record<string, number>; failure_gen: Record<string, number> };
  n_failures: number;
  n_generated: number;
  failure_geometry_purity: number | null;
  provenance?: Record<string, unknown>;
}

export interface HarnessJson {
  kind: "harness";
  config: Record<string, unknown>;
  pre_registered: boolean;
  seeds: number[];
  prereg_warning?: string | null;
  slices: Record<
    string,
    {
      n_items: number;
      branch: string;
      S_mean: number;
      S_std: number;
      S_debiased?: number;
      per_seed: {
        seed: number;
        accuracy_by_model: Record<string, number>;
        answered_by_model?: Record<string, number>;
        errored_by_model?: Record<string, number>;
        model_separation_S: number;
        model_separation_S_ci: Ci;
      }[];
    }
  >;
  induction: null | {
    from: string;
    n_failures: number;
    k: number;
    failure_geometry_purity: number | null;
    held_out?: boolean;
    induce_models?: string[];
    profiles: { cluster_id: number; size: number; description: string }[];
  };
  h1: null | { verdict: string; reasoning: string; diff_mean: number; ci: Ci };
  h1_unstructured?: null | { verdict: string; reasoning: string; diff_mean: number; ci: Ci };
  structure_effect?: null | { verdict: string; reasoning: string; diff_mean: number; ci: Ci };
  calibration?: null | { verdict: string; reasoning: string; false_positive: { rate: number }; power: { rate: number } };
  provenance?: Record<string, unknown>;
}

export interface IterateJson {
  kind: "iterate";
  config: Record<string, unknown>;
  pre_registered: boolean;
  prereg_warning?: string | null;
  convergence_series: {
    round: number;
    n_items: number;
    n_failures: number;
    model_separation_S: number;
    S_debiased?: number;
    purity: number | null;
    drift: number | null;
    ari: number | null;
    n_overlap: number;
    k: number | null;
    noise_band?: { drift: { p50: number; p95: number }; ari: { p5: number; p50: number } | null } | null;
  }[];
  converged_at: number | null;
  h3_verdict: string;
  h3_reasoning: string;
  provenance?: Record<string, unknown>;
}

export interface ReportBundle {
  title?: string;
  run_dir?: string;
  eval?: EvalSummaryJson;
  discovery?: DiscoveryJson;
  compare?: CompareJson;
  harness?: HarnessJson;
  iterate?: IterateJson;
}
