import { type EvalRecord, type Failure, FibError, type Item, failureId } from "@fib/schemas";

/**
 * Operator F's second half: every record that is not correct becomes a {@link Failure}
 * carrying its item. A record without an answer is a failure too: `unparsable` when the
 * adapter could not read an answer out of the model's output, `error` otherwise.
 */
export function extractFailures(records: readonly EvalRecord[], items: readonly Item[] | ReadonlyMap<string, Item>): Failure[] {
  const byId = items instanceof Map ? items : new Map((items as readonly Item[]).map((i) => [i.id, i]));
  const out: Failure[] = [];
  for (const r of records) {
    if (r.correct) continue;
    const item = byId.get(r.item_id);
    if (!item) throw new FibError("INPUT_INVALID", `record of ${r.model_id} names item "${r.item_id}", which is not in the dataset`, { field: "item_id" });
    const reason = r.prediction !== null ? "wrong_answer" : r.error?.startsWith("unparsable") ? "unparsable" : "error";
    out.push({
      failure_id: failureId(r.model_id, r.item_id),
      model_id: r.model_id,
      item_id: r.item_id,
      item,
      prediction: r.prediction,
      ...(r.p_yes === undefined ? {} : { p_yes: r.p_yes }),
      reason,
      ...(r.error === undefined ? {} : { error: r.error }),
    });
  }
  return out;
}
