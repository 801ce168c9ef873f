import { z } from "zod";
import { Item, Label } from "./item.js";

/** A model's answer: 1 = yes, 0 = no, null = no usable answer (errored or unparsable). */
export const Answer = z.union([z.literal(0), z.literal(1), z.null()]);
export type Answer = z.infer<typeof Answer>;

/** What a predictor returns for one item. */
export const Prediction = z.object({
  item_id: z.string(),
  answer: Answer,
  /** the model's probability of "yes", when it has one */
  p_yes: z.number().min(0).max(1).optional(),
  latency_ms: z.number().nonnegative(),
  /** why there is no answer: the adapter's error, or "unparsable: …" */
  error: z.string().optional(),
  /** the raw text the model produced, when there is one */
  raw: z.string().optional(),
});
export type Prediction = z.infer<typeof Prediction>;

/** One (model, item) evaluation: the unit every metric is computed from. */
export const EvalRecord = z.object({
  item_id: z.string(),
  model_id: z.string(),
  prediction: Answer,
  p_yes: z.number().min(0).max(1).optional(),
  y: Label,
  correct: z.boolean(),
  latency_ms: z.number().nonnegative(),
  error: z.string().optional(),
});
export type EvalRecord = z.infer<typeof EvalRecord>;

export const FailureReason = z.enum(["wrong_answer", "error", "unparsable"]);
export type FailureReason = z.infer<typeof FailureReason>;

/** A record that was not correct, with the item it failed on. `failure_id = model_id + "::" + item_id`. */
export const Failure = z.object({
  failure_id: z.string(),
  model_id: z.string(),
  item_id: z.string(),
  item: Item,
  prediction: Answer,
  p_yes: z.number().min(0).max(1).optional(),
  reason: FailureReason,
  error: z.string().optional(),
});
export type Failure = z.infer<typeof Failure>;

export function failureId(modelId: string, itemId: string): string {
  return `${modelId}::${itemId}`;
}
