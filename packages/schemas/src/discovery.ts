import { z } from "zod";

const AxisStats = z.object({ mean: z.number(), min: z.number(), max: z.number() });

/** A failure cluster, described for people and for the generator G. */
export const ClusterProfile = z.object({
  cluster_id: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
  share: z.number(),
  type_distribution: z.record(z.string(), z.number()),
  depth: AxisStats,
  distractor_count: AxisStats,
  operator_count: AxisStats,
  /** histograms (value → count) of the design axes, for G to sample from */
  depth_histogram: z.record(z.string(), z.number()),
  distractor_histogram: z.record(z.string(), z.number()),
  operator_histogram: z.record(z.string(), z.number()),
  models: z.array(z.object({ model_id: z.string(), count: z.number(), share: z.number() })),
  /** how much the models disagree on the cluster's items: mean over items of p(1 − p) · 4 for the share p of models that failed it (0 = all agree) */
  disagreement: z.number(),
  /**
   * the test information the cluster's failed items carry at the inducing models' abilities (for each
   * distinct item, Σ over models of I(θ_m), summed), from an IRT fit on the induction split only; absent
   * where not measured
   */
  information: z.number().nonnegative().optional(),
  /**
   * the debiased separation V̂ of the inducing models on the cluster's distinct failed items (H1's own
   * statistic on the induction split only; may be negative), and how many items it was read on; absent
   * where not measured
   */
  separation: z.number().optional(),
  separation_items: z.number().int().nonnegative().optional(),
  distinctive_terms: z.array(z.string()),
  exemplar_failure_ids: z.array(z.string()),
  description: z.string(),
});
export type ClusterProfile = z.infer<typeof ClusterProfile>;
