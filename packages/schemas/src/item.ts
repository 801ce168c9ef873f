import { z } from "zod";

/** Binary label: 1 = yes / true, 0 = no / false. */
export const Label = z.union([z.literal(0), z.literal(1)], {
  error: (iss) => `expected 0 or 1, got ${JSON.stringify(iss.input)}`,
});
export type Label = z.infer<typeof Label>;

const count = z.int().nonnegative();

const ItemObject = z.object({
  id: z.string().min(1),
  /** the prompt text */
  x: z.string().min(1),
  y: Label,
  /** the CARB axis (compositional, distractor, logic_mix, counterfactual) or a user's own type */
  type: z.string().min(1),
  depth: count,
  distractor_count: count,
  operator_count: count,
  /**
   * The reasoning schema that produced the item (e.g. `chain/forward`). Held out: only
   * ever evaluation ground truth, never a feature.
   */
  structure_id: z.string().min(1).optional(),
  /** free-form metadata: lineage, generator parameters, anything else */
  meta: z.record(z.string(), z.unknown()).optional(),
});

/** One benchmark item, snake_case as in the JSONL files. `reasoning_type` is accepted as an alias of `type`. */
export const Item = z.preprocess((v) => {
  if (v && typeof v === "object" && !Array.isArray(v) && "reasoning_type" in v) {
    const { reasoning_type, ...rest } = v as Record<string, unknown>;
    return "type" in rest ? rest : { ...rest, type: reasoning_type };
  }
  return v;
}, ItemObject);
export type Item = z.infer<typeof ItemObject>;

/**
 * The identity of an item's text for duplicate checks: its lower-cased word tokens as a sorted
 * multiset. Two texts with the same key say the same words in another order (a near copy that a
 * model may answer from memory), so generators must not produce an item whose key matches one
 * they were told to avoid.
 */
export function textKey(x: string): string {
  let key = keyMemo.get(x);
  if (key === undefined) {
    key = (x.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).sort().join(" ");
    // a generator keys the same pool's texts on every call (fib calibrate: thousands of calls)
    if (keyMemo.size >= MEMO_SIZE) keyMemo.clear();
    keyMemo.set(x, key);
  }
  return key;
}

/** textKey's recent results (a pure function of the text); cleared when full. */
const keyMemo = new Map<string, string>();
const MEMO_SIZE = 50_000;
